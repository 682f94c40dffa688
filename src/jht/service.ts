// The JHT module's public face: other modules call only what is exported here.
//
// Postings take a Kysely handle, so that a caller posts inside its own transaction
// (contributions: 'payment:<id>:JHT'; claims: 'claim:<id>'); given the plain database,
// each opens its own.
export { correctEntry, type JhtCorrection } from './correct-entry.ts';
export { creditJht, type JhtCredit } from './credit-jht.ts';
export { debitJht, type JhtDebit } from './debit-jht.ts';
export type { JhtEntry, PostingResult } from './ledger.ts';
export { postYearlyYield, type YieldPosting, type YieldPostingOptions } from './post-yearly-yield.ts';
export { type JhtBalance, type JhtStatement, type JhtStatementLine, jhtBalance, jhtBalanceOf, jhtStatement } from './read-account.ts';
export {
  availableForDebit,
  completedYears,
  type JhtEntryType,
  jhtEntryTypes,
  type PartialWithdrawalLimit,
  type PartialWithdrawalPurpose,
  type PartialWithdrawalRefusal,
  partialWithdrawalLimit,
  partialWithdrawalPurposes,
  partialWithdrawalRule,
  type YieldRate,
  yearlyYield,
  yieldRateFor,
  yieldRates,
} from './rules.ts';

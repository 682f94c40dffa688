/**
 * JHT (old-age savings) account rules: pure, no I/O, no clock. The account is a ledger of
 * signed entries in integer rupiah; a balance is a sum of entries by value date.
 */

export const jhtEntryTypes = ['CONTRIBUTION', 'YIELD', 'WITHDRAWAL', 'CORRECTION'] as const;
export type JhtEntryType = (typeof jhtEntryTypes)[number];

/** How sure we are of a figure (RULES.md): from the regulation, from a press or branch statement, or not confirmed at all. */
export const figureStatuses = ['CONFIRMED', 'SECONDARY', 'UNCONFIRMED'] as const;
export type FigureStatus = (typeof figureStatuses)[number];

// ---------------------------------------------------------------------------------------
// Yearly development yield (hasil pengembangan)

export interface YieldRate {
  year: number;
  /** Yearly rate in basis points: 550 means 5.50 % a year. */
  basisPoints: number;
  status: FigureStatus;
  source: string;
}

const placeholderSource = "placeholder: replace with the institution's published figure";

/**
 * The development yield declared for each year. RULES.md asks for a table per year but
 * gives no figures: these rows are placeholders, flagged UNCONFIRMED, and every posting
 * and statement that uses them carries the flag. They are deliberately one round figure
 * so that nobody mistakes them for published ones.
 */
export const yieldRates: readonly YieldRate[] = [
  { year: 2022, basisPoints: 500, status: 'UNCONFIRMED', source: placeholderSource },
  { year: 2023, basisPoints: 500, status: 'UNCONFIRMED', source: placeholderSource },
  { year: 2024, basisPoints: 500, status: 'UNCONFIRMED', source: placeholderSource },
  { year: 2025, basisPoints: 500, status: 'UNCONFIRMED', source: placeholderSource },
];

export function yieldRateFor(year: number, rates: readonly YieldRate[] = yieldRates): YieldRate | undefined {
  return rates.find((rate) => rate.year === year);
}

// ---------------------------------------------------------------------------------------
// Dates (business dates as 'YYYY-MM-DD'; ISO strings compare in calendar order)

const isoDatePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(value: string): boolean {
  const match = isoDatePattern.exec(value);
  if (!match) return false;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function daysInYear(year: number): number {
  return daysBetween(`${year}-01-01`, `${year + 1}-01-01`);
}

export function yearStart(year: number): string {
  return `${String(year).padStart(4, '0')}-01-01`;
}

export function yearEnd(year: number): string {
  return `${String(year).padStart(4, '0')}-12-31`;
}

/** The day before a business date. */
export function dayBefore(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

/** Whole years from `from` to `on` (a membership registered on 2015-03-10 has 10 years on 2025-03-10). */
export function completedYears(from: string, on: string): number {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [oy, om, od] = on.split('-').map(Number) as [number, number, number];
  const years = oy - fy - (om < fm || (om === fm && od < fd) ? 1 : 0);
  return Math.max(0, years);
}

// ---------------------------------------------------------------------------------------
// Balances

export interface LedgerFact {
  amount: number;
  valueDate: string;
}

/** The balance at the end of `date`: every entry whose value date is on or before it. */
export function balanceOn(entries: readonly LedgerFact[], date: string): number {
  let balance = 0;
  for (const entry of entries) if (entry.valueDate <= date) balance += entry.amount;
  return balance;
}

/**
 * What may be taken out with value date `date` without any end-of-day balance ever going
 * below zero: the lowest balance from that day on, counting entries already dated later.
 * (A debit dated back before a later withdrawal must leave room for that withdrawal.)
 */
export function availableForDebit(entries: readonly LedgerFact[], date: string): number {
  let balance = balanceOn(entries, date);
  let lowest = balance;
  const later = entries
    .filter((e) => e.valueDate > date)
    .sort((a, b) => (a.valueDate < b.valueDate ? -1 : a.valueDate > b.valueDate ? 1 : 0));
  for (let i = 0; i < later.length; i++) {
    balance += (later[i] as LedgerFact).amount;
    // Only the end of a day counts: several entries on one day net out first.
    if (i === later.length - 1 || (later[i + 1] as LedgerFact).valueDate !== (later[i] as LedgerFact).valueDate) {
      lowest = Math.min(lowest, balance);
    }
  }
  return lowest;
}

// ---------------------------------------------------------------------------------------
// Yield computation

/**
 * The development yield of one account for one year, day-weighted:
 *
 *   yield = Σ over entries e with value date ≤ 31 Dec of the year
 *             amount(e) × rate × days(e) / daysInYear
 *   days(e) = 1 Jan of the next year − max(value date of e, 1 Jan of the year)
 *
 * An entry counts from its value date (inclusive) to the end of the year: an entry of
 * 1 January earns the whole year, one of 31 December a single day; what was there before
 * the year earns the whole year. This equals the sum of the end-of-day balances over the
 * days of the year × rate / daysInYear. Withdrawals (negative) earn negatively for the
 * days they are out. The sum is computed exactly (integers, bigint) and rounded once per
 * account and year, half up to the rupiah. A yield is never negative: an account whose
 * weighted sum is not positive earns nothing.
 *
 * The same formula runs set-wise in SQL for the yearly posting (store.ts).
 */
export function yearlyYield(entries: readonly LedgerFact[], year: number, basisPoints: number): number {
  const first = yearStart(year);
  const last = yearEnd(year);
  const nextYear = yearStart(year + 1);
  let weighted = 0n; // Σ amount × days
  for (const entry of entries) {
    if (entry.valueDate > last) continue;
    const from = entry.valueDate > first ? entry.valueDate : first;
    weighted += BigInt(entry.amount) * BigInt(daysBetween(from, nextYear));
  }
  const numerator = weighted * BigInt(basisPoints);
  const denominator = 10_000n * BigInt(daysInYear(year));
  if (numerator <= 0n) return 0;
  return Number(roundHalfUp(numerator, denominator));
}

/** ⌊n / d + ½⌋ for n ≥ 0, d > 0. */
export function roundHalfUp(numerator: bigint, denominator: bigint): bigint {
  return (2n * numerator + denominator) / (2n * denominator);
}

// ---------------------------------------------------------------------------------------
// Statements

export interface StatementEntry extends LedgerFact {
  id: number;
}

export interface Statement<E extends StatementEntry> {
  from: string;
  to: string;
  openingBalance: number;
  entries: Array<E & { balanceAfter: number }>;
  totalCredits: number;
  totalDebits: number;
  closingBalance: number;
}

/**
 * A statement for [from, to]: the balance at the end of the day before `from`, the entries
 * valued within the period in value-date order (then recording order) with the running
 * balance, and the balance at the end of `to`. `carriedIn` is the sum of earlier entries
 * the caller did not pass (a database sums them instead of sending them).
 */
export function buildStatement<E extends StatementEntry>(
  entries: readonly E[],
  period: { from: string; to: string },
  carriedIn = 0,
): Statement<E> {
  const openingBalance = carriedIn + balanceOn(entries, dayBefore(period.from));
  const within = entries
    .filter((e) => e.valueDate >= period.from && e.valueDate <= period.to)
    .sort((a, b) => (a.valueDate < b.valueDate ? -1 : a.valueDate > b.valueDate ? 1 : a.id - b.id));
  let running = openingBalance;
  let totalCredits = 0;
  let totalDebits = 0;
  const lines = within.map((entry) => {
    running += entry.amount;
    if (entry.amount > 0) totalCredits += entry.amount;
    else totalDebits += entry.amount;
    return { ...entry, balanceAfter: running };
  });
  return { from: period.from, to: period.to, openingBalance, entries: lines, totalCredits, totalDebits, closingBalance: running };
}

// ---------------------------------------------------------------------------------------
// Corrections

export type CorrectionProblem = 'CORRECTION_OF_CORRECTION' | 'CORRECTION_IS_ZERO' | 'CORRECTION_REVERSES_TOO_MUCH';

/**
 * Whether a correction of `amount` may be recorded against an entry. A correction corrects
 * an original entry, never another correction; together with the corrections before it,
 * it may reduce a credit to nothing or a withdrawal to nothing, never turn one into the other.
 */
export function correctionProblem(
  target: { entryType: JhtEntryType; amount: number },
  correctedSoFar: number,
  amount: number,
): CorrectionProblem | undefined {
  if (target.entryType === 'CORRECTION') return 'CORRECTION_OF_CORRECTION';
  if (amount === 0) return 'CORRECTION_IS_ZERO';
  const net = target.amount + correctedSoFar + amount;
  if (target.amount > 0 ? net < 0 : net > 0) return 'CORRECTION_REVERSES_TOO_MUCH';
  return undefined;
}

// ---------------------------------------------------------------------------------------
// Partial withdrawal (PP 46/2015 Art. 22)

export const partialWithdrawalPurposes = ['HOUSING', 'OTHER'] as const;
export type PartialWithdrawalPurpose = (typeof partialWithdrawalPurposes)[number];

/** The facts of a partial withdrawal, as data. */
export const partialWithdrawalRule = {
  minimumMembershipYears: 10,
  /** Share of the balance, in basis points: 30 % for housing, 10 % for other purposes. */
  shareBasisPoints: { HOUSING: 3000, OTHER: 1000 } satisfies Record<PartialWithdrawalPurpose, number>,
  /** Once during membership, whichever the purpose. */
  timesAllowed: 1,
  status: 'CONFIRMED' as FigureStatus,
  source: 'PP 46/2015 Art. 22 (RULES.md, "JHT and JKm")',
} as const;

export type PartialWithdrawalRefusal = 'MEMBERSHIP_TOO_SHORT' | 'PARTIAL_WITHDRAWAL_ALREADY_TAKEN' | 'NO_BALANCE';

export type PartialWithdrawalLimit =
  | { eligible: true; limit: number; shareBasisPoints: number; source: string }
  | { eligible: false; reason: PartialWithdrawalRefusal; source: string };

/**
 * The most a member may take out as a partial withdrawal: after at least 10 years of
 * membership, up to 30 % of the balance for housing or up to 10 % for other purposes,
 * once. "Up to" means the limit is rounded down to the rupiah.
 */
export function partialWithdrawalLimit(
  balance: number,
  purpose: PartialWithdrawalPurpose,
  membershipYears: number,
  previousPartialWithdrawals: number,
): PartialWithdrawalLimit {
  const rule = partialWithdrawalRule;
  if (membershipYears < rule.minimumMembershipYears) return { eligible: false, reason: 'MEMBERSHIP_TOO_SHORT', source: rule.source };
  if (previousPartialWithdrawals >= rule.timesAllowed) {
    return { eligible: false, reason: 'PARTIAL_WITHDRAWAL_ALREADY_TAKEN', source: rule.source };
  }
  if (balance <= 0) return { eligible: false, reason: 'NO_BALANCE', source: rule.source };
  const share = rule.shareBasisPoints[purpose];
  const limit = Number((BigInt(balance) * BigInt(share)) / 10_000n);
  return { eligible: true, limit, shareBasisPoints: share, source: rule.source };
}

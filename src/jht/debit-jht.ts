import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { checkPosting, entryOf, insufficientBalance, inTransaction, type PostingResult, sameOrConflict, throwIfAny } from './ledger.ts';
import { availableForDebit } from './rules.ts';
import * as store from './store.ts';

export interface JhtDebit {
  membershipId: string;
  /** Rupiah to take out, above zero (recorded as a negative entry). */
  amount: number;
  valueDate: string;
  /** Idempotency key, e.g. 'claim:<id>'. */
  reference: string;
  recordedBy: string;
  note?: string;
  recordedAt?: Date;
}

/**
 * Records a withdrawal. It never takes any end-of-day balance below zero, counting entries
 * already valued later. Debits of one account are serialized by a lock held to the end of
 * the transaction (the caller's, when given one), so two concurrent withdrawals cannot both
 * spend the same rupiah: the second reads the balance only after the first has committed.
 * Call it in a READ COMMITTED transaction (the default), where each statement sees what
 * committed before it.
 */
export async function debitJht(db: Kysely<Database>, input: JhtDebit): Promise<PostingResult> {
  throwIfAny(checkPosting(input, true));
  const expected = { entryType: 'WITHDRAWAL' as const, amount: -input.amount, valueDate: input.valueDate, correctsEntryId: null };
  return inTransaction(db, async (trx) => {
    await store.lockAccount(trx, input.membershipId);
    const existing = await store.findEntryByReference(trx, input.membershipId, input.reference);
    if (existing) return sameOrConflict(existing, expected);
    const available = availableForDebit(await store.listFacts(trx, input.membershipId), input.valueDate);
    if (input.amount > available) throw insufficientBalance(input.amount, available, input.valueDate);
    const inserted = await store.insertEntry(trx, {
      membershipId: input.membershipId,
      entryType: 'WITHDRAWAL',
      amount: -input.amount,
      valueDate: input.valueDate,
      reference: input.reference,
      correctsEntryId: null,
      note: input.note ?? null,
      recordedBy: input.recordedBy,
      recordedAt: input.recordedAt,
    });
    if (!inserted) throw new Error(`JHT entry ${input.reference} appeared while the account was locked`);
    return { entry: entryOf(inserted), created: true };
  });
}

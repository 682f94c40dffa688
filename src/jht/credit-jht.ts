import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { checkPosting, entryOf, type PostingResult, sameOrConflict, throwIfAny } from './ledger.ts';
import * as store from './store.ts';

export interface JhtCredit {
  membershipId: string;
  /** Rupiah, above zero. */
  amount: number;
  valueDate: string;
  /** Idempotency key, e.g. 'payment:<id>:JHT'. */
  reference: string;
  recordedBy: string;
  /** CONTRIBUTION unless told; YIELD for a single account's yield (e.g. pro rata at a payout). */
  entryType?: 'CONTRIBUTION' | 'YIELD';
  note?: string;
  recordedAt?: Date;
}

/**
 * Credits a JHT account, idempotently by reference: the same reference again answers the
 * original entry and writes nothing; the same reference with other figures is a conflict.
 * Runs in the caller's transaction when given one. A credit only raises balances, so it
 * needs no lock.
 */
export async function creditJht(db: Kysely<Database>, input: JhtCredit): Promise<PostingResult> {
  throwIfAny(checkPosting(input, true));
  const entryType = input.entryType ?? 'CONTRIBUTION';
  const inserted = await store.insertEntry(db, {
    membershipId: input.membershipId,
    entryType,
    amount: input.amount,
    valueDate: input.valueDate,
    reference: input.reference,
    correctsEntryId: null,
    note: input.note ?? null,
    recordedBy: input.recordedBy,
    recordedAt: input.recordedAt,
  });
  if (inserted) return { entry: entryOf(inserted), created: true };
  const existing = await store.findEntryByReference(db, input.membershipId, input.reference);
  if (!existing) throw new Error(`JHT entry ${input.reference} conflicted but cannot be found`);
  return sameOrConflict(existing, { entryType, amount: input.amount, valueDate: input.valueDate, correctsEntryId: null });
}

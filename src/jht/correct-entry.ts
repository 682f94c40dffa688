import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { DomainError, issue } from '../kernel/errors.ts';
import { checkPosting, entryOf, insufficientBalance, inTransaction, type PostingResult, sameOrConflict, throwIfAny } from './ledger.ts';
import { availableForDebit, type CorrectionProblem, correctionProblem } from './rules.ts';
import * as store from './store.ts';

export interface JhtCorrection {
  membershipId: string;
  /** The entry being corrected; it must belong to the same account. */
  correctsEntryId: number;
  /** Signed rupiah, not zero: positive adds to the account, negative takes from it. */
  amount: number;
  valueDate: string;
  /** Idempotency key, e.g. 'correction:<ticket>'. */
  reference: string;
  /** Why: required, a correction is read long after it is made. */
  note: string;
  recordedBy: string;
  recordedAt?: Date;
}

const problems: Record<CorrectionProblem, { en: string; id: string }> = {
  CORRECTION_OF_CORRECTION: {
    en: 'A correction corrects an original entry, not another correction: correct the original entry again.',
    id: 'Koreksi memperbaiki entri asli, bukan koreksi lain: koreksi kembali entri aslinya.',
  },
  CORRECTION_IS_ZERO: { en: 'A correction of zero changes nothing.', id: 'Koreksi sebesar nol tidak mengubah apa pun.' },
  CORRECTION_REVERSES_TOO_MUCH: {
    en: 'Together with earlier corrections this would reverse more than the entry itself.',
    id: 'Bersama koreksi sebelumnya, ini akan membalik lebih dari entri itu sendiri.',
  },
};

/**
 * Corrects an entry with a new CORRECTION entry that references it; the original stays as
 * it was. A correction that takes money out obeys the same rule and lock as a withdrawal.
 */
export async function correctEntry(db: Kysely<Database>, input: JhtCorrection): Promise<PostingResult> {
  const issues = checkPosting(input, false);
  if (input.note.trim() === '') {
    issues.push(issue('/note', 'FIELD_REQUIRED', 'Say why the entry is corrected.', 'Jelaskan mengapa entri dikoreksi.'));
  }
  throwIfAny(issues);
  const expected = {
    entryType: 'CORRECTION' as const,
    amount: input.amount,
    valueDate: input.valueDate,
    correctsEntryId: input.correctsEntryId,
  };
  return inTransaction(db, async (trx) => {
    await store.lockAccount(trx, input.membershipId);
    const existing = await store.findEntryByReference(trx, input.membershipId, input.reference);
    if (existing) return sameOrConflict(existing, expected);
    const target = await store.findEntry(trx, input.correctsEntryId);
    if (!target || target.membership_id !== input.membershipId) {
      throw new DomainError('not_found', 'JHT_ENTRY_NOT_FOUND', {
        en: `This JHT account has no entry ${input.correctsEntryId}.`,
        id: `Rekening JHT ini tidak memiliki entri ${input.correctsEntryId}.`,
      });
    }
    const problem = correctionProblem(
      { entryType: target.entry_type, amount: target.amount },
      await store.correctedSoFar(trx, target.id),
      input.amount,
    );
    if (problem) throw new DomainError('conflict', problem, problems[problem], { extensions: { correctsEntryId: target.id } });
    if (input.amount < 0) {
      const available = availableForDebit(await store.listFacts(trx, input.membershipId), input.valueDate);
      if (-input.amount > available) throw insufficientBalance(-input.amount, available, input.valueDate);
    }
    const inserted = await store.insertEntry(trx, {
      membershipId: input.membershipId,
      entryType: 'CORRECTION',
      amount: input.amount,
      valueDate: input.valueDate,
      reference: input.reference,
      correctsEntryId: target.id,
      note: input.note,
      recordedBy: input.recordedBy,
      recordedAt: input.recordedAt,
    });
    if (!inserted) throw new Error(`JHT entry ${input.reference} appeared while the account was locked`);
    return { entry: entryOf(inserted), created: true };
  });
}

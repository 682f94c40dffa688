import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { DomainError, type FieldIssue, invalidInput, issue } from '../kernel/errors.ts';
import { isIsoDate, type JhtEntryType } from './rules.ts';
import type { LedgerRow } from './store.ts';

// What the three kinds of posting (credit, debit, correction) share: input checks, the
// idempotency rule for a reused reference, and the entry as other modules see it.

export interface JhtEntry {
  id: number;
  membershipId: string;
  entryType: JhtEntryType;
  /** Rupiah: credits positive, withdrawals negative, a correction either way. */
  amount: number;
  valueDate: string;
  reference: string;
  correctsEntryId: number | null;
  note: string | null;
  recordedBy: string;
  recordedAt: Date;
}

/** A posting's outcome: the entry, and whether this call wrote it (false: the reference was already posted). */
export interface PostingResult {
  entry: JhtEntry;
  created: boolean;
}

export function entryOf(row: LedgerRow): JhtEntry {
  return {
    id: row.id,
    membershipId: row.membership_id,
    entryType: row.entry_type,
    amount: row.amount,
    valueDate: row.value_date,
    reference: row.reference,
    correctsEntryId: row.corrects_entry_id,
    note: row.note,
    recordedBy: row.recorded_by,
    recordedAt: row.recorded_at,
  };
}

/** Runs `work` in the caller's transaction when given one, or in a new one. */
export function inTransaction<T>(db: Kysely<Database>, work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}

const referencePattern = /^\S{1,200}$/;

/** Checks what every posting carries; every problem is reported at once. */
export function checkPosting(
  input: { amount: number; valueDate: string; reference: string; recordedBy: string },
  amountMustBePositive: boolean,
) {
  const issues: FieldIssue[] = [];
  if (!Number.isSafeInteger(input.amount) || (amountMustBePositive ? input.amount <= 0 : input.amount === 0)) {
    issues.push(
      amountMustBePositive
        ? issue(
            '/amount',
            'AMOUNT_NOT_POSITIVE',
            'The amount must be a whole number of rupiah above zero.',
            'Jumlah harus bilangan bulat rupiah lebih dari nol.',
          )
        : issue(
            '/amount',
            'AMOUNT_ZERO',
            'The amount must be a whole number of rupiah other than zero.',
            'Jumlah harus bilangan bulat rupiah selain nol.',
          ),
    );
  }
  if (!isIsoDate(input.valueDate)) {
    issues.push(
      issue(
        '/valueDate',
        'INVALID_DATE',
        'The value date must be a date (YYYY-MM-DD).',
        'Tanggal valuta harus berupa tanggal (YYYY-MM-DD).',
      ),
    );
  }
  if (!referencePattern.test(input.reference)) {
    issues.push(
      issue(
        '/reference',
        'INVALID_REFERENCE',
        'The reference must be 1 to 200 characters without spaces, e.g. payment:<id>:JHT.',
        'Referensi harus 1 sampai 200 karakter tanpa spasi, mis. payment:<id>:JHT.',
      ),
    );
  }
  if (input.recordedBy.trim() === '') {
    issues.push(issue('/recordedBy', 'FIELD_REQUIRED', 'Who records the entry is required.', 'Pencatat entri wajib diisi.'));
  }
  return issues;
}

export function throwIfAny(issues: FieldIssue[]): void {
  if (issues.length > 0) throw invalidInput(issues);
}

/**
 * A reference already posted for the member: the same posting again answers the original
 * entry; anything else under that reference is a conflict, never a second entry.
 */
export function sameOrConflict(
  existing: LedgerRow,
  expected: { entryType: JhtEntryType; amount: number; valueDate: string; correctsEntryId: number | null },
): PostingResult {
  const same =
    existing.entry_type === expected.entryType &&
    existing.amount === expected.amount &&
    existing.value_date === expected.valueDate &&
    existing.corrects_entry_id === expected.correctsEntryId;
  if (same) return { entry: entryOf(existing), created: false };
  throw new DomainError(
    'conflict',
    'JHT_REFERENCE_REUSED',
    {
      en: `Reference ${existing.reference} was already posted to this JHT account with other figures (${existing.entry_type} of ${existing.amount} valued ${existing.value_date}).`,
      id: `Referensi ${existing.reference} sudah dibukukan ke rekening JHT ini dengan angka lain (${existing.entry_type} sebesar ${existing.amount} bertanggal valuta ${existing.value_date}).`,
    },
    { extensions: { reference: existing.reference, entryId: existing.id } },
  );
}

export function insufficientBalance(requested: number, available: number, valueDate: string): DomainError {
  return new DomainError(
    'conflict',
    'JHT_INSUFFICIENT_BALANCE',
    {
      en: `Taking out ${requested} rupiah valued ${valueDate} would take the JHT balance below zero; at most ${Math.max(0, available)} rupiah is available.`,
      id: `Penarikan ${requested} rupiah bertanggal valuta ${valueDate} akan membuat saldo JHT di bawah nol; paling banyak ${Math.max(0, available)} rupiah tersedia.`,
    },
    { extensions: { requested, available: Math.max(0, available) } },
  );
}

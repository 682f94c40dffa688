import { parse } from 'csv-parse/sync';
import type { Principal } from '../auth/service.ts';
import type { AppContext } from '../context.ts';
import { debitJht } from '../jht/service.ts';
import { DomainError, invalidInput, issue } from '../kernel/errors.ts';
import { isIsoDate } from './calculation.ts';
import { batchNotFound } from './create-payment-batch.ts';
import { programOf } from './rules.ts';
import * as store from './store.ts';
import { transition, whoOf } from './workflow.ts';

export const confirmationOutcomes = [
  'PAID',
  'RETURNED',
  'ALREADY_CONFIRMED',
  'AMOUNT_DIFFERS',
  'UNKNOWN_PAYMENT',
  'INVALID',
  'LEDGER_REFUSED',
] as const;
export type ConfirmationOutcome = (typeof confirmationOutcomes)[number];

export interface ConfirmationReport {
  batchNumber: string;
  rows: number;
  summary: Partial<Record<ConfirmationOutcome, number>>;
  lines: Array<{ line: number; endToEndId: string; outcome: ConfirmationOutcome; claimNumber: string | null; detail: string | null }>;
}

const header = ['end_to_end_id', 'status', 'amount', 'bank_reference', 'settled_on'];

/**
 * The bank's confirmation of a batch (CSV: end_to_end_id,status,amount,bank_reference,settled_on
 * with status PAID or RETURNED). Each line is its own transaction: the payment moves from
 * INSTRUCTED by a conditional update, so a payment confirmed twice — in the same file, in
 * a file sent again, or by two imports at the same moment — is paid once; the second
 * finds it no longer INSTRUCTED and reports ALREADY_CONFIRMED. A paid JHT claim writes its
 * withdrawal to the ledger in the same transaction (reference `claim:<id>`, itself
 * idempotent); a returned payment sends the claim back to APPROVED for the next batch.
 */
export async function importPaymentConfirmations(
  ctx: AppContext,
  batchNumber: string,
  csv: string,
  principal: Principal | undefined,
): Promise<ConfirmationReport> {
  const batch = await store.findBatch(ctx.db, batchNumber);
  if (!batch) throw batchNotFound(batchNumber);
  let records: string[][];
  try {
    records = parse(csv, { skip_empty_lines: true, trim: true, relax_column_count: true }) as string[][];
  } catch (error) {
    throw invalidInput([
      issue('/body', 'UNREADABLE_CSV', `The file is not CSV: ${(error as Error).message}`, `Berkas bukan CSV: ${(error as Error).message}`),
    ]);
  }
  const [first, ...rows] = records;
  if (!first || first.join(',').toLowerCase() !== header.join(',')) {
    throw invalidInput([
      issue('/body', 'UNEXPECTED_HEADER', `The first line must be ${header.join(',')}.`, `Baris pertama harus ${header.join(',')}.`),
    ]);
  }
  const who = whoOf(principal);
  const report: ConfirmationReport = { batchNumber, rows: rows.length, summary: {}, lines: [] };
  for (const [index, row] of rows.entries()) {
    const [endToEndId = '', status = '', amountText = '', bankReference = '', settledOn = ''] = row;
    const line = index + 2;
    const record = (outcome: ConfirmationOutcome, claimNumber: string | null, detail: string | null) => {
      report.lines.push({ line, endToEndId, outcome, claimNumber, detail });
      report.summary[outcome] = (report.summary[outcome] ?? 0) + 1;
    };
    const amount = Number(amountText);
    if (!['PAID', 'RETURNED'].includes(status) || !Number.isSafeInteger(amount) || amount <= 0 || !isIsoDate(settledOn) || !endToEndId) {
      record('INVALID', null, 'status PAID or RETURNED, a whole positive amount and a settlement date YYYY-MM-DD are required');
      continue;
    }
    try {
      const outcome = await ctx.db.transaction().execute(async (trx) => {
        const now = ctx.clock.now();
        const updated = await trx
          .updateTable('claim_payments')
          .set({
            status: status as 'PAID' | 'RETURNED',
            bank_reference: bankReference.slice(0, 100) || null,
            settled_on: settledOn,
            confirmed_at: now,
          })
          .where('batch_id', '=', batch.id)
          .where('end_to_end_id', '=', endToEndId)
          .where('status', '=', 'INSTRUCTED')
          .where('amount', '=', amount)
          .returning(['id', 'claim_id', 'amount'])
          .executeTakeFirst();
        if (!updated) {
          const existing = await trx
            .selectFrom('claim_payments as p')
            .innerJoin('claims as c', 'c.id', 'p.claim_id')
            .select(['p.status', 'p.amount', 'c.claim_number'])
            .where('p.batch_id', '=', batch.id)
            .where('p.end_to_end_id', '=', endToEndId)
            .executeTakeFirst();
          if (!existing) return { outcome: 'UNKNOWN_PAYMENT' as const, claimNumber: null, detail: null };
          if (existing.status !== 'INSTRUCTED') {
            return { outcome: 'ALREADY_CONFIRMED' as const, claimNumber: existing.claim_number, detail: `already ${existing.status}` };
          }
          return {
            outcome: 'AMOUNT_DIFFERS' as const,
            claimNumber: existing.claim_number,
            detail: `instructed ${existing.amount}, confirmed ${amount}`,
          };
        }
        const claim = await trx
          .selectFrom('claims as c')
          .innerJoin('memberships as m', 'm.id', 'c.membership_id')
          .select('c.claim_number')
          .where('c.id', '=', updated.claim_id)
          .executeTakeFirstOrThrow();
        const locked = await store.findClaim(trx, claim.claim_number, { lock: true });
        if (!locked) throw new Error(`claim ${claim.claim_number} vanished`);
        if (status === 'RETURNED') {
          await transition(trx, locked, 'RETURN_PAYMENT', who, now, {}, bankReference || null);
          return { outcome: 'RETURNED' as const, claimNumber: locked.claim_number, detail: null };
        }
        await transition(trx, locked, 'CONFIRM_PAYMENT', who, now, {}, bankReference || null);
        if (programOf(locked.claim_type) === 'JHT') {
          await debitJht(trx, {
            membershipId: locked.membership_id,
            amount: updated.amount,
            valueDate: settledOn,
            reference: `claim:${locked.id}`,
            recordedBy: who.actor,
            note: `${locked.claim_type} ${locked.claim_number}`,
            recordedAt: now,
          });
        }
        return { outcome: 'PAID' as const, claimNumber: locked.claim_number, detail: null };
      });
      record(outcome.outcome, outcome.claimNumber, outcome.detail);
    } catch (error) {
      if (error instanceof DomainError) {
        record('LEDGER_REFUSED', null, error.title.en);
        continue;
      }
      throw error;
    }
  }
  return report;
}

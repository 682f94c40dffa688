import { sql } from 'kysely';
import type { Principal } from '../auth/service.ts';
import type { AppContext } from '../context.ts';
import { DomainError, invalidInput, issue } from '../kernel/errors.ts';
import { isIsoDate } from './calculation.ts';
import * as store from './store.ts';
import type { PayTo } from './tables.ts';
import { notificationOf, whoOf } from './workflow.ts';

export interface Debtor {
  name: string;
  accountNumber: string;
  bankBic: string;
}

/** The institution's benefit account: a placeholder a deployment overrides per batch. */
export const defaultDebtor: Debtor = { name: 'BPJS Ketenagakerjaan - Lindung benefits', accountNumber: '0000000000', bankBic: 'BNINIDJA' };

export interface BatchView {
  batchNumber: string;
  executionDate: string;
  payments: number;
  total: number;
  createdAt: string;
  items: Array<{ claimNumber: string; endToEndId: string; amount: number; status: string }>;
}

/**
 * Puts approved claims (oldest approval first, up to `limit`) into a payment batch: one
 * payment instruction each, the claims moved to PAYMENT_INSTRUCTED, logged and notified,
 * all in one transaction. Claims another batch is taking at the same moment are skipped
 * (`for update skip locked`), so two batches never pay one claim.
 */
export async function createPaymentBatch(
  ctx: AppContext,
  input: { executionDate?: string | undefined; limit?: number | undefined; debtor?: Debtor | undefined },
  principal: Principal | undefined,
): Promise<BatchView> {
  const executionDate = input.executionDate ?? ctx.clock.today();
  if (!isIsoDate(executionDate) || executionDate < ctx.clock.today()) {
    throw invalidInput([
      issue(
        '/executionDate',
        'INVALID_EXECUTION_DATE',
        'The execution date is a date from today on.',
        'Tanggal eksekusi adalah tanggal mulai hari ini.',
      ),
    ]);
  }
  const limit = Math.min(Math.max(input.limit ?? 1000, 1), 10_000);
  const debtor = input.debtor ?? defaultDebtor;
  const now = ctx.clock.now();
  const who = whoOf(principal);
  const batchNumber = await ctx.db.transaction().execute(async (trx) => {
    const claims = await trx
      .selectFrom('claims as c')
      .innerJoin('memberships as m', 'm.id', 'c.membership_id')
      .select(['c.id', 'c.claim_number', 'c.amount', 'c.pay_to', 'c.claimant', 'm.membership_number'])
      .where('c.status', '=', 'APPROVED')
      .orderBy('c.status_changed_at')
      .orderBy('c.id')
      .limit(limit)
      .forUpdate('c')
      .skipLocked()
      .execute();
    if (claims.length === 0) {
      throw new DomainError('conflict', 'NO_APPROVED_CLAIMS', {
        en: 'No approved claim is waiting for payment.',
        id: 'Tidak ada klaim yang disetujui yang menunggu pembayaran.',
      });
    }
    const total = claims.reduce((sum, c) => sum + (c.amount ?? 0), 0);
    const { rows } = await sql<{ id: string; batch_number: string }>`
      insert into claim_payment_batches (batch_number, execution_date, debtor, payments, total, created_by, created_at)
      values ('PB' || lpad(nextval('claim_batch_number_seq')::text, 8, '0'), ${executionDate}, ${JSON.stringify(debtor)}::jsonb,
        ${claims.length}, ${total}, ${who.actor}, ${now})
      returning id, batch_number
    `.execute(trx);
    const batch = rows[0] as { id: string; batch_number: string };
    await trx
      .insertInto('claim_payments')
      .values(
        claims.map((c) => ({
          batch_id: batch.id,
          claim_id: c.id,
          end_to_end_id: `${c.claim_number}-${batch.batch_number}`,
          amount: c.amount ?? 0,
          pay_to: JSON.stringify(c.pay_to as PayTo),
          status: 'INSTRUCTED' as const,
        })),
      )
      .execute();
    await trx
      .updateTable('claims')
      .set({ status: 'PAYMENT_INSTRUCTED', status_changed_at: now })
      .where(
        'id',
        'in',
        claims.map((c) => c.id),
      )
      .execute();
    await store.insertTransitions(
      trx,
      claims.map((c) => ({
        claimId: c.id,
        from: 'APPROVED' as const,
        to: 'PAYMENT_INSTRUCTED' as const,
        action: 'INSTRUCT_PAYMENT' as const,
        actor: who.actor,
        role: who.role,
        note: batch.batch_number,
        at: now,
      })),
    );
    await store.insertNotifications(
      trx,
      claims.map((c) => notificationOf(c, 'PAYMENT_INSTRUCTED', c.amount)),
    );
    return batch.batch_number;
  });
  return readBatch(ctx, batchNumber);
}

export async function readBatch(ctx: AppContext, batchNumber: string): Promise<BatchView> {
  const batch = await store.findBatch(ctx.db, batchNumber);
  if (!batch) throw batchNotFound(batchNumber);
  const payments = await store.listBatchPayments(ctx.db, batch.id);
  return {
    batchNumber: batch.batch_number,
    executionDate: batch.execution_date,
    payments: batch.payments,
    total: batch.total,
    createdAt: batch.created_at.toISOString(),
    items: payments.map((p) => ({ claimNumber: p.claim_number, endToEndId: p.end_to_end_id, amount: p.amount, status: p.status })),
  };
}

export function batchNotFound(batchNumber: string): DomainError {
  return new DomainError('not_found', 'PAYMENT_BATCH_NOT_FOUND', {
    en: `No payment batch ${batchNumber}.`,
    id: `Tidak ada batch pembayaran ${batchNumber}.`,
  });
}

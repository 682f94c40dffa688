import type { AppContext } from '../context.ts';
import { batchNotFound } from './create-payment-batch.ts';
import { type BatchForFile, pain001, paymentCsv } from './payment-files.ts';
import * as store from './store.ts';

export const exportFormats = ['csv', 'pain.001'] as const;
export type ExportFormat = (typeof exportFormats)[number];

/** A batch as the bank takes it: CSV, or ISO 20022 pain.001.001.09 XML. The same batch gives the same file. */
export async function exportPaymentBatch(
  ctx: AppContext,
  batchNumber: string,
  format: ExportFormat,
): Promise<{ contentType: string; fileName: string; body: string }> {
  const batch = await store.findBatch(ctx.db, batchNumber);
  if (!batch) throw batchNotFound(batchNumber);
  const payments = await store.listBatchPayments(ctx.db, batch.id);
  const file: BatchForFile = {
    batchNumber: batch.batch_number,
    createdAt: batch.created_at,
    executionDate: batch.execution_date,
    debtor: batch.debtor,
    payments: payments.map((p) => ({
      endToEndId: p.end_to_end_id,
      claimNumber: p.claim_number,
      claimType: p.claim_type,
      amount: p.amount,
      payTo: p.pay_to,
    })),
  };
  return format === 'csv'
    ? { contentType: 'text/csv; charset=utf-8', fileName: `${batch.batch_number}.csv`, body: paymentCsv(file) }
    : { contentType: 'application/xml; charset=utf-8', fileName: `${batch.batch_number}.pain.001.xml`, body: pain001(file) };
}

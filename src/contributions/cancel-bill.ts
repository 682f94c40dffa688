import type { AppContext } from '../context.ts';
import { DomainError } from '../kernel/errors.ts';

/**
 * Cancels a bill issued in error. Only a bill that nothing has been paid on can be
 * cancelled: money already applied stays traceable to the bill it paid.
 */
export async function cancelBill(ctx: AppContext, billNumber: string, reason: string) {
  return ctx.db.transaction().execute(async (trx) => {
    const bill = await trx
      .selectFrom('bills')
      .select(['id', 'status', 'paid_amount'])
      .where('bill_number', '=', billNumber)
      .forUpdate()
      .executeTakeFirst();
    if (!bill)
      throw new DomainError('not_found', 'BILL_NOT_FOUND', {
        en: `No bill has the number ${billNumber}.`,
        id: `Tidak ada tagihan dengan nomor ${billNumber}.`,
      });
    if (bill.status !== 'OPEN' || bill.paid_amount > 0) {
      throw new DomainError('conflict', 'BILL_NOT_CANCELLABLE', {
        en: `Bill ${billNumber} has payments or is closed; it cannot be cancelled.`,
        id: `Tagihan ${billNumber} sudah ada pembayaran atau sudah ditutup; tidak dapat dibatalkan.`,
      });
    }
    const at = ctx.clock.now();
    await trx.updateTable('bills').set({ status: 'CANCELLED', cancelled_at: at }).where('id', '=', bill.id).execute();
    return { billNumber, status: 'CANCELLED' as const, cancelledAt: at.toISOString(), reason };
  });
}

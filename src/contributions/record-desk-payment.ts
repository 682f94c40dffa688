import { actorOf, type Principal } from '../auth/rules.ts';
import type { AppContext } from '../context.ts';
import { DomainError, invalidInput, issue } from '../kernel/errors.ts';
import { type PaymentInput, type PaymentResult, recordPayment } from './record-payment.ts';
import * as store from './store.ts';

/**
 * A payment taken in person (an embassy or partner desk) or a government transfer,
 * recorded by staff. Unlike a channel's notification, the money has not moved yet when
 * the bill is wrong, so a closed or unknown bill is refused and nothing is stored.
 */
export async function recordDeskPayment(ctx: AppContext, input: PaymentInput, principal: Principal | undefined): Promise<PaymentResult> {
  const channel = await store.findChannel(ctx.db, input.channelCode);
  if (!channel || (channel.kind !== 'OVER_THE_COUNTER' && channel.kind !== 'GOVERNMENT_TRANSFER')) {
    throw invalidInput([
      issue(
        '/channelCode',
        'NOT_A_DESK_CHANNEL',
        `${input.channelCode} is not a desk or government-transfer channel.`,
        `${input.channelCode} bukan kanal loket atau transfer pemerintah.`,
      ),
    ]);
  }
  if (principal?.kind === 'staff' && principal.role === 'PARTNER_USER' && channel.partner_id !== principal.partnerId) {
    throw new DomainError('forbidden', 'NOT_YOUR_CHANNEL', {
      en: 'A partner user records payments only at their own partner’s desk.',
      id: 'Pengguna mitra hanya mencatat pembayaran di loket mitranya sendiri.',
    });
  }
  const bill = await ctx.db.selectFrom('bills').select(['status']).where('bill_number', '=', input.billNumber).executeTakeFirst();
  if (bill?.status !== 'OPEN') {
    throw invalidInput([
      issue(
        '/billNumber',
        bill ? 'BILL_NOT_OPEN' : 'UNKNOWN_BILL',
        bill
          ? `Bill ${input.billNumber} is ${bill.status.toLowerCase()}; take no payment for it.`
          : `No bill has the number ${input.billNumber}.`,
        bill
          ? `Tagihan ${input.billNumber} berstatus ${bill.status}; jangan terima pembayaran untuknya.`
          : `Tidak ada tagihan dengan nomor ${input.billNumber}.`,
      ),
    ]);
  }
  return recordPayment(ctx, input, 'DESK', actorOf(principal));
}

import type { AppContext } from '../context.ts';
import { isUniqueViolation } from '../db/connection.ts';
import { creditJht } from '../jht/service.ts';
import { businessDate } from '../kernel/clock.ts';
import { isCurrencyCode, minorUnits } from '../kernel/currencies.ts';
import { DomainError, type FieldIssue, invalidInput, issue } from '../kernel/errors.ts';
import { markProtectionStatus } from '../membership/service.ts';
import { enqueue } from '../outbox/service.ts';
import { allocatePayment } from './allocation.ts';
import { requireChannel } from './channels.ts';
import { rupiahFromForeign, rupiahRoundingTolerance } from './exchange.ts';
import * as store from './store.ts';
import type { PaymentSource } from './tables.ts';

export interface PaymentInput {
  channelCode: string;
  /** The channel's own reference: a payment is recorded once per channel and reference. */
  channelReference: string;
  billNumber: string;
  /** Rupiah credited. */
  amount: number;
  /** For a payment made abroad: what the worker paid, and the rate the channel used. */
  foreign?: { currency: string; amount: number; rate: string; rateDate: string } | undefined;
  paidAt: string;
}

export interface PaymentResult {
  paymentId: string;
  outcome: 'ALLOCATED' | 'UNMATCHED';
  /** Why an unmatched payment was not applied to a bill (e.g. UNKNOWN_BILL). */
  reason: string | null;
  billNumber: string;
  billStatus: string | null;
  /** True when this reference was already recorded: nothing was done twice. */
  replayed: boolean;
}

/** Checks what can be checked without the database; every issue at once. */
export function checkPaymentInput(input: PaymentInput, today: string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (!Number.isSafeInteger(input.amount) || input.amount <= 0) {
    issues.push(
      issue(
        '/amount',
        'AMOUNT_NOT_POSITIVE',
        'The amount must be a positive whole number of rupiah.',
        'Jumlah harus bilangan bulat rupiah yang positif.',
      ),
    );
  }
  if (input.paidAt.slice(0, 10) > today) {
    issues.push(
      issue(
        '/paidAt',
        'PAID_IN_FUTURE',
        `The payment time ${input.paidAt} is in the future.`,
        `Waktu pembayaran ${input.paidAt} berada di masa depan.`,
      ),
    );
  }
  const foreign = input.foreign;
  if (foreign) {
    if (!isCurrencyCode(foreign.currency) || foreign.currency === 'IDR') {
      issues.push(
        issue(
          '/foreign/currency',
          'UNKNOWN_CURRENCY',
          `${foreign.currency} is not a foreign ISO 4217 currency.`,
          `${foreign.currency} bukan mata uang asing ISO 4217.`,
        ),
      );
    } else if (!/^\d{1,12}(\.\d{1,8})?$/.test(foreign.rate) || /^0+(\.0+)?$/.test(foreign.rate)) {
      issues.push(
        issue(
          '/foreign/rate',
          'INVALID_RATE',
          'The rate is a positive decimal number of rupiah per unit.',
          'Kurs adalah bilangan desimal positif rupiah per satuan.',
        ),
      );
    } else if (Number.isSafeInteger(foreign.amount) && foreign.amount > 0) {
      const expected = rupiahFromForeign(foreign.amount, minorUnits(foreign.currency), foreign.rate);
      if (Math.abs(expected - input.amount) > rupiahRoundingTolerance) {
        issues.push(
          issue(
            '/amount',
            'RATE_MISMATCH',
            `${foreign.amount} minor units of ${foreign.currency} at ${foreign.rate} make Rp ${expected}, not Rp ${input.amount}.`,
            `${foreign.amount} satuan terkecil ${foreign.currency} dengan kurs ${foreign.rate} menjadi Rp ${expected}, bukan Rp ${input.amount}.`,
          ),
        );
      }
    }
    if (!Number.isSafeInteger(foreign.amount) || foreign.amount <= 0) {
      issues.push(
        issue(
          '/foreign/amount',
          'AMOUNT_NOT_POSITIVE',
          'The foreign amount must be positive, in minor units.',
          'Jumlah mata uang asing harus positif, dalam satuan terkecil.',
        ),
      );
    }
    if (foreign.rateDate > today) {
      issues.push(
        issue('/foreign/rateDate', 'RATE_DATE_IN_FUTURE', 'The rate date is in the future.', 'Tanggal kurs berada di masa depan.'),
      );
    }
  }
  return issues;
}

/**
 * Records a payment once per channel reference and applies it to its bill. Money that
 * cannot be applied (unknown bill, bill already paid or cancelled) is still recorded, as
 * UNMATCHED, for an officer to resolve: a channel's money is never dropped.
 */
export async function recordPayment(ctx: AppContext, input: PaymentInput, source: PaymentSource, actor: string): Promise<PaymentResult> {
  const issues = checkPaymentInput(input, ctx.clock.today());
  if (issues.length > 0) throw invalidInput(issues);
  await requireChannel(ctx, input.channelCode);
  const existing = await replayOf(ctx, input);
  if (existing) return existing;
  try {
    return await ctx.db.transaction().execute((trx) => applyPayment({ ...ctx, db: trx }, input, source, actor));
  } catch (error) {
    // The same reference arrived twice at the same moment: the first one won.
    if (isUniqueViolation(error)) {
      const replay = await replayOf(ctx, input);
      if (replay) return replay;
    }
    throw error;
  }
}

async function replayOf(ctx: AppContext, input: PaymentInput): Promise<PaymentResult | undefined> {
  const earlier = await store.findPaymentByReference(ctx.db, input.channelCode, input.channelReference);
  if (!earlier) return undefined;
  const sameFacts =
    earlier.amount === input.amount &&
    (earlier.bill_number ?? input.billNumber) === input.billNumber &&
    earlier.paid_at.getTime() === new Date(input.paidAt).getTime();
  if (!sameFacts) {
    throw new DomainError('conflict', 'PAYMENT_REFERENCE_REUSED', {
      en: `Reference ${input.channelReference} of channel ${input.channelCode} was already recorded with other details.`,
      id: `Referensi ${input.channelReference} dari kanal ${input.channelCode} sudah tercatat dengan rincian lain.`,
    });
  }
  return {
    paymentId: earlier.id,
    outcome: earlier.outcome,
    reason: earlier.outcome_detail,
    billNumber: input.billNumber,
    billStatus: earlier.bill_status,
    replayed: true,
  };
}

async function applyPayment(ctx: AppContext, input: PaymentInput, source: PaymentSource, actor: string): Promise<PaymentResult> {
  const now = ctx.clock.now();
  const bill = await store.lockBill(ctx.db, input.billNumber);
  const unmatchedReason = !bill
    ? 'UNKNOWN_BILL'
    : bill.status === 'PAID'
      ? 'BILL_ALREADY_PAID'
      : bill.status === 'CANCELLED'
        ? 'BILL_CANCELLED'
        : null;
  const paymentId = await store.insertPayment(ctx.db, {
    channelCode: input.channelCode,
    channelReference: input.channelReference,
    billId: bill?.id ?? null,
    amount: input.amount,
    currency: input.foreign?.currency ?? 'IDR',
    originalAmount: input.foreign?.amount ?? null,
    exchangeRate: input.foreign?.rate ?? null,
    rateDate: input.foreign?.rateDate ?? null,
    paidAt: new Date(input.paidAt),
    receivedAt: now,
    source,
    outcome: unmatchedReason ? 'UNMATCHED' : 'ALLOCATED',
    outcomeDetail: unmatchedReason,
    recordedBy: actor,
  });
  if (!bill || unmatchedReason) {
    return {
      paymentId,
      outcome: 'UNMATCHED',
      reason: unmatchedReason,
      billNumber: input.billNumber,
      billStatus: bill?.status ?? null,
      replayed: false,
    };
  }

  const billStatus = await applyToBill(ctx, bill, { paymentId, amount: input.amount, paidAt: input.paidAt }, actor);
  return { paymentId, outcome: 'ALLOCATED', reason: null, billNumber: bill.bill_number, billStatus, replayed: false };
}

type LockedBill = NonNullable<Awaited<ReturnType<typeof store.lockBill>>>;

/**
 * Applies a recorded payment to an open, locked bill: allocations over its lines, the JHT
 * share to the ledger, and when the bill is paid in full the protection it buys and the
 * member's ACTIVE status. Runs in the caller's transaction.
 */
async function applyToBill(
  ctx: AppContext,
  bill: LockedBill,
  payment: { paymentId: string; amount: number; paidAt: string },
  actor: string,
): Promise<'OPEN' | 'PAID'> {
  const now = ctx.clock.now();
  const { paymentId } = payment;
  const allocations = allocatePayment(bill.lines, bill.paid_amount, payment.amount);
  await store.insertAllocations(ctx.db, paymentId, bill.id, allocations);
  // The JHT share of a payment is savings: it goes to the member's account as it arrives.
  const jhtShare = allocations.filter((a) => a.program === 'JHT').reduce((sum, a) => sum + a.amount, 0);
  if (jhtShare > 0 && bill.membership_id) {
    await creditJht(ctx.db, {
      membershipId: bill.membership_id,
      amount: jhtShare,
      valueDate: businessDate(new Date(payment.paidAt)),
      reference: `payment:${paymentId}:JHT`,
      recordedBy: actor,
    });
  }
  const after = await store.addToBill(ctx.db, bill.id, payment.amount, now);
  if (after.status === 'PAID') {
    const covered = await store.insertCoverageOfBill(ctx.db, bill.id, paymentId);
    for (const membershipId of covered) {
      await markProtectionStatus(ctx.db, {
        membershipId,
        status: 'ACTIVE',
        reason: `contribution paid: bill ${bill.bill_number}`,
        actor,
        at: now,
      });
    }
  }
  if (bill.membership_id) {
    await enqueue(ctx.db, 'notification.member', {
      template: after.status === 'PAID' ? 'BILL_PAID' : 'PAYMENT_RECEIVED',
      membershipId: bill.membership_id,
      billNumber: bill.bill_number,
      amount: payment.amount,
    });
  }
  return after.status as 'OPEN' | 'PAID';
}

/**
 * An officer applies an unmatched payment (unknown or wrong bill number) to the open bill
 * it was meant for. The payment keeps its channel reference; its new bill is logged.
 */
export async function applyUnmatchedPayment(ctx: AppContext, paymentId: string, billNumber: string, actor: string): Promise<PaymentResult> {
  return ctx.db.transaction().execute(async (trx) => {
    const scoped = { ...ctx, db: trx };
    const payment = await trx.selectFrom('payments').selectAll().where('id', '=', paymentId).forUpdate().executeTakeFirst();
    if (!payment) throw new DomainError('not_found', 'PAYMENT_NOT_FOUND', { en: 'No such payment.', id: 'Pembayaran tidak ditemukan.' });
    if (payment.outcome !== 'UNMATCHED') {
      throw new DomainError('conflict', 'PAYMENT_ALREADY_APPLIED', {
        en: 'This payment is already applied to a bill.',
        id: 'Pembayaran ini sudah diterapkan pada tagihan.',
      });
    }
    const bill = await store.lockBill(trx, billNumber);
    if (bill?.status !== 'OPEN') {
      throw invalidInput([
        issue(
          '/billNumber',
          bill ? 'BILL_NOT_OPEN' : 'UNKNOWN_BILL',
          `Bill ${billNumber} is not open.`,
          `Tagihan ${billNumber} tidak terbuka.`,
        ),
      ]);
    }
    await trx
      .updateTable('payments')
      .set({ bill_id: bill.id, outcome: 'ALLOCATED', outcome_detail: `applied by ${actor} (was ${payment.outcome_detail ?? 'unmatched'})` })
      .where('id', '=', paymentId)
      .execute();
    const billStatus = await applyToBill(scoped, bill, { paymentId, amount: payment.amount, paidAt: payment.paid_at.toISOString() }, actor);
    return { paymentId, outcome: 'ALLOCATED', reason: null, billNumber, billStatus, replayed: false };
  });
}

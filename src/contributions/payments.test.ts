import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AppContext } from '../context.ts';
import { DomainError } from '../kernel/errors.ts';
import { createPartner } from '../partners/service.ts';
import { memberWithOpenBill } from '../testing/fixtures.ts';
import { createTestContext } from '../testing/harness.ts';
import { importStatement } from './import-statement.ts';
import { applyUnmatchedPayment, type PaymentInput, recordPayment } from './record-payment.ts';

let ctx: AppContext & { close(): Promise<void> };
let reference = 0;

before(async () => {
  ctx = await createTestContext();
  const partner = await createPartner(ctx, { code: 'BANK-BNI', name: 'Bank Negara Indonesia', type: 'BANK', country: 'ID' });
  await ctx.db
    .insertInto('payment_channels')
    .values([
      {
        code: 'BNI-VA',
        name: 'BNI virtual account',
        kind: 'VIRTUAL_ACCOUNT',
        partner_id: partner.id,
        currency: 'IDR',
        webhook_secret: 'secret-bni',
      },
      {
        code: 'REMIT-HK',
        name: 'Remittance Hong Kong',
        kind: 'REMITTANCE_ABROAD',
        partner_id: null,
        currency: 'HKD',
        webhook_secret: 'secret-hk',
      },
    ])
    .execute();
});

after(async () => {
  await ctx?.close();
});

function memberWithBill(amount = 332_500) {
  return memberWithOpenBill(ctx, amount);
}

function payment(billNumber: string, overrides: Partial<PaymentInput> = {}): PaymentInput {
  reference += 1;
  return {
    channelCode: 'BNI-VA',
    channelReference: `VA-${reference}`,
    billNumber,
    amount: 332_500,
    paidAt: '2026-01-15T02:00:00Z',
    ...overrides,
  };
}

async function billRow(billId: string) {
  return ctx.db.selectFrom('bills').select(['status', 'paid_amount', 'amount']).where('id', '=', billId).executeTakeFirstOrThrow();
}

async function allocatedTo(billId: string): Promise<number> {
  const row = await ctx.db
    .selectFrom('payment_allocations')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount'), eb.lit(0)).as('total'))
    .where('bill_id', '=', billId)
    .executeTakeFirstOrThrow();
  return Number(row.total);
}

async function rejected(work: Promise<unknown>, code: string) {
  await assert.rejects(work, (error: unknown) => {
    assert.ok(error instanceof DomainError);
    assert.ok(
      error.code === code || error.issues.some((i) => i.code === code),
      `expected ${code}, got ${error.code} ${JSON.stringify(error.issues)}`,
    );
    return true;
  });
}

describe('recording a payment', () => {
  it('pays the bill, writes the coverage it buys and makes the membership active', async () => {
    const m = await memberWithBill();
    const result = await recordPayment(ctx, payment(m.billNumber), 'NOTIFICATION', 'channel:BNI-VA');
    assert.equal(result.outcome, 'ALLOCATED');
    assert.equal(result.billStatus, 'PAID');
    assert.deepEqual(await billRow(m.billId), { status: 'PAID', paid_amount: 332_500, amount: 332_500 });
    const coverage = await ctx.db
      .selectFrom('coverage_periods')
      .select(['program', 'covered_from', 'covered_to'])
      .where('membership_id', '=', m.membershipId)
      .orderBy('program')
      .execute();
    assert.deepEqual(coverage, [
      { program: 'JKK', covered_from: '2026-02-01', covered_to: '2028-02-29' },
      { program: 'JKM', covered_from: '2026-02-01', covered_to: '2028-02-29' },
    ]);
    const membership = await ctx.db.selectFrom('memberships').select('status').where('id', '=', m.membershipId).executeTakeFirstOrThrow();
    assert.equal(membership.status, 'ACTIVE');
  });

  it('records a replayed notification once and answers as the first time', async () => {
    const m = await memberWithBill();
    const input = payment(m.billNumber);
    const first = await recordPayment(ctx, input, 'NOTIFICATION', 'channel:BNI-VA');
    const second = await recordPayment(ctx, input, 'NOTIFICATION', 'channel:BNI-VA');
    assert.equal(second.replayed, true);
    assert.equal(second.paymentId, first.paymentId);
    assert.equal(await allocatedTo(m.billId), 332_500);
  });

  it('refuses a reference reused with another amount, and changes nothing', async () => {
    const m = await memberWithBill();
    const input = payment(m.billNumber, { amount: 100_000 });
    await recordPayment(ctx, input, 'NOTIFICATION', 'channel:BNI-VA');
    await rejected(recordPayment(ctx, { ...input, amount: 232_500 }, 'NOTIFICATION', 'channel:BNI-VA'), 'PAYMENT_REFERENCE_REUSED');
    assert.equal(await allocatedTo(m.billId), 100_000);
  });

  it('credits once when ten copies of a notification race', async () => {
    const m = await memberWithBill();
    const input = payment(m.billNumber);
    const results = await Promise.all(Array.from({ length: 10 }, () => recordPayment(ctx, input, 'NOTIFICATION', 'channel:BNI-VA')));
    assert.equal(new Set(results.map((r) => r.paymentId)).size, 1);
    assert.equal(results.filter((r) => !r.replayed).length, 1);
    assert.equal(await allocatedTo(m.billId), 332_500);
    const periods = await ctx.db.selectFrom('coverage_periods').select('id').where('membership_id', '=', m.membershipId).execute();
    assert.equal(periods.length, 2, 'one period per program, not ten');
  });

  it('never applies two different payments racing for one bill beyond its amount', async () => {
    const m = await memberWithBill();
    const results = await Promise.all([
      recordPayment(ctx, payment(m.billNumber), 'NOTIFICATION', 'channel:BNI-VA'),
      recordPayment(ctx, payment(m.billNumber), 'NOTIFICATION', 'channel:BNI-VA'),
    ]);
    assert.deepEqual(results.map((r) => r.outcome).sort(), ['ALLOCATED', 'UNMATCHED']);
    assert.equal(results.find((r) => r.outcome === 'UNMATCHED')?.reason, 'BILL_ALREADY_PAID');
    assert.equal(await allocatedTo(m.billId), 332_500);
  });

  it('keeps a payment for an unknown bill as unmatched, for an officer to resolve', async () => {
    const result = await recordPayment(ctx, payment('20269999999990'), 'NOTIFICATION', 'channel:BNI-VA');
    assert.equal(result.outcome, 'UNMATCHED');
    assert.equal(result.reason, 'UNKNOWN_BILL');
    const stored = await ctx.db
      .selectFrom('payments')
      .select(['outcome', 'bill_id'])
      .where('id', '=', result.paymentId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(stored, { outcome: 'UNMATCHED', bill_id: null });
  });

  it('leaves a bill open after a partial payment and pays it with the rest', async () => {
    const m = await memberWithBill();
    await recordPayment(ctx, payment(m.billNumber, { amount: 200_000 }), 'NOTIFICATION', 'channel:BNI-VA');
    assert.deepEqual(await billRow(m.billId), { status: 'OPEN', paid_amount: 200_000, amount: 332_500 });
    const covered = await ctx.db.selectFrom('coverage_periods').select('id').where('bill_id', '=', m.billId).execute();
    assert.equal(covered.length, 0, 'no protection before the bill is paid in full');
    await recordPayment(ctx, payment(m.billNumber, { amount: 132_500 }), 'NOTIFICATION', 'channel:BNI-VA');
    assert.deepEqual(await billRow(m.billId), { status: 'PAID', paid_amount: 332_500, amount: 332_500 });
  });

  it('accepts a payment abroad in Hong Kong dollars with the rupiah its rate gives', async () => {
    const m = await memberWithBill();
    const result = await recordPayment(
      ctx,
      payment(m.billNumber, {
        channelCode: 'REMIT-HK',
        foreign: { currency: 'HKD', amount: 16_500, rate: '2015.15', rateDate: '2026-01-14' },
      }),
      'NOTIFICATION',
      'channel:REMIT-HK',
    );
    assert.equal(result.outcome, 'ALLOCATED');
    const stored = await ctx.db
      .selectFrom('payments')
      .select(['currency', 'original_amount', 'exchange_rate', 'rate_date'])
      .where('id', '=', result.paymentId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(stored, { currency: 'HKD', original_amount: 16_500, exchange_rate: '2015.15', rate_date: '2026-01-14' });
  });

  it('refuses rupiah that the foreign amount and rate do not give, and stores nothing', async () => {
    const m = await memberWithBill();
    const input = payment(m.billNumber, {
      channelCode: 'REMIT-HK',
      foreign: { currency: 'HKD', amount: 16_500, rate: '1900', rateDate: '2026-01-14' },
    });
    await rejected(recordPayment(ctx, input, 'NOTIFICATION', 'channel:REMIT-HK'), 'RATE_MISMATCH');
    assert.equal(await allocatedTo(m.billId), 0);
  });

  it('refuses an unknown currency, a zero amount and an unknown channel', async () => {
    const m = await memberWithBill();
    await rejected(
      recordPayment(
        ctx,
        payment(m.billNumber, { foreign: { currency: 'XYZ', amount: 100, rate: '1', rateDate: '2026-01-14' } }),
        'NOTIFICATION',
        'x',
      ),
      'UNKNOWN_CURRENCY',
    );
    await rejected(recordPayment(ctx, payment(m.billNumber, { amount: 0 }), 'NOTIFICATION', 'x'), 'AMOUNT_NOT_POSITIVE');
    await rejected(recordPayment(ctx, payment(m.billNumber, { channelCode: 'NOPE' }), 'NOTIFICATION', 'x'), 'UNKNOWN_CHANNEL');
    assert.equal(await allocatedTo(m.billId), 0);
  });
});

describe('resolving an unmatched payment', () => {
  it('applies a payment recorded against a mistyped bill number to the right bill', async () => {
    const m = await memberWithBill();
    const stray = await recordPayment(ctx, payment('20269999999990'), 'NOTIFICATION', 'channel:BNI-VA');
    assert.equal(stray.outcome, 'UNMATCHED');
    const applied = await applyUnmatchedPayment(ctx, stray.paymentId, m.billNumber, 'user:officer');
    assert.equal(applied.billStatus, 'PAID');
    assert.equal(await allocatedTo(m.billId), 332_500);
    await rejected(applyUnmatchedPayment(ctx, stray.paymentId, m.billNumber, 'user:officer'), 'PAYMENT_ALREADY_APPLIED');
  });
});

describe('reconciling a statement file', () => {
  it('sorts every row into matched, posted, duplicate, amount differs, unmatched and invalid', async () => {
    const notified = await memberWithBill();
    const differs = await memberWithBill();
    const unpaid = await memberWithBill();
    const twoRows = await memberWithBill();
    await recordPayment(
      ctx,
      payment(notified.billNumber, { channelReference: 'ST-1', paidAt: '2026-01-20T02:00:00Z' }),
      'NOTIFICATION',
      'channel:BNI-VA',
    );
    await recordPayment(
      ctx,
      payment(differs.billNumber, { channelReference: 'ST-2', amount: 100_000, paidAt: '2026-01-20T02:00:00Z' }),
      'NOTIFICATION',
      'channel:BNI-VA',
    );
    await recordPayment(
      ctx,
      payment(differs.billNumber, { channelReference: 'ST-NOT-IN-FILE', amount: 1_000, paidAt: '2026-01-20T03:00:00Z' }),
      'NOTIFICATION',
      'channel:BNI-VA',
    );
    const csv = [
      'reference,bill_number,amount,paid_at',
      `ST-1,${notified.billNumber},332500,2026-01-20T02:00:00Z`,
      `ST-2,${differs.billNumber},120000,2026-01-20T02:00:00Z`,
      `ST-3,${unpaid.billNumber},332500,2026-01-20T04:00:00Z`,
      `ST-3,${unpaid.billNumber},332500,2026-01-20T04:00:00Z`,
      'ST-4,20269999999990,50000,2026-01-20T05:00:00Z',
      `ST-5,${twoRows.billNumber},300000,2026-01-20T06:00:00Z`,
      `ST-6,${twoRows.billNumber},32500,2026-01-20T07:00:00Z`,
      'ST-7,not a bill,abc,yesterday',
    ].join('\n');
    const report = await importStatement(ctx, { channelCode: 'BNI-VA', statementDate: '2026-01-20', csv }, 'user:test');
    assert.deepEqual(report.summary, {
      MATCHED: 1,
      POSTED: 3,
      DUPLICATE: 1,
      AMOUNT_DIFFERS: 1,
      UNMATCHED: 1,
      INVALID: 1,
      MISSING_FROM_STATEMENT: 1,
    });
    assert.deepEqual(await billRow(unpaid.billId), { status: 'PAID', paid_amount: 332_500, amount: 332_500 });
    assert.deepEqual(await billRow(twoRows.billId), { status: 'PAID', paid_amount: 332_500, amount: 332_500 });
    assert.equal(await allocatedTo(twoRows.billId), 332_500, 'two rows, one bill: allocated once in full');
    const activated = await ctx.db
      .selectFrom('memberships')
      .select('status')
      .where('id', 'in', [unpaid.membershipId, twoRows.membershipId])
      .execute();
    assert.deepEqual(
      activated.map((r) => r.status),
      ['ACTIVE', 'ACTIVE'],
    );
    const covered = await ctx.db
      .selectFrom('coverage_periods')
      .select('program')
      .where('membership_id', '=', twoRows.membershipId)
      .execute();
    assert.equal(covered.length, 2);
  });

  it('returns the first report for the same file and applies nothing again', async () => {
    const m = await memberWithBill();
    const csv = `reference,bill_number,amount,paid_at\nRE-1,${m.billNumber},332500,2026-01-16T02:00:00Z\n`;
    const first = await importStatement(ctx, { channelCode: 'BNI-VA', statementDate: '2026-01-16', csv }, 'user:test');
    const again = await importStatement(ctx, { channelCode: 'BNI-VA', statementDate: '2026-01-16', csv }, 'user:test');
    assert.equal(again.replayed, true);
    assert.equal(again.importId, first.importId);
    assert.equal(await allocatedTo(m.billId), 332_500);
  });

  it('refuses a file without the expected header before writing anything', async () => {
    const before = await ctx.db.selectFrom('statement_imports').select('id').execute();
    await rejected(
      importStatement(ctx, { channelCode: 'BNI-VA', statementDate: '2026-01-17', csv: 'ref,amount\nA,1\n' }, 'user:test'),
      'STATEMENT_HEADER',
    );
    assert.equal((await ctx.db.selectFrom('statement_imports').select('id').execute()).length, before.length);
  });
});

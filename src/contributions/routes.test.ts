import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectProblem, memberWithOpenBill } from '../testing/fixtures.ts';
import { createTestApp, type TestApp } from '../testing/harness.ts';
import { signChannelNotification } from './channel-signature.ts';

let t: TestApp;
let admin: { authorization: string };
let officer: { authorization: string };
let secret: string;
let sequence = 0;

before(async () => {
  t = await createTestApp();
  admin = await t.signIn('ADMINISTRATOR');
  officer = await t.signIn('OFFICER');
  await t.ctx.db.insertInto('partners').values({ code: 'KJRI-HONGKONG', name: 'KJRI Hong Kong', type: 'EMBASSY', country: 'HK' }).execute();
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/v1/payment-channels',
    headers: admin,
    payload: { code: 'BNI-VA', name: 'BNI virtual account', kind: 'VIRTUAL_ACCOUNT' },
  });
  assert.equal(created.statusCode, 201, created.body);
  secret = created.json().webhookSecret;
  const desk = await t.app.inject({
    method: 'POST',
    url: '/api/v1/payment-channels',
    headers: admin,
    payload: { code: 'KJRI-HK-DESK', name: 'KJRI Hong Kong desk', kind: 'OVER_THE_COUNTER', partnerCode: 'KJRI-HONGKONG', currency: 'HKD' },
  });
  assert.equal(desk.statusCode, 201, desk.body);
});

after(async () => {
  await t?.close();
});

async function openBill(): Promise<{ membershipNumber: string; billNumber: string }> {
  return memberWithOpenBill(t.ctx);
}

function notification(billNumber: string, overrides: Record<string, unknown> = {}) {
  sequence += 1;
  return JSON.stringify({
    channelReference: `VA-R-${sequence}`,
    billNumber,
    amount: 332_500,
    paidAt: '2026-01-15T02:00:00Z',
    ...overrides,
  });
}

function signed(body: string, options: { key?: string; at?: number } = {}) {
  const timestamp = options.at ?? Math.floor(Date.now() / 1000);
  return {
    'content-type': 'application/json',
    'x-lindung-timestamp': String(timestamp),
    'x-lindung-signature': signChannelNotification(options.key ?? secret, timestamp, body),
  };
}

function notify(body: string, headers: Record<string, string>) {
  return t.app.inject({ method: 'POST', url: '/api/v1/payment-channels/BNI-VA/notifications', headers, payload: body });
}

async function paymentCount(): Promise<number> {
  return (await t.ctx.db.selectFrom('payments').select('id').execute()).length;
}

describe('signed payment notifications', () => {
  it('records a correctly signed notification and pays the bill', async () => {
    const { billNumber } = await openBill();
    const body = notification(billNumber);
    const response = await notify(body, signed(body));
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.json().outcome, 'ALLOCATED');
    assert.equal(response.json().billStatus, 'PAID');
  });

  it('answers a replayed notification as the first time and credits once', async () => {
    const { billNumber } = await openBill();
    const body = notification(billNumber);
    const headers = signed(body);
    const first = await notify(body, headers);
    const second = await notify(body, headers);
    assert.equal(second.statusCode, 200);
    assert.equal(second.json().replayed, true);
    assert.equal(second.json().paymentId, first.json().paymentId);
  });

  it('refuses a wrong signature, a missing one and a stale timestamp, storing nothing', async () => {
    const { billNumber } = await openBill();
    const body = notification(billNumber);
    const count = await paymentCount();
    expectProblem(await notify(body, signed(body, { key: 'not-the-secret' })), { status: 401, code: 'SIGNATURE_INVALID' });
    expectProblem(await notify(body, { 'content-type': 'application/json' }), { status: 401, code: 'SIGNATURE_MISSING' });
    expectProblem(await notify(body, signed(body, { at: Math.floor(Date.now() / 1000) - 3600 })), {
      status: 401,
      code: 'TIMESTAMP_OUT_OF_WINDOW',
    });
    const tampered = body.replace('332500', '999999');
    expectProblem(await notify(tampered, signed(body)), { status: 401, code: 'SIGNATURE_INVALID' });
    assert.equal(await paymentCount(), count);
  });

  it('refuses a signed notification with a zero amount, storing nothing', async () => {
    const { billNumber } = await openBill();
    const body = notification(billNumber, { amount: 0 });
    const count = await paymentCount();
    expectProblem(await notify(body, signed(body)), {
      status: 422,
      code: 'VALIDATION_FAILED',
      issue: { pointer: '/amount', code: 'AMOUNT_NOT_POSITIVE' },
    });
    assert.equal(await paymentCount(), count);
  });
});

describe('payments at a desk', () => {
  it('takes a payment in Hong Kong dollars at the consulate desk', async () => {
    const { billNumber } = await openBill();
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/payments',
      headers: officer,
      payload: {
        channelCode: 'KJRI-HK-DESK',
        channelReference: 'DESK-1',
        billNumber,
        amount: 332_500,
        paidAt: '2026-01-15T02:00:00Z',
        foreign: { currency: 'HKD', amount: 16_500, rate: '2015.15', rateDate: '2026-01-15' },
      },
    });
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.json().billStatus, 'PAID');
  });

  it('refuses a desk payment for a bill already paid, storing nothing', async () => {
    const { billNumber } = await openBill();
    const pay = (reference: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/payments',
        headers: officer,
        payload: { channelCode: 'KJRI-HK-DESK', channelReference: reference, billNumber, amount: 332_500, paidAt: '2026-01-15T02:00:00Z' },
      });
    assert.equal((await pay('DESK-2')).statusCode, 200);
    const count = await paymentCount();
    expectProblem(await pay('DESK-3'), {
      status: 422,
      code: 'VALIDATION_FAILED',
      issue: { pointer: '/billNumber', code: 'BILL_NOT_OPEN' },
    });
    assert.equal(await paymentCount(), count);
  });

  it('refuses a virtual-account channel at the desk', async () => {
    const { billNumber } = await openBill();
    expectProblem(
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/payments',
        headers: officer,
        payload: { channelCode: 'BNI-VA', channelReference: 'DESK-4', billNumber, amount: 332_500, paidAt: '2026-01-15T02:00:00Z' },
      }),
      { status: 422, code: 'VALIDATION_FAILED', issue: { pointer: '/channelCode', code: 'NOT_A_DESK_CHANNEL' } },
    );
  });
});

describe('statements and coverage through the API', () => {
  it('reconciles an uploaded statement and then answers that the member is covered, with the bill', async () => {
    const { membershipNumber, billNumber } = await openBill();
    const before = await t.app.inject({
      url: `/api/v1/members/${membershipNumber}/coverage?program=JKK&date=2026-06-01`,
      headers: { ...officer, 'accept-language': 'en' },
    });
    assert.equal(before.statusCode, 200, before.body);
    assert.equal(before.json().covered, false);
    assert.equal(before.json().reason.code, 'NO_PAID_PERIOD');

    const csv = `reference,bill_number,amount,paid_at\nSTMT-API-1,${billNumber},332500,2026-01-18T02:00:00Z\n`;
    const upload = await t.app.inject({
      method: 'POST',
      url: '/api/v1/payment-channels/BNI-VA/statements?statementDate=2026-01-18',
      headers: { ...officer, 'content-type': 'text/csv' },
      payload: csv,
    });
    assert.equal(upload.statusCode, 200, upload.body);
    assert.equal(upload.json().summary.POSTED, 1);

    const lines = await t.app.inject({ url: `/api/v1/statements/${upload.json().importId}/lines`, headers: officer });
    assert.equal(lines.json().items[0].outcome, 'POSTED');

    const covered = await t.app.inject({
      url: `/api/v1/members/${membershipNumber}/coverage?program=JKK&date=2026-06-01`,
      headers: { ...officer, 'accept-language': 'en' },
    });
    assert.equal(covered.json().covered, true);
    assert.equal(covered.json().reason.bill.billNumber, billNumber);
    assert.deepEqual(covered.json().reason.period, { from: '2026-02-01', to: '2028-02-29' });
    assert.match(covered.json().reason.message, /Protected from 2026-02-01/);

    const after = await t.app.inject({ url: `/api/v1/members/${membershipNumber}/coverage?program=JKK&date=2028-03-01`, headers: officer });
    assert.equal(after.json().covered, false);
    assert.equal(after.json().reason.code, 'PERIOD_ENDED');
  });

  it('refuses a statement upload from an auditor', async () => {
    const auditor = await t.signIn('AUDITOR');
    expectProblem(
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/payment-channels/BNI-VA/statements?statementDate=2026-01-18',
        headers: { ...auditor, 'content-type': 'text/csv' },
        payload: 'reference,bill_number,amount,paid_at\n',
      }),
      { status: 403, code: 'ROLE_NOT_ALLOWED' },
    );
  });
});

describe('contribution reports', () => {
  it('sums what was collected by month, segment and payment channel, and lists arrears by age', async () => {
    const paid = await openBill();
    const unpaid = await openBill();
    const body = notification(paid.billNumber, { paidAt: '2026-01-25T02:00:00Z' });
    assert.equal((await notify(body, signed(body))).statusCode, 200);

    const report = await t.app.inject({
      url: '/api/v1/reports/contributions?from=2026-01-25&to=2026-01-25&groupBy=month,segment,paymentChannel,destinationCountry',
      headers: officer,
    });
    assert.equal(report.statusCode, 200, report.body);
    assert.deepEqual(report.json().rows, [
      { group: { month: '2026-01', segment: 'PMI', paymentChannel: 'BNI-VA', destinationCountry: 'HK' }, payments: 1, amount: 332_500 },
    ]);
    assert.equal(report.json().total, 332_500);

    const overdue = await t.app.inject({ url: '/api/v1/reports/arrears?asOf=2026-04-01', headers: officer });
    assert.equal(overdue.statusCode, 200, overdue.body);
    const pmi = overdue.json().rows.find((r: { segment: string; ageBucket: string }) => r.segment === 'PMI' && r.ageBucket === '31-90');
    assert.ok(pmi, 'bills due on 2026-02-01 are 59 days overdue on 2026-04-01');
    const openBills = await t.ctx.db
      .selectFrom('bills')
      .select(['amount', 'paid_amount'])
      .where('status', '=', 'OPEN')
      .where('due_date', '<', '2026-04-01')
      .execute();
    assert.equal(
      overdue.json().outstanding,
      openBills.reduce((sum, b) => sum + b.amount - b.paid_amount, 0),
    );
    assert.ok(openBills.length >= 1, `the unpaid bill ${unpaid.billNumber} is in arrears`);
  });

  it('refuses a period that ends before it starts', async () => {
    expectProblem(await t.app.inject({ url: '/api/v1/reports/contributions?from=2026-02-01&to=2026-01-01', headers: officer }), {
      status: 422,
      code: 'VALIDATION_FAILED',
      issue: { pointer: '/to', code: 'PERIOD_REVERSED' },
    });
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { registerMember } from '../membership/service.ts';
import { addVirtualAccountChannel, bpuRegistration, expectProblem, pmiRegistration, puRegistration } from '../testing/fixtures.ts';
import { createTestApp, type TestApp } from '../testing/harness.ts';
import { recordPayment } from './record-payment.ts';

// Bills priced from the regulation tables, paid, and the protection they buy. The system
// clock is used: on 2026 dates the PMI regulation in force is Permenaker 4/2023.

let t: TestApp;
let officer: { authorization: string };
let supervisor: { authorization: string };
let reference = 0;

before(async () => {
  t = await createTestApp();
  officer = await t.signIn('OFFICER');
  supervisor = await t.signIn('SUPERVISOR');
  await addVirtualAccountChannel(t.ctx.db);
});

after(async () => {
  await t?.close();
});

async function register(body: Parameters<typeof registerMember>[1]): Promise<string> {
  return (await registerMember(t.ctx, body, undefined)).membershipNumber;
}

function bill(membershipNumber: string, body: Record<string, unknown>) {
  return t.app.inject({ method: 'POST', url: `/api/v1/members/${membershipNumber}/bills`, headers: officer, payload: body });
}

async function pay(billNumber: string, amount: number) {
  reference += 1;
  return recordPayment(
    t.ctx,
    { channelCode: 'BNI-VA', channelReference: `B-${reference}`, billNumber, amount, paidAt: new Date().toISOString() },
    'NOTIFICATION',
    'test',
  );
}

async function covered(membershipNumber: string, program: string, date: string): Promise<boolean> {
  const response = await t.app.inject({
    url: `/api/v1/members/${membershipNumber}/coverage?program=${program}&date=${date}`,
    headers: officer,
  });
  assert.equal(response.statusCode, 200, response.body);
  return response.json().covered;
}

describe('billing a migrant worker', () => {
  it('bills a 24-month placement at Rp 332,500 under Permenaker 4/2023, and its payment protects through the contract', async () => {
    const number = await register(pmiRegistration('DURING_PLACEMENT'));
    const response = await bill(number, { item: 'PMI_PLACEMENT' });
    assert.equal(response.statusCode, 201, response.body);
    const issued = response.json();
    assert.equal(issued.amount, 332_500);
    assert.equal(issued.regulationId, 'PERMENAKER-4-2023');
    assert.deepEqual(
      issued.coverage.map((c: { program: string }) => c.program),
      ['JKK', 'JKM'],
    );
    assert.equal(issued.periodFrom, '2026-02-01');
    assert.equal(await covered(number, 'JKK', '2026-06-01'), false, 'not before payment');
    const paid = await pay(issued.billNumber, 332_500);
    assert.equal(paid.billStatus, 'PAID');
    assert.equal(await covered(number, 'JKK', '2026-06-01'), true);
    assert.equal(await covered(number, 'JKM', '2028-01-31'), true);
    const member = await t.app.inject({ url: `/api/v1/members/${number}`, headers: officer });
    assert.equal(member.json().status, 'ACTIVE');
  });

  it('refuses to bill the same placement twice', async () => {
    const number = await register(pmiRegistration('DURING_PLACEMENT'));
    const first = await bill(number, { item: 'PMI_PLACEMENT' });
    assert.equal(first.statusCode, 201);
    const again = expectProblem(await bill(number, { item: 'PMI_PLACEMENT' }), { status: 409, code: 'ALREADY_BILLED' });
    // The refusal names the bill that stands.
    assert.equal((again.existingBill as { billNumber: string }).billNumber, first.json().billNumber);
  });

  it('bills a six-month contract extension at 6 × Rp 13,500 and extends the protection', async () => {
    const number = await register(pmiRegistration('DURING_PLACEMENT'));
    const extended = await t.app.inject({
      method: 'POST',
      url: `/api/v1/members/${number}/contract-extensions`,
      headers: officer,
      payload: { newContractEnd: '2028-07-31', channel: 'OFFICER' },
    });
    assert.equal(extended.statusCode, 200, extended.body);
    const response = await bill(number, { item: 'PMI_EXTENSION' });
    assert.equal(response.statusCode, 201, response.body);
    assert.equal(response.json().amount, 6 * 13_500);
    await pay(response.json().billNumber, 6 * 13_500);
    assert.equal(await covered(number, 'JKK', '2028-06-15'), true);
  });

  it('refuses the placement fee for a worker with no placement recorded', async () => {
    const number = await register(pmiRegistration('BEFORE_PLACEMENT'));
    expectProblem(await bill(number, { item: 'PMI_PLACEMENT' }), { status: 409, code: 'NO_OPEN_PLACEMENT' });
  });

  it('bills the before-placement fee of Rp 37,500 to a candidate', async () => {
    const number = await register(pmiRegistration('BEFORE_PLACEMENT'));
    const response = await bill(number, { item: 'PMI_BEFORE_PLACEMENT' });
    assert.equal(response.statusCode, 201, response.body);
    assert.equal(response.json().amount, 37_500);
  });
});

describe('billing informal workers and wage earners', () => {
  it('bills three months of JKK, JKM and JHT on a declared income of Rp 3,500,000, and credits the JHT share when paid', async () => {
    const number = await register(bpuRegistration());
    const response = await bill(number, { item: 'MONTHLY', periodStart: '2026-12-01', months: 3, programs: ['JKK', 'JKM', 'JHT'] });
    assert.equal(response.statusCode, 201, response.body);
    const issued = response.json();
    // JKK 1 % and JHT 2 % of 3,500,000; JKm 6,800 flat; three months each.
    assert.equal(issued.amount, 3 * (35_000 + 6_800 + 70_000));
    assert.equal(issued.dueDate, '2026-12-15');
    await pay(issued.billNumber, issued.amount);
    assert.equal(await covered(number, 'JKK', '2027-02-28'), true);
    const grace = await t.app.inject({ url: `/api/v1/members/${number}/coverage?program=JKK&date=2027-03-30`, headers: officer });
    assert.equal(grace.json().covered, true);
    assert.equal(grace.json().reason.code, 'GRACE_PERIOD', 'the 30 days after the paid months (an unconfirmed figure)');
    assert.equal(await covered(number, 'JKK', '2027-03-31'), false);
    const balance = await t.app.inject({ url: `/api/v1/members/${number}/jht?date=2027-12-31`, headers: officer });
    assert.equal(balance.statusCode, 200, balance.body);
    assert.equal(balance.json().balance, 3 * 70_000);
  });

  it('refuses months that overlap a bill already issued', async () => {
    const number = await register(bpuRegistration());
    assert.equal((await bill(number, { item: 'MONTHLY', periodStart: '2027-01-01', months: 3, programs: ['JKK', 'JKM'] })).statusCode, 201);
    expectProblem(await bill(number, { item: 'MONTHLY', periodStart: '2027-03-01', months: 1, programs: ['JKK', 'JKM'] }), {
      status: 409,
      code: 'ALREADY_BILLED',
    });
  });

  it('bills a wage earner by risk class, with shares that add up', async () => {
    const number = await register(puRegistration());
    const response = await bill(number, {
      item: 'MONTHLY',
      periodStart: '2026-12-01',
      months: 1,
      programs: ['JKK', 'JKM', 'JHT'],
      riskClass: 1,
    });
    assert.equal(response.statusCode, 201, response.body);
    const jkk = response.json().lines.find((l: { program: string }) => l.program === 'JKK');
    // 0.24 % of Rp 5,200,000, flagged as an unconfirmed figure.
    assert.equal(jkk.amount, 12_480);
    assert.equal(jkk.status, 'UNCONFIRMED');
    assert.equal(response.json().unconfirmed, true);
  });

  it('refuses a monthly bill that does not start on the first of a month', async () => {
    const number = await register(bpuRegistration());
    expectProblem(await bill(number, { item: 'MONTHLY', periodStart: '2026-12-05', months: 1, programs: ['JKK', 'JKM'] }), {
      status: 422,
      code: 'VALIDATION_FAILED',
      issue: { pointer: '/periodStart', code: 'NOT_FIRST_OF_MONTH' },
    });
  });

  it('bills a closed membership no more', async () => {
    const number = await register(bpuRegistration());
    const closed = await t.app.inject({
      method: 'POST',
      url: `/api/v1/members/${number}/close`,
      headers: supervisor,
      payload: { reason: 'REQUESTED_BY_MEMBER' },
    });
    assert.equal(closed.statusCode, 200, closed.body);
    expectProblem(await bill(number, { item: 'MONTHLY', periodStart: '2026-12-01', months: 1, programs: ['JKK', 'JKM'] }), {
      status: 409,
      code: 'MEMBERSHIP_CLOSED',
    });
  });

  it('lists a member’s bills with what is still owed', async () => {
    const number = await register(bpuRegistration());
    const issued = (await bill(number, { item: 'MONTHLY', periodStart: '2027-05-01', months: 1, programs: ['JKK', 'JKM'] })).json();
    await pay(issued.billNumber, 10_000);
    const list = await t.app.inject({ url: `/api/v1/members/${number}/bills`, headers: officer });
    assert.equal(list.statusCode, 200, list.body);
    assert.deepEqual(
      list
        .json()
        .items.map((b: { billNumber: string; paidAmount: number; outstanding: number; status: string }) => [
          b.billNumber,
          b.status,
          b.paidAmount,
          b.outstanding,
        ]),
      [[issued.billNumber, 'OPEN', 10_000, issued.amount - 10_000]],
    );
  });
});

describe('cancelling a bill', () => {
  it('cancels an unpaid bill, after which the same months can be billed again', async () => {
    const number = await register(bpuRegistration());
    const issued = (await bill(number, { item: 'MONTHLY', periodStart: '2027-08-01', months: 1, programs: ['JKK', 'JKM'] })).json();
    const cancelled = await t.app.inject({
      method: 'POST',
      url: `/api/v1/bills/${issued.billNumber}/cancel`,
      headers: supervisor,
      payload: { reason: 'Wrong months.' },
    });
    assert.equal(cancelled.statusCode, 200, cancelled.body);
    const again = await bill(number, { item: 'MONTHLY', periodStart: '2027-08-01', months: 2, programs: ['JKK', 'JKM'] });
    assert.equal(again.statusCode, 201, again.body);
    const list = (await t.app.inject({ url: `/api/v1/members/${number}/bills`, headers: officer })).json();
    assert.deepEqual(list.items.map((b: { status: string }) => b.status).sort(), ['CANCELLED', 'OPEN']);
  });

  it('refuses to cancel a bill that has a payment on it', async () => {
    const number = await register(bpuRegistration());
    const issued = (await bill(number, { item: 'MONTHLY', periodStart: '2027-10-01', months: 1, programs: ['JKK', 'JKM'] })).json();
    await pay(issued.billNumber, 1_000);
    expectProblem(
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/bills/${issued.billNumber}/cancel`,
        headers: supervisor,
        payload: { reason: 'Wrong.' },
      }),
      {
        status: 409,
        code: 'BILL_NOT_CANCELLABLE',
      },
    );
  });
});

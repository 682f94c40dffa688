import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { registerMember } from '../membership/service.ts';
import { bpuRegistration, expectProblem, pmiRegistration } from '../testing/fixtures.ts';
import { createTestApp, type TestApp } from '../testing/harness.ts';
import { recordPayment } from './record-payment.ts';

let t: TestApp;
let supervisor: { authorization: string };

before(async () => {
  t = await createTestApp();
  supervisor = await t.signIn('SUPERVISOR');
  await t.ctx.db
    .insertInto('partners')
    .values([
      { code: 'KEMENSOS', name: 'Kementerian Sosial', type: 'MINISTRY', country: 'ID' },
      { code: 'BANK-BNI', name: 'Bank BNI', type: 'BANK', country: 'ID' },
    ])
    .execute();
  await t.ctx.db
    .insertInto('payment_channels')
    .values({
      code: 'KEMENSOS-TRANSFER',
      name: 'Kemensos transfer',
      kind: 'GOVERNMENT_TRANSFER',
      partner_id: null,
      currency: 'IDR',
      webhook_secret: 's',
    })
    .execute();
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/v1/cohorts',
    headers: supervisor,
    payload: {
      code: 'ASKESOS-KARIMUN',
      name: 'Askesos Karimun',
      payerPartnerCode: 'KEMENSOS',
      monthlyAmounts: { JKK: 12_000, JKM: 3_600 },
      validFrom: '2026-01-01',
      validTo: '2028-12-31',
    },
  });
  assert.equal(created.statusCode, 201, created.body);
});

after(async () => {
  await t?.close();
});

describe('contribution assistance cohorts', () => {
  it('enrolls informal workers, refusing others with a reason each', async () => {
    const informal = (await registerMember(t.ctx, bpuRegistration(), undefined)).membershipNumber;
    const migrant = (await registerMember(t.ctx, pmiRegistration('DURING_PLACEMENT'), undefined)).membershipNumber;
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/cohorts/ASKESOS-KARIMUN/members',
      headers: supervisor,
      payload: { membershipNumbers: [informal, migrant, informal], enrolledFrom: '2026-03-01' },
    });
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(response.json().items, [
      { membershipNumber: informal, enrolled: true },
      { membershipNumber: migrant, enrolled: false, reason: 'NOT_AN_INFORMAL_WORKER' },
      { membershipNumber: informal, enrolled: false, reason: 'ALREADY_ENROLLED' },
    ]);
  });

  it('bills the ministry one month for every enrolled member, and its payment protects each of them', async () => {
    const members = [];
    for (let i = 0; i < 3; i++) members.push((await registerMember(t.ctx, bpuRegistration(), undefined)).membershipNumber);
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/cohorts/ASKESOS-KARIMUN/members',
      headers: supervisor,
      payload: { membershipNumbers: members, enrolledFrom: '2026-04-01' },
    });
    const enrolledBefore = await t.ctx.db.selectFrom('cohort_members').select('membership_id').execute();
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/cohorts/ASKESOS-KARIMUN/bills',
      headers: supervisor,
      payload: { month: '2026-05' },
    });
    assert.equal(response.statusCode, 201, response.body);
    const bill = response.json();
    assert.equal(bill.members, enrolledBefore.length);
    assert.equal(bill.amount, enrolledBefore.length * (12_000 + 3_600));
    const paid = await recordPayment(
      t.ctx,
      {
        channelCode: 'KEMENSOS-TRANSFER',
        channelReference: 'SP2D-2026-05',
        billNumber: bill.billNumber,
        amount: bill.amount,
        paidAt: '2026-05-10T03:00:00Z',
      },
      'DESK',
      'test',
    );
    assert.equal(paid.billStatus, 'PAID');
    for (const number of members) {
      const coverage = await t.app.inject({ url: `/api/v1/members/${number}/coverage?program=JKM&date=2026-05-20`, headers: supervisor });
      assert.equal(coverage.json().covered, true, number);
      assert.equal(coverage.json().reason.bill.kind, 'COHORT_MONTHLY');
      // After May and its 30 days of grace, nothing covers July.
      const july = await t.app.inject({ url: `/api/v1/members/${number}/coverage?program=JKM&date=2026-07-01`, headers: supervisor });
      assert.equal(july.json().covered, false);
    }
    expectProblem(
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/cohorts/ASKESOS-KARIMUN/bills',
        headers: supervisor,
        payload: { month: '2026-05' },
      }),
      {
        status: 409,
        code: 'ALREADY_BILLED',
      },
    );
  });

  it('refuses a cohort paid for by a bank', async () => {
    expectProblem(
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/cohorts',
        headers: supervisor,
        payload: { code: 'WRONG', name: 'Wrong', payerPartnerCode: 'BANK-BNI', monthlyAmounts: { JKK: 1 }, validFrom: '2026-01-01' },
      }),
      { status: 422, code: 'VALIDATION_FAILED', issue: { pointer: '/payerPartnerCode', code: 'NOT_A_GOVERNMENT_PAYER' } },
    );
  });

  it('refuses a month outside the cohort', async () => {
    expectProblem(
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/cohorts/ASKESOS-KARIMUN/bills',
        headers: supervisor,
        payload: { month: '2030-01' },
      }),
      {
        status: 422,
        code: 'VALIDATION_FAILED',
        issue: { pointer: '/month', code: 'OUTSIDE_COHORT' },
      },
    );
  });
});

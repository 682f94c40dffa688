import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { movableClock } from '../kernel/clock.ts';
import { expectProblem } from '../testing/fixtures.ts';
import { createTestApp, type TestApp } from '../testing/harness.ts';
import { coveredMigrantWorker, type Headers, jpeg, payTo, pdf, png, saver, signedInMember, upload, uploadChecklist } from './testing.ts';

let t: TestApp;
let officer: Headers;
let secondOfficer: Headers;
let supervisor: Headers;
let secondSupervisor: Headers;
let auditor: Headers;
const clock = movableClock('2026-03-20T03:00:00Z');

before(async () => {
  t = await createTestApp({ clock });
  officer = await t.signIn('OFFICER');
  secondOfficer = await t.signIn('OFFICER');
  supervisor = await t.signIn('SUPERVISOR');
  secondSupervisor = await t.signIn('SUPERVISOR');
  auditor = await t.signIn('AUDITOR');
});

after(async () => {
  await t.close();
});

const file = (headers: Headers, payload: object) => t.app.inject({ method: 'POST', url: '/api/v1/claims', headers, payload });
const act = (claimNumber: string, action: string, headers: Headers, payload: object = {}) =>
  t.app.inject({ method: 'POST', url: `/api/v1/claims/${claimNumber}/${action}`, headers, payload });
const read = (claimNumber: string, headers: Headers) => t.app.inject({ method: 'GET', url: `/api/v1/claims/${claimNumber}`, headers });

async function filed(headers: Headers, payload: object): Promise<string> {
  const response = await file(headers, payload);
  assert.equal(response.statusCode, 201, response.body);
  return response.json().claimNumber;
}

function medicalClaim(membershipNumber: string, eventDate = '2026-03-10', amount = 4_500_000) {
  return {
    membershipNumber,
    claimType: 'JKK_MEDICAL',
    facts: { eventDate, invoices: [{ reference: `INV-${eventDate}`, date: eventDate, amount }] },
    payTo,
  };
}

async function claimCount(): Promise<number> {
  const row = await t.ctx.db
    .selectFrom('claims')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function confirm(batchNumber: string, csv: string) {
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/claims/payment-batches/${batchNumber}/confirmations`,
    headers: { ...supervisor, 'content-type': 'text/csv' },
    payload: csv,
  });
}

describe('a JHT full-balance claim, end to end', () => {
  it('is filed, checked, assessed, approved, paid, and writes the withdrawal into the ledger', async () => {
    const member = await saver(t, { birthDate: '1968-05-01', amount: 5_000_000 });
    const claimNumber = await filed(officer, {
      membershipNumber: member.membershipNumber,
      claimType: 'JHT_FULL',
      facts: { eventDate: '2024-05-01', jhtReason: 'AGE_56' },
      payTo,
    });
    assert.equal((await read(claimNumber, auditor)).json().status, 'SUBMITTED');
    assert.equal((await upload(t, officer, claimNumber, 'MEMBERSHIP_CARD', pdf())).statusCode, 201);
    assert.equal((await upload(t, officer, claimNumber, 'IDENTITY_DOCUMENT', png(), 'ktp.png', 'image/png')).statusCode, 201);
    assert.equal((await upload(t, officer, claimNumber, 'BANK_ACCOUNT_PROOF', jpeg(), 'book.jpg', 'image/jpeg')).statusCode, 201);

    assert.equal((await act(claimNumber, 'document-check', officer)).json().status, 'DOCUMENTS_CHECKED');
    const assessed = await act(claimNumber, 'assessment', officer);
    assert.equal(assessed.statusCode, 200, assessed.body);
    const calculation = assessed.json().calculation;
    assert.equal(assessed.json().amount, 5_000_000);
    assert.equal(calculation.regulation.id, 'PP-46-2015-JHT');
    assert.deepEqual(
      calculation.lines.map((l: { code: string; amount: number; status: string }) => [l.code, l.amount, l.status]),
      [['JHT_FULL_BALANCE', 5_000_000, 'CONFIRMED']],
    );
    assert.match(calculation.lines[0].source, /PP 46\/2015/);

    // Whoever assessed does not approve.
    expectProblem(await act(claimNumber, 'approval', officer), { status: 403, code: 'FOUR_EYES' });
    assert.equal((await act(claimNumber, 'approval', secondOfficer)).json().status, 'APPROVED');

    const batch = await t.app.inject({ method: 'POST', url: '/api/v1/claims/payment-batches', headers: supervisor, payload: {} });
    assert.equal(batch.statusCode, 201, batch.body);
    const { batchNumber, items } = batch.json();
    const payment = items.find((i: { claimNumber: string }) => i.claimNumber === claimNumber);
    assert.ok(payment);
    assert.equal((await read(claimNumber, officer)).json().status, 'PAYMENT_INSTRUCTED');

    const xml = await t.app.inject({ url: `/api/v1/claims/payment-batches/${batchNumber}/export?format=pain.001`, headers: supervisor });
    assert.equal(xml.statusCode, 200);
    assert.match(String(xml.headers['content-type']), /application\/xml/);
    assert.match(xml.body, /urn:iso:std:iso:20022:tech:xsd:pain\.001\.001\.09/);
    assert.ok(xml.body.includes(`<EndToEndId>${payment.endToEndId}</EndToEndId>`));
    assert.ok(xml.body.includes('<InstdAmt Ccy="IDR">5000000</InstdAmt>'));
    const csv = await t.app.inject({ url: `/api/v1/claims/payment-batches/${batchNumber}/export?format=csv`, headers: auditor });
    assert.equal(csv.statusCode, 200);
    assert.ok(csv.body.startsWith('end_to_end_id,claim_number,amount'));
    assert.ok(csv.body.includes(`${payment.endToEndId},${claimNumber},5000000,IDR`));

    const confirmed = await confirm(
      batchNumber,
      `end_to_end_id,status,amount,bank_reference,settled_on\n${payment.endToEndId},PAID,5000000,BNI-1,2026-03-21\n`,
    );
    assert.equal(confirmed.statusCode, 200, confirmed.body);
    assert.equal(confirmed.json().summary.PAID, 1);
    assert.equal((await read(claimNumber, officer)).json().status, 'PAID');
    const balance = await t.app.inject({ url: `/api/v1/members/${member.membershipNumber}/jht?date=2026-03-21`, headers: officer });
    assert.equal(balance.json().balance, 0);

    const history = await t.app.inject({ url: `/api/v1/claims/${claimNumber}/history`, headers: auditor });
    assert.deepEqual(
      history.json().items.map((i: { action: string; to: string; role: string }) => [i.action, i.to, i.role]),
      [
        ['SUBMIT', 'SUBMITTED', 'OFFICER'],
        ['CHECK_DOCUMENTS', 'DOCUMENTS_CHECKED', 'OFFICER'],
        ['ASSESS', 'ASSESSED', 'OFFICER'],
        ['APPROVE', 'APPROVED', 'OFFICER'],
        ['INSTRUCT_PAYMENT', 'PAYMENT_INSTRUCTED', 'SUPERVISOR'],
        ['CONFIRM_PAYMENT', 'PAID', 'SUPERVISOR'],
      ],
    );
    const notifications = await t.ctx.db.selectFrom('outbox').select('payload').where('topic', '=', 'notification.member').execute();
    const statuses = notifications
      .map((n) => n.payload as { claimNumber?: string; status?: string })
      .filter((p) => p.claimNumber === claimNumber)
      .map((p) => p.status);
    assert.deepEqual(statuses, ['SUBMITTED', 'DOCUMENTS_CHECKED', 'ASSESSED', 'APPROVED', 'PAYMENT_INSTRUCTED', 'PAID']);
  });

  it('refuses a full JHT payout before 56, with the reason and the rule', async () => {
    const member = await saver(t, { birthDate: '1990-05-01' });
    const body = expectProblem(
      await file(officer, {
        membershipNumber: member.membershipNumber,
        claimType: 'JHT_FULL',
        facts: { eventDate: '2026-03-01', jhtReason: 'AGE_56' },
        payTo,
      }),
      { status: 422, code: 'CLAIM_NOT_ELIGIBLE', issue: { pointer: '/facts', code: 'BELOW_AGE' } },
    );
    assert.match(body.refusals[0].source, /PP 46\/2015/);
  });

  it('keeps one JHT claim open at a time', async () => {
    const member = await saver(t, { birthDate: '1960-01-01' });
    await filed(officer, {
      membershipNumber: member.membershipNumber,
      claimType: 'JHT_FULL',
      facts: { eventDate: '2016-01-01', jhtReason: 'AGE_56' },
      payTo,
    });
    expectProblem(
      await file(officer, {
        membershipNumber: member.membershipNumber,
        claimType: 'JHT_FULL',
        facts: { eventDate: '2026-02-01', jhtReason: 'PERMANENT_TOTAL_DISABILITY' },
        payTo,
      }),
      { status: 409, code: 'JHT_CLAIM_OPEN' },
    );
  });
});

describe('bad input', () => {
  it('refuses an event outside coverage with the reason, and stores nothing', async () => {
    const { membershipNumber } = await coveredMigrantWorker(t);
    const before = await claimCount();
    const body = expectProblem(await file(officer, medicalClaim(membershipNumber, '2026-01-15')), {
      status: 422,
      code: 'EVENT_NOT_COVERED',
      issue: { pointer: '/facts/eventDate', code: 'NO_PAID_PERIOD' },
    });
    assert.equal(body.coverage.program, 'JKK');
    assert.equal(await claimCount(), before);
  });

  it('refuses the same event claimed twice, also when both filings race', async () => {
    const { membershipNumber } = await coveredMigrantWorker(t);
    const [a, b] = await Promise.all([file(officer, medicalClaim(membershipNumber)), file(secondOfficer, medicalClaim(membershipNumber))]);
    const statuses = [a.statusCode, b.statusCode].sort();
    assert.deepEqual(statuses, [201, 409]);
    const winner = a.statusCode === 201 ? a : b;
    const loser = a.statusCode === 201 ? b : a;
    const problem = expectProblem(loser, { status: 409, code: 'DUPLICATE_CLAIM' });
    assert.equal(problem.claimNumber, winner.json().claimNumber);
    expectProblem(await file(officer, medicalClaim(membershipNumber)), { status: 409, code: 'DUPLICATE_CLAIM' });
  });

  it('lists every missing fact at once', async () => {
    const { membershipNumber } = await coveredMigrantWorker(t);
    const response = await file(officer, {
      membershipNumber,
      claimType: 'JKK_PERMANENT_DISABILITY',
      facts: { eventDate: '2030-01-01' },
      payTo,
    });
    const body = expectProblem(response, {
      status: 422,
      code: 'VALIDATION_FAILED',
      issue: { pointer: '/facts/disabilityPercent', code: 'FACT_REQUIRED' },
    });
    assert.ok(body.errors.some((e: { code: string }) => e.code === 'EVENT_IN_FUTURE'));
  });
});

describe('the workflow', () => {
  it('refuses transitions the table does not allow', async () => {
    const { membershipNumber } = await coveredMigrantWorker(t);
    const claimNumber = await filed(officer, medicalClaim(membershipNumber, '2026-03-01'));
    expectProblem(await act(claimNumber, 'approval', supervisor), { status: 409, code: 'ILLEGAL_TRANSITION' });
    expectProblem(await act(claimNumber, 'assessment', officer), { status: 409, code: 'ILLEGAL_TRANSITION' });
    expectProblem(await act(claimNumber, 'appeal', officer, { grounds: 'too early' }), { status: 409, code: 'ILLEGAL_TRANSITION' });
    expectProblem(await act(claimNumber, 'document-check', officer), { status: 409, code: 'DOCUMENTS_MISSING' });
    expectProblem(await act(claimNumber, 'document-check', auditor), { status: 403, code: 'ROLE_NOT_ALLOWED' });
    assert.equal((await read(claimNumber, officer)).json().status, 'SUBMITTED');
  });

  it('rejects with a reason, takes one appeal to a supervisor, and makes the second decision final', async () => {
    const { membershipNumber } = await coveredMigrantWorker(t);
    const claimNumber = await filed(officer, medicalClaim(membershipNumber, '2026-03-02'));
    const reason = { en: 'No medical report.', id: 'Tidak ada resume medis.' };
    const rejected = await act(claimNumber, 'rejection', officer, { reason });
    assert.equal(rejected.json().status, 'REJECTED');
    assert.deepEqual(rejected.json().rejectionReason, reason);
    clock.set('2026-03-20T06:00:00Z');
    const appealed = await act(claimNumber, 'appeal', officer, { grounds: 'The report is attached now.' }).finally(() =>
      clock.set('2026-03-20T03:00:00Z'),
    );
    assert.equal(appealed.json().status, 'APPEALED');
    assert.equal(appealed.json().appeals, 1);
    // The appeal has a clock of its own: 14 days from the appeal.
    assert.equal(appealed.json().slaDueAt, '2026-04-03T06:00:00.000Z');
    expectProblem(await act(claimNumber, 'assessment', officer), { status: 403, code: 'SUPERVISOR_REQUIRED' });
    const assessed = await act(claimNumber, 'assessment', supervisor);
    assert.equal(assessed.json().status, 'ASSESSED', assessed.body);
    assert.equal(assessed.json().amount, 4_500_000);
    expectProblem(await act(claimNumber, 'approval', officer), { status: 403, code: 'SUPERVISOR_REQUIRED' });
    await act(claimNumber, 'rejection', secondSupervisor, {
      reason: { en: 'Still not a work accident.', id: 'Tetap bukan kecelakaan kerja.' },
    });
    expectProblem(await act(claimNumber, 'appeal', officer, { grounds: 'Again.' }), { status: 409, code: 'ALREADY_APPEALED' });
  });

  it('shows a member their own claims and hides other members’ claims', async () => {
    const own = await saver(t, { birthDate: '1965-02-02' });
    const other = await saver(t, { birthDate: '1965-03-03' });
    const memberHeaders = await signedInMember(t.ctx, own.nik, own.membershipNumber);
    const ownClaim = await filed(memberHeaders, {
      membershipNumber: own.membershipNumber,
      claimType: 'JHT_FULL',
      facts: { eventDate: '2021-02-02', jhtReason: 'AGE_56' },
      payTo,
    });
    const otherClaim = await filed(officer, {
      membershipNumber: other.membershipNumber,
      claimType: 'JHT_FULL',
      facts: { eventDate: '2021-03-03', jhtReason: 'AGE_56' },
      payTo,
    });
    assert.equal((await read(ownClaim, memberHeaders)).statusCode, 200);
    expectProblem(await read(otherClaim, memberHeaders), { status: 404, code: 'CLAIM_NOT_FOUND' });
    expectProblem(
      await file(memberHeaders, {
        membershipNumber: other.membershipNumber,
        claimType: 'JHT_FULL',
        facts: { eventDate: '2021-03-03', jhtReason: 'AGE_56' },
        payTo,
      }),
      {
        status: 404,
        code: 'MEMBER_NOT_FOUND',
      },
    );
    const list = await t.app.inject({ url: `/api/v1/members/${own.membershipNumber}/claims`, headers: memberHeaders });
    assert.deepEqual(
      list.json().items.map((i: { claimNumber: string }) => i.claimNumber),
      [ownClaim],
    );
    expectProblem(await t.app.inject({ url: '/api/v1/claims/queue', headers: memberHeaders }), { status: 403, code: 'ROLE_NOT_ALLOWED' });
  });

  it('takes a death benefit from an heir only, and has a supervisor approve it', async () => {
    const { membershipNumber } = await coveredMigrantWorker(t);
    const claim = { membershipNumber, claimType: 'JKM_LUMP_SUM', facts: { eventDate: '2026-03-05' }, payTo };
    expectProblem(await file(officer, claim), {
      status: 422,
      code: 'VALIDATION_FAILED',
      issue: { pointer: '/claimant', code: 'HEIR_REQUIRED' },
    });
    const claimNumber = await filed(officer, {
      ...claim,
      claimant: { kind: 'HEIR', fullName: 'Ahmad Hidayat', relationship: 'SPOUSE', nik: '3204050101900001', phone: '+6281298765432' },
    });
    const view = (await read(claimNumber, officer)).json();
    assert.equal(view.claimant.kind, 'HEIR');
    assert.equal('nik' in view.claimant, false);
    assert.ok(view.checklist.some((c: { item: string }) => c.item === 'HEIR_CERTIFICATE'));
    await uploadChecklist(t, officer, claimNumber);
    await act(claimNumber, 'document-check', officer);
    const assessed = (await act(claimNumber, 'assessment', officer)).json();
    assert.equal(assessed.amount, 85_000_000);
    assert.equal(assessed.calculation.regulation.id, 'PERMENAKER-4-2023-BENEFITS');
    expectProblem(await act(claimNumber, 'approval', secondOfficer), { status: 403, code: 'SUPERVISOR_REQUIRED' });
    assert.equal((await act(claimNumber, 'approval', supervisor)).json().status, 'APPROVED');
    const outbox = await t.ctx.db.selectFrom('outbox').select('payload').where('topic', '=', 'notification.member').execute();
    assert.ok(
      outbox.some(
        (o) =>
          (o.payload as { claimNumber?: string; phone?: string }).claimNumber === claimNumber &&
          (o.payload as { phone?: string }).phone === '+6281298765432',
      ),
    );
  });

  it('reproduces the stored calculation a year later from its stored inputs', async () => {
    const { membershipNumber } = await coveredMigrantWorker(t);
    const claimNumber = await filed(officer, medicalClaim(membershipNumber, '2026-03-03', 1_234_567));
    await uploadChecklist(t, officer, claimNumber);
    await act(claimNumber, 'document-check', officer);
    await act(claimNumber, 'assessment', officer);
    clock.set('2027-03-20T03:00:00Z');
    try {
      const laterAuditor = await t.signIn('AUDITOR');
      const response = await t.app.inject({ url: `/api/v1/claims/${claimNumber}/calculation`, headers: laterAuditor });
      assert.equal(response.statusCode, 200, response.body);
      assert.equal(response.json().reproduced, true);
      assert.equal(response.json().recomputed.total, 1_234_567);
      assert.equal(response.json().recomputed.lines[0].status, 'UNCONFIRMED');
    } finally {
      clock.set('2026-03-20T03:00:00Z');
    }
  });
});

describe('payment confirmation', () => {
  async function approvedJhtClaim(amount: number) {
    const member = await saver(t, { birthDate: '1960-06-06', amount });
    const claimNumber = await filed(officer, {
      membershipNumber: member.membershipNumber,
      claimType: 'JHT_FULL',
      facts: { eventDate: '2016-06-06', jhtReason: 'AGE_56' },
      payTo,
    });
    await uploadChecklist(t, officer, claimNumber);
    await act(claimNumber, 'document-check', officer);
    await act(claimNumber, 'assessment', officer);
    const approved = await act(claimNumber, 'approval', secondOfficer);
    assert.equal(approved.json().status, 'APPROVED', approved.body);
    return { ...member, claimNumber };
  }

  it('pays a payment confirmed twice once, also when two confirmations race', async () => {
    const claim = await approvedJhtClaim(2_000_000);
    const batch = (await t.app.inject({ method: 'POST', url: '/api/v1/claims/payment-batches', headers: supervisor, payload: {} })).json();
    const payment = batch.items.find((i: { claimNumber: string }) => i.claimNumber === claim.claimNumber);
    const csv = `end_to_end_id,status,amount,bank_reference,settled_on\n${payment.endToEndId},PAID,2000000,BNI-9,2026-03-20\n`;
    const [a, b] = await Promise.all([confirm(batch.batchNumber, csv), confirm(batch.batchNumber, csv)]);
    const outcomes = [a.json().lines[0].outcome, b.json().lines[0].outcome].sort();
    assert.deepEqual(outcomes, ['ALREADY_CONFIRMED', 'PAID']);
    const again = await confirm(batch.batchNumber, csv);
    assert.equal(again.json().lines[0].outcome, 'ALREADY_CONFIRMED');
    const withdrawals = await t.ctx.db
      .selectFrom('jht_ledger')
      .select(['amount'])
      .where('membership_id', '=', claim.membershipId)
      .where('entry_type', '=', 'WITHDRAWAL')
      .execute();
    assert.deepEqual(
      withdrawals.map((w) => w.amount),
      [-2_000_000],
    );
  });

  it('reports a confirmation of another amount, an unknown payment and a malformed line without paying', async () => {
    const claim = await approvedJhtClaim(3_000_000);
    const batch = (await t.app.inject({ method: 'POST', url: '/api/v1/claims/payment-batches', headers: supervisor, payload: {} })).json();
    const payment = batch.items.find((i: { claimNumber: string }) => i.claimNumber === claim.claimNumber);
    const report = await confirm(
      batch.batchNumber,
      [
        'end_to_end_id,status,amount,bank_reference,settled_on',
        `${payment.endToEndId},PAID,2999999,BNI-1,2026-03-20`,
        'K9999999999-PB99999999,PAID,100,BNI-2,2026-03-20',
        `${payment.endToEndId},MAYBE,3000000,BNI-3,2026-03-20`,
        '',
      ].join('\n'),
    );
    assert.deepEqual(
      report.json().lines.map((l: { outcome: string }) => l.outcome),
      ['AMOUNT_DIFFERS', 'UNKNOWN_PAYMENT', 'INVALID'],
    );
    assert.equal((await read(claim.claimNumber, officer)).json().status, 'PAYMENT_INSTRUCTED');
  });

  it('sends a returned payment back to APPROVED for the next batch', async () => {
    const claim = await approvedJhtClaim(1_000_000);
    const batch = (await t.app.inject({ method: 'POST', url: '/api/v1/claims/payment-batches', headers: supervisor, payload: {} })).json();
    const payment = batch.items.find((i: { claimNumber: string }) => i.claimNumber === claim.claimNumber);
    const report = await confirm(
      batch.batchNumber,
      `end_to_end_id,status,amount,bank_reference,settled_on\n${payment.endToEndId},RETURNED,1000000,CLOSED,2026-03-20\n`,
    );
    assert.equal(report.json().lines[0].outcome, 'RETURNED');
    assert.equal((await read(claim.claimNumber, officer)).json().status, 'APPROVED');
    const next = (await t.app.inject({ method: 'POST', url: '/api/v1/claims/payment-batches', headers: supervisor, payload: {} })).json();
    assert.ok(next.items.some((i: { claimNumber: string }) => i.claimNumber === claim.claimNumber));
  });
});

describe('the officers’ queue', () => {
  it('lists open claims by service-level due time, page by page, without repeats', async () => {
    const saverMember = await saver(t, { birthDate: '1962-07-07' });
    const { membershipNumber } = await coveredMigrantWorker(t);
    const medical = await filed(officer, medicalClaim(membershipNumber, '2026-03-04'));
    clock.set('2026-03-20T04:00:00Z');
    const jht = await filed(officer, {
      membershipNumber: saverMember.membershipNumber,
      claimType: 'JHT_FULL',
      facts: { eventDate: '2018-07-07', jhtReason: 'AGE_56' },
      payTo,
    });
    clock.set('2026-03-20T03:00:00Z');
    const seen: Array<{ claimNumber: string; slaDueAt: string }> = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/claims/queue?limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await t.app.inject({ url, headers: officer });
      assert.equal(page.statusCode, 200, page.body);
      seen.push(...page.json().items);
      cursor = page.json().nextCursor;
    } while (cursor);
    const numbers = seen.map((s) => s.claimNumber);
    assert.equal(new Set(numbers).size, numbers.length);
    const dues = seen.map((s) => s.slaDueAt);
    assert.deepEqual(dues, [...dues].sort());
    // A JHT claim is due in 5 days, a JKK claim in 14: the later JHT filing comes first.
    assert.ok(numbers.indexOf(jht) < numbers.indexOf(medical));
    expectProblem(await t.app.inject({ url: '/api/v1/claims/queue?cursor=bm9wZQ', headers: officer }), {
      status: 422,
      code: 'VALIDATION_FAILED',
    });
  });
});

describe('the benefit simulator', () => {
  it('answers without signing in, line by line, with each figure’s status and source', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/claims/simulate',
      payload: {
        claimType: 'JKM_LUMP_SUM',
        facts: { eventDate: '2026-05-01' },
        member: { segment: 'PMI', pmiPhaseOnEvent: 'BEFORE_PLACEMENT' },
      },
    });
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json();
    assert.equal(body.total, 20_000_000);
    assert.equal(body.lines[0].status, 'CONFIRMED');
    assert.match(body.lines[0].source, /18896/);
    assert.equal(body.coverage.checked, false);
    assert.ok(body.documents.includes('DEATH_CERTIFICATE'));
  });

  it('uses a signed-in member’s own history and coverage', async () => {
    const member = await saver(t, { birthDate: '1966-01-10', amount: 7_000_000 });
    const headers = await signedInMember(t.ctx, member.nik, member.membershipNumber);
    const before = await claimCount();
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/claims/simulate',
      headers,
      payload: {
        claimType: 'JHT_FULL',
        facts: { eventDate: '2022-01-10', jhtReason: 'AGE_56' },
        membershipNumber: member.membershipNumber,
      },
    });
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.json().total, 7_000_000);
    assert.equal(await claimCount(), before);
    const anonymous = await t.app.inject({
      method: 'POST',
      url: '/api/v1/claims/simulate',
      payload: {
        claimType: 'JHT_FULL',
        facts: { eventDate: '2022-01-10', jhtReason: 'AGE_56' },
        membershipNumber: member.membershipNumber,
      },
    });
    expectProblem(anonymous, { status: 422, code: 'VALIDATION_FAILED', issue: { pointer: '/membershipNumber', code: 'SIGN_IN_REQUIRED' } });
  });
});

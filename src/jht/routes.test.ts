import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fixedClock } from '../kernel/clock.ts';
import { findMembershipRef } from '../membership/service.ts';
import { addPartner, bpuRegistration, expectProblem, pmiRegistration, signedInMember } from '../testing/fixtures.ts';
import { createTestApp, type TestApp } from '../testing/harness.ts';
import { creditJht, debitJht } from './service.ts';

type Headers = Record<string, string>;

let t: TestApp;
let officer: Headers;
let supervisor: Headers;
let auditor: Headers;
let hongKongDesk: Headers;

before(async () => {
  t = await createTestApp({ clock: fixedClock('2026-03-01T03:00:00Z') });
  await addPartner(t.ctx, 'KJRI-HONGKONG', 'EMBASSY', 'HK');
  await addPartner(t.ctx, 'KDEI-TAIPEI', 'EMBASSY', 'TW');
  officer = await t.signIn('OFFICER');
  supervisor = await t.signIn('SUPERVISOR');
  auditor = await t.signIn('AUDITOR');
  hongKongDesk = await t.signIn('PARTNER_USER', 'KJRI-HONGKONG');
});

after(async () => {
  await t.close();
});

let references = 0;

/** A member registered through `headers`, with 1,000,000 credited on 31 January 2025 and 250,000 withdrawn on 1 June 2025. */
async function memberWithSavings(body = bpuRegistration(), headers: Headers = officer) {
  const response = await t.app.inject({ method: 'POST', url: '/api/v1/members', headers, payload: body });
  assert.equal(response.statusCode, 201, response.body);
  const membershipNumber = response.json().membershipNumber as string;
  const { id } = await findMembershipRef(t.ctx, membershipNumber, undefined);
  await creditJht(t.ctx.db, {
    membershipId: id,
    amount: 1_000_000,
    valueDate: '2025-01-31',
    reference: `payment:${++references}:JHT`,
    recordedBy: 'test',
  });
  await debitJht(t.ctx.db, {
    membershipId: id,
    amount: 250_000,
    valueDate: '2025-06-01',
    reference: `claim:${++references}`,
    recordedBy: 'test',
  });
  return { membershipNumber, nik: body.person.nik ?? '' };
}

const balance = (membershipNumber: string, headers: Headers, query = '') =>
  t.app.inject({ method: 'GET', url: `/api/v1/members/${membershipNumber}/jht${query}`, headers });

const statement = (membershipNumber: string, headers: Headers, query = '') =>
  t.app.inject({ method: 'GET', url: `/api/v1/members/${membershipNumber}/jht/statement${query}`, headers });

describe('GET /api/v1/members/{membershipNumber}/jht', () => {
  it('answers the balance at the end of the date asked', async () => {
    const { membershipNumber } = await memberWithSavings();
    const response = await balance(membershipNumber, officer, '?date=2025-05-31');
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(response.json(), { membershipNumber, date: '2025-05-31', balance: 1_000_000, unconfirmedYieldYears: [] });
  });

  it('answers today’s balance without a date', async () => {
    const { membershipNumber } = await memberWithSavings();
    const response = await balance(membershipNumber, auditor);
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.json().date, '2026-03-01');
    assert.equal(response.json().balance, 750_000);
  });

  it('refuses a date that is not a date', async () => {
    const { membershipNumber } = await memberWithSavings();
    expectProblem(await balance(membershipNumber, officer, '?date=2025-02-30'), {
      status: 400,
      code: 'VALIDATION_FAILED',
      issue: { pointer: '/querystring/date', code: 'INVALID_FORMAT' },
    });
  });

  it('tells a mistyped membership number from an unknown one', async () => {
    expectProblem(await balance('12345678901', officer), { status: 422, code: 'VALIDATION_FAILED' });
    const { membershipNumber } = await memberWithSavings();
    const lastDigit = Number(membershipNumber.at(-2));
    // Changing a digit breaks the check digit; an unknown valid number is simply not found.
    const mistyped = `${membershipNumber.slice(0, 9)}${(lastDigit + 1) % 10}${membershipNumber.at(-1)}`;
    expectProblem(await balance(mistyped, officer), { status: 422, code: 'VALIDATION_FAILED' });
  });

  it('requires a session', async () => {
    const { membershipNumber } = await memberWithSavings();
    expectProblem(await balance(membershipNumber, {}), { status: 401, code: 'AUTHENTICATION_REQUIRED' });
  });

  it('shows a member their own balance', async () => {
    const { membershipNumber, nik } = await memberWithSavings();
    const response = await balance(membershipNumber, await signedInMember(t.ctx, nik, membershipNumber));
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.json().balance, 750_000);
  });

  it('hides another member’s balance and statement from a member with 404', async () => {
    const own = await memberWithSavings();
    const other = await memberWithSavings();
    const headers = await signedInMember(t.ctx, own.nik, own.membershipNumber);
    expectProblem(await balance(other.membershipNumber, headers), { status: 404, code: 'MEMBER_NOT_FOUND' });
    expectProblem(await statement(other.membershipNumber, headers), { status: 404, code: 'MEMBER_NOT_FOUND' });
  });

  it('shows a partner user the members its partner registered, and no others', async () => {
    const body = pmiRegistration('DURING_PLACEMENT');
    body.channel = { type: 'EMBASSY_DESK' };
    const ours = await memberWithSavings(body, hongKongDesk);
    assert.equal((await balance(ours.membershipNumber, hongKongDesk)).statusCode, 200);
    const theirs = await memberWithSavings();
    expectProblem(await balance(theirs.membershipNumber, hongKongDesk), { status: 404, code: 'MEMBER_NOT_FOUND' });
  });
});

describe('GET /api/v1/members/{membershipNumber}/jht/statement', () => {
  it('answers the opening balance, the entries of the period and the closing balance', async () => {
    const { membershipNumber } = await memberWithSavings();
    const response = await statement(membershipNumber, officer, '?from=2025-02-01&to=2025-12-31');
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json();
    assert.equal(body.openingBalance, 1_000_000);
    assert.deepEqual(
      body.entries.map((e: { entryType: string; amount: number; balanceAfter: number }) => [e.entryType, e.amount, e.balanceAfter]),
      [['WITHDRAWAL', -250_000, 750_000]],
    );
    assert.equal(body.closingBalance, 750_000);
    assert.match(body.entries[0].recordedAt, /^\d{4}-\d{2}-\d{2}T/);
  });

  it('refuses a period that ends before it starts', async () => {
    const { membershipNumber } = await memberWithSavings();
    expectProblem(await statement(membershipNumber, officer, '?from=2025-12-31&to=2025-01-01'), {
      status: 422,
      code: 'VALIDATION_FAILED',
      issue: { pointer: '/from', code: 'PERIOD_REVERSED' },
    });
  });
});

describe('POST /api/v1/jht/yields/{year}', () => {
  const post = (year: number | string, headers: Headers, payload?: object) =>
    t.app.inject({ method: 'POST', url: `/api/v1/jht/yields/${year}`, headers, ...(payload ? { payload } : {}) });

  it('is for supervisors only', async () => {
    expectProblem(await post(2025, officer, { acceptUnconfirmedRate: true }), { status: 403, code: 'ROLE_NOT_ALLOWED' });
    expectProblem(await post(2025, auditor, { acceptUnconfirmedRate: true }), { status: 403, code: 'ROLE_NOT_ALLOWED' });
  });

  it('refuses an unconfirmed rate unless accepted, saying so', async () => {
    const body = expectProblem(await post(2025, supervisor, {}), { status: 409, code: 'YIELD_RATE_UNCONFIRMED' });
    assert.equal(body.rate.status, 'UNCONFIRMED');
  });

  it('refuses a year that is not over', async () => {
    expectProblem(await post(2026, supervisor, { acceptUnconfirmedRate: true }), { status: 409, code: 'YIELD_YEAR_NOT_OVER' });
  });

  it('refuses a year that is not a year', async () => {
    expectProblem(await post('twenty', supervisor, {}), { status: 400, code: 'VALIDATION_FAILED' });
  });

  it('posts the year with 201, then answers the same posting with 200', async () => {
    const { membershipNumber } = await memberWithSavings();
    // Balances exist before 2025: 2024 comes first (nothing to earn in it: all entries are 2025).
    const first2024 = await post(2024, supervisor, { acceptUnconfirmedRate: true });
    assert.equal(first2024.statusCode, 201, first2024.body);
    const posted = await post(2025, supervisor, { acceptUnconfirmedRate: true });
    assert.equal(posted.statusCode, 201, posted.body);
    assert.equal(posted.json().alreadyPosted, false);
    assert.equal(posted.json().rate.status, 'UNCONFIRMED');
    const again = await post(2025, supervisor, { acceptUnconfirmedRate: true });
    assert.equal(again.statusCode, 200, again.body);
    assert.equal(again.json().alreadyPosted, true);
    assert.equal(again.json().total, posted.json().total);
    const after = await balance(membershipNumber, officer, '?date=2025-12-31');
    assert.deepEqual(after.json().unconfirmedYieldYears, [2025]);
    assert.ok(after.json().balance > 750_000);
  });
});

describe('the API document', () => {
  it('lists the JHT routes under their tag, with their authentication', async () => {
    const document = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    assert.ok(document.tags.some((tag: { name: string }) => tag.name === 'JHT'));
    for (const path of [
      '/api/v1/members/{membershipNumber}/jht',
      '/api/v1/members/{membershipNumber}/jht/statement',
      '/api/v1/jht/yields/{year}',
    ]) {
      assert.ok(document.paths[path], `missing ${path}`);
    }
    const postYield = document.paths['/api/v1/jht/yields/{year}'].post;
    assert.deepEqual(postYield.tags, ['JHT']);
    assert.ok(postYield.security.length > 0);
    assert.deepEqual(postYield.requestBody.content['application/json'].example, { acceptUnconfirmedRate: true });
  });
});

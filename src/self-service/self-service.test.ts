import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { movableClock } from '../kernel/clock.ts';
import { citizen, countRows, expectProblem, passportNumber, placement, sentSignInCode } from '../testing/fixtures.ts';
import { createTestApp, type TestApp } from '../testing/harness.ts';

let t: TestApp;
const clock = movableClock('2026-11-22T03:00:00Z');
let phones = 0;

before(async () => {
  t = await createTestApp({ clock });
});
after(async () => {
  await t.close();
});

function newPhone(): string {
  phones += 1;
  return `+8529${String(1000000 + phones).padStart(7, '0')}`;
}

async function requestCode(phone: string) {
  return t.app.inject({ method: 'POST', url: '/api/v1/self-service/phone-codes', payload: { phone } });
}

async function confirmedToken(phone = newPhone()): Promise<{ token: string; phone: string }> {
  const sent = await requestCode(phone);
  assert.equal(sent.statusCode, 202, sent.body);
  const code = await sentSignInCode(t.ctx, { phone });
  const confirmed = await t.app.inject({
    method: 'POST',
    url: '/api/v1/self-service/phone-confirmations',
    payload: { confirmationId: sent.json().confirmationId, code },
  });
  assert.equal(confirmed.statusCode, 200, confirmed.body);
  return { token: confirmed.json().registrationToken, phone };
}

function pmiBody(token: string) {
  const identity = citizen();
  return {
    registrationToken: token,
    segment: 'PMI',
    person: {
      ...identity,
      fullName: 'Dewi Lestari',
      passport: { number: passportNumber(), issuingCountry: 'ID', expiryDate: '2031-01-31' },
    },
    pmi: { phase: 'DURING_PLACEMENT', placement: placement({ destinationCountry: 'TW', placementRoute: 'INDIVIDUAL' }) },
  };
}

describe('self-registration', () => {
  it('registers a migrant worker with the confirmed phone and the channel SELF_SERVICE_WEB', async () => {
    const { token, phone } = await confirmedToken();
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/self-service/registrations', payload: pmiBody(token) });
    assert.equal(response.statusCode, 201, response.body);
    const { membershipNumber } = response.json();
    const officer = await t.signIn('OFFICER');
    const member = await t.app.inject({ method: 'GET', url: `/api/v1/members/${membershipNumber}`, headers: officer });
    assert.equal(member.json().registrationChannel, 'SELF_SERVICE_WEB');
    assert.equal(member.json().person.phone, phone);
    assert.equal(member.json().placements[0].destinationCountry, 'TW');
  });

  it('registers an informal worker (BPU) with occupation and declared income', async () => {
    const { token } = await confirmedToken();
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/self-service/registrations',
      payload: {
        registrationToken: token,
        segment: 'BPU',
        person: { ...citizen(), fullName: 'Budi Santoso' },
        bpu: { occupation: 'Ojek driver', declaredMonthlyIncome: 2_500_000 },
      },
    });
    assert.equal(response.statusCode, 201, response.body);
  });

  it('uses a confirmation for one registration only', async () => {
    const { token } = await confirmedToken();
    const first = await t.app.inject({ method: 'POST', url: '/api/v1/self-service/registrations', payload: pmiBody(token) });
    assert.equal(first.statusCode, 201, first.body);
    const second = await t.app.inject({ method: 'POST', url: '/api/v1/self-service/registrations', payload: pmiBody(token) });
    expectProblem(second, { status: 401, code: 'PHONE_NOT_CONFIRMED' });
  });

  it('tells a public caller that a person is registered, without the membership number', async () => {
    const first = await confirmedToken();
    const body = pmiBody(first.token);
    assert.equal((await t.app.inject({ method: 'POST', url: '/api/v1/self-service/registrations', payload: body })).statusCode, 201);
    const second = await confirmedToken();
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/v1/self-service/registrations',
      payload: { ...body, registrationToken: second.token },
    });
    const problem = expectProblem(again, { status: 409, code: 'DUPLICATE_REGISTRATION' });
    assert.equal('membershipNumber' in problem, false);
  });

  it('refuses a registration without a confirmed phone and stores nothing', async () => {
    const before = await countRows(t.ctx.db);
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/self-service/registrations',
      payload: pmiBody('not-a-token-that-was-ever-given-out'),
    });
    expectProblem(response, { status: 401, code: 'PHONE_NOT_CONFIRMED' });
    assert.deepEqual(await countRows(t.ctx.db), before);
  });

  it('keeps the confirmation when the registration is refused, so a corrected form can be sent', async () => {
    const { token } = await confirmedToken();
    const broken = pmiBody(token);
    broken.pmi.placement = placement({ contractStart: '2027-01-01', contractEnd: '2026-01-01' });
    const refused = await t.app.inject({ method: 'POST', url: '/api/v1/self-service/registrations', payload: broken });
    expectProblem(refused, {
      status: 422,
      code: 'VALIDATION_FAILED',
      issue: { pointer: '/pmi/placement/contractEnd', code: 'CONTRACT_ENDS_BEFORE_START' },
    });
    const corrected = await t.app.inject({ method: 'POST', url: '/api/v1/self-service/registrations', payload: pmiBody(token) });
    assert.equal(corrected.statusCode, 201, corrected.body);
  });

  it('refuses a phone number that is not in international format', async () => {
    const response = await requestCode('081234567890');
    expectProblem(response, { status: 422, code: 'VALIDATION_FAILED', issue: { pointer: '/phone', code: 'PHONE_FORMAT' } });
  });

  it('answers a wrong code with INVALID_CODE and, after five, refuses even the right one', async () => {
    const phone = newPhone();
    const sent = await requestCode(phone);
    const confirmationId = sent.json().confirmationId;
    const code = await sentSignInCode(t.ctx, { phone });
    const wrong = code === '000000' ? '111111' : '000000';
    for (let attempt = 1; attempt < 5; attempt++) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/v1/self-service/phone-confirmations',
        payload: { confirmationId, code: wrong },
      });
      expectProblem(response, { status: 401, code: 'INVALID_CODE' });
    }
    const fifth = await t.app.inject({
      method: 'POST',
      url: '/api/v1/self-service/phone-confirmations',
      payload: { confirmationId, code: wrong },
    });
    expectProblem(fifth, { status: 429, code: 'TOO_MANY_ATTEMPTS' });
    const right = await t.app.inject({
      method: 'POST',
      url: '/api/v1/self-service/phone-confirmations',
      payload: { confirmationId, code },
    });
    expectProblem(right, { status: 429, code: 'TOO_MANY_ATTEMPTS' });
  });

  it('refuses a code after it expires', async () => {
    const phone = newPhone();
    const sent = await requestCode(phone);
    const code = await sentSignInCode(t.ctx, { phone });
    clock.set(new Date(clock.now().getTime() + 11 * 60_000));
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/self-service/phone-confirmations',
      payload: { confirmationId: sent.json().confirmationId, code },
    });
    expectProblem(response, { status: 401, code: 'INVALID_CODE' });
  });

  it('sends at most three codes to one phone in an hour', async () => {
    const phone = newPhone();
    for (let i = 0; i < 3; i++) assert.equal((await requestCode(phone)).statusCode, 202);
    expectProblem(await requestCode(phone), { status: 429, code: 'TOO_MANY_CODES' });
    clock.set(new Date(clock.now().getTime() + 61 * 60_000));
    assert.equal((await requestCode(phone)).statusCode, 202);
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { bpuRegistration, countRows, expectProblem, pmiRegistration, sentSignInCode } from '../testing/fixtures.ts';
import { createTestApp, type TestApp } from '../testing/harness.ts';
import { createUser } from './service.ts';

type Headers = Record<string, string>;

let t: TestApp;
let officer: Headers;

// Every test signs in from its own address, so the per-address rate limits of the sign-in
// routes never mix one test's requests with another's.
let addresses = 0;
const nextAddress = () => `10.0.${Math.floor(++addresses / 250)}.${addresses % 250}`;

before(async () => {
  t = await createTestApp();
  officer = await t.signIn('OFFICER');
});

after(async () => {
  await t.close();
});

let accounts = 0;
async function staffAccount(role: 'OFFICER' | 'SUPERVISOR' | 'AUDITOR' = 'OFFICER') {
  const username = `staff-${++accounts}`;
  const password = `a long password ${accounts}`;
  await createUser(t.ctx, { username, role, password });
  return { username, password };
}

function login(username: string, password: string, remoteAddress: string) {
  return t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password }, remoteAddress });
}

function me(headers: Headers) {
  return t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers });
}

async function registerMember(body = pmiRegistration('DURING_PLACEMENT')) {
  const response = await t.app.inject({ method: 'POST', url: '/api/v1/members', headers: officer, payload: body });
  assert.equal(response.statusCode, 201, response.body);
  return { body, membershipNumber: response.json().membershipNumber as string };
}

type Identifier = { nik: string } | { passport: { number: string; issuingCountry: string } };

function requestCode(identifier: Identifier, remoteAddress: string) {
  return t.app.inject({ method: 'POST', url: '/api/v1/auth/member/code', payload: identifier, remoteAddress });
}

function verifyCode(identifier: Identifier, code: string, remoteAddress: string) {
  return t.app.inject({ method: 'POST', url: '/api/v1/auth/member/verify', payload: { identifier, code }, remoteAddress });
}

async function signedInMember(identifier: Identifier, membershipNumber: string): Promise<Headers> {
  const address = nextAddress();
  assert.equal((await requestCode(identifier, address)).statusCode, 202);
  const response = await verifyCode(identifier, await sentSignInCode(t.ctx, { membershipNumber }), address);
  assert.equal(response.statusCode, 200, response.body);
  return { authorization: `Bearer ${response.json().token}` };
}

/** A six-digit code that is not the one sent. */
function wrong(code: string): string {
  return String((Number(code) + 1) % 1_000_000).padStart(6, '0');
}

describe('staff sign-in', () => {
  it('gives a bearer token that authenticates the staff user', async () => {
    const { username, password } = await staffAccount('SUPERVISOR');
    const response = await login(username, password, nextAddress());
    assert.equal(response.statusCode, 200, response.body);
    const session = response.json();
    assert.equal(typeof session.token, 'string');
    assert.ok(new Date(session.expiresAt).getTime() > Date.now());
    assert.equal(session.principal.role, 'SUPERVISOR');
    const who = await me({ authorization: `Bearer ${session.token}` });
    assert.equal(who.statusCode, 200, who.body);
    assert.equal(who.json().username, username);
    assert.equal(who.json().kind, 'staff');
  });

  it('refuses a wrong password with 401 INVALID_CREDENTIALS', async () => {
    const { username } = await staffAccount();
    expectProblem(await login(username, 'not the password', nextAddress()), { status: 401, code: 'INVALID_CREDENTIALS' });
  });

  it('refuses an unknown username exactly like a wrong password', async () => {
    const response = await login('nobody-here', 'whatever it is', nextAddress());
    expectProblem(response, { status: 401, code: 'INVALID_CREDENTIALS' });
  });

  it('refuses even the right password after five failed attempts', async () => {
    const { username, password } = await staffAccount();
    const address = nextAddress();
    for (let attempt = 1; attempt <= 5; attempt++) {
      expectProblem(await login(username, `wrong guess ${attempt}`, address), { status: 401, code: 'INVALID_CREDENTIALS' });
    }
    expectProblem(await login(username, password, address), { status: 429, code: 'TOO_MANY_ATTEMPTS' });
  });

  it('counts failures per username whatever its case and address', async () => {
    const { username, password } = await staffAccount();
    for (let attempt = 1; attempt <= 5; attempt++) {
      await login(attempt % 2 === 0 ? username.toUpperCase() : username, `wrong guess ${attempt}`, nextAddress());
    }
    expectProblem(await login(username, password, nextAddress()), { status: 429, code: 'TOO_MANY_ATTEMPTS' });
  });

  it('sets an HttpOnly, SameSite=Strict session cookie that also authenticates', async () => {
    const { username, password } = await staffAccount();
    const response = await login(username, password, nextAddress());
    assert.equal(response.statusCode, 200, response.body);
    const setCookie = String(response.headers['set-cookie']);
    assert.match(setCookie, /^lindung_session=/);
    assert.match(setCookie, /;\s*HttpOnly/i);
    assert.match(setCookie, /;\s*SameSite=Strict/i);
    assert.match(setCookie, /;\s*Path=\//i);
    const cookie = response.cookies.find((c) => c.name === 'lindung_session');
    assert.ok(cookie);
    assert.equal(cookie.value, response.json().token);
    const who = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', cookies: { lindung_session: cookie.value } });
    assert.equal(who.statusCode, 200, who.body);
    assert.equal(who.json().username, username);
  });

  it('revokes the token at logout', async () => {
    const { username, password } = await staffAccount();
    const token = (await login(username, password, nextAddress())).json().token;
    const headers = { authorization: `Bearer ${token}` };
    assert.equal((await me(headers)).statusCode, 200);
    const out = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers });
    assert.equal(out.statusCode, 204, out.body);
    assert.match(String(out.headers['set-cookie']), /^lindung_session=;/);
    expectProblem(await me(headers), { status: 401, code: 'SESSION_INVALID' });
    expectProblem(await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', cookies: { lindung_session: token } }), {
      status: 401,
      code: 'SESSION_INVALID',
    });
  });

  it('tells a page whether anyone is signed in without an error status', async () => {
    const { username, password } = await staffAccount();
    const token = (await login(username, password, nextAddress())).json().token;
    const session = (cookie?: string) =>
      t.app.inject({ method: 'GET', url: '/api/v1/auth/session', ...(cookie ? { cookies: { lindung_session: cookie } } : {}) });
    const signedIn = await session(token);
    assert.equal(signedIn.statusCode, 200, signedIn.body);
    assert.equal(signedIn.json().signedIn, true);
    assert.equal(signedIn.json().principal.username, username);
    assert.equal(signedIn.json().sessionEnded, false);
    const nobody = await session();
    assert.equal(nobody.statusCode, 200, nobody.body);
    assert.deepEqual(nobody.json(), { signedIn: false, principal: null, sessionEnded: false });
    const garbage = await session('garbage');
    assert.deepEqual(garbage.json(), { signedIn: false, principal: null, sessionEnded: true });
    // Signed out on another device: the page learns its session has ended.
    await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { authorization: `Bearer ${token}` } });
    assert.deepEqual((await session(token)).json(), { signedIn: false, principal: null, sessionEnded: true });
  });

  it('refuses a request without a credential with 401 AUTHENTICATION_REQUIRED', async () => {
    expectProblem(await me({}), { status: 401, code: 'AUTHENTICATION_REQUIRED' });
  });

  it('refuses a garbage bearer token with 401 SESSION_INVALID', async () => {
    expectProblem(await me({ authorization: 'Bearer garbage' }), { status: 401, code: 'SESSION_INVALID' });
  });

  it('refuses a garbage session cookie with 401 SESSION_INVALID', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', cookies: { lindung_session: 'garbage' } });
    expectProblem(response, { status: 401, code: 'SESSION_INVALID' });
  });

  it('lets only an administrator create staff accounts', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: officer,
      payload: { username: 'new-officer', role: 'OFFICER', password: 'a long enough password' },
    });
    expectProblem(response, { status: 403, code: 'ROLE_NOT_ALLOWED' });
  });
});

describe('member sign-in with a one-time code', () => {
  it('answers 202 to a code request for an unknown NIK, and sends nothing', async () => {
    const before = await countRows(t.ctx.db);
    const response = await requestCode({ nik: '3204054508950999' }, nextAddress());
    assert.equal(response.statusCode, 202, response.body);
    assert.equal(response.json().expiresInSeconds, 600);
    assert.deepEqual(await countRows(t.ctx.db), before);
  });

  it('answers a registered NIK’s sixth code request in the hour as it answers an unknown NIK’s', async () => {
    const { body } = await registerMember(bpuRegistration());
    const statusesFor = async (nik: string) => {
      const statuses: number[] = [];
      for (let request = 1; request <= 6; request++) statuses.push((await requestCode({ nik }, nextAddress())).statusCode);
      return statuses;
    };
    const unknown = await statusesFor('3204054508950997');
    const registered = await statusesFor(body.person.nik ?? '');
    assert.deepEqual(unknown, [202, 202, 202, 202, 202, 202]);
    assert.deepEqual(registered, unknown, 'the answer must not tell whether the NIK is registered');
  });

  it('sends the code through the outbox and signs the member in with it', async () => {
    const { body, membershipNumber } = await registerMember();
    const address = nextAddress();
    const before = await countRows(t.ctx.db);
    const response = await requestCode({ nik: body.person.nik ?? '' }, address);
    assert.equal(response.statusCode, 202, response.body);
    assert.equal((await countRows(t.ctx.db)).outbox, before.outbox + 1);
    const code = await sentSignInCode(t.ctx, { membershipNumber });
    assert.match(code, /^[0-9]{6}$/);
    const verified = await verifyCode({ nik: body.person.nik ?? '' }, code, address);
    assert.equal(verified.statusCode, 200, verified.body);
    assert.deepEqual(verified.json().principal, {
      kind: 'member',
      membershipId: verified.json().principal.membershipId,
      membershipNumber,
    });
    const who = await me({ authorization: `Bearer ${verified.json().token}` });
    assert.equal(who.json().membershipNumber, membershipNumber);
  });

  it('signs a member in by passport', async () => {
    const { body, membershipNumber } = await registerMember();
    const passport = body.person.passport;
    assert.ok(passport);
    const headers = await signedInMember(
      { passport: { number: passport.number, issuingCountry: passport.issuingCountry } },
      membershipNumber,
    );
    assert.equal((await me(headers)).json().membershipNumber, membershipNumber);
  });

  it('shows a signed-in member their own record and history', async () => {
    const { body, membershipNumber } = await registerMember();
    const headers = await signedInMember({ nik: body.person.nik ?? '' }, membershipNumber);
    const own = await t.app.inject({ method: 'GET', url: `/api/v1/members/${membershipNumber}`, headers });
    assert.equal(own.statusCode, 200, own.body);
    assert.equal(own.json().person.nik, body.person.nik);
    const history = await t.app.inject({ method: 'GET', url: `/api/v1/members/${membershipNumber}/history`, headers });
    assert.equal(history.statusCode, 200, history.body);
  });

  it('hides another member’s record from a member with 404', async () => {
    const { body, membershipNumber } = await registerMember();
    const other = await registerMember(bpuRegistration());
    const headers = await signedInMember({ nik: body.person.nik ?? '' }, membershipNumber);
    const response = await t.app.inject({ method: 'GET', url: `/api/v1/members/${other.membershipNumber}`, headers });
    expectProblem(response, { status: 404, code: 'MEMBER_NOT_FOUND' });
  });

  it('refuses a member searching with 403', async () => {
    const { body, membershipNumber } = await registerMember();
    const headers = await signedInMember({ nik: body.person.nik ?? '' }, membershipNumber);
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/members/search', headers, payload: { membershipNumber } });
    expectProblem(response, { status: 403, code: 'ROLE_NOT_ALLOWED' });
  });

  it('lets a member update their own contact details', async () => {
    const { body, membershipNumber } = await registerMember();
    const headers = await signedInMember({ nik: body.person.nik ?? '' }, membershipNumber);
    const response = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/members/${membershipNumber}/contact`,
      headers,
      payload: { phone: '+85298765432' },
    });
    assert.equal(response.statusCode, 200, response.body);
    const history = await t.app.inject({ method: 'GET', url: `/api/v1/members/${membershipNumber}/history`, headers });
    const last = history.json().items.at(-1);
    assert.equal(last.type, 'contact.updated');
    assert.equal(last.actor, `member:${membershipNumber}`);
  });

  it('does not let a member attribute their own contract extension to an officer', async () => {
    const { body, membershipNumber } = await registerMember();
    const headers = await signedInMember({ nik: body.person.nik ?? '' }, membershipNumber);
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/v1/members/${membershipNumber}/contract-extensions`,
      headers,
      payload: { newContractEnd: '2030-01-31', channel: 'OFFICER' },
    });
    const problem = expectProblem(response, { status: 422, code: 'VALIDATION_FAILED' });
    assert.equal(problem.errors[0].code, 'CHANNEL_NOT_ALLOWED');
  });

  it('refuses a wrong code with 401 INVALID_CODE', async () => {
    const { body, membershipNumber } = await registerMember();
    const identifier = { nik: body.person.nik ?? '' };
    const address = nextAddress();
    await requestCode(identifier, address);
    const code = await sentSignInCode(t.ctx, { membershipNumber });
    expectProblem(await verifyCode(identifier, wrong(code), address), { status: 401, code: 'INVALID_CODE' });
  });

  it('refuses the right code after five wrong ones', async () => {
    const { body, membershipNumber } = await registerMember();
    const identifier = { nik: body.person.nik ?? '' };
    const address = nextAddress();
    await requestCode(identifier, address);
    const code = await sentSignInCode(t.ctx, { membershipNumber });
    for (let attempt = 1; attempt <= 5; attempt++) {
      expectProblem(await verifyCode(identifier, wrong(code), address), { status: 401, code: 'INVALID_CODE' });
    }
    const response = await verifyCode(identifier, code, address);
    assert.notEqual(response.statusCode, 200, 'the right code must not open a session after five wrong ones');
    expectProblem(response, { status: 429, code: 'TOO_MANY_ATTEMPTS' });
  });

  it('accepts a code only once', async () => {
    const { body, membershipNumber } = await registerMember();
    const identifier = { nik: body.person.nik ?? '' };
    const address = nextAddress();
    await requestCode(identifier, address);
    const code = await sentSignInCode(t.ctx, { membershipNumber });
    assert.equal((await verifyCode(identifier, code, address)).statusCode, 200);
    expectProblem(await verifyCode(identifier, code, address), { status: 401, code: 'INVALID_CODE' });
  });

  it('refuses a code for an identifier nobody holds with 401 INVALID_CODE', async () => {
    expectProblem(await verifyCode({ nik: '3204054508950998' }, '123456', nextAddress()), { status: 401, code: 'INVALID_CODE' });
  });

  it('revokes a member session at logout', async () => {
    const { body, membershipNumber } = await registerMember();
    const headers = await signedInMember({ nik: body.person.nik ?? '' }, membershipNumber);
    assert.equal((await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers })).statusCode, 204);
    expectProblem(await me(headers), { status: 401, code: 'SESSION_INVALID' });
  });
});

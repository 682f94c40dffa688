import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadAreaCodes } from '../identity/area-codes.ts';
import { syntheticNik } from '../identity/nik.ts';
import {
  addPartner,
  bpuRegistration,
  countRows,
  expectProblem,
  foreignWorkerRegistration,
  knownDistrict,
  passportNumber,
  placement,
  pmiRegistration,
  puRegistration,
} from '../testing/fixtures.ts';
import { createTestApp, type TestApp } from '../testing/harness.ts';
import { isValidMembershipNumber, membershipNumberFromSequence } from './membership-number.ts';
import type { RegistrationInput } from './schemas.ts';
import { findMembershipsByIdentity } from './service.ts';

type Headers = Record<string, string>;

let t: TestApp;
let officer: Headers;
let supervisor: Headers;
let auditor: Headers;
let hongKongDesk: Headers;
let taipeiDesk: Headers;

before(async () => {
  t = await createTestApp();
  await addPartner(t.ctx, 'KJRI-HONGKONG', 'EMBASSY', 'HK');
  await addPartner(t.ctx, 'KDEI-TAIPEI', 'EMBASSY', 'TW');
  await addPartner(t.ctx, 'LP-HK-DOMPET', 'LOCAL_PARTNER', 'HK');
  await addPartner(t.ctx, 'LPA-BANDUNG', 'SOCIAL_AFFAIRS_BODY', 'ID');
  officer = await t.signIn('OFFICER');
  supervisor = await t.signIn('SUPERVISOR');
  auditor = await t.signIn('AUDITOR');
  hongKongDesk = await t.signIn('PARTNER_USER', 'KJRI-HONGKONG');
  taipeiDesk = await t.signIn('PARTNER_USER', 'KDEI-TAIPEI');
});

after(async () => {
  await t.close();
});

function register(body: unknown, headers: Headers = officer) {
  return t.app.inject({ method: 'POST', url: '/api/v1/members', headers, payload: body as object });
}

async function registered(body: RegistrationInput, headers: Headers = officer): Promise<string> {
  const response = await register(body, headers);
  assert.equal(response.statusCode, 201, response.body);
  return response.json().membershipNumber;
}

function view(membershipNumber: string, headers: Headers = officer) {
  return t.app.inject({ method: 'GET', url: `/api/v1/members/${membershipNumber}`, headers });
}

async function memberOf(membershipNumber: string) {
  const response = await view(membershipNumber);
  assert.equal(response.statusCode, 200, response.body);
  return response.json();
}

function search(body: unknown, headers: Headers = officer) {
  return t.app.inject({ method: 'POST', url: '/api/v1/members/search', headers, payload: body as object });
}

function change(membershipNumber: string, path: string, body: unknown, headers: Headers = officer) {
  return t.app.inject({
    method: path === '/contact' ? 'PATCH' : 'POST',
    url: `/api/v1/members/${membershipNumber}${path}`,
    headers,
    payload: body as object,
  });
}

async function historyOf(membershipNumber: string) {
  const response = await t.app.inject({ method: 'GET', url: `/api/v1/members/${membershipNumber}/history`, headers: officer });
  assert.equal(response.statusCode, 200, response.body);
  return response.json() as { items: Array<{ type: string; data: Record<string, unknown>; actor: string }>; nextCursor: string | null };
}

/** Registers nothing: asserts the refusal and that no row was written anywhere. */
async function expectRefusedRegistration(
  body: unknown,
  expected: Parameters<typeof expectProblem>[1],
  headers: Headers = officer,
  extraHeaders: Headers = {},
) {
  const before = await countRows(t.ctx.db);
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/v1/members',
    headers: { ...headers, ...extraHeaders },
    payload: body as object,
  });
  const problem = expectProblem(response, expected);
  assert.deepEqual(await countRows(t.ctx.db), before, 'a refused registration stores nothing');
  return problem;
}

describe('registration of each segment', () => {
  it('registers a migrant worker during placement with an 11-digit membership number and its Location', async () => {
    const response = await register(pmiRegistration('DURING_PLACEMENT'));
    assert.equal(response.statusCode, 201, response.body);
    const body = response.json();
    assert.match(body.membershipNumber, /^[0-9]{11}$/);
    assert.ok(isValidMembershipNumber(body.membershipNumber));
    assert.equal(body.status, 'REGISTERED');
    assert.deepEqual(body.warnings, []);
    assert.equal(response.headers.location, `/api/v1/members/${body.membershipNumber}`);
  });

  it('gives back the person, passport, placement and channel partner of a migrant worker registered at an embassy', async () => {
    const body = pmiRegistration('DURING_PLACEMENT', { email: 'siti@example.org' });
    body.channel = { type: 'EMBASSY_DESK', partnerCode: 'KJRI-HONGKONG' };
    const response = await register(body);
    assert.equal(response.statusCode, 201, response.body);
    const location = String(response.headers.location);
    const got = await t.app.inject({ method: 'GET', url: location, headers: officer });
    assert.equal(got.statusCode, 200, got.body);
    const member = got.json();
    const person = body.person;
    assert.equal(member.membershipNumber, response.json().membershipNumber);
    assert.equal(member.segment, 'PMI');
    assert.equal(member.status, 'REGISTERED');
    assert.equal(member.pmiPhase, 'DURING_PLACEMENT');
    assert.equal(member.registrationChannel, 'EMBASSY_DESK');
    assert.deepEqual(member.channelPartner, { code: 'KJRI-HONGKONG', name: 'Partner KJRI-HONGKONG' });
    assert.deepEqual(
      {
        nik: member.person.nik,
        fullName: member.person.fullName,
        birthDate: member.person.birthDate,
        sex: member.person.sex,
        birthPlace: member.person.birthPlace,
        nationality: member.person.nationality,
        phone: member.person.phone,
        email: member.person.email,
        address: member.person.address,
      },
      {
        nik: person.nik,
        fullName: person.fullName,
        birthDate: person.birthDate,
        sex: person.sex,
        birthPlace: person.birthPlace,
        nationality: person.nationality,
        phone: person.phone,
        email: person.email,
        address: person.address,
      },
    );
    assert.deepEqual(member.person.passports, [person.passport]);
    assert.equal(member.placements.length, 1);
    assert.deepEqual(member.placements[0], {
      ...body.pmi?.placement,
      employerAddress: null,
      endedOn: null,
      endReason: null,
      extensions: [],
    });
    assert.deepEqual(
      member.statusHistory.map((s: { status: string; reason: string }) => [s.status, s.reason]),
      [['REGISTERED', 'registration']],
    );
  });

  it('registers a migrant worker before placement, with no placement yet', async () => {
    const number = await registered(pmiRegistration('BEFORE_PLACEMENT'));
    const member = await memberOf(number);
    assert.equal(member.pmiPhase, 'BEFORE_PLACEMENT');
    assert.deepEqual(member.placements, []);
    assert.deepEqual(member.person.passports, []);
  });

  it('registers a migrant worker after placement through a local partner', async () => {
    const body = pmiRegistration('AFTER_PLACEMENT');
    body.channel = { type: 'LOCAL_PARTNER', partnerCode: 'LP-HK-DOMPET' };
    const number = await registered(body);
    const member = await memberOf(number);
    assert.equal(member.pmiPhase, 'AFTER_PLACEMENT');
    assert.equal(member.registrationChannel, 'LOCAL_PARTNER');
    assert.equal(member.channelPartner.code, 'LP-HK-DOMPET');
  });

  it('records the placement of a worker registered after coming home as already ended', async () => {
    const body = pmiRegistration('AFTER_PLACEMENT');
    body.pmi = { phase: 'AFTER_PLACEMENT', placement: placement({ contractStart: '2023-01-01', contractEnd: '2024-12-31' }) };
    const member = await memberOf(await registered(body));
    assert.equal(member.placements[0].endedOn, '2024-12-31');
    assert.equal(member.placements[0].endReason, 'RETURNED');
  });

  it('registers an informal worker (BPU) with occupation and declared income', async () => {
    const body = bpuRegistration();
    const number = await registered(body);
    const member = await memberOf(number);
    assert.equal(member.segment, 'BPU');
    assert.equal(member.pmiPhase, null);
    assert.equal(member.occupation, 'Ojek driver');
    assert.equal(member.declaredMonthlyIncome, 3_500_000);
    assert.equal(member.person.nik, body.person.nik);
    assert.deepEqual(member.placements, []);
  });

  it('registers an informal worker through an LPA naming its social-affairs body', async () => {
    const body = bpuRegistration();
    body.channel = { type: 'LPA', partnerCode: 'LPA-BANDUNG' };
    const number = await registered(body);
    const member = await memberOf(number);
    assert.equal(member.registrationChannel, 'LPA');
    assert.equal(member.channelPartner.code, 'LPA-BANDUNG');
  });

  it('registers a wage earner (PU) with employer and wage', async () => {
    const number = await registered(puRegistration());
    const member = await memberOf(number);
    assert.equal(member.segment, 'PU');
    assert.equal(member.employerName, 'PT Sinar Jaya');
    assert.equal(member.monthlyWage, 5_200_000);
  });

  it('registers a foreign worker by passport, without a NIK', async () => {
    const body = foreignWorkerRegistration();
    const number = await registered(body);
    const member = await memberOf(number);
    assert.equal(member.segment, 'FOREIGN_WORKER');
    assert.equal(member.person.nik, null);
    assert.equal(member.person.nationality, 'KR');
    assert.deepEqual(member.person.passports, [body.person.passport]);
    assert.equal(member.employerName, 'PT Hanjin Indonesia');
    assert.equal(member.workPermitNumber, 'RPTKA-2026-0042');
    assert.equal(member.monthlyWage, 25_000_000);
  });
});

describe('duplicate registrations', () => {
  it('refuses a second registration of the same NIK with the first membership number', async () => {
    const first = pmiRegistration('BEFORE_PLACEMENT');
    const number = await registered(first);
    const again = bpuRegistration({ nik: first.person.nik, birthDate: first.person.birthDate, sex: first.person.sex });
    const problem = await expectRefusedRegistration(again, { status: 409, code: 'DUPLICATE_REGISTRATION' });
    assert.equal(problem.membershipNumber, number);
  });

  it('refuses the same passport (issuing country and number) under another NIK', async () => {
    const first = pmiRegistration('DURING_PLACEMENT');
    const number = await registered(first);
    const again = pmiRegistration('DURING_PLACEMENT', { passport: first.person.passport });
    assert.notEqual(again.person.nik, first.person.nik);
    const problem = await expectRefusedRegistration(again, { status: 409, code: 'DUPLICATE_REGISTRATION' });
    assert.equal(problem.membershipNumber, number);
  });

  it('lets exactly one of ten concurrent registrations of the same NIK through', async () => {
    const body = pmiRegistration('BEFORE_PLACEMENT');
    const responses = await Promise.all(Array.from({ length: 10 }, () => register(body)));
    const created = responses.filter((r) => r.statusCode === 201);
    const refused = responses.filter((r) => r.statusCode === 409);
    assert.equal(created.length, 1, responses.map((r) => `${r.statusCode} ${r.body}`).join('\n'));
    assert.equal(refused.length, 9, responses.map((r) => `${r.statusCode} ${r.body}`).join('\n'));
    const number = created[0]?.json().membershipNumber;
    for (const r of refused) {
      assert.equal(r.json().code, 'DUPLICATE_REGISTRATION');
      assert.equal(r.json().membershipNumber, number);
    }
    const persons = await t.ctx.db
      .selectFrom('persons')
      .select('id')
      .where('nik', '=', body.person.nik ?? '')
      .execute();
    assert.equal(persons.length, 1);
    const memberships = await t.ctx.db
      .selectFrom('memberships')
      .select('membership_number')
      .where('person_id', '=', persons[0]?.id ?? '')
      .execute();
    assert.deepEqual(
      memberships.map((m) => m.membership_number),
      [number],
    );
  });
});

describe('refused registrations', () => {
  const nikIssue = (code: string) => ({ status: 422, code: 'VALIDATION_FAILED', issue: { pointer: '/person/nik', code } });

  it('refuses a NIK of 15 digits', async () => {
    const body = pmiRegistration('BEFORE_PLACEMENT');
    body.person.nik = body.person.nik?.slice(0, 15);
    await expectRefusedRegistration(body, nikIssue('NIK_FORMAT'));
  });

  it('refuses a NIK whose province does not exist', async () => {
    const body = pmiRegistration('BEFORE_PLACEMENT');
    body.person.nik = syntheticNik('990101', body.person.birthDate, body.person.sex, 1);
    await expectRefusedRegistration(body, nikIssue('NIK_UNKNOWN_PROVINCE'));
  });

  it('refuses a NIK whose birth day cannot exist', async () => {
    const body = pmiRegistration('BEFORE_PLACEMENT');
    // Day 35 is nobody's: men have 01–31, women 41–71.
    body.person.nik = `${knownDistrict}350895${'0001'}`;
    await expectRefusedRegistration(body, nikIssue('NIK_IMPOSSIBLE_DATE'));
  });

  it('refuses a NIK whose birth date contradicts the declared birth date', async () => {
    const body = pmiRegistration('BEFORE_PLACEMENT');
    body.person.nik = syntheticNik(knownDistrict, '1995-08-06', 'F', 77);
    await expectRefusedRegistration(body, nikIssue('NIK_BIRTH_DATE_MISMATCH'));
  });

  it('refuses a NIK whose sex contradicts the declared sex', async () => {
    const body = pmiRegistration('BEFORE_PLACEMENT');
    body.person.nik = syntheticNik(knownDistrict, body.person.birthDate, 'M', 78);
    assert.equal(body.person.sex, 'F');
    await expectRefusedRegistration(body, nikIssue('NIK_SEX_MISMATCH'));
  });

  it('refuses a NIK with serial 0000', async () => {
    const body = pmiRegistration('BEFORE_PLACEMENT');
    body.person.nik = `${body.person.nik?.slice(0, 12)}0000`;
    await expectRefusedRegistration(body, nikIssue('NIK_SERIAL_ZERO'));
  });

  it('refuses an impossible calendar date with 400', async () => {
    const body = bpuRegistration();
    body.person.birthDate = '2025-02-30';
    await expectRefusedRegistration(body, {
      status: 400,
      code: 'VALIDATION_FAILED',
      issue: { pointer: '/person/birthDate', code: 'INVALID_FORMAT' },
    });
  });

  it('refuses an impossible contract date with 400', async () => {
    const body = pmiRegistration('DURING_PLACEMENT');
    body.pmi = { phase: 'DURING_PLACEMENT', placement: placement({ contractEnd: '2027-02-29' }) };
    await expectRefusedRegistration(body, {
      status: 400,
      code: 'VALIDATION_FAILED',
      issue: { pointer: '/pmi/placement/contractEnd', code: 'INVALID_FORMAT' },
    });
  });

  it('refuses a passport from an unknown country code with UNKNOWN_COUNTRY', async () => {
    const body = pmiRegistration('DURING_PLACEMENT');
    body.person.passport = { number: passportNumber(), issuingCountry: 'XX', expiryDate: '2030-01-31' };
    await expectRefusedRegistration(body, {
      status: 422,
      code: 'VALIDATION_FAILED',
      issue: { pointer: '/person/passport/issuingCountry', code: 'UNKNOWN_COUNTRY' },
    });
  });

  it('refuses a placement in an unknown country with UNKNOWN_COUNTRY', async () => {
    const body = pmiRegistration('DURING_PLACEMENT');
    body.pmi = { phase: 'DURING_PLACEMENT', placement: placement({ destinationCountry: 'XX' }) };
    await expectRefusedRegistration(body, {
      status: 422,
      code: 'VALIDATION_FAILED',
      issue: { pointer: '/pmi/placement/destinationCountry', code: 'UNKNOWN_COUNTRY' },
    });
  });

  it('refuses a contract that ends before it starts', async () => {
    const body = pmiRegistration('DURING_PLACEMENT');
    body.pmi = { phase: 'DURING_PLACEMENT', placement: placement({ contractStart: '2026-02-01', contractEnd: '2026-01-31' }) };
    await expectRefusedRegistration(body, {
      status: 422,
      code: 'VALIDATION_FAILED',
      issue: { pointer: '/pmi/placement/contractEnd', code: 'CONTRACT_ENDS_BEFORE_START' },
    });
  });

  it('refuses a body over 1 MiB with 413', async () => {
    const body = { ...bpuRegistration(), padding: 'x'.repeat(1024 * 1024) };
    await expectRefusedRegistration(body, { status: 413, code: 'BODY_TOO_LARGE' });
  });

  it('refuses malformed JSON with 400 MALFORMED_JSON', async () => {
    const before = await countRows(t.ctx.db);
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/members',
      headers: { ...officer, 'content-type': 'application/json' },
      payload: '{"segment": "BPU", "person": {',
    });
    expectProblem(response, { status: 400, code: 'MALFORMED_JSON' });
    assert.deepEqual(await countRows(t.ctx.db), before);
  });

  it('refuses an unknown field with 400 and its pointer', async () => {
    const body = bpuRegistration();
    (body.person as Record<string, unknown>).nickname = 'Budi';
    await expectRefusedRegistration(body, {
      status: 400,
      code: 'VALIDATION_FAILED',
      issue: { pointer: '/person/nickname', code: 'UNKNOWN_FIELD' },
    });
  });

  it('refuses a channel partner of the wrong type', async () => {
    const body = pmiRegistration('DURING_PLACEMENT');
    body.channel = { type: 'EMBASSY_DESK', partnerCode: 'LP-HK-DOMPET' };
    await expectRefusedRegistration(body, {
      status: 422,
      code: 'VALIDATION_FAILED',
      issue: { pointer: '/channel/partnerCode', code: 'PARTNER_TYPE_MISMATCH' },
    });
  });

  it('refuses a partner channel that names no partner', async () => {
    const body = pmiRegistration('DURING_PLACEMENT');
    body.channel = { type: 'EMBASSY_DESK' };
    await expectRefusedRegistration(body, {
      status: 422,
      code: 'VALIDATION_FAILED',
      issue: { pointer: '/channel/partnerCode', code: 'FIELD_REQUIRED' },
    });
  });

  it('answers in Indonesian by default and in English when asked', async () => {
    const body = pmiRegistration('BEFORE_PLACEMENT');
    body.person.nik = body.person.nik?.slice(0, 15);
    const inIndonesian = await expectRefusedRegistration(body, nikIssue('NIK_FORMAT'));
    const inEnglish = await expectRefusedRegistration(body, nikIssue('NIK_FORMAT'), officer, { 'accept-language': 'en' });
    assert.equal(inIndonesian.title, 'Permintaan memiliki isian yang tidak valid.');
    assert.equal(inEnglish.title, 'The request has invalid fields.');
    assert.equal(inIndonesian.errors[0].message, 'NIK harus 16 digit; diterima 15.');
    assert.equal(inEnglish.errors[0].message, 'NIK must be 16 digits; got 15.');
  });

  it('translates schema violations too', async () => {
    const body = bpuRegistration();
    (body.person as Record<string, unknown>).nickname = 'Budi';
    const inEnglish = await expectRefusedRegistration(
      body,
      { status: 400, code: 'VALIDATION_FAILED', issue: { pointer: '/person/nickname', code: 'UNKNOWN_FIELD' } },
      officer,
      { 'accept-language': 'en-GB,en;q=0.8' },
    );
    assert.equal(inEnglish.title, 'The request does not follow the schema.');
    assert.equal(inEnglish.errors[0].message, 'nickname is not a known field.');
  });
});

describe('registration warnings', () => {
  it('accepts a NIK whose district no longer exists, with a NIK_UNKNOWN_DISTRICT warning', async () => {
    const areas = await loadAreaCodes();
    const goneDistrict = '320499';
    assert.equal(areas.hasRegency(goneDistrict.slice(0, 4)), true);
    assert.equal(areas.hasDistrict(goneDistrict), false);
    const body = pmiRegistration('BEFORE_PLACEMENT');
    body.person.nik = syntheticNik(goneDistrict, body.person.birthDate, body.person.sex, 1);
    const response = await register(body);
    assert.equal(response.statusCode, 201, response.body);
    const warnings = response.json().warnings;
    assert.equal(warnings.length, 1);
    assert.equal(warnings[0].pointer, '/person/nik');
    assert.equal(warnings[0].code, 'NIK_UNKNOWN_DISTRICT');
    assert.match(warnings[0].message, /kecamatan/);
  });
});

describe('search', () => {
  it('finds a member by NIK', async () => {
    const body = bpuRegistration();
    const number = await registered(body);
    const response = await search({ nik: body.person.nik });
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(
      response.json().items.map((i: { membershipNumber: string }) => i.membershipNumber),
      [number],
    );
    assert.equal(response.json().nextCursor, null);
  });

  it('finds a member by passport issuing country and number', async () => {
    const body = pmiRegistration('DURING_PLACEMENT');
    const number = await registered(body);
    const passport = body.person.passport;
    const response = await search({ passport: { number: passport?.number, issuingCountry: passport?.issuingCountry } });
    assert.equal(response.statusCode, 200, response.body);
    const items = response.json().items;
    assert.equal(items.length, 1);
    assert.equal(items[0].membershipNumber, number);
    assert.equal(items[0].destinationCountry, 'HK');
    assert.equal(items[0].pmiPhase, 'DURING_PLACEMENT');
  });

  it('finds a member by membership number', async () => {
    const number = await registered(puRegistration());
    const response = await search({ membershipNumber: number });
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(
      response.json().items.map((i: { membershipNumber: string }) => i.membershipNumber),
      [number],
    );
  });

  it('finds a member by name and birth date whatever the case, spaces and punctuation', async () => {
    const number = await registered(bpuRegistration({ fullName: "Nur'aini Siti-Rahmawati", birthDate: '1979-01-23', sex: 'F' }));
    const response = await search({ name: '  nuraini   SITI.rahmawati ', birthDate: '1979-01-23' });
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(
      response.json().items.map((i: { membershipNumber: string; fullName: string }) => [i.membershipNumber, i.fullName]),
      [[number, "Nur'aini Siti-Rahmawati"]],
    );
  });

  it('does not find a name under another birth date', async () => {
    await registered(bpuRegistration({ fullName: 'Wahyu Hidayat', birthDate: '1981-06-30', sex: 'M' }));
    const response = await search({ name: 'Wahyu Hidayat', birthDate: '1981-07-01' });
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(response.json().items, []);
  });

  it('pages through many members of the same name and birth date with a cursor', async () => {
    const numbers: string[] = [];
    for (let i = 0; i < 5; i++) {
      numbers.push(await registered(bpuRegistration({ fullName: 'Agus Salim', birthDate: '1970-10-10', sex: 'M' })));
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    const pageSizes: number[] = [];
    for (let page = 0; page < 10; page++) {
      const response = await search({ name: 'agus salim', birthDate: '1970-10-10', limit: 2, ...(cursor ? { cursor } : {}) });
      assert.equal(response.statusCode, 200, response.body);
      const body = response.json();
      pageSizes.push(body.items.length);
      seen.push(...body.items.map((i: { membershipNumber: string }) => i.membershipNumber));
      if (body.nextCursor === null) break;
      cursor = body.nextCursor;
    }
    assert.deepEqual(pageSizes, [2, 2, 1]);
    assert.deepEqual(seen, [...numbers].sort());
  });

  it('refuses a search by two criteria at once', async () => {
    const body = bpuRegistration();
    const number = await registered(body);
    const problem = expectProblem(await search({ nik: body.person.nik, membershipNumber: number }), {
      status: 422,
      code: 'VALIDATION_FAILED',
    });
    assert.equal(problem.errors[0].code, 'ONE_SEARCH_CRITERION');
  });

  it('refuses a search with no criterion', async () => {
    const problem = expectProblem(await search({ limit: 5 }), { status: 422, code: 'VALIDATION_FAILED' });
    assert.equal(problem.errors[0].code, 'ONE_SEARCH_CRITERION');
  });

  it('refuses a name search without a birth date', async () => {
    expectProblem(await search({ name: 'Agus Salim' }), {
      status: 422,
      code: 'VALIDATION_FAILED',
      issue: { pointer: '/birthDate', code: 'NAME_NEEDS_BIRTH_DATE' },
    });
  });

  it('refuses a cursor it did not give out', async () => {
    expectProblem(await search({ name: 'Agus Salim', birthDate: '1970-10-10', cursor: 'not-a-cursor' }), {
      status: 422,
      code: 'VALIDATION_FAILED',
      issue: { pointer: '/cursor', code: 'INVALID_CURSOR' },
    });
  });
});

describe('changes to a member', () => {
  it('updates contact details, shows them, and lists the change in the history', async () => {
    const number = await registered(pmiRegistration('DURING_PLACEMENT'));
    const contact = {
      phone: '+886912345678',
      email: 'worker@example.org',
      address: { line: 'No. 5, Lane 20, Zhongshan Rd', city: 'Taichung', country: 'TW' },
      bankAccount: { bankCode: 'BNINIDJA', accountNumber: '0123456789', accountHolder: 'Siti Aminah' },
    };
    const response = await change(number, '/contact', contact);
    assert.equal(response.statusCode, 200, response.body);
    const member = await memberOf(number);
    assert.equal(member.person.phone, contact.phone);
    assert.equal(member.person.email, contact.email);
    assert.deepEqual(member.person.address, contact.address);
    assert.deepEqual(member.person.bankAccount, contact.bankAccount);
    const history = await historyOf(number);
    assert.deepEqual(
      history.items.map((e) => e.type),
      ['member.registered', 'contact.updated'],
    );
    assert.deepEqual(history.items[1]?.data.changedFields, ['phone', 'email', 'address', 'bankAccount']);
  });

  it('refuses a contact update with a phone number not in international form', async () => {
    const number = await registered(bpuRegistration());
    expectProblem(await change(number, '/contact', { phone: '081234567890' }), {
      status: 422,
      code: 'VALIDATION_FAILED',
      issue: { pointer: '/phone', code: 'PHONE_FORMAT' },
    });
  });

  it('extends the contract of a migrant worker abroad to a later end', async () => {
    const number = await registered(pmiRegistration('DURING_PLACEMENT'));
    const response = await change(number, '/contract-extensions', {
      newContractEnd: '2030-01-31',
      channel: 'CONTRACT_EXTENSION_ABROAD',
      partnerCode: 'KJRI-HONGKONG',
    });
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.json().change.newEnd, '2030-01-31');
    const [open] = (await memberOf(number)).placements;
    assert.equal(open.contractEnd, '2030-01-31');
    assert.equal(open.endedOn, null);
    assert.equal(open.extensions.length, 1);
    assert.equal(open.extensions[0].previousEnd, '2028-01-31');
    assert.equal(open.extensions[0].newEnd, '2030-01-31');
    assert.equal(open.extensions[0].channel, 'CONTRACT_EXTENSION_ABROAD');
    assert.deepEqual(
      (await historyOf(number)).items.map((e) => e.type),
      ['member.registered', 'contract.extended'],
    );
  });

  it('reports the previous contract end as a plain date in the change and in its history event', async () => {
    const number = await registered(pmiRegistration('DURING_PLACEMENT'));
    const response = await change(number, '/contract-extensions', { newContractEnd: '2029-06-30', channel: 'OFFICER' });
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.json().change.previousEnd, '2028-01-31');
    const event = (await historyOf(number)).items.find((e) => e.type === 'contract.extended');
    assert.equal(event?.data.previousEnd, '2028-01-31');
  });

  it('refuses an extension whose new end is not later than the current end', async () => {
    const number = await registered(pmiRegistration('DURING_PLACEMENT'));
    expectProblem(await change(number, '/contract-extensions', { newContractEnd: '2028-01-31', channel: 'OFFICER' }), {
      status: 422,
      code: 'VALIDATION_FAILED',
      issue: { pointer: '/newContractEnd', code: 'EXTENSION_NOT_LATER' },
    });
    const [open] = (await memberOf(number)).placements;
    assert.equal(open.contractEnd, '2028-01-31');
    assert.deepEqual(open.extensions, []);
  });

  it('points at the extension’s own channel field when staff record a self-service channel', async () => {
    const number = await registered(pmiRegistration('DURING_PLACEMENT'));
    expectProblem(await change(number, '/contract-extensions', { newContractEnd: '2030-01-31', channel: 'SELF_SERVICE_WEB' }), {
      status: 422,
      code: 'VALIDATION_FAILED',
      issue: { pointer: '/channel', code: 'CHANNEL_NOT_ALLOWED' },
    });
  });

  it('points at partnerCode when an extension through an embassy names no partner', async () => {
    const number = await registered(pmiRegistration('DURING_PLACEMENT'));
    expectProblem(await change(number, '/contract-extensions', { newContractEnd: '2030-01-31', channel: 'EMBASSY_DESK' }), {
      status: 422,
      code: 'VALIDATION_FAILED',
      issue: { pointer: '/partnerCode', code: 'FIELD_REQUIRED' },
    });
  });

  it('refuses a contract extension for a migrant worker not yet abroad', async () => {
    const number = await registered(pmiRegistration('BEFORE_PLACEMENT'));
    expectProblem(await change(number, '/contract-extensions', { newContractEnd: '2030-01-31', channel: 'OFFICER' }), {
      status: 409,
      code: 'NO_PLACEMENT_TO_EXTEND',
    });
  });

  it('moves a migrant worker to another country, keeping the membership number and the old placement', async () => {
    const number = await registered(pmiRegistration('DURING_PLACEMENT'));
    const newPlacement = {
      destinationCountry: 'TW',
      employerName: 'Lin Mei-Hua',
      placementRoute: 'INDIVIDUAL',
      contractStart: '2027-03-01',
      contractEnd: '2029-02-28',
    };
    const response = await change(number, '/moves', { movedOn: '2027-03-01', placement: newPlacement });
    assert.equal(response.statusCode, 200, response.body);
    const member = await memberOf(number);
    assert.equal(member.membershipNumber, number);
    assert.equal(member.placements.length, 2);
    const [current, previous] = member.placements;
    assert.equal(current.destinationCountry, 'TW');
    assert.equal(current.endedOn, null);
    assert.equal(current.endReason, null);
    assert.equal(previous.destinationCountry, 'HK');
    assert.equal(previous.endedOn, '2027-03-01');
    assert.equal(previous.endReason, 'MOVED');
    assert.deepEqual(
      (await historyOf(number)).items.map((e) => e.type),
      ['member.registered', 'placement.moved'],
    );
    const found = await search({ membershipNumber: number });
    assert.equal(found.json().items[0].destinationCountry, 'TW');
  });

  it('refuses a move dated before the current placement started', async () => {
    const number = await registered(pmiRegistration('DURING_PLACEMENT'));
    expectProblem(
      await change(number, '/moves', {
        movedOn: '2026-01-15',
        placement: placement({ destinationCountry: 'TW', contractStart: '2026-01-15', contractEnd: '2028-01-14' }),
      }),
      { status: 422, code: 'VALIDATION_FAILED', issue: { pointer: '/movedOn', code: 'MOVE_BEFORE_PLACEMENT' } },
    );
    const member = await memberOf(number);
    assert.equal(member.placements.length, 1);
    assert.equal(member.placements[0].destinationCountry, 'HK');
  });

  it('refuses a move to the same country', async () => {
    const number = await registered(pmiRegistration('DURING_PLACEMENT'));
    expectProblem(
      await change(number, '/moves', {
        movedOn: '2027-03-01',
        placement: placement({ destinationCountry: 'HK', contractStart: '2027-03-01', contractEnd: '2029-02-28' }),
      }),
      { status: 422, code: 'VALIDATION_FAILED', issue: { pointer: '/placement/destinationCountry', code: 'SAME_DESTINATION' } },
    );
  });

  it('sends a migrant worker abroad: before placement to during placement with the placement', async () => {
    const number = await registered(
      pmiRegistration('BEFORE_PLACEMENT', { passport: { number: passportNumber(), issuingCountry: 'ID', expiryDate: '2031-01-31' } }),
    );
    const response = await change(number, '/phase', {
      phase: 'DURING_PLACEMENT',
      effectiveDate: '2026-03-01',
      placement: placement({ destinationCountry: 'SG', contractStart: '2026-03-01', contractEnd: '2028-02-29' }),
    });
    assert.equal(response.statusCode, 200, response.body);
    const member = await memberOf(number);
    assert.equal(member.pmiPhase, 'DURING_PLACEMENT');
    assert.equal(member.placements.length, 1);
    assert.equal(member.placements[0].destinationCountry, 'SG');
    assert.equal(member.placements[0].endedOn, null);
  });

  it('refuses sending abroad a migrant worker with no passport on record', async () => {
    const number = await registered(pmiRegistration('BEFORE_PLACEMENT'));
    expectProblem(
      await change(number, '/phase', {
        phase: 'DURING_PLACEMENT',
        placement: placement({ destinationCountry: 'SG', contractStart: '2026-03-01', contractEnd: '2028-02-29' }),
      }),
      { status: 409, code: 'PASSPORT_REQUIRED' },
    );
    const member = await memberOf(number);
    assert.equal(member.pmiPhase, 'BEFORE_PLACEMENT');
    assert.equal(member.placements.length, 0, 'the refused change left no placement behind');
  });

  it('adds a renewed passport and keeps the old one on record', async () => {
    const body = pmiRegistration('DURING_PLACEMENT');
    const number = await registered(body);
    const renewed = { number: passportNumber(), issuingCountry: 'ID', expiryDate: '2036-05-31' };
    const response = await change(number, '/passports', renewed);
    assert.equal(response.statusCode, 200, response.body);
    const member = await memberOf(number);
    assert.deepEqual(
      member.person.passports.map((p: { number: string }) => p.number),
      [renewed.number, body.person.passport?.number],
    );
    assert.ok((await historyOf(number)).items.some((e) => e.type === 'passport.added'));
  });

  it('refuses a passport that is recorded for another member', async () => {
    const first = pmiRegistration('DURING_PLACEMENT');
    await registered(first);
    const number = await registered(pmiRegistration('DURING_PLACEMENT'));
    expectProblem(await change(number, '/passports', first.person.passport), { status: 409, code: 'PASSPORT_HELD_BY_ANOTHER' });
    assert.equal((await memberOf(number)).person.passports.length, 1);
  });

  it('refuses the same passport twice on one member', async () => {
    const body = pmiRegistration('DURING_PLACEMENT');
    const number = await registered(body);
    expectProblem(await change(number, '/passports', body.person.passport), { status: 409, code: 'PASSPORT_ALREADY_RECORDED' });
  });

  it('refuses going abroad without a placement', async () => {
    const number = await registered(pmiRegistration('BEFORE_PLACEMENT'));
    expectProblem(await change(number, '/phase', { phase: 'DURING_PLACEMENT' }), {
      status: 422,
      code: 'VALIDATION_FAILED',
      issue: { pointer: '/placement', code: 'FIELD_REQUIRED' },
    });
    assert.equal((await memberOf(number)).pmiPhase, 'BEFORE_PLACEMENT');
  });

  it('brings a migrant worker home: during to after placement ends the placement as RETURNED', async () => {
    const number = await registered(pmiRegistration('DURING_PLACEMENT'));
    const response = await change(number, '/phase', { phase: 'AFTER_PLACEMENT', effectiveDate: '2027-12-15' });
    assert.equal(response.statusCode, 200, response.body);
    const member = await memberOf(number);
    assert.equal(member.pmiPhase, 'AFTER_PLACEMENT');
    assert.equal(member.placements[0].endedOn, '2027-12-15');
    assert.equal(member.placements[0].endReason, 'RETURNED');
  });

  it('refuses going from during placement back to before placement', async () => {
    const number = await registered(pmiRegistration('DURING_PLACEMENT'));
    expectProblem(await change(number, '/phase', { phase: 'BEFORE_PLACEMENT' }), { status: 409, code: 'PHASE_CHANGE_NOT_ALLOWED' });
    const member = await memberOf(number);
    assert.equal(member.pmiPhase, 'DURING_PLACEMENT');
    assert.equal(member.placements[0].endedOn, null);
  });

  it('refuses a phase change for a member who is not a migrant worker', async () => {
    const number = await registered(bpuRegistration());
    expectProblem(await change(number, '/phase', { phase: 'AFTER_PLACEMENT' }), { status: 409, code: 'NOT_A_MIGRANT_WORKER' });
  });

  it('lets a supervisor close a membership, shown in the status history', async () => {
    const number = await registered(pmiRegistration('DURING_PLACEMENT'));
    const response = await change(number, '/close', { reason: 'REGISTERED_IN_ERROR', note: 'Typed twice' }, supervisor);
    assert.equal(response.statusCode, 200, response.body);
    const member = await memberOf(number);
    assert.equal(member.status, 'CLOSED');
    assert.deepEqual(
      member.statusHistory.map((s: { status: string; reason: string }) => [s.status, s.reason]),
      [
        ['REGISTERED', 'registration'],
        ['CLOSED', 'REGISTERED_IN_ERROR'],
      ],
    );
    assert.equal(member.placements[0].endReason, 'CLOSED');
  });

  it('finds the open memberships of many NIKs and passports in one lookup, passport first, in the order asked', async () => {
    const byPassport = pmiRegistration('DURING_PLACEMENT');
    const byNik = pmiRegistration('DURING_PLACEMENT');
    const closed = pmiRegistration('DURING_PLACEMENT');
    const [passportNumberOf, nikNumber, closedNumber] = [await registered(byPassport), await registered(byNik), await registered(closed)];
    assert.equal((await change(closedNumber, '/close', { reason: 'REGISTERED_IN_ERROR' }, supervisor)).statusCode, 200);
    const passport = byPassport.person.passport as { number: string; issuingCountry: string };
    const found = await findMembershipsByIdentity(t.ctx.db, [
      // The passport wins over a NIK that belongs to someone else.
      { passport: { number: passport.number, issuingCountry: passport.issuingCountry }, nik: byNik.person.nik },
      { nik: byNik.person.nik, passport: { number: 'X0000001', issuingCountry: 'ID' } },
      { nik: closed.person.nik },
      { nik: syntheticNik(knownDistrict, '1990-01-01', 'F', 9_999) },
      {},
    ]);
    assert.deepEqual(
      found.map((f) => f?.membershipNumber),
      [passportNumberOf, nikNumber, undefined, undefined, undefined],
    );
  });

  it('refuses every change to a closed membership', async () => {
    const number = await registered(pmiRegistration('DURING_PLACEMENT'));
    assert.equal((await change(number, '/close', { reason: 'DECEASED' }, supervisor)).statusCode, 200);
    const attempts = [
      change(number, '/contact', { phone: '+6281298765432' }),
      change(number, '/contract-extensions', { newContractEnd: '2030-01-31', channel: 'OFFICER' }),
      change(number, '/phase', { phase: 'AFTER_PLACEMENT' }),
      change(number, '/close', { reason: 'OTHER' }, supervisor),
    ];
    for (const response of await Promise.all(attempts)) expectProblem(response, { status: 409, code: 'MEMBERSHIP_CLOSED' });
    assert.deepEqual(
      (await historyOf(number)).items.map((e) => e.type),
      ['member.registered', 'membership.closed'],
    );
  });

  it('pages through the history with a cursor', async () => {
    const number = await registered(pmiRegistration('DURING_PLACEMENT'));
    for (const phone of ['+6281200000001', '+6281200000002', '+6281200000003']) {
      assert.equal((await change(number, '/contact', { phone })).statusCode, 200);
    }
    const first = await t.app.inject({ method: 'GET', url: `/api/v1/members/${number}/history?limit=3`, headers: officer });
    assert.equal(first.statusCode, 200, first.body);
    assert.equal(first.json().items.length, 3);
    assert.notEqual(first.json().nextCursor, null);
    const second = await t.app.inject({
      method: 'GET',
      url: `/api/v1/members/${number}/history?limit=3&cursor=${first.json().nextCursor}`,
      headers: officer,
    });
    assert.equal(second.statusCode, 200, second.body);
    assert.deepEqual(
      second.json().items.map((e: { type: string; data: { phone: string } }) => [e.type, e.data.phone]),
      [['contact.updated', '+6281200000003']],
    );
    assert.equal(second.json().nextCursor, null);
  });

  it('refuses a history cursor it did not give out', async () => {
    const number = await registered(bpuRegistration());
    const response = await t.app.inject({ method: 'GET', url: `/api/v1/members/${number}/history?cursor=garbage`, headers: officer });
    expectProblem(response, { status: 422, code: 'VALIDATION_FAILED', issue: { pointer: '/cursor', code: 'INVALID_CURSOR' } });
  });

  it('refuses a change to a member that does not exist with 404', async () => {
    const unassigned = membershipNumberFromSequence(999_999);
    expectProblem(await change(unassigned, '/contact', { phone: '+6281298765432' }), { status: 404, code: 'MEMBER_NOT_FOUND' });
  });

  it('tells a mistyped membership number (wrong check digit) from an unknown one', async () => {
    const number = await registered(pmiRegistration('DURING_PLACEMENT'));
    const mistyped = `${number.slice(0, 10)}${(Number(number[10]) + 1) % 10}`;
    expectProblem(await view(mistyped, officer), {
      status: 422,
      code: 'VALIDATION_FAILED',
      issue: { pointer: '/membershipNumber', code: 'INVALID_MEMBERSHIP_NUMBER' },
    });
    expectProblem(await change(mistyped, '/contact', { phone: '+6281298765432' }), {
      status: 422,
      code: 'VALIDATION_FAILED',
      issue: { pointer: '/membershipNumber', code: 'INVALID_MEMBERSHIP_NUMBER' },
    });
  });
});

describe('access to members', () => {
  it('refuses a request without a credential', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/members', payload: bpuRegistration() });
    expectProblem(response, { status: 401, code: 'AUTHENTICATION_REQUIRED' });
  });

  it('refuses a garbage bearer token', async () => {
    const response = await view('10000000018', { authorization: 'Bearer not-a-real-token' });
    expectProblem(response, { status: 401, code: 'SESSION_INVALID' });
  });

  it('refuses an auditor registering, and stores nothing', async () => {
    await expectRefusedRegistration(bpuRegistration(), { status: 403, code: 'ROLE_NOT_ALLOWED' }, auditor);
  });

  it('lets an auditor read a member', async () => {
    const number = await registered(bpuRegistration());
    assert.equal((await view(number, auditor)).statusCode, 200);
  });

  it('refuses an officer closing a membership', async () => {
    const number = await registered(bpuRegistration());
    expectProblem(await change(number, '/close', { reason: 'OTHER' }, officer), { status: 403, code: 'ROLE_NOT_ALLOWED' });
    assert.equal((await memberOf(number)).status, 'REGISTERED');
  });

  it('records a partner user’s own partner as the channel partner without being told', async () => {
    const body = pmiRegistration('DURING_PLACEMENT');
    body.channel = { type: 'EMBASSY_DESK' };
    const number = await registered(body, hongKongDesk);
    const response = await view(number, hongKongDesk);
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(response.json().channelPartner, { code: 'KJRI-HONGKONG', name: 'Partner KJRI-HONGKONG' });
  });

  it('hides another partner’s member from a partner user', async () => {
    const body = pmiRegistration('DURING_PLACEMENT');
    body.channel = { type: 'EMBASSY_DESK' };
    const number = await registered(body, taipeiDesk);
    expectProblem(await view(number, hongKongDesk), { status: 404, code: 'MEMBER_NOT_FOUND' });
    expectProblem(await change(number, '/contact', { phone: '+6281298765432' }, hongKongDesk), {
      status: 404,
      code: 'MEMBER_NOT_FOUND',
    });
  });

  it('logs every read of a member’s record with who read it, and logs nothing for a read refused', async () => {
    const body = pmiRegistration('DURING_PLACEMENT');
    body.channel = { type: 'EMBASSY_DESK' };
    const number = await registered(body, taipeiDesk);
    const { id } = await t.ctx.db.selectFrom('memberships').select('id').where('membership_number', '=', number).executeTakeFirstOrThrow();
    const reads = () => t.ctx.db.selectFrom('access_log').select(['actor', 'action']).where('membership_id', '=', id).execute();
    assert.equal((await reads()).length, 0);
    assert.equal((await view(number, officer)).statusCode, 200);
    assert.equal((await view(number, hongKongDesk)).statusCode, 404);
    const logged = await reads();
    assert.equal(logged.length, 1, 'one read, one entry; the refused read left none');
    assert.equal(logged[0]?.action, 'member.read');
    assert.match(logged[0]?.actor ?? '', /^user:[0-9a-f-]{36}$/);
  });

  it('finds only the partner’s own members in a partner user’s search', async () => {
    const person = { fullName: 'Sri Wahyuni', birthDate: '1992-02-14', sex: 'F' as const };
    const ours = pmiRegistration('DURING_PLACEMENT', person);
    ours.channel = { type: 'EMBASSY_DESK' };
    const theirs = pmiRegistration('DURING_PLACEMENT', person);
    theirs.channel = { type: 'EMBASSY_DESK' };
    const ourNumber = await registered(ours, hongKongDesk);
    const theirNumber = await registered(theirs, taipeiDesk);
    const byPartner = await search({ name: 'Sri Wahyuni', birthDate: '1992-02-14' }, hongKongDesk);
    assert.equal(byPartner.statusCode, 200, byPartner.body);
    assert.deepEqual(
      byPartner.json().items.map((i: { membershipNumber: string }) => i.membershipNumber),
      [ourNumber],
    );
    const byNik = await search({ nik: theirs.person.nik }, hongKongDesk);
    assert.deepEqual(byNik.json().items, []);
    const byOfficer = await search({ name: 'Sri Wahyuni', birthDate: '1992-02-14' });
    assert.deepEqual(
      byOfficer
        .json()
        .items.map((i: { membershipNumber: string }) => i.membershipNumber)
        .sort(),
      [ourNumber, theirNumber].sort(),
    );
  });

  it('refuses a partner user naming another partner’s code', async () => {
    const body = pmiRegistration('DURING_PLACEMENT');
    body.channel = { type: 'EMBASSY_DESK', partnerCode: 'KDEI-TAIPEI' };
    await expectRefusedRegistration(
      body,
      { status: 422, code: 'VALIDATION_FAILED', issue: { pointer: '/channel/partnerCode', code: 'NOT_YOUR_PARTNER' } },
      hongKongDesk,
    );
  });

  it('refuses staff recording a self-service channel', async () => {
    const body = bpuRegistration();
    body.channel = { type: 'SELF_SERVICE_WEB' };
    await expectRefusedRegistration(body, {
      status: 422,
      code: 'VALIDATION_FAILED',
      issue: { pointer: '/channel/type', code: 'CHANNEL_NOT_ALLOWED' },
    });
  });
});

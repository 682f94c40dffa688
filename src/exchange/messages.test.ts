import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { compactVerify, createLocalJWKSet, decodeProtectedHeader } from 'jose';
import { movableClock } from '../kernel/clock.ts';
import { registerMember } from '../membership/service.ts';
import { listAgreements, revokePartnerKey, setAgreementSuspension } from '../partners/service.ts';
import { citizen, expectProblem, passportNumber, pmiRegistration } from '../testing/fixtures.ts';
import { createTestApp, type TestApp } from '../testing/harness.ts';
import { generatePartnerKey, signMessage } from './client.ts';
import { verifyLog } from './log.ts';
import { partnerWithAgreement, post, type TestPartner } from './test-partners.ts';

const clock = movableClock('2026-03-02T03:00:00Z');
let t: TestApp;
let ministry: TestPartner;

before(async () => {
  t = await createTestApp({ clock });
  ministry = await partnerWithAgreement(t.ctx, { type: 'MINISTRY', send: ['SELF_REPORT'], receive: ['MEMBERSHIP_STATUS'] });
});
after(() => t.close());

function selfReport(overrides: Record<string, unknown> = {}) {
  const identity = citizen();
  return {
    person: { nik: identity.nik, fullName: 'Sri Wahyuni', birthDate: identity.birthDate, sex: identity.sex, phone: '+85291234567' },
    passport: { number: passportNumber(), issuingCountry: 'ID', expiryDate: '2031-01-31' },
    country: 'HK',
    address: { line: 'Flat 3A, 12 Lockhart Road', city: 'Wan Chai', country: 'HK' },
    employer: { name: 'Wong Mei Ling' },
    contract: { start: '2026-01-15', end: '2028-01-14' },
    consentToRegister: true,
    ...overrides,
  };
}

async function verifiedReceipt(receipt: string) {
  const jwks = createLocalJWKSet(t.ctx.signingKeys.jwks() as never);
  const { payload } = await compactVerify(receipt, jwks);
  return JSON.parse(new TextDecoder().decode(payload));
}

async function messageRows() {
  return Number(
    (
      await t.ctx.db
        .selectFrom('exchange_messages')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
}

describe('a signed SELF_REPORT through the API', () => {
  it('registers an unknown PMI who consents, through the foreign-ministry self-report channel, with a signed receipt', async () => {
    const jws = await ministry.sign('SELF_REPORT', selfReport(), { messageId: 'LD-1' });
    const response = await post(t, jws);
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json();
    assert.equal(body.result.effect, 'REGISTERED');
    assert.match(body.result.membershipNumber, /^\d{11}$/);
    const receipt = await verifiedReceipt(body.receipt);
    assert.equal(receipt.messageId, 'LD-1');
    assert.equal(receipt.outcome, 'ACCEPTED');
    assert.equal(receipt.requestHash, body.requestHash);
    assert.equal(decodeProtectedHeader(body.receipt).kid, t.ctx.signingKeys.kid);
    const membership = await t.ctx.db
      .selectFrom('memberships')
      .select(['registration_channel'])
      .where('membership_number', '=', body.result.membershipNumber)
      .executeTakeFirstOrThrow();
    assert.equal(membership.registration_channel, 'FOREIGN_MINISTRY_SELF_REPORT');
  });

  it('matches an existing member by NIK and records the presence report without registering again', async () => {
    const registration = pmiRegistration('DURING_PLACEMENT');
    const { membershipNumber } = await registerMember(t.ctx, registration, undefined);
    const doc = selfReport({ person: { ...selfReport().person, nik: registration.person.nik }, passport: undefined });
    const response = await post(t, await ministry.sign('SELF_REPORT', doc));
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.json().result.effect, 'MATCHED');
    assert.equal(response.json().result.membershipNumber, membershipNumber);
  });

  it('keeps a PMI without consent as a lead for outreach, not as a member', async () => {
    const response = await post(t, await ministry.sign('SELF_REPORT', selfReport({ consentToRegister: false })));
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.json().result.effect, 'LEAD_CREATED');
    assert.equal(response.json().result.membershipNumber, null);
    assert.equal(response.json().result.reason, 'NO_CONSENT');
  });

  it('answers the same message id with the same content with the original receipt and no second effect', async () => {
    const doc = selfReport({ consentToRegister: false });
    const first = await post(t, await ministry.sign('SELF_REPORT', doc, { messageId: 'LD-SAME' }));
    const leads = await t.ctx.db
      .selectFrom('exchange_leads')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    const second = await post(t, await ministry.sign('SELF_REPORT', doc, { messageId: 'LD-SAME' }));
    assert.equal(second.statusCode, 200, second.body);
    assert.equal(second.json().replayed, true);
    assert.equal(second.json().receipt, first.json().receipt);
    const leadsAfter = await t.ctx.db
      .selectFrom('exchange_leads')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(Number(leadsAfter.n), Number(leads.n));
  });
});

describe('rejections, each signed and leaving only the log entry', () => {
  async function expectSignedRejection(jws: string | undefined, status: number, code: string, pointer?: string) {
    const rowsBefore = await messageRows();
    const leadsBefore = Number(
      (
        await t.ctx.db
          .selectFrom('exchange_leads')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    const logBefore = (await verifyLog(t.ctx)).entries;
    const response = jws === undefined ? await t.app.inject({ method: 'POST', url: '/api/v1/exchange/messages' }) : await post(t, jws);
    const problem = expectProblem(response, { status, code, ...(pointer ? { issue: { pointer, code: problemIssueCode(code) } } : {}) });
    const receipt = await verifiedReceipt(problem.receipt);
    assert.equal(receipt.outcome, 'REJECTED');
    assert.equal(receipt.code, code);
    assert.equal(receipt.requestHash, problem.requestHash);
    assert.equal(await messageRows(), rowsBefore);
    assert.equal(
      Number(
        (
          await t.ctx.db
            .selectFrom('exchange_leads')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
      leadsBefore,
    );
    const log = await verifyLog(t.ctx);
    assert.equal(log.intact, true);
    assert.equal(log.entries, logBefore + 2);
    return problem;
  }
  const problemIssueCode = (code: string) => (code === 'SCHEMA_VIOLATION' ? 'FIELD_REQUIRED' : code);

  it('refuses a message without a signature', async () => {
    await expectSignedRejection(undefined, 401, 'SIGNATURE_REQUIRED');
  });

  it('refuses a body that is not a JWS', async () => {
    await expectSignedRejection('not a jws at all', 400, 'MALFORMED_MESSAGE');
  });

  it('refuses a bad signature', async () => {
    const jws = await ministry.sign('SELF_REPORT', selfReport({ consentToRegister: false }));
    const [header, payload, signature] = jws.split('.') as [string, string, string];
    const tampered = `${header}.${Buffer.from(Buffer.from(payload, 'base64url').toString().replace('HK', 'SG')).toString('base64url')}.${signature}`;
    await expectSignedRejection(tampered, 401, 'BAD_SIGNATURE');
  });

  it('refuses a key that is not registered', async () => {
    const stranger = await generatePartnerKey('unknown-key');
    const jws = await signMessage(stranger.privateJwk, {
      type: 'SELF_REPORT',
      sender: ministry.code,
      document: selfReport(),
      sentAt: clock.now(),
    });
    await expectSignedRejection(jws, 401, 'UNKNOWN_KEY');
  });

  it('refuses a key that has been revoked', async () => {
    const partner = await partnerWithAgreement(t.ctx, { type: 'MINISTRY', send: ['SELF_REPORT'] });
    await revokePartnerKey(t.ctx, partner.code, partner.key.kid);
    await expectSignedRejection(await partner.sign('SELF_REPORT', selfReport()), 401, 'KEY_REVOKED');
  });

  it('refuses a key past its validity', async () => {
    const partner = await partnerWithAgreement(t.ctx, { type: 'MINISTRY', send: ['SELF_REPORT'] });
    const second = await generatePartnerKey('short-lived');
    const { addPartnerKey } = await import('../partners/service.ts');
    await addPartnerKey(t.ctx, partner.code, {
      publicJwk: second.publicJwk,
      validFrom: '2026-01-01T00:00:00Z',
      validTo: '2026-02-01T00:00:00Z',
    });
    const jws = await signMessage(second.privateJwk, {
      type: 'SELF_REPORT',
      sender: partner.code,
      document: selfReport(),
      sentAt: clock.now(),
    });
    await expectSignedRejection(jws, 401, 'KEY_EXPIRED');
  });

  it('refuses a message sent too long ago', async () => {
    await expectSignedRejection(
      await ministry.sign('SELF_REPORT', selfReport(), { sentAt: new Date(clock.now().getTime() - 10 * 60_000) }),
      401,
      'MESSAGE_TOO_OLD',
    );
  });

  it('refuses a message dated in the future', async () => {
    await expectSignedRejection(
      await ministry.sign('SELF_REPORT', selfReport(), { sentAt: new Date(clock.now().getTime() + 10 * 60_000) }),
      401,
      'MESSAGE_FROM_FUTURE',
    );
  });

  it('refuses a replayed message id with other content', async () => {
    await post(t, await ministry.sign('SELF_REPORT', selfReport({ consentToRegister: false }), { messageId: 'LD-REPLAY' }));
    await expectSignedRejection(
      await ministry.sign('SELF_REPORT', selfReport({ consentToRegister: false }), { messageId: 'LD-REPLAY' }),
      409,
      'MESSAGE_ID_REPLAYED',
    );
  });

  it('refuses a document that breaks its schema, listing the field', async () => {
    const { country: _country, ...withoutCountry } = selfReport();
    await expectSignedRejection(await ministry.sign('SELF_REPORT', withoutCountry), 400, 'SCHEMA_VIOLATION', '/document/country');
  });

  it('refuses a field the agreement does not allow', async () => {
    const narrow = await partnerWithAgreement(t.ctx, {
      type: 'MINISTRY',
      send: ['SELF_REPORT'],
      fields: { SELF_REPORT: ['person', 'passport', 'country', 'consentToRegister'] },
    });
    await expectSignedRejection(await narrow.sign('SELF_REPORT', selfReport()), 403, 'FIELD_NOT_AGREED', '/document/address/line');
  });

  it('refuses a document type the agreement does not cover', async () => {
    await expectSignedRejection(
      await ministry.sign('DEPARTURE', { passport: { number: 'C7654321', issuingCountry: 'ID' }, crossedOn: '2026-03-01', country: 'HK' }),
      403,
      'DOCUMENT_TYPE_NOT_AGREED',
    );
  });

  it('refuses exchanges under an expired agreement', async () => {
    const partner = await partnerWithAgreement(t.ctx, {
      type: 'MINISTRY',
      send: ['SELF_REPORT'],
      agreement: { signedOn: '2022-01-01', validTo: '2025-12-31' },
    });
    await expectSignedRejection(await partner.sign('SELF_REPORT', selfReport()), 403, 'AGREEMENT_EXPIRED');
  });

  it('refuses exchanges under a suspended agreement', async () => {
    const partner = await partnerWithAgreement(t.ctx, { type: 'MINISTRY', send: ['SELF_REPORT'] });
    const [agreement] = await listAgreements(t.ctx, partner.code);
    await setAgreementSuspension(t.ctx, partner.code, agreement?.id as string, { suspended: true, reason: 'Under review' });
    await expectSignedRejection(await partner.sign('SELF_REPORT', selfReport()), 403, 'AGREEMENT_SUSPENDED');
  });

  it('refuses an oversized body', async () => {
    const huge = await ministry.sign('SELF_REPORT', selfReport({ employer: { name: 'x'.repeat(200), address: 'y'.repeat(300_000) } }));
    await expectSignedRejection(huge, 413, 'MESSAGE_TOO_LARGE');
  });

  it('refuses a message whose sender is not the key’s partner', async () => {
    const jws = await signMessage(ministry.key.privateJwk, {
      type: 'SELF_REPORT',
      sender: 'KEMENLU-FAKE',
      document: selfReport(),
      sentAt: clock.now(),
    });
    await expectSignedRejection(jws, 401, 'SENDER_MISMATCH');
  });
});

describe('the message log', () => {
  it('keeps its hash chain intact across accepted and rejected messages', async () => {
    const result = await verifyLog(t.ctx);
    assert.equal(result.intact, true, result.reason ?? '');
    assert.ok(result.entries > 10);
  });

  it('refuses to change an entry once written', async () => {
    await assert.rejects(t.ctx.db.updateTable('exchange_log').set({ outcome: 'ACCEPTED' }).where('seq', '=', 1).execute(), /append-only/);
  });
});

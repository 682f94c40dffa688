import assert from 'node:assert/strict';
import { createPrivateKey, sign as cryptoSign, type JsonWebKey } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { compactVerify, createLocalJWKSet, decodeProtectedHeader } from 'jose';
import { movableClock } from '../kernel/clock.ts';
import { registerMember } from '../membership/service.ts';
import { listAgreements, revokePartnerKey, setAgreementSuspension } from '../partners/service.ts';
import { citizen, expectProblem, passportNumber, pmiRegistration } from '../testing/fixtures.ts';
import { createTestApp, type TestApp } from '../testing/harness.ts';
import { applyDocument } from './apply-document.ts';
import { acceptClaims, claimLeaseMs } from './claim-message.ts';
import { generatePartnerKey, signMessage } from './client.ts';
import { appendLog, appendLogGrouped, type NewLogEntry, verifyLog } from './log.ts';
import { messageJwsType, sha256Hex } from './rules.ts';
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
    assert.deepEqual(second.json().result, first.json().result);
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

  it('refuses a signature carrying characters outside base64url, though the rest of it would verify', async () => {
    const jws = await ministry.sign('SELF_REPORT', selfReport({ consentToRegister: false }));
    const [header, payload, signature] = jws.split('.') as [string, string, string];
    await expectSignedRejection(`${header}.${payload}.${signature.slice(0, 10)}*${signature.slice(10)}`, 401, 'BAD_SIGNATURE');
  });

  it('refuses a message whose header makes an extension the gateway does not know critical', async () => {
    const header = Buffer.from(
      JSON.stringify({ alg: 'EdDSA', kid: ministry.key.kid, typ: messageJwsType, crit: ['x-lindung-test'], 'x-lindung-test': true }),
    ).toString('base64url');
    const signed = await ministry.sign('SELF_REPORT', selfReport({ consentToRegister: false }));
    const payload = signed.split('.')[1] as string;
    const privateKey = createPrivateKey({ key: ministry.key.privateJwk as JsonWebKey, format: 'jwk' });
    const signature = cryptoSign(null, Buffer.from(`${header}.${payload}`), privateKey).toString('base64url');
    await expectSignedRejection(`${header}.${payload}.${signature}`, 401, 'BAD_SIGNATURE');
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

describe('a message claimed but never answered (the process died)', () => {
  /** A member the document matches, so that each application writes one presence report. */
  async function matchedReport(messageId: string) {
    const registration = pmiRegistration('DURING_PLACEMENT');
    await registerMember(t.ctx, registration, undefined);
    const doc = selfReport({ person: { ...selfReport().person, nik: registration.person.nik }, passport: undefined });
    return ministry.sign('SELF_REPORT', doc, { messageId });
  }

  /** What a process that died after claiming the message left behind. */
  async function leaveClaim(jws: string, messageId: string, claimedAt: Date) {
    const partner = await t.ctx.db.selectFrom('partners').select('id').where('code', '=', ministry.code).executeTakeFirstOrThrow();
    const payload = Buffer.from(jws.split('.')[1] as string, 'base64url');
    await t.ctx.db
      .insertInto('exchange_messages')
      .values({
        partner_id: partner.id,
        message_id: messageId,
        document_type: 'SELF_REPORT',
        content_sha256: sha256Hex(payload),
        source: 'API',
        status: 'PROCESSING',
        result: JSON.stringify(null),
        received_at: claimedAt,
        claim_token: 'a-process-that-died.1',
        claimed_at: claimedAt,
      })
      .execute();
    return partner.id;
  }

  async function presenceReports(messageId: string) {
    const row = await t.ctx.db
      .selectFrom('exchange_presence_reports')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('message_id', '=', messageId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  it('processes the partner’s retry once the claim is older than the lease, applying the document once', async () => {
    const jws = await matchedReport('LD-STUCK-1');
    await leaveClaim(jws, 'LD-STUCK-1', clock.now());
    clock.set(new Date(clock.now().getTime() + claimLeaseMs + 1000));
    const retry = await post(t, jws);
    assert.equal(retry.statusCode, 200, retry.body);
    assert.equal(retry.json().replayed, false);
    assert.equal(retry.json().result.effect, 'MATCHED');
    assert.equal(await presenceReports('LD-STUCK-1'), 1);
    const again = await post(t, jws);
    assert.equal(again.json().replayed, true);
    assert.equal(again.json().receipt, retry.json().receipt);
    assert.equal(await presenceReports('LD-STUCK-1'), 1);
    assert.equal((await verifyLog(t.ctx)).intact, true);
  });

  it('answers the retry of a report whose registration landed before the process died as the first time', async () => {
    const doc = selfReport();
    const partner = await t.ctx.db
      .selectFrom('partners')
      .select(['id', 'code', 'type'])
      .where('code', '=', ministry.code)
      .executeTakeFirstOrThrow();
    const first = await applyDocument(t.ctx, partner, 'SELF_REPORT', doc, 'LD-REG-CRASH', true);
    assert.equal(first.effect, 'REGISTERED');
    const retry = await post(t, await ministry.sign('SELF_REPORT', doc, { messageId: 'LD-REG-CRASH' }));
    assert.equal(retry.statusCode, 200, retry.body);
    assert.deepEqual([retry.json().result.effect, retry.json().result.membershipNumber], ['REGISTERED', first.membershipNumber]);
    assert.equal(await presenceReports('LD-REG-CRASH'), 0);
    // Another report of the same person is a presence report of a member, as always.
    const later = await post(t, await ministry.sign('SELF_REPORT', doc, { messageId: 'LD-REG-LATER' }));
    assert.equal(later.json().result.effect, 'MATCHED');
    assert.equal(await presenceReports('LD-REG-LATER'), 1);
  });

  it('applies the document once when two retries race for the abandoned claim', async () => {
    const jws = await matchedReport('LD-STUCK-2');
    await leaveClaim(jws, 'LD-STUCK-2', clock.now());
    clock.set(new Date(clock.now().getTime() + claimLeaseMs + 1000));
    const answers = await Promise.all([post(t, jws), post(t, jws)]);
    for (const answer of answers) assert.equal(answer.statusCode, 200, answer.body);
    assert.deepEqual(answers.map((a) => a.json().replayed).sort(), [false, true]);
    assert.equal(answers[0]?.json().receipt, answers[1]?.json().receipt);
    assert.equal(await presenceReports('LD-STUCK-2'), 1);
  });

  it('leaves a fresh claim to its holder on a database server, and takes it over at once on the embedded database (one process)', async () => {
    const jws = await matchedReport('LD-STUCK-3');
    await leaveClaim(jws, 'LD-STUCK-3', clock.now());
    const retry = await post(t, jws);
    if (t.ctx.engine === 'postgres') {
      const problem = expectProblem(retry, { status: 409, code: 'MESSAGE_IN_PROGRESS' });
      assert.equal(problem.retryAfterSeconds, claimLeaseMs / 1000);
      assert.equal(retry.headers['retry-after'], String(claimLeaseMs / 1000));
      assert.equal(await presenceReports('LD-STUCK-3'), 0);
    } else {
      assert.equal(retry.statusCode, 200, retry.body);
      assert.equal(await presenceReports('LD-STUCK-3'), 1);
    }
  });

  it('refuses to accept a message whose claim was taken over meanwhile: the acceptance must change exactly one row', async () => {
    const jws = await matchedReport('LD-STUCK-4');
    await leaveClaim(jws, 'LD-STUCK-4', clock.now());
    const row = await t.ctx.db
      .selectFrom('exchange_messages')
      .select('id')
      .where('message_id', '=', 'LD-STUCK-4')
      .executeTakeFirstOrThrow();
    const accept = (token: string) =>
      t.ctx.db
        .transaction()
        .execute((trx) =>
          acceptClaims(trx, [{ claim: { id: row.id, token }, outcome: 'MATCHED', membershipId: null, result: {}, receipt: 'x.y.z' }]),
        );
    await assert.rejects(accept('another-holder.1'), /taken over/);
    const still = await t.ctx.db.selectFrom('exchange_messages').select('status').where('id', '=', row.id).executeTakeFirstOrThrow();
    assert.equal(still.status, 'PROCESSING');
    await accept('a-process-that-died.1');
    const now = await t.ctx.db.selectFrom('exchange_messages').select('status').where('id', '=', row.id).executeTakeFirstOrThrow();
    assert.equal(now.status, 'ACCEPTED');
  });
});

describe('many messages at once', () => {
  it('accepts each of many concurrent messages once, with its own receipt, in one unbroken log', async () => {
    const logBefore = (await verifyLog(t.ctx)).entries;
    const signed = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        ministry.sign('SELF_REPORT', selfReport({ consentToRegister: false }), { messageId: `LD-MANY-${i}` }),
      ),
    );
    const answers = await Promise.all(signed.map((jws) => post(t, jws)));
    for (const answer of answers) assert.equal(answer.statusCode, 200, answer.body);
    assert.equal(new Set(answers.map((a) => a.json().receipt)).size, 24);
    const accepted = await t.ctx.db
      .selectFrom('exchange_messages')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('message_id', 'like', 'LD-MANY-%')
      .where('status', '=', 'ACCEPTED')
      .executeTakeFirstOrThrow();
    assert.equal(Number(accepted.n), 24);
    const log = await verifyLog(t.ctx);
    assert.equal(log.intact, true, log.reason ?? '');
    assert.equal(log.entries, logBefore + 48);
  });
});

describe('many members at once', () => {
  it('matches each of many concurrent self-reports to its own member, by passport or by NIK, and records its presence report', async () => {
    const members = await Promise.all(
      Array.from({ length: 6 }, async () => {
        const registration = pmiRegistration('DURING_PLACEMENT');
        const { membershipNumber } = await registerMember(t.ctx, registration, undefined);
        return { registration, membershipNumber };
      }),
    );
    const reports = members.map(({ registration }, i) => {
      const person = { ...selfReport().person, nik: registration.person.nik };
      const passport = registration.person.passport;
      // Half are known by their passport (with a NIK of someone else), half by their NIK alone.
      return i % 2 === 0
        ? selfReport({ person: { ...person, nik: citizen().nik }, passport: { ...passport, expiryDate: '2031-01-31' } })
        : selfReport({ person, passport: undefined });
    });
    const strangers = Array.from({ length: 4 }, () => selfReport({ consentToRegister: false }));
    const signed = await Promise.all(
      [...reports, ...strangers].map((doc, i) => ministry.sign('SELF_REPORT', doc, { messageId: `LD-MEMBERS-${i}` })),
    );
    const answers = await Promise.all(signed.map((jws) => post(t, jws)));
    for (const answer of answers) assert.equal(answer.statusCode, 200, answer.body);
    members.forEach(({ membershipNumber }, i) => {
      assert.equal(answers[i]?.json().result.effect, 'MATCHED');
      assert.equal(answers[i]?.json().result.membershipNumber, membershipNumber);
    });
    for (const answer of answers.slice(members.length)) assert.equal(answer.json().result.effect, 'LEAD_CREATED');
    const presence = await t.ctx.db
      .selectFrom('exchange_presence_reports as r')
      .innerJoin('memberships as m', 'm.id', 'r.membership_id')
      .select(['r.message_id', 'm.membership_number', 'r.country', 'r.employer_name', 'r.contract_end'])
      .where('r.message_id', 'like', 'LD-MEMBERS-%')
      .orderBy('r.message_id')
      .execute();
    assert.deepEqual(
      presence.map((r) => [r.message_id, r.membership_number, r.country, r.employer_name, r.contract_end]),
      members.map(({ membershipNumber }, i) => [`LD-MEMBERS-${i}`, membershipNumber, 'HK', 'Wong Mei Ling', '2028-01-14']),
    );
  });
});

describe('the message log', () => {
  const entry = (requestId: string): NewLogEntry => ({
    direction: 'INBOUND',
    kind: 'REQUEST',
    partnerCode: null,
    messageId: null,
    documentType: null,
    requestId,
    outcome: 'REJECTED',
    errorCode: 'TEST',
    contentSha256: sha256Hex(requestId),
  });

  it('fails only the append whose writes fail when appends are committed together', async () => {
    const before = (await verifyLog(t.ctx)).entries;
    const results = await Promise.allSettled([
      appendLogGrouped(t.ctx, [entry('group-1')]),
      appendLogGrouped(t.ctx, [entry('group-2')], async () => {
        throw new Error('this append’s own write fails');
      }),
      appendLogGrouped(t.ctx, [entry('group-3')]),
    ]);
    assert.deepEqual(
      results.map((r) => r.status),
      ['fulfilled', 'rejected', 'fulfilled'],
    );
    const log = await verifyLog(t.ctx);
    assert.equal(log.intact, true, log.reason ?? '');
    assert.equal(log.entries, before + 2);
  });

  it('keeps the chain when another process appended since this one last did', async () => {
    await post(t, await ministry.sign('SELF_REPORT', selfReport({ consentToRegister: false })));
    // Without the database handle, the append cannot use (or update) what this process knows of the head.
    await t.ctx.db.transaction().execute((trx) => appendLog(trx, clock.now(), [entry('elsewhere-1'), entry('elsewhere-2')]));
    const response = await post(t, await ministry.sign('SELF_REPORT', selfReport({ consentToRegister: false })));
    assert.equal(response.statusCode, 200, response.body);
    const log = await verifyLog(t.ctx);
    assert.equal(log.intact, true, log.reason ?? '');
  });

  it('keeps its hash chain intact across accepted and rejected messages', async () => {
    const result = await verifyLog(t.ctx);
    assert.equal(result.intact, true, result.reason ?? '');
    assert.ok(result.entries > 10);
  });

  it('refuses to change an entry once written', async () => {
    await assert.rejects(t.ctx.db.updateTable('exchange_log').set({ outcome: 'ACCEPTED' }).where('seq', '=', 1).execute(), /append-only/);
  });
});

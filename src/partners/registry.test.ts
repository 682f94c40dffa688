import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { exportJWK, generateKeyPair } from 'jose';
import { movableClock } from '../kernel/clock.ts';
import { expectProblem } from '../testing/fixtures.ts';
import { createTestApp, type TestApp } from '../testing/harness.ts';
import { addYears, agreementStanding, fieldsOutsidePermission, keyStanding } from './rules.ts';

const clock = movableClock('2026-03-02T03:00:00Z');
let t: TestApp;
let admin: { authorization: string };

before(async () => {
  t = await createTestApp({ clock });
  admin = await t.signIn('ADMINISTRATOR');
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/v1/partners',
    headers: admin,
    payload: { code: 'KBRI-DOHA', name: 'KBRI Doha', type: 'EMBASSY', country: 'QA' },
  });
  assert.equal(created.statusCode, 201, created.body);
});
after(() => t.close());

async function publicJwk() {
  const { publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  return exportJWK(publicKey);
}

describe('partner keys', () => {
  it('registers several keys at once for rollover, each with its validity', async () => {
    for (const [kid, validTo] of [
      ['doha-2026', '2026-06-30T00:00:00Z'],
      ['doha-2027', undefined],
    ] as const) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/v1/partners/KBRI-DOHA/keys',
        headers: admin,
        payload: { publicJwk: { ...(await publicJwk()), kid }, validFrom: '2026-01-01T00:00:00Z', ...(validTo ? { validTo } : {}) },
      });
      assert.equal(response.statusCode, 201, response.body);
    }
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/partners/KBRI-DOHA/keys', headers: admin });
    assert.deepEqual(
      list.json().items.map((k: { kid: string; standing: string }) => `${k.kid}:${k.standing}`),
      ['doha-2026:VALID', 'doha-2027:VALID'],
    );
  });

  it('refuses a private key', async () => {
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/partners/KBRI-DOHA/keys',
      headers: admin,
      payload: { publicJwk: await exportJWK(privateKey) },
    });
    assert.equal(response.statusCode, 400, response.body);
  });

  it('revokes a key at once', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/partners/KBRI-DOHA/keys/doha-2026/revoke', headers: admin });
    assert.equal(response.json().standing, 'REVOKED');
  });
});

describe('agreements', () => {
  it('runs three years from signature unless stated', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/partners/KBRI-DOHA/agreements',
      headers: admin,
      payload: {
        kind: 'MOU',
        reference: 'MOU/DOHA/2026',
        signedOn: '2026-02-10',
        scope: 'Registration desk',
        permissions: [{ documentType: 'PARTNER_REGISTRATION', direction: 'SEND', fields: ['person', 'passport', 'placement'] }],
      },
    });
    assert.equal(response.statusCode, 201, response.body);
    assert.equal(response.json().validTo, '2029-02-09');
    assert.equal(response.json().standing, 'IN_FORCE');
  });

  it('refuses the same document type and direction twice', async () => {
    const permission = { documentType: 'DEPARTURE', direction: 'SEND', fields: ['passport'] };
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/partners/KBRI-DOHA/agreements',
      headers: admin,
      payload: { kind: 'MOU', reference: 'MOU/DOHA/X', signedOn: '2026-02-10', scope: 'x', permissions: [permission, permission] },
    });
    expectProblem(response, { status: 422, code: 'VALIDATION_FAILED', issue: { pointer: '/permissions/1', code: 'DUPLICATE_PERMISSION' } });
  });

  it('can be suspended, and says so', async () => {
    const [agreement] = (await t.app.inject({ method: 'GET', url: '/api/v1/partners/KBRI-DOHA/agreements', headers: admin })).json().items;
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/v1/partners/KBRI-DOHA/agreements/${agreement.id}/suspension`,
      headers: admin,
      payload: { suspended: true, reason: 'Monitoring and evaluation' },
    });
    assert.equal(response.json().standing, 'SUSPENDED');
  });
});

describe('registry rules', () => {
  it('names the fields a document carries beyond what an agreement allows', () => {
    const document = { person: { nik: '1', fullName: 'A' }, address: { line: 'x' }, country: 'HK' };
    assert.deepEqual(fieldsOutsidePermission(document, ['person.fullName', 'country']), ['person.nik', 'address.line']);
    assert.deepEqual(fieldsOutsidePermission(document, ['person', 'address', 'country']), []);
  });

  it('tells an agreement’s and a key’s standing on a day', () => {
    const agreement = { status: 'ACTIVE' as const, valid_from: '2026-01-01', valid_to: '2028-12-31' };
    assert.equal(agreementStanding(agreement, '2025-12-31'), 'NOT_YET_IN_FORCE');
    assert.equal(agreementStanding(agreement, '2028-12-31'), 'IN_FORCE');
    assert.equal(agreementStanding(agreement, '2029-01-01'), 'EXPIRED');
    const key = { valid_from: new Date('2026-01-01T00:00:00Z'), valid_to: new Date('2027-01-01T00:00:00Z'), revoked_at: null };
    assert.equal(keyStanding(key, new Date('2027-01-01T00:00:00Z')), 'EXPIRED');
    assert.equal(keyStanding(key, new Date('2026-06-01T00:00:00Z')), 'VALID');
  });

  it('adds years to a date, 29 February falling back to the 28th', () => {
    assert.equal(addYears('2028-02-29', 3), '2031-02-28');
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createPartner } from '../partners/service.ts';
import { citizen, passportNumber } from '../testing/fixtures.ts';
import { createTestApp, type TestApp } from '../testing/harness.ts';
import { signMessage } from './client.ts';
import { demoPartnerKey, seedExchangeDemo } from './demo.ts';
import { post } from './test-partners.ts';

let t: TestApp;

before(async () => {
  t = await createTestApp();
  await createPartner(t.ctx, { code: 'KEMENLU', name: 'Kementerian Luar Negeri', type: 'MINISTRY', country: 'ID' });
});
after(() => t.close());

describe('the demo partners', () => {
  it('get keys and agreements once, so a demo self-report signed with the derived key is accepted', async () => {
    assert.deepEqual(await seedExchangeDemo(t.ctx), { keys: 1, agreements: 1 });
    assert.deepEqual(await seedExchangeDemo(t.ctx), { keys: 0, agreements: 0 });
    const identity = citizen();
    const jws = await signMessage(demoPartnerKey('KEMENLU'), {
      type: 'SELF_REPORT',
      sender: 'KEMENLU',
      document: {
        person: { nik: identity.nik, fullName: 'Demo Pekerja', birthDate: identity.birthDate, sex: identity.sex },
        passport: { number: passportNumber(), issuingCountry: 'ID', expiryDate: '2031-01-31' },
        country: 'SG',
        consentToRegister: false,
      },
    });
    const response = await post(t, jws);
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.json().result.effect, 'LEAD_CREATED');
  });
});

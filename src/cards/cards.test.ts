import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PDFDocument } from 'pdf-lib';
import { movableClock } from '../kernel/clock.ts';
import { registerMember } from '../membership/service.ts';
import { expectProblem, pmiRegistration } from '../testing/fixtures.ts';
import { createTestApp, type TestApp } from '../testing/harness.ts';
import { drawableText, initialsOf } from './rules.ts';
import { issueCard } from './service.ts';

let t: TestApp;
const clock = movableClock('2026-11-22T03:00:00Z');

before(async () => {
  t = await createTestApp({ clock });
});
after(async () => {
  await t.close();
});

async function newMember(fullName = 'Siti Nur Aminah') {
  const { membershipNumber } = await registerMember(t.ctx, pmiRegistration('DURING_PLACEMENT', { fullName }), undefined);
  return membershipNumber;
}

describe('membership cards', () => {
  it('takes only the initials of a name', () => {
    assert.equal(initialsOf('  siti nur   Aminah '), 'S. N. A.');
    assert.equal(initialsOf('Ṣalāḥ'), 'Ṣ.');
  });

  it('draws names in other scripts without failing', () => {
    assert.equal(drawableText('Lê Văn 李'), 'L\u00ea V?n ?');
  });

  it('gives an officer the card as a one-page PDF', async () => {
    const n = await newMember();
    const officer = await t.signIn('OFFICER');
    const response = await t.app.inject({ method: 'GET', url: `/api/v1/members/${n}/card`, headers: officer });
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.headers['content-type'], 'application/pdf');
    const pdf = await PDFDocument.load(response.rawPayload);
    assert.equal(pdf.getPageCount(), 1);
    assert.match(pdf.getTitle() ?? '', new RegExp(n));
    assert.match(pdf.getKeywords() ?? '', /^http:\/\/localhost(:\d+)?\/verify#[\w-]+\.[\w-]+\.[\w-]+$/);
  });

  it('verifies a card publicly with initials, status and validity only', async () => {
    const n = await newMember();
    const card = await issueCard(t.ctx, n, undefined, { origin: 'http://example.test' });
    assert.ok(card.verificationUrl.startsWith('http://example.test/verify#'));
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/cards/verification', payload: { token: card.token } });
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(response.json(), {
      valid: true,
      initials: 'S. N. A.',
      status: 'REGISTERED',
      validUntil: '2027-11-22T03:00:00.000Z',
      expired: false,
    });
  });

  it('refuses a token whose payload was altered', async () => {
    const n = await newMember();
    const { token } = await issueCard(t.ctx, n, undefined, { origin: 'http://example.test' });
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, ini: 'X. Y.' })).toString('base64url');
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/cards/verification',
      payload: { token: `${header}.${forged}.${signature}` },
    });
    expectProblem(response, { status: 422, code: 'CARD_NOT_GENUINE' });
  });

  it('says a card is no longer valid after its year', async () => {
    const n = await newMember();
    const { token } = await issueCard(t.ctx, n, undefined, { origin: 'http://example.test' });
    clock.set('2027-11-23T03:00:00Z');
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/cards/verification', payload: { token } });
    assert.equal(response.json().valid, false);
    assert.equal(response.json().expired, true);
    clock.set('2026-11-22T03:00:00Z');
  });

  it('does not give a partner user the card of a member registered elsewhere', async () => {
    const n = await newMember();
    const { addPartner } = await import('../testing/fixtures.ts');
    await addPartner(t.ctx, 'LP-CARD-TEST', 'LOCAL_PARTNER', 'MY');
    const partnerUser = await t.signIn('PARTNER_USER', 'LP-CARD-TEST');
    const response = await t.app.inject({ method: 'GET', url: `/api/v1/members/${n}/card`, headers: partnerUser });
    expectProblem(response, { status: 404, code: 'MEMBER_NOT_FOUND' });
  });
});

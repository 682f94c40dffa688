import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fixedClock } from '../kernel/clock.ts';
import { createTestApp, type TestApp } from '../testing/harness.ts';
import { filedJhtClaim, type Headers, pdf, png, saver, signedInMember, upload } from './testing.ts';

let t: TestApp;
let officer: Headers;

before(async () => {
  t = await createTestApp({ clock: fixedClock('2026-03-20T03:00:00Z') });
  officer = await t.signIn('OFFICER');
});

after(async () => {
  await t.close();
});

describe('GET /api/v1/claims/{claimNumber}/documents', () => {
  it('lists the documents attached, in upload order, to the member and to staff, and to nobody else', async () => {
    const member = await filedJhtClaim(t, officer);
    const { claimNumber } = member;
    const own = await signedInMember(t.ctx, member.nik, member.membershipNumber);

    const empty = await t.app.inject({ method: 'GET', url: `/api/v1/claims/${claimNumber}/documents`, headers: own });
    assert.equal(empty.statusCode, 200, empty.body);
    assert.deepEqual(empty.json().items, []);

    assert.equal((await upload(t, own, claimNumber, 'MEMBERSHIP_CARD', pdf(), 'card.pdf')).statusCode, 201);
    assert.equal((await upload(t, officer, claimNumber, 'IDENTITY_DOCUMENT', png(), 'ktp.png', 'image/png')).statusCode, 201);

    const listed = await t.app.inject({ method: 'GET', url: `/api/v1/claims/${claimNumber}/documents`, headers: officer });
    assert.equal(listed.statusCode, 200, listed.body);
    const items = listed.json().items as Array<{ item: string; sha256: string; fileName: string; mediaType: string; size: number }>;
    assert.deepEqual(
      items.map((d) => [d.item, d.fileName, d.mediaType]),
      [
        ['MEMBERSHIP_CARD', 'card.pdf', 'application/pdf'],
        ['IDENTITY_DOCUMENT', 'ktp.png', 'image/png'],
      ],
    );
    const first = items[0];
    assert.ok(first);
    const content = await t.app.inject({ method: 'GET', url: `/api/v1/claims/${claimNumber}/documents/${first.sha256}`, headers: own });
    assert.equal(content.statusCode, 200);
    assert.equal(content.rawPayload.length, first.size);

    const other = await saver(t, { birthDate: '1962-05-05' });
    const stranger = await signedInMember(t.ctx, other.nik, other.membershipNumber);
    const hidden = await t.app.inject({ method: 'GET', url: `/api/v1/claims/${claimNumber}/documents`, headers: stranger });
    assert.equal(hidden.statusCode, 404);
    const anonymous = await t.app.inject({ method: 'GET', url: `/api/v1/claims/${claimNumber}/documents` });
    assert.equal(anonymous.statusCode, 401);
  });
});

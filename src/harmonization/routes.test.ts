import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { syntheticNik } from '../identity/nik.ts';
import { fixedClock } from '../kernel/clock.ts';
import { pmiRegistration } from '../testing/fixtures.ts';
import { createTestApp, type TestApp } from '../testing/harness.ts';

describe('the harmonization API', () => {
  let t: TestApp;
  let officer: { authorization: string };
  let supervisor: { authorization: string };
  const members: { membershipNumber: string; nik: string }[] = [];

  before(async () => {
    t = await createTestApp({ clock: fixedClock('2026-11-20T03:00:00Z') });
    officer = await t.signIn('OFFICER');
    supervisor = await t.signIn('SUPERVISOR');
    for (const [i, fullName] of ['Siti Aminah', 'Siti Aminah Rahayu'].entries()) {
      const nik = syntheticNik('320405', '1990-01-05', 'F', 500 + i);
      const body = pmiRegistration('DURING_PLACEMENT', { fullName, birthDate: '1990-01-05', sex: 'F', nik });
      const response = await t.app.inject({ method: 'POST', url: '/api/v1/members', headers: officer, payload: body });
      assert.equal(response.statusCode, 201, response.body);
      members.push({ membershipNumber: response.json().membershipNumber, nik });
    }
  });
  after(() => t.close());

  it('stages partner records, runs linkage and answers the counts', async () => {
    const nik = members[0]?.nik;
    const staged = await t.app.inject({
      method: 'POST',
      url: '/api/v1/harmonization/partner-records',
      headers: officer,
      payload: {
        records: [
          {
            sourceType: 'SELF_REPORT',
            sourceReference: 'SR-100',
            nik,
            fullName: 'SITI AMINAH',
            birthDate: '1990-01-05',
            sex: 'F',
            destinationCountry: 'HK',
          },
          {
            sourceType: 'SELF_REPORT',
            sourceReference: 'SR-101',
            fullName: 'Tigor Siregar',
            birthDate: '1992-12-01',
            sex: 'M',
            destinationCountry: 'KR',
          },
        ],
      },
    });
    assert.equal(staged.statusCode, 201, staged.body);
    assert.deepEqual(staged.json(), { staged: 2, alreadyStaged: 0 });
    const run = await t.app.inject({
      method: 'POST',
      url: '/api/v1/harmonization/runs',
      headers: officer,
      payload: { kind: 'PARTNER_RECORDS' },
    });
    assert.equal(run.statusCode, 200, run.body);
    assert.equal(run.json().counts.linked, 1);
    assert.equal(run.json().counts.new, 1);
    const leads = await t.app.inject({ method: 'GET', url: '/api/v1/harmonization/leads?country=KR', headers: officer });
    assert.deepEqual(leads.json().items, [{ country: 'KR', partnerCode: null, notRegistered: 1, notActive: 0 }]);
  });

  it('refuses records of an unknown partner, storing none', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/harmonization/partner-records',
      headers: officer,
      payload: { records: [{ sourceType: 'DEPARTURE', partnerCode: 'NOPE', sourceReference: 'X-1', fullName: 'Rina' }] },
    });
    assert.equal(response.statusCode, 422);
    assert.deepEqual(
      response.json().errors.map((e: { code: string }) => e.code),
      ['UNKNOWN_PARTNER'],
    );
    const stored = await t.ctx.db.selectFrom('partner_records').select('id').where('source_reference', '=', 'X-1').execute();
    assert.equal(stored.length, 0);
  });

  it('matches one record online and names the member', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/harmonization/match',
      headers: officer,
      payload: { nik: members[1]?.nik, fullName: 'Siti Aminah Rahayu', birthDate: '1990-01-05', sex: 'F' },
    });
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.json().candidates[0].membershipNumber, members[1]?.membershipNumber);
    assert.equal(response.json().decision, 'LINKED');
  });

  it('lets only a supervisor merge, and undo the merge', async () => {
    const payload = {
      membershipNumber: members[1]?.membershipNumber,
      intoMembershipNumber: members[0]?.membershipNumber,
      reason: 'Same person registered twice',
    };
    const denied = await t.app.inject({ method: 'POST', url: '/api/v1/harmonization/merges', headers: officer, payload });
    assert.equal(denied.statusCode, 403);
    const merged = await t.app.inject({ method: 'POST', url: '/api/v1/harmonization/merges', headers: supervisor, payload });
    assert.equal(merged.statusCode, 201, merged.body);
    const undone = await t.app.inject({
      method: 'POST',
      url: `/api/v1/harmonization/merges/${merged.json().mergeId}/undo`,
      headers: supervisor,
      payload: { reason: 'Sisters with one birthday' },
    });
    assert.equal(undone.statusCode, 204, undone.body);
  });

  it('imports a Mitra TKI file in its own layout', async () => {
    const csv = `NOMOR|NAMA|NIK|TTL|JK|PASPOR|TUJUAN|MASA_PERTANGGUNGAN\nMT/2016/1|SITI AMINAH|${members[0]?.nik}|Bandung, 05-01-1990|PR||HONG KONG|01-02-2016 s/d 31-01-2027\n`;
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/harmonization/legacy-policies/MITRA_TKI',
      headers: { ...officer, 'content-type': 'text/csv' },
      payload: csv,
    });
    assert.equal(response.statusCode, 201, response.body);
    assert.equal(response.json().imported, 1);
    await t.app.inject({ method: 'POST', url: '/api/v1/harmonization/runs', headers: officer, payload: { kind: 'PARTNER_RECORDS' } });
    const running = await t.app.inject({
      method: 'GET',
      url: '/api/v1/harmonization/legacy-policies/running?date=2026-11-20',
      headers: officer,
    });
    assert.deepEqual(
      running.json().items.map((i: { membershipNumber: string }) => i.membershipNumber),
      [members[0]?.membershipNumber],
    );
  });

  it('keeps the review queue from auditors’ hands but shows them the leads', async () => {
    const auditor = await t.signIn('AUDITOR');
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/harmonization/review-queue', headers: auditor })).statusCode, 403);
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/harmonization/leads', headers: auditor })).statusCode, 200);
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/harmonization/review-queue', headers: officer })).statusCode, 200);
  });
});

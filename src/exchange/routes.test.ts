import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { movableClock } from '../kernel/clock.ts';
import { citizen, expectProblem, passportNumber } from '../testing/fixtures.ts';
import { createTestApp, type TestApp } from '../testing/harness.ts';
import { partnerWithAgreement, post, type TestPartner } from './test-partners.ts';

const clock = movableClock('2026-03-02T03:00:00Z');
let t: TestApp;
let immigration: TestPartner;
let partnerUser: { authorization: string };
let officer: { authorization: string };

before(async () => {
  t = await createTestApp({ clock });
  immigration = await partnerWithAgreement(t.ctx, { type: 'IMMIGRATION', send: ['DEPARTURE', 'ARRIVAL'] });
  partnerUser = await t.signIn('PARTNER_USER', immigration.code);
  officer = await t.signIn('OFFICER');
});
after(() => t.close());

function multipart(content: Buffer, fileName: string) {
  const boundary = `----exchange${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: text/csv\r\n\r\n`,
  );
  return {
    payload: Buffer.concat([head, content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

describe('the catalogue', () => {
  it('serves every document type with its schema, an example that follows it and a description, to anyone', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/exchange/catalogue' });
    assert.equal(response.statusCode, 200, response.body);
    const types = response.json().items.map((i: { type: string }) => i.type);
    assert.deepEqual(types, ['SELF_REPORT', 'CONTRACT_EXTENSION', 'DEPARTURE', 'ARRIVAL', 'PARTNER_REGISTRATION', 'MEMBERSHIP_STATUS']);
    for (const item of response.json().items) {
      assert.ok(item.description.length > 20);
      assert.equal(item.schema.type, 'object');
    }
  });
});

describe('bulk files through the API', () => {
  it('gives a partner user the template, takes the filled-in file and reports each row', async () => {
    const template = await t.app.inject({ method: 'GET', url: '/api/v1/exchange/templates/DEPARTURE', headers: partnerUser });
    assert.equal(template.statusCode, 200, template.body);
    const [header] = template.body.split('\n');
    assert.equal(header, 'passport_number,passport_country,nik,crossed_on,country,border_post');
    const file = Buffer.from(`${header}\n${passportNumber()},ID,,2026-03-01,SA,CGK\n${passportNumber()},ID,,2026-03-01,ZZ,CGK\n`);
    const upload = await t.app.inject({
      method: 'POST',
      url: '/api/v1/exchange/files?documentType=DEPARTURE',
      ...withAuth(multipart(file, 'departures.csv'), partnerUser),
    });
    assert.equal(upload.statusCode, 200, upload.body);
    assert.equal(upload.json().accepted, 1);
    assert.equal(upload.json().rejected, 1);
    const rows = await t.app.inject({
      method: 'GET',
      url: `/api/v1/exchange/files/${upload.json().importId}/rows?outcome=REJECTED`,
      headers: partnerUser,
    });
    assert.equal(rows.statusCode, 200, rows.body);
    assert.equal(rows.json().items[0].row, 2);
    assert.equal(rows.json().items[0].reasons[0].column, 'country');
  });

  it('gives the template as XLSX too', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/exchange/templates/SELF_REPORT?format=xlsx', headers: officer });
    assert.equal(response.statusCode, 200);
    assert.equal(response.rawPayload.subarray(0, 2).toString(), 'PK');
  });

  it('does not let a partner user upload for another partner', async () => {
    const file = Buffer.from('passport_number,passport_country,nik,crossed_on,country,border_post\n');
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/exchange/files?documentType=DEPARTURE&partnerCode=SOMEONE-ELSE',
      ...withAuth(multipart(file, 'x.csv'), partnerUser),
    });
    expectProblem(response, { status: 403, code: 'NOT_YOUR_PARTNER' });
  });

  it('lists a partner’s own uploads newest first, paged, and every partner’s to staff', async () => {
    // Partners of their own, so that the activity reports below count only their fixtures.
    const mine = await partnerWithAgreement(t.ctx, { type: 'IMMIGRATION', send: ['DEPARTURE'] });
    const other = await partnerWithAgreement(t.ctx, { type: 'IMMIGRATION', send: ['DEPARTURE'] });
    const partnerUser = await t.signIn('PARTNER_USER', mine.code);
    const started = clock.now();
    const header = 'passport_number,passport_country,nik,crossed_on,country,border_post';
    const upload = async (name: string, auth: { authorization: string }, partnerCode?: string) => {
      const file = Buffer.from(`${header}\n${passportNumber()},ID,,2026-03-01,SA,CGK\n`);
      const query = partnerCode ? `&partnerCode=${partnerCode}` : '';
      const response = await t.app.inject({
        method: 'POST',
        url: `/api/v1/exchange/files?documentType=DEPARTURE${query}`,
        ...withAuth(multipart(file, name), auth),
      });
      assert.equal(response.statusCode, 200, response.body);
      clock.set(new Date(clock.now().getTime() + 60_000));
      return response.json().importId as string;
    };
    const first = await upload('first.csv', partnerUser);
    const second = await upload('second.csv', partnerUser);
    const theirs = await upload('theirs.csv', officer, other.code);

    const page1 = await t.app.inject({ method: 'GET', url: '/api/v1/exchange/files?limit=1', headers: partnerUser });
    assert.equal(page1.statusCode, 200, page1.body);
    assert.deepEqual(
      page1.json().items.map((i: { fileName: string; status: string; accepted: number }) => [i.fileName, i.status, i.accepted]),
      [['second.csv', 'COMPLETED', 1]],
    );
    const page2 = await t.app.inject({
      method: 'GET',
      url: `/api/v1/exchange/files?limit=1&cursor=${page1.json().nextCursor}`,
      headers: partnerUser,
    });
    assert.equal(page2.json().items[0].importId, first);
    const own = await t.app.inject({ method: 'GET', url: '/api/v1/exchange/files?limit=100', headers: partnerUser });
    const ownIds = own.json().items.map((i: { importId: string }) => i.importId);
    assert.ok(ownIds.includes(second) && !ownIds.includes(theirs), 'a partner user sees only their own partner’s files');
    assert.ok(own.json().items.every((i: { partnerCode: string }) => i.partnerCode === mine.code));
    const forbidden = await t.app.inject({ method: 'GET', url: `/api/v1/exchange/files?partnerCode=${other.code}`, headers: partnerUser });
    expectProblem(forbidden, { status: 403, code: 'NOT_YOUR_PARTNER' });

    const staff = await t.app.inject({ method: 'GET', url: `/api/v1/exchange/files?partnerCode=${other.code}`, headers: officer });
    assert.deepEqual(
      staff.json().items.map((i: { importId: string }) => i.importId),
      [theirs],
    );
    const all = await t.app.inject({ method: 'GET', url: '/api/v1/exchange/files?limit=2', headers: officer });
    assert.deepEqual(
      all.json().items.map((i: { importId: string }) => i.importId),
      [theirs, second],
    );
    const broken = await t.app.inject({ method: 'GET', url: '/api/v1/exchange/files?cursor=bm9wZQ', headers: officer });
    expectProblem(broken, { status: 422, code: 'VALIDATION_FAILED' });
    assert.equal(broken.json().errors[0].code, 'INVALID_CURSOR');

    // The console's activity figures: the partner's own, whatever partner it names.
    const activity = await t.app.inject({ method: 'GET', url: '/api/v1/exchange/reports/partners', headers: partnerUser });
    assert.equal(activity.statusCode, 200, activity.body);
    assert.deepEqual(
      activity.json().items.map((i: { partnerCode: string; received: number; byFile: number }) => [i.partnerCode, i.received, i.byFile]),
      [[mine.code, 2, 2]],
    );
    const peek = await t.app.inject({
      method: 'GET',
      url: `/api/v1/exchange/reports/partners?partnerCode=${other.code}`,
      headers: partnerUser,
    });
    expectProblem(peek, { status: 403, code: 'NOT_YOUR_PARTNER' });
    clock.set(started);
  });
});

describe('officers’ views', () => {
  it('list the message log newest first and verify its chain', async () => {
    await post(
      t,
      await immigration.sign('DEPARTURE', {
        passport: { number: passportNumber(), issuingCountry: 'ID' },
        crossedOn: '2026-03-01',
        country: 'TW',
      }),
    );
    const log = await t.app.inject({ method: 'GET', url: '/api/v1/exchange/log?limit=2', headers: officer });
    assert.equal(log.statusCode, 200, log.body);
    assert.equal(log.json().items.length, 2);
    assert.ok(log.json().items[0].seq > log.json().items[1].seq);
    assert.equal(log.json().items[0].kind, 'RESPONSE');
    const auditor = await t.signIn('AUDITOR');
    const check = await t.app.inject({ method: 'GET', url: '/api/v1/exchange/log/verification', headers: auditor });
    assert.equal(check.json().intact, true);
  });

  it('report activity per partner and document type, by API and by file', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/exchange/reports/partners', headers: officer });
    const departures = response
      .json()
      .items.find(
        (i: { partnerCode: string; documentType: string }) => i.partnerCode === immigration.code && i.documentType === 'DEPARTURE',
      );
    assert.equal(departures.byFile, 2);
    assert.equal(departures.byApi, 1);
    assert.equal(departures.accepted, 2);
    assert.equal(departures.rejected, 1);
  });

  it('list the PMI who departed without protection by country', async () => {
    const identity = citizen();
    await post(
      t,
      await immigration.sign('DEPARTURE', {
        passport: { number: passportNumber(), issuingCountry: 'ID' },
        nik: identity.nik,
        crossedOn: '2026-03-01',
        country: 'JP',
      }),
    );
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/v1/exchange/reports/departed-without-protection?country=JP',
      headers: officer,
    });
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.json().items[0].country, 'JP');
    assert.equal(response.json().items[0].count, 1);
  });
});

function withAuth(body: { payload: Buffer; headers: Record<string, string> }, auth: { authorization: string }) {
  return { payload: body.payload, headers: { ...body.headers, ...auth } };
}

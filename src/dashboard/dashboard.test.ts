import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { registerMember } from '../membership/service.ts';
import { addPartner, bpuRegistration, expectProblem, pmiRegistration } from '../testing/fixtures.ts';
import { createTestApp, type TestApp } from '../testing/harness.ts';
import { withCumulative } from './rules.ts';

let t: TestApp;

before(async () => {
  t = await createTestApp();
  await addPartner(t.ctx, 'KJRI-TEST-HK', 'EMBASSY', 'HK');
  await registerMember(t.ctx, pmiRegistration('BEFORE_PLACEMENT'), undefined);
  await registerMember(t.ctx, pmiRegistration('DURING_PLACEMENT'), undefined);
  await registerMember(
    t.ctx,
    { ...pmiRegistration('DURING_PLACEMENT'), channel: { type: 'EMBASSY_DESK', partnerCode: 'KJRI-TEST-HK' } },
    undefined,
  );
  await registerMember(t.ctx, bpuRegistration(), undefined);
});
after(async () => {
  await t.close();
});

describe('the PMI dashboard', () => {
  it('counts migrant workers by phase, destination and channel, leaving other segments out', async () => {
    const officer = await t.signIn('OFFICER');
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/dashboard/pmi', headers: officer });
    assert.equal(response.statusCode, 200, response.body);
    const figures = response.json();
    assert.equal(figures.total, 3);
    assert.deepEqual(figures.byPhase, [
      { phase: 'BEFORE_PLACEMENT', members: 1 },
      { phase: 'DURING_PLACEMENT', members: 2 },
    ]);
    assert.deepEqual(figures.byDestination, [{ country: 'HK', phase: 'DURING_PLACEMENT', members: 2 }]);
    assert.deepEqual(
      figures.byChannel.map((r: { channel: string; partnerCode: string | null; members: number }) => [r.channel, r.partnerCode, r.members]),
      [
        ['OFFICER', null, 2],
        ['EMBASSY_DESK', 'KJRI-TEST-HK', 1],
      ],
    );
    assert.equal(figures.monthly.at(-1).cumulative, 3);
  });

  it('shows a partner user only what its own partner registered', async () => {
    const partnerUser = await t.signIn('PARTNER_USER', 'KJRI-TEST-HK');
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/dashboard/pmi', headers: partnerUser });
    assert.equal(response.json().total, 1);
  });

  it('exports a chart as CSV', async () => {
    const officer = await t.signIn('OFFICER');
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/dashboard/pmi/export?chart=phase&format=csv', headers: officer });
    assert.equal(response.statusCode, 200, response.body);
    assert.match(String(response.headers['content-type']), /^text\/csv/);
    assert.equal(response.body, 'phase,members\nBEFORE_PLACEMENT,1\nDURING_PLACEMENT,2\n');
  });

  it('exports a chart as an XLSX workbook', async () => {
    const officer = await t.signIn('OFFICER');
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/dashboard/pmi/export?chart=channel&format=xlsx', headers: officer });
    assert.equal(response.statusCode, 200, response.body);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as never);
    const sheet = workbook.getWorksheet('channel');
    assert.ok(sheet);
    assert.deepEqual((sheet.getRow(1).values as unknown[]).slice(1), ['channel', 'partnerCode', 'partnerName', 'members']);
    assert.equal(sheet.rowCount, 3);
  });

  it('refuses a period that ends before it starts', async () => {
    const officer = await t.signIn('OFFICER');
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/dashboard/pmi?from=2026-05-01&to=2026-01-01', headers: officer });
    expectProblem(response, { status: 422, code: 'VALIDATION_FAILED', issue: { pointer: '/to', code: 'PERIOD_REVERSED' } });
  });

  it('is not for workers', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/dashboard/pmi' });
    expectProblem(response, { status: 401, code: 'AUTHENTICATION_REQUIRED' });
  });

  it('lists a partner user only the members its partner registered, newest first, page by page', async () => {
    const partnerUser = await t.signIn('PARTNER_USER', 'KJRI-TEST-HK');
    const mine = await t.app.inject({ method: 'GET', url: '/api/v1/dashboard/registrations', headers: partnerUser });
    assert.deepEqual(
      mine.json().items.map((i: { partnerCode: string }) => i.partnerCode),
      ['KJRI-TEST-HK'],
    );
    const officer = await t.signIn('OFFICER');
    const first = await t.app.inject({ method: 'GET', url: '/api/v1/dashboard/registrations?limit=3', headers: officer });
    assert.equal(first.json().items.length, 3);
    const second = await t.app.inject({
      method: 'GET',
      url: `/api/v1/dashboard/registrations?limit=3&cursor=${first.json().nextCursor}`,
      headers: officer,
    });
    assert.equal(second.json().items.length, 1);
    assert.equal(second.json().nextCursor, null);
    const logged = await t.ctx.db
      .selectFrom('access_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('action', '=', 'member.list.registrations')
      .executeTakeFirstOrThrow();
    assert.equal(Number(logged.n), 3);
    const all = [...first.json().items, ...second.json().items].map((i: { registeredAt: string }) => i.registeredAt);
    assert.deepEqual(all, [...all].sort().reverse());
  });

  it('keeps running totals in month order', () => {
    assert.deepEqual(
      withCumulative([
        { month: '2026-02', registered: 2 },
        { month: '2026-01', registered: 3 },
      ]),
      [
        { month: '2026-01', registered: 3, cumulative: 3 },
        { month: '2026-02', registered: 2, cumulative: 5 },
      ],
    );
  });
});

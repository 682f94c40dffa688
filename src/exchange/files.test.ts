import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { movableClock } from '../kernel/clock.ts';
import { registerMember } from '../membership/service.ts';
import { citizen, passportNumber, pmiRegistration } from '../testing/fixtures.ts';
import { createTestApp, type TestApp } from '../testing/harness.ts';
import { fileColumnsOf } from './file-columns.ts';
import { importFile, listImportRows } from './import-file.ts';
import { partnerWithAgreement, type TestPartner } from './test-partners.ts';

const clock = movableClock('2026-03-02T03:00:00Z');
let t: TestApp;
let ministry: TestPartner;
let immigration: TestPartner;
let embassy: TestPartner;

before(async () => {
  t = await createTestApp({ clock });
  ministry = await partnerWithAgreement(t.ctx, { type: 'MINISTRY', send: ['SELF_REPORT', 'CONTRACT_EXTENSION'] });
  immigration = await partnerWithAgreement(t.ctx, { type: 'IMMIGRATION', send: ['DEPARTURE', 'ARRIVAL'] });
  embassy = await partnerWithAgreement(t.ctx, { type: 'EMBASSY', country: 'HK', send: ['PARTNER_REGISTRATION'] });
});
after(() => t.close());

function csv(type: string, rows: Array<Record<string, string>>): Buffer {
  const columns = fileColumnsOf(type);
  const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  const lines = [columns.join(','), ...rows.map((r) => columns.map((c) => quote(r[c] ?? '')).join(','))];
  return Buffer.from(`${lines.join('\n')}\n`);
}

async function memberAbroad() {
  const registration = pmiRegistration('DURING_PLACEMENT');
  const { membershipNumber } = await registerMember(t.ctx, registration, undefined);
  return { membershipNumber, nik: registration.person.nik as string, passport: registration.person.passport?.number as string };
}

function selfReportRow(overrides: Record<string, string> = {}) {
  const identity = citizen();
  return {
    nik: identity.nik,
    passport_number: passportNumber(),
    passport_country: 'ID',
    passport_expiry: '2031-01-31',
    full_name: 'Lestari Handayani',
    birth_date: identity.birthDate,
    sex: identity.sex,
    country: 'HK',
    employer_name: 'Lee Ka Wai',
    contract_start: '2026-01-15',
    contract_end: '2028-01-14',
    consent_to_register: 'yes',
    ...overrides,
  };
}

async function rowsOf(importId: string) {
  return (await listImportRows(t.ctx, importId, { limit: 1000 })).items;
}

describe('SELF_REPORT files', () => {
  it('matches, registers, keeps leads and rejects row by row, with the reasons', async () => {
    const known = await memberAbroad();
    const file = csv('SELF_REPORT', [
      selfReportRow({ nik: known.nik, passport_number: '' }),
      selfReportRow(),
      selfReportRow({ consent_to_register: 'no' }),
      selfReportRow({ birth_date: '1995-02-30', country: 'XX' }),
      selfReportRow({ nik: '', passport_number: '' }),
    ]);
    const report = await importFile(
      t.ctx,
      { partnerCode: ministry.code, documentType: 'SELF_REPORT', fileName: 'laporan.csv', content: file },
      'test',
    );
    assert.equal(report.rows, 5);
    assert.equal(report.accepted, 3);
    assert.equal(report.rejected, 2);
    assert.deepEqual(report.effects, { MATCHED: 1, REGISTERED: 1, LEAD_CREATED: 1 });
    const rows = await rowsOf(report.importId);
    assert.equal(rows[0]?.membershipNumber, known.membershipNumber);
    assert.deepEqual(rows[3]?.reasons.map((r) => `${r.column}:${r.code}`).sort(), ['birth_date:INVALID_DATE', 'country:UNKNOWN_COUNTRY']);
    assert.deepEqual(
      rows[4]?.reasons.map((r) => r.code),
      ['IDENTITY_REQUIRED'],
    );
  });

  it('returns the first report for the same file and applies nothing twice', async () => {
    const file = csv('SELF_REPORT', [selfReportRow({ consent_to_register: 'no' })]);
    const first = await importFile(
      t.ctx,
      { partnerCode: ministry.code, documentType: 'SELF_REPORT', fileName: 'a.csv', content: file },
      'test',
    );
    const leads = Number(
      (
        await t.ctx.db
          .selectFrom('exchange_leads')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    const second = await importFile(
      t.ctx,
      { partnerCode: ministry.code, documentType: 'SELF_REPORT', fileName: 'a.csv', content: file },
      'test',
    );
    assert.equal(second.replayed, true);
    assert.equal(second.importId, first.importId);
    assert.equal(
      Number(
        (
          await t.ctx.db
            .selectFrom('exchange_leads')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
      leads,
    );
  });

  it('applies each row exactly once when an interrupted import is resumed', async () => {
    const rows = Array.from({ length: 6 }, () => selfReportRow());
    const file = csv('SELF_REPORT', rows);
    let applied = 0;
    await assert.rejects(
      importFile(
        t.ctx,
        { partnerCode: ministry.code, documentType: 'SELF_REPORT', fileName: 'b.csv', content: file },
        'test',
        (phase, done) => {
          if (phase === 'applying' && done > 0 && ++applied === 1) throw new Error('connection lost');
        },
      ),
      /connection lost/,
    );
    const resumed = await importFile(
      t.ctx,
      { partnerCode: ministry.code, documentType: 'SELF_REPORT', fileName: 'b.csv', content: file },
      'test',
    );
    assert.equal(resumed.accepted, 6);
    assert.equal(resumed.effects.REGISTERED, 6);
    for (const row of rows) {
      const people = await t.ctx.db.selectFrom('persons').select('id').where('nik', '=', row.nik).execute();
      assert.equal(people.length, 1);
    }
  });

  it('rejects a column the agreement does not allow, on the rows that fill it', async () => {
    const narrow = await partnerWithAgreement(t.ctx, {
      type: 'MINISTRY',
      send: ['SELF_REPORT'],
      fields: { SELF_REPORT: ['person', 'passport', 'country', 'contract', 'consentToRegister'] },
    });
    const report = await importFile(
      t.ctx,
      {
        partnerCode: narrow.code,
        documentType: 'SELF_REPORT',
        fileName: 'c.csv',
        content: csv('SELF_REPORT', [selfReportRow(), selfReportRow({ employer_name: '' })]),
      },
      'test',
    );
    const rows = await rowsOf(report.importId);
    assert.deepEqual(
      rows[0]?.reasons.map((r) => `${r.column}:${r.code}`),
      ['employer_name:FIELD_NOT_AGREED'],
    );
    assert.equal(rows[1]?.outcome, 'ACCEPTED');
  });

  it('refuses a file whose header is not the template’s', async () => {
    await assert.rejects(
      importFile(
        t.ctx,
        { partnerCode: ministry.code, documentType: 'SELF_REPORT', fileName: 'd.csv', content: Buffer.from('nik,shoe_size\n1,2\n') },
        'test',
      ),
      (error: Error & { code?: string; issues?: Array<{ code: string }> }) => error.issues?.[0]?.code === 'UNEXPECTED_COLUMNS',
    );
  });
});

describe('files of the other document types', () => {
  it('applies CONTRACT_EXTENSION rows', async () => {
    const known = await memberAbroad();
    const report = await importFile(
      t.ctx,
      {
        partnerCode: ministry.code,
        documentType: 'CONTRACT_EXTENSION',
        fileName: 'ext.csv',
        content: csv('CONTRACT_EXTENSION', [
          {
            nik: known.nik,
            passport_number: known.passport,
            passport_country: 'ID',
            passport_expiry: '2030-01-31',
            full_name: 'Siti Aminah',
            birth_date: '1995-08-05',
            sex: 'F',
            country: 'HK',
            contract_start: '2026-02-01',
            previous_contract_end: '2028-01-31',
            new_contract_end: '2029-01-31',
          },
        ]),
      },
      'test',
    );
    assert.equal(report.accepted, 1, JSON.stringify(await rowsOf(report.importId)));
    assert.equal(report.effects.EXTENDED, 1);
  });

  it('applies DEPARTURE and ARRIVAL rows and rejects a row with a bad date', async () => {
    const known = await memberAbroad();
    const departures = await importFile(
      t.ctx,
      {
        partnerCode: immigration.code,
        documentType: 'DEPARTURE',
        fileName: 'dep.csv',
        content: csv('DEPARTURE', [
          { passport_number: passportNumber(), passport_country: 'ID', crossed_on: '2026-03-01', country: 'SA' },
          { passport_number: passportNumber(), passport_country: 'ID', crossed_on: '2026-13-01', country: 'SA' },
        ]),
      },
      'test',
    );
    assert.equal(departures.accepted, 1);
    assert.equal(departures.rejected, 1);
    assert.equal((await rowsOf(departures.importId))[1]?.reasons[0]?.column, 'crossed_on');
    const arrivals = await importFile(
      t.ctx,
      {
        partnerCode: immigration.code,
        documentType: 'ARRIVAL',
        fileName: 'arr.csv',
        content: csv('ARRIVAL', [{ passport_number: known.passport, passport_country: 'ID', crossed_on: '2026-03-01', country: 'HK' }]),
      },
      'test',
    );
    assert.equal(arrivals.effects.ARRIVAL_RECORDED, 1);
  });

  it('applies PARTNER_REGISTRATION rows from an XLSX file', async () => {
    const identity = citizen();
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('rows');
    const columns = fileColumnsOf('PARTNER_REGISTRATION');
    sheet.addRow(columns);
    const values: Record<string, string> = {
      nik: identity.nik,
      passport_number: passportNumber(),
      passport_country: 'ID',
      passport_expiry: '2031-05-31',
      full_name: 'Wulan Sari',
      birth_date: identity.birthDate,
      sex: identity.sex,
      destination_country: 'HK',
      placement_route: 'PLACEMENT_EXECUTOR',
      contract_start: '2026-01-01',
      contract_end: '2027-12-31',
    };
    sheet.addRow(columns.map((c) => values[c] ?? null));
    const content = Buffer.from(await workbook.xlsx.writeBuffer());
    const report = await importFile(
      t.ctx,
      { partnerCode: embassy.code, documentType: 'PARTNER_REGISTRATION', fileName: 'reg.xlsx', content },
      'test',
    );
    assert.equal(report.accepted, 1, JSON.stringify(await rowsOf(report.importId)));
    assert.equal(report.effects.REGISTERED, 1);
  });

  it('applies each DEPARTURE row exactly once when an interrupted import is resumed', async () => {
    const rows = Array.from({ length: 250 }, () => ({
      passport_number: passportNumber(),
      passport_country: 'ID',
      crossed_on: '2026-03-01',
      country: 'MY',
    }));
    const file = csv('DEPARTURE', rows);
    await assert.rejects(
      importFile(
        t.ctx,
        { partnerCode: immigration.code, documentType: 'DEPARTURE', fileName: 'big.csv', content: file },
        'test',
        (phase, done) => {
          if (phase === 'applying' && done >= 200) throw new Error('process killed');
        },
      ),
      /process killed/,
    );
    const report = await importFile(
      t.ctx,
      { partnerCode: immigration.code, documentType: 'DEPARTURE', fileName: 'big.csv', content: file },
      'test',
    );
    assert.equal(report.accepted, 250);
    const crossings = await t.ctx.db
      .selectFrom('exchange_crossings')
      .select('message_id')
      .where('message_id', 'like', `file:${report.importId}:%`)
      .execute();
    assert.equal(crossings.length, 250);
    assert.equal(new Set(crossings.map((c) => c.message_id)).size, 250);
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fullFormats } from 'ajv-formats/dist/formats.js';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { sql } from 'kysely';
import { movableClock } from '../kernel/clock.ts';
import { registerMember } from '../membership/service.ts';
import { citizen, passportNumber, pmiRegistration } from '../testing/fixtures.ts';
import { createTestApp, type TestApp } from '../testing/harness.ts';
import { fileColumnsOf } from './file-columns.ts';
import { importFile, listImportRows } from './import-file.ts';
import { statusTopic } from './receive-message.ts';
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

/** A SELF_REPORT file from the ministry, imported as a partner user would. */
function importSelfReports(fileName: string, content: Buffer, onProgress?: Parameters<typeof importFile>[3]) {
  return importFile(t.ctx, { partnerCode: ministry.code, documentType: 'SELF_REPORT', fileName, content }, 'test', onProgress);
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
    const report = await importSelfReports('laporan.csv', file);
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
    const first = await importSelfReports('a.csv', file);
    const leads = Number(
      (
        await t.ctx.db
          .selectFrom('exchange_leads')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    const second = await importSelfReports('a.csv', file);
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
      importSelfReports('b.csv', file, (phase, done) => {
        if (phase === 'applying' && done > 0 && ++applied === 1) throw new Error('connection lost');
      }),
      /connection lost/,
    );
    const resumed = await importSelfReports('b.csv', file);
    assert.equal(resumed.accepted, 6);
    assert.equal(resumed.effects.REGISTERED, 6);
    for (const row of rows) {
      const people = await t.ctx.db.selectFrom('persons').select('id').where('nik', '=', row.nik).execute();
      assert.equal(people.length, 1);
    }
  });

  it('applies each matched row once when the set-wise pass fails part-way and the import is resumed', async () => {
    const members = [];
    for (let i = 0; i < 6; i++) members.push(await memberAbroad());
    const file = csv(
      'SELF_REPORT',
      members.map((m) => selfReportRow({ nik: m.nik, passport_number: m.passport })),
    );
    const ids = await t.ctx.db
      .selectFrom('memberships')
      .select(['id', 'membership_number'])
      .where(
        'membership_number',
        'in',
        members.map((m) => m.membershipNumber),
      )
      .execute();
    const idOf = (number: string) => ids.find((r) => r.membership_number === number)?.id as string;
    // The fifth row's presence report fails: on a database server the file goes in two slices
    // (rows 1–3 and 4–6) and only the second is rolled back; on PGlite, the one statement.
    await sql`create function test_fail_presence() returns trigger language plpgsql as $$
      begin
        if new.membership_id = ${sql.lit(idOf(members[4]?.membershipNumber as string))} then raise exception 'disk full'; end if;
        return new;
      end $$`.execute(t.ctx.db);
    await sql`create trigger test_fail_presence before insert on exchange_presence_reports
      for each row execute function test_fail_presence()`.execute(t.ctx.db);
    try {
      await assert.rejects(importSelfReports('sliced.csv', file), /disk full/);
    } finally {
      await sql`drop trigger test_fail_presence on exchange_presence_reports`.execute(t.ctx.db);
      await sql`drop function test_fail_presence()`.execute(t.ctx.db);
    }
    const { settled } = await t.ctx.db
      .selectFrom('exchange_import_rows as r')
      .innerJoin('exchange_imports as i', 'i.id', 'r.import_id')
      .select((eb) => eb.fn.countAll<number>().as('settled'))
      .where('i.file_name', '=', 'sliced.csv')
      .executeTakeFirstOrThrow();
    assert.equal(Number(settled), t.ctx.engine === 'postgres' ? 3 : 0, 'the slice that failed left nothing; the other stays settled');
    const resumed = await importSelfReports('sliced.csv', file);
    assert.equal(resumed.accepted, 6);
    assert.equal(resumed.effects.MATCHED, 6);
    const reports = await t.ctx.db
      .selectFrom('exchange_presence_reports')
      .select('membership_id')
      .where('message_id', 'like', `file:${resumed.importId}:%`)
      .execute();
    assert.deepEqual(reports.map((r) => r.membership_id).sort(), members.map((m) => idOf(m.membershipNumber)).sort());
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

  it('rejects, in SQL, the cells the document schema refuses, each with its column', async () => {
    const report = await importSelfReports(
      'cells.csv',
      csv('SELF_REPORT', [
        selfReportRow({ phone: '+852 9123 4567 8901 2345' }),
        selfReportRow({ email: 'not an address' }),
        selfReportRow({ address_city: 'Kowloon' }),
        selfReportRow({ employer_name: 'E'.repeat(201) }),
        selfReportRow({ contract_start: '', contract_end: '', placement_route: 'INDIVIDUAL' }),
        selfReportRow({ contract_start: '2026-03-01', contract_end: '2026-02-28' }),
        selfReportRow({ birth_date: '2023-02-29' }),
        selfReportRow({ nik: '32041234567890', passport_number: 'c1234567' }),
        selfReportRow({ birth_date: '2024-02-29', email: 'lestari@example.org', consent_to_register: 'no' }),
      ]),
    );
    const rows = await rowsOf(report.importId);
    assert.deepEqual(
      rows.map((r) => r.reasons.map((reason) => `${reason.column}:${reason.code}`).join(' ')),
      [
        'phone:TOO_LONG',
        'email:INVALID_EMAIL',
        'address_line:FIELD_REQUIRED',
        'employer_name:TOO_LONG',
        'contract_start:CONTRACT_INCOMPLETE',
        'contract_end:CONTRACT_ENDS_BEFORE_START',
        'birth_date:INVALID_DATE',
        'nik:INVALID_NIK passport_number:INVALID_FORMAT',
        '',
      ],
    );
    assert.equal(rows[8]?.effect, 'LEAD_CREATED');
    assert.equal(rows[1]?.reasons[0]?.message, 'Not an email address.');
  });

  it('checks calendar dates in SQL as the document schema does', async () => {
    // The schema's own check: ajv-formats' full-mode date.
    const isDate = (fullFormats.date as { validate: (text: string) => boolean }).validate;
    const digits = (n: number) => fc.integer({ min: 0, max: 10 ** n - 1 }).map((v) => String(v).padStart(n, '0'));
    const candidates = fc.sample(
      fc.oneof(
        fc.tuple(digits(4), digits(2), digits(2)).map(([y, m, d]) => `${y}-${m}-${d}`),
        fc
          .tuple(
            fc.constantFrom('1900', '2000', '2023', '2024', '2100'),
            fc.constantFrom('02', '04', '13'),
            fc.constantFrom('28', '29', '30', '31'),
          )
          .map(([y, m, d]) => `${y}-${m}-${d}`),
        fc.string({ maxLength: 12 }),
      ),
      { numRuns: 2000, seed: 20261123 },
    );
    const { rows } = await sql<{ value: string; valid: boolean }>`
      select value, exchange_is_date(value) as valid from unnest(${candidates}::text[]) value
    `.execute(t.ctx.db);
    for (const row of rows) assert.equal(row.valid, isDate(row.value), row.value);
    assert.equal((await sql<{ valid: boolean }>`select exchange_is_date(null) as valid`.execute(t.ctx.db)).rows[0]?.valid, false);
  });

  it('answers each row that matched or registered a member with MEMBERSHIP_STATUS, once, when the ministry receives it', async () => {
    const portal = await partnerWithAgreement(t.ctx, {
      type: 'MINISTRY',
      send: ['SELF_REPORT'],
      receive: ['MEMBERSHIP_STATUS'],
      endpointUrl: 'http://127.0.0.1:9/portal',
    });
    const known = await memberAbroad();
    const file = csv('SELF_REPORT', [
      selfReportRow({ nik: known.nik, passport_number: known.passport }),
      selfReportRow(),
      selfReportRow({ consent_to_register: 'no' }),
      selfReportRow({ country: 'XX' }),
    ]);
    const upload = () =>
      importFile(t.ctx, { partnerCode: portal.code, documentType: 'SELF_REPORT', fileName: 'st.csv', content: file }, 'test');
    const report = await upload();
    assert.deepEqual(report.effects, { MATCHED: 1, REGISTERED: 1, LEAD_CREATED: 1 });
    const answers = async () =>
      (
        await t.ctx.db
          .selectFrom('outbox')
          .select('payload')
          .where('topic', '=', statusTopic)
          .where(sql<boolean>`payload->>'inReplyTo' like ${`file:${report.importId}:%`}`)
          .execute()
      ).map((r) => r.payload as { membershipNumber: string; inReplyTo: string });
    const rows = await rowsOf(report.importId);
    assert.deepEqual((await answers()).map((a) => `${a.inReplyTo}=${a.membershipNumber}`).sort(), [
      `file:${report.importId}:1=${known.membershipNumber}`,
      `file:${report.importId}:2=${rows[1]?.membershipNumber}`,
    ]);
    await upload();
    assert.equal((await answers()).length, 2);
  });

  it('refuses a file whose header is not the template’s', async () => {
    await assert.rejects(
      importSelfReports('d.csv', Buffer.from('nik,shoe_size\n1,2\n')),
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

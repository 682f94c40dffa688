import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runPartnerLinkage } from '../harmonization/service.ts';
import { movableClock } from '../kernel/clock.ts';
import { registerMember } from '../membership/service.ts';
import { pmiRegistration } from '../testing/fixtures.ts';
import { createTestApp, type TestApp } from '../testing/harness.ts';
import { fileColumnsOf } from './file-columns.ts';
import { importFile } from './import-file.ts';
import { partnerWithAgreement, post, type TestPartner } from './test-partners.ts';

const clock = movableClock('2026-03-02T03:00:00Z');
let t: TestApp;
let ministry: TestPartner;
let immigration: TestPartner;
let member: { membershipNumber: string; nik: string; personId: string };

before(async () => {
  t = await createTestApp({ clock });
  ministry = await partnerWithAgreement(t.ctx, { type: 'MINISTRY', send: ['SELF_REPORT'] });
  immigration = await partnerWithAgreement(t.ctx, { type: 'IMMIGRATION', send: ['DEPARTURE'] });
  const registration = pmiRegistration('DURING_PLACEMENT', { fullName: 'Siti Aminah', birthDate: '1990-01-05', sex: 'F' });
  const { membershipNumber } = await registerMember(t.ctx, registration, undefined);
  const row = await t.ctx.db
    .selectFrom('memberships')
    .select('person_id')
    .where('membership_number', '=', membershipNumber)
    .executeTakeFirstOrThrow();
  member = { membershipNumber, nik: registration.person.nik as string, personId: row.person_id };
});
after(() => t.close());

async function stagedRecord(sourceReference: string) {
  return t.ctx.db
    .selectFrom('partner_records')
    .select(['id', 'source_type', 'partner_id', 'nik', 'full_name', 'birth_date', 'sex', 'passport_number', 'destination_country'])
    .where('source_reference', '=', sourceReference)
    .executeTakeFirst();
}

describe('documents with no exact match are staged for harmonization', () => {
  it('stages an unmatched SELF_REPORT message, and a linkage run then links it or queues it to the member', async () => {
    // A renewed passport and no NIK: the gateway's exact matching finds nobody.
    const messageId = 'sr-harmonize-1';
    const response = await post(
      t,
      await ministry.sign(
        'SELF_REPORT',
        {
          person: { fullName: 'Hj. Siti Aminah', birthDate: '1990-01-05', sex: 'F', phone: '+85291234567' },
          passport: { number: 'X7654321', issuingCountry: 'ID' },
          country: 'HK',
          consentToRegister: false,
        },
        { messageId },
      ),
    );
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.json().result.effect, 'LEAD_CREATED');
    // The lead the receipt names was written with the acceptance, beside its staging.
    const lead = await t.ctx.db
      .selectFrom('exchange_leads')
      .select(['id', 'message_id'])
      .where('id', '=', response.json().result.leadId)
      .executeTakeFirst();
    assert.equal(lead?.message_id, messageId);
    const record = await stagedRecord(messageId);
    assert.ok(record, 'the self-report is staged as a partner record');
    assert.equal(record.source_type, 'SELF_REPORT');
    const partner = await t.ctx.db.selectFrom('partners').select('id').where('code', '=', ministry.code).executeTakeFirstOrThrow();
    assert.equal(record.partner_id, partner.id);
    assert.equal(record.full_name, 'Hj. Siti Aminah');
    assert.equal(record.birth_date, '1990-01-05');
    assert.equal(record.passport_number, 'X7654321');
    assert.equal(record.destination_country, 'HK');

    const run = await runPartnerLinkage(t.ctx, 'user:test');
    assert.ok((run.counts.linked ?? 0) + (run.counts.review ?? 0) >= 1);
    const link = await t.ctx.db
      .selectFrom('record_links')
      .select(['decision', 'person_id'])
      .where('partner_record_id', '=', record.id)
      .executeTakeFirstOrThrow();
    assert.ok(['LINKED', 'REVIEW'].includes(link.decision), link.decision);
    assert.equal(link.person_id, member.personId);
  });

  it('stages the unmatched rows of a SELF_REPORT file by file and row, and only those', async () => {
    const columns = fileColumnsOf('SELF_REPORT');
    const rows: Array<Record<string, string>> = [
      { nik: member.nik, full_name: 'Siti Aminah', birth_date: '1990-01-05', sex: 'F', country: 'HK', consent_to_register: 'no' },
      {
        full_name: 'Siti Aminah',
        birth_date: '1990-01-05',
        sex: 'F',
        passport_number: 'Y1234567',
        country: 'TW',
        consent_to_register: 'no',
      },
      { full_name: 'Bad Date', birth_date: '1990-02-30', sex: 'F', passport_number: 'Y7654321', country: 'TW' },
    ];
    const lines = rows.map((r) => columns.map((c) => r[c] ?? '').join(','));
    const report = await importFile(
      t.ctx,
      {
        partnerCode: ministry.code,
        documentType: 'SELF_REPORT',
        fileName: 'laporan.csv',
        content: Buffer.from(`${columns.join(',')}\n${lines.join('\n')}\n`),
      },
      'test',
    );
    assert.deepEqual(report.effects, { MATCHED: 1, LEAD_CREATED: 1 });
    assert.equal(await stagedRecord(`file:${report.importId}:1`), undefined);
    const staged = await stagedRecord(`file:${report.importId}:2`);
    assert.equal(staged?.passport_number, 'Y1234567');
    assert.equal(staged?.destination_country, 'TW');
    assert.deepEqual(
      [staged?.source_type, staged?.nik, staged?.full_name, staged?.birth_date, staged?.sex],
      ['SELF_REPORT', null, 'Siti Aminah', '1990-01-05', 'F'],
    );
    assert.equal(await stagedRecord(`file:${report.importId}:3`), undefined);
  });

  it('stages a departure of a passport nobody holds', async () => {
    const messageId = 'dep-harmonize-1';
    const response = await post(
      t,
      await immigration.sign(
        'DEPARTURE',
        { passport: { number: 'Z1112223', issuingCountry: 'ID' }, crossedOn: '2026-03-01', country: 'MY' },
        { messageId },
      ),
    );
    assert.equal(response.statusCode, 200, response.body);
    const record = await stagedRecord(messageId);
    assert.equal(record?.source_type, 'DEPARTURE');
    assert.equal(record?.passport_number, 'Z1112223');
  });
});

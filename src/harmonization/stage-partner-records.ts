import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { AppContext } from '../context.ts';
import type { Database } from '../db/database.ts';
import { type FieldIssue, invalidInput, issue } from '../kernel/errors.ts';
import { type PartnerRecordSource, partnerRecordSources } from './tables.ts';

/**
 * A record of a person as a partner holds it: the one shape every source is staged in
 * (gateway documents, files, legacy policies). Imperfect on purpose: a missing NIK, a
 * misspelled name or a wrong birth date is what harmonization is for, so only the shape
 * is checked here.
 */
export interface PartnerRecordInput {
  sourceType: PartnerRecordSource;
  partnerId?: string | null | undefined;
  /** The record's identifier at its source: a message id, a row number, a policy number. */
  sourceReference: string;
  nik?: string | null | undefined;
  fullName?: string | null | undefined;
  birthDate?: string | null | undefined;
  sex?: 'F' | 'M' | null | undefined;
  passportNumber?: string | null | undefined;
  phone?: string | null | undefined;
  destinationCountry?: string | null | undefined;
  birthRegion?: string | null | undefined;
  details?: Record<string, unknown> | undefined;
}

function isDate(text: string): boolean {
  const date = new Date(`${text}T00:00:00Z`);
  return /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(text) && !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

export function checkPartnerRecords(records: readonly PartnerRecordInput[], pointer = '/records'): FieldIssue[] {
  const issues: FieldIssue[] = [];
  records.forEach((r, i) => {
    const at = `${pointer}/${i}`;
    if (!partnerRecordSources.includes(r.sourceType)) {
      issues.push(
        issue(
          `${at}/sourceType`,
          'UNKNOWN_SOURCE_TYPE',
          `Unknown source type ${r.sourceType}.`,
          `Jenis sumber ${r.sourceType} tidak dikenal.`,
        ),
      );
    }
    if (!r.sourceReference || r.sourceReference.length > 200) {
      issues.push(
        issue(
          `${at}/sourceReference`,
          'SOURCE_REFERENCE_REQUIRED',
          'Each record needs its reference at the source (1–200 characters).',
          'Setiap data memerlukan rujukan di sumbernya (1–200 karakter).',
        ),
      );
    }
    if (r.birthDate && !isDate(r.birthDate)) {
      issues.push(
        issue(
          `${at}/birthDate`,
          'INVALID_DATE',
          'The birth date must be a date as YYYY-MM-DD.',
          'Tanggal lahir harus berupa tanggal dengan format YYYY-MM-DD.',
        ),
      );
    }
    if (r.destinationCountry && !/^[A-Z]{2}$/.test(r.destinationCountry)) {
      issues.push(
        issue(
          `${at}/destinationCountry`,
          'INVALID_COUNTRY',
          'The destination country must be an ISO 3166-1 alpha-2 code.',
          'Negara tujuan harus berupa kode ISO 3166-1 alpha-2.',
        ),
      );
    }
    if (r.birthRegion && !/^[0-9]{4}$/.test(r.birthRegion)) {
      issues.push(
        issue(
          `${at}/birthRegion`,
          'INVALID_REGION',
          'The birth region must be a 4-digit regency code.',
          'Wilayah lahir harus berupa kode kabupaten/kota 4 digit.',
        ),
      );
    }
    if (!r.fullName?.trim() && !r.nik && !r.passportNumber) {
      issues.push(
        issue(
          at,
          'NOTHING_TO_MATCH',
          'A record needs at least a name, a NIK or a passport number.',
          'Data memerlukan setidaknya nama, NIK, atau nomor paspor.',
        ),
      );
    }
  });
  return issues;
}

/**
 * Stages partner records for linkage; a record already staged (same source, partner and
 * reference) is left as it is. Nothing is stored when any record is malformed.
 */
export async function stagePartnerRecords(
  ctx: Pick<AppContext, 'db'>,
  records: readonly PartnerRecordInput[],
): Promise<{ staged: number; alreadyStaged: number; ids: string[] }> {
  const issues = checkPartnerRecords(records);
  if (issues.length > 0) throw invalidInput(issues);
  const ids: string[] = [];
  let staged = 0;
  // Inside a caller's transaction (the gateway stages with the message's acceptance) the
  // records commit with it; otherwise they commit together in one of their own.
  const write = async (trx: Kysely<Database>) => {
    for (let start = 0; start < records.length; start += 500) {
      const chunk = records.slice(start, start + 500);
      const inserted = await trx
        .insertInto('partner_records')
        .values(
          chunk.map((r) => ({
            source_type: r.sourceType,
            partner_id: r.partnerId ?? null,
            source_reference: r.sourceReference,
            nik: r.nik?.trim() || null,
            full_name: r.fullName?.trim() || null,
            birth_date: r.birthDate || null,
            sex: r.sex ?? null,
            passport_number: r.passportNumber?.trim().toUpperCase() || null,
            phone: r.phone?.trim() || null,
            destination_country: r.destinationCountry ?? null,
            birth_region: r.birthRegion ?? null,
            details: JSON.stringify(r.details ?? {}),
          })),
        )
        .onConflict((oc) => oc.doNothing())
        .returning('id')
        .execute();
      staged += inserted.length;
      ids.push(...inserted.map((r) => r.id));
    }
  };
  if (ctx.db.isTransaction) await write(ctx.db);
  else await ctx.db.transaction().execute(write);
  return { staged, alreadyStaged: records.length - staged, ids };
}

/**
 * The set-wise form of `stagePartnerRecords`, as a statement for a caller's data-modifying
 * query (a bulk file stages its unmatched rows in the statement that records their
 * outcomes, instead of sending them back and forth in batches). `rows` selects the columns
 * source_type, partner_id, source_reference, nik, full_name, birth_date (text), sex,
 * passport_number, phone and destination_country; values are normalised as
 * `stagePartnerRecords` does. The caller has checked the rows' shape (the rules of
 * `checkPartnerRecords`): a malformed date fails the whole statement. A record already
 * staged is left as it is.
 */
export function stagePartnerRecordsStatement(rows: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`
    insert into partner_records (source_type, partner_id, source_reference, nik, full_name, birth_date, sex,
      passport_number, phone, destination_country)
    select r.source_type, r.partner_id, r.source_reference, nullif(trim(r.nik), ''), nullif(trim(r.full_name), ''),
      nullif(r.birth_date, '')::date, case when r.sex in ('F', 'M') then r.sex end, nullif(upper(trim(r.passport_number)), ''),
      nullif(trim(r.phone), ''), nullif(r.destination_country, '')
    from (${rows}) r
    on conflict do nothing
  `;
}

import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { AppContext } from '../context.ts';
import { stagePartnerRecords } from '../harmonization/service.ts';
import { COUNTRY_CODES } from '../kernel/countries.ts';
import { DomainError, type ErrorKind, invalidInput, issue } from '../kernel/errors.ts';
import { agreementFor, fieldsOutsidePermission, requirePartner } from '../partners/service.ts';
import { applyDocument } from './apply-document.ts';
import { catalogueEntry } from './catalogue.ts';
import { columnOfPointer, columnPathsOf, fileColumnsOf, rowToDocument } from './file-columns.ts';
import { csvChunks, parseCsvRows, toCsv, xlsxToCsv } from './file-format.ts';
import { documentIssues } from './validate.ts';

/** One reason a row was rejected: the file's column (if one is to blame) and a stable code. */
export interface RowReason {
  column: string | null;
  code: string;
  message: string;
}

export interface ImportReport {
  importId: string;
  partnerCode: string;
  documentType: string;
  fileName: string;
  rows: number;
  accepted: number;
  rejected: number;
  effects: Record<string, number>;
  /** True when this very file had been imported before: its first report, nothing applied again. */
  replayed: boolean;
}

export type ImportProgress = (phase: 'staging' | 'applying' | 'done', done: number, total: number) => void;

const maxFileBytes = 512 * 1024 * 1024;
const stagingChunkBytes = 8 * 1024 * 1024;
const rowBatch = 200;

function refuse(kind: ErrorKind, code: string, en: string, id: string): DomainError {
  return new DomainError(kind, code, { en, id });
}

/**
 * A partner's bulk file (CSV or XLSX) of one document type. Rows are staged with COPY,
 * then validated and applied; each row gets its outcome in the report. A file sent again
 * (the same bytes) resumes where an interrupted import stopped and otherwise returns the
 * first report: every accepted row is applied exactly once.
 */
export async function importFile(
  ctx: AppContext,
  input: { partnerCode: string; documentType: string; fileName: string; content: Buffer },
  actor: string,
  onProgress: ImportProgress = () => {},
): Promise<ImportReport> {
  if (input.content.length > maxFileBytes) {
    throw refuse(
      'payload_too_large',
      'FILE_TOO_LARGE',
      'The file is larger than 512 MiB; split it.',
      'Berkas lebih besar dari 512 MiB; pecah berkasnya.',
    );
  }
  const partner = await requirePartner(ctx, input.partnerCode);
  const entry = catalogueEntry(input.documentType);
  if (entry?.direction !== 'INBOUND') {
    throw invalidInput([
      issue(
        '/documentType',
        'UNKNOWN_DOCUMENT_TYPE',
        `${input.documentType} is not an inbound document type.`,
        `${input.documentType} bukan jenis dokumen masuk.`,
      ),
    ]);
  }
  const agreement = await agreementFor(ctx, partner.id, input.documentType, 'SEND', ctx.clock.today());
  if (!agreement) {
    throw refuse(
      'forbidden',
      'DOCUMENT_TYPE_NOT_AGREED',
      `No agreement lets ${partner.code} send ${input.documentType}.`,
      `Tidak ada perjanjian yang mengizinkan ${partner.code} mengirim ${input.documentType}.`,
    );
  }
  if (agreement.standing !== 'IN_FORCE') {
    const codes = { EXPIRED: 'AGREEMENT_EXPIRED', SUSPENDED: 'AGREEMENT_SUSPENDED', NOT_YET_IN_FORCE: 'AGREEMENT_NOT_IN_FORCE' } as const;
    throw refuse(
      'forbidden',
      codes[agreement.standing],
      `The agreement ${agreement.reference} is not in force (${agreement.standing}).`,
      `Perjanjian ${agreement.reference} tidak berlaku (${agreement.standing}).`,
    );
  }

  const fileSha256 = createHash('sha256').update(input.content).digest('hex');
  const earlier = await ctx.db
    .selectFrom('exchange_imports')
    .selectAll()
    .where('partner_id', '=', partner.id)
    .where('document_type', '=', input.documentType)
    .where('file_sha256', '=', fileSha256)
    .executeTakeFirst();
  if (earlier?.completed_at) return reportOf(ctx, earlier.id, true);

  const isXlsx = input.content.subarray(0, 2).toString('latin1') === 'PK';
  let text = isXlsx ? await xlsxToCsv(input.content) : input.content.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const headerEnd = text.indexOf('\n');
  const headerLine = (headerEnd === -1 ? text : text.slice(0, headerEnd)).replace(/\r$/, '');
  const header = parseCsvRows(headerLine)[0]?.map((h) => h.trim().toLowerCase()) ?? [];
  const columns = fileColumnsOf(input.documentType);
  const unknown = header.filter((h) => !columns.includes(h));
  if (header.length === 0 || unknown.length > 0 || new Set(header).size !== header.length) {
    throw invalidInput([
      issue(
        '/file',
        'UNEXPECTED_COLUMNS',
        `The first row must name the template's columns (${columns.join(', ')}); unexpected: ${unknown.join(', ') || '(duplicate or empty header)'}.`,
        `Baris pertama harus berisi kolom templat (${columns.join(', ')}); tidak dikenal: ${unknown.join(', ') || '(judul ganda atau kosong)'}.`,
      ),
    ]);
  }

  const importId =
    earlier?.id ??
    (
      await ctx.db
        .insertInto('exchange_imports')
        .values({
          partner_id: partner.id,
          document_type: input.documentType,
          file_name: input.fileName.slice(0, 200),
          file_sha256: fileSha256,
          summary: JSON.stringify(null),
          uploaded_by: actor,
          started_at: ctx.clock.now(),
          completed_at: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;

  const staging = `exchange_staging_${randomBytes(6).toString('hex')}`;
  const stagingColumns = [...columns, 'shape_problem'];
  await sql
    .raw(`create unlogged table ${staging} (row_number bigserial primary key, ${stagingColumns.map((c) => `${c} text`).join(', ')})`)
    .execute(ctx.db);
  try {
    const body = headerEnd === -1 ? '' : text.slice(headerEnd + 1);
    const total = await stage(ctx, staging, header, columns, body, onProgress);
    await ctx.db.updateTable('exchange_imports').set({ rows: total }).where('id', '=', importId).execute();
    await sql.raw(`analyze ${staging}`).execute(ctx.db);
    onProgress('applying', 0, total);
    const forbidden = columnPathsOf(input.documentType)
      .filter(([, path]) => fieldsOutsidePermission(pathObject(path), agreement.fields).length > 0)
      .map(([column]) => column);
    if (input.documentType === 'SELF_REPORT') await applySelfReportsSetWise(ctx, { importId, staging, partnerId: partner.id, forbidden });
    await applyRowByRow(ctx, {
      importId,
      staging,
      partner,
      documentType: input.documentType,
      allowed: agreement.fields,
      total,
      onProgress,
    });
    const report = await reportOf(ctx, importId, false);
    await ctx.db
      .updateTable('exchange_imports')
      .set({
        completed_at: ctx.clock.now(),
        summary: JSON.stringify({ accepted: report.accepted, rejected: report.rejected, ...report.effects }),
      })
      .where('id', '=', importId)
      .execute();
    onProgress('done', total, total);
    return report;
  } finally {
    await sql.raw(`drop table if exists ${staging}`).execute(ctx.db);
  }
}

function pathObject(path: string): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  let target = root;
  const parts = path.split('.');
  for (const part of parts.slice(0, -1)) {
    target[part] = {};
    target = target[part] as Record<string, unknown>;
  }
  target[parts.at(-1) as string] = 'x';
  return root;
}

/**
 * COPY into the staging table. A file in the template's column order goes in as it is, in
 * pieces (for progress); any other order, or rows that COPY cannot read, are parsed here
 * and staged in the template's order, with rows of the wrong width marked.
 */
async function stage(ctx: AppContext, staging: string, header: string[], columns: string[], body: string, onProgress: ImportProgress) {
  const approxTotal = Math.max(1, Math.round(body.length / 120));
  if (header.join(',') === columns.join(',')) {
    try {
      let staged = 0;
      for (const chunk of csvChunks(body, stagingChunkBytes)) {
        await ctx.copyCsv(staging, header, chunk);
        staged += chunk.length;
        onProgress('staging', Math.round(staged / 120), approxTotal);
      }
      return countStaged(ctx, staging);
    } catch {
      await sql.raw(`truncate ${staging} restart identity`).execute(ctx.db);
    }
  }
  const rows = parseCsvRows(body);
  const position = columns.map((c) => header.indexOf(c));
  const normalized = rows.map((row) =>
    row.length === header.length
      ? [...position.map((p) => (p === -1 ? '' : (row[p] ?? ''))), '']
      : [...columns.map(() => ''), 'WRONG_COLUMN_COUNT'],
  );
  for (let i = 0; i < normalized.length; i += 50_000) {
    await ctx.copyCsv(staging, [...columns, 'shape_problem'], toCsv(normalized.slice(i, i + 50_000)));
    onProgress('staging', Math.min(i + 50_000, normalized.length), normalized.length);
  }
  return normalized.length;
}

async function countStaged(ctx: AppContext, staging: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(staging)}`.execute(ctx.db);
  return rows[0]?.n ?? 0;
}

/**
 * SELF_REPORT rows, set-wise in one transaction: checked in SQL, matched to members by
 * NIK and passport, recorded as presence reports or outreach leads, with each row's outcome.
 * Rows that would register a new member are left PENDING for the row-by-row pass.
 */
async function applySelfReportsSetWise(
  ctx: AppContext,
  job: { importId: string; staging: string; partnerId: string; forbidden: string[] },
) {
  const s = sql.table(job.staging);
  const notAgreed = job.forbidden.map((c) => sql`case when coalesce(${sql.ref(c)}, '') <> '' then ${`${c}:FIELD_NOT_AGREED`} end`);
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    // Compiling this one big statement with JIT costs seconds and saves nothing.
    if (ctx.engine === 'postgres') await sql`set local jit = off`.execute(trx);
    await sql`
      with staged as (
        select st.* from ${s} st
        where not exists (select 1 from exchange_import_rows r where r.import_id = ${job.importId} and r.row_number = st.row_number)
      ), checked as materialized (
        select st.*, nullif(trim(st.nik), '') as v_nik, nullif(trim(st.passport_number), '') as v_passport,
          coalesce(nullif(trim(st.passport_country), ''), 'ID') as v_passport_country,
          lower(trim(coalesce(st.consent_to_register, ''))) as v_consent,
          array_remove(array[
            case when st.shape_problem is not null then 'row:' || st.shape_problem end,
            case when coalesce(trim(st.full_name), '') = '' then 'full_name:FIELD_REQUIRED' end,
            case when length(st.full_name) > 200 then 'full_name:TOO_LONG' end,
            case when not exchange_is_date(coalesce(st.birth_date, '')) then 'birth_date:INVALID_DATE' end,
            case when coalesce(st.sex, '') not in ('F', 'M') then 'sex:INVALID_VALUE' end,
            case when coalesce(st.nik, '') <> '' and st.nik !~ '^[0-9]{16}$' then 'nik:INVALID_NIK' end,
            case when coalesce(st.nik, '') = '' and coalesce(st.passport_number, '') = '' then 'nik:IDENTITY_REQUIRED' end,
            case when coalesce(st.passport_number, '') <> '' and st.passport_number !~ '^[A-Z0-9]{5,20}$' then 'passport_number:INVALID_FORMAT' end,
            case when coalesce(st.passport_country, '') <> '' and pc.code is null then 'passport_country:UNKNOWN_COUNTRY' end,
            case when coalesce(st.passport_expiry, '') <> '' and not exchange_is_date(st.passport_expiry) then 'passport_expiry:INVALID_DATE' end,
            case when rc.code is null then 'country:UNKNOWN_COUNTRY' end,
            case when coalesce(st.contract_start, '') <> '' and not exchange_is_date(st.contract_start) then 'contract_start:INVALID_DATE' end,
            case when coalesce(st.contract_end, '') <> '' and not exchange_is_date(st.contract_end) then 'contract_end:INVALID_DATE' end,
            case when st.contract_start ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' and st.contract_end ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'
              and st.contract_end <= st.contract_start then 'contract_end:CONTRACT_ENDS_BEFORE_START' end,
            case when (coalesce(st.contract_start, '') = '') <> (coalesce(st.contract_end, '') = '') then 'contract_end:CONTRACT_INCOMPLETE' end,
            case when coalesce(st.placement_route, '') not in ('', 'PLACEMENT_EXECUTOR', 'INDIVIDUAL') then 'placement_route:INVALID_VALUE' end,
            case when lower(trim(coalesce(st.consent_to_register, ''))) not in ('', 'true', 'false', 'yes', 'no', 'y', 'n', '1', '0', 'ya', 'tidak')
              then 'consent_to_register:INVALID_VALUE' end
            ${notAgreed.length > 0 ? sql`, ${sql.join(notAgreed)}` : sql``}
          ], null) as problems
        from staged st
        -- Country codes by hash join against the ISO list.
        left join unnest(${COUNTRY_CODES as unknown as string[]}::text[]) as rc(code) on rc.code = st.country
        left join unnest(${COUNTRY_CODES as unknown as string[]}::text[]) as pc(code) on pc.code = st.passport_country
      ), matchable as (
        -- Plain equi-joins (hash joins over the whole file): rows with problems match nothing.
        select c.*, case when cardinality(c.problems) = 0 then c.v_nik end as match_nik,
          case when cardinality(c.problems) = 0 then c.v_passport end as match_passport
        from checked c
      ), matched as (
        select c.*, pn.id as nik_person, pp.person_id as passport_person
        from matchable c
        left join persons pn on pn.nik = c.match_nik
        left join passports pp on pp.issuing_country = c.v_passport_country and pp.number = c.match_passport
      ), classified as (
        select m.*, ms.id as membership_id,
          case
            when cardinality(m.problems) > 0 then 'REJECTED'
            when m.nik_person is not null and m.passport_person is not null and m.nik_person <> m.passport_person then 'CONFLICT'
            when ms.id is not null then 'MATCHED'
            when m.v_consent in ('true', 'yes', 'y', '1', 'ya') and m.v_passport is not null and coalesce(m.passport_expiry, '') <> ''
              and coalesce(m.contract_start, '') <> '' then 'PENDING'
            else 'LEAD'
          end as class
        from matched m
        left join memberships ms on ms.person_id = coalesce(m.passport_person, m.nik_person)
      ), presence as (
        insert into exchange_presence_reports (partner_id, message_id, membership_id, country, employer_name, contract_start, contract_end, reported_at)
        select ${job.partnerId}, 'file:' || ${job.importId} || ':' || c.row_number, c.membership_id, c.country, nullif(c.employer_name, ''),
          nullif(c.contract_start, '')::date, nullif(c.contract_end, '')::date, ${now}
        from classified c where c.class = 'MATCHED'
        returning 1
      ), leads as (
        insert into exchange_leads (partner_id, message_id, country, contact, created_at)
        select ${job.partnerId}, 'file:' || ${job.importId} || ':' || c.row_number, c.country,
          jsonb_build_object('fullName', c.full_name, 'phone', nullif(c.phone, ''), 'email', nullif(c.email, ''),
            'address', case when coalesce(c.address_line, '') <> '' then jsonb_build_object('line', c.address_line, 'city', nullif(c.address_city, ''), 'country', c.country) end),
          ${now}
        from classified c where c.class = 'LEAD'
        returning 1
      )
      insert into exchange_import_rows (import_id, row_number, outcome, effect, membership_id, reasons)
      select ${job.importId}, c.row_number,
        case c.class when 'REJECTED' then 'REJECTED' when 'CONFLICT' then 'REJECTED' when 'PENDING' then 'PENDING' else 'ACCEPTED' end,
        case c.class when 'MATCHED' then 'MATCHED' when 'LEAD' then 'LEAD_CREATED' end,
        c.membership_id,
        case
          when c.class = 'REJECTED' then (select jsonb_agg(jsonb_build_object('column', split_part(p, ':', 1), 'code', split_part(p, ':', 2))) from unnest(c.problems) p)
          when c.class = 'CONFLICT' then jsonb_build_array(jsonb_build_object('column', 'passport_number', 'code', 'IDENTITY_CONFLICT'))
        end
      from classified c
    `.execute(trx);
    // Leads matched no member exactly: staged for harmonization with the rows' outcomes.
    const { rows: leads } = await sql<{
      row_number: string;
      nik: string | null;
      full_name: string | null;
      birth_date: string | null;
      sex: string | null;
      passport_number: string | null;
      phone: string | null;
      country: string | null;
    }>`
      select st.row_number, st.nik, st.full_name, st.birth_date, st.sex, st.passport_number, st.phone, st.country
      from ${s} st
      join exchange_import_rows r on r.import_id = ${job.importId} and r.row_number = st.row_number
      where r.effect = 'LEAD_CREATED'
    `.execute(trx);
    await stagePartnerRecords(
      { db: trx },
      leads.map((l) => ({
        sourceType: 'SELF_REPORT' as const,
        partnerId: job.partnerId,
        sourceReference: `file:${job.importId}:${l.row_number}`,
        nik: l.nik,
        fullName: l.full_name,
        birthDate: l.birth_date,
        sex: l.sex === 'F' || l.sex === 'M' ? l.sex : null,
        passportNumber: l.passport_number,
        phone: l.phone,
        destinationCountry: l.country,
      })),
    );
  });
}

/**
 * Rows not settled set-wise, one at a time through the same use cases as the API. A row
 * is marked PENDING before its effect and settled after it; a PENDING row found when an
 * import resumes was cut off mid-way, and an "already done" refusal then means its effect
 * had landed.
 */
async function applyRowByRow(
  ctx: AppContext,
  job: {
    importId: string;
    staging: string;
    partner: { id: string; code: string; type: string };
    documentType: string;
    allowed: string[];
    total: number;
    onProgress: ImportProgress;
  },
) {
  const columns = fileColumnsOf(job.documentType);
  let after = 0;
  for (;;) {
    const { rows } = await sql<
      Record<string, string | null> & { row_number: number; shape_problem: string | null; settled: string | null }
    >`
      select st.*, r.outcome as settled from ${sql.table(job.staging)} st
      left join exchange_import_rows r on r.import_id = ${job.importId} and r.row_number = st.row_number
      where st.row_number > ${after} and (r.outcome is null or r.outcome = 'PENDING')
      order by st.row_number limit ${rowBatch}
    `.execute(ctx.db);
    if (rows.length === 0) return;
    for (const row of rows) {
      const rowNumber = Number(row.row_number);
      after = rowNumber;
      await applyRow(ctx, job, rowNumber, row, columns, row.settled === 'PENDING');
    }
    job.onProgress('applying', after, job.total);
  }
}

const alreadyDone = new Set(['DUPLICATE_REGISTRATION', 'EXTENSION_NOT_LATER', 'PHASE_CHANGE_NOT_ALLOWED']);

async function applyRow(
  ctx: AppContext,
  job: { importId: string; partner: { id: string; code: string; type: string }; documentType: string; allowed: string[] },
  rowNumber: number,
  row: Record<string, string | null> & { shape_problem: string | null },
  columns: string[],
  resumed: boolean,
) {
  const settle = (outcome: 'ACCEPTED' | 'REJECTED', effect: string | null, membershipId: string | null, reasons: RowReason[] | null) =>
    ctx.db
      .insertInto('exchange_import_rows')
      .values({
        import_id: job.importId,
        row_number: rowNumber,
        outcome,
        effect,
        membership_id: membershipId,
        reasons: JSON.stringify(reasons),
      })
      .onConflict((oc) =>
        oc
          .columns(['import_id', 'row_number'])
          .doUpdateSet({ outcome, effect, membership_id: membershipId, reasons: JSON.stringify(reasons) }),
      )
      .execute();
  if (row.shape_problem) {
    await settle('REJECTED', null, null, [
      { column: null, code: row.shape_problem, message: 'The row does not have as many cells as the header.' },
    ]);
    return;
  }
  const document = rowToDocument(job.documentType, Object.fromEntries(columns.map((c) => [c, row[c]])));
  const problems = documentIssues(job.documentType, document, '/document').map((i) => ({
    column: columnOfPointer(job.documentType, i.pointer) ?? null,
    code: i.code,
    message: i.message.en,
  }));
  for (const path of fieldsOutsidePermission(document, job.allowed)) {
    problems.push({
      column: columnOfPointer(job.documentType, `/document/${path.replaceAll('.', '/')}`) ?? null,
      code: 'FIELD_NOT_AGREED',
      message: `${path} is outside the agreed purpose.`,
    });
  }
  if (problems.length > 0) {
    await settle('REJECTED', null, null, problems);
    return;
  }
  const messageId = `file:${job.importId}:${rowNumber}`;
  if (!resumed) {
    await ctx.db
      .insertInto('exchange_import_rows')
      .values({
        import_id: job.importId,
        row_number: rowNumber,
        outcome: 'PENDING',
        effect: null,
        membership_id: null,
        reasons: JSON.stringify(null),
      })
      .execute();
  } else if (await crossingRecorded(ctx, messageId)) {
    await settle('ACCEPTED', 'ALREADY_APPLIED', null, null);
    return;
  }
  try {
    const applied = await applyDocument(ctx, job.partner, job.documentType, document, messageId);
    await settle('ACCEPTED', applied.effect, applied.membershipId, null);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    if (resumed && alreadyDone.has(error.code)) {
      await settle('ACCEPTED', 'ALREADY_APPLIED', null, null);
      return;
    }
    const reasons = error.issues.length
      ? error.issues.map((i) => ({
          column: columnOfPointer(job.documentType, i.pointer.startsWith('/document') ? i.pointer : `/document${i.pointer}`) ?? null,
          code: i.code,
          message: i.message.en,
        }))
      : [{ column: null, code: error.code, message: error.title.en }];
    await settle('REJECTED', null, null, reasons);
  }
}

async function crossingRecorded(ctx: AppContext, messageId: string): Promise<boolean> {
  return (await ctx.db.selectFrom('exchange_crossings').select('id').where('message_id', '=', messageId).executeTakeFirst()) !== undefined;
}

/** The import's totals, counted from its rows. */
export async function reportOf(ctx: AppContext, importId: string, replayed: boolean): Promise<ImportReport> {
  const head = await ctx.db
    .selectFrom('exchange_imports as i')
    .innerJoin('partners as p', 'p.id', 'i.partner_id')
    .select(['i.id', 'p.code', 'i.document_type', 'i.file_name', 'i.rows'])
    .where('i.id', '=', importId)
    .executeTakeFirst();
  if (!head) throw refuse('not_found', 'IMPORT_NOT_FOUND', `No file import ${importId}.`, `Tidak ada impor berkas ${importId}.`);
  const counts = await ctx.db
    .selectFrom('exchange_import_rows')
    .select(['outcome', 'effect', (eb) => eb.fn.countAll<number>().as('n')])
    .where('import_id', '=', importId)
    .groupBy(['outcome', 'effect'])
    .execute();
  const effects: Record<string, number> = {};
  let accepted = 0;
  let rejected = 0;
  for (const c of counts) {
    const n = Number(c.n);
    if (c.outcome === 'ACCEPTED') accepted += n;
    if (c.outcome === 'REJECTED') rejected += n;
    if (c.effect) effects[c.effect] = (effects[c.effect] ?? 0) + n;
  }
  return {
    importId,
    partnerCode: head.code,
    documentType: head.document_type,
    fileName: head.file_name,
    rows: head.rows,
    accepted,
    rejected,
    effects,
    replayed,
  };
}

const reasonMessages: Record<string, string> = {
  FIELD_REQUIRED: 'This cell is required.',
  TOO_LONG: 'The value is too long.',
  INVALID_DATE: 'Not a calendar date in the form YYYY-MM-DD.',
  INVALID_VALUE: 'Not one of the allowed values.',
  INVALID_NIK: 'A NIK is 16 digits.',
  IDENTITY_REQUIRED: 'Give a NIK or a passport number.',
  INVALID_FORMAT: 'Upper-case letters and digits, 5 to 20 of them.',
  UNKNOWN_COUNTRY: 'Not an ISO 3166-1 alpha-2 country code.',
  CONTRACT_ENDS_BEFORE_START: 'The contract must end after it starts.',
  CONTRACT_INCOMPLETE: 'Give both the contract start and end, or neither.',
  FIELD_NOT_AGREED: 'The agreement does not let this document carry this column.',
  IDENTITY_CONFLICT: 'The NIK and the passport belong to two different members.',
  WRONG_COLUMN_COUNT: 'The row does not have as many cells as the header.',
};

/** The row-by-row validation report, in row order, paged. */
export async function listImportRows(
  ctx: AppContext,
  importId: string,
  query: { outcome?: 'ACCEPTED' | 'REJECTED'; cursor?: number; limit?: number },
) {
  const limit = query.limit ?? 100;
  let select = ctx.db
    .selectFrom('exchange_import_rows as r')
    .leftJoin('memberships as m', 'm.id', 'r.membership_id')
    .select(['r.row_number', 'r.outcome', 'r.effect', 'r.reasons', 'm.membership_number'])
    .where('r.import_id', '=', importId)
    .where('r.row_number', '>', query.cursor ?? 0);
  if (query.outcome) select = select.where('r.outcome', '=', query.outcome);
  const rows = await select
    .orderBy('r.row_number')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  return {
    items: page.map((r) => ({
      row: r.row_number,
      outcome: r.outcome,
      effect: r.effect,
      membershipNumber: r.membership_number,
      reasons: (r.reasons ?? []).map((reason) => ({
        column: reason.column,
        code: reason.code,
        message: reason.message ?? reasonMessages[reason.code] ?? reason.code,
      })),
    })),
    nextCursor: rows.length > limit ? (page.at(-1)?.row_number ?? null) : null,
  };
}

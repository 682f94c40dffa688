import { randomBytes } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { AppContext } from '../context.ts';
import type { Database } from '../db/database.ts';
import { DomainError, type ErrorKind, invalidInput, issue } from '../kernel/errors.ts';
import { enqueue } from '../outbox/service.ts';
import { agreementFor, fieldsOutsidePermission, requirePartner } from '../partners/service.ts';
import { applyDocument } from './apply-document.ts';
import { catalogueEntry } from './catalogue.ts';
import { columnOfPointer, columnPathsOf, fileColumnsOf, rowToDocument } from './file-columns.ts';
import { csvChunks, parseCsvRows, toCsv, xlsxToCsv } from './file-format.ts';
import { applySelfReportsSetWise } from './import-self-reports.ts';
import { statusTopic } from './receive-message.ts';
import { requireAgreementInForce, sha256Hex } from './rules.ts';
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
  requireAgreementInForce(agreement, partner.code, input.documentType, (code, en, id) => refuse('forbidden', code, en, id));

  const fileSha256 = sha256Hex(input.content);
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
          id: timeOrderedId(ctx.clock.now()),
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
    .raw(`create unlogged table ${staging} (row_number bigserial, ${stagingColumns.map((c) => `${c} text`).join(', ')})`)
    .execute(ctx.db);
  try {
    const body = headerEnd === -1 ? '' : text.slice(headerEnd + 1);
    const total = await stage(ctx, staging, header, columns, body, onProgress);
    await ctx.db.updateTable('exchange_imports').set({ rows: total }).where('id', '=', importId).execute();
    // No analyze of the staging table here: its size, known from its pages, is all the planner
    // needs to choose hash joins for a large file and index lookups for a small one (the
    // set-wise pass samples a large file it cuts into slices).
    onProgress('applying', 0, total);
    const forbidden = columnPathsOf(input.documentType)
      .filter(([, path]) => fieldsOutsidePermission(pathObject(path), agreement.fields).length > 0)
      .map(([column]) => column);
    const answerWithStatus = input.documentType === 'SELF_REPORT' && (await statusWanted(ctx, partner));
    // SELF_REPORT rows are settled set-wise; only those that register a new member (and,
    // on a resumed import, those an earlier attempt left PENDING) go one by one.
    const settled =
      input.documentType === 'SELF_REPORT'
        ? await applySelfReportsSetWise(ctx, { importId, staging, rows: total, partnerId: partner.id, forbidden, answerWithStatus })
        : undefined;
    const rowByRow = !settled || earlier !== undefined || settled.some((c) => c.outcome === 'PENDING');
    if (rowByRow) {
      // Its key is built only now, for the pass that walks the rows in order: COPY then
      // fills the staging table without keeping an index up to date.
      await sql.raw(`alter table ${staging} add primary key (row_number)`).execute(ctx.db);
      await applyRowByRow(ctx, {
        importId,
        staging,
        partner,
        documentType: input.documentType,
        allowed: agreement.fields,
        answerWithStatus,
        total,
        onProgress,
      });
    }
    // A first import settled in one statement has its counts already: no need to count again.
    const report = await reportOf(ctx, importId, false, rowByRow ? undefined : settled);
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

/**
 * A time-ordered id (the layout of a UUIDv7: milliseconds, version, random bits): each new
 * import's rows then go to the end of the row report's key (import_id, row_number), in
 * order, instead of into the middle of it.
 */
function timeOrderedId(now: Date): string {
  const hex = now.getTime().toString(16).padStart(12, '0') + randomBytes(10).toString('hex');
  const variant = (8 + (Number.parseInt(hex[16] as string, 16) % 4)).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${hex.slice(12, 15)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * A self-report by file is answered like a signed one: with the member's MEMBERSHIP_STATUS
 * (one outbox message per row that matched or registered a member, so the ministry's
 * portal shows whether each reporting PMI is protected), when the partner has a gateway
 * and an agreement in force to receive it.
 */
async function statusWanted(ctx: AppContext, partner: { id: string; endpoint_url: string | null }): Promise<boolean> {
  if (!partner.endpoint_url) return false;
  return (await agreementFor(ctx, partner.id, 'MEMBERSHIP_STATUS', 'RECEIVE', ctx.clock.today()))?.standing === 'IN_FORCE';
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
    answerWithStatus: boolean;
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
  job: {
    importId: string;
    partner: { id: string; code: string; type: string };
    documentType: string;
    allowed: string[];
    answerWithStatus: boolean;
  },
  rowNumber: number,
  row: Record<string, string | null> & { shape_problem: string | null },
  columns: string[],
  resumed: boolean,
) {
  const settle = (
    outcome: 'ACCEPTED' | 'REJECTED',
    effect: string | null,
    membershipId: string | null,
    reasons: RowReason[] | null,
    db: Kysely<Database> = ctx.db,
  ) =>
    db
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
    if (job.answerWithStatus && applied.answerWithStatus && applied.membershipNumber) {
      // The row's outcome and its status answer are stored together: one answer per row.
      const membershipNumber = applied.membershipNumber;
      await ctx.db.transaction().execute(async (trx) => {
        await settle('ACCEPTED', applied.effect, applied.membershipId, null, trx);
        await enqueue(trx, statusTopic, { partnerId: job.partner.id, membershipNumber, inReplyTo: messageId });
      });
    } else {
      await settle('ACCEPTED', applied.effect, applied.membershipId, null);
    }
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

/** Rows of an import with one outcome and effect. */
export interface OutcomeCount {
  outcome: string;
  effect: string | null;
  n: number;
}

/** The import's totals, counted from its rows (unless the counts are given). */
export async function reportOf(ctx: AppContext, importId: string, replayed: boolean, counted?: OutcomeCount[]): Promise<ImportReport> {
  const head = await ctx.db
    .selectFrom('exchange_imports as i')
    .innerJoin('partners as p', 'p.id', 'i.partner_id')
    .select(['i.id', 'p.code', 'i.document_type', 'i.file_name', 'i.rows'])
    .where('i.id', '=', importId)
    .executeTakeFirst();
  if (!head) throw refuse('not_found', 'IMPORT_NOT_FOUND', `No file import ${importId}.`, `Tidak ada impor berkas ${importId}.`);
  const counts =
    counted ??
    (await ctx.db
      .selectFrom('exchange_import_rows')
      .select(['outcome', 'effect', (eb) => eb.fn.countAll<number>().as('n')])
      .where('import_id', '=', importId)
      .groupBy(['outcome', 'effect'])
      .execute());
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
  INVALID_EMAIL: 'Not an email address.',
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

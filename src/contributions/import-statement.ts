import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { type Kysely, sql } from 'kysely';
import type { AppContext } from '../context.ts';
import { isUniqueViolation } from '../db/connection.ts';
import type { Database } from '../db/database.ts';
import { creditJht } from '../jht/service.ts';
import { businessDate } from '../kernel/clock.ts';
import { DomainError, invalidInput, issue } from '../kernel/errors.ts';
import { changeProtectionStatusesListedIn } from '../membership/service.ts';
import { requireChannel } from './channels.ts';
import { classifyStagedRows, postClassifiedRows, postedJhtShares, StatementRaced } from './post-statement.ts';
import type { StatementOutcome } from './tables.ts';

/**
 * A payment channel's daily statement, reconciled against what Lindung recorded:
 *   MATCHED         recorded already (by its notification) with the same amount
 *   AMOUNT_DIFFERS  recorded already with another amount
 *   DUPLICATE       the same reference earlier in the same file
 *   POSTED          not recorded yet: posted now and applied to its open bill
 *   UNMATCHED       not recorded yet and no open bill to apply it to: recorded for an officer
 *   INVALID         the row cannot be read
 * and payments recorded for that day that the statement does not list.
 *
 * The rows are staged with COPY and applied set-wise in one transaction (post-statement.ts),
 * so either all of the file is applied or none. Sending the same file again returns the
 * first report and changes nothing. The staged rows are kept: they are the statement's
 * lines as read, and `statement_lines` holds the outcome of every line that did not simply
 * post (listStatementLines reads both).
 *
 * A notification or another file may record a payment for the same reference, or pay the
 * same bill, while a file is being posted: the posting then notices (the reference is
 * already taken, or the bill is no longer as classified), rolls back and starts again from
 * classification, where that payment is now MATCHED or the bill's new state is seen.
 */
export const statementColumns = ['reference', 'bill_number', 'amount', 'paid_at'] as const;

export interface StatementReport {
  importId: string;
  channelCode: string;
  statementDate: string;
  rows: number;
  summary: Record<StatementOutcome | 'MISSING_FROM_STATEMENT', number>;
  /** True when this file had been imported before: the first report, nothing applied again. */
  replayed: boolean;
}

interface StagedRow {
  line: number;
  reference: string;
  billNumber: string;
  amount: number;
  paidAt: string;
}

const maxStatementBytes = 256 * 1024 * 1024;

export async function importStatement(
  ctx: AppContext,
  input: { channelCode: string; statementDate: string; csv: string },
  actor: string,
): Promise<StatementReport> {
  if (input.csv.length > maxStatementBytes) {
    throw new DomainError('payload_too_large', 'STATEMENT_TOO_LARGE', {
      en: 'The statement file is too large.',
      id: 'Berkas mutasi terlalu besar.',
    });
  }
  if (input.statementDate > ctx.clock.today()) {
    throw invalidInput([
      issue(
        '/statementDate',
        'DATE_IN_FUTURE',
        'A statement cannot be for a future day.',
        'Mutasi tidak dapat untuk hari yang akan datang.',
      ),
    ]);
  }
  await requireChannel(ctx, input.channelCode);
  const fileSha256 = createHash('sha256').update(input.csv).digest('hex');
  return exclusively(ctx, `statement:${input.channelCode}:${fileSha256}`, () => importFile(ctx, input, fileSha256, actor));
}

/** Imports the file, or returns the report of its earlier import; one import of a file at a time. */
async function importFile(
  ctx: AppContext,
  input: { channelCode: string; statementDate: string; csv: string },
  fileSha256: string,
  actor: string,
): Promise<StatementReport> {
  const earlier = await ctx.db
    .selectFrom('statement_imports')
    .selectAll()
    .where('channel_code', '=', input.channelCode)
    .where('file_sha256', '=', fileSha256)
    .executeTakeFirst();
  if (earlier?.completed_at) {
    return {
      importId: earlier.id,
      channelCode: input.channelCode,
      statementDate: earlier.statement_date,
      rows: earlier.rows,
      summary: earlier.summary as StatementReport['summary'],
      replayed: true,
    };
  }

  const { valid, invalid } = readStatement(input.csv);
  const importId = earlier?.id ?? (await startImport(ctx, input, fileSha256, valid.length + invalid.length, actor));
  // An earlier attempt that stopped half-way left staged rows: start them again.
  await ctx.db.deleteFrom('statement_staging').where('import_id', '=', importId).execute();
  await ctx.copyCsv(
    'statement_staging',
    ['import_id', 'line_number', 'channel_reference', 'bill_number', 'amount', 'paid_at'],
    toCsv(importId, valid),
  );
  // Fresh statistics, or the planner takes a million staged rows for a handful and joins
  // them in nested loops: quadratic time.
  await sql`analyze statement_staging`.execute(ctx.db);

  const summary = await postWithRetry(ctx, async (trx) => {
    const now = ctx.clock.now();
    const posting = { importId, channelCode: input.channelCode, now, actor };
    // Sorts and hashes of a million rows stay in memory (the default 4 MB spills to disk);
    // JIT compilation costs more than it saves in statements that mostly write.
    await sql`set local work_mem = '64MB'`.execute(trx);
    await sql`set local jit = off`.execute(trx);
    const { counts, billsToPost } = await classifyStagedRows(trx, posting);
    await postClassifiedRows(trx, posting, billsToPost);
    await changeProtectionStatusesListedIn(trx, {
      table: 'statement_paid_members',
      status: 'ACTIVE',
      reason: `contribution paid: statement of ${input.channelCode} for ${input.statementDate}`,
      actor,
      at: now,
    });
    // JHT shares are savings: credit them to the members' accounts (rare in statements of
    // PMI fees, so one posting each is fine).
    for (const share of await postedJhtShares(trx)) {
      await creditJht(trx, {
        membershipId: share.membership_id,
        amount: Number(share.amount),
        valueDate: businessDate(share.paid_at),
        reference: `payment:${share.payment_id}:JHT`,
        recordedBy: actor,
      });
    }
    if (invalid.length > 0) {
      await trx
        .insertInto('statement_lines')
        .values(
          invalid.map((row) => ({
            import_id: importId,
            line_number: row.line,
            outcome: 'INVALID' as const,
            detail: row.reason,
            channel_reference: null,
            bill_number: null,
            amount: null,
            paid_at: null,
            payment_id: null,
          })),
        )
        .execute();
    }
    const missing = await trx
      .selectFrom('payments as p')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('p.channel_code', '=', input.channelCode)
      .where('p.source', '<>', 'STATEMENT')
      .where(sql<boolean>`(p.paid_at at time zone 'Asia/Jakarta')::date = ${input.statementDate}::date`)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('statement_staging as s')
              .select(sql.lit(1).as('one'))
              .where('s.import_id', '=', importId)
              .whereRef('s.channel_reference', '=', 'p.channel_reference'),
          ),
        ),
      )
      .executeTakeFirstOrThrow();
    const summary: StatementReport['summary'] = {
      MATCHED: 0,
      POSTED: 0,
      DUPLICATE: 0,
      AMOUNT_DIFFERS: 0,
      UNMATCHED: 0,
      INVALID: invalid.length,
      MISSING_FROM_STATEMENT: Number(missing.n),
    };
    for (const [outcome, n] of Object.entries(counts)) summary[outcome as StatementOutcome] = n;
    await trx
      .updateTable('statement_imports')
      .set({ summary: JSON.stringify(summary), completed_at: now })
      .where('id', '=', importId)
      .execute();
    return summary;
  });
  return {
    importId,
    channelCode: input.channelCode,
    statementDate: input.statementDate,
    rows: valid.length + invalid.length,
    summary,
    replayed: false,
  };
}

/** Reads the CSV: every row is either staged or reported INVALID with its reason. */
function readStatement(csv: string): { valid: StagedRow[]; invalid: Array<{ line: number; reason: string }> } {
  let records: string[][];
  try {
    records = parse(csv, { relax_column_count: true, skip_empty_lines: true, trim: true, bom: true });
  } catch (error) {
    throw invalidInput([
      issue(
        '/file',
        'MALFORMED_CSV',
        `The statement is not readable CSV: ${(error as Error).message}`,
        `Mutasi bukan CSV yang dapat dibaca: ${(error as Error).message}`,
      ),
    ]);
  }
  const header = records[0]?.map((h) => h.toLowerCase());
  if (!header || statementColumns.some((c, i) => header[i] !== c)) {
    throw invalidInput([
      issue(
        '/file',
        'STATEMENT_HEADER',
        `The first line must be the header: ${statementColumns.join(',')}.`,
        `Baris pertama harus judul kolom: ${statementColumns.join(',')}.`,
      ),
    ]);
  }
  const valid: StagedRow[] = [];
  const invalid: Array<{ line: number; reason: string }> = [];
  for (let i = 1; i < records.length; i++) {
    const [reference = '', billNumber = '', amountText = '', paidAt = ''] = records[i] ?? [];
    const line = i + 1;
    const amount = Number(amountText);
    if (!/^[A-Za-z0-9._/-]{1,100}$/.test(reference)) invalid.push({ line, reason: 'reference missing or not plain text' });
    else if (!/^[A-Z0-9-]{4,40}$/.test(billNumber)) invalid.push({ line, reason: 'bill number missing or malformed' });
    else if (!/^\d{1,15}$/.test(amountText) || amount <= 0)
      invalid.push({ line, reason: `amount "${amountText}" is not a positive whole rupiah` });
    else if (Number.isNaN(Date.parse(paidAt)) || !/^\d{4}-\d{2}-\d{2}/.test(paidAt))
      invalid.push({ line, reason: `paid_at "${paidAt}" is not an ISO date-time` });
    else if ((records[i]?.length ?? 0) > statementColumns.length) invalid.push({ line, reason: 'more columns than the header' });
    else valid.push({ line, reference, billNumber, amount, paidAt });
  }
  return { valid, invalid };
}

function toCsv(importId: string, rows: StagedRow[]): string {
  // The values were checked above: none holds a comma, quote or line break.
  return rows.map((r) => `${importId},${r.line},${r.reference},${r.billNumber},${r.amount},${r.paidAt}\n`).join('');
}

const importsInFlight = new Set<string>();

/**
 * Runs `work` unless the same file is being imported already: by this process (PGlite, or
 * a PostgreSQL pool), or by another server (a session-level advisory lock, released when
 * the import ends or its connection drops). Otherwise a second upload could restage the
 * rows the first is posting.
 */
async function exclusively<T>(ctx: AppContext, key: string, work: () => Promise<T>): Promise<T> {
  if (importsInFlight.has(key)) throw importInProgress();
  importsInFlight.add(key);
  try {
    if (ctx.engine !== 'postgres') return await work();
    return await ctx.db.connection().execute(async (session) => {
      const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_lock(hashtextextended(${key}, 0)) as locked`.execute(session);
      if (!rows[0]?.locked) throw importInProgress();
      try {
        return await work();
      } finally {
        await sql`select pg_advisory_unlock(hashtextextended(${key}, 0))`.execute(session);
      }
    });
  } finally {
    importsInFlight.delete(key);
  }
}

function importInProgress(): DomainError {
  return new DomainError('conflict', 'STATEMENT_IMPORT_IN_PROGRESS', {
    en: 'This file is being imported now. Send it again in a moment to get its report.',
    id: 'Berkas ini sedang diimpor. Kirim lagi sebentar lagi untuk mendapatkan laporannya.',
  });
}

async function startImport(
  ctx: AppContext,
  input: { channelCode: string; statementDate: string },
  fileSha256: string,
  rows: number,
  actor: string,
): Promise<string> {
  try {
    const row = await ctx.db
      .insertInto('statement_imports')
      .values({
        channel_code: input.channelCode,
        statement_date: input.statementDate,
        file_sha256: fileSha256,
        rows,
        summary: JSON.stringify({}),
        imported_by: actor,
        completed_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  } catch (error) {
    // The same file sent twice at once: the first one imports it.
    if (isUniqueViolation(error, 'statement_imports_file_key')) throw importInProgress();
    throw error;
  }
}

const postingAttempts = 3;

/** Runs the posting transaction again (from classification) when it lost a race. */
async function postWithRetry<T>(ctx: AppContext, work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await ctx.db.transaction().execute(work);
    } catch (error) {
      if (!lostRace(error)) throw error;
      if (attempt >= postingAttempts) {
        throw new DomainError('conflict', 'STATEMENT_POSTING_RACED', {
          en: 'Payments for the same bills kept arriving while the statement was being posted. Nothing was applied; send the file again.',
          id: 'Pembayaran untuk tagihan yang sama terus masuk selama mutasi dibukukan. Tidak ada yang diterapkan; kirim berkas itu lagi.',
        });
      }
    }
  }
}

function lostRace(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return (
    error instanceof StatementRaced ||
    isUniqueViolation(error, 'payments_channel_reference_key') ||
    code === '40P01' || // deadlock with another file paying the same bills
    code === '40001'
  );
}

import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import type { AppContext } from '../context.ts';
import { creditJht } from '../jht/service.ts';
import { businessDate } from '../kernel/clock.ts';
import { DomainError, invalidInput, issue } from '../kernel/errors.ts';
import { changeProtectionStatuses } from '../membership/service.ts';
import { requireChannel } from './channels.ts';
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
 * The rows are staged with COPY and applied set-wise in one transaction, so a file of a
 * million rows takes seconds, and either all of it is applied or none. Sending the same
 * file again returns the first report and changes nothing.
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
  const importId =
    earlier?.id ??
    (
      await ctx.db
        .insertInto('statement_imports')
        .values({
          channel_code: input.channelCode,
          statement_date: input.statementDate,
          file_sha256: fileSha256,
          rows: valid.length + invalid.length,
          summary: JSON.stringify({}),
          imported_by: actor,
          completed_at: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
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

  const summary = await ctx.db.transaction().execute(async (trx) => {
    const now = ctx.clock.now();
    const { rows: activated } = await sql<{ membership_id: string }>`
      with staged as (
        select s.*,
          row_number() over (partition by s.channel_reference order by s.line_number) as occurrence
        from statement_staging s where s.import_id = ${importId}
      ), classified as (
        select st.*, p.id as payment_id, p.amount as recorded_amount, b.id as bill_id, b.status as bill_status,
          b.amount as bill_amount, b.paid_amount as bill_paid, b.lines as bill_line_items,
          case
            when st.occurrence > 1 then 'DUPLICATE'
            when p.id is not null and p.amount = st.amount then 'MATCHED'
            when p.id is not null then 'AMOUNT_DIFFERS'
            when b.id is not null and b.status = 'OPEN' then 'POSTED'
            else 'UNMATCHED'
          end as outcome,
          case
            when p.id is null and st.occurrence = 1 and b.id is null then 'UNKNOWN_BILL'
            when p.id is null and st.occurrence = 1 and b.status = 'PAID' then 'BILL_ALREADY_PAID'
            when p.id is null and st.occurrence = 1 and b.status = 'CANCELLED' then 'BILL_CANCELLED'
            when p.id is not null and p.amount <> st.amount then 'recorded Rp ' || p.amount || ', statement Rp ' || st.amount
          end as detail
        from staged st
        left join payments p on p.channel_code = ${input.channelCode} and p.channel_reference = st.channel_reference
        left join bills b on b.bill_number = st.bill_number
      ), to_post as (
        -- Several rows may pay one bill: each starts where the earlier ones stopped.
        select c.*, c.bill_paid + coalesce(sum(c.amount) over (partition by c.bill_id order by c.line_number
          rows between unbounded preceding and 1 preceding), 0) as paid_before
        from classified c where c.outcome = 'POSTED'
      ), new_payments as (
        insert into payments (channel_code, channel_reference, bill_id, amount, paid_at, received_at, source, outcome, outcome_detail, recorded_by)
        select ${input.channelCode}, c.channel_reference, c.bill_id, c.amount, c.paid_at, ${now}, 'STATEMENT',
          case when c.outcome = 'POSTED' then 'ALLOCATED' else 'UNMATCHED' end, c.detail, ${actor}
        from classified c where c.outcome in ('POSTED', 'UNMATCHED')
        returning id, channel_reference, bill_id, amount
      ), line_shares as (
        select t.channel_reference, t.bill_id, t.amount, t.paid_before, l.ordinality, l.value->>'code' as code,
          l.value->>'program' as program,
          sum((l.value->>'amount')::bigint) over (partition by t.channel_reference order by l.ordinality) as line_end,
          (l.value->>'amount')::bigint as line_amount,
          t.bill_amount
        from to_post t, jsonb_array_elements(t.bill_line_items) with ordinality as l(value, ordinality)
      ), allocations as (
        insert into payment_allocations (payment_id, bill_id, line_code, program, amount)
        select np.id, bl.bill_id, bl.code, bl.program,
          least(bl.line_end, bl.paid_before + bl.amount) - greatest(bl.line_end - bl.line_amount, bl.paid_before)
        from line_shares bl join new_payments np on np.channel_reference = bl.channel_reference
        where least(bl.line_end, bl.paid_before + bl.amount) > greatest(bl.line_end - bl.line_amount, bl.paid_before)
        union all
        select np.id, t.bill_id, 'MEMBER_CREDIT', null, t.paid_before + t.amount - greatest(t.bill_amount, t.paid_before)
        from to_post t join new_payments np on np.channel_reference = t.channel_reference
        where t.paid_before + t.amount > greatest(t.bill_amount, t.paid_before)
        returning 1
      ), bill_totals as (
        select bill_id, sum(amount) as added, max(paid_at) as last_paid_at from to_post group by bill_id
      ), updated_bills as (
        update bills b set paid_amount = least(b.amount, b.paid_amount + bt.added),
          status = case when b.paid_amount + bt.added >= b.amount then 'PAID' else 'OPEN' end,
          paid_at = case when b.paid_amount + bt.added >= b.amount then ${now}::timestamptz else null end
        from bill_totals bt where b.id = bt.bill_id
        returning b.id, b.status, b.membership_id, b.coverage
      ), last_payment as (
        select distinct on (t.bill_id) t.bill_id, np.id as payment_id
        from to_post t join new_payments np on np.channel_reference = t.channel_reference
        order by t.bill_id, t.line_number desc
      ), paid_members as (
        select ub.id as bill_id, ub.membership_id, ub.coverage from updated_bills ub where ub.status = 'PAID' and ub.membership_id is not null
        union all
        select ub.id, bm.membership_id, ub.coverage from updated_bills ub join bill_members bm on bm.bill_id = ub.id where ub.status = 'PAID'
      ), coverage as (
        insert into coverage_periods (membership_id, program, covered_from, covered_to, bill_id, payment_id)
        select pm.membership_id, c.program, c."from"::date, c."to"::date, pm.bill_id, lp.payment_id
        from paid_members pm
        join last_payment lp on lp.bill_id = pm.bill_id
        cross join lateral jsonb_to_recordset(pm.coverage) as c(program text, "from" text, "to" text)
        returning 1
      ), lines as (
        insert into statement_lines (import_id, line_number, channel_reference, bill_number, amount, paid_at, outcome, detail, payment_id)
        select ${importId}, c.line_number, c.channel_reference, c.bill_number, c.amount, c.paid_at, c.outcome, c.detail,
          coalesce(np.id, c.payment_id)
        from classified c left join new_payments np on np.channel_reference = c.channel_reference and c.occurrence = 1
        returning 1
      ), notifications as (
        insert into outbox (topic, payload)
        select 'notification.member', jsonb_build_object('template', 'BILL_PAID', 'membershipId', pm.membership_id)
        from paid_members pm
        returning 1
      )
      -- PostgreSQL runs every data-modifying CTE to completion, read or not.
      select distinct membership_id from paid_members
    `.execute(trx);
    await changeProtectionStatuses(trx, {
      membershipIds: activated.map((r) => r.membership_id),
      status: 'ACTIVE',
      reason: `contribution paid: statement of ${input.channelCode} for ${input.statementDate}`,
      actor,
      at: now,
    });
    // JHT shares are savings: credit them to the members' accounts (rare in statements of
    // PMI fees, so one posting each is fine).
    const jhtShares = await trx
      .selectFrom('statement_lines as l')
      .innerJoin('payments as p', 'p.id', 'l.payment_id')
      .innerJoin('payment_allocations as a', 'a.payment_id', 'p.id')
      .innerJoin('bills as b', 'b.id', 'a.bill_id')
      .select(['p.id as payment_id', 'p.paid_at', 'b.membership_id', (eb) => eb.fn.sum<number>('a.amount').as('amount')])
      .where('l.import_id', '=', importId)
      .where('l.outcome', '=', 'POSTED')
      .where('a.program', '=', 'JHT')
      .where('b.membership_id', 'is not', null)
      .groupBy(['p.id', 'p.paid_at', 'b.membership_id'])
      .execute();
    for (const share of jhtShares) {
      await creditJht(trx, {
        membershipId: share.membership_id as string,
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
    const counts = await trx
      .selectFrom('statement_lines')
      .select(['outcome', (eb) => eb.fn.countAll<number>().as('n')])
      .where('import_id', '=', importId)
      .groupBy('outcome')
      .execute();
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
      INVALID: 0,
      MISSING_FROM_STATEMENT: Number(missing.n),
    };
    for (const c of counts) summary[c.outcome] = Number(c.n);
    await trx.deleteFrom('statement_staging').where('import_id', '=', importId).execute();
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

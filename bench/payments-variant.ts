// Trying a fix of importStatement's big set-wise statement without touching src/: the
// statement as src/contributions/import-statement.ts has it (copied at dd1037c) and a
// rewrite, each run on the same staged rows of the same database, inside a transaction
// that is rolled back, so that both see the same data.
//
//   node --import tsx bench/payments-variant.ts postgres 50000 [original,rewrite,rewrite-no-analyze]
import { type Kysely, sql } from 'kysely';
import type { Database } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { businessDate } from '../src/kernel/clock.ts';
import { openScratchDatabase } from '../src/testing/harness.ts';
import { billAmount, channelCode, generateMembers, statementCsv } from './payments-data.ts';

interface Params {
  importId: string;
  channelCode: string;
  now: Date;
  actor: string;
}

/** The statement as it is in src/ (dd1037c), verbatim. */
function original({ importId, channelCode, now, actor }: Params) {
  return sql<{ membership_id: string }>`
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
        left join payments p on p.channel_code = ${channelCode} and p.channel_reference = st.channel_reference
        left join bills b on b.bill_number = st.bill_number
      ), to_post as (
        select c.*, c.bill_paid + coalesce(sum(c.amount) over (partition by c.bill_id order by c.line_number
          rows between unbounded preceding and 1 preceding), 0) as paid_before
        from classified c where c.outcome = 'POSTED'
      ), new_payments as (
        insert into payments (channel_code, channel_reference, bill_id, amount, paid_at, received_at, source, outcome, outcome_detail, recorded_by)
        select ${channelCode}, c.channel_reference, c.bill_id, c.amount, c.paid_at, ${now}, 'STATEMENT',
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
      select distinct membership_id from paid_members
    `;
}

/**
 * The rewrite: every payment gets its id before it is inserted (gen_random_uuid() in
 * `classified`, which is materialized because it is read more than once), so nothing joins
 * the inserted payments back by channel reference; the last payment of each bill travels
 * through `bill_totals` and the UPDATE's RETURNING. Every join left is to a table (by
 * index) or none at all, so a wrong row estimate of a CTE cannot make a join quadratic.
 */
function rewrite({ importId, channelCode, now, actor }: Params) {
  return sql<{ membership_id: string }>`
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
          end as detail,
          -- The id of the payment this row will record, if it records one.
          case when p.id is null and st.occurrence = 1 then gen_random_uuid() end as new_payment_id
        from staged st
        left join payments p on p.channel_code = ${channelCode} and p.channel_reference = st.channel_reference
        left join bills b on b.bill_number = st.bill_number
      ), to_post as (
        select c.*, c.bill_paid + coalesce(sum(c.amount) over (partition by c.bill_id order by c.line_number
          rows between unbounded preceding and 1 preceding), 0) as paid_before
        from classified c where c.outcome = 'POSTED'
      ), new_payments as (
        insert into payments (id, channel_code, channel_reference, bill_id, amount, paid_at, received_at, source, outcome, outcome_detail, recorded_by)
        select c.new_payment_id, ${channelCode}, c.channel_reference, c.bill_id, c.amount, c.paid_at, ${now}, 'STATEMENT',
          case when c.outcome = 'POSTED' then 'ALLOCATED' else 'UNMATCHED' end, c.detail, ${actor}
        from classified c where c.outcome in ('POSTED', 'UNMATCHED')
        returning 1
      ), line_shares as (
        select t.new_payment_id, t.bill_id, t.amount, t.paid_before, l.value->>'code' as code, l.value->>'program' as program,
          sum((l.value->>'amount')::bigint) over (partition by t.line_number order by l.ordinality) as line_end,
          (l.value->>'amount')::bigint as line_amount
        from to_post t, jsonb_array_elements(t.bill_line_items) with ordinality as l(value, ordinality)
      ), allocations as (
        insert into payment_allocations (payment_id, bill_id, line_code, program, amount)
        select bl.new_payment_id, bl.bill_id, bl.code, bl.program,
          least(bl.line_end, bl.paid_before + bl.amount) - greatest(bl.line_end - bl.line_amount, bl.paid_before)
        from line_shares bl
        where least(bl.line_end, bl.paid_before + bl.amount) > greatest(bl.line_end - bl.line_amount, bl.paid_before)
        union all
        select t.new_payment_id, t.bill_id, 'MEMBER_CREDIT', null, t.paid_before + t.amount - greatest(t.bill_amount, t.paid_before)
        from to_post t
        where t.paid_before + t.amount > greatest(t.bill_amount, t.paid_before)
        returning 1
      ), bill_totals as (
        select bill_id, sum(amount) as added, max(paid_at) as last_paid_at,
          (array_agg(new_payment_id order by line_number desc))[1] as last_payment_id
        from to_post group by bill_id
      ), updated_bills as (
        update bills b set paid_amount = least(b.amount, b.paid_amount + bt.added),
          status = case when b.paid_amount + bt.added >= b.amount then 'PAID' else 'OPEN' end,
          paid_at = case when b.paid_amount + bt.added >= b.amount then ${now}::timestamptz else null end
        from bill_totals bt where b.id = bt.bill_id
        returning b.id, b.status, b.membership_id, b.coverage, bt.last_payment_id
      ), paid_members as (
        select ub.id as bill_id, ub.membership_id, ub.coverage, ub.last_payment_id
        from updated_bills ub where ub.status = 'PAID' and ub.membership_id is not null
        union all
        select ub.id, bm.membership_id, ub.coverage, ub.last_payment_id
        from updated_bills ub join bill_members bm on bm.bill_id = ub.id where ub.status = 'PAID'
      ), coverage as (
        insert into coverage_periods (membership_id, program, covered_from, covered_to, bill_id, payment_id)
        select pm.membership_id, c.program, c."from"::date, c."to"::date, pm.bill_id, pm.last_payment_id
        from paid_members pm
        cross join lateral jsonb_to_recordset(pm.coverage) as c(program text, "from" text, "to" text)
        returning 1
      ), lines as (
        insert into statement_lines (import_id, line_number, channel_reference, bill_number, amount, paid_at, outcome, detail, payment_id)
        select ${importId}, c.line_number, c.channel_reference, c.bill_number, c.amount, c.paid_at, c.outcome, c.detail,
          case when c.outcome in ('POSTED', 'UNMATCHED') then c.new_payment_id else c.payment_id end
        from classified c
        returning 1
      ), notifications as (
        insert into outbox (topic, payload)
        select 'notification.member', jsonb_build_object('template', 'BILL_PAID', 'membershipId', pm.membership_id)
        from paid_members pm
        returning 1
      )
      select distinct membership_id from paid_members
    `;
}

/** changeProtectionStatuses (src/membership/protection-status.ts) as it is, for the activation's share. */
function activate(ids: string[], at: Date) {
  return sql<{ n: number }>`
    with changed as (
      update memberships set status = 'ACTIVE', status_changed_at = ${at}
      where id = any(${ids}::uuid[]) and status = any(${['REGISTERED', 'LAPSED']}::text[])
      returning id
    ), history as (
      insert into membership_status_history (membership_id, status, reason, changed_by, changed_at)
      select id, 'ACTIVE', 'bench', 'bench', ${at} from changed
    ), events as (
      insert into member_events (membership_id, type, data, actor, occurred_at)
      select id, 'membership.activated', jsonb_build_object('reason', 'bench'::text), 'bench', ${at} from changed
    )
    select count(*)::int as n from changed`;
}

/**
 * A floor, not a posting: only the payments rows (4 indexes, 2 foreign keys), matched to
 * their bills, with nothing else written.
 */
function paymentsOnly({ importId, channelCode, now, actor }: Params) {
  return sql<{ membership_id: string }>`
    with inserted as (
      insert into payments (channel_code, channel_reference, bill_id, amount, paid_at, received_at, source, outcome, recorded_by)
      select ${channelCode}, s.channel_reference, b.id, s.amount, s.paid_at, ${now}, 'STATEMENT', 'ALLOCATED', ${actor}
      from statement_staging s join bills b on b.bill_number = s.bill_number
      where s.import_id = ${importId}
      returning bill_id
    )
    select count(*)::int as n, null::uuid as membership_id from inserted`;
}

class Rollback extends Error {}

async function attempt(
  db: Kysely<Database>,
  name: string,
  statement: (p: Params) => ReturnType<typeof original>,
  params: Params,
  n: number,
): Promise<Record<string, string | number>> {
  const row: Record<string, string | number> = { variant: name, N: n };
  try {
    await db.transaction().execute(async (trx) => {
      // '-no-fk': how much of the time the foreign-key checks take (replica mode skips
      // every trigger, and with them the RI checks; superuser only, never in production).
      if (name.includes('-no-fk')) await sql`set local session_replication_role = replica`.execute(trx);
      // '-workmem': sorts and hashes of a million rows in memory instead of in batches on disk.
      if (name.includes('-workmem')) await sql`set local work_mem = '256MB'`.execute(trx);
      let started = performance.now();
      if (process.env.BENCH_EXPLAIN === '1') {
        // The plan, with the time each node and each foreign-key trigger took.
        const { rows: plan } = await sql<Record<string, string>>`explain (analyze, buffers) ${statement(params)}`.execute(trx);
        console.log(plan.map((r) => Object.values(r)[0]).join('\n'));
        throw new Rollback();
      }
      const { rows } = await statement(params).execute(trx);
      row['posting statement s'] = ((performance.now() - started) / 1000).toFixed(2);
      started = performance.now();
      const activated = await activate(
        rows.map((r) => r.membership_id),
        params.now,
      ).execute(trx);
      row['activation s'] = ((performance.now() - started) / 1000).toFixed(2);
      if (name.startsWith('payments-only')) {
        row.checks = 'floor: payments only';
        throw new Rollback();
      }
      const { rows: check } = await sql<{ payments: number; paid: number; coverage: number; allocated: number }>`
        select (select count(*)::int from payments) as payments,
          (select count(*)::int from bills where status = 'PAID') as paid,
          (select count(*)::int from coverage_periods) as coverage,
          (select coalesce(sum(amount), 0)::bigint from payment_allocations) as allocated,
          (select count(*)::int from coverage_periods c join payments p on p.id = c.payment_id and p.bill_id = c.bill_id) as coverage_paid_by_own_bill`.execute(
        trx,
      );
      const c = check[0] as Record<string, number>;
      const ok =
        c.payments === n &&
        c.paid === n &&
        c.coverage === 2 * n &&
        Number(c.allocated) === n * billAmount &&
        c.coverage_paid_by_own_bill === 2 * n &&
        activated.rows[0]?.n === n;
      row.checks = ok ? 'ok' : `WRONG ${JSON.stringify(c)} activated ${activated.rows[0]?.n}`;
      throw new Rollback();
    });
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
  }
  return row;
}

const [engine = 'postgres', nText = '50000', which = 'original,rewrite,rewrite-no-analyze'] = process.argv.slice(2);
const n = Number(nText);
const rows: Array<Record<string, string | number>> = [];
// Each variant on a database of its own: a rolled-back attempt leaves dead rows and index
// entries behind that would slow the next one.
for (const name of which.split(',')) {
  const { handle, drop } = await openScratchDatabase(
    engine === 'postgres' ? (process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test') : undefined,
    'lindung_bench_variant',
    4,
  );
  try {
    await migrateToLatest(handle.db);
    await generateMembers(handle.db, n);
    const statementDate = businessDate(new Date(Date.now() - 86_400_000));
    const { rows: imports } = await sql<{ id: string }>`
      insert into statement_imports (channel_code, statement_date, file_sha256, rows, summary, imported_by)
      values (${channelCode}, ${statementDate}, 'bench', ${n}, '{}', 'bench') returning id`.execute(handle.db);
    const importId = imports[0]?.id as string;
    // Staged as importStatement stages them: line numbers from 2 (after the header).
    const staged = statementCsv(n, statementDate)
      .body.trimEnd()
      .split('\n')
      .map((line, i) => `${importId},${i + 2},${line}\n`)
      .join('');
    let started = performance.now();
    await handle.copyCsv(
      'statement_staging',
      ['import_id', 'line_number', 'channel_reference', 'bill_number', 'amount', 'paid_at'],
      staged,
    );
    const copySeconds = (performance.now() - started) / 1000;
    let analyzeSeconds = 0;
    if (!name.endsWith('-no-analyze')) {
      started = performance.now();
      await sql`analyze statement_staging`.execute(handle.db);
      analyzeSeconds = (performance.now() - started) / 1000;
    }
    console.log(`${engine}: running ${name} on ${n} staged rows`);
    const row = await attempt(
      handle.db,
      name,
      name.startsWith('original') ? original : name.startsWith('payments-only') ? paymentsOnly : rewrite,
      { importId, channelCode, now: new Date(), actor: 'bench' },
      n,
    );
    rows.push({ ...row, 'staging COPY s': copySeconds.toFixed(2), 'analyze s': analyzeSeconds.toFixed(2) });
    console.log(rows.at(-1));
  } finally {
    await handle.close();
    await drop();
  }
}
console.table(rows);

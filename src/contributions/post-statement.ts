import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/database.ts';
import type { StatementOutcome } from './tables.ts';

/**
 * The set-wise SQL of statement posting (see import-statement.ts), one statement per kind
 * of row written, all in the caller's transaction:
 *
 *   1. classify   every staged row into `statement_posting`, a temporary table dropped at
 *                 commit: its outcome, the bill it pays, the rupiah paid on that bill before
 *                 it, whether it is the row that completes the bill, and a new payment id
 *                 (assigned here, so that no later statement has to find its payment again);
 *   2. bills      add what the file pays to each bill, only if the bill is as classified
 *                 (still OPEN, same paid amount): a bill changed since by a notification
 *                 makes the posting start again rather than allocate money twice;
 *   3. payments and allocations;
 *   4. members    of the bills the file completed (a cohort bill: every member it pays for)
 *                 into `statement_paid_members`, another temporary table, which then gives
 *                 their coverage periods and notifications here, and their activation to
 *                 the caller (changeProtectionStatusesListedIn: no round trip through
 *                 JavaScript for a million memberships);
 *   5. a reconciliation line for every row that did not post cleanly (posted rows are read
 *      from the staged rows themselves, which are kept as the statement's lines).
 *
 * Separate statements over a temporary table plan and run better than one large
 * data-modifying CTE: each reads the classified rows from a table with statistics instead
 * of re-materialising CTEs that PostgreSQL estimates at a few hundred rows.
 */

type Db = Kysely<Database>;

/** A bill was paid or changed by someone else between classification and posting. */
export class StatementRaced extends Error {
  constructor(expected: number, updated: number) {
    super(`${expected - updated} of ${expected} bills changed while the statement was being posted`);
    this.name = 'StatementRaced';
  }
}

export interface PostingInput {
  importId: string;
  channelCode: string;
  now: Date;
  actor: string;
}

export type OutcomeCounts = Partial<Record<StatementOutcome, number>>;

export async function classifyStagedRows(db: Db, input: PostingInput): Promise<{ counts: OutcomeCounts; billsToPost: number }> {
  await sql`
    create temp table statement_posting (
      line_number integer not null,
      channel_reference text not null,
      bill_number text not null,
      amount bigint not null,
      paid_at timestamptz not null,
      outcome text not null,
      detail text,
      -- The payment already recorded under this reference (MATCHED, AMOUNT_DIFFERS).
      recorded_payment_id uuid,
      -- The payment this row records now (POSTED, UNMATCHED).
      payment_id uuid,
      bill_id uuid,
      -- Where the bill's row was when classified: the bills are updated in that (physical)
      -- order, page after page, instead of all over the table.
      bill_row tid,
      membership_id uuid,
      bill_amount bigint,
      bill_paid bigint,
      paid_before bigint,
      -- The bill's last posted row in the file (amounts are positive: only it ends at the
      -- file's total for the bill), and whether the file pays the bill in full.
      last_of_bill boolean not null,
      completes_bill boolean not null
    ) on commit drop
  `.execute(db);
  await sql`
    insert into statement_posting
    with staged as (
      select s.line_number, s.channel_reference, s.bill_number, s.amount, s.paid_at,
        row_number() over (partition by s.channel_reference order by s.line_number) as occurrence
      from statement_staging s where s.import_id = ${input.importId}
    ), classified as (
      select st.*, p.id as recorded_payment_id, b.id as bill_id, b.ctid as bill_row, b.membership_id, b.amount as bill_amount, b.paid_amount as bill_paid,
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
    ), running as (
      -- Several rows may pay one bill: each starts where the earlier ones stopped.
      select c.*,
        c.bill_paid + coalesce(sum(c.amount) filter (where c.outcome = 'POSTED') over (partition by c.bill_id order by c.line_number
          rows between unbounded preceding and 1 preceding), 0) as paid_before,
        c.bill_paid + sum(c.amount) filter (where c.outcome = 'POSTED') over (partition by c.bill_id) as paid_after_file
      from classified c
    )
    select line_number, channel_reference, bill_number, amount, paid_at, outcome, detail, recorded_payment_id,
      -- A time-ordered id (the layout of a UUIDv7: milliseconds, version, a counter in the
      -- order of the channel's references, variant, random bits). The rows are kept in that
      -- order too, so that the payments, their allocations and every index on them (their
      -- ids, the channel's references) are written in order instead of all over the index:
      -- on the embedded database an index entry at random costs about 1.5 times one appended.
      case when outcome in ('POSTED', 'UNMATCHED') then (
        lpad(to_hex(${input.now.getTime()}::bigint), 12, '0') || '7' || lpad(to_hex(seq >> 20), 3, '0')
        || to_hex(8 + floor(random() * 4)::int) || lpad(to_hex(seq & 1048575), 5, '0')
        || lpad(to_hex(floor(random() * 1099511627776)::bigint), 10, '0'))::uuid
      end,
      bill_id, bill_row, membership_id, bill_amount, bill_paid,
      case when outcome = 'POSTED' then paid_before end,
      coalesce(outcome = 'POSTED' and paid_before + amount = paid_after_file, false),
      coalesce(outcome = 'POSTED' and paid_before + amount = paid_after_file and paid_after_file >= bill_amount, false)
    from (select r.*, row_number() over (order by r.channel_reference, r.line_number) as seq from running r) numbered
    order by channel_reference, line_number
  `.execute(db);
  // Statistics only of the columns later statements join, group or filter on: about half
  // the time of analysing all seventeen.
  await sql`analyze statement_posting (outcome, bill_id, bill_row, payment_id, membership_id, completes_bill)`.execute(db);
  const { rows } = await sql<{ outcome: StatementOutcome; n: number; bills: number }>`
    select outcome, count(*)::int as n, count(*) filter (where last_of_bill)::int as bills from statement_posting group by outcome
  `.execute(db);
  const counts: OutcomeCounts = {};
  for (const row of rows) counts[row.outcome] = row.n;
  return { counts, billsToPost: rows.find((r) => r.outcome === 'POSTED')?.bills ?? 0 };
}

export async function postClassifiedRows(db: Db, input: PostingInput, billsToPost: number): Promise<void> {
  const { rows: updated } = await sql<{ n: number }>`
    with added as materialized (
      select bill_row, bill_id, sum(amount) as amount, min(bill_paid) as paid_seen
      from statement_posting where outcome = 'POSTED' group by bill_row, bill_id order by bill_row
    ), updated as (
      update bills b set paid_amount = least(b.amount, b.paid_amount + a.amount),
        status = case when b.paid_amount + a.amount >= b.amount then 'PAID' else 'OPEN' end,
        paid_at = case when b.paid_amount + a.amount >= b.amount then ${input.now}::timestamptz else null end
      from added a
      where b.ctid = a.bill_row and b.id = a.bill_id and b.status = 'OPEN' and b.paid_amount = a.paid_seen
      returning 1
    )
    select count(*)::int as n from updated
  `.execute(db);
  const billsUpdated = updated[0]?.n ?? 0;
  if (billsUpdated !== billsToPost) throw new StatementRaced(billsToPost, billsUpdated);

  await sql`
    insert into payments (id, channel_code, channel_reference, bill_id, amount, paid_at, received_at, source, outcome, outcome_detail, recorded_by)
    select payment_id, ${input.channelCode}, channel_reference, bill_id, amount, paid_at, ${input.now}::timestamptz, 'STATEMENT',
      case when outcome = 'POSTED' then 'ALLOCATED' else 'UNMATCHED' end, detail, ${input.actor}
    from statement_posting where payment_id is not null
  `.execute(db);

  // The allocation arithmetic of allocation.ts, set-wise: each payment covers the stretch
  // [paid_before, paid_before + amount) of the bill's lines in order; the rest is credit.
  await sql`
    insert into payment_allocations (payment_id, bill_id, line_code, program, amount)
    select x.payment_id, x.bill_id, x.code, x.program,
      least(x.line_end, x.paid_before + x.amount) - greatest(x.line_end - x.line_amount, x.paid_before)
    from (
      -- Each bill's running line total within its own few lines: no sort of the whole file.
      -- (A sum of bigints is numeric: cast back, or every row's arithmetic is numeric.)
      select t.payment_id, t.bill_id, t.amount, t.paid_before, l.code, l.program, l.line_amount, l.line_end
      from statement_posting t
      join bills b on b.id = t.bill_id
      cross join lateral (
        select e.value->>'code' as code, e.value->>'program' as program, (e.value->>'amount')::bigint as line_amount,
          (sum((e.value->>'amount')::bigint) over (order by e.ordinality))::bigint as line_end
        from jsonb_array_elements(b.lines) with ordinality as e(value, ordinality)
      ) l
      where t.outcome = 'POSTED'
    ) x
    where least(x.line_end, x.paid_before + x.amount) > greatest(x.line_end - x.line_amount, x.paid_before)
    union all
    select t.payment_id, t.bill_id, 'MEMBER_CREDIT', null, t.paid_before + t.amount - greatest(t.bill_amount, t.paid_before)
    from statement_posting t
    where t.outcome = 'POSTED' and t.paid_before + t.amount > greatest(t.bill_amount, t.paid_before)
  `.execute(db);

  // Every member a completed bill protects: its member, or the members a cohort bill pays
  // for; kept for the coverage, the notifications and the activations that follow.
  await sql`
    create temp table statement_paid_members (
      bill_id uuid not null,
      payment_id uuid not null,
      membership_id uuid not null
    ) on commit drop
  `.execute(db);
  await sql`
    insert into statement_paid_members
    select t.bill_id, t.payment_id, t.membership_id from statement_posting t where t.completes_bill and t.membership_id is not null
    union all
    select t.bill_id, t.payment_id, bm.membership_id from statement_posting t join bill_members bm on bm.bill_id = t.bill_id
    where t.completes_bill and t.membership_id is null
  `.execute(db);
  await sql`analyze statement_paid_members`.execute(db);
  await sql`
    insert into coverage_periods (membership_id, program, covered_from, covered_to, bill_id, payment_id)
    select pm.membership_id, c.program, c."from"::date, c."to"::date, pm.bill_id, pm.payment_id
    from statement_paid_members pm
    join bills b on b.id = pm.bill_id
    cross join lateral jsonb_to_recordset(b.coverage) as c(program text, "from" text, "to" text)
    -- In the order of the coverage primary key (member first), which is then filled in order.
    order by pm.membership_id
  `.execute(db);
  await sql`
    insert into outbox (topic, payload)
    select 'notification.member', jsonb_build_object('template', 'BILL_PAID', 'membershipId', pm.membership_id)
    from statement_paid_members pm
  `.execute(db);

  // The reconciliation report keeps a line for every row that did not simply post; a
  // posted row is its staged row (listStatementLines reads both).
  await sql`
    insert into statement_lines (import_id, line_number, channel_reference, bill_number, amount, paid_at, outcome, detail, payment_id)
    select ${input.importId}, line_number, channel_reference, bill_number, amount, paid_at, outcome, detail,
      coalesce(payment_id, recorded_payment_id)
    from statement_posting where outcome <> 'POSTED'
  `.execute(db);
}

/** The JHT shares of the payments just posted, per payment (few: JHT is optional for PMI). */
export async function postedJhtShares(db: Db) {
  const { rows } = await sql<{ payment_id: string; paid_at: Date; membership_id: string; amount: number }>`
    select t.payment_id, t.paid_at, t.membership_id, sum(a.amount)::bigint as amount
    from statement_posting t
    join payment_allocations a on a.payment_id = t.payment_id and a.program = 'JHT'
    where t.outcome = 'POSTED' and t.membership_id is not null
    group by t.payment_id, t.paid_at, t.membership_id
  `.execute(db);
  return rows;
}

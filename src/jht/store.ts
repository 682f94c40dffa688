import { type Kysely, type Selectable, sql } from 'kysely';
import type { Database } from '../db/database.ts';
import { daysInYear, type FigureStatus, type JhtEntryType, type LedgerFact, yearEnd, yearStart } from './rules.ts';

// The SQL of the JHT module, and only that. Private to the module.

type Db = Kysely<Database>;

export type LedgerRow = Selectable<Database['jht_ledger']>;
export type YieldPostingRow = Selectable<Database['jht_yield_postings']>;

export interface NewEntry {
  membershipId: string;
  entryType: JhtEntryType;
  amount: number;
  valueDate: string;
  reference: string;
  correctsEntryId: number | null;
  note: string | null;
  recordedBy: string;
  recordedAt: Date | undefined;
}

/** Inserts an entry unless one with the same reference exists for the member; then nothing is written. */
export async function insertEntry(db: Db, entry: NewEntry) {
  return db
    .insertInto('jht_ledger')
    .values({
      membership_id: entry.membershipId,
      entry_type: entry.entryType,
      amount: entry.amount,
      value_date: entry.valueDate,
      reference: entry.reference,
      corrects_entry_id: entry.correctsEntryId,
      note: entry.note,
      recorded_by: entry.recordedBy,
      ...(entry.recordedAt ? { recorded_at: entry.recordedAt } : {}),
    })
    .onConflict((oc) => oc.columns(['membership_id', 'reference']).doNothing())
    .returningAll()
    .executeTakeFirst();
}

export function findEntryByReference(db: Db, membershipId: string, reference: string) {
  return db
    .selectFrom('jht_ledger')
    .selectAll()
    .where('membership_id', '=', membershipId)
    .where('reference', '=', reference)
    .executeTakeFirst();
}

export function findEntry(db: Db, id: number) {
  return db.selectFrom('jht_ledger').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The sum of the corrections already recorded against an entry. */
export async function correctedSoFar(db: Db, entryId: number): Promise<number> {
  const row = await db
    .selectFrom('jht_ledger')
    .select(sql<number>`coalesce(sum(amount), 0)::bigint`.as('total'))
    .where('corrects_entry_id', '=', entryId)
    .executeTakeFirstOrThrow();
  return row.total;
}

/**
 * Serializes every debit of one account until the end of the caller's transaction. A
 * transaction-level advisory lock in the JHT namespace: it needs no row to exist and does
 * not hold up changes to the membership itself. A hash collision only serializes two
 * accounts more than needed.
 */
export async function lockAccount(db: Db, membershipId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`jht:${membershipId}`}, 0))`.execute(db);
}

export async function listFacts(db: Db, membershipId: string): Promise<LedgerFact[]> {
  const rows = await db.selectFrom('jht_ledger').select(['amount', 'value_date']).where('membership_id', '=', membershipId).execute();
  return rows.map((r) => ({ amount: r.amount, valueDate: r.value_date }));
}

/**
 * The balance at the end of `date`, and the years whose yield inside it was posted at a
 * rate not (yet) confirmed: that flag travels wherever the figure is shown.
 */
export async function balanceOn(db: Db, membershipId: string, date: string): Promise<{ balance: number; unconfirmedYieldYears: number[] }> {
  const { rows } = await sql<{ balance: number; unconfirmed: number[] }>`
    select coalesce(sum(e.amount), 0)::bigint as balance,
      coalesce(array_agg(distinct p.year order by p.year) filter (where p.rate_status <> 'CONFIRMED'), '{}') as unconfirmed
    from jht_ledger e
    left join jht_yield_postings p on e.entry_type = 'YIELD' and e.reference = 'yield:' || p.year
    where e.membership_id = ${membershipId} and e.value_date <= ${date}::date
  `.execute(db);
  const row = rows[0];
  return { balance: row?.balance ?? 0, unconfirmedYieldYears: (row?.unconfirmed ?? []).map(Number) };
}

/** Entries valued in [from, to], with the rate of the posting a yield entry came from. */
export function entriesWithin(db: Db, membershipId: string, period: { from: string; to: string }) {
  return db
    .selectFrom('jht_ledger as e')
    .leftJoin('jht_yield_postings as p', (join) => join.on('e.entry_type', '=', 'YIELD').on(sql<boolean>`e.reference = 'yield:' || p.year`))
    .select([
      'e.id',
      'e.entry_type',
      'e.amount',
      'e.value_date',
      'e.reference',
      'e.corrects_entry_id',
      'e.note',
      'e.recorded_at',
      'p.year as yield_year',
      'p.rate_basis_points',
      'p.rate_status',
      'p.rate_source',
    ])
    .where('e.membership_id', '=', membershipId)
    .where('e.value_date', '>=', period.from)
    .where('e.value_date', '<=', period.to)
    .orderBy('e.value_date')
    .orderBy('e.id')
    .execute();
}

export function findYieldPosting(db: Db, year: number) {
  return db.selectFrom('jht_yield_postings').selectAll().where('year', '=', year).executeTakeFirst();
}

export async function hasEntriesBefore(db: Db, date: string): Promise<boolean> {
  const row = await db.selectFrom('jht_ledger').select('id').where('value_date', '<', date).limit(1).executeTakeFirst();
  return row !== undefined;
}

export interface YieldPostingInput {
  year: number;
  rate: { basisPoints: number; status: FigureStatus; source: string };
  note: string;
  postedBy: string;
  postedAt: Date;
}

/**
 * Posts one year's yield to every account, set-wise, in one statement: the day-weighted
 * yield of rules.ts `yearlyYield`, computed exactly in numeric and rounded half up
 * (⌊(2·N + D) / 2D⌋ with N = Σ amount × days × basis points, D = 10 000 × days in year),
 * one YIELD entry valued 31 December per account that earns more than nothing, and the
 * posting row with the count and total. The year's own yield entries are left out of the
 * base; an account that already has 'yield:<year>' is skipped (unique reference).
 */
export async function insertYearlyYield(db: Db, input: YieldPostingInput) {
  const reference = `yield:${input.year}`;
  const first = yearStart(input.year);
  const last = yearEnd(input.year);
  const nextYear = yearStart(input.year + 1);
  const denominator = 10_000 * daysInYear(input.year);
  const { rows } = await sql<YieldPostingRow>`
    with computed as (
      select membership_id,
        div(2 * sum(amount::numeric * (${nextYear}::date - greatest(value_date, ${first}::date))) * ${input.rate.basisPoints}::numeric
              + ${denominator}::numeric,
            2 * ${denominator}::numeric) as amount
      from jht_ledger
      where value_date <= ${last}::date and reference <> ${reference}
      group by membership_id
    ), posted as (
      insert into jht_ledger (membership_id, entry_type, amount, value_date, reference, note, recorded_by, recorded_at)
      select membership_id, 'YIELD', amount::bigint, ${last}::date, ${reference}, ${input.note}, ${input.postedBy}, ${input.postedAt}
      from computed
      where amount > 0
      on conflict (membership_id, reference) do nothing
      returning amount
    )
    insert into jht_yield_postings (year, rate_basis_points, rate_status, rate_source, accounts, total, posted_by, posted_at)
    select ${input.year}, ${input.rate.basisPoints}, ${input.rate.status}, ${input.rate.source}, count(*), coalesce(sum(amount), 0),
      ${input.postedBy}, ${input.postedAt}
    from posted
    returning *
  `.execute(db);
  return rows[0] as YieldPostingRow;
}

import { sql } from 'kysely';
import type { AppContext } from '../context.ts';
import { invalidInput, issue } from '../kernel/errors.ts';

export const collectionDimensions = ['month', 'segment', 'paymentChannel', 'registrationChannel', 'destinationCountry'] as const;
export type CollectionDimension = (typeof collectionDimensions)[number];

// Each dimension as SQL over payments p, bills b, memberships m and the member's latest
// placement pl. Months are counted in Jakarta time, as the institution books.
const dimensionSql: Record<CollectionDimension, string> = {
  month: "to_char(p.paid_at at time zone 'Asia/Jakarta', 'YYYY-MM')",
  segment: "coalesce(m.segment, 'COHORT')",
  paymentChannel: 'p.channel_code',
  registrationChannel: "coalesce(m.registration_channel, 'COHORT')",
  destinationCountry: "coalesce(pl.destination_country, '--')",
};

export interface CollectionRow {
  group: Partial<Record<CollectionDimension, string>>;
  payments: number;
  amount: number;
}

/**
 * Contributions collected (payments applied to bills, in rupiah) between two dates,
 * grouped by the dimensions asked for.
 */
export async function contributionsCollected(
  ctx: AppContext,
  query: { from: string; to: string; groupBy: readonly CollectionDimension[] },
): Promise<{ from: string; to: string; groupBy: readonly CollectionDimension[]; rows: CollectionRow[]; total: number }> {
  if (query.to < query.from) {
    throw invalidInput([
      issue('/to', 'PERIOD_REVERSED', 'The period must end on or after its start.', 'Periode harus berakhir pada atau setelah awalnya.'),
    ]);
  }
  const dimensions = [...new Set(query.groupBy)];
  const selected = dimensions.map((d) => sql`${sql.raw(dimensionSql[d])} as ${sql.ref(d)}`);
  const grouped = dimensions.map((d) => sql.raw(dimensionSql[d]));
  const { rows } = await sql<Record<string, string | number>>`
    select ${sql.join([...selected, sql`count(*)::bigint as payments`, sql`sum(p.amount)::bigint as amount`])}
    from payments p
    join bills b on b.id = p.bill_id
    left join memberships m on m.id = b.membership_id
    left join lateral (
      select destination_country from placements where membership_id = m.id order by created_at desc limit 1
    ) pl on true
    where p.outcome = 'ALLOCATED'
      and (p.paid_at at time zone 'Asia/Jakarta')::date between ${query.from}::date and ${query.to}::date
    ${grouped.length > 0 ? sql`group by ${sql.join(grouped)} order by ${sql.join(grouped)}` : sql``}
  `.execute(ctx.db);
  const result = rows.map((row) => ({
    group: Object.fromEntries(dimensions.map((d) => [d, String(row[d])])),
    payments: Number(row.payments),
    amount: Number(row.amount ?? 0),
  }));
  return { from: query.from, to: query.to, groupBy: dimensions, rows: result, total: result.reduce((sum, r) => sum + r.amount, 0) };
}

export interface ArrearsRow {
  segment: string;
  ageBucket: '1-30' | '31-90' | '91+';
  bills: number;
  outstanding: number;
}

/** Open bills past their due date on `asOf`, by segment and how long overdue. */
export async function arrears(ctx: AppContext, asOf: string): Promise<{ asOf: string; rows: ArrearsRow[]; outstanding: number }> {
  const { rows } = await sql<{ segment: string; age_bucket: ArrearsRow['ageBucket']; bills: number; outstanding: number }>`
    select coalesce(m.segment, 'COHORT') as segment,
      case when ${asOf}::date - b.due_date <= 30 then '1-30' when ${asOf}::date - b.due_date <= 90 then '31-90' else '91+' end as age_bucket,
      count(*)::bigint as bills, sum(b.amount - b.paid_amount)::bigint as outstanding
    from bills b left join memberships m on m.id = b.membership_id
    where b.status = 'OPEN' and b.due_date < ${asOf}::date
    group by 1, 2 order by 1, 2
  `.execute(ctx.db);
  const result = rows.map((r) => ({
    segment: r.segment,
    ageBucket: r.age_bucket,
    bills: Number(r.bills),
    outstanding: Number(r.outstanding),
  }));
  return { asOf, rows: result, outstanding: result.reduce((sum, r) => sum + r.outstanding, 0) };
}

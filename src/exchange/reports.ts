import { sql } from 'kysely';
import type { AppContext } from '../context.ts';

export interface PartnerActivity {
  partnerCode: string;
  documentType: string;
  received: number;
  accepted: number;
  rejected: number;
  replayed: number;
  registrations: number;
  byApi: number;
  byFile: number;
}

/**
 * Per partner and document type: messages and file rows received, accepted, rejected
 * (replays of an earlier message apart), and the registrations they produced.
 */
export async function partnerActivity(
  ctx: AppContext,
  period: { from?: string; to?: string; partnerCode?: string } = {},
): Promise<PartnerActivity[]> {
  const from = period.from ?? '0001-01-01';
  const to = period.to ?? '9999-12-31';
  const { rows } = await sql<{
    partner_code: string;
    document_type: string;
    received: number;
    accepted: number;
    rejected: number;
    replayed: number;
    registrations: number;
    by_api: number;
    by_file: number;
  }>`
    with api as (
      select l.partner_code, l.document_type, l.outcome, l.message_id
      from exchange_log l
      where l.direction = 'INBOUND' and l.kind = 'REQUEST' and l.partner_code is not null and l.document_type is not null
        and (l.logged_at at time zone 'Asia/Jakarta')::date between ${from}::date and ${to}::date
        ${period.partnerCode ? sql`and l.partner_code = ${period.partnerCode}` : sql``}
    ), api_counts as (
      select a.partner_code, a.document_type, count(*) as received,
        count(*) filter (where a.outcome = 'ACCEPTED') as accepted,
        count(*) filter (where a.outcome = 'REJECTED') as rejected,
        count(*) filter (where a.outcome = 'REPLAYED') as replayed,
        count(*) filter (where a.outcome = 'ACCEPTED' and m.outcome in ('REGISTERED', 'REGISTERED_AND_EXTENDED')) as registrations,
        count(*) as by_api, 0 as by_file
      from api a
      left join partners p on p.code = a.partner_code
      left join exchange_messages m on m.partner_id = p.id and m.message_id = a.message_id and a.outcome = 'ACCEPTED'
      group by a.partner_code, a.document_type
    ), file_counts as (
      select p.code as partner_code, i.document_type, count(*) as received,
        count(*) filter (where r.outcome = 'ACCEPTED') as accepted,
        count(*) filter (where r.outcome = 'REJECTED') as rejected,
        0 as replayed,
        count(*) filter (where r.effect in ('REGISTERED', 'REGISTERED_AND_EXTENDED')) as registrations,
        0 as by_api, count(*) as by_file
      from exchange_import_rows r
      join exchange_imports i on i.id = r.import_id
      join partners p on p.id = i.partner_id
      where (i.started_at at time zone 'Asia/Jakarta')::date between ${from}::date and ${to}::date
        ${period.partnerCode ? sql`and p.code = ${period.partnerCode}` : sql``}
      group by p.code, i.document_type
    )
    select partner_code, document_type, sum(received)::int as received, sum(accepted)::int as accepted, sum(rejected)::int as rejected,
      sum(replayed)::int as replayed, sum(registrations)::int as registrations, sum(by_api)::int as by_api, sum(by_file)::int as by_file
    from (select * from api_counts union all select * from file_counts) c
    group by partner_code, document_type
    order by partner_code, document_type
  `.execute(ctx.db);
  return rows.map((r) => ({
    partnerCode: r.partner_code,
    documentType: r.document_type,
    received: Number(r.received),
    accepted: Number(r.accepted),
    rejected: Number(r.rejected),
    replayed: Number(r.replayed),
    registrations: Number(r.registrations),
    byApi: Number(r.by_api),
    byFile: Number(r.by_file),
  }));
}

/**
 * PMI who crossed the border outward with no work-accident protection on the day, by
 * destination country, for outreach. Members appear with their number; the others with
 * the passport Immigration reported.
 */
export async function departedWithoutProtection(ctx: AppContext, period: { from?: string; to?: string; country?: string } = {}) {
  let select = ctx.db
    .selectFrom('exchange_crossings as c')
    .leftJoin('memberships as m', 'm.id', 'c.membership_id')
    .innerJoin('partners as p', 'p.id', 'c.partner_id')
    .select([
      'c.country',
      'c.crossed_on',
      'c.border_post',
      'c.passport_country',
      'c.passport_number',
      'm.membership_number',
      'p.code as reported_by',
    ])
    .where('c.direction', '=', 'DEPARTURE')
    .where('c.protected', '=', false);
  if (period.from) select = select.where('c.crossed_on', '>=', period.from);
  if (period.to) select = select.where('c.crossed_on', '<=', period.to);
  if (period.country) select = select.where('c.country', '=', period.country);
  const rows = await select.orderBy('c.country').orderBy('c.crossed_on').limit(10_000).execute();
  const byCountry = new Map<string, Array<Record<string, unknown>>>();
  for (const r of rows) {
    const list = byCountry.get(r.country) ?? [];
    list.push({
      crossedOn: r.crossed_on,
      borderPost: r.border_post,
      membershipNumber: r.membership_number,
      passport: { number: r.passport_number, issuingCountry: r.passport_country },
      reportedBy: r.reported_by,
    });
    byCountry.set(r.country, list);
  }
  return {
    items: [...byCountry.entries()].map(([country, departures]) => ({ country, count: departures.length, departures })),
    nextCursor: null,
  };
}

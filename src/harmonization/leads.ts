import { sql } from 'kysely';
import type { AppContext } from '../context.ts';

/**
 * Partner-reported PMI without protection, as leads for outreach, by destination country
 * and partner: records no one in the register matches (not registered), and records
 * linked to a member whose membership is not active.
 */
export async function unprotectedLeads(
  ctx: Pick<AppContext, 'db'>,
  filter: { country?: string | undefined; partnerCode?: string | undefined },
) {
  const rows = await sql<{ country: string | null; partner_code: string | null; not_registered: number; not_active: number }>`
    select r.destination_country as country, pa.code as partner_code,
      count(*) filter (where l.decision in ('NEW', 'REJECTED'))::int as not_registered,
      count(*) filter (where l.decision in ('LINKED', 'CONFIRMED') and coalesce(m.status, 'REGISTERED') <> 'ACTIVE')::int as not_active
    from record_links l
    join partner_records r on r.id = l.partner_record_id
    left join partners pa on pa.id = r.partner_id
    left join person_merges pm on pm.person_id = l.person_id and pm.unmerged_at is null
    left join memberships m on m.person_id = coalesce(pm.into_person_id, l.person_id)
    where r.source_type <> 'LEGACY_POLICY'
      ${filter.country ? sql`and r.destination_country = ${filter.country}` : sql``}
      ${filter.partnerCode ? sql`and pa.code = ${filter.partnerCode}` : sql``}
    group by 1, 2
    having count(*) filter (where l.decision in ('NEW', 'REJECTED')) > 0
        or count(*) filter (where l.decision in ('LINKED', 'CONFIRMED') and coalesce(m.status, 'REGISTERED') <> 'ACTIVE') > 0
    order by 3 desc, 1, 2
  `.execute(ctx.db);
  return {
    items: rows.rows.map((r) => ({
      country: r.country,
      partnerCode: r.partner_code,
      notRegistered: r.not_registered,
      notActive: r.not_active,
    })),
  };
}

/** A run's findings: conflicts and data-quality problems, by kind, for the officers and the partners. */
export async function runFindings(
  ctx: Pick<AppContext, 'db'>,
  runId: string,
  options: { kind?: string | undefined; cursor?: number | undefined; limit?: number | undefined },
) {
  const limit = options.limit ?? 100;
  let query = ctx.db
    .selectFrom('linkage_findings as f')
    .leftJoin('partner_records as r', 'r.id', 'f.partner_record_id')
    .leftJoin('partners as pa', 'pa.id', 'r.partner_id')
    .select(['f.id', 'f.kind', 'f.partner_record_id', 'r.source_type', 'r.source_reference', 'pa.code as partner_code', 'f.detail'])
    .where('f.run_id', '=', runId)
    .where('f.id', '>', options.cursor ?? 0);
  if (options.kind) query = query.where('f.kind', '=', options.kind);
  const rows = await query
    .orderBy('f.id')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  return {
    items: page.map((r) => ({
      kind: r.kind,
      partnerRecordId: r.partner_record_id,
      sourceType: r.source_type,
      sourceReference: r.source_reference,
      partnerCode: r.partner_code,
      detail: r.detail,
    })),
    nextCursor: rows.length > limit ? String(page.at(-1)?.id) : null,
  };
}

export async function findRun(ctx: Pick<AppContext, 'db'>, runId: string) {
  return ctx.db.selectFrom('linkage_runs').selectAll().where('id', '=', runId).executeTakeFirst();
}

/** Open pairs of register members that may be one person, strongest first, for a supervisor to merge or dismiss. */
export async function listDuplicatePairs(ctx: Pick<AppContext, 'db'>, options: { limit?: number | undefined } = {}) {
  const rows = await ctx.db
    .selectFrom('duplicate_pairs as d')
    .innerJoin('memberships as a', 'a.person_id', 'd.person_id')
    .innerJoin('memberships as b', 'b.person_id', 'd.other_person_id')
    .select(['a.membership_number as first', 'b.membership_number as second', 'd.match_weight', 'd.explanation'])
    .where('d.status', '=', 'OPEN')
    .orderBy('d.match_weight', 'desc')
    .limit(options.limit ?? 100)
    .execute();
  return {
    items: rows.map((r) => ({ membershipNumbers: [r.first, r.second], matchWeight: r.match_weight, fields: r.explanation })),
    nextCursor: null,
  };
}

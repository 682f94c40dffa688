import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/database.ts';
import * as store from './store.ts';

/**
 * The status follows the money: a membership is ACTIVE once a contribution is paid and
 * LAPSED when its protection has run out. Called by the contributions module inside its
 * own transaction; CLOSED memberships never change.
 */
export async function markProtectionStatus(
  trx: Kysely<Database>,
  change: { membershipId: string; status: 'ACTIVE' | 'LAPSED'; reason: string; actor: string; at: Date },
): Promise<boolean> {
  const from = change.status === 'ACTIVE' ? (['REGISTERED', 'LAPSED'] as const) : (['ACTIVE'] as const);
  const updated = await trx
    .updateTable('memberships')
    .set({ status: change.status, status_changed_at: change.at })
    .where('id', '=', change.membershipId)
    .where('status', 'in', from)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) return false;
  await store.insertStatus(trx, {
    membershipId: change.membershipId,
    status: change.status,
    reason: change.reason,
    changedBy: change.actor,
    changedAt: change.at,
  });
  await store.insertEvent(trx, {
    membershipId: change.membershipId,
    type: change.status === 'ACTIVE' ? 'membership.activated' : 'membership.lapsed',
    data: { reason: change.reason },
    actor: change.actor,
    occurredAt: change.at,
  });
  return true;
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

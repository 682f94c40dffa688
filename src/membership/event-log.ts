// Member events written or read on behalf of other modules: identity merges, and whether
// an event came from a given partner message.
import { type Kysely, sql } from 'kysely';
import type { AppContext } from '../context.ts';
import type { Database } from '../db/database.ts';

/**
 * Writes one event into the history of every membership the given persons hold: what
 * happens to a person's identity (a merge by an officer, its undoing) belongs to each of
 * their memberships' histories, beside phases and payments. Runs in the caller's transaction.
 */
export async function recordPersonEvent(
  db: Kysely<Database>,
  event: { personIds: string[]; type: 'PERSON_MERGED' | 'PERSON_UNMERGED'; data: Record<string, unknown>; actor: string; at: Date },
): Promise<number> {
  const memberships = await db.selectFrom('memberships').select('id').where('person_id', 'in', event.personIds).execute();
  if (memberships.length === 0) return 0;
  await db
    .insertInto('member_events')
    .values(
      memberships.map((m) => ({
        membership_id: m.id,
        type: event.type,
        data: JSON.stringify(event.data),
        actor: event.actor,
        occurred_at: event.at,
      })),
    )
    .execute();
  return memberships.length;
}

/**
 * Whether a membership's history holds an event of `type` that came from `source` (kept in
 * the event's data by registerMember's and extendContract's options): how a partner's
 * retry of a message is told from a new one.
 */
export async function hasEventFrom(ctx: Pick<AppContext, 'db'>, membershipNumber: string, type: string, source: string): Promise<boolean> {
  const event = await ctx.db
    .selectFrom('member_events as e')
    .innerJoin('memberships as m', 'm.id', 'e.membership_id')
    .select('e.id')
    .where('m.membership_number', '=', membershipNumber)
    .where('e.type', '=', type)
    .where(sql<boolean>`e.data->>'source' = ${source}`)
    .executeTakeFirst();
  return event !== undefined;
}

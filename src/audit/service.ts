import type { AppContext } from '../context.ts';

/** Records who saw or changed a member's personal data (UU 27/2022). */
export async function recordAccess(
  ctx: Pick<AppContext, 'db' | 'clock'>,
  entry: { actor: string; action: string; membershipId: string | null; requestId?: string | undefined },
): Promise<void> {
  await ctx.db
    .insertInto('access_log')
    .values({
      actor: entry.actor,
      action: entry.action,
      membership_id: entry.membershipId,
      request_id: entry.requestId ?? null,
      at: ctx.clock.now(),
    })
    .execute();
}

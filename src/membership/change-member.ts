import type { Transaction } from 'kysely';
import type { Principal } from '../auth/rules.ts';
import { actorOf } from '../auth/rules.ts';
import type { AppContext } from '../context.ts';
import type { Database } from '../db/database.ts';
import { enqueue } from '../outbox/service.ts';
import { lockForChange } from './access.ts';
import * as store from './store.ts';

export interface ChangeScope {
  trx: Transaction<Database>;
  membership: Awaited<ReturnType<typeof lockForChange>>;
  now: Date;
  today: string;
  actor: string;
}

/**
 * Runs one change to one member: locks the membership, applies the change, and logs it
 * as an event (and a notification to the member) in the same transaction.
 */
export async function changeMember<T extends Record<string, unknown>>(
  ctx: AppContext,
  membershipNumber: string,
  principal: Principal | undefined,
  eventType: string,
  apply: (scope: ChangeScope) => Promise<T>,
): Promise<T> {
  return ctx.db.transaction().execute(async (trx) => {
    const membership = await lockForChange(trx, membershipNumber, principal);
    const scope: ChangeScope = { trx, membership, now: ctx.clock.now(), today: ctx.clock.today(), actor: actorOf(principal) };
    const data = await apply(scope);
    await store.insertEvent(trx, { membershipId: membership.id, type: eventType, data, actor: scope.actor, occurredAt: scope.now });
    await enqueue(trx, 'notification.member', { template: eventType, membershipNumber, ...notificationData(data) });
    return data;
  });
}

// Notifications carry what changed, never contact or bank details.
function notificationData(data: Record<string, unknown>): Record<string, unknown> {
  const { phone: _p, email: _e, address: _a, bankAccount: _b, ...rest } = data;
  return rest;
}

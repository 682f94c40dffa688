import type { Principal } from '../auth/rules.ts';
import type { AppContext } from '../context.ts';
import { changeMember } from './change-member.ts';
import type { CloseInput } from './schemas.ts';
import * as store from './store.ts';

/** Ends a membership for good. The number stays the member's; the record stays readable. */
export async function closeMembership(ctx: AppContext, membershipNumber: string, input: CloseInput, principal: Principal | undefined) {
  return changeMember(ctx, membershipNumber, principal, 'membership.closed', async ({ trx, membership, now, today, actor }) => {
    const effectiveDate = input.effectiveDate ?? today;
    const open = await store.findOpenPlacement(trx, membership.id);
    if (open) await store.endPlacement(trx, open.id, effectiveDate, 'CLOSED');
    await store.setStatus(trx, membership.id, 'CLOSED', now);
    await store.insertStatus(trx, {
      membershipId: membership.id,
      status: 'CLOSED',
      reason: input.reason,
      changedBy: actor,
      changedAt: now,
    });
    return { reason: input.reason, effectiveDate, note: input.note ?? null };
  });
}

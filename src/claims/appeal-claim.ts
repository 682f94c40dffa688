import type { Principal } from '../auth/service.ts';
import type { AppContext } from '../context.ts';
import { DomainError, invalidInput, issue } from '../kernel/errors.ts';
import { appealServiceLevelDays, appealsAllowed } from './rules.ts';
import { type ClaimView, claimViewOf, transition, visibleClaim, whoOf } from './workflow.ts';

/**
 * The claimant (or an officer or partner desk for them) appeals a rejection, once, with
 * grounds. The appeal gets its own service-level clock and goes to a supervisor.
 */
export async function appealClaim(
  ctx: AppContext,
  claimNumber: string,
  grounds: string,
  principal: Principal | undefined,
): Promise<ClaimView> {
  if (!grounds.trim()) {
    throw invalidInput([
      issue('/grounds', 'GROUNDS_REQUIRED', 'Say why the rejection is wrong.', 'Jelaskan mengapa penolakan itu keliru.'),
    ]);
  }
  const now = ctx.clock.now();
  const claim = await ctx.db.transaction().execute(async (trx) => {
    const found = await visibleClaim(ctx, trx, claimNumber, principal, { lock: true });
    if (found.status === 'REJECTED' && found.appeals >= appealsAllowed) {
      throw new DomainError('conflict', 'ALREADY_APPEALED', {
        en: `Claim ${claimNumber} was appealed before; the decision on the appeal is final.`,
        id: `Klaim ${claimNumber} sudah pernah dibanding; keputusan banding bersifat final.`,
      });
    }
    return transition(
      trx,
      found,
      'APPEAL',
      whoOf(principal),
      now,
      { appeals: found.appeals + 1, sla_due_at: new Date(now.getTime() + appealServiceLevelDays * 86_400_000) },
      grounds.trim().slice(0, 2000),
    );
  });
  return claimViewOf(ctx.db, claim, now);
}

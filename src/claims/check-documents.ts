import type { Principal } from '../auth/service.ts';
import type { AppContext } from '../context.ts';
import { DomainError } from '../kernel/errors.ts';
import { checklistOf } from './rules.ts';
import * as store from './store.ts';
import { type ClaimView, claimViewOf, transition, visibleClaim, whoOf } from './workflow.ts';

/** An officer confirms the claim's documents: every item of its checklist must be there. */
export async function checkDocuments(ctx: AppContext, claimNumber: string, principal: Principal | undefined): Promise<ClaimView> {
  const now = ctx.clock.now();
  const claim = await ctx.db.transaction().execute(async (trx) => {
    const found = await visibleClaim(ctx, trx, claimNumber, principal, { lock: true });
    const provided = new Set((await store.listDocuments(trx, found.id)).map((d) => d.item as string));
    const missing = checklistOf(found.claim_type, found.facts.jhtReason).filter((item) => !provided.has(item));
    if (missing.length > 0 && found.status === 'SUBMITTED') {
      throw new DomainError(
        'conflict',
        'DOCUMENTS_MISSING',
        {
          en: `Documents still missing: ${missing.join(', ')}.`,
          id: `Dokumen yang masih kurang: ${missing.join(', ')}.`,
        },
        { extensions: { missing } },
      );
    }
    return transition(trx, found, 'CHECK_DOCUMENTS', whoOf(principal), now);
  });
  return claimViewOf(ctx.db, claim, now);
}

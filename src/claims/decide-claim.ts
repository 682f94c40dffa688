import type { Principal } from '../auth/service.ts';
import { actorOf } from '../auth/service.ts';
import type { AppContext } from '../context.ts';
import { DomainError, invalidInput, issue, type Localized } from '../kernel/errors.ts';
import { needsSupervisor } from './rules.ts';
import { type ClaimView, claimViewOf, transition, visibleClaim, whoOf } from './workflow.ts';

/**
 * Approves an assessed claim. A supervisor approves a large amount, a death benefit, an
 * appealed claim, or an amount resting on an unconfirmed figure (`needsSupervisor`); and
 * whoever assessed a claim does not approve it too (four eyes).
 */
export async function approveClaim(ctx: AppContext, claimNumber: string, principal: Principal | undefined): Promise<ClaimView> {
  const now = ctx.clock.now();
  const claim = await ctx.db.transaction().execute(async (trx) => {
    const found = await visibleClaim(ctx, trx, claimNumber, principal, { lock: true });
    if (found.status === 'ASSESSED') {
      const calculation = found.calculation;
      if (!calculation?.eligible || (found.amount ?? 0) <= 0) {
        throw new DomainError(
          'conflict',
          'NOTHING_TO_APPROVE',
          {
            en: `The assessment found nothing payable: ${calculation?.refusals.map((r) => r.message.en).join(' ') ?? ''} Reject the claim with its reason.`,
            id: `Penilaian tidak menemukan jumlah yang dapat dibayar: ${calculation?.refusals.map((r) => r.message.id).join(' ') ?? ''} Tolak klaim dengan alasannya.`,
          },
          { extensions: { refusals: calculation?.refusals ?? [] } },
        );
      }
      const supervisorNeeded = needsSupervisor({
        amount: found.amount ?? 0,
        deathBenefit: found.death_benefit,
        appeals: found.appeals,
        unconfirmed: found.unconfirmed ?? false,
      });
      if (supervisorNeeded && principal?.kind === 'staff' && principal.role !== 'SUPERVISOR') {
        throw new DomainError('forbidden', 'SUPERVISOR_REQUIRED', {
          en: 'A supervisor approves this claim: a large amount, a death benefit, an appeal, or an unconfirmed figure.',
          id: 'Klaim ini disetujui oleh supervisor: jumlah besar, manfaat kematian, banding, atau angka yang belum terkonfirmasi.',
        });
      }
      if (principal && found.assessed_by === actorOf(principal)) {
        throw new DomainError('forbidden', 'FOUR_EYES', {
          en: 'Whoever assessed a claim does not approve it too.',
          id: 'Yang menilai klaim tidak boleh juga menyetujuinya.',
        });
      }
    }
    return transition(trx, found, 'APPROVE', whoOf(principal), now, { decided_by: actorOf(principal) });
  });
  return claimViewOf(ctx.db, claim, now);
}

/** Rejects a claim with a reason in both languages. An appealed claim is rejected by a supervisor, for good. */
export async function rejectClaim(
  ctx: AppContext,
  claimNumber: string,
  reason: Localized,
  principal: Principal | undefined,
): Promise<ClaimView> {
  const issues = [];
  if (!reason.en?.trim())
    issues.push(issue('/reason/en', 'REASON_REQUIRED', 'Give the reason in English.', 'Isi alasan dalam bahasa Inggris.'));
  if (!reason.id?.trim())
    issues.push(issue('/reason/id', 'REASON_REQUIRED', 'Give the reason in Indonesian.', 'Isi alasan dalam bahasa Indonesia.'));
  if (issues.length > 0) throw invalidInput(issues);
  const now = ctx.clock.now();
  const claim = await ctx.db.transaction().execute(async (trx) => {
    const found = await visibleClaim(ctx, trx, claimNumber, principal, { lock: true });
    if (found.status === 'APPEALED' && principal?.kind === 'staff' && principal.role !== 'SUPERVISOR') {
      throw new DomainError('forbidden', 'SUPERVISOR_REQUIRED', {
        en: 'An appeal is decided by a supervisor.',
        id: 'Banding diputuskan oleh supervisor.',
      });
    }
    return transition(
      trx,
      found,
      'REJECT',
      whoOf(principal),
      now,
      { decided_by: actorOf(principal), rejection_reason: JSON.stringify({ en: reason.en.trim(), id: reason.id.trim() }) },
      reason.en.trim(),
    );
  });
  return claimViewOf(ctx.db, claim, now);
}

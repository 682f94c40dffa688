import { createHash } from 'node:crypto';
import type { Principal } from '../auth/service.ts';
import {
  approveClaim,
  assessClaim,
  type ClaimType,
  checkDocuments,
  checklistOf,
  rejectClaim,
  submitClaim,
  uploadDocument,
} from '../claims/service.ts';
import type { AppContext } from '../context.ts';
import { DomainError } from '../kernel/errors.ts';

/** How many members get a demo claim: enough to fill every status of the queue. */
const claimants = 24;

/**
 * Demo claims: accidents of covered members on a day inside their protection, filed
 * through the real use cases and moved along the workflow by the demo officer and
 * supervisor, so the officers' queue, the calculation and the statuses have something to
 * show. A claim the rules refuse is simply left out.
 */
export async function seedDemoClaims(ctx: AppContext): Promise<{ claims: number }> {
  const officer = await staff(ctx, 'demo.officer');
  const supervisor = await staff(ctx, 'demo.supervisor');
  if (!officer || !supervisor) return { claims: 0 };
  const today = ctx.clock.today();
  const covered = await ctx.db
    .selectFrom('coverage_periods as c')
    .innerJoin('memberships as m', 'm.id', 'c.membership_id')
    .select(['m.membership_number', 'm.segment', 'c.covered_from', 'c.covered_to'])
    .where('c.program', '=', 'JKK')
    .where('c.covered_from', '<=', today)
    .where('m.status', '<>', 'CLOSED')
    .orderBy('m.membership_number')
    .limit(claimants)
    .execute();
  let filed = 0;
  for (const [index, member] of covered.entries()) {
    const eventDate = member.covered_from > daysBefore(today, 20) ? member.covered_from : daysBefore(today, 10 + (index % 7));
    if (eventDate > member.covered_to) continue;
    const claimType: ClaimType = index % 3 === 2 && member.segment !== 'PMI' ? 'JKK_TEMPORARY_INCAPACITY' : 'JKK_MEDICAL';
    try {
      const claim = await submitClaim(
        ctx,
        {
          membershipNumber: member.membership_number,
          claimType,
          facts:
            claimType === 'JKK_MEDICAL'
              ? { eventDate, invoices: [{ reference: `RS-${index + 1}`, date: eventDate, amount: 750_000 + 125_000 * (index % 9) }] }
              : { eventDate, daysOfIncapacity: 5 + (index % 20) },
          payTo: { bankCode: 'BNINIDJA', accountNumber: `98765${String(index).padStart(5, '0')}`, accountHolder: 'Demo member' },
        },
        officer,
      );
      filed++;
      // A quarter stays SUBMITTED; the rest go further along, a few all the way to approval.
      if (index % 4 === 0) continue;
      for (const item of checklistOf(claimType)) {
        await uploadDocument(
          ctx,
          {
            claimNumber: claim.claimNumber,
            item,
            fileName: `${item.toLowerCase()}.pdf`,
            declaredType: 'application/pdf',
            content: demoPdf(claim.claimNumber, item),
          },
          officer,
        );
      }
      await checkDocuments(ctx, claim.claimNumber, officer);
      if (index % 4 === 1) continue;
      const assessed = await assessClaim(ctx, claim.claimNumber, officer);
      if (index % 4 === 2) continue;
      if (index % 8 === 7) {
        await rejectClaim(ctx, claim.claimNumber, { en: 'The receipt is not legible.', id: 'Kuitansi tidak terbaca.' }, supervisor);
      } else if ((assessed.amount ?? 0) > 0) {
        await approveClaim(ctx, claim.claimNumber, supervisor);
      }
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
    }
  }
  return { claims: filed };
}

async function staff(ctx: AppContext, username: string): Promise<Principal | undefined> {
  const user = await ctx.db
    .selectFrom('users')
    .select(['id', 'username', 'role', 'partner_id'])
    .where('username', '=', username)
    .executeTakeFirst();
  return user ? { kind: 'staff', userId: user.id, username: user.username, role: user.role, partnerId: user.partner_id } : undefined;
}

function daysBefore(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
}

/** A tiny synthetic PDF, different per claim and item. */
function demoPdf(claimNumber: string, item: string): Buffer {
  const tag = createHash('sha256').update(`${claimNumber}:${item}`).digest('hex').slice(0, 16);
  return Buffer.from(`%PDF-1.4\n% Lindung demo document ${tag}\n%%EOF\n`);
}

import { sql } from 'kysely';
import type { Principal } from '../auth/service.ts';
import type { AppContext } from '../context.ts';
import { DomainError } from '../kernel/errors.ts';
import { type Calculation, calculate } from './calculation.ts';
import { memberFactsFor } from './member-facts.ts';
import { nextStatus } from './rules.ts';
import * as store from './store.ts';
import { type ClaimView, claimViewOf, illegalTransition, notificationOf, visibleClaim, whoOf } from './workflow.ts';

export interface AssessmentOutcome {
  assessed: number;
  /** Claims that were not in a status to be assessed (or changed meanwhile): left as they were. */
  skipped: number;
}

/**
 * Assesses claims set-wise: their member facts in one query, each amount computed from
 * the claim's stored facts under the regulation stored at submission, then one update,
 * one insert of transitions and one of notifications per chunk, each chunk one
 * transaction. A claim is moved only from DOCUMENTS_CHECKED (or APPEALED, by a supervisor)
 * and only if it is still there when written. The calculation stored is the whole input
 * and output: it reads the same, and computes the same, on any later day.
 */
export async function assessClaims(
  ctx: AppContext,
  claimIds: readonly string[],
  principal: Principal | undefined,
  options: { chunkSize?: number } = {},
): Promise<AssessmentOutcome> {
  const chunkSize = options.chunkSize ?? 2000;
  const who = whoOf(principal);
  const mayAssessAppeals = who.role === 'SUPERVISOR' || who.role === 'SYSTEM';
  let assessed = 0;
  let skipped = 0;
  for (let start = 0; start < claimIds.length; start += chunkSize) {
    const ids = claimIds.slice(start, start + chunkSize);
    const now = ctx.clock.now();
    const today = ctx.clock.today();
    const done = await ctx.db.transaction().execute(async (trx) => {
      const claims = await trx
        .selectFrom('claims as c')
        .innerJoin('memberships as m', 'm.id', 'c.membership_id')
        .select([
          'c.id',
          'c.claim_number',
          'c.membership_id',
          'c.claim_type',
          'c.status',
          'c.claim_date',
          'c.facts',
          'c.regulation_id',
          'c.claimant',
          'm.membership_number',
        ])
        .where('c.id', 'in', ids)
        .where('c.status', 'in', mayAssessAppeals ? ['DOCUMENTS_CHECKED', 'APPEALED'] : ['DOCUMENTS_CHECKED'])
        .execute();
      const facts = await memberFactsFor(
        ctx,
        trx,
        claims.map((c) => ({
          claimId: c.id,
          membershipId: c.membership_id,
          membershipNumber: c.membership_number,
          claimType: c.claim_type,
          eventDate: c.facts.eventDate,
          claimDate: c.claim_date,
        })),
        today,
      );
      const rows: Array<{
        id: string;
        from_status: string;
        member_facts: unknown;
        calculation: Omit<Calculation, 'inputs'>;
        amount: number;
        unconfirmed: boolean;
      }> = [];
      for (const claim of claims) {
        const member = facts.get(claim.id);
        if (!member) continue;
        const calculation = calculate(
          { claimType: claim.claim_type, claimDate: claim.claim_date, facts: claim.facts, member },
          claim.regulation_id,
        );
        rows.push({
          id: claim.id,
          from_status: claim.status,
          member_facts: member,
          // The inputs are the claim's own columns (type, claim date, facts, member facts): not stored twice.
          calculation: withoutInputs(calculation),
          amount: calculation.total,
          unconfirmed: calculation.unconfirmed,
        });
      }
      if (rows.length === 0) return 0;
      const { rows: updated } = await sql<{ id: string; amount: number }>`
        update claims c set status = 'ASSESSED', member_facts = v.member_facts, calculation = v.calculation, amount = v.amount,
          unconfirmed = v.unconfirmed, assessed_by = ${who.actor}, status_changed_at = ${now}
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
          as v(id uuid, from_status text, member_facts jsonb, calculation jsonb, amount bigint, unconfirmed boolean)
        where c.id = v.id and c.status = v.from_status
        returning c.id, c.amount
      `.execute(trx);
      const byId = new Map(claims.map((c) => [c.id, c]));
      await store.insertTransitions(
        trx,
        updated.map((u) => ({
          claimId: u.id,
          from: byId.get(u.id)?.status ?? null,
          to: 'ASSESSED' as const,
          action: 'ASSESS' as const,
          actor: who.actor,
          role: who.role,
          note: null,
          at: now,
        })),
      );
      await store.insertNotifications(
        trx,
        updated.flatMap((u) => {
          const claim = byId.get(u.id);
          return claim ? [notificationOf(claim, 'ASSESSED', u.amount)] : [];
        }),
      );
      return updated.length;
    });
    assessed += done;
    skipped += ids.length - done;
  }
  return { assessed, skipped };
}

/** Assesses one claim: the calculation line by line, stored with its inputs. */
export async function assessClaim(ctx: AppContext, claimNumber: string, principal: Principal | undefined): Promise<ClaimView> {
  const claim = await visibleClaim(ctx, ctx.db, claimNumber, principal);
  if (!nextStatus(claim.status, 'ASSESS')) throw illegalTransition(claim, 'ASSESS');
  if (claim.status === 'APPEALED' && principal?.kind === 'staff' && principal.role !== 'SUPERVISOR') {
    throw new DomainError('forbidden', 'SUPERVISOR_REQUIRED', {
      en: 'An appealed claim is assessed again by a supervisor.',
      id: 'Klaim yang dibanding dinilai ulang oleh supervisor.',
    });
  }
  const outcome = await assessClaims(ctx, [claim.id], principal);
  if (outcome.assessed === 0) {
    const now = await visibleClaim(ctx, ctx.db, claimNumber, principal);
    throw illegalTransition(now, 'ASSESS');
  }
  const assessed = await visibleClaim(ctx, ctx.db, claimNumber, principal);
  return claimViewOf(ctx.db, assessed, ctx.clock.now());
}

function withoutInputs(calculation: Calculation): Omit<Calculation, 'inputs'> {
  const { inputs: _inputs, ...rest } = calculation;
  return rest;
}

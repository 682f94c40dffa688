import type { Principal } from '../auth/service.ts';
import type { AppContext } from '../context.ts';
import { invalidInput, issue } from '../kernel/errors.ts';
import { findMembershipRef } from '../membership/service.ts';
import { calculate } from './calculation.ts';
import type { ClaimStatus } from './rules.ts';
import * as store from './store.ts';
import { type ClaimView, claimViewOf, storedCalculation, visibleClaim } from './workflow.ts';

export async function readClaim(ctx: AppContext, claimNumber: string, principal: Principal | undefined): Promise<ClaimView> {
  return claimViewOf(ctx.db, await visibleClaim(ctx, ctx.db, claimNumber, principal), ctx.clock.now());
}

/** Every transition of a claim, oldest first: who did what, in which role, when. */
export async function claimHistory(ctx: AppContext, claimNumber: string, principal: Principal | undefined) {
  const claim = await visibleClaim(ctx, ctx.db, claimNumber, principal);
  const rows = await store.listTransitions(ctx.db, claim.id);
  return {
    claimNumber,
    items: rows.map((r) => ({
      from: r.from_status,
      to: r.to_status,
      action: r.action,
      actor: r.actor,
      role: r.role,
      note: r.note,
      occurredAt: r.occurred_at.toISOString(),
    })),
    nextCursor: null,
  };
}

/**
 * The stored calculation, and the same calculation done again now from the stored inputs
 * under the stored regulation: `reproduced` says whether both give the same lines and total.
 */
export async function reproduceCalculation(ctx: AppContext, claimNumber: string, principal: Principal | undefined) {
  const claim = await visibleClaim(ctx, ctx.db, claimNumber, principal);
  const stored = storedCalculation(claim);
  if (!stored) return { claimNumber, stored: null, recomputed: null, reproduced: false };
  const recomputed = calculate(stored.inputs, claim.regulation_id);
  // jsonb keeps keys in its own order: compare with keys sorted.
  const same = canonical({ l: recomputed.lines, t: recomputed.total }) === canonical({ l: stored.lines, t: stored.total });
  return { claimNumber, stored, recomputed, reproduced: same };
}

export async function listMemberClaims(ctx: AppContext, membershipNumber: string, principal: Principal | undefined) {
  const membership = await findMembershipRef(ctx, membershipNumber, principal);
  const rows = await store.listClaimsOfMember(ctx.db, membership.id);
  return {
    items: rows.map((r) => ({
      claimNumber: r.claim_number,
      claimType: r.claim_type,
      status: r.status,
      eventDate: r.event_date,
      amount: r.amount,
      submittedAt: r.submitted_at.toISOString(),
      slaDueAt: r.sla_due_at.toISOString(),
    })),
    nextCursor: null,
  };
}

function decodeCursor(cursor: string): { dueAt: Date; id: string } {
  const text = Buffer.from(cursor, 'base64url').toString();
  const [due, id] = text.split('|');
  const dueAt = new Date(due ?? '');
  if (!id || !/^[0-9a-f-]{36}$/.test(id) || Number.isNaN(dueAt.getTime())) {
    throw invalidInput([
      issue('/cursor', 'INVALID_CURSOR', 'The cursor is not one this API gave out.', 'Kursor ini bukan yang diberikan oleh API ini.'),
    ]);
  }
  return { dueAt, id };
}

/** The officer's queue: open claims, the most urgent service-level due time first, cursor-paged. */
export async function listClaimQueue(
  ctx: AppContext,
  query: { status?: ClaimStatus | undefined; claimType?: string | undefined; cursor?: string | undefined; limit?: number | undefined },
) {
  const limit = query.limit ?? 50;
  const rows = await store.listQueue(ctx.db, {
    status: query.status,
    claimType: query.claimType,
    after: query.cursor ? decodeCursor(query.cursor) : undefined,
    limit,
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const now = ctx.clock.now().getTime();
  return {
    items: page.map((r) => ({
      claimNumber: r.claim_number,
      membershipNumber: r.membership_number,
      claimType: r.claim_type,
      status: r.status,
      eventDate: r.event_date,
      amount: r.amount,
      appealed: r.appeals > 0,
      deathBenefit: r.death_benefit,
      submittedAt: r.submitted_at.toISOString(),
      slaDueAt: r.sla_due_at.toISOString(),
      overdue: r.sla_due_at.getTime() < now,
    })),
    nextCursor: rows.length > limit && last ? Buffer.from(`${last.sla_due_at.toISOString()}|${last.id}`).toString('base64url') : null,
  };
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

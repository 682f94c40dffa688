// What the use cases of the workflow share: finding a claim the principal may see, the
// one way a status changes (checked against the transition table, logged, notified, in
// the caller's transaction), and the claim as the API shows it.
import type { Kysely } from 'kysely';
import { actorOf, type Principal, roleOf } from '../auth/service.ts';
import type { AppContext } from '../context.ts';
import type { Database } from '../db/database.ts';
import { DomainError } from '../kernel/errors.ts';
import { findMembershipRef } from '../membership/service.ts';
import type { Calculation } from './calculation.ts';
import { type ClaimAction, type ClaimStatus, checklistOf, nextStatus, statusMessages } from './rules.ts';
import type { ClaimRow } from './store.ts';
import * as store from './store.ts';

export const claimNotFound = (claimNumber: string) =>
  new DomainError('not_found', 'CLAIM_NOT_FOUND', {
    en: `No claim ${claimNumber} is visible to you.`,
    id: `Tidak ada klaim ${claimNumber} yang dapat Anda lihat.`,
  });

/**
 * A claim, when the principal may see it: staff of the institution see all; a partner
 * user the claims of members its partner registered; a member only their own (through the
 * membership's visibility rule). Anything else is "not found", never "forbidden".
 */
export async function visibleClaim(
  _ctx: Pick<AppContext, 'db'>,
  db: Kysely<Database>,
  claimNumber: string,
  principal: Principal | undefined,
  options: { lock?: boolean } = {},
): Promise<ClaimRow> {
  if (!/^K\d{10}$/.test(claimNumber)) throw claimNotFound(claimNumber);
  const claim = await store.findClaim(db, claimNumber, options);
  if (!claim) throw claimNotFound(claimNumber);
  if (principal) {
    try {
      await findMembershipRef({ db }, claim.membership_number, principal);
    } catch (error) {
      if (error instanceof DomainError && error.kind === 'not_found') throw claimNotFound(claimNumber);
      throw error;
    }
  }
  return claim;
}

export function illegalTransition(claim: { claim_number: string; status: ClaimStatus }, action: ClaimAction): DomainError {
  return new DomainError(
    'conflict',
    'ILLEGAL_TRANSITION',
    {
      en: `Claim ${claim.claim_number} is ${claim.status}: ${action} is not allowed from there.`,
      id: `Klaim ${claim.claim_number} berstatus ${claim.status}: ${action} tidak diizinkan dari status itu.`,
    },
    { extensions: { claimNumber: claim.claim_number, status: claim.status, action } },
  );
}

export function notificationOf(
  claim: Pick<ClaimRow, 'claim_number' | 'membership_number' | 'claimant'>,
  status: ClaimStatus,
  amount: number | null,
) {
  return {
    template: 'CLAIM_STATUS_CHANGED',
    membershipNumber: claim.membership_number,
    claimNumber: claim.claim_number,
    status,
    amount,
    message: statusMessages[status],
    recipient: claim.claimant.kind,
    ...(claim.claimant.kind === 'HEIR' && claim.claimant.phone ? { phone: claim.claimant.phone } : {}),
  };
}

export interface TransitionChanges {
  assessed_by?: string;
  decided_by?: string;
  rejection_reason?: string;
  appeals?: number;
  sla_due_at?: Date;
  member_facts?: string;
  calculation?: string;
  amount?: number;
  unconfirmed?: boolean;
}

/**
 * Moves a claim by an action, inside the caller's transaction: refused unless the table
 * allows it from the claim's status; the update is conditional on that status, so two
 * officers acting at once cannot both move it. Logs the transition and notifies the
 * claimant in the same transaction.
 */
export async function transition(
  trx: Kysely<Database>,
  claim: ClaimRow,
  action: ClaimAction,
  who: { actor: string; role: string },
  at: Date,
  changes: TransitionChanges = {},
  note: string | null = null,
): Promise<ClaimRow> {
  const to = nextStatus(claim.status, action);
  if (!to) throw illegalTransition(claim, action);
  const updated = await trx
    .updateTable('claims')
    .set({ status: to, status_changed_at: at, ...changes })
    .where('id', '=', claim.id)
    .where('status', '=', claim.status)
    .returningAll()
    .executeTakeFirst();
  if (!updated) throw illegalTransition(claim, action);
  await store.insertTransitions(trx, [{ claimId: claim.id, from: claim.status, to, action, actor: who.actor, role: who.role, note, at }]);
  await store.insertNotifications(trx, [notificationOf(claim, to, updated.amount)]);
  return { ...updated, membership_number: claim.membership_number };
}

export function whoOf(principal: Principal | undefined): { actor: string; role: string } {
  return { actor: actorOf(principal), role: principal ? roleOf(principal) : 'SYSTEM' };
}

export function requireStaffRole(principal: Principal | undefined, roles: readonly string[], what: string): void {
  const role = principal ? roleOf(principal) : 'SYSTEM';
  if (principal && !roles.includes(role)) {
    throw new DomainError('forbidden', 'ROLE_NOT_ALLOWED', {
      en: `The role ${role} may not ${what}.`,
      id: `Peran ${role} tidak diizinkan ${what}.`,
    });
  }
}

export interface ClaimView {
  claimNumber: string;
  membershipNumber: string;
  claimType: string;
  status: ClaimStatus;
  eventDate: string;
  claimDate: string;
  claimant: { kind: 'MEMBER' | 'HEIR'; fullName: string | null; relationship: string | null };
  deathBenefit: boolean;
  regulationId: string;
  facts: unknown;
  calculation: unknown;
  amount: number | null;
  unconfirmed: boolean | null;
  rejectionReason: { en: string; id: string } | null;
  appeals: number;
  submittedAt: string;
  slaDueAt: string;
  overdue: boolean;
  statusChangedAt: string;
  checklist: Array<{ item: string; provided: boolean }>;
}

export async function claimViewOf(db: Kysely<Database>, claim: ClaimRow, now: Date): Promise<ClaimView> {
  const documents = await store.listDocuments(db, claim.id);
  const provided = new Set(documents.map((d) => d.item as string));
  const checklist = checklistOf(claim.claim_type, claim.facts.jhtReason).map((item) => ({ item, provided: provided.has(item) }));
  const open = claim.status !== 'PAID' && claim.status !== 'REJECTED';
  return {
    claimNumber: claim.claim_number,
    membershipNumber: claim.membership_number,
    claimType: claim.claim_type,
    status: claim.status,
    eventDate: claim.event_date,
    claimDate: claim.claim_date,
    // The heir's NIK and phone stay in the database: not shown back.
    claimant: { kind: claim.claimant.kind, fullName: claim.claimant.fullName, relationship: claim.claimant.relationship },
    deathBenefit: claim.death_benefit,
    regulationId: claim.regulation_id,
    facts: claim.facts,
    calculation: storedCalculation(claim),
    amount: claim.amount,
    unconfirmed: claim.unconfirmed,
    rejectionReason: claim.rejection_reason,
    appeals: claim.appeals,
    submittedAt: claim.submitted_at.toISOString(),
    slaDueAt: claim.sla_due_at.toISOString(),
    overdue: open && claim.sla_due_at.getTime() < now.getTime(),
    statusChangedAt: claim.status_changed_at.toISOString(),
    checklist,
  };
}

/** The calculation stored at assessment, with its inputs put back from the claim's own columns. */
export function storedCalculation(claim: ClaimRow): Calculation | null {
  if (!claim.calculation || !claim.member_facts) return null;
  return {
    ...claim.calculation,
    inputs: { claimType: claim.claim_type, claimDate: claim.claim_date, facts: claim.facts, member: claim.member_facts },
  };
}

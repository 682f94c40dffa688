import type { Principal } from '../auth/rules.ts';
import type { AppContext } from '../context.ts';
import { invalidInput, issue } from '../kernel/errors.ts';
import { canSee, memberNotFound, requireValidMembershipNumber } from './access.ts';
import type { MembershipStatus, Segment } from './rules.ts';
import * as store from './store.ts';

// The membership module's public face: other modules call only what is exported here.
export { addPassport } from './add-passport.ts';
export { type BillingFacts, billingFactsOf } from './billing-facts.ts';
export { changePhase } from './change-phase.ts';
export { closeMembership } from './close-membership.ts';
export { hasEventFrom, recordPersonEvent } from './event-log.ts';
export { extendContract } from './extend-contract.ts';
export { findMember } from './find-member.ts';
export { moveDestination } from './move-destination.ts';
export { changeProtectionStatuses, changeProtectionStatusesListedIn, markProtectionStatus } from './protection-status.ts';
export { type RegistrationResult, registerMember } from './register-member.ts';
export type { MemberView, RegistrationInput } from './schemas.ts';
export { searchMembers } from './search-members.ts';
export { updateContact } from './update-contact.ts';

export type SignInIdentifier = { nik: string } | { passport: { number: string; issuingCountry: string } };

/** The open membership a worker signs in to, found by NIK or passport. */
export async function findMembershipForSignIn(
  ctx: AppContext,
  identifier: SignInIdentifier,
): Promise<{ id: string; membershipNumber: string; phone: string | null } | undefined> {
  const row = await store.findMembershipForSignIn(ctx.db, identifier);
  return row ? { id: row.id, membershipNumber: row.membership_number, phone: row.phone } : undefined;
}

/**
 * The open memberships of many NIKs or passports at once (one statement), by the rule of
 * `findMembershipForSignIn`: one answer per identity, in their order.
 */
export function findMembershipsByIdentity(
  db: AppContext['db'],
  identities: { nik?: string | undefined; passport?: { number: string; issuingCountry: string } | undefined }[],
) {
  return store.findMembershipsByIdentity(db, identities);
}

/** Every change to a member, oldest first, paged. */
export async function listMemberHistory(
  ctx: AppContext,
  membershipNumber: string,
  options: { cursor?: string | undefined; limit?: number | undefined },
  principal: Principal | undefined,
) {
  requireValidMembershipNumber(membershipNumber);
  const membership = await store.findMembershipRow(ctx.db, membershipNumber);
  if (!membership || !canSee(principal, membership)) throw memberNotFound(membershipNumber);
  const decoded = options.cursor === undefined ? null : Buffer.from(options.cursor, 'base64url').toString();
  const afterId = decoded === null ? null : Number(decoded);
  if (decoded !== null && (!/^\d{1,15}$/.test(decoded) || !Number.isSafeInteger(afterId))) {
    throw invalidInput([
      issue('/cursor', 'INVALID_CURSOR', 'The cursor is not one this API gave out.', 'Kursor ini bukan yang diberikan oleh API ini.'),
    ]);
  }
  const limit = options.limit ?? 50;
  const rows = await store.listEvents(ctx.db, membership.id, { afterId, limit });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => ({ type: r.type, data: r.data, actor: r.actor, occurredAt: r.occurred_at.toISOString() })),
    nextCursor: rows.length > limit && last ? Buffer.from(String(last.id)).toString('base64url') : null,
  };
}

/** What another module needs to know of a membership it was given by number. */
export interface MembershipRef {
  id: string;
  membershipNumber: string;
  segment: Segment;
  status: MembershipStatus;
  registeredAt: Date;
}

/**
 * A membership by number, for other modules (JHT, claims): the same check-digit and
 * visibility rules as reading the member's record (a mistyped number is 422, an unknown
 * or invisible one 404).
 */
export async function findMembershipRef(
  ctx: Pick<AppContext, 'db'>,
  membershipNumber: string,
  principal: Principal | undefined,
): Promise<MembershipRef> {
  requireValidMembershipNumber(membershipNumber);
  const row = await store.findMembershipRow(ctx.db, membershipNumber);
  if (!row || !canSee(principal, row)) throw memberNotFound(membershipNumber);
  return { id: row.id, membershipNumber: row.membership_number, segment: row.segment, status: row.status, registeredAt: row.registered_at };
}

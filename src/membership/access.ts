import type { Kysely } from 'kysely';
import type { Principal } from '../auth/rules.ts';
import type { Database } from '../db/database.ts';
import { DomainError, invalidInput, issue } from '../kernel/errors.ts';
import { isValidMembershipNumber } from './membership-number.ts';
import type { Visibility } from './store.ts';
import * as store from './store.ts';

export const memberNotFound = (membershipNumber: string) =>
  new DomainError('not_found', 'MEMBER_NOT_FOUND', {
    en: `No member with membership number ${membershipNumber} is visible to you.`,
    id: `Tidak ada peserta dengan nomor kepesertaan ${membershipNumber} yang dapat Anda lihat.`,
  });

/** A mistyped number is told apart from an unknown one: its check digit does not match. */
export function requireValidMembershipNumber(membershipNumber: string, pointer = '/membershipNumber'): void {
  if (!isValidMembershipNumber(membershipNumber)) {
    throw invalidInput([
      issue(
        pointer,
        'INVALID_MEMBERSHIP_NUMBER',
        `${membershipNumber} is not a membership number: 11 digits whose last is the check digit. Check for a mistyped digit.`,
        `${membershipNumber} bukan nomor kepesertaan: 11 digit dengan digit terakhir sebagai digit periksa. Periksa kemungkinan salah ketik.`,
      ),
    ]);
  }
}

/**
 * Whether a principal may see a membership: staff of the institution see all; a partner
 * user only those their partner registered; a member only their own.
 */
export function canSee(principal: Principal | undefined, membership: { id: string; channel_partner_id: string | null }): boolean {
  if (!principal) return true; // the system itself
  if (principal.kind === 'member') return principal.membershipId === membership.id;
  if (principal.role === 'PARTNER_USER') return principal.partnerId !== null && principal.partnerId === membership.channel_partner_id;
  return true;
}

/** The same rule as `canSee`, for the store to apply in SQL. */
export function visibilityOf(principal: Principal | undefined): Visibility {
  if (!principal || (principal.kind === 'staff' && principal.role !== 'PARTNER_USER')) return { kind: 'all' };
  if (principal.kind === 'member') return { kind: 'own', membershipId: principal.membershipId };
  // A partner user without a partner sees nothing: no membership has a nil partner id.
  return { kind: 'partner', partnerId: principal.partnerId ?? '00000000-0000-0000-0000-000000000000' };
}

/** Locks a visible, open membership for a change, inside the caller's transaction. */
export async function lockForChange(trx: Kysely<Database>, membershipNumber: string, principal: Principal | undefined) {
  requireValidMembershipNumber(membershipNumber);
  const membership = await store.lockMembership(trx, membershipNumber);
  if (!membership || !canSee(principal, membership)) throw memberNotFound(membershipNumber);
  if (membership.status === 'CLOSED') {
    throw new DomainError('conflict', 'MEMBERSHIP_CLOSED', {
      en: `Membership ${membershipNumber} is closed; it cannot change.`,
      id: `Kepesertaan ${membershipNumber} sudah ditutup; tidak dapat diubah.`,
    });
  }
  return membership;
}

export function requirePmi(membership: { segment: string; membership_number: string }): void {
  if (membership.segment !== 'PMI') {
    throw new DomainError('conflict', 'NOT_A_MIGRANT_WORKER', {
      en: `Membership ${membership.membership_number} is not a migrant worker (PMI) membership.`,
      id: `Kepesertaan ${membership.membership_number} bukan kepesertaan pekerja migran (PMI).`,
    });
  }
}

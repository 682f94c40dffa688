export const staffRoles = ['OFFICER', 'SUPERVISOR', 'PARTNER_USER', 'AUDITOR', 'ADMINISTRATOR'] as const;
export type StaffRole = (typeof staffRoles)[number];

/** A role that a route may allow: a staff role, or `MEMBER` for a worker signed in with a one-time code. */
export type Role = StaffRole | 'MEMBER';

/**
 * How a route is authenticated, declared beside the route:
 * `public`, `hmac` (payment-channel notifications), `jws` (partner messages),
 * or the roles allowed.
 */
export type RouteAuth = 'public' | 'hmac' | 'jws' | readonly Role[];

export type Principal =
  | { kind: 'staff'; userId: string; username: string; role: StaffRole; partnerId: string | null }
  | { kind: 'member'; membershipId: string; membershipNumber: string };

/** The actor recorded in logs and histories: never a name or an identity number. */
export function actorOf(principal: Principal | undefined): string {
  if (!principal) return 'public';
  return principal.kind === 'staff' ? `user:${principal.userId}` : `member:${principal.membershipNumber}`;
}

export function roleOf(principal: Principal): Role {
  return principal.kind === 'staff' ? principal.role : 'MEMBER';
}

// Failed sign-ins allowed per subject (username, or a member's identifier) per window.
export const loginFailureLimit = 5;
export const loginFailureWindowMinutes = 15;
export const memberCodeTtlMinutes = 10;
export const memberCodeMaxAttempts = 5;
export const memberCodesPerHour = 5;

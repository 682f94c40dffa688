import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { AppContext } from '../context.ts';
import { DomainError, invalidInput, issue } from '../kernel/errors.ts';
import { findMembershipForSignIn, type SignInIdentifier } from '../membership/service.ts';
import { enqueue } from '../outbox/service.ts';
import { findPartnerByCode } from '../partners/service.ts';
import {
  loginFailureLimit,
  loginFailureWindowMinutes,
  memberCodeMaxAttempts,
  memberCodesPerHour,
  memberCodeTtlMinutes,
  type Principal,
  type StaffRole,
  staffRoles,
} from './rules.ts';
import { SessionCache } from './session-cache.ts';
import * as store from './store.ts';

export type { Principal, Role, RouteAuth, StaffRole } from './rules.ts';
export { actorOf, roleOf, staffRoles } from './rules.ts';

// argon2id with the library's defaults (19 MiB, t=2) as OWASP recommends.
export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: 2 });
}

const minimumPasswordLength = 12;

export async function createUser(
  ctx: AppContext,
  input: { username: string; role: string; password: string; partnerCode?: string | undefined; displayName?: string | undefined },
) {
  const issues = [];
  if (!/^[a-zA-Z0-9._-]{3,64}$/.test(input.username)) {
    issues.push(
      issue(
        '/username',
        'INVALID_USERNAME',
        'A username has 3 to 64 letters, digits, dots, dashes or underscores.',
        'Nama pengguna terdiri dari 3 sampai 64 huruf, angka, titik, tanda hubung atau garis bawah.',
      ),
    );
  }
  if (!staffRoles.includes(input.role as StaffRole)) {
    issues.push(
      issue(
        '/role',
        'UNKNOWN_ROLE',
        `The role must be one of ${staffRoles.join(', ')}.`,
        `Peran harus salah satu dari ${staffRoles.join(', ')}.`,
      ),
    );
  }
  if (input.password.length < minimumPasswordLength) {
    issues.push(
      issue(
        '/password',
        'PASSWORD_TOO_SHORT',
        `A password has at least ${minimumPasswordLength} characters.`,
        `Kata sandi minimal ${minimumPasswordLength} karakter.`,
      ),
    );
  }
  const role = input.role as StaffRole;
  let partnerId: string | null = null;
  if (role === 'PARTNER_USER') {
    const partner = input.partnerCode ? await findPartnerByCode(ctx, input.partnerCode) : undefined;
    if (!partner) {
      issues.push(
        issue(
          '/partnerCode',
          'PARTNER_REQUIRED',
          'A partner user is bound to one existing partner: give its code.',
          'Pengguna mitra terikat pada satu mitra yang ada: berikan kodenya.',
        ),
      );
    } else partnerId = partner.id;
  } else if (input.partnerCode) {
    issues.push(
      issue(
        '/partnerCode',
        'PARTNER_ONLY_FOR_PARTNER_USER',
        'Only a PARTNER_USER is bound to a partner.',
        'Hanya PARTNER_USER yang terikat pada mitra.',
      ),
    );
  }
  if (issues.length > 0) throw invalidInput(issues);
  if (await store.findUserByUsername(ctx.db, input.username)) {
    throw new DomainError('conflict', 'USERNAME_TAKEN', {
      en: `The username ${input.username} is already taken.`,
      id: `Nama pengguna ${input.username} sudah dipakai.`,
    });
  }
  return store.insertUser(ctx.db, {
    username: input.username,
    passwordHash: await hashPassword(input.password),
    role,
    partnerId,
    displayName: input.displayName ?? null,
  });
}

export interface IssuedSession {
  token: string;
  expiresAt: Date;
  principal: Principal;
}

const tooManyAttempts = () =>
  new DomainError('rate_limited', 'TOO_MANY_ATTEMPTS', {
    en: `Too many failed attempts; wait ${loginFailureWindowMinutes} minutes and try again.`,
    id: `Terlalu banyak percobaan gagal; tunggu ${loginFailureWindowMinutes} menit lalu coba lagi.`,
  });

const wrongCredentials = () =>
  new DomainError('unauthenticated', 'INVALID_CREDENTIALS', {
    en: 'The username or password is wrong.',
    id: 'Nama pengguna atau kata sandi salah.',
  });

// Verified when the username is unknown, so that the answer takes as long either way.
const decoyHash = hashPassword(randomBytes(16).toString('hex'));

export async function login(ctx: AppContext, username: string, password: string): Promise<IssuedSession> {
  const now = ctx.clock.now();
  const subject = `user:${username.toLowerCase()}`;
  const windowStart = new Date(now.getTime() - loginFailureWindowMinutes * 60_000);
  if ((await store.countRecentFailures(ctx.db, subject, windowStart)) >= loginFailureLimit) throw tooManyAttempts();

  const user = await store.findUserByUsername(ctx.db, username);
  const valid = await verify(user?.password_hash ?? (await decoyHash), password);
  if (!user || !valid || user.disabled_at) {
    await store.recordFailure(ctx.db, subject, now);
    throw wrongCredentials();
  }
  await store.clearFailures(ctx.db, subject);
  const principal: Principal = {
    kind: 'staff',
    userId: user.id,
    username: user.username,
    role: user.role,
    partnerId: user.partner_id,
  };
  return issueSession(ctx, { userId: user.id }, principal);
}

async function issueSession(
  ctx: AppContext,
  owner: { userId: string } | { membershipId: string },
  principal: Principal,
): Promise<IssuedSession> {
  const token = randomBytes(32).toString('base64url');
  const createdAt = ctx.clock.now();
  const expiresAt = new Date(createdAt.getTime() + ctx.config.sessionTtlMinutes * 60_000);
  await store.insertSession(ctx.db, { tokenHash: sha256(token), createdAt, expiresAt, ...owner });
  return { token, expiresAt, principal };
}

// One cache per database, so that test contexts never share sessions.
const sessionCaches = new WeakMap<object, SessionCache>();

function sessionCacheOf(ctx: AppContext): SessionCache {
  let cache = sessionCaches.get(ctx.db);
  if (!cache) {
    cache = new SessionCache();
    sessionCaches.set(ctx.db, cache);
  }
  return cache;
}

/** The principal behind a bearer token or session cookie, or undefined when it is not live. */
export async function authenticate(ctx: AppContext, token: string): Promise<Principal | undefined> {
  const tokenHash = sha256(token);
  const now = ctx.clock.now();
  const cache = sessionCacheOf(ctx);
  const cached = cache.get(tokenHash, now.getTime());
  if (cached) return cached;
  const session = await store.findLiveSession(ctx.db, tokenHash, now);
  if (!session) return undefined;
  const principal = principalOf(session);
  if (principal) cache.set(tokenHash, principal, now.getTime(), session.expires_at.getTime());
  return principal;
}

function principalOf(session: NonNullable<Awaited<ReturnType<typeof store.findLiveSession>>>): Principal | undefined {
  if (session.user_id && session.username && session.role && !session.disabled_at) {
    return {
      kind: 'staff',
      userId: session.user_id,
      username: session.username,
      role: session.role,
      partnerId: session.partner_id,
    };
  }
  if (session.membership_id && session.membership_number) {
    return { kind: 'member', membershipId: session.membership_id, membershipNumber: session.membership_number };
  }
  return undefined;
}

export async function logout(ctx: AppContext, token: string): Promise<void> {
  const tokenHash = sha256(token);
  sessionCacheOf(ctx).delete(tokenHash);
  await store.revokeSession(ctx.db, tokenHash, ctx.clock.now());
}

/**
 * Sends a one-time sign-in code to the member's phone through the notification outbox.
 * The answer is the same whether or not the identifier is known, so it reveals nobody.
 */
export async function requestMemberCode(ctx: AppContext, identifier: SignInIdentifier): Promise<{ expiresInSeconds: number }> {
  const expiresInSeconds = memberCodeTtlMinutes * 60;
  const membership = await findMembershipForSignIn(ctx, identifier);
  if (!membership) return { expiresInSeconds };
  const now = ctx.clock.now();
  // Over the hourly limit nothing is sent, but the answer stays the same: a different
  // one would tell that the identifier is registered.
  if ((await store.countCodesSince(ctx.db, membership.id, new Date(now.getTime() - 3_600_000))) >= memberCodesPerHour) {
    return { expiresInSeconds };
  }
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  await ctx.db.transaction().execute(async (trx) => {
    await store.insertSignInCode(trx, {
      membershipId: membership.id,
      codeHash: sha256(`${membership.id}:${code}`),
      createdAt: now,
      expiresAt: new Date(now.getTime() + expiresInSeconds * 1000),
    });
    await enqueue(trx, 'notification.sign-in-code', {
      membershipNumber: membership.membershipNumber,
      phone: membership.phone,
      code,
      expiresInMinutes: memberCodeTtlMinutes,
    });
  });
  return { expiresInSeconds };
}

const wrongCode = () =>
  new DomainError('unauthenticated', 'INVALID_CODE', {
    en: 'The code is wrong or has expired; request a new one.',
    id: 'Kode salah atau sudah kedaluwarsa; minta kode baru.',
  });

export async function verifyMemberCode(ctx: AppContext, identifier: SignInIdentifier, code: string): Promise<IssuedSession> {
  const membership = await findMembershipForSignIn(ctx, identifier);
  if (!membership) throw wrongCode();
  const now = ctx.clock.now();
  const accepted = await ctx.db.transaction().execute(async (trx) => {
    const open = await store.lockLatestOpenCode(trx, membership.id, now);
    if (!open) return 'wrong' as const;
    if (open.attempts >= memberCodeMaxAttempts) return 'exhausted' as const;
    if (!safeEqual(open.code_hash, sha256(`${membership.id}:${code}`))) {
      await store.countCodeAttempt(trx, open.id);
      return 'wrong' as const;
    }
    await store.consumeCode(trx, open.id, now);
    return 'ok' as const;
  });
  if (accepted === 'exhausted') throw tooManyAttempts();
  if (accepted === 'wrong') throw wrongCode();
  return issueSession(
    ctx,
    { membershipId: membership.id },
    { kind: 'member', membershipId: membership.id, membershipNumber: membership.membershipNumber },
  );
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

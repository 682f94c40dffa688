import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import type { StaffRole } from './rules.ts';

export function findUserByUsername(db: Kysely<Database>, username: string) {
  return db
    .selectFrom('users')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['username']), '=', username.toLowerCase()))
    .executeTakeFirst();
}

export function insertUser(
  db: Kysely<Database>,
  user: { username: string; passwordHash: string; role: StaffRole; partnerId: string | null; displayName: string | null },
) {
  return db
    .insertInto('users')
    .values({
      username: user.username,
      password_hash: user.passwordHash,
      role: user.role,
      partner_id: user.partnerId,
      display_name: user.displayName,
    })
    .returning(['id', 'username', 'role', 'partner_id'])
    .executeTakeFirstOrThrow();
}

export async function countRecentFailures(db: Kysely<Database>, subject: string, since: Date): Promise<number> {
  const row = await db
    .selectFrom('login_failures')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('subject', '=', subject)
    .where('attempted_at', '>', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function recordFailure(db: Kysely<Database>, subject: string, at: Date): Promise<void> {
  await db.insertInto('login_failures').values({ subject, attempted_at: at }).execute();
}

export async function clearFailures(db: Kysely<Database>, subject: string): Promise<void> {
  await db.deleteFrom('login_failures').where('subject', '=', subject).execute();
}

export async function insertSession(
  db: Kysely<Database>,
  session: { tokenHash: string; userId?: string; membershipId?: string; createdAt: Date; expiresAt: Date },
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      token_hash: session.tokenHash,
      user_id: session.userId ?? null,
      membership_id: session.membershipId ?? null,
      created_at: session.createdAt,
      expires_at: session.expiresAt,
      revoked_at: null,
    })
    .execute();
}

/** The live session behind a token hash, with its principal's current data. */
export function findLiveSession(db: Kysely<Database>, tokenHash: string, now: Date) {
  return db
    .selectFrom('sessions as s')
    .leftJoin('users as u', 'u.id', 's.user_id')
    .leftJoin('memberships as m', 'm.id', 's.membership_id')
    .select([
      's.user_id',
      's.membership_id',
      's.expires_at',
      'u.username',
      'u.role',
      'u.partner_id',
      'u.disabled_at',
      'm.membership_number',
    ])
    .where('s.token_hash', '=', tokenHash)
    .where('s.revoked_at', 'is', null)
    .where('s.expires_at', '>', now)
    .executeTakeFirst();
}

export async function revokeSession(db: Kysely<Database>, tokenHash: string, at: Date): Promise<void> {
  await db.updateTable('sessions').set({ revoked_at: at }).where('token_hash', '=', tokenHash).execute();
}

export async function countCodesSince(db: Kysely<Database>, membershipId: string, since: Date): Promise<number> {
  const row = await db
    .selectFrom('member_sign_in_codes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('membership_id', '=', membershipId)
    .where('created_at', '>', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertSignInCode(
  db: Kysely<Database>,
  code: { membershipId: string; codeHash: string; createdAt: Date; expiresAt: Date },
): Promise<void> {
  await db
    .insertInto('member_sign_in_codes')
    .values({
      membership_id: code.membershipId,
      code_hash: code.codeHash,
      created_at: code.createdAt,
      expires_at: code.expiresAt,
      consumed_at: null,
    })
    .execute();
}

/** The newest unexpired, unused code of a member, locked for the attempt. */
export function lockLatestOpenCode(db: Kysely<Database>, membershipId: string, now: Date) {
  return db
    .selectFrom('member_sign_in_codes')
    .select(['id', 'code_hash', 'attempts'])
    .where('membership_id', '=', membershipId)
    .where('consumed_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .limit(1)
    .forUpdate()
    .executeTakeFirst();
}

export async function countCodeAttempt(db: Kysely<Database>, codeId: string): Promise<void> {
  await db
    .updateTable('member_sign_in_codes')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('id', '=', codeId)
    .execute();
}

export async function consumeCode(db: Kysely<Database>, codeId: string, at: Date): Promise<void> {
  await db.updateTable('member_sign_in_codes').set({ consumed_at: at }).where('id', '=', codeId).execute();
}

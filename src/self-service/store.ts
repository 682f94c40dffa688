import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';

export async function countCodesSince(db: Kysely<Database>, phone: string, since: Date): Promise<number> {
  const row = await db
    .selectFrom('phone_confirmations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('phone', '=', phone)
    .where('created_at', '>', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function insertConfirmation(
  db: Kysely<Database>,
  row: { phone: string; codeHash: string; createdAt: Date; expiresAt: Date },
): Promise<{ id: string }> {
  return db
    .insertInto('phone_confirmations')
    .values({
      phone: row.phone,
      code_hash: row.codeHash,
      created_at: row.createdAt,
      expires_at: row.expiresAt,
      confirmed_at: null,
      token_hash: null,
      token_expires_at: null,
      used_at: null,
      membership_number: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export function lockConfirmation(db: Kysely<Database>, id: string) {
  return db.selectFrom('phone_confirmations').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function countAttempt(db: Kysely<Database>, id: string): Promise<void> {
  await db
    .updateTable('phone_confirmations')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

export async function confirm(db: Kysely<Database>, id: string, at: Date, tokenHash: string, tokenExpiresAt: Date): Promise<void> {
  await db
    .updateTable('phone_confirmations')
    .set({ confirmed_at: at, token_hash: tokenHash, token_expires_at: tokenExpiresAt })
    .where('id', '=', id)
    .execute();
}

/** Takes a live, unused token for one registration; undefined when there is none. */
export function claimToken(db: Kysely<Database>, tokenHash: string, now: Date) {
  return db
    .updateTable('phone_confirmations')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('token_expires_at', '>', now)
    .returning(['id', 'phone'])
    .executeTakeFirst();
}

/** Gives a token back when the registration it was claimed for was refused. */
export async function releaseToken(db: Kysely<Database>, id: string): Promise<void> {
  await db.updateTable('phone_confirmations').set({ used_at: null }).where('id', '=', id).execute();
}

export async function recordRegistration(db: Kysely<Database>, id: string, membershipNumber: string): Promise<void> {
  await db.updateTable('phone_confirmations').set({ membership_number: membershipNumber }).where('id', '=', id).execute();
}

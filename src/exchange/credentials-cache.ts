import type { Kysely } from 'kysely';
import type { AppContext } from '../context.ts';
import type { Database } from '../db/database.ts';
import type { Clock } from '../kernel/clock.ts';
import { agreementFor, findKeyWithPartner } from '../partners/service.ts';

/**
 * Partner keys and agreements, held for a few seconds per process (as sessions are): a
 * revocation or a suspension takes effect within `ttlMs`; validity dates are always checked
 * against the current time. Unknown keys are never cached.
 */
export const credentialsTtlMs = 5_000;

type KeyRow = NonNullable<Awaited<ReturnType<typeof findKeyWithPartner>>>;
type AgreementAnswer = Awaited<ReturnType<typeof agreementFor>>;

interface Cache {
  keys: Map<string, { row: KeyRow; at: number }>;
  agreements: Map<string, { answer: AgreementAnswer; at: number }>;
}

const caches = new WeakMap<Kysely<Database>, Cache>();

// The business date, asked of the clock once a minute: formatting a date in a time zone
// (Intl) costs about half as much as verifying a signature, and the date cannot change
// within a minute (Asia/Jakarta is a whole number of hours from UTC).
const businessDays = new WeakMap<Clock, { minute: number; today: string }>();

function todayOf(clock: Clock): string {
  const minute = Math.floor(clock.now().getTime() / 60_000);
  const known = businessDays.get(clock);
  if (known?.minute === minute) return known.today;
  const today = clock.today();
  businessDays.set(clock, { minute, today });
  return today;
}

function cacheOf(db: Kysely<Database>): Cache {
  let cache = caches.get(db);
  if (!cache) {
    cache = { keys: new Map(), agreements: new Map() };
    caches.set(db, cache);
  }
  return cache;
}

export async function cachedKey(ctx: Pick<AppContext, 'db'>, kid: string): Promise<KeyRow | undefined> {
  const cache = cacheOf(ctx.db);
  const hit = cache.keys.get(kid);
  const now = Date.now();
  if (hit && now - hit.at < credentialsTtlMs) return hit.row;
  const row = await findKeyWithPartner(ctx.db, kid);
  if (row) cache.keys.set(kid, { row, at: now });
  else cache.keys.delete(kid);
  return row;
}

/** The agreement answer for one partner, type and direction today. */
export async function cachedAgreement(
  ctx: Pick<AppContext, 'db' | 'clock'>,
  partnerId: string,
  documentType: string,
  direction: 'SEND' | 'RECEIVE',
): Promise<AgreementAnswer> {
  const cache = cacheOf(ctx.db);
  const today = todayOf(ctx.clock);
  const key = `${partnerId}/${documentType}/${direction}/${today}`;
  const hit = cache.agreements.get(key);
  const now = Date.now();
  if (hit && now - hit.at < credentialsTtlMs) return hit.answer;
  const answer = await agreementFor(ctx, partnerId, documentType, direction, today);
  if (answer) cache.agreements.set(key, { answer, at: now });
  else cache.agreements.delete(key);
  return answer;
}

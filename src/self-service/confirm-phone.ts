import type { AppContext } from '../context.ts';
import { DomainError } from '../kernel/errors.ts';
import { phoneCodeMaxAttempts, registrationTokenTtlMinutes } from './rules.ts';
import { newToken, safeEqual, sha256 } from './secrets.ts';
import * as store from './store.ts';

export const wrongPhoneCode = () =>
  new DomainError('unauthenticated', 'INVALID_CODE', {
    en: 'The code is wrong or has expired; request a new one.',
    id: 'Kode salah atau sudah kedaluwarsa; minta kode baru.',
  });

const tooManyAttempts = () =>
  new DomainError('rate_limited', 'TOO_MANY_ATTEMPTS', {
    en: 'Too many wrong codes; request a new code.',
    id: 'Terlalu banyak kode salah; minta kode baru.',
  });

/**
 * Checks the code sent to the phone. A right code answers a registration token (valid
 * for one registration, for an hour); a wrong one counts an attempt, and after the last
 * attempt even the right code is refused.
 */
export async function confirmPhone(
  ctx: AppContext,
  confirmationId: string,
  code: string,
): Promise<{ registrationToken: string; phone: string; expiresAt: string }> {
  const now = ctx.clock.now();
  const outcome = await ctx.db.transaction().execute(async (trx) => {
    const row = await store.lockConfirmation(trx, confirmationId);
    if (!row || row.confirmed_at !== null || row.expires_at <= now) return { kind: 'wrong' as const };
    if (row.attempts >= phoneCodeMaxAttempts) return { kind: 'exhausted' as const };
    if (!safeEqual(row.code_hash, sha256(`${row.phone}:${code}`))) {
      await store.countAttempt(trx, row.id);
      return row.attempts + 1 >= phoneCodeMaxAttempts ? { kind: 'exhausted' as const } : { kind: 'wrong' as const };
    }
    const token = newToken();
    const expiresAt = new Date(now.getTime() + registrationTokenTtlMinutes * 60_000);
    await store.confirm(trx, row.id, now, sha256(token), expiresAt);
    return { kind: 'ok' as const, token, phone: row.phone, expiresAt };
  });
  if (outcome.kind === 'exhausted') throw tooManyAttempts();
  if (outcome.kind === 'wrong') throw wrongPhoneCode();
  return { registrationToken: outcome.token, phone: outcome.phone, expiresAt: outcome.expiresAt.toISOString() };
}

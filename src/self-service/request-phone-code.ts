import { randomInt } from 'node:crypto';
import type { AppContext } from '../context.ts';
import { checkPhone } from '../identity/phone.ts';
import { DomainError, invalidInput } from '../kernel/errors.ts';
import { enqueue } from '../outbox/service.ts';
import { phoneCodesPerHour, phoneCodeTtlMinutes } from './rules.ts';
import { sha256 } from './secrets.ts';
import * as store from './store.ts';

export const tooManyCodes = () =>
  new DomainError('rate_limited', 'TOO_MANY_CODES', {
    en: `At most ${phoneCodesPerHour} codes are sent to one phone number in an hour; wait and try again.`,
    id: `Paling banyak ${phoneCodesPerHour} kode dikirim ke satu nomor telepon dalam satu jam; tunggu lalu coba lagi.`,
  });

/**
 * Sends a one-time code to the phone a worker wants to register with, through the
 * notification outbox (topic `notification.sign-in-code`, which the development log
 * channel prints with its code). Answers the confirmation's id, which the code goes with.
 */
export async function requestPhoneCode(ctx: AppContext, phone: string): Promise<{ confirmationId: string; expiresInSeconds: number }> {
  const issues = checkPhone(phone, '/phone');
  if (issues.length > 0) throw invalidInput(issues);
  const now = ctx.clock.now();
  if ((await store.countCodesSince(ctx.db, phone, new Date(now.getTime() - 3_600_000))) >= phoneCodesPerHour) throw tooManyCodes();
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const expiresInSeconds = phoneCodeTtlMinutes * 60;
  const id = await ctx.db.transaction().execute(async (trx) => {
    const row = await store.insertConfirmation(trx, {
      phone,
      // The row id is not known before the insert, so the code is salted with the phone.
      codeHash: sha256(`${phone}:${code}`),
      createdAt: now,
      expiresAt: new Date(now.getTime() + expiresInSeconds * 1000),
    });
    await enqueue(trx, 'notification.sign-in-code', {
      template: 'PHONE_CONFIRMATION',
      membershipNumber: null,
      phone,
      code,
      expiresInMinutes: phoneCodeTtlMinutes,
    });
    return row.id;
  });
  return { confirmationId: id, expiresInSeconds };
}

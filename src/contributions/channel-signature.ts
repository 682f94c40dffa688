import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Payment-channel notifications are signed with the channel's shared secret:
 * `x-lindung-signature: v1=<hex HMAC-SHA256 of "<timestamp>.<raw body>">` with
 * `x-lindung-timestamp: <unix seconds>`. A notification outside the replay window is
 * refused even with a good signature, so a captured one cannot be sent again later.
 */
export const signatureHeader = 'x-lindung-signature';
export const timestampHeader = 'x-lindung-timestamp';
export const replayWindowSeconds = 300;

export type SignatureCheck = { ok: true } | { ok: false; code: 'SIGNATURE_MISSING' | 'SIGNATURE_INVALID' | 'TIMESTAMP_OUT_OF_WINDOW' };

export function signChannelNotification(secret: string, timestamp: number, rawBody: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`;
}

export function checkChannelSignature(
  secret: string,
  headers: { signature: string | undefined; timestamp: string | undefined },
  rawBody: string,
  nowSeconds: number,
): SignatureCheck {
  if (!headers.signature || !headers.timestamp || !/^\d{1,12}$/.test(headers.timestamp)) return { ok: false, code: 'SIGNATURE_MISSING' };
  const timestamp = Number(headers.timestamp);
  const expected = Buffer.from(signChannelNotification(secret, timestamp, rawBody));
  const given = Buffer.from(headers.signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, code: 'SIGNATURE_INVALID' };
  if (Math.abs(nowSeconds - timestamp) > replayWindowSeconds) return { ok: false, code: 'TIMESTAMP_OUT_OF_WINDOW' };
  return { ok: true };
}

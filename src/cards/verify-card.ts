import { compactVerify, createLocalJWKSet } from 'jose';
import type { AppContext } from '../context.ts';
import { DomainError } from '../kernel/errors.ts';
import { findMembershipRef } from '../membership/service.ts';
import { cardTokenType, isCardClaims } from './rules.ts';

export interface CardVerification {
  /** Signed by Lindung, not expired, and the membership not closed. */
  valid: boolean;
  initials: string;
  status: string;
  validUntil: string;
  expired: boolean;
}

const notLindungs = () =>
  new DomainError('invalid', 'CARD_NOT_GENUINE', {
    en: 'This is not a card signed by Lindung.',
    id: 'Ini bukan kartu yang ditandatangani oleh Lindung.',
  });

/**
 * Checks a card's token against Lindung's public key and answers only what the public
 * may see: the initials, the membership's status today, and the card's validity.
 */
export async function verifyCard(ctx: AppContext, token: string): Promise<CardVerification> {
  let claims: unknown;
  try {
    const { payload, protectedHeader } = await compactVerify(token, createLocalJWKSet(ctx.signingKeys.jwks()), {
      algorithms: ['EdDSA'],
    });
    if (protectedHeader.typ !== cardTokenType) throw notLindungs();
    claims = JSON.parse(new TextDecoder().decode(payload));
  } catch {
    throw notLindungs();
  }
  if (!isCardClaims(claims)) throw notLindungs();
  let status: string;
  try {
    status = (await findMembershipRef(ctx, claims.sub, undefined)).status;
  } catch {
    throw notLindungs();
  }
  const expired = claims.exp * 1000 <= ctx.clock.now().getTime();
  return {
    valid: !expired && status !== 'CLOSED',
    initials: claims.ini,
    status,
    validUntil: new Date(claims.exp * 1000).toISOString(),
    expired,
  };
}

/**
 * Membership numbers: 11 digits, a 10-digit base (1,000,000,000 + a database sequence
 * value, so never a leading 0) followed by a Damm check digit. Damm catches every
 * single-digit typo and every swap of two adjacent digits, the two commonest mistakes
 * when a number is read out over the phone or copied from a card.
 */

import { dammCheckDigit } from '../kernel/damm.ts';

export { dammCheckDigit };

const FIRST_BASE = 1_000_000_000;
const SEQUENCE_LIMIT = 9_000_000_000;

/** `seq` comes from a database sequence: 1 ≤ seq < 9,000,000,000. */
export function membershipNumberFromSequence(seq: number): string {
  if (!Number.isSafeInteger(seq) || seq < 1 || seq >= SEQUENCE_LIMIT) {
    throw new RangeError(`A membership sequence value must be an integer from 1 to 8,999,999,999; got ${seq}`);
  }
  const base = String(FIRST_BASE + seq);
  return base + String(dammCheckDigit(base));
}

/** True for 11 digits, not starting with 0, whose last digit is the Damm check digit. */
export function isValidMembershipNumber(s: string): boolean {
  return /^[1-9][0-9]{10}$/.test(s) && dammCheckDigit(s) === 0;
}

/**
 * Membership numbers: 11 digits, a 10-digit base (1,000,000,000 + a database sequence
 * value, so never a leading 0) followed by a Damm check digit. Damm catches every
 * single-digit typo and every swap of two adjacent digits, the two commonest mistakes
 * when a number is read out over the phone or copied from a card.
 */

const FIRST_BASE = 1_000_000_000;
const SEQUENCE_LIMIT = 9_000_000_000;

// Damm's totally anti-symmetric quasigroup of order 10 (H. M. Damm, 2004), row by row:
// the next interim digit is QUASIGROUP[interim * 10 + digit].
const QUASIGROUP: readonly number[] = [
  0, 3, 1, 7, 5, 9, 8, 6, 4, 2, 7, 0, 9, 2, 1, 5, 4, 8, 6, 3, 4, 2, 0, 6, 8, 7, 1, 3, 5, 9, 1, 7, 5, 0, 9, 8, 3, 4, 2, 6, 6, 1, 2, 3, 0, 4,
  5, 9, 7, 8, 3, 6, 7, 4, 2, 0, 9, 5, 8, 1, 5, 8, 6, 9, 7, 2, 0, 1, 3, 4, 8, 9, 4, 5, 3, 6, 2, 0, 1, 7, 9, 4, 3, 8, 6, 1, 7, 2, 0, 5, 2, 5,
  8, 1, 4, 3, 6, 7, 9, 0,
];

/** The digit that, appended to `digits`, makes the Damm checksum 0. */
export function dammCheckDigit(digits: string): number {
  if (!/^[0-9]*$/.test(digits)) {
    throw new RangeError(`Damm check digits are computed over digits 0–9 only; got ${JSON.stringify(digits)}`);
  }
  let interim = 0;
  for (const digit of digits) {
    interim = QUASIGROUP[interim * 10 + Number(digit)] as number;
  }
  return interim;
}

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

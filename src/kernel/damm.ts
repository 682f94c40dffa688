/**
 * The Damm check digit: catches every single-digit typo and every swap of two adjacent
 * digits. Used for membership numbers and bill numbers.
 */

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

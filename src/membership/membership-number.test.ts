import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { dammCheckDigit, isValidMembershipNumber, membershipNumberFromSequence } from './membership-number.ts';

const sequence = fc.integer({ min: 1, max: 8_999_999_999 });

describe('dammCheckDigit', () => {
  it('gives 4 for 572, the published example of the algorithm', () => {
    assert.equal(dammCheckDigit('572'), 4);
    assert.equal(dammCheckDigit('5724'), 0);
  });

  it('refuses anything but digits', () => {
    assert.throws(() => dammCheckDigit('12a'), RangeError);
  });
});

describe('membershipNumberFromSequence', () => {
  it('turns sequence 1 into the base 1000000001 followed by its check digit', () => {
    const number = membershipNumberFromSequence(1);
    assert.equal(number.slice(0, 10), '1000000001');
    assert.equal(Number(number[10]), dammCheckDigit('1000000001'));
  });

  it('handles the largest sequence value allowed', () => {
    assert.equal(membershipNumberFromSequence(8_999_999_999).slice(0, 10), '9999999999');
  });

  it('refuses 0, negative, fractional and too large sequence values', () => {
    for (const seq of [0, -1, 1.5, 9_000_000_000, Number.NaN]) {
      assert.throws(() => membershipNumberFromSequence(seq), RangeError, String(seq));
    }
  });

  it('always gives a valid number of 11 digits that does not start with 0', () => {
    fc.assert(
      fc.property(sequence, (seq) => {
        const number = membershipNumberFromSequence(seq);
        assert.match(number, /^[1-9][0-9]{10}$/);
        assert.equal(isValidMembershipNumber(number), true);
      }),
    );
  });
});

describe('isValidMembershipNumber', () => {
  it('rejects wrong lengths, non-digits and a leading 0', () => {
    const valid = membershipNumberFromSequence(42);
    assert.equal(isValidMembershipNumber(valid), true);
    assert.equal(isValidMembershipNumber(valid.slice(1)), false);
    assert.equal(isValidMembershipNumber(`${valid}0`), false);
    assert.equal(isValidMembershipNumber(` ${valid}`), false);
    assert.equal(isValidMembershipNumber(`${valid.slice(0, 5)}-${valid.slice(5)}`), false);
    assert.equal(isValidMembershipNumber('00000000000'), false);
  });

  it('rejects every single-digit substitution of a valid number', () => {
    fc.assert(
      fc.property(sequence, fc.integer({ min: 0, max: 10 }), fc.integer({ min: 1, max: 9 }), (seq, position, shift) => {
        const number = membershipNumberFromSequence(seq);
        const digit = (Number(number[position]) + shift) % 10;
        const typo = number.slice(0, position) + String(digit) + number.slice(position + 1);
        assert.equal(isValidMembershipNumber(typo), false, `${number} → ${typo}`);
      }),
      { numRuns: 5000 },
    );
  });

  it('rejects every swap of two different adjacent digits of a valid number', () => {
    fc.assert(
      fc.property(sequence, fc.integer({ min: 0, max: 9 }), (seq, position) => {
        const number = membershipNumberFromSequence(seq);
        const [a, b] = [number.charAt(position), number.charAt(position + 1)];
        fc.pre(a !== b);
        const swapped = number.slice(0, position) + b + a + number.slice(position + 2);
        assert.equal(isValidMembershipNumber(swapped), false, `${number} → ${swapped}`);
      }),
      { numRuns: 5000 },
    );
  });

  it('catches every single substitution and adjacent swap for any digits, checked exhaustively on pairs', () => {
    // Damm's guarantee rests on the table: for all x≠y, the pair (x,y) and (y,x) and every
    // substitution lead to different interim digits from any starting digit.
    for (let start = 0; start <= 9; start++) {
      for (let x = 0; x <= 9; x++) {
        for (let y = 0; y <= 9; y++) {
          if (x === y) continue;
          const prefix = String(start);
          assert.notEqual(dammCheckDigit(prefix + x), dammCheckDigit(prefix + y));
          assert.notEqual(dammCheckDigit(`${prefix}${x}${y}`), dammCheckDigit(`${prefix}${y}${x}`));
        }
      }
    }
  });
});

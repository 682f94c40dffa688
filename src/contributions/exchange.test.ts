import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { rupiahFromForeign } from './exchange.ts';

describe('rupiah from a foreign amount', () => {
  it('converts Hong Kong dollars in cents at a rate with decimals', () => {
    // HKD 165.00 at Rp 2,015.15 = Rp 332,499.75 → 332,500
    assert.equal(rupiahFromForeign(16_500, 2, '2015.15'), 332_500);
  });

  it('converts won, which has no minor unit', () => {
    // KRW 28,000 at Rp 11.875 = Rp 332,500
    assert.equal(rupiahFromForeign(28_000, 0, '11.875'), 332_500);
  });

  it('rounds half up to the rupiah', () => {
    assert.equal(rupiahFromForeign(1, 2, '50'), 1); // 0.50 → 1
    assert.equal(rupiahFromForeign(1, 2, '49.99'), 0); // 0.4999 → 0
  });

  it('refuses a rate that is not a plain decimal', () => {
    assert.throws(() => rupiahFromForeign(100, 2, '1e3'), RangeError);
    assert.throws(() => rupiahFromForeign(100, 2, '-2000'), RangeError);
  });

  it('agrees with exact rational arithmetic for any amount and rate', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 1, max: 99_999_999 }), (minor, rateMillis) => {
        const rate = `${Math.floor(rateMillis / 1000)}.${String(rateMillis % 1000).padStart(3, '0')}`;
        const exactTimes2000 = BigInt(minor) * BigInt(rateMillis) * 2n; // value × 200,000
        const expected = Number((exactTimes2000 + 100_000n) / 200_000n);
        assert.equal(rupiahFromForeign(minor, 2, rate), expected);
      }),
    );
  });
});

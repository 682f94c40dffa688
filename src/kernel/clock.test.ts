import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { businessDate, fixedClock } from './clock.ts';

describe('the business date', () => {
  it('turns at midnight in Jakarta (UTC+7), not at midnight UTC', () => {
    assert.equal(businessDate(new Date('2026-11-21T16:59:59.999Z')), '2026-11-21');
    assert.equal(businessDate(new Date('2026-11-21T17:00:00Z')), '2026-11-22');
    assert.equal(businessDate(new Date('2026-12-31T17:00:00Z')), '2027-01-01');
    assert.equal(fixedClock('2024-02-28T17:30:00Z').today(), '2024-02-29');
  });

  it('agrees with the platform’s own formatting of the day in Asia/Jakarta', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }), (d) => {
        assert.equal(businessDate(d), d.toLocaleDateString('en-CA', { timeZone: 'Asia/Jakarta' }));
      }),
      { numRuns: 2000 },
    );
  });
});

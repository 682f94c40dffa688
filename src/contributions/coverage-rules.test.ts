import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DomainError } from '../kernel/errors.ts';
import { addDays, type CoveredPeriod, coverageOf, gracePeriodOf, isInGrace, lastDayOfPeriod } from './coverage-rules.ts';

function spans(periods: CoveredPeriod[]) {
  return periods.map((p) => [p.program, p.from, p.to]);
}

function expectIssue(run: () => unknown, pointer: string, code: string) {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof DomainError);
    assert.equal(error.code, 'VALIDATION_FAILED');
    assert.ok(
      error.issues.some((i) => i.pointer === pointer && i.code === code),
      JSON.stringify(error.issues),
    );
    return true;
  });
}

describe('the length of a period of months', () => {
  it('ends a month from 1 January on 31 January', () => {
    assert.equal(lastDayOfPeriod('2026-01-01', 1), '2026-01-31');
  });

  it('ends a month from 15 January on 14 February', () => {
    assert.equal(lastDayOfPeriod('2026-01-15', 1), '2026-02-14');
  });

  it('ends a month from 31 January on the last day of February', () => {
    assert.equal(lastDayOfPeriod('2026-01-31', 1), '2026-02-28');
    assert.equal(lastDayOfPeriod('2024-01-31', 1), '2024-02-29');
    assert.equal(lastDayOfPeriod('2026-01-30', 1), '2026-02-28');
  });

  it('ends a month from 31 March on 30 April', () => {
    assert.equal(lastDayOfPeriod('2026-03-31', 1), '2026-04-30');
  });

  it('crosses the year', () => {
    assert.equal(lastDayOfPeriod('2026-11-01', 3), '2027-01-31');
    assert.equal(addDays('2026-12-31', 1), '2027-01-01');
    assert.equal(addDays('2024-03-01', -1), '2024-02-29');
  });

  it('grows with the months and never ends before it starts', () => {
    const day = fc.integer({ min: 0, max: 5_000 }).map((n) => addDays('2018-01-01', n));
    fc.assert(
      fc.property(day, fc.integer({ min: 1, max: 120 }), (start, months) => {
        const end = lastDayOfPeriod(start, months);
        assert.ok(end >= start);
        assert.ok(lastDayOfPeriod(start, months + 1) > end);
      }),
    );
  });

  it('tiles calendar months from the first of a month without gaps', () => {
    const firstOfMonth = fc.integer({ min: 0, max: 200 }).map((n) => lastDayOfPeriod('2015-01-01', n).slice(0, 8).concat('01'));
    fc.assert(
      fc.property(firstOfMonth, fc.integer({ min: 1, max: 60 }), (start, months) => {
        const next = addDays(lastDayOfPeriod(start, months), 1);
        assert.ok(next.endsWith('-01'), next);
        assert.equal(addDays(lastDayOfPeriod(next, 1), 1), addDays(lastDayOfPeriod(start, months + 1), 1));
      }),
    );
  });
});

describe('the before-placement payment of a PMI', () => {
  it('protects with JKK and JKm from the payment up to 5 months later', () => {
    assert.deepEqual(spans(coverageOf('BEFORE_PLACEMENT', { paidOn: '2026-03-10' })), [
      ['JKK', '2026-03-10', '2026-08-09'],
      ['JKM', '2026-03-10', '2026-08-09'],
    ]);
  });

  it('ends the day before departure when departure comes first', () => {
    const periods = coverageOf('BEFORE_PLACEMENT', { paidOn: '2026-03-10', contractStart: '2026-05-01' });
    assert.deepEqual(
      periods.map((p) => p.to),
      ['2026-04-30', '2026-04-30'],
    );
  });

  it('ends after 5 months even when departure is later', () => {
    const periods = coverageOf('BEFORE_PLACEMENT', { paidOn: '2026-03-10', contractStart: '2026-12-01' });
    assert.equal(periods[0]?.to, '2026-08-09');
    assert.equal(periods[0]?.status, 'CONFIRMED');
  });

  it('ends 5 months from 31 January on 30 June, and from 30 September on the last day of February', () => {
    assert.equal(coverageOf('BEFORE_PLACEMENT', { paidOn: '2026-01-31' })[0]?.to, '2026-06-30');
    assert.equal(coverageOf('BEFORE_PLACEMENT', { paidOn: '2025-09-30' })[0]?.to, '2026-02-28');
    assert.equal(coverageOf('BEFORE_PLACEMENT', { paidOn: '2023-09-30' })[0]?.to, '2024-02-29');
  });

  it('protects nothing when paid on the day of departure', () => {
    assert.deepEqual(coverageOf('BEFORE_PLACEMENT', { paidOn: '2026-05-01', contractStart: '2026-05-01' }), []);
  });

  it('flags the 5 months as assumed under 18/2018', () => {
    assert.equal(coverageOf('BEFORE_PLACEMENT', { paidOn: '2020-01-01' })[0]?.status, 'UNCONFIRMED');
  });

  it('refuses a payment date that is not on the calendar', () => {
    expectIssue(() => coverageOf('BEFORE_PLACEMENT', { paidOn: '2026-13-01' }), '/paidOn', 'INVALID_DATE');
  });
});

describe('the placement payment of a PMI', () => {
  it('protects the contract and one after-placement month, flagged UNCONFIRMED', () => {
    const periods = coverageOf('PLACEMENT', { paidOn: '2026-01-15', contractStart: '2026-02-01', contractEnd: '2028-01-31' });
    assert.deepEqual(spans(periods), [
      ['JKK', '2026-02-01', '2028-02-29'],
      ['JKM', '2026-02-01', '2028-02-29'],
    ]);
    assert.ok(periods.every((p) => p.status === 'UNCONFIRMED'));
    assert.match(periods[0]?.source ?? '', /after-placement/);
  });

  it('ends the after-placement month of a contract that ends on 30 January on the last day of February', () => {
    const periods = coverageOf('PLACEMENT', { paidOn: '2025-01-15', contractStart: '2025-07-31', contractEnd: '2027-01-30' });
    assert.equal(periods[0]?.to, '2027-02-28');
  });

  it('refuses a contract that ends before it starts', () => {
    expectIssue(
      () => coverageOf('PLACEMENT', { paidOn: '2026-01-15', contractStart: '2026-02-01', contractEnd: '2026-01-31' }),
      '/contractEnd',
      'CONTRACT_ENDS_BEFORE_START',
    );
  });
});

describe('the extension payment of a PMI', () => {
  it('protects from the day after the previous end to the new end plus the after-placement month', () => {
    assert.deepEqual(spans(coverageOf('EXTENSION', { paidOn: '2027-12-01', previousEnd: '2028-01-31', newEnd: '2028-07-31' })), [
      ['JKK', '2028-02-01', '2028-08-31'],
      ['JKM', '2028-02-01', '2028-08-31'],
    ]);
  });

  it('refuses an extension that does not end after the previous end', () => {
    expectIssue(
      () => coverageOf('EXTENSION', { paidOn: '2027-12-01', previousEnd: '2028-01-31', newEnd: '2028-01-31' }),
      '/newEnd',
      'EXTENSION_ENDS_BEFORE_PREVIOUS_END',
    );
  });
});

describe('a paid month of a BPU member or a wage earner', () => {
  it('covers that calendar month for each program paid', () => {
    assert.deepEqual(spans(coverageOf('MONTHS', { segment: 'BPU', periodStart: '2026-01-01', months: 1, programs: ['JKM', 'JKK'] })), [
      ['JKK', '2026-01-01', '2026-01-31'],
      ['JKM', '2026-01-01', '2026-01-31'],
    ]);
  });

  it('covers February to its last day, in leap years too', () => {
    assert.equal(coverageOf('MONTHS', { segment: 'PU', periodStart: '2026-01-01', months: 2, programs: ['JHT'] })[0]?.to, '2026-02-28');
    assert.equal(coverageOf('MONTHS', { segment: 'BPU', periodStart: '2024-02-01', months: 1, programs: ['JKK'] })[0]?.to, '2024-02-29');
  });

  it('covers months across the year', () => {
    assert.equal(coverageOf('MONTHS', { segment: 'BPU', periodStart: '2026-11-01', months: 3, programs: ['JKK'] })[0]?.to, '2027-01-31');
  });

  it('flags the calendar-month rule as Lindung’s assumption', () => {
    assert.equal(
      coverageOf('MONTHS', { segment: 'BPU', periodStart: '2026-01-01', months: 1, programs: ['JKK'] })[0]?.status,
      'UNCONFIRMED',
    );
  });

  it('refuses a period that does not start on the first of a month', () => {
    expectIssue(
      () => coverageOf('MONTHS', { segment: 'BPU', periodStart: '2026-01-15', months: 1, programs: ['JKK'] }),
      '/periodStart',
      'NOT_FIRST_OF_MONTH',
    );
  });

  it('refuses zero months and a program the segment does not have', () => {
    expectIssue(
      () => coverageOf('MONTHS', { segment: 'BPU', periodStart: '2026-01-01', months: 0, programs: ['JKK'] }),
      '/months',
      'OUT_OF_RANGE',
    );
    expectIssue(
      () => coverageOf('MONTHS', { segment: 'BPU', periodStart: '2026-01-01', months: 1, programs: ['JKK', 'JP'] }),
      '/programs/1',
      'PROGRAM_NOT_IN_SEGMENT',
    );
  });
});

describe('the grace period', () => {
  it('is 30 days for BPU and PU and none for PMI, each flagged UNCONFIRMED', () => {
    assert.equal(gracePeriodOf('BPU', '2026-01-01').value, 30);
    assert.equal(gracePeriodOf('PU', '2026-01-01').value, 30);
    assert.equal(gracePeriodOf('PMI', '2026-01-01').value, 0);
    for (const segment of ['BPU', 'PU', 'PMI'] as const) assert.equal(gracePeriodOf(segment, '2026-01-01').status, 'UNCONFIRMED');
  });

  it('runs for 30 days after the last covered day of a BPU member', () => {
    assert.equal(isInGrace('2026-01-31', '2026-02-01', 'BPU'), true);
    assert.equal(isInGrace('2026-01-31', '2026-03-02', 'BPU'), true);
    assert.equal(isInGrace('2026-01-31', '2026-03-03', 'BPU'), false);
  });

  it('does not include covered days', () => {
    assert.equal(isInGrace('2026-01-31', '2026-01-31', 'PU'), false);
    assert.equal(isInGrace('2026-01-31', '2026-01-01', 'PU'), false);
  });

  it('never applies to a PMI', () => {
    assert.equal(isInGrace('2026-01-31', '2026-02-01', 'PMI'), false);
  });

  it('refuses dates that are not on the calendar', () => {
    expectIssue(() => isInGrace('2026-02-30', '2026-03-01', 'BPU'), '/lastCoveredTo', 'INVALID_DATE');
  });
});

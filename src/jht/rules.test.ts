import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  availableForDebit,
  balanceOn,
  buildStatement,
  completedYears,
  correctionProblem,
  daysInYear,
  type LedgerFact,
  partialWithdrawalLimit,
  yearlyYield,
  yieldRateFor,
  yieldRates,
} from './rules.ts';

const entry = (valueDate: string, amount: number): LedgerFact => ({ valueDate, amount });

describe('the yield rate table', () => {
  it('holds the recent years as data, each with a source and a status', () => {
    for (const year of [2022, 2023, 2024, 2025]) {
      const rate = yieldRateFor(year);
      assert.ok(rate, `no rate for ${year}`);
      assert.ok(Number.isInteger(rate.basisPoints) && rate.basisPoints > 0);
      assert.ok(rate.source.length > 0);
    }
    assert.equal(new Set(yieldRates.map((r) => r.year)).size, yieldRates.length, 'one rate per year');
  });

  it('flags the placeholder figures as UNCONFIRMED and says they must be replaced', () => {
    for (const rate of yieldRates) {
      assert.equal(rate.status, 'UNCONFIRMED');
      assert.match(rate.source, /^placeholder: replace with the institution's published figure/);
    }
  });

  it('has no rate for a year that is not in the table', () => {
    assert.equal(yieldRateFor(1999), undefined);
  });
});

describe('balances', () => {
  const ledger = [entry('2025-01-10', 100_000), entry('2025-02-10', 200_000), entry('2025-03-01', -50_000)];

  it('counts every entry valued on or before the date, including that day', () => {
    assert.equal(balanceOn(ledger, '2025-01-09'), 0);
    assert.equal(balanceOn(ledger, '2025-01-10'), 100_000);
    assert.equal(balanceOn(ledger, '2025-02-28'), 300_000);
    assert.equal(balanceOn(ledger, '2025-03-01'), 250_000);
  });

  it('makes available for a debit the lowest balance from its value date on', () => {
    assert.equal(availableForDebit(ledger, '2025-03-01'), 250_000);
    // Dated back to February, a debit must leave room for the withdrawal of 1 March.
    assert.equal(availableForDebit(ledger, '2025-02-15'), 250_000);
    assert.equal(availableForDebit(ledger, '2025-01-15'), 100_000);
    assert.equal(availableForDebit(ledger, '2024-12-31'), 0);
  });

  it('nets the entries of one day before taking the lowest balance', () => {
    const sameDay = [entry('2025-01-01', 100), entry('2025-06-01', -100), entry('2025-06-01', 500)];
    assert.equal(availableForDebit(sameDay, '2025-01-01'), 100);
    assert.equal(availableForDebit(sameDay, '2025-06-01'), 500);
  });

  it('counts whole years of membership from the registration date', () => {
    assert.equal(completedYears('2015-03-10', '2025-03-09'), 9);
    assert.equal(completedYears('2015-03-10', '2025-03-10'), 10);
    assert.equal(completedYears('2016-02-29', '2026-02-28'), 9);
    assert.equal(completedYears('2025-01-01', '2024-01-01'), 0);
  });
});

describe('the yearly development yield', () => {
  it('earns a whole year on what was there before the year or came on 1 January', () => {
    assert.equal(yearlyYield([entry('2023-05-01', 1_000_000)], 2025, 500), 50_000);
    assert.equal(yearlyYield([entry('2025-01-01', 1_000_000)], 2025, 500), 50_000);
  });

  it('weighs each entry by the days it is held in the year, worked by hand', () => {
    // 1,000,000 all year: 1,000,000 × 5 % = 50,000
    // 365,000 from 1 July: 184 days held → 365,000 × 5 % × 184 / 365 = 9,200
    // −100,000 from 1 December: 31 days → −100,000 × 5 % × 31 / 365 = −424.657…
    // 50,000 + 9,200 − 424.657… = 58,775.34… → 58,775
    const ledger = [entry('2025-01-01', 1_000_000), entry('2025-07-01', 365_000), entry('2025-12-01', -100_000)];
    assert.equal(yearlyYield(ledger, 2025, 500), 58_775);
  });

  it('earns one day on an entry of 31 December and nothing on later entries', () => {
    // 7,300,000 × 5 % × 1 / 365 = 1,000
    assert.equal(yearlyYield([entry('2025-12-31', 7_300_000), entry('2026-01-01', 9_999_999)], 2025, 500), 1_000);
  });

  it('divides by 366 in a leap year', () => {
    assert.equal(daysInYear(2024), 366);
    // 7,320,000 × 5 % × 2 / 366 = 2,000 (30 and 31 December)
    assert.equal(yearlyYield([entry('2024-12-30', 7_320_000)], 2024, 500), 2_000);
  });

  it('rounds half up to the rupiah, once per account and year', () => {
    assert.equal(yearlyYield([entry('2025-01-01', 10)], 2025, 500), 1); // 0.5 → 1
    assert.equal(yearlyYield([entry('2025-01-01', 9)], 2025, 500), 0); // 0.45 → 0
    // Two entries of 0.3 each: rounded together (0.6 → 1), not one by one (0 + 0).
    assert.equal(yearlyYield([entry('2025-01-01', 6), entry('2025-01-01', 6)], 2025, 500), 1);
  });

  it('is never negative, even when the weighted sum is', () => {
    assert.equal(yearlyYield([entry('2025-06-01', -1_000)], 2025, 500), 0);
  });

  it('stays exact for large balances', () => {
    // 10^13 rupiah all year at 5 %: 5 × 10^11 exactly.
    assert.equal(yearlyYield([entry('2020-01-01', 10_000_000_000_000)], 2025, 500), 500_000_000_000);
  });
});

describe('statements', () => {
  const ledger = [
    { id: 1, valueDate: '2024-11-01', amount: 500_000 },
    { id: 3, valueDate: '2025-02-01', amount: -100_000 },
    { id: 2, valueDate: '2025-01-15', amount: 200_000 },
    { id: 4, valueDate: '2025-04-01', amount: 50_000 },
  ];

  it('opens with the balance before the period, lists its entries in value-date order and closes with the balance at its end', () => {
    const statement = buildStatement(ledger, { from: '2025-01-01', to: '2025-03-31' });
    assert.equal(statement.openingBalance, 500_000);
    assert.deepEqual(
      statement.entries.map((e) => [e.id, e.balanceAfter]),
      [
        [2, 700_000],
        [3, 600_000],
      ],
    );
    assert.equal(statement.totalCredits, 200_000);
    assert.equal(statement.totalDebits, -100_000);
    assert.equal(statement.closingBalance, 600_000);
  });

  it('adds what the caller carried in from earlier entries to the opening balance', () => {
    const statement = buildStatement(ledger.slice(1), { from: '2025-01-01', to: '2025-12-31' }, 500_000);
    assert.equal(statement.openingBalance, 500_000);
    assert.equal(statement.closingBalance, 650_000);
  });
});

describe('corrections', () => {
  it('may reduce a credit to nothing but not below', () => {
    assert.equal(correctionProblem({ entryType: 'CONTRIBUTION', amount: 100 }, 0, -100), undefined);
    assert.equal(correctionProblem({ entryType: 'CONTRIBUTION', amount: 100 }, -40, -61), 'CORRECTION_REVERSES_TOO_MUCH');
    assert.equal(correctionProblem({ entryType: 'CONTRIBUTION', amount: 100 }, 0, 20), undefined);
  });

  it('may reduce a withdrawal to nothing but not turn it into a credit', () => {
    assert.equal(correctionProblem({ entryType: 'WITHDRAWAL', amount: -100 }, 0, 100), undefined);
    assert.equal(correctionProblem({ entryType: 'WITHDRAWAL', amount: -100 }, 0, 101), 'CORRECTION_REVERSES_TOO_MUCH');
  });

  it('refuses to correct a correction, or by nothing', () => {
    assert.equal(correctionProblem({ entryType: 'CORRECTION', amount: -10 }, 0, 10), 'CORRECTION_OF_CORRECTION');
    assert.equal(correctionProblem({ entryType: 'YIELD', amount: 10 }, 0, 0), 'CORRECTION_IS_ZERO');
  });
});

describe('partial withdrawal (PP 46/2015 Art. 22)', () => {
  it('allows up to 30 % of the balance for housing after 10 years of membership', () => {
    assert.deepEqual(partialWithdrawalLimit(10_000_001, 'HOUSING', 10, 0), {
      eligible: true,
      limit: 3_000_000,
      shareBasisPoints: 3000,
      source: 'PP 46/2015 Art. 22 (RULES.md, "JHT and JKm")',
    });
  });

  it('allows up to 10 % for other purposes, rounded down to the rupiah', () => {
    const result = partialWithdrawalLimit(12_345_679, 'OTHER', 15, 0);
    assert.ok(result.eligible);
    assert.equal(result.limit, 1_234_567);
  });

  it('refuses before 10 years of membership', () => {
    const result = partialWithdrawalLimit(50_000_000, 'HOUSING', 9, 0);
    assert.equal(result.eligible, false);
    assert.equal(!result.eligible && result.reason, 'MEMBERSHIP_TOO_SHORT');
  });

  it('refuses a second partial withdrawal, whatever its purpose', () => {
    const result = partialWithdrawalLimit(50_000_000, 'OTHER', 12, 1);
    assert.equal(!result.eligible && result.reason, 'PARTIAL_WITHDRAWAL_ALREADY_TAKEN');
  });

  it('refuses an empty account', () => {
    const result = partialWithdrawalLimit(0, 'OTHER', 12, 0);
    assert.equal(!result.eligible && result.reason, 'NO_BALANCE');
  });
});

// ---------------------------------------------------------------------------------------
// Properties

const day = fc.integer({ min: 0, max: 3 * 366 }).map((n) => new Date(Date.UTC(2023, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
const ledgerArbitrary = fc.array(
  fc.record({ valueDate: day, amount: fc.integer({ min: -5_000_000, max: 5_000_000 }).filter((n) => n !== 0) }),
  { maxLength: 30 },
);

/** A ledger as the service builds it: each debit is accepted only when available, in recording order. */
const soundLedger = ledgerArbitrary.map((attempts) => {
  const accepted: LedgerFact[] = [];
  for (const attempt of attempts) {
    if (attempt.amount > 0 || -attempt.amount <= availableForDebit(accepted, attempt.valueDate)) accepted.push(attempt);
  }
  return accepted;
});

const everyDay = (from: string, to: string) => {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
};

describe('properties', () => {
  it('a balance on any date is the sum of the entries valued on or before it', () => {
    fc.assert(
      fc.property(ledgerArbitrary, day, (ledger, date) => {
        const expected = ledger.filter((e) => e.valueDate <= date).reduce((sum, e) => sum + e.amount, 0);
        assert.equal(balanceOn(ledger, date), expected);
      }),
    );
  });

  it('debits accepted only up to what is available never take any end-of-day balance below zero', () => {
    fc.assert(
      fc.property(soundLedger, (ledger) => {
        for (const date of new Set(ledger.map((e) => e.valueDate))) assert.ok(balanceOn(ledger, date) >= 0, date);
      }),
    );
  });

  it('the yield is never negative for an account whose balance never is', () => {
    fc.assert(
      fc.property(soundLedger, fc.integer({ min: 2023, max: 2025 }), fc.integer({ min: 0, max: 2000 }), (ledger, year, basisPoints) => {
        assert.ok(yearlyYield(ledger, year, basisPoints) >= 0);
      }),
    );
  });

  it('the day-weighted yield equals the end-of-day balances of the year summed day by day', () => {
    fc.assert(
      fc.property(soundLedger, fc.integer({ min: 2023, max: 2025 }), (ledger, year) => {
        const dailySum = everyDay(`${year}-01-01`, `${year}-12-31`).reduce((sum, d) => sum + BigInt(balanceOn(ledger, d)), 0n);
        const numerator = dailySum * 500n;
        const denominator = 10_000n * BigInt(daysInYear(year));
        const expected = numerator <= 0n ? 0 : Number((2n * numerator + denominator) / (2n * denominator));
        assert.equal(yearlyYield(ledger, year, 500), expected);
      }),
      { numRuns: 50 },
    );
  });

  it('a statement closes at its opening plus its entries, and at the balance on its last day', () => {
    fc.assert(
      fc.property(ledgerArbitrary, day, day, (ledger, a, b) => {
        const [from, to] = a <= b ? [a, b] : [b, a];
        const statement = buildStatement(
          ledger.map((e, id) => ({ ...e, id })),
          { from, to },
        );
        assert.equal(statement.closingBalance, statement.openingBalance + statement.totalCredits + statement.totalDebits);
        assert.equal(statement.closingBalance, balanceOn(ledger, to));
      }),
    );
  });
});

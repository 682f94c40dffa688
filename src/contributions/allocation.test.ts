import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { allocatePayment, creditLineCode } from './allocation.ts';

const lines = [
  { code: 'JKK', program: 'JKK', amount: 10_000 },
  { code: 'JKM', program: 'JKM', amount: 6_800 },
  { code: 'JHT', program: 'JHT', amount: 20_000 },
];

describe('allocating a payment over a bill', () => {
  it('fills every line when the payment is the bill’s total', () => {
    assert.deepEqual(allocatePayment(lines, 0, 36_800), [
      { lineCode: 'JKK', program: 'JKK', amount: 10_000 },
      { lineCode: 'JKM', program: 'JKM', amount: 6_800 },
      { lineCode: 'JHT', program: 'JHT', amount: 20_000 },
    ]);
  });

  it('fills the lines in order when the payment falls short', () => {
    assert.deepEqual(allocatePayment(lines, 0, 12_000), [
      { lineCode: 'JKK', program: 'JKK', amount: 10_000 },
      { lineCode: 'JKM', program: 'JKM', amount: 2_000 },
    ]);
  });

  it('continues where an earlier partial payment stopped', () => {
    assert.deepEqual(allocatePayment(lines, 12_000, 24_800), [
      { lineCode: 'JKM', program: 'JKM', amount: 4_800 },
      { lineCode: 'JHT', program: 'JHT', amount: 20_000 },
    ]);
  });

  it('keeps what passes the total as the member’s credit', () => {
    assert.deepEqual(allocatePayment(lines, 30_000, 10_000), [
      { lineCode: 'JHT', program: 'JHT', amount: 6_800 },
      { lineCode: creditLineCode, program: null, amount: 3_200 },
    ]);
  });

  it('always allocates exactly the payment, in positive amounts, whatever was paid before', () => {
    const line = fc.record({ code: fc.string(), program: fc.string(), amount: fc.integer({ min: 1, max: 1_000_000 }) });
    fc.assert(
      fc.property(
        fc.array(line, { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 0, max: 3_000_000 }),
        fc.integer({ min: 1, max: 3_000_000 }),
        (billLines, paidBefore, amount) => {
          const allocations = allocatePayment(billLines, paidBefore, amount);
          assert.equal(
            allocations.reduce((sum, a) => sum + a.amount, 0),
            amount,
          );
          for (const a of allocations) assert.ok(Number.isInteger(a.amount) && a.amount > 0);
        },
      ),
    );
  });

  it('never puts more on a line than the line’s amount, over any sequence of payments', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 20_000 }), { minLength: 1, maxLength: 8 }), (payments) => {
        const byLine = new Map<string, number>();
        let paid = 0;
        for (const amount of payments) {
          for (const a of allocatePayment(lines, paid, amount)) byLine.set(a.lineCode, (byLine.get(a.lineCode) ?? 0) + a.amount);
          paid += amount;
        }
        for (const line of lines) assert.ok((byLine.get(line.code) ?? 0) <= line.amount);
      }),
    );
  });
});

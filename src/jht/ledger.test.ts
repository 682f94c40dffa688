import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { sql } from 'kysely';
import type { AppContext } from '../context.ts';
import { fixedClock } from '../kernel/clock.ts';
import { DomainError } from '../kernel/errors.ts';
import { findMembershipRef, registerMember } from '../membership/service.ts';
import { bpuRegistration } from '../testing/fixtures.ts';
import { createTestContext } from '../testing/harness.ts';
import { balanceOn } from './rules.ts';
import { correctEntry, creditJht, debitJht, jhtBalance, jhtBalanceOf, jhtStatement } from './service.ts';

let ctx: AppContext & { close(): Promise<void> };

before(async () => {
  ctx = await createTestContext({ clock: fixedClock('2026-03-01T03:00:00Z') });
});

after(async () => {
  await ctx.close();
});

/** A new member with an empty JHT account. */
async function newAccount(): Promise<{ id: string; membershipNumber: string }> {
  const { membershipNumber } = await registerMember(ctx, bpuRegistration(), undefined);
  const ref = await findMembershipRef(ctx, membershipNumber, undefined);
  return { id: ref.id, membershipNumber };
}

let references = 0;
const nextReference = (prefix = 'payment') => `${prefix}:${++references}:JHT`;

function credit(membershipId: string, valueDate: string, amount: number, reference = nextReference()) {
  return creditJht(ctx.db, { membershipId, amount, valueDate, reference, recordedBy: 'test' });
}

function debit(membershipId: string, valueDate: string, amount: number, reference = nextReference('claim')) {
  return debitJht(ctx.db, { membershipId, amount, valueDate, reference, recordedBy: 'test' });
}

async function rejection(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof DomainError, String(error));
    return error;
  }
  assert.fail('expected a refusal');
}

async function databaseRefusal(statement: Promise<unknown>): Promise<Error & { code?: string; hint?: string }> {
  try {
    await statement;
  } catch (error) {
    return error as Error & { code?: string; hint?: string };
  }
  assert.fail('the database accepted the statement');
}

async function ledgerCount(membershipId: string): Promise<number> {
  const row = await ctx.db
    .selectFrom('jht_ledger')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('membership_id', '=', membershipId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('credits and balances', () => {
  it('gives the balance at the end of any date from the credits valued on or before it', async () => {
    const account = await newAccount();
    await credit(account.id, '2025-01-31', 100_000);
    await credit(account.id, '2025-02-28', 150_000);
    await credit(account.id, '2025-03-31', 200_000);
    const on = async (date: string) => (await jhtBalance(ctx, account.membershipNumber, date, undefined)).balance;
    assert.equal(await on('2025-01-30'), 0);
    assert.equal(await on('2025-01-31'), 100_000);
    assert.equal(await on('2025-03-30'), 250_000);
    assert.equal(await on('2025-12-31'), 450_000);
    assert.equal(await jhtBalanceOf(ctx.db, account.id, '2025-02-28'), 250_000);
  });

  it('gives today’s balance when no date is given', async () => {
    const account = await newAccount();
    await credit(account.id, '2026-03-01', 10_000);
    await credit(account.id, '2026-03-02', 99_000);
    const balance = await jhtBalance(ctx, account.membershipNumber, undefined, undefined);
    assert.deepEqual(balance, {
      membershipNumber: account.membershipNumber,
      date: '2026-03-01',
      balance: 10_000,
      unconfirmedYieldYears: [],
    });
  });

  it('answers the original entry when the same reference is credited again, and credits once', async () => {
    const account = await newAccount();
    const first = await credit(account.id, '2025-05-05', 75_000, 'payment:P-1:JHT');
    const again = await credit(account.id, '2025-05-05', 75_000, 'payment:P-1:JHT');
    assert.equal(first.created, true);
    assert.equal(again.created, false);
    assert.deepEqual(again.entry, first.entry);
    assert.equal(await ledgerCount(account.id), 1);
    assert.equal(await jhtBalanceOf(ctx.db, account.id, '2025-12-31'), 75_000);
  });

  it('refuses a reference reused with a different amount as a conflict, and writes nothing', async () => {
    const account = await newAccount();
    const first = await credit(account.id, '2025-05-05', 75_000, 'payment:P-2:JHT');
    const error = await rejection(credit(account.id, '2025-05-05', 80_000, 'payment:P-2:JHT'));
    assert.equal(error.kind, 'conflict');
    assert.equal(error.code, 'JHT_REFERENCE_REUSED');
    assert.equal(error.extensions.entryId, first.entry.id);
    assert.equal(await ledgerCount(account.id), 1);
  });

  it('lets two accounts use the same reference', async () => {
    const [a, b] = [await newAccount(), await newAccount()];
    assert.equal((await credit(a.id, '2025-05-05', 1_000, 'yield:shared')).created, true);
    assert.equal((await credit(b.id, '2025-05-05', 2_000, 'yield:shared')).created, true);
  });

  it('refuses a credit of zero, a negative or fractional amount, a bad date and a blank reference, all at once', async () => {
    const account = await newAccount();
    const error = await rejection(
      creditJht(ctx.db, { membershipId: account.id, amount: 0, valueDate: '2025-02-30', reference: ' ', recordedBy: 'test' }),
    );
    assert.equal(error.code, 'VALIDATION_FAILED');
    assert.deepEqual(
      error.issues.map((i) => i.pointer),
      ['/amount', '/valueDate', '/reference'],
    );
    for (const amount of [-1, 1.5]) {
      assert.equal((await rejection(credit(account.id, '2025-01-01', amount))).code, 'VALIDATION_FAILED');
    }
    assert.equal(await ledgerCount(account.id), 0);
  });

  it('joins the caller’s transaction: a credit rolled back with it leaves nothing', async () => {
    const account = await newAccount();
    await assert.rejects(
      ctx.db.transaction().execute(async (trx) => {
        await creditJht(trx, {
          membershipId: account.id,
          amount: 5_000,
          valueDate: '2025-01-01',
          reference: 'payment:rolled-back:JHT',
          recordedBy: 'test',
        });
        throw new Error('the payment failed later');
      }),
      /the payment failed later/,
    );
    assert.equal(await ledgerCount(account.id), 0);
  });
});

describe('the ledger is append-only in the database', () => {
  it('refuses an UPDATE with a clear message', async () => {
    const account = await newAccount();
    const { entry } = await credit(account.id, '2025-01-01', 10_000);
    const error = await databaseRefusal(sql`update jht_ledger set amount = 999999 where id = ${entry.id}`.execute(ctx.db));
    assert.match(error.message, /jht_ledger is append-only: UPDATE refused/);
    assert.match(String(error.hint), /CORRECTION/);
    assert.equal(await jhtBalanceOf(ctx.db, account.id, '2025-12-31'), 10_000);
  });

  it('refuses a DELETE with a clear message', async () => {
    const account = await newAccount();
    const { entry } = await credit(account.id, '2025-01-01', 10_000);
    const error = await databaseRefusal(sql`delete from jht_ledger where id = ${entry.id}`.execute(ctx.db));
    assert.match(error.message, /jht_ledger is append-only: DELETE refused/);
    assert.equal(await ledgerCount(account.id), 1);
  });

  it('refuses a TRUNCATE', async () => {
    const error = await databaseRefusal(sql`truncate jht_ledger`.execute(ctx.db));
    assert.match(error.message, /jht_ledger is append-only: TRUNCATE refused/);
  });

  it('refuses a correction without the entry it corrects, and a credit with a negative amount', async () => {
    const account = await newAccount();
    const insert = (entryType: string, amount: number, corrects: number | null) =>
      sql`insert into jht_ledger (membership_id, entry_type, amount, value_date, reference, corrects_entry_id, recorded_by)
          values (${account.id}, ${entryType}, ${amount}, '2025-01-01', ${nextReference('raw')}, ${corrects}, 'test')`.execute(ctx.db);
    assert.match((await databaseRefusal(insert('CORRECTION', 100, null))).message, /jht_ledger_correction_references_entry/);
    assert.match((await databaseRefusal(insert('CONTRIBUTION', -100, null))).message, /jht_ledger_amount_sign/);
    assert.match((await databaseRefusal(insert('WITHDRAWAL', 100, null))).message, /jht_ledger_amount_sign/);
  });

  it('refuses a correction that references another account’s entry', async () => {
    const [mine, theirs] = [await newAccount(), await newAccount()];
    const { entry } = await credit(theirs.id, '2025-01-01', 10_000);
    const error = await databaseRefusal(
      sql`insert into jht_ledger (membership_id, entry_type, amount, value_date, reference, corrects_entry_id, recorded_by)
          values (${mine.id}, 'CORRECTION', -100, '2025-01-01', 'raw:cross', ${entry.id}, 'test')`.execute(ctx.db),
    );
    assert.match(error.message, /jht_ledger_corrects_entry/);
  });
});

describe('corrections', () => {
  it('fixes a wrong credit with a new entry that references it, leaving the original as it was', async () => {
    const account = await newAccount();
    const original = await credit(account.id, '2025-01-31', 120_000);
    const fix = await correctEntry(ctx.db, {
      membershipId: account.id,
      correctsEntryId: original.entry.id,
      amount: -20_000,
      valueDate: '2025-01-31',
      reference: 'correction:T-1',
      note: 'Wage was 5,000,000, not 6,000,000',
      recordedBy: 'user:officer',
    });
    assert.equal(fix.entry.entryType, 'CORRECTION');
    assert.equal(fix.entry.correctsEntryId, original.entry.id);
    const statement = await jhtStatement(ctx, account.membershipNumber, { from: '2025-01-01', to: '2025-12-31' }, undefined);
    assert.deepEqual(
      statement.entries.map((e) => [e.entryType, e.amount, e.correctsEntryId]),
      [
        ['CONTRIBUTION', 120_000, null],
        ['CORRECTION', -20_000, original.entry.id],
      ],
    );
    assert.equal(statement.closingBalance, 100_000);
  });

  it('is idempotent by reference like any posting', async () => {
    const account = await newAccount();
    const original = await credit(account.id, '2025-01-31', 120_000);
    const input = {
      membershipId: account.id,
      correctsEntryId: original.entry.id,
      amount: 5_000,
      valueDate: '2025-02-01',
      reference: 'correction:T-2',
      note: 'Late wage increase',
      recordedBy: 'test',
    };
    assert.equal((await correctEntry(ctx.db, input)).created, true);
    assert.equal((await correctEntry(ctx.db, input)).created, false);
    assert.equal((await rejection(correctEntry(ctx.db, { ...input, amount: 6_000 }))).code, 'JHT_REFERENCE_REUSED');
    assert.equal(await jhtBalanceOf(ctx.db, account.id, '2025-12-31'), 125_000);
  });

  it('refuses to reverse more than the entry, to correct a correction, an unknown entry, or without a note', async () => {
    const account = await newAccount();
    const original = await credit(account.id, '2025-01-31', 100_000);
    const base = { membershipId: account.id, valueDate: '2025-02-01', note: 'fix', recordedBy: 'test' };
    const first = await correctEntry(ctx.db, { ...base, correctsEntryId: original.entry.id, amount: -60_000, reference: 'correction:T-3' });
    const tooMuch = await rejection(
      correctEntry(ctx.db, { ...base, correctsEntryId: original.entry.id, amount: -40_001, reference: 'correction:T-4' }),
    );
    assert.equal(tooMuch.code, 'CORRECTION_REVERSES_TOO_MUCH');
    const ofCorrection = await rejection(
      correctEntry(ctx.db, { ...base, correctsEntryId: first.entry.id, amount: 1, reference: 'correction:T-5' }),
    );
    assert.equal(ofCorrection.code, 'CORRECTION_OF_CORRECTION');
    const unknown = await rejection(
      correctEntry(ctx.db, { ...base, correctsEntryId: 987_654_321, amount: 1, reference: 'correction:T-6' }),
    );
    assert.equal(unknown.code, 'JHT_ENTRY_NOT_FOUND');
    const noNote = await rejection(
      correctEntry(ctx.db, { ...base, note: ' ', correctsEntryId: original.entry.id, amount: 1, reference: 'correction:T-7' }),
    );
    assert.equal(noNote.issues[0]?.pointer, '/note');
    assert.equal(await jhtBalanceOf(ctx.db, account.id, '2025-12-31'), 40_000);
  });

  it('refuses a negative correction of money already withdrawn', async () => {
    const account = await newAccount();
    const original = await credit(account.id, '2025-01-31', 100_000);
    await debit(account.id, '2025-02-15', 90_000);
    const error = await rejection(
      correctEntry(ctx.db, {
        membershipId: account.id,
        correctsEntryId: original.entry.id,
        amount: -20_000,
        valueDate: '2025-01-31',
        reference: 'correction:T-8',
        note: 'Payment bounced',
        recordedBy: 'test',
      }),
    );
    assert.equal(error.code, 'JHT_INSUFFICIENT_BALANCE');
    assert.equal(error.extensions.available, 10_000);
  });
});

describe('withdrawals', () => {
  it('takes money out as a negative entry', async () => {
    const account = await newAccount();
    await credit(account.id, '2025-01-31', 300_000);
    const { entry } = await debit(account.id, '2025-06-01', 100_000, 'claim:C-1');
    assert.equal(entry.entryType, 'WITHDRAWAL');
    assert.equal(entry.amount, -100_000);
    assert.equal(await jhtBalanceOf(ctx.db, account.id, '2025-06-01'), 200_000);
  });

  it('refuses to take out more than the balance, and writes nothing', async () => {
    const account = await newAccount();
    await credit(account.id, '2025-01-31', 300_000);
    const error = await rejection(debit(account.id, '2025-06-01', 300_001));
    assert.equal(error.code, 'JHT_INSUFFICIENT_BALANCE');
    assert.equal(error.kind, 'conflict');
    assert.equal(error.extensions.available, 300_000);
    assert.equal(await ledgerCount(account.id), 1);
  });

  it('refuses a withdrawal dated before the money came in', async () => {
    const account = await newAccount();
    await credit(account.id, '2025-06-01', 300_000);
    assert.equal((await rejection(debit(account.id, '2025-05-31', 1))).code, 'JHT_INSUFFICIENT_BALANCE');
  });

  it('refuses a backdated withdrawal that would leave a later one uncovered', async () => {
    const account = await newAccount();
    await credit(account.id, '2025-01-01', 100_000);
    await debit(account.id, '2025-09-01', 80_000);
    assert.equal((await rejection(debit(account.id, '2025-03-01', 30_000))).code, 'JHT_INSUFFICIENT_BALANCE');
    await debit(account.id, '2025-03-01', 20_000);
    assert.equal(await jhtBalanceOf(ctx.db, account.id, '2025-12-31'), 0);
  });

  it('answers the original withdrawal when the same claim is paid again, and pays once', async () => {
    const account = await newAccount();
    await credit(account.id, '2025-01-31', 300_000);
    const first = await debit(account.id, '2025-06-01', 250_000, 'claim:C-2');
    const again = await debit(account.id, '2025-06-01', 250_000, 'claim:C-2');
    assert.equal(again.created, false);
    assert.deepEqual(again.entry, first.entry);
    assert.equal(await jhtBalanceOf(ctx.db, account.id, '2025-12-31'), 50_000);
  });

  it('never overdraws with two concurrent withdrawals that each fit the balance alone', async () => {
    const account = await newAccount();
    await credit(account.id, '2025-01-31', 1_000_000);
    const outcomes = await Promise.allSettled([debit(account.id, '2025-06-01', 700_000), debit(account.id, '2025-06-01', 700_000)]);
    assert.equal(outcomes.filter((o) => o.status === 'fulfilled').length, 1);
    const refused = outcomes.find((o) => o.status === 'rejected');
    assert.equal((refused as PromiseRejectedResult).reason.code, 'JHT_INSUFFICIENT_BALANCE');
    assert.equal(await jhtBalanceOf(ctx.db, account.id, '2025-12-31'), 300_000);
  });

  it('never overdraws with many concurrent withdrawals', async () => {
    const account = await newAccount();
    await credit(account.id, '2025-01-31', 1_000_000);
    const outcomes = await Promise.allSettled(Array.from({ length: 10 }, () => debit(account.id, '2025-06-01', 150_000)));
    assert.equal(outcomes.filter((o) => o.status === 'fulfilled').length, 6);
    assert.equal(await jhtBalanceOf(ctx.db, account.id, '2025-12-31'), 100_000);
  });

  it('does not hold up withdrawals of another account', async () => {
    const [a, b] = [await newAccount(), await newAccount()];
    await credit(a.id, '2025-01-31', 100);
    await credit(b.id, '2025-01-31', 100);
    const outcomes = await Promise.all([debit(a.id, '2025-06-01', 100), debit(b.id, '2025-06-01', 100)]);
    assert.deepEqual(
      outcomes.map((o) => o.created),
      [true, true],
    );
  });
});

describe('statements', () => {
  it('opens with the balance before the period and closes with the balance at its end', async () => {
    const account = await newAccount();
    await credit(account.id, '2024-12-31', 500_000);
    await credit(account.id, '2025-01-31', 100_000);
    await debit(account.id, '2025-02-15', 50_000);
    await credit(account.id, '2025-04-01', 70_000);
    const statement = await jhtStatement(ctx, account.membershipNumber, { from: '2025-01-01', to: '2025-03-31' }, undefined);
    assert.equal(statement.openingBalance, 500_000);
    assert.deepEqual(
      statement.entries.map((e) => [e.valueDate, e.amount, e.balanceAfter]),
      [
        ['2025-01-31', 100_000, 600_000],
        ['2025-02-15', -50_000, 550_000],
      ],
    );
    assert.equal(statement.totalCredits, 100_000);
    assert.equal(statement.totalDebits, -50_000);
    assert.equal(statement.closingBalance, 550_000);
  });

  it('covers 1 January of this year to today when no period is given', async () => {
    const account = await newAccount();
    const statement = await jhtStatement(ctx, account.membershipNumber, {}, undefined);
    assert.equal(statement.from, '2026-01-01');
    assert.equal(statement.to, '2026-03-01');
  });

  it('refuses a period that ends before it starts', async () => {
    const account = await newAccount();
    const error = await rejection(jhtStatement(ctx, account.membershipNumber, { from: '2025-02-01', to: '2025-01-31' }, undefined));
    assert.equal(error.issues[0]?.code, 'PERIOD_REVERSED');
  });
});

describe('property', () => {
  it('the balance on any date is the sum of the entries valued on or before it', async () => {
    const date = fc.integer({ min: 0, max: 730 }).map((n) => new Date(Date.UTC(2024, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ valueDate: date, amount: fc.integer({ min: -300_000, max: 1_000_000 }).filter((n) => n !== 0) }), {
          maxLength: 12,
        }),
        fc.array(date, { minLength: 1, maxLength: 5 }),
        async (postings, dates) => {
          const account = await newAccount();
          const accepted: Array<{ valueDate: string; amount: number }> = [];
          for (const p of postings) {
            if (p.amount > 0) await credit(account.id, p.valueDate, p.amount);
            else {
              try {
                await debit(account.id, p.valueDate, -p.amount);
              } catch (error) {
                if ((error as DomainError).code === 'JHT_INSUFFICIENT_BALANCE') continue;
                throw error;
              }
            }
            accepted.push(p);
          }
          for (const d of dates) {
            const expected = accepted.filter((e) => e.valueDate <= d).reduce((sum, e) => sum + e.amount, 0);
            assert.equal(await jhtBalanceOf(ctx.db, account.id, d), expected);
            assert.equal(balanceOn(accepted, d), expected);
            assert.ok(expected >= 0, 'no balance is ever below zero');
          }
        },
      ),
      { numRuns: 15 },
    );
  });
});

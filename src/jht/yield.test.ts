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
import { type LedgerFact, yearlyYield } from './rules.ts';
import { creditJht, debitJht, jhtBalance, jhtStatement, postYearlyYield } from './service.ts';

type Context = AppContext & { close(): Promise<void> };

// Early March 2026: 2025 is over, 2026 is not.
const clock = fixedClock('2026-03-01T03:00:00Z');
const supervisor = { postedBy: 'user:supervisor' };
const accepting = { ...supervisor, acceptUnconfirmedRate: true };

async function newAccount(ctx: Context) {
  const { membershipNumber } = await registerMember(ctx, bpuRegistration(), undefined);
  return { id: (await findMembershipRef(ctx, membershipNumber, undefined)).id, membershipNumber };
}

let references = 0;
function credit(ctx: Context, membershipId: string, valueDate: string, amount: number) {
  return creditJht(ctx.db, { membershipId, amount, valueDate, reference: `payment:${++references}:JHT`, recordedBy: 'test' });
}

function debit(ctx: Context, membershipId: string, valueDate: string, amount: number) {
  return debitJht(ctx.db, { membershipId, amount, valueDate, reference: `claim:${++references}`, recordedBy: 'test' });
}

async function yieldEntries(ctx: Context, year: number) {
  return ctx.db
    .selectFrom('jht_ledger')
    .select(['membership_id', 'amount', 'value_date', 'note'])
    .where('reference', '=', `yield:${year}`)
    .where('entry_type', '=', 'YIELD')
    .execute();
}

async function ledgerSize(ctx: Context) {
  const row = await ctx.db
    .selectFrom('jht_ledger')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof DomainError, String(error));
    return error;
  }
  assert.fail('expected a refusal');
}

describe('posting a year’s yield', () => {
  let ctx: Context;
  let worked: { id: string; membershipNumber: string };
  let tenRupiah: { id: string };
  let nineRupiah: { id: string };
  let joinedLater: { id: string };

  before(async () => {
    ctx = await createTestContext({ clock });
    worked = await newAccount(ctx);
    await credit(ctx, worked.id, '2025-01-01', 1_000_000);
    await credit(ctx, worked.id, '2025-07-01', 365_000);
    await debit(ctx, worked.id, '2025-12-01', 100_000);
    tenRupiah = await newAccount(ctx);
    await credit(ctx, tenRupiah.id, '2025-01-01', 10);
    nineRupiah = await newAccount(ctx);
    await credit(ctx, nineRupiah.id, '2025-01-01', 9);
    joinedLater = await newAccount(ctx);
    await credit(ctx, joinedLater.id, '2026-01-15', 5_000_000);
  });

  after(async () => {
    await ctx.close();
  });

  it('refuses a year that is not over yet', async () => {
    assert.equal((await refusal(postYearlyYield(ctx, 2026, accepting))).code, 'YIELD_YEAR_NOT_OVER');
  });

  it('refuses a year without a rate in the table', async () => {
    assert.equal((await refusal(postYearlyYield(ctx, 2021, accepting))).code, 'YIELD_RATE_UNKNOWN');
  });

  it('refuses an UNCONFIRMED rate unless the caller accepts it, and writes nothing', async () => {
    const error = await refusal(postYearlyYield(ctx, 2025, supervisor));
    assert.equal(error.code, 'YIELD_RATE_UNCONFIRMED');
    assert.equal((error.extensions.rate as { status: string }).status, 'UNCONFIRMED');
    assert.equal((await yieldEntries(ctx, 2025)).length, 0);
  });

  it('credits each account its day-weighted yield, valued 31 December, as worked by hand', async () => {
    const posting = await postYearlyYield(ctx, 2025, accepting);
    // worked: 50,000 + 9,200 − 424.66 = 58,775.34 → 58,775; ten rupiah: 0.5 → 1; nine rupiah: 0.45 → 0.
    assert.deepEqual(
      { accounts: posting.accounts, total: posting.total, alreadyPosted: posting.alreadyPosted, rate: posting.rate.basisPoints },
      { accounts: 2, total: 58_776, alreadyPosted: false, rate: 500 },
    );
    assert.equal(posting.rate.status, 'UNCONFIRMED');
    const entries = new Map((await yieldEntries(ctx, 2025)).map((e) => [e.membership_id, e]));
    assert.equal(entries.get(worked.id)?.amount, 58_775);
    assert.equal(entries.get(worked.id)?.value_date, '2025-12-31');
    assert.match(entries.get(worked.id)?.note ?? '', /UNCONFIRMED/);
    assert.equal(entries.get(tenRupiah.id)?.amount, 1);
    assert.equal(entries.has(nineRupiah.id), false, 'a yield that rounds to nothing is not posted');
    assert.equal(entries.has(joinedLater.id), false, 'money that came after the year earns nothing in it');
  });

  it('adds nothing when the year is posted again, and answers the first posting', async () => {
    const before = await ledgerSize(ctx);
    const again = await postYearlyYield(ctx, 2025, accepting);
    assert.equal(again.alreadyPosted, true);
    assert.equal(again.accounts, 2);
    assert.equal(again.total, 58_776);
    assert.equal(await ledgerSize(ctx), before);
  });

  it('shows the unconfirmed rate wherever the yield appears: balance and statement', async () => {
    const balance = await jhtBalance(ctx, worked.membershipNumber, '2025-12-31', undefined);
    assert.equal(balance.balance, 1_265_000 + 58_775);
    assert.deepEqual(balance.unconfirmedYieldYears, [2025]);
    assert.deepEqual((await jhtBalance(ctx, worked.membershipNumber, '2025-12-30', undefined)).unconfirmedYieldYears, []);
    const statement = await jhtStatement(ctx, worked.membershipNumber, { from: '2025-12-01', to: '2025-12-31' }, undefined);
    const yieldLine = statement.entries.find((e) => e.entryType === 'YIELD');
    assert.deepEqual(yieldLine?.yieldRate, {
      year: 2025,
      basisPoints: 500,
      status: 'UNCONFIRMED',
      source: "placeholder: replace with the institution's published figure",
    });
    assert.equal(statement.entries.find((e) => e.entryType === 'WITHDRAWAL')?.yieldRate, null);
  });

  it('keeps the postings append-only in the database', async () => {
    await assert.rejects(sql`update jht_yield_postings set total = 0`.execute(ctx.db), /jht_yield_postings is append-only: UPDATE refused/);
    await assert.rejects(sql`delete from jht_yield_postings`.execute(ctx.db), /jht_yield_postings is append-only: DELETE refused/);
  });
});

describe('posting years in order', () => {
  let ctx: Context;
  let account: { id: string; membershipNumber: string };

  before(async () => {
    ctx = await createTestContext({ clock });
    account = await newAccount(ctx);
    await credit(ctx, account.id, '2024-12-30', 7_320_000);
  });

  after(async () => {
    await ctx.close();
  });

  it('refuses a year while the year before, which has a rate, is not posted', async () => {
    assert.equal((await refusal(postYearlyYield(ctx, 2025, accepting))).code, 'YIELD_PREVIOUS_YEAR_NOT_POSTED');
  });

  it('lets last year’s yield earn in this year', async () => {
    // 2024 (leap): 7,320,000 × 5 % × 2 / 366 = 2,000. 2025: 7,322,000 × 5 % = 366,100.
    assert.equal((await postYearlyYield(ctx, 2024, accepting)).total, 2_000);
    assert.equal((await postYearlyYield(ctx, 2025, accepting)).total, 366_100);
    const balance = await jhtBalance(ctx, account.membershipNumber, '2025-12-31', undefined);
    assert.equal(balance.balance, 7_320_000 + 2_000 + 366_100);
    assert.deepEqual(balance.unconfirmedYieldYears, [2024, 2025]);
  });
});

describe('posting with a confirmed rate', () => {
  let ctx: Context;

  before(async () => {
    ctx = await createTestContext({ clock });
  });

  after(async () => {
    await ctx.close();
  });

  it('needs no acceptance and leaves no flag on the balance', async () => {
    const account = await newAccount(ctx);
    await credit(ctx, account.id, '2025-01-01', 2_000_000);
    const rates = [{ year: 2025, basisPoints: 600, status: 'CONFIRMED' as const, source: 'test table' }];
    const posting = await postYearlyYield(ctx, 2025, { ...supervisor, rates });
    assert.equal(posting.total, 120_000);
    assert.equal(posting.rate.status, 'CONFIRMED');
    assert.deepEqual((await jhtBalance(ctx, account.membershipNumber, '2026-01-01', undefined)).unconfirmedYieldYears, []);
  });
});

describe('the set-wise posting and the pure rule', () => {
  let ctx: Context;

  before(async () => {
    ctx = await createTestContext({ clock });
  });

  after(async () => {
    await ctx.close();
  });

  it('agree to the rupiah on random accounts', async () => {
    const postings = fc.record({
      day: fc.integer({ min: 0, max: 364 }),
      amount: fc.integer({ min: -2_000_000, max: 5_000_000 }).filter((n) => n !== 0),
    });
    const [accounts] = fc.sample(fc.array(fc.array(postings, { minLength: 1, maxLength: 8 }), { minLength: 25, maxLength: 25 }), {
      seed: 20251231,
      numRuns: 1,
    });
    const facts = new Map<string, LedgerFact[]>();
    for (const attempts of accounts ?? []) {
      const account = await newAccount(ctx);
      const accepted: LedgerFact[] = [];
      for (const { day, amount } of attempts) {
        const valueDate = new Date(Date.UTC(2025, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
        try {
          if (amount > 0) await credit(ctx, account.id, valueDate, amount);
          else await debit(ctx, account.id, valueDate, -amount);
          accepted.push({ valueDate, amount });
        } catch (error) {
          assert.equal((error as DomainError).code, 'JHT_INSUFFICIENT_BALANCE');
        }
      }
      facts.set(account.id, accepted);
    }
    const posting = await postYearlyYield(ctx, 2025, accepting);
    const posted = new Map((await yieldEntries(ctx, 2025)).map((e) => [e.membership_id, e.amount]));
    let total = 0;
    for (const [id, ledger] of facts) {
      const expected = yearlyYield(ledger, 2025, 500);
      assert.equal(posted.get(id) ?? 0, expected, `account ${id}`);
      total += expected;
    }
    assert.equal(posting.total, total);
  });
});

describe('two postings of the same year at once', () => {
  let ctx: Context;

  before(async () => {
    ctx = await createTestContext({ clock });
  });

  after(async () => {
    await ctx.close();
  });

  it('post the year once', async () => {
    for (let n = 0; n < 5; n++) await credit(ctx, (await newAccount(ctx)).id, '2025-03-01', 1_000_000);
    const postings = await Promise.all([postYearlyYield(ctx, 2025, accepting), postYearlyYield(ctx, 2025, accepting)]);
    assert.deepEqual(postings.map((p) => p.alreadyPosted).sort(), [false, true]);
    assert.equal((await yieldEntries(ctx, 2025)).length, 5);
    assert.deepEqual(
      postings.map((p) => p.total),
      [postings[0]?.total, postings[0]?.total],
    );
  });
});

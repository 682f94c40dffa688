import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AppContext } from '../context.ts';
import { movableClock } from '../kernel/clock.ts';
import { registerMember } from '../membership/service.ts';
import { addVirtualAccountChannel, bpuRegistration } from '../testing/fixtures.ts';
import { createTestContext } from '../testing/harness.ts';
import { issueBill } from './issue-bill.ts';
import { runProtectionChecks } from './protection-run.ts';
import { recordPayment } from './record-payment.ts';

const clock = movableClock('2026-11-25T03:00:00Z');
let ctx: AppContext & { close(): Promise<void> };
let membershipNumber: string;
let membershipId: string;

before(async () => {
  ctx = await createTestContext({ clock });
  await addVirtualAccountChannel(ctx.db);
  membershipNumber = (await registerMember(ctx, bpuRegistration(), undefined)).membershipNumber;
  membershipId = (
    await ctx.db.selectFrom('memberships').select('id').where('membership_number', '=', membershipNumber).executeTakeFirstOrThrow()
  ).id;
  const bill = await issueBill(
    ctx,
    membershipNumber,
    { item: 'MONTHLY', periodStart: '2026-12-01', months: 1, programs: ['JKK', 'JKM'] },
    undefined,
  );
  await recordPayment(
    ctx,
    { channelCode: 'BNI-VA', channelReference: 'P-1', billNumber: bill.billNumber, amount: bill.amount, paidAt: '2026-11-25T02:00:00Z' },
    'NOTIFICATION',
    'test',
  );
});

after(async () => {
  await ctx?.close();
});

async function reminders() {
  return ctx.db
    .selectFrom('outbox')
    .select('payload')
    .where('topic', '=', 'notification.member')
    .execute()
    .then((rows) =>
      rows
        .map((r) => r.payload as { template: string; membershipNumber?: string; coveredTo?: string })
        .filter((p) => p.template === 'COVERAGE_ENDING'),
    );
}

async function status() {
  return (await ctx.db.selectFrom('memberships').select('status').where('id', '=', membershipId).executeTakeFirstOrThrow()).status;
}

describe('the daily protection check', () => {
  it('sends no reminder while the end of protection is more than two weeks away', async () => {
    assert.equal(await status(), 'ACTIVE');
    assert.deepEqual(await runProtectionChecks(ctx), { reminded: 0, lapsed: 0 });
  });

  it('reminds a member once when their protection ends within two weeks, however often it runs', async () => {
    clock.set('2026-12-20T03:00:00Z');
    assert.deepEqual(await runProtectionChecks(ctx), { reminded: 1, lapsed: 0 });
    assert.deepEqual(await runProtectionChecks(ctx), { reminded: 0, lapsed: 0 });
    const sent = await reminders();
    assert.deepEqual(
      sent.map((r) => [r.membershipNumber, r.coveredTo]),
      [[membershipNumber, '2026-12-31']],
    );
  });

  it('keeps the membership active through the grace period, then lets it lapse with a reason in its history', async () => {
    clock.set('2027-01-25T03:00:00Z');
    assert.equal((await runProtectionChecks(ctx)).lapsed, 0, 'within 30 days of the end');
    clock.set('2027-02-05T03:00:00Z');
    assert.equal((await runProtectionChecks(ctx)).lapsed, 1);
    assert.equal(await status(), 'LAPSED');
    const history = await ctx.db
      .selectFrom('membership_status_history')
      .select(['status', 'reason'])
      .where('membership_id', '=', membershipId)
      .orderBy('id')
      .execute();
    assert.equal(history.at(-1)?.status, 'LAPSED');
    assert.match(history.at(-1)?.reason ?? '', /30 days/);
    assert.equal((await runProtectionChecks(ctx)).lapsed, 0, 'lapses once');
  });

  it('makes a lapsed membership active again when it pays', async () => {
    const bill = await issueBill(
      ctx,
      membershipNumber,
      { item: 'MONTHLY', periodStart: '2027-02-01', months: 1, programs: ['JKK', 'JKM'] },
      undefined,
    );
    await recordPayment(
      ctx,
      { channelCode: 'BNI-VA', channelReference: 'P-2', billNumber: bill.billNumber, amount: bill.amount, paidAt: '2027-02-05T02:00:00Z' },
      'NOTIFICATION',
      'test',
    );
    assert.equal(await status(), 'ACTIVE');
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AppContext } from '../context.ts';
import { movableClock } from '../kernel/clock.ts';
import { extendContract, registerMember } from '../membership/service.ts';
import { addVirtualAccountChannel, placement, pmiRegistration } from '../testing/fixtures.ts';
import { createTestContext } from '../testing/harness.ts';
import { coverageOn } from './coverage.ts';
import { issueBill } from './issue-bill.ts';
import { recordPayment } from './record-payment.ts';

// One migrant worker across the change of regulation on 22 February 2023: the placement
// billed the day before under Permenaker 18/2018, its extension after under 4/2023, and
// the protection running on without a gap.

const clock = movableClock('2023-02-21T03:00:00Z');
let ctx: AppContext & { close(): Promise<void> };
let membershipNumber: string;

before(async () => {
  ctx = await createTestContext({ clock });
  await addVirtualAccountChannel(ctx.db);
  const body = pmiRegistration('DURING_PLACEMENT');
  body.pmi = {
    phase: 'DURING_PLACEMENT',
    placement: placement({ placementRoute: 'INDIVIDUAL', contractStart: '2023-01-01', contractEnd: '2024-12-31' }),
  };
  membershipNumber = (await registerMember(ctx, body, undefined)).membershipNumber;
});

after(async () => {
  await ctx?.close();
});

async function pay(billNumber: string, amount: number, reference: string) {
  return recordPayment(
    ctx,
    { channelCode: 'BNI-VA', channelReference: reference, billNumber, amount, paidAt: clock.now().toISOString() },
    'NOTIFICATION',
    'test',
  );
}

describe('protection across a change of regulation', () => {
  it('prices the placement on 21 February 2023 under Permenaker 18/2018', async () => {
    const bill = await issueBill(ctx, membershipNumber, { item: 'PMI_PLACEMENT' }, undefined);
    assert.equal(bill.regulationId, 'PERMENAKER-18-2018');
    assert.equal(bill.amount, 332_500);
    await pay(bill.billNumber, bill.amount, 'R-1');
  });

  it('prices the extension on 1 March 2023 under Permenaker 4/2023, at Rp 13,500 a month', async () => {
    clock.set('2023-03-01T03:00:00Z');
    await extendContract(ctx, membershipNumber, { newContractEnd: '2025-06-30', channel: 'OFFICER' }, undefined);
    const bill = await issueBill(ctx, membershipNumber, { item: 'PMI_EXTENSION' }, undefined);
    assert.equal(bill.regulationId, 'PERMENAKER-4-2023');
    assert.equal(bill.amount, 6 * 13_500);
    await pay(bill.billNumber, bill.amount, 'R-2');
  });

  it('protects without a gap, each day by the bill of its own regulation', async () => {
    const onDay = (date: string) => coverageOn(ctx, membershipNumber, { program: 'JKK', date }, undefined);
    const first = await onDay('2024-12-31');
    assert.equal(first.covered, true);
    assert.equal(first.reason.bill?.regulationId, 'PERMENAKER-18-2018');
    const next = await onDay('2025-01-01');
    assert.equal(next.covered, true);
    assert.equal(next.reason.bill?.regulationId, 'PERMENAKER-4-2023');
    assert.equal((await onDay('2025-06-30')).covered, true);
  });
});

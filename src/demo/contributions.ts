import type { AppContext } from '../context.ts';
import { createCohort, enrollInCohort, issueCohortBill } from '../contributions/cohorts.ts';
import { type BillRequest, issueBill } from '../contributions/issue-bill.ts';
import { recordPayment } from '../contributions/record-payment.ts';
import { createChannel } from '../contributions/service.ts';
import { DomainError } from '../kernel/errors.ts';

/** At most this many members get bills in the demo, so that start-up stays quick. */
const billedMembers = 900;

/**
 * Bills and payments for the demo: payment channels at home and abroad, the fees of
 * migrant workers and the months of informal workers and wage earners, most of them paid
 * (so memberships turn ACTIVE and coverage answers yes) and some left owing (arrears),
 * and an Askesos cohort billed to the social-affairs ministry.
 */
export async function seedDemoContributions(ctx: AppContext): Promise<{ bills: number; payments: number }> {
  await createChannel(ctx, { code: 'BNI-VA', name: 'BNI virtual account', kind: 'VIRTUAL_ACCOUNT', partnerCode: 'BANK-BNI' });
  await createChannel(ctx, {
    code: 'POS-REMIT-HK',
    name: 'Remittance counter, Hong Kong',
    kind: 'REMITTANCE_ABROAD',
    partnerCode: 'PAY-POSIND',
    currency: 'HKD',
  });
  await createChannel(ctx, {
    code: 'KJRI-HK-DESK',
    name: 'KJRI Hong Kong service desk',
    kind: 'OVER_THE_COUNTER',
    partnerCode: 'KJRI-HONGKONG',
  });
  await createChannel(ctx, {
    code: 'KEMENSOS-TRANSFER',
    name: 'Kemensos treasury transfer',
    kind: 'GOVERNMENT_TRANSFER',
    partnerCode: 'KEMENSOS',
  });

  const members = await ctx.db
    .selectFrom('memberships')
    .select(['membership_number', 'segment', 'pmi_phase', 'registration_channel'])
    .where('status', '<>', 'CLOSED')
    .orderBy('membership_number')
    .limit(billedMembers)
    .execute();
  const today = ctx.clock.today();
  const month = `${today.slice(0, 8)}01`;
  let bills = 0;
  let payments = 0;
  const askesos: string[] = [];
  for (const [index, member] of members.entries()) {
    const request: BillRequest | undefined =
      member.segment === 'PMI'
        ? member.pmi_phase === 'DURING_PLACEMENT'
          ? { item: 'PMI_PLACEMENT' }
          : member.pmi_phase === 'BEFORE_PLACEMENT'
            ? { item: 'PMI_BEFORE_PLACEMENT' }
            : undefined
        : member.segment === 'BPU'
          ? { item: 'MONTHLY', periodStart: month, months: 1, programs: ['JKK', 'JKM', 'JHT'] }
          : { item: 'MONTHLY', periodStart: month, months: 1, programs: ['JKK', 'JKM', 'JHT', 'JP', 'JKP'], riskClass: 2 };
    if (member.segment === 'BPU' && member.registration_channel === 'LPA') askesos.push(member.membership_number);
    if (!request) continue;
    let bill: Awaited<ReturnType<typeof issueBill>>;
    try {
      bill = await issueBill(
        ctx,
        member.membership_number,
        { ...request, programs: 'programs' in request ? [...request.programs] : [] } as never,
        undefined,
      );
    } catch (error) {
      // Some demo members cannot be billed today (e.g. a placement fee for an individual
      // already abroad is fine, a before-placement fee after departure is not): skip them.
      if (error instanceof DomainError) continue;
      throw error;
    }
    bills += 1;
    // One in five owes: the arrears report has something to show.
    if (index % 5 === 4) continue;
    await recordPayment(
      ctx,
      {
        channelCode: 'BNI-VA',
        channelReference: `DEMO-${bill.billNumber}`,
        billNumber: bill.billNumber,
        amount: bill.amount,
        paidAt: ctx.clock.now().toISOString(),
      },
      'NOTIFICATION',
      'system:demo',
    );
    payments += 1;
  }

  if (askesos.length > 0) {
    await createCohort(ctx, {
      code: 'ASKESOS-JATIM-DEMO',
      name: 'Askesos Jawa Timur (demo)',
      payerPartnerCode: 'KEMENSOS',
      monthlyAmounts: { JKK: 12_000, JKM: 3_600 },
      validFrom: month,
    });
    await enrollInCohort(ctx, 'ASKESOS-JATIM-DEMO', { membershipNumbers: askesos, enrolledFrom: month }, undefined);
    await issueCohortBill(ctx, 'ASKESOS-JATIM-DEMO', month.slice(0, 7));
    bills += 1;
  }
  return { bills, payments };
}

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { AppContext } from '../context.ts';
import type { DomainError } from '../kernel/errors.ts';
import { registerMember } from '../membership/service.ts';
import { bpuRegistration, memberWithOpenBill, pmiRegistration } from '../testing/fixtures.ts';
import { createTestContext } from '../testing/harness.ts';
import { importStatement } from './import-statement.ts';
import { listStatementLines } from './list-statement-lines.ts';
import { classifyStagedRows, postClassifiedRows, StatementRaced } from './post-statement.ts';
import { recordPayment } from './record-payment.ts';
import { insertBill } from './store.ts';

let ctx: AppContext & { close(): Promise<void> };
let partnerId: string;

before(async () => {
  ctx = await createTestContext();
  partnerId = (
    await ctx.db
      .insertInto('partners')
      .values({ code: 'KEMENSOS', name: 'Kementerian Sosial', type: 'MINISTRY', country: 'ID' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  await ctx.db
    .insertInto('payment_channels')
    .values({
      code: 'BNI-VA',
      name: 'BNI virtual account',
      kind: 'VIRTUAL_ACCOUNT',
      partner_id: null,
      currency: 'IDR',
      webhook_secret: 's',
    })
    .execute();
});

after(async () => {
  await ctx?.close();
});

const header = 'reference,bill_number,amount,paid_at';
let day = 0;
/** A statement date of its own for each import, so that MISSING_FROM_STATEMENT counts stay apart. */
function nextDay(): string {
  day += 1;
  return `2026-03-${String(day).padStart(2, '0')}`;
}

/** A monthly contribution-assistance bill paying JKK for `members`. */
async function cohortBill(members: string[]) {
  const cohort = await ctx.db
    .insertInto('assistance_cohorts')
    .values({
      code: `COHORT-${randomUUID().slice(0, 8)}`,
      name: 'Test cohort',
      payer_partner_id: partnerId,
      monthly_amounts: JSON.stringify({ JKK: 12_000 }),
      valid_from: '2026-01-01',
      valid_to: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return insertBill(ctx.db, {
    membershipId: null,
    cohortId: cohort.id,
    kind: 'COHORT_MONTHLY',
    payerType: 'GOVERNMENT_PROGRAM',
    payerName: 'Kementerian Sosial',
    regulationId: 'PP-44-2015-BPU',
    lines: [{ ...placementLine, code: 'COHORT_JKK', program: 'JKK', amount: 12_000 * members.length }],
    coverage: [{ program: 'JKK', from: '2026-04-01', to: '2026-04-30' }],
    periodFrom: '2026-04-01',
    periodTo: '2026-04-30',
    dueDate: '2026-04-15',
    issuedAt: new Date('2026-03-01T00:00:00Z'),
    billingKey: `cohort-test:${cohort.id}`,
    memberIds: members,
  });
}

/** A statement import started with one line staged (as importStatement leaves it before posting). */
async function stagedLine(billNumber: string, channelReference: string, paidAt: string): Promise<string> {
  const { id } = await ctx.db
    .insertInto('statement_imports')
    .values({
      channel_code: 'BNI-VA',
      statement_date: nextDay(),
      file_sha256: randomUUID(),
      rows: 1,
      summary: JSON.stringify({}),
      imported_by: 'user:test',
      completed_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await ctx.db
    .insertInto('statement_staging')
    .values({
      import_id: id,
      line_number: 2,
      channel_reference: channelReference,
      bill_number: billNumber,
      amount: 332_500,
      paid_at: new Date(paidAt),
    })
    .execute();
  return id;
}

async function memberId(segment: 'PMI' | 'BPU' = 'PMI'): Promise<string> {
  const registration = segment === 'PMI' ? pmiRegistration('DURING_PLACEMENT') : bpuRegistration();
  const { membershipNumber } = await registerMember(ctx, registration, undefined);
  return (await ctx.db.selectFrom('memberships').select('id').where('membership_number', '=', membershipNumber).executeTakeFirstOrThrow())
    .id;
}

const placementLine = {
  code: 'PMI_PLACEMENT_FEE',
  program: 'JKK_JKM',
  amount: 332_500,
  description: { en: 'Placement fee', id: 'Iuran masa penempatan' },
  basis: { en: '24 months', id: '24 bulan' },
  status: 'CONFIRMED' as const,
  source: 'Permenaker 4/2023 Art. 18',
};
const twoYears = [
  { program: 'JKK', from: '2026-04-01', to: '2028-03-31' },
  { program: 'JKM', from: '2026-04-01', to: '2028-03-31' },
];

async function databaseError(statement: Promise<unknown>): Promise<Error & { code?: string; constraint?: string }> {
  try {
    await statement;
  } catch (error) {
    return error as Error & { code?: string; constraint?: string };
  }
  assert.fail('the database accepted the statement');
}

describe('posting a statement file', () => {
  it('covers and activates every member a cohort bill pays for, with one notification each', async () => {
    const members = [await memberId('BPU'), await memberId('BPU'), await memberId('BPU')];
    const bill = await cohortBill(members);
    const report = await importStatement(
      ctx,
      { channelCode: 'BNI-VA', statementDate: nextDay(), csv: `${header}\nCOH-1,${bill.billNumber},36000,2026-03-01T02:00:00Z\n` },
      'user:test',
    );
    assert.equal(report.summary.POSTED, 1);
    const covered = await ctx.db
      .selectFrom('coverage_periods')
      .select(['membership_id', 'program', 'covered_from', 'covered_to'])
      .where('bill_id', '=', bill.id)
      .execute();
    assert.deepEqual(covered.map((c) => c.membership_id).sort(), [...members].sort());
    assert.ok(covered.every((c) => c.program === 'JKK' && c.covered_from === '2026-04-01' && c.covered_to === '2026-04-30'));
    const statuses = await ctx.db.selectFrom('memberships').select('status').where('id', 'in', members).execute();
    assert.deepEqual(
      statuses.map((s) => s.status),
      ['ACTIVE', 'ACTIVE', 'ACTIVE'],
    );
    const notified = await sql<{ membership_id: string }>`
      select payload->>'membershipId' as membership_id from outbox
      where topic = 'notification.member' and payload->>'template' = 'BILL_PAID' and payload->>'membershipId' = any(${members}::text[])
    `.execute(ctx.db);
    assert.deepEqual(notified.rows.map((r) => r.membership_id).sort(), [...members].sort());
  });

  it('credits the JHT share of a posted payment to the member’s ledger, and allocates the rest to its lines', async () => {
    const member = await memberId();
    const bill = await insertBill(ctx.db, {
      membershipId: member,
      cohortId: null,
      kind: 'PMI_EXTENSION',
      payerType: 'WORKER',
      payerName: null,
      regulationId: 'PERMENAKER-4-2023',
      lines: [placementLine, { ...placementLine, code: 'JHT_OPTIONAL', program: 'JHT', amount: 50_000 }],
      coverage: twoYears,
      periodFrom: '2026-04-01',
      periodTo: '2028-03-31',
      dueDate: '2026-04-01',
      issuedAt: new Date('2026-03-01T00:00:00Z'),
      billingKey: `jht-test:${member}`,
    });
    // Two rows: the first stops inside the first line, the second pays the rest and 1,000 more.
    const csv = `${header}\nJHT-1,${bill.billNumber},300000,2026-03-02T02:00:00Z\nJHT-2,${bill.billNumber},83500,2026-03-02T03:00:00Z\n`;
    const report = await importStatement(ctx, { channelCode: 'BNI-VA', statementDate: nextDay(), csv }, 'user:test');
    assert.equal(report.summary.POSTED, 2);
    const allocations = await ctx.db
      .selectFrom('payment_allocations as a')
      .innerJoin('payments as p', 'p.id', 'a.payment_id')
      .select(['p.channel_reference', 'a.line_code', 'a.amount'])
      .where('a.bill_id', '=', bill.id)
      .orderBy('p.channel_reference')
      .orderBy('a.id')
      .execute();
    assert.deepEqual(
      allocations.map((a) => [a.channel_reference, a.line_code, a.amount]),
      [
        ['JHT-1', 'PMI_PLACEMENT_FEE', 300_000],
        ['JHT-2', 'PMI_PLACEMENT_FEE', 32_500],
        ['JHT-2', 'JHT_OPTIONAL', 50_000],
        ['JHT-2', 'MEMBER_CREDIT', 1_000],
      ],
    );
    const ledger = await ctx.db
      .selectFrom('jht_ledger')
      .select(['entry_type', 'amount', 'value_date', 'reference'])
      .where('membership_id', '=', member)
      .execute();
    const second = await ctx.db.selectFrom('payments').select('id').where('channel_reference', '=', 'JHT-2').executeTakeFirstOrThrow();
    assert.deepEqual(ledger, [
      { entry_type: 'CONTRIBUTION', amount: 50_000, value_date: '2026-03-02', reference: `payment:${second.id}:JHT` },
    ]);
    const coverage = await ctx.db.selectFrom('coverage_periods').select('payment_id').where('bill_id', '=', bill.id).execute();
    assert.deepEqual(
      coverage.map((c) => c.payment_id),
      [second.id, second.id],
      'the payment that completed the bill is the reason for its coverage',
    );
  });

  it('lists every line in file order, posted ones from the staged rows and the others with their detail', async () => {
    const paid = await memberWithOpenBill(ctx);
    const notified = await memberWithOpenBill(ctx);
    await recordPayment(
      ctx,
      {
        channelCode: 'BNI-VA',
        channelReference: 'LIST-2',
        billNumber: notified.billNumber,
        amount: 332_500,
        paidAt: '2026-03-03T01:00:00Z',
      },
      'NOTIFICATION',
      'channel:BNI-VA',
    );
    const csv = [
      header,
      `LIST-1,${paid.billNumber},332500,2026-03-03T02:00:00Z`,
      `LIST-2,${notified.billNumber},332500,2026-03-03T01:00:00Z`,
      `LIST-1,${paid.billNumber},332500,2026-03-03T02:00:00Z`,
      'LIST-4,20269999999990,1000,2026-03-03T04:00:00Z',
      'LIST-5,bad,1,never',
    ].join('\n');
    const report = await importStatement(ctx, { channelCode: 'BNI-VA', statementDate: nextDay(), csv }, 'user:test');
    const all = await listStatementLines(ctx, report.importId, {});
    assert.deepEqual(
      all.items.map((l) => [l.lineNumber, l.reference, l.outcome, l.detail]),
      [
        [2, 'LIST-1', 'POSTED', null],
        [3, 'LIST-2', 'MATCHED', null],
        [4, 'LIST-1', 'DUPLICATE', null],
        [5, 'LIST-4', 'UNMATCHED', 'UNKNOWN_BILL'],
        [6, null, 'INVALID', 'bill number missing or malformed'],
      ],
    );
    assert.equal(all.items[0]?.amount, 332_500);
    assert.equal(all.items[0]?.billNumber, paid.billNumber);
    assert.equal(all.nextCursor, null);

    const first = await listStatementLines(ctx, report.importId, { limit: 2 });
    assert.deepEqual(
      first.items.map((l) => l.lineNumber),
      [2, 3],
    );
    const rest = await listStatementLines(ctx, report.importId, { limit: 2, cursor: first.nextCursor ?? undefined });
    assert.deepEqual(
      rest.items.map((l) => l.lineNumber),
      [4, 5],
    );
    const posted = await listStatementLines(ctx, report.importId, { outcome: 'POSTED' });
    assert.deepEqual(
      posted.items.map((l) => l.lineNumber),
      [2],
    );
    const duplicates = await listStatementLines(ctx, report.importId, { outcome: 'DUPLICATE' });
    assert.deepEqual(
      duplicates.items.map((l) => l.lineNumber),
      [4],
    );
  });

  it('posts a payment once when two files with the same reference are imported at the same time', async () => {
    const shared = await memberWithOpenBill(ctx);
    const own = [await memberWithOpenBill(ctx), await memberWithOpenBill(ctx)];
    const date = nextDay();
    const file = (i: number) =>
      `${header}\nSHARED-1,${shared.billNumber},332500,${date}T02:00:00Z\nOWN-${i},${own[i]?.billNumber},332500,${date}T03:00:00Z\n`;
    const reports = await Promise.all(
      [0, 1].map((i) => importStatement(ctx, { channelCode: 'BNI-VA', statementDate: date, csv: file(i) }, 'user:test')),
    );
    // Whichever came first posted the shared row; the other found it recorded.
    assert.deepEqual(reports.map((r) => r.summary.POSTED).sort(), [1, 2]);
    assert.deepEqual(reports.map((r) => r.summary.MATCHED).sort(), [0, 1]);
    const payments = await ctx.db.selectFrom('payments').select('amount').where('channel_reference', '=', 'SHARED-1').execute();
    assert.equal(payments.length, 1);
    const allocated = await ctx.db
      .selectFrom('payment_allocations')
      .select((eb) => eb.fn.sum<number>('amount').as('total'))
      .where('bill_id', '=', shared.billId)
      .executeTakeFirstOrThrow();
    assert.equal(Number(allocated.total), 332_500);
    const periods = await ctx.db.selectFrom('coverage_periods').select('id').where('bill_id', '=', shared.billId).execute();
    assert.equal(periods.length, 2);
  });

  it('imports a file sent twice at once only once: the other gets its report or is asked to send again', async () => {
    const m = await memberWithOpenBill(ctx);
    const date = nextDay();
    const csv = `${header}\nTWICE-1,${m.billNumber},332500,${date}T02:00:00Z\n`;
    const results = await Promise.allSettled(
      [0, 1].map(() => importStatement(ctx, { channelCode: 'BNI-VA', statementDate: date, csv }, 'user:test')),
    );
    const reports = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    assert.equal(reports.filter((r) => !r.replayed).length, 1);
    assert.ok(reports.every((r) => r.importId === reports[0]?.importId && r.summary.POSTED === 1));
    for (const r of results) {
      if (r.status === 'rejected') assert.equal((r.reason as DomainError).code, 'STATEMENT_IMPORT_IN_PROGRESS');
    }
    const payments = await ctx.db.selectFrom('payments').select('id').where('channel_reference', '=', 'TWICE-1').execute();
    assert.equal(payments.length, 1);
  });

  it('stops with nothing posted when a bill changed after its rows were classified', async () => {
    const m = await memberWithOpenBill(ctx);
    const importId = await stagedLine(m.billNumber, 'RACE-1', '2026-03-04T02:00:00Z');
    const posting = { importId, channelCode: 'BNI-VA', now: new Date(), actor: 'user:test' };
    const raced = ctx.db.transaction().execute(async (trx) => {
      const { counts, billsToPost } = await classifyStagedRows(trx, posting);
      assert.deepEqual(counts, { POSTED: 1 });
      // A notification pays part of the bill between classification and posting.
      await trx.updateTable('bills').set({ paid_amount: 100_000 }).where('id', '=', m.billId).execute();
      await postClassifiedRows(trx, posting, billsToPost);
    });
    await assert.rejects(raced, StatementRaced);
    const payments = await ctx.db.selectFrom('payments').select('id').where('channel_reference', '=', 'RACE-1').execute();
    assert.equal(payments.length, 0);
  });
});

describe('activating the members a statement pays for', () => {
  async function historyOf(membershipIds: string[]) {
    const { rows } = await sql<{ membership_id: string; history: number; events: number }>`
      select m.id as membership_id,
        (select count(*)::int from membership_status_history h where h.membership_id = m.id and h.status = 'ACTIVE') as history,
        (select count(*)::int from member_events e where e.membership_id = m.id and e.type = 'membership.activated') as events
      from memberships m where m.id = any(${membershipIds}::uuid[])
    `.execute(ctx.db);
    return Object.fromEntries(rows.map((r) => [r.membership_id, [r.history, r.events]]));
  }

  it('writes one status-history row and one event for each member it activates, also one paid for twice in the file', async () => {
    const own = await memberWithOpenBill(ctx);
    const other = await memberWithOpenBill(ctx);
    // `own` is also in the cohort: two bills of the file protect them.
    const cohortOnly = await memberId('BPU');
    const cohort = await cohortBill([own.membershipId, cohortOnly]);
    const date = nextDay();
    const csv = [
      header,
      `ACT-1,${own.billNumber},332500,${date}T01:00:00Z`,
      `ACT-2,${cohort.billNumber},24000,${date}T02:00:00Z`,
      `ACT-3,${other.billNumber},332500,${date}T03:00:00Z`,
    ].join('\n');
    const report = await importStatement(ctx, { channelCode: 'BNI-VA', statementDate: date, csv }, 'user:test');
    assert.equal(report.summary.POSTED, 3);
    const members = [own.membershipId, other.membershipId, cohortOnly];
    assert.deepEqual(await historyOf(members), Object.fromEntries(members.map((m) => [m, [1, 1]])));
    const statuses = await ctx.db.selectFrom('memberships').select('status').where('id', 'in', members).execute();
    assert.ok(statuses.every((s) => s.status === 'ACTIVE'));
    const event = await ctx.db
      .selectFrom('member_events')
      .select(['actor', 'data'])
      .where('membership_id', '=', cohortOnly)
      .where('type', '=', 'membership.activated')
      .executeTakeFirstOrThrow();
    assert.equal(event.actor, 'user:test');
    assert.deepEqual(event.data, { reason: `contribution paid: statement of BNI-VA for ${date}` });
  });

  it('leaves a member who is active already, or whose bill the file pays only in part, as they are', async () => {
    const active = await memberWithOpenBill(ctx);
    await recordPayment(
      ctx,
      {
        channelCode: 'BNI-VA',
        channelReference: 'PAID-FIRST',
        billNumber: active.billNumber,
        amount: 332_500,
        paidAt: '2026-03-07T01:00:00Z',
      },
      'NOTIFICATION',
      'channel:BNI-VA',
    );
    const second = await insertBill(ctx.db, {
      membershipId: active.membershipId,
      cohortId: null,
      kind: 'PMI_EXTENSION',
      payerType: 'WORKER',
      payerName: null,
      regulationId: 'PERMENAKER-4-2023',
      lines: [placementLine],
      coverage: twoYears,
      periodFrom: '2028-03-01',
      periodTo: '2030-02-28',
      dueDate: '2028-03-01',
      issuedAt: new Date('2026-03-01T00:00:00Z'),
      billingKey: `second:${active.membershipId}`,
    });
    const partly = await memberWithOpenBill(ctx);
    const date = nextDay();
    const csv = [header, `ACT-4,${second.billNumber},332500,${date}T01:00:00Z`, `ACT-5,${partly.billNumber},100000,${date}T02:00:00Z`].join(
      '\n',
    );
    const report = await importStatement(ctx, { channelCode: 'BNI-VA', statementDate: date, csv }, 'user:test');
    assert.equal(report.summary.POSTED, 2);
    assert.deepEqual(await historyOf([active.membershipId, partly.membershipId]), {
      [active.membershipId]: [1, 1],
      [partly.membershipId]: [0, 0],
    });
    const status = await ctx.db.selectFrom('memberships').select('status').where('id', '=', partly.membershipId).executeTakeFirstOrThrow();
    assert.equal(status.status, 'REGISTERED');
  });

  it('posts the file again in the same session after a posting lost a race and rolled back', async () => {
    const m = await memberWithOpenBill(ctx);
    const importId = await stagedLine(m.billNumber, 'RETRY-1', '2026-03-08T02:00:00Z');
    const posting = { importId, channelCode: 'BNI-VA', now: new Date(), actor: 'user:test' };
    const raced = ctx.db.transaction().execute(async (trx) => {
      const { billsToPost } = await classifyStagedRows(trx, posting);
      await trx.updateTable('bills').set({ paid_amount: 100_000 }).where('id', '=', m.billId).execute();
      await postClassifiedRows(trx, posting, billsToPost);
    });
    await assert.rejects(raced, StatementRaced);
    // The retry: the temporary tables of the failed attempt went with its rollback.
    await ctx.db.transaction().execute(async (trx) => {
      const { counts, billsToPost } = await classifyStagedRows(trx, posting);
      assert.deepEqual(counts, { POSTED: 1 });
      await postClassifiedRows(trx, posting, billsToPost);
    });
    const paid = await ctx.db.selectFrom('bills').select(['status', 'paid_amount']).where('id', '=', m.billId).executeTakeFirstOrThrow();
    assert.deepEqual(paid, { status: 'PAID', paid_amount: 332_500 });
    const periods = await ctx.db.selectFrom('coverage_periods').select('id').where('bill_id', '=', m.billId).execute();
    assert.equal(periods.length, 2);
  });
});

describe('references checked per statement', () => {
  it('refuses a payment for a bill that does not exist, as its foreign key did', async () => {
    const error = await databaseError(
      sql`insert into payments (channel_code, channel_reference, bill_id, amount, paid_at, source, outcome, recorded_by)
          values ('BNI-VA', 'ORPHAN-1', ${randomUUID()}, 1000, now(), 'NOTIFICATION', 'ALLOCATED', 'test')`.execute(ctx.db),
    );
    assert.equal(error.code, '23503');
    assert.match(error.message, /payments_bill_id_fkey/);
  });

  it('refuses a payment of an unknown channel', async () => {
    const error = await databaseError(
      sql`insert into payments (channel_code, channel_reference, amount, paid_at, source, outcome, recorded_by)
          values ('NO-SUCH-CHANNEL', 'ORPHAN-2', 1000, now(), 'NOTIFICATION', 'UNMATCHED', 'test')`.execute(ctx.db),
    );
    assert.equal(error.code, '23503');
    assert.match(error.message, /payments_channel_code_fkey/);
  });

  it('refuses an allocation to a bill other than its payment’s, and a coverage period for a member the bill does not cover', async () => {
    const a = await memberWithOpenBill(ctx);
    const b = await memberWithOpenBill(ctx);
    const paid = await recordPayment(
      ctx,
      { channelCode: 'BNI-VA', channelReference: 'REF-A', billNumber: a.billNumber, amount: 332_500, paidAt: '2026-03-05T02:00:00Z' },
      'NOTIFICATION',
      'channel:BNI-VA',
    );
    const allocation = await databaseError(
      sql`insert into payment_allocations (payment_id, bill_id, line_code, program, amount)
          values (${paid.paymentId}, ${b.billId}, 'PMI_PLACEMENT_FEE', 'JKK_JKM', 1)`.execute(ctx.db),
    );
    assert.equal(allocation.code, '23503');
    assert.match(allocation.message, /payment_allocations_payment_bill_fkey/);
    const coverage = await databaseError(
      sql`insert into coverage_periods (membership_id, program, covered_from, covered_to, bill_id, payment_id)
          values (${b.membershipId}, 'JKK', '2026-02-01', '2026-02-28', ${a.billId}, ${paid.paymentId})`.execute(ctx.db),
    );
    assert.equal(coverage.code, '23503');
    assert.match(coverage.message, /coverage_periods_bill_member_fkey/);
    const unknownPayment = await databaseError(
      sql`insert into coverage_periods (membership_id, program, covered_from, covered_to, bill_id, payment_id)
          values (${a.membershipId}, 'JKK', '2026-02-01', '2026-02-28', ${a.billId}, ${randomUUID()})`.execute(ctx.db),
    );
    assert.match(unknownPayment.message, /coverage_periods_payment_id_fkey/);
  });

  it('refuses a statement line or staged row of an unknown import', async () => {
    const line = await databaseError(
      sql`insert into statement_lines (import_id, line_number, outcome) values (${randomUUID()}, 2, 'INVALID')`.execute(ctx.db),
    );
    assert.match(line.message, /statement_lines_import_id_fkey/);
    const staged = await databaseError(
      sql`insert into statement_staging (import_id, line_number, channel_reference, bill_number, amount, paid_at)
          values (${randomUUID()}, 2, 'X', 'Y', 1, now())`.execute(ctx.db),
    );
    assert.match(staged.message, /statement_staging_import_id_fkey/);
  });

  it('refuses a status-history row or a member event for a membership that does not exist, as their foreign keys did', async () => {
    const history = await databaseError(
      sql`insert into membership_status_history (membership_id, status, changed_by) values (${randomUUID()}, 'ACTIVE', 'test')`.execute(
        ctx.db,
      ),
    );
    assert.equal(history.code, '23503');
    assert.match(history.message, /membership_status_history_membership_id_fkey/);
    const event = await databaseError(
      sql`insert into member_events (membership_id, type, data, actor) values (${randomUUID()}, 'membership.activated', '{}', 'test')`.execute(
        ctx.db,
      ),
    );
    assert.equal(event.code, '23503');
    assert.match(event.message, /member_events_membership_id_fkey/);
  });

  it('refuses to delete a membership or change its id, also one nothing refers to', async () => {
    const lone = await memberId();
    await sql`delete from placements where membership_id = ${lone}`.execute(ctx.db);
    for (const statement of [
      sql`delete from memberships where id = ${lone}`,
      sql`update memberships set id = ${randomUUID()} where id = ${lone}`,
    ]) {
      const error = await databaseError(statement.execute(ctx.db));
      assert.equal(error.code, '23001', error.message);
    }
  });

  it('refuses a cancelled bill without the time it was cancelled', async () => {
    const m = await memberWithOpenBill(ctx);
    const error = await databaseError(sql`update bills set status = 'CANCELLED' where id = ${m.billId}`.execute(ctx.db));
    assert.equal(error.code, '23514');
    assert.match(error.message, /bills_cancelled_when_cancelled/);
  });

  it('refuses to delete a payment, a bill or a statement import, or to change a bill’s key', async () => {
    const m = await memberWithOpenBill(ctx);
    const paid = await recordPayment(
      ctx,
      { channelCode: 'BNI-VA', channelReference: 'KEEP-1', billNumber: m.billNumber, amount: 332_500, paidAt: '2026-03-06T02:00:00Z' },
      'NOTIFICATION',
      'channel:BNI-VA',
    );
    for (const statement of [
      sql`delete from payments where id = ${paid.paymentId}`,
      sql`delete from bills where id = ${m.billId}`,
      sql`delete from statement_imports`,
      sql`delete from payment_channels where code = 'BNI-VA'`,
      sql`update bills set id = ${randomUUID()} where id = ${m.billId}`,
    ]) {
      const error = await databaseError(statement.execute(ctx.db));
      assert.equal(error.code, '23001', error.message);
    }
    const still = await ctx.db.selectFrom('payments').select('id').where('id', '=', paid.paymentId).execute();
    assert.equal(still.length, 1);
  });
});

import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/database.ts';
import { dammCheckDigit } from '../kernel/damm.ts';
import type { Allocation } from './allocation.ts';
import type { BillKind, PayerType, PaymentOutcome, PaymentSource, PlannedCoverage, StoredBillLine } from './tables.ts';

// The SQL of the contributions module, and only that.

type Db = Kysely<Database>;

export function findChannel(db: Db, code: string) {
  return db.selectFrom('payment_channels').selectAll().where('code', '=', code).executeTakeFirst();
}

export function findPaymentByReference(db: Db, channelCode: string, channelReference: string) {
  return db
    .selectFrom('payments as p')
    .leftJoin('bills as b', 'b.id', 'p.bill_id')
    .select([
      'p.id',
      'p.amount',
      'p.outcome',
      'p.outcome_detail',
      'p.currency',
      'p.original_amount',
      'p.paid_at',
      'b.bill_number',
      'b.status as bill_status',
    ])
    .where('p.channel_code', '=', channelCode)
    .where('p.channel_reference', '=', channelReference)
    .executeTakeFirst();
}

/** The bill, locked: payments to one bill are applied one at a time. */
export function lockBill(db: Db, billNumber: string) {
  return db.selectFrom('bills').selectAll().where('bill_number', '=', billNumber).forUpdate().executeTakeFirst();
}

export async function insertPayment(
  db: Db,
  payment: {
    channelCode: string;
    channelReference: string;
    billId: string | null;
    amount: number;
    currency: string;
    originalAmount: number | null;
    exchangeRate: string | null;
    rateDate: string | null;
    paidAt: Date;
    receivedAt: Date;
    source: PaymentSource;
    outcome: PaymentOutcome;
    outcomeDetail: string | null;
    recordedBy: string;
  },
): Promise<string> {
  const row = await db
    .insertInto('payments')
    .values({
      channel_code: payment.channelCode,
      channel_reference: payment.channelReference,
      bill_id: payment.billId,
      amount: payment.amount,
      currency: payment.currency,
      original_amount: payment.originalAmount,
      exchange_rate: payment.exchangeRate,
      rate_date: payment.rateDate,
      paid_at: payment.paidAt,
      received_at: payment.receivedAt,
      source: payment.source,
      outcome: payment.outcome,
      outcome_detail: payment.outcomeDetail,
      recorded_by: payment.recordedBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertAllocations(db: Db, paymentId: string, billId: string, allocations: Allocation[]): Promise<void> {
  if (allocations.length === 0) return;
  await db
    .insertInto('payment_allocations')
    .values(
      allocations.map((a) => ({ payment_id: paymentId, bill_id: billId, line_code: a.lineCode, program: a.program, amount: a.amount })),
    )
    .execute();
}

export async function addToBill(db: Db, billId: string, amount: number, at: Date): Promise<{ status: string; paid_amount: number }> {
  return db
    .updateTable('bills')
    .set((eb) => ({
      paid_amount: sql<number>`least(${eb.ref('amount')}, ${eb.ref('paid_amount')} + ${amount})`,
      status: sql<'OPEN' | 'PAID'>`case when ${eb.ref('paid_amount')} + ${amount} >= ${eb.ref('amount')} then 'PAID' else 'OPEN' end`,
      paid_at: sql<Date | null>`case when ${eb.ref('paid_amount')} + ${amount} >= ${eb.ref('amount')} then ${at}::timestamptz else null end`,
    }))
    .where('id', '=', billId)
    .returning(['status', 'paid_amount'])
    .executeTakeFirstOrThrow();
}

/**
 * Writes the protection a fully paid bill buys: its planned coverage for its member, or
 * for every member a cohort bill pays for.
 */
export async function insertCoverageOfBill(db: Db, billId: string, paymentId: string): Promise<string[]> {
  const { rows } = await sql<{ membership_id: string }>`
    with plan as (
      select c.program, c."from"::date as covered_from, c."to"::date as covered_to
      from bills b, jsonb_to_recordset(b.coverage) as c(program text, "from" text, "to" text)
      where b.id = ${billId}
    ), members as (
      select membership_id from bills where id = ${billId} and membership_id is not null
      union
      select membership_id from bill_members where bill_id = ${billId}
    )
    insert into coverage_periods (membership_id, program, covered_from, covered_to, bill_id, payment_id)
    select m.membership_id, plan.program, plan.covered_from, plan.covered_to, ${billId}, ${paymentId}
    from members m cross join plan
    returning membership_id
  `.execute(db);
  return [...new Set(rows.map((r) => r.membership_id))];
}

export function coverageOn(db: Db, membershipId: string, program: string, date: string) {
  return db
    .selectFrom('coverage_periods as c')
    .innerJoin('bills as b', 'b.id', 'c.bill_id')
    .innerJoin('payments as p', 'p.id', 'c.payment_id')
    .select([
      'c.covered_from',
      'c.covered_to',
      'b.bill_number',
      'b.kind',
      'b.regulation_id',
      'p.channel_code',
      'p.channel_reference',
      'p.paid_at',
    ])
    .where('c.membership_id', '=', membershipId)
    .where('c.program', '=', program)
    .where('c.covered_from', '<=', date)
    .where('c.covered_to', '>=', date)
    .orderBy('c.covered_to', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The most recent protection that ended before a date, to explain a gap. */
export function lastCoverageBefore(db: Db, membershipId: string, program: string, date: string) {
  return db
    .selectFrom('coverage_periods')
    .select(['covered_from', 'covered_to'])
    .where('membership_id', '=', membershipId)
    .where('program', '=', program)
    .where('covered_to', '<', date)
    .orderBy('covered_to', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Bill numbers are 14 digits: the year, a 9-digit sequence value, a Damm check digit. */
export async function nextBillNumber(db: Db, year: number): Promise<string> {
  const { rows } = await sql<{ seq: number }>`select nextval('bill_number_seq') as seq`.execute(db);
  const base = `${year}${String(rows[0]?.seq).padStart(9, '0')}`;
  return `${base}${dammCheckDigit(base)}`;
}

export interface NewBill {
  membershipId: string | null;
  cohortId: string | null;
  kind: BillKind;
  payerType: PayerType;
  payerName: string | null;
  regulationId: string;
  lines: StoredBillLine[];
  coverage: PlannedCoverage[];
  periodFrom: string;
  periodTo: string;
  dueDate: string;
  issuedAt: Date;
  billingKey: string;
  /** Members a cohort bill pays for. */
  memberIds?: readonly string[];
}

/** Inserts a bill; the unique billing key makes issuing the same bill twice a conflict. */
export async function insertBill(db: Db, bill: NewBill): Promise<{ id: string; billNumber: string }> {
  const billNumber = await nextBillNumber(db, Number(bill.issuedAt.toISOString().slice(0, 4)));
  const row = await db
    .insertInto('bills')
    .values({
      bill_number: billNumber,
      membership_id: bill.membershipId,
      cohort_id: bill.cohortId,
      kind: bill.kind,
      payer_type: bill.payerType,
      payer_name: bill.payerName,
      regulation_id: bill.regulationId,
      lines: JSON.stringify(bill.lines),
      coverage: JSON.stringify(bill.coverage),
      period_from: bill.periodFrom,
      period_to: bill.periodTo,
      amount: bill.lines.reduce((sum, line) => sum + line.amount, 0),
      status: 'OPEN',
      due_date: bill.dueDate,
      issued_at: bill.issuedAt,
      paid_at: null,
      cancelled_at: null,
      billing_key: bill.billingKey,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (bill.memberIds && bill.memberIds.length > 0) {
    await sql`insert into bill_members (bill_id, membership_id) select ${row.id}, unnest(${bill.memberIds}::uuid[])`.execute(db);
  }
  return { id: row.id, billNumber };
}

import type { Principal } from '../auth/rules.ts';
import type { AppContext } from '../context.ts';
import { isUniqueViolation } from '../db/connection.ts';
import { DomainError, invalidInput, issue } from '../kernel/errors.ts';
import { type BillingFacts, billingFactsOf } from '../membership/service.ts';
import { addDays, type CoveredPeriod, coverageOf, lastDayOfPeriod } from './coverage-rules.ts';
import type { Program } from './regulations.ts';
import * as store from './store.ts';
import type { BillKind, PayerType, PlannedCoverage, StoredBillLine } from './tables.ts';
import { type Quote, type QuoteFacts, quote } from './tariffs.ts';

export type BillRequest =
  | { item: 'PMI_BEFORE_PLACEMENT'; payerType?: PayerType; payerName?: string }
  | { item: 'PMI_PLACEMENT'; payerType?: PayerType; payerName?: string; jhtMonthlyAmount?: number }
  | { item: 'PMI_EXTENSION'; payerType?: PayerType; payerName?: string }
  | {
      item: 'MONTHLY';
      periodStart: string;
      months: number;
      programs: Program[];
      riskClass?: number;
      payerType?: PayerType;
      payerName?: string;
    };

export interface IssuedBill {
  billNumber: string;
  kind: BillKind;
  amount: number;
  dueDate: string;
  periodFrom: string;
  periodTo: string;
  regulationId: string;
  lines: StoredBillLine[];
  coverage: PlannedCoverage[];
  unconfirmed: boolean;
}

const refused = (code: string, en: string, id: string) => new DomainError('conflict', code, { en, id });

/**
 * Bills a member for one thing — the before-placement or placement fee, a contract
 * extension, or months of contributions — from the regulation in force today. The bill
 * keeps its lines and the protection it buys; the same thing is never billed twice.
 */
export async function issueBill(
  ctx: AppContext,
  membershipNumber: string,
  request: BillRequest,
  principal: Principal | undefined,
): Promise<IssuedBill> {
  const member = await billingFactsOf(ctx, membershipNumber, principal);
  if (member.status === 'CLOSED') {
    throw refused(
      'MEMBERSHIP_CLOSED',
      `Membership ${membershipNumber} is closed; it is billed no more.`,
      `Kepesertaan ${membershipNumber} sudah ditutup; tidak ditagih lagi.`,
    );
  }
  const today = ctx.clock.today();
  const plan = planBill(member, request, today);
  const priced = quote(plan.facts);
  const coverage = plan.coverage(priced);
  const lines = priced.lines.map<StoredBillLine>((l) => ({
    code: l.code,
    program: l.program,
    amount: l.amount,
    description: l.description,
    basis: l.basis,
    status: l.status,
    source: l.source,
  }));
  if (plan.kind === 'MONTHLY') await refuseOverlappingMonths(ctx, member.id, coverage);
  try {
    const bill = await ctx.db.transaction().execute((trx) =>
      store.insertBill(trx, {
        membershipId: member.id,
        cohortId: null,
        kind: plan.kind,
        payerType: request.payerType ?? 'WORKER',
        payerName: request.payerName ?? null,
        regulationId: priced.regulation.id,
        lines,
        coverage,
        periodFrom: minDate(coverage.map((c) => c.from)),
        periodTo: maxDate(coverage.map((c) => c.to)),
        dueDate: plan.dueDate,
        issuedAt: ctx.clock.now(),
        billingKey: plan.billingKey,
      }),
    );
    return {
      billNumber: bill.billNumber,
      kind: plan.kind,
      amount: priced.total,
      dueDate: plan.dueDate,
      periodFrom: minDate(coverage.map((c) => c.from)),
      periodTo: maxDate(coverage.map((c) => c.to)),
      regulationId: priced.regulation.id,
      lines,
      coverage,
      unconfirmed: priced.unconfirmed,
    };
  } catch (error) {
    if (isUniqueViolation(error)) {
      // The refusal names the bill that stands, for the caller to pay, cancel or answer with.
      const standing = await ctx.db
        .selectFrom('bills')
        .select(['bill_number', 'amount', 'due_date'])
        .where('billing_key', '=', plan.billingKey)
        .where('cancelled_at', 'is', null)
        .executeTakeFirst();
      const existing = standing ? { billNumber: standing.bill_number, amount: Number(standing.amount), dueDate: standing.due_date } : null;
      throw new DomainError(
        'conflict',
        'ALREADY_BILLED',
        {
          en: `This has been billed already${existing ? ` (bill ${existing.billNumber})` : ''}; pay or cancel the existing bill.`,
          id: `Ini sudah ditagih${existing ? ` (tagihan ${existing.billNumber})` : ''}; bayar atau batalkan tagihan yang ada.`,
        },
        { extensions: { existingBill: existing } },
      );
    }
    throw error;
  }
}

interface BillPlan {
  kind: BillKind;
  facts: QuoteFacts;
  billingKey: string;
  dueDate: string;
  coverage(priced: Quote): PlannedCoverage[];
}

function planBill(member: BillingFacts, request: BillRequest, today: string): BillPlan {
  const placement = member.openPlacement;
  const pmiOnly = () => {
    if (member.segment !== 'PMI') {
      throw refused(
        'NOT_A_MIGRANT_WORKER',
        `${request.item} is billed to migrant workers (PMI) only.`,
        `${request.item} hanya ditagihkan kepada pekerja migran (PMI).`,
      );
    }
  };
  switch (request.item) {
    case 'PMI_BEFORE_PLACEMENT': {
      pmiOnly();
      if (member.pmiPhase !== 'BEFORE_PLACEMENT') {
        throw refused(
          'WRONG_PHASE',
          'The before-placement fee is billed before departure only.',
          'Iuran sebelum penempatan hanya ditagih sebelum keberangkatan.',
        );
      }
      return {
        kind: 'PMI_BEFORE_PLACEMENT',
        facts: { segment: 'PMI', date: today, item: 'BEFORE_PLACEMENT', placementRoute: placement?.placementRoute ?? 'PLACEMENT_EXECUTOR' },
        billingKey: `before:${member.id}:${placement?.id ?? 'no-placement'}`,
        dueDate: today,
        coverage: () =>
          toPlanned(coverageOf('BEFORE_PLACEMENT', { paidOn: today, ...(placement ? { contractStart: placement.contractStart } : {}) })),
      };
    }
    case 'PMI_PLACEMENT': {
      pmiOnly();
      if (!placement) {
        throw refused(
          'NO_OPEN_PLACEMENT',
          'Record the placement (destination and contract) before billing its fee.',
          'Catat penempatan (negara tujuan dan kontrak) sebelum menagih iurannya.',
        );
      }
      return {
        kind: 'PMI_PLACEMENT',
        facts: {
          segment: 'PMI',
          date: today,
          item: 'PLACEMENT',
          placementRoute: placement.placementRoute,
          contractMonths: monthsCovering(placement.contractStart, placement.contractEnd),
          ...(request.jhtMonthlyAmount
            ? { jhtMonthlyAmount: request.jhtMonthlyAmount, jhtMonths: monthsCovering(placement.contractStart, placement.contractEnd) }
            : {}),
        },
        billingKey: `placement:${placement.id}`,
        // Paid before departure (Permenaker 4/2023 Art. 19).
        dueDate: placement.contractStart > today ? placement.contractStart : today,
        coverage: () =>
          toPlanned(coverageOf('PLACEMENT', { paidOn: today, contractStart: placement.contractStart, contractEnd: placement.contractEnd })),
      };
    }
    case 'PMI_EXTENSION': {
      pmiOnly();
      const extension = placement?.latestExtension;
      if (!placement || !extension) {
        throw refused('NO_EXTENSION', 'Record the contract extension before billing it.', 'Catat perpanjangan kontrak sebelum menagihnya.');
      }
      return {
        kind: 'PMI_EXTENSION',
        facts: {
          segment: 'PMI',
          date: today,
          item: 'EXTENSION',
          placementRoute: placement.placementRoute,
          extensionMonths: monthsCovering(addDays(extension.previousEnd, 1), extension.newEnd),
        },
        billingKey: `extension:${extension.id}`,
        dueDate: extension.previousEnd > today ? extension.previousEnd : today,
        coverage: () => toPlanned(coverageOf('EXTENSION', { paidOn: today, previousEnd: extension.previousEnd, newEnd: extension.newEnd })),
      };
    }
    case 'MONTHLY': {
      if (member.segment !== 'BPU' && member.segment !== 'PU') {
        throw refused(
          'NOT_BILLED_MONTHLY',
          'Monthly contributions are billed to informal workers (BPU) and wage earners (PU).',
          'Iuran bulanan ditagihkan kepada pekerja BPU dan PU.',
        );
      }
      if (!/^\d{4}-\d{2}-01$/.test(request.periodStart)) {
        throw invalidInput([
          issue(
            '/periodStart',
            'NOT_FIRST_OF_MONTH',
            'A monthly bill starts on the first of a month.',
            'Tagihan bulanan dimulai pada tanggal 1.',
          ),
        ]);
      }
      const segment = member.segment;
      const facts: QuoteFacts =
        segment === 'BPU'
          ? {
              segment,
              date: request.periodStart,
              declaredMonthlyIncome: member.declaredMonthlyIncome ?? 0,
              months: request.months,
              programs: request.programs.filter((p): p is 'JKK' | 'JKM' | 'JHT' => p === 'JKK' || p === 'JKM' || p === 'JHT'),
            }
          : {
              segment,
              date: request.periodStart,
              monthlyWage: member.monthlyWage ?? 0,
              riskClass: request.riskClass ?? 0,
              months: request.months,
              programs: request.programs,
            };
      return {
        kind: 'MONTHLY',
        facts,
        billingKey: `monthly:${member.id}:${request.periodStart}`,
        // Paid in advance, by the 15th of the first month covered.
        dueDate: `${request.periodStart.slice(0, 8)}15`,
        coverage: () =>
          toPlanned(
            coverageOf('MONTHS', { segment, periodStart: request.periodStart, months: request.months, programs: request.programs }),
          ),
      };
    }
  }
}

async function refuseOverlappingMonths(ctx: AppContext, membershipId: string, coverage: PlannedCoverage[]): Promise<void> {
  const from = minDate(coverage.map((c) => c.from));
  const to = maxDate(coverage.map((c) => c.to));
  const overlapping = await ctx.db
    .selectFrom('bills')
    .select('bill_number')
    .where('membership_id', '=', membershipId)
    .where('kind', '=', 'MONTHLY')
    .where('status', '<>', 'CANCELLED')
    .where('period_from', '<=', to)
    .where('period_to', '>=', from)
    .executeTakeFirst();
  if (overlapping) {
    throw refused(
      'ALREADY_BILLED',
      `Bill ${overlapping.bill_number} already covers some of these months.`,
      `Tagihan ${overlapping.bill_number} sudah mencakup sebagian bulan ini.`,
    );
  }
}

function toPlanned(periods: CoveredPeriod[]): PlannedCoverage[] {
  return periods.map((p) => ({ program: p.program, from: p.from, to: p.to }));
}

/** The number of months a period starting on `start` needs to reach `end` (inclusive). */
export function monthsCovering(start: string, end: string): number {
  let months = 1;
  while (lastDayOfPeriod(start, months) < end && months < 600) months += 1;
  return months;
}

function minDate(dates: string[]): string {
  return dates.reduce((a, b) => (b < a ? b : a));
}

function maxDate(dates: string[]): string {
  return dates.reduce((a, b) => (b > a ? b : a));
}

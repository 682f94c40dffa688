import type { Principal } from '../auth/rules.ts';
import type { AppContext } from '../context.ts';
import { isUniqueViolation } from '../db/connection.ts';
import { DomainError, invalidInput, issue } from '../kernel/errors.ts';
import { findMembershipRef } from '../membership/service.ts';
import { findPartnerByCode } from '../partners/service.ts';
import { lastDayOfPeriod } from './coverage-rules.ts';
import * as store from './store.ts';
import type { StoredBillLine } from './tables.ts';

/**
 * Contribution assistance (Bantuan Iuran): a government program — the social-affairs
 * ministry's Askesos — pays JKK and JKm for a cohort of informal workers, enrolled by
 * the implementing bodies (LPA). The monthly amounts are the cohort's own data: the
 * sources give only historical figures (RULES.md), so each cohort states what it pays.
 */
export interface CohortInput {
  code: string;
  name: string;
  payerPartnerCode: string;
  monthlyAmounts: Partial<Record<'JKK' | 'JKM', number>>;
  validFrom: string;
  validTo?: string;
}

export async function createCohort(ctx: AppContext, input: CohortInput) {
  const issues = [];
  const payer = await findPartnerByCode(ctx, input.payerPartnerCode);
  if (!payer || (payer.type !== 'MINISTRY' && payer.type !== 'SOCIAL_AFFAIRS_BODY')) {
    issues.push(
      issue(
        '/payerPartnerCode',
        'NOT_A_GOVERNMENT_PAYER',
        'A cohort is paid for by a ministry or a social-affairs body.',
        'Kohort dibayar oleh kementerian atau badan sosial.',
      ),
    );
  }
  const amounts = Object.entries(input.monthlyAmounts);
  if (amounts.length === 0 || amounts.some(([, amount]) => !Number.isSafeInteger(amount) || (amount as number) <= 0)) {
    issues.push(
      issue(
        '/monthlyAmounts',
        'AMOUNT_NOT_POSITIVE',
        'Give a positive monthly amount for JKK and/or JKM.',
        'Berikan jumlah bulanan positif untuk JKK dan/atau JKM.',
      ),
    );
  }
  if (input.validTo !== undefined && input.validTo < input.validFrom) {
    issues.push(issue('/validTo', 'PERIOD_REVERSED', 'The cohort must end after it starts.', 'Kohort harus berakhir setelah dimulai.'));
  }
  if (issues.length > 0 || !payer) throw invalidInput(issues);
  try {
    const row = await ctx.db
      .insertInto('assistance_cohorts')
      .values({
        code: input.code,
        name: input.name,
        payer_partner_id: payer.id,
        monthly_amounts: JSON.stringify(input.monthlyAmounts),
        valid_from: input.validFrom,
        valid_to: input.validTo ?? null,
      })
      .returning(['id', 'code'])
      .executeTakeFirstOrThrow();
    return {
      code: row.code,
      name: input.name,
      payer: payer.code,
      monthlyAmounts: input.monthlyAmounts,
      validFrom: input.validFrom,
      validTo: input.validTo ?? null,
    };
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new DomainError('conflict', 'COHORT_CODE_TAKEN', {
        en: `A cohort ${input.code} already exists.`,
        id: `Kohort ${input.code} sudah ada.`,
      });
    }
    throw error;
  }
}

async function cohortByCode(ctx: AppContext, code: string) {
  const cohort = await ctx.db.selectFrom('assistance_cohorts').selectAll().where('code', '=', code).executeTakeFirst();
  if (!cohort)
    throw new DomainError('not_found', 'COHORT_NOT_FOUND', {
      en: `No cohort has the code ${code}.`,
      id: `Tidak ada kohort dengan kode ${code}.`,
    });
  return cohort;
}

export type EnrollmentResult = { membershipNumber: string; enrolled: true } | { membershipNumber: string; enrolled: false; reason: string };

/** Enrolls informal workers; one result per member, with the reason when refused. */
export async function enrollInCohort(
  ctx: AppContext,
  code: string,
  input: { membershipNumbers: string[]; enrolledFrom: string },
  principal: Principal | undefined,
): Promise<EnrollmentResult[]> {
  const cohort = await cohortByCode(ctx, code);
  if (input.enrolledFrom < cohort.valid_from || (cohort.valid_to !== null && input.enrolledFrom > cohort.valid_to)) {
    throw invalidInput([
      issue(
        '/enrolledFrom',
        'OUTSIDE_COHORT',
        'Enrollment must fall within the cohort’s validity.',
        'Pendaftaran harus dalam masa berlaku kohort.',
      ),
    ]);
  }
  const results: EnrollmentResult[] = [];
  for (const membershipNumber of input.membershipNumbers) {
    try {
      const member = await findMembershipRef(ctx, membershipNumber, principal);
      if (member.segment !== 'BPU') {
        results.push({ membershipNumber, enrolled: false, reason: 'NOT_AN_INFORMAL_WORKER' });
        continue;
      }
      if (member.status === 'CLOSED') {
        results.push({ membershipNumber, enrolled: false, reason: 'MEMBERSHIP_CLOSED' });
        continue;
      }
      const inserted = await ctx.db
        .insertInto('cohort_members')
        .values({ cohort_id: cohort.id, membership_id: member.id, enrolled_from: input.enrolledFrom, enrolled_to: null })
        .onConflict((oc) => oc.columns(['cohort_id', 'membership_id']).doNothing())
        .returning('membership_id')
        .executeTakeFirst();
      results.push(inserted ? { membershipNumber, enrolled: true } : { membershipNumber, enrolled: false, reason: 'ALREADY_ENROLLED' });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      results.push({ membershipNumber, enrolled: false, reason: error.issues[0]?.code ?? error.code });
    }
  }
  return results;
}

/**
 * Bills the government program for a month of its cohort: one bill, one line per
 * program (members × amount), paying for every member enrolled that month.
 */
export async function issueCohortBill(ctx: AppContext, code: string, month: string) {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) {
    throw invalidInput([issue('/month', 'INVALID_MONTH', 'The month is written YYYY-MM.', 'Bulan ditulis YYYY-MM.')]);
  }
  const cohort = await cohortByCode(ctx, code);
  const from = `${month}-01`;
  const to = lastDayOfPeriod(from, 1);
  if (to < cohort.valid_from || (cohort.valid_to !== null && from > cohort.valid_to)) {
    throw invalidInput([
      issue('/month', 'OUTSIDE_COHORT', 'The month falls outside the cohort’s validity.', 'Bulan di luar masa berlaku kohort.'),
    ]);
  }
  const members = await ctx.db
    .selectFrom('cohort_members as cm')
    .innerJoin('memberships as m', 'm.id', 'cm.membership_id')
    .select('cm.membership_id')
    .where('cm.cohort_id', '=', cohort.id)
    .where('cm.enrolled_from', '<=', to)
    .where((eb) => eb.or([eb('cm.enrolled_to', 'is', null), eb('cm.enrolled_to', '>=', from)]))
    .where('m.status', '<>', 'CLOSED')
    .execute();
  if (members.length === 0) {
    throw new DomainError('conflict', 'NOBODY_TO_BILL', {
      en: `Nobody in cohort ${code} is enrolled in ${month}.`,
      id: `Tidak ada anggota kohort ${code} yang terdaftar pada ${month}.`,
    });
  }
  const lines: StoredBillLine[] = Object.entries(cohort.monthly_amounts).map(([program, amount]) => ({
    code: `COHORT_${program}`,
    program,
    amount: amount * members.length,
    description: { en: `${program} contribution assistance for ${month}`, id: `Bantuan iuran ${program} untuk ${month}` },
    basis: { en: `${members.length} members × Rp ${amount}`, id: `${members.length} peserta × Rp ${amount}` },
    status: 'UNCONFIRMED',
    source: `cohort ${code}: amount set by the cohort's agreement`,
  }));
  const payer = await ctx.db.selectFrom('partners').select('name').where('id', '=', cohort.payer_partner_id).executeTakeFirstOrThrow();
  try {
    const bill = await ctx.db.transaction().execute((trx) =>
      store.insertBill(trx, {
        membershipId: null,
        cohortId: cohort.id,
        kind: 'COHORT_MONTHLY',
        payerType: 'GOVERNMENT_PROGRAM',
        payerName: payer.name,
        regulationId: `COHORT-${code}`,
        lines,
        coverage: Object.keys(cohort.monthly_amounts).map((program) => ({ program, from, to })),
        periodFrom: from,
        periodTo: to,
        dueDate: `${month}-15`,
        issuedAt: ctx.clock.now(),
        billingKey: `cohort:${cohort.id}:${month}`,
        memberIds: members.map((m) => m.membership_id),
      }),
    );
    return { billNumber: bill.billNumber, month, members: members.length, amount: lines.reduce((sum, l) => sum + l.amount, 0), lines };
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new DomainError('conflict', 'ALREADY_BILLED', {
        en: `Cohort ${code} is already billed for ${month}.`,
        id: `Kohort ${code} sudah ditagih untuk ${month}.`,
      });
    }
    throw error;
  }
}

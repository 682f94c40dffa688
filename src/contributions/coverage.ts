import type { Principal } from '../auth/rules.ts';
import type { AppContext } from '../context.ts';
import { runningLegacyProtection } from '../harmonization/service.ts';
import type { Localized } from '../kernel/errors.ts';
import { findMembershipRef } from '../membership/service.ts';
import { contributionSegmentOf, gracePeriodOf, isInGrace } from './coverage-rules.ts';
import * as store from './store.ts';

export const coveragePrograms = ['JKK', 'JKM', 'JHT', 'JP', 'JKP'] as const;
export type CoverageProgram = (typeof coveragePrograms)[number];

/**
 * The risks the former consortia insured PMI against (accident, death) are what JKK and
 * JKM cover now: a policy still running is carried over for those two programs.
 */
const legacyPrograms: ReadonlySet<CoverageProgram> = new Set(['JKK', 'JKM']);

export interface CoverageAnswer {
  membershipNumber: string;
  program: CoverageProgram;
  date: string;
  covered: boolean;
  reason: {
    code: 'PAID_PERIOD' | 'LEGACY_POLICY' | 'GRACE_PERIOD' | 'NO_PAID_PERIOD' | 'PERIOD_ENDED';
    message: Localized;
    period: { from: string; to: string } | null;
    bill: { billNumber: string; kind: string; regulationId: string } | null;
    payment: { channelCode: string; channelReference: string; paidAt: string } | null;
    /** The former consortium's policy carried over to this member (LEGACY_POLICY only). */
    legacyPolicy?: { consortium: string; policyNumber: string };
  };
}

/** Whether a member is protected by a program on a date, and why: the paid period, or the gap. */
export async function coverageOn(
  ctx: AppContext,
  membershipNumber: string,
  query: { program: CoverageProgram; date: string },
  principal: Principal | undefined,
): Promise<CoverageAnswer> {
  const membership = await findMembershipRef(ctx, membershipNumber, principal);
  const period = await store.coverageOn(ctx.db, membership.id, query.program, query.date);
  const base = { membershipNumber, program: query.program, date: query.date };
  if (period) {
    return {
      ...base,
      covered: true,
      reason: {
        code: 'PAID_PERIOD',
        message: {
          en: `Protected from ${period.covered_from} to ${period.covered_to}, paid through bill ${period.bill_number}.`,
          id: `Terlindungi dari ${period.covered_from} sampai ${period.covered_to}, dibayar melalui tagihan ${period.bill_number}.`,
        },
        period: { from: period.covered_from, to: period.covered_to },
        bill: { billNumber: period.bill_number, kind: period.kind, regulationId: period.regulation_id },
        payment: { channelCode: period.channel_code, channelReference: period.channel_reference, paidAt: period.paid_at.toISOString() },
      },
    };
  }
  if (legacyPrograms.has(query.program)) {
    const { items } = await runningLegacyProtection(ctx, query.date, { membershipNumber });
    const policy = items.at(-1); // the one running longest
    if (policy) {
      return {
        ...base,
        covered: true,
        reason: {
          code: 'LEGACY_POLICY',
          message: {
            en: `Protected under ${policy.consortium} policy ${policy.policyNumber} from ${policy.coverFrom} to ${policy.coverTo}, carried over from the former PMI insurance consortia.`,
            id: `Terlindungi oleh polis ${policy.consortium} ${policy.policyNumber} dari ${policy.coverFrom} sampai ${policy.coverTo}, dialihkan dari konsorsium asuransi PMI terdahulu.`,
          },
          period: { from: policy.coverFrom, to: policy.coverTo },
          bill: null,
          payment: null,
          legacyPolicy: { consortium: policy.consortium, policyNumber: policy.policyNumber },
        },
      };
    }
  }
  const last = await store.lastCoverageBefore(ctx.db, membership.id, query.program, query.date);
  const segment = contributionSegmentOf(membership.segment);
  if (last && isInGrace(last.covered_to, query.date, segment)) {
    const grace = gracePeriodOf(segment, query.date);
    return {
      ...base,
      covered: true,
      reason: {
        code: 'GRACE_PERIOD',
        message: {
          en: `Protected in the grace period of ${grace.value} days after the paid period that ended on ${last.covered_to} (${grace.status.toLowerCase()} figure: ${grace.source}).`,
          id: `Terlindungi dalam masa tenggang ${grace.value} hari setelah masa terbayar yang berakhir pada ${last.covered_to} (angka ${grace.status}: ${grace.source}).`,
        },
        period: { from: last.covered_from, to: last.covered_to },
        bill: null,
        payment: null,
      },
    };
  }
  return {
    ...base,
    covered: false,
    reason: last
      ? {
          code: 'PERIOD_ENDED',
          message: {
            en: `Not protected on ${query.date}: the last paid period ended on ${last.covered_to}.`,
            id: `Tidak terlindungi pada ${query.date}: masa terakhir yang dibayar berakhir pada ${last.covered_to}.`,
          },
          period: { from: last.covered_from, to: last.covered_to },
          bill: null,
          payment: null,
        }
      : {
          code: 'NO_PAID_PERIOD',
          message: {
            en: `Not protected on ${query.date}: no paid contribution covers ${query.program} on that day.`,
            id: `Tidak terlindungi pada ${query.date}: tidak ada iuran terbayar yang melindungi ${query.program} pada hari itu.`,
          },
          period: null,
          bill: null,
          payment: null,
        },
  };
}

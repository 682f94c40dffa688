import type { Principal } from '../auth/rules.ts';
import type { AppContext } from '../context.ts';
import { canSee, memberNotFound, requireValidMembershipNumber } from './access.ts';
import type { MembershipStatus, PlacementRoute, PmiPhase, Segment } from './rules.ts';

/** What billing needs to know of a member, read in one place. */
export interface BillingFacts {
  id: string;
  membershipNumber: string;
  segment: Segment;
  status: MembershipStatus;
  pmiPhase: PmiPhase | null;
  declaredMonthlyIncome: number | null;
  monthlyWage: number | null;
  employerName: string | null;
  openPlacement: {
    id: string;
    destinationCountry: string;
    placementRoute: PlacementRoute;
    placementAgency: string | null;
    contractStart: string;
    contractEnd: string;
    latestExtension: { id: string; previousEnd: string; newEnd: string } | null;
  } | null;
}

export async function billingFactsOf(
  ctx: Pick<AppContext, 'db'>,
  membershipNumber: string,
  principal: Principal | undefined,
): Promise<BillingFacts> {
  requireValidMembershipNumber(membershipNumber);
  const m = await ctx.db.selectFrom('memberships').selectAll().where('membership_number', '=', membershipNumber).executeTakeFirst();
  if (!m || !canSee(principal, m)) throw memberNotFound(membershipNumber);
  const placement = await ctx.db
    .selectFrom('placements')
    .selectAll()
    .where('membership_id', '=', m.id)
    .where('ended_on', 'is', null)
    .executeTakeFirst();
  const extension = placement
    ? await ctx.db
        .selectFrom('contract_extensions')
        .select(['id', 'previous_end', 'new_end'])
        .where('placement_id', '=', placement.id)
        .orderBy('recorded_at', 'desc')
        .limit(1)
        .executeTakeFirst()
    : undefined;
  return {
    id: m.id,
    membershipNumber: m.membership_number,
    segment: m.segment,
    status: m.status,
    pmiPhase: m.pmi_phase,
    declaredMonthlyIncome: m.declared_monthly_income,
    monthlyWage: m.monthly_wage,
    employerName: m.employer_name,
    openPlacement: placement
      ? {
          id: placement.id,
          destinationCountry: placement.destination_country,
          placementRoute: placement.placement_route,
          placementAgency: placement.placement_agency,
          contractStart: placement.contract_start,
          contractEnd: placement.contract_end,
          latestExtension: extension ? { id: extension.id, previousEnd: extension.previous_end, newEnd: extension.new_end } : null,
        }
      : null,
  };
}

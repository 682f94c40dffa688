import type { Principal } from '../auth/rules.ts';
import { actorOf } from '../auth/rules.ts';
import type { AppContext } from '../context.ts';
import { memberNotFound, requireValidMembershipNumber, visibilityOf } from './access.ts';
import type { MemberView } from './schemas.ts';
import * as store from './store.ts';

/** One member's full record; the read is written to the access log. */
export async function findMember(
  ctx: AppContext,
  membershipNumber: string,
  principal: Principal | undefined,
  requestId?: string,
): Promise<MemberView> {
  requireValidMembershipNumber(membershipNumber);
  const m = await store.loadMemberRecord(ctx.db, membershipNumber, visibilityOf(principal), {
    actor: actorOf(principal),
    requestId: requestId ?? null,
    at: ctx.clock.now(),
  });
  if (!m) throw memberNotFound(membershipNumber);
  return {
    membershipNumber: m.membership_number,
    segment: m.segment,
    status: m.status,
    pmiPhase: m.pmi_phase,
    registrationChannel: m.registration_channel,
    channelPartner: m.partner_code && m.partner_name ? { code: m.partner_code, name: m.partner_name } : null,
    registeredAt: m.registered_at.toISOString(),
    person: {
      nik: m.nik,
      fullName: m.full_name,
      birthDate: m.birth_date,
      sex: m.sex,
      birthPlace: m.birth_place,
      nationality: m.nationality,
      phone: m.phone,
      email: m.email,
      address: m.address,
      bankAccount: m.bank_account,
      passports: m.passports.map((p) => ({ number: p.number, issuingCountry: p.issuing_country, expiryDate: p.expiry_date })),
    },
    occupation: m.occupation,
    declaredMonthlyIncome: m.declared_monthly_income,
    employerName: m.employer_name,
    monthlyWage: m.monthly_wage,
    workPermitNumber: m.work_permit_number,
    placements: m.placements.map((p) => ({
      destinationCountry: p.destination_country,
      employerName: p.employer_name,
      employerAddress: p.employer_address,
      occupation: p.occupation,
      placementRoute: p.placement_route,
      placementAgency: p.placement_agency,
      contractStart: p.contract_start,
      contractEnd: p.contract_end,
      endedOn: p.ended_on,
      endReason: p.end_reason,
      extensions: p.extensions.map((e) => ({
        previousEnd: e.previous_end,
        newEnd: e.new_end,
        channel: e.channel,
        recordedAt: isoInstant(e.recorded_at),
      })),
    })),
    statusHistory: m.statuses.map((s) => ({ status: s.status, reason: s.reason, changedAt: isoInstant(s.changed_at) })),
  };
}

// Timestamps nested in JSON arrive as PostgreSQL's text form, not as Date.
function isoInstant(value: Date | string): string {
  return new Date(value).toISOString();
}

import { randomUUID } from 'node:crypto';
import type { Principal } from '../auth/service.ts';
import type { AppContext } from '../context.ts';
import { coverageOn } from '../contributions/service.ts';
import { invalidInput, issue } from '../kernel/errors.ts';
import { findMembershipRef } from '../membership/service.ts';
import { type Calculation, type ClaimFacts, calculate, factIssues, isIsoDate, type MemberFacts } from './calculation.ts';
import { memberFactsFor } from './member-facts.ts';
import { type ClaimType, checklistOf, type DocumentItem, programOf } from './rules.ts';

export interface SimulationInput {
  claimType: ClaimType;
  facts: ClaimFacts;
  /** The day the claim would be made (today when absent). */
  claimDate?: string | undefined;
  /** Hypothetical member figures… */
  member?: Partial<MemberFacts> & { segment: MemberFacts['segment'] };
  /** …or a real member's history (a signed-in member: their own; staff: anyone they may see). */
  membershipNumber?: string | undefined;
}

export interface Simulation extends Calculation {
  /** The documents a claim of this type would need. */
  documents: DocumentItem[];
  coverage: { checked: boolean; covered: boolean | null; reason: { en: string; id: string } | null };
}

/**
 * What a claim would pay and why, line by line, without filing anything. For hypothetical
 * figures the coverage is assumed (and said to be); for a real member it is checked.
 */
export async function simulateClaim(ctx: AppContext, input: SimulationInput, principal: Principal | undefined): Promise<Simulation> {
  const claimDate = input.claimDate ?? ctx.clock.today();
  const issues = factIssues(input.claimType, input.facts);
  if (!isIsoDate(claimDate)) issues.push(issue('/claimDate', 'INVALID_DATE', 'A date (YYYY-MM-DD).', 'Tanggal (YYYY-MM-DD).'));
  if (!input.member && !input.membershipNumber) {
    issues.push(
      issue(
        '/member',
        'MEMBER_REQUIRED',
        'Give hypothetical member figures or a membership number.',
        'Isi data peserta hipotetis atau nomor kepesertaan.',
      ),
    );
  }
  if (input.membershipNumber && !principal) {
    issues.push(
      issue(
        '/membershipNumber',
        'SIGN_IN_REQUIRED',
        'Sign in to simulate with a member’s own history.',
        'Masuk untuk menyimulasikan dengan riwayat peserta.',
      ),
    );
  }
  if (issues.length > 0) throw invalidInput(issues);

  if (input.membershipNumber && principal) {
    const membership = await findMembershipRef(ctx, input.membershipNumber, principal);
    const probe = randomUUID();
    const facts = await memberFactsFor(
      ctx,
      ctx.db,
      [
        {
          claimId: probe,
          membershipId: membership.id,
          membershipNumber: membership.membershipNumber,
          claimType: input.claimType,
          eventDate: input.facts.eventDate,
          claimDate,
        },
      ],
      claimDate,
    );
    const member = facts.get(probe) as MemberFacts;
    const program = programOf(input.claimType);
    const coverage =
      program === 'JHT'
        ? undefined
        : await coverageOn(ctx, membership.membershipNumber, { program, date: input.facts.eventDate }, principal);
    const calculation = calculate({ claimType: input.claimType, claimDate, facts: input.facts, member });
    return {
      ...calculation,
      documents: checklistOf(input.claimType, input.facts.jhtReason),
      coverage: coverage
        ? { checked: true, covered: coverage.covered, reason: coverage.reason.message }
        : { checked: false, covered: null, reason: null },
    };
  }
  const hypothetical = input.member as Partial<MemberFacts> & { segment: MemberFacts['segment'] };
  const member: MemberFacts = {
    segment: hypothetical.segment,
    birthDate: hypothetical.birthDate ?? '1990-01-01',
    nationality: hypothetical.nationality ?? 'ID',
    membershipStart: hypothetical.membershipStart ?? claimDate,
    pmiPhaseOnEvent: hypothetical.segment === 'PMI' ? (hypothetical.pmiPhaseOnEvent ?? 'DURING_PLACEMENT') : null,
    placementOpen: hypothetical.placementOpen ?? false,
    jhtBalance: hypothetical.jhtBalance ?? null,
    jhtBalanceUnconfirmed: hypothetical.jhtBalanceUnconfirmed ?? false,
    wageOnRecord: hypothetical.wageOnRecord ?? null,
  };
  return {
    ...calculate({ claimType: input.claimType, claimDate, facts: input.facts, member }),
    documents: checklistOf(input.claimType, input.facts.jhtReason),
    coverage: {
      checked: false,
      covered: null,
      reason: {
        en: 'Hypothetical figures: coverage on the event date is assumed.',
        id: 'Angka hipotetis: perlindungan pada tanggal kejadian diasumsikan.',
      },
    },
  };
}

import { randomUUID } from 'node:crypto';
import type { Principal } from '../auth/service.ts';
import type { AppContext } from '../context.ts';
import { coverageOn } from '../contributions/service.ts';
import { isUniqueViolation } from '../db/connection.ts';
import { DomainError, type FieldIssue, invalidInput, issue } from '../kernel/errors.ts';
import { findMembershipRef } from '../membership/service.ts';
import { type ClaimFacts, calculate, factIssues, isIsoDate, regulationFor } from './calculation.ts';
import { memberFactsFor } from './member-facts.ts';
import {
  type ClaimType,
  eventKeyOf,
  type HeirRelationship,
  heirRelationships,
  isDeathBenefit,
  programOf,
  serviceLevelDays,
} from './rules.ts';
import * as store from './store.ts';
import type { Claimant, PayTo } from './tables.ts';
import { type ClaimView, claimViewOf, whoOf } from './workflow.ts';

export interface SubmitClaimInput {
  membershipNumber: string;
  claimType: ClaimType;
  facts: ClaimFacts;
  /** Absent or MEMBER: the member claims. HEIR (required for a death benefit): who claims, and how they are related. */
  claimant?:
    | { kind: 'MEMBER' }
    | { kind: 'HEIR'; fullName: string; relationship: HeirRelationship; nik: string; phone?: string | undefined }
    | undefined;
  payTo: PayTo;
}

/**
 * Files a claim: the facts each type needs, the claimant (an heir for a death benefit),
 * coverage of the program on the event date, and the eligibility the regulation sets are
 * all checked first, every problem reported at once; nothing is stored on a refusal. The
 * same event claimed twice meets the unique constraint `claims_event_key`, whatever the
 * timing, and the loser learns the winner's claim number.
 */
export async function submitClaim(ctx: AppContext, input: SubmitClaimInput, principal: Principal | undefined): Promise<ClaimView> {
  const now = ctx.clock.now();
  const today = ctx.clock.today();
  const issues: FieldIssue[] = factIssues(input.claimType, input.facts);
  if (isIsoDate(input.facts.eventDate) && input.facts.eventDate > today) {
    issues.push(
      issue(
        '/facts/eventDate',
        'EVENT_IN_FUTURE',
        `The event date ${input.facts.eventDate} is after today.`,
        `Tanggal kejadian ${input.facts.eventDate} setelah hari ini.`,
      ),
    );
  }
  const deathBenefit = isDeathBenefit(input.claimType, input.facts.jhtReason);
  const claimant = input.claimant ?? { kind: 'MEMBER' as const };
  if (deathBenefit && claimant.kind !== 'HEIR') {
    issues.push(
      issue(
        '/claimant',
        'HEIR_REQUIRED',
        'A death benefit is claimed by an heir: give the heir’s name, relationship and NIK.',
        'Manfaat kematian diklaim oleh ahli waris: isi nama, hubungan, dan NIK ahli waris.',
      ),
    );
  }
  if (!deathBenefit && claimant.kind === 'HEIR') {
    issues.push(
      issue(
        '/claimant',
        'HEIR_ONLY_FOR_DEATH_BENEFIT',
        'Only a death benefit is claimed by an heir.',
        'Hanya manfaat kematian yang diklaim oleh ahli waris.',
      ),
    );
  }
  if (claimant.kind === 'HEIR') {
    if (!/^\d{16}$/.test(claimant.nik)) {
      issues.push(issue('/claimant/nik', 'INVALID_NIK', 'An NIK has 16 digits.', 'NIK terdiri dari 16 digit.'));
    }
    if (!heirRelationships.includes(claimant.relationship)) {
      issues.push(
        issue(
          '/claimant/relationship',
          'UNKNOWN_RELATIONSHIP',
          `One of ${heirRelationships.join(', ')}.`,
          `Salah satu dari ${heirRelationships.join(', ')}.`,
        ),
      );
    }
  }
  if (principal?.kind === 'member' && deathBenefit) {
    issues.push(
      issue(
        '/claimType',
        'DEATH_BENEFIT_AT_A_DESK',
        'Heirs file a death benefit with an officer or a partner desk.',
        'Ahli waris mengajukan manfaat kematian melalui petugas atau loket mitra.',
      ),
    );
  }
  const membership = await findMembershipRef(ctx, input.membershipNumber, principal);
  if (issues.length > 0) throw invalidInput(issues);

  const regulation = regulationFor(input.claimType, membership.segment, input.facts.eventDate);
  if (!regulation) {
    throw invalidInput([
      issue(
        '/facts/eventDate',
        'NO_REGULATION_IN_FORCE',
        `Lindung knows no benefit regulation in force on ${input.facts.eventDate}.`,
        `Lindung tidak mengenal peraturan manfaat yang berlaku pada ${input.facts.eventDate}.`,
      ),
    ]);
  }
  const program = programOf(input.claimType);
  if (program !== 'JHT') {
    const coverage = await coverageOn(ctx, input.membershipNumber, { program, date: input.facts.eventDate }, undefined);
    if (!coverage.covered) {
      throw new DomainError(
        'invalid',
        'EVENT_NOT_COVERED',
        {
          en: `The event of ${input.facts.eventDate} is outside ${program} coverage. ${coverage.reason.message.en}`,
          id: `Kejadian tanggal ${input.facts.eventDate} di luar perlindungan ${program}. ${coverage.reason.message.id}`,
        },
        {
          issues: [issue('/facts/eventDate', coverage.reason.code, coverage.reason.message.en, coverage.reason.message.id)],
          extensions: { coverage: { program, date: input.facts.eventDate, reason: coverage.reason.code, period: coverage.reason.period } },
        },
      );
    }
  }

  // Eligibility with what is known today; the assessment computes again with its own day.
  const probeId = randomUUID();
  const memberFacts = await memberFactsFor(
    ctx,
    ctx.db,
    [
      {
        claimId: probeId,
        membershipId: membership.id,
        membershipNumber: membership.membershipNumber,
        claimType: input.claimType,
        eventDate: input.facts.eventDate,
        claimDate: today,
      },
    ],
    today,
  );
  const member = memberFacts.get(probeId);
  if (!member) throw new Error(`member facts of ${membership.membershipNumber} not found`);
  const preview = calculate({ claimType: input.claimType, claimDate: today, facts: input.facts, member }, regulation.id);
  if (!preview.eligible) {
    throw new DomainError(
      'invalid',
      'CLAIM_NOT_ELIGIBLE',
      {
        en: `Not eligible under ${regulation.source.title}: ${preview.refusals.map((r) => r.message.en).join(' ')}`,
        id: `Tidak memenuhi syarat menurut ${regulation.source.title}: ${preview.refusals.map((r) => r.message.id).join(' ')}`,
      },
      {
        issues: preview.refusals.map((r) => issue('/facts', r.code, r.message.en, r.message.id)),
        extensions: { refusals: preview.refusals, regulationId: regulation.id },
      },
    );
  }

  const storedClaimant: Claimant =
    claimant.kind === 'HEIR'
      ? { kind: 'HEIR', fullName: claimant.fullName, relationship: claimant.relationship, nik: claimant.nik, phone: claimant.phone ?? null }
      : { kind: 'MEMBER', fullName: null, relationship: null, nik: null, phone: null };
  const eventKey = eventKeyOf(input.claimType, input.facts.eventDate);
  const who = whoOf(principal);
  try {
    const claimNumber = await ctx.db.transaction().execute(async (trx) => {
      const inserted = await store.insertClaim(trx, {
        membershipId: membership.id,
        claimType: input.claimType,
        eventDate: input.facts.eventDate,
        eventKey,
        claimDate: today,
        claimant: storedClaimant,
        deathBenefit,
        payTo: input.payTo,
        facts: input.facts,
        regulationId: regulation.id,
        submittedBy: who.actor,
        submittedAt: now,
        slaDueAt: new Date(now.getTime() + serviceLevelDays(input.claimType) * 86_400_000),
      });
      await store.insertTransitions(trx, [
        { claimId: inserted.id, from: null, to: 'SUBMITTED', action: 'SUBMIT', actor: who.actor, role: who.role, note: null, at: now },
      ]);
      await store.insertNotifications(trx, [
        {
          template: 'CLAIM_STATUS_CHANGED',
          membershipNumber: membership.membershipNumber,
          claimNumber: inserted.claim_number,
          status: 'SUBMITTED',
          amount: null,
          recipient: storedClaimant.kind,
          ...(storedClaimant.phone ? { phone: storedClaimant.phone } : {}),
        },
      ]);
      return inserted.claim_number;
    });
    const claim = await store.findClaim(ctx.db, claimNumber);
    if (!claim) throw new Error(`claim ${claimNumber} vanished`);
    return claimViewOf(ctx.db, claim, now);
  } catch (error) {
    if (isUniqueViolation(error, 'claims_event_key')) {
      const winner = await store.findClaimByEvent(ctx.db, membership.id, eventKey);
      throw new DomainError(
        'conflict',
        'DUPLICATE_CLAIM',
        {
          en: `This event is already claimed${winner ? `, in claim ${winner.claim_number} (${winner.status})` : ''}.`,
          id: `Kejadian ini sudah diklaim${winner ? `, dalam klaim ${winner.claim_number} (${winner.status})` : ''}.`,
        },
        { extensions: winner ? { claimNumber: winner.claim_number } : {} },
      );
    }
    if (isUniqueViolation(error, 'claims_one_open_jht')) {
      const open = await store.findOpenJhtClaim(ctx.db, membership.id);
      throw new DomainError(
        'conflict',
        'JHT_CLAIM_OPEN',
        {
          en: `A JHT claim of this member is still open${open ? ` (${open.claim_number}, ${open.status})` : ''}: one at a time.`,
          id: `Masih ada klaim JHT peserta ini yang berjalan${open ? ` (${open.claim_number}, ${open.status})` : ''}: satu per satu.`,
        },
        { extensions: open ? { claimNumber: open.claim_number } : {} },
      );
    }
    throw error;
  }
}

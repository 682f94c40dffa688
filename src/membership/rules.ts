import { type FieldIssue, issue } from '../kernel/errors.ts';
import type { PartnerType } from '../partners/rules.ts';

export const segments = ['PMI', 'BPU', 'PU', 'FOREIGN_WORKER'] as const;
export type Segment = (typeof segments)[number];

export const pmiPhases = ['BEFORE_PLACEMENT', 'DURING_PLACEMENT', 'AFTER_PLACEMENT'] as const;
export type PmiPhase = (typeof pmiPhases)[number];

export const membershipStatuses = ['REGISTERED', 'ACTIVE', 'LAPSED', 'CLOSED'] as const;
export type MembershipStatus = (typeof membershipStatuses)[number];

export const registrationChannels = [
  'SELF_SERVICE_WEB',
  'SELF_SERVICE_APP',
  'EMBASSY_DESK',
  'LOCAL_PARTNER',
  'FOREIGN_MINISTRY_SELF_REPORT',
  'CONTRACT_EXTENSION_ABROAD',
  'LPA',
  'OFFICER',
] as const;
export type RegistrationChannel = (typeof registrationChannels)[number];

export const placementRoutes = ['PLACEMENT_EXECUTOR', 'INDIVIDUAL'] as const;
export type PlacementRoute = (typeof placementRoutes)[number];

export type PlacementEndReason = 'MOVED' | 'RETURNED' | 'CLOSED';

export const closeReasons = ['DECEASED', 'REQUESTED_BY_MEMBER', 'REGISTERED_IN_ERROR', 'LEFT_SEGMENT', 'OTHER'] as const;
export type CloseReason = (typeof closeReasons)[number];

/**
 * Which partners a channel goes through: the desk of an embassy, a local partner abroad,
 * an LPA must be named; a self-report or an extension abroad may name the ministry or
 * the mission that passed it on. Channels absent here go through no partner.
 */
export const channelPartners: Partial<Record<RegistrationChannel, { types: readonly PartnerType[]; required: boolean }>> = {
  EMBASSY_DESK: { types: ['EMBASSY'], required: true },
  LOCAL_PARTNER: { types: ['LOCAL_PARTNER'], required: true },
  LPA: { types: ['SOCIAL_AFFAIRS_BODY'], required: true },
  FOREIGN_MINISTRY_SELF_REPORT: { types: ['MINISTRY'], required: false },
  CONTRACT_EXTENSION_ABROAD: { types: ['EMBASSY', 'MINISTRY', 'LOCAL_PARTNER'], required: false },
};

/**
 * A PMI's phases follow the placement cycle; after coming home a worker may
 * prepare for a new placement. Going back from abroad to "before" is not a phase change
 * but a failed placement (a claim), so it is refused here.
 */
const allowedPhaseChanges: Record<PmiPhase, readonly PmiPhase[]> = {
  BEFORE_PLACEMENT: ['DURING_PLACEMENT'],
  DURING_PLACEMENT: ['AFTER_PLACEMENT'],
  AFTER_PLACEMENT: ['BEFORE_PLACEMENT', 'DURING_PLACEMENT'],
};

export function canChangePhase(from: PmiPhase, to: PmiPhase): boolean {
  return allowedPhaseChanges[from].includes(to);
}

export interface PlacementFacts {
  destinationCountry: string;
  contractStart: string;
  contractEnd: string;
}

/** Date rules of a placement contract; `today` is passed in so the rule is testable. */
export function checkContractDates(placement: PlacementFacts, pointer: string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (placement.contractEnd <= placement.contractStart) {
    issues.push(
      issue(
        `${pointer}/contractEnd`,
        'CONTRACT_ENDS_BEFORE_START',
        `The contract must end after it starts (${placement.contractStart}); got ${placement.contractEnd}.`,
        `Kontrak harus berakhir setelah dimulai (${placement.contractStart}); diterima ${placement.contractEnd}.`,
      ),
    );
  }
  return issues;
}

/** Indonesia is not a destination abroad. */
export function checkDestinationCountry(country: string, pointer: string): FieldIssue[] {
  if (country === 'ID') {
    return [
      issue(
        pointer,
        'DESTINATION_IS_INDONESIA',
        'A placement abroad cannot have Indonesia (ID) as its destination.',
        'Penempatan di luar negeri tidak dapat bernegara tujuan Indonesia (ID).',
      ),
    ];
  }
  return [];
}

export function checkBirthDate(birthDate: string, today: string, pointer: string): FieldIssue[] {
  if (birthDate > today) {
    return [
      issue(
        pointer,
        'BIRTH_DATE_IN_FUTURE',
        `The birth date ${birthDate} is in the future.`,
        `Tanggal lahir ${birthDate} berada di masa depan.`,
      ),
    ];
  }
  if (birthDate < '1900-01-01') {
    return [
      issue(
        pointer,
        'BIRTH_DATE_TOO_EARLY',
        `The birth date ${birthDate} is before 1900.`,
        `Tanggal lahir ${birthDate} sebelum tahun 1900.`,
      ),
    ];
  }
  return [];
}

/**
 * Contract dates that are possible but worth a second look for the phase declared: they
 * are warnings, since records arrive late and workers overstay.
 */
export function checkPlacementAgainstPhase(phase: PmiPhase, placement: PlacementFacts, today: string, pointer: string): FieldIssue[] {
  if (phase === 'BEFORE_PLACEMENT' && placement.contractStart < today) {
    return [
      issue(
        `${pointer}/contractStart`,
        'CONTRACT_STARTED_BEFORE_DEPARTURE',
        `The contract started on ${placement.contractStart}, but the worker has not left yet.`,
        `Kontrak dimulai pada ${placement.contractStart}, tetapi pekerja belum berangkat.`,
      ),
    ];
  }
  if (phase === 'DURING_PLACEMENT' && placement.contractEnd < today) {
    return [
      issue(
        `${pointer}/contractEnd`,
        'CONTRACT_ALREADY_ENDED',
        `The contract ended on ${placement.contractEnd}; record an extension, or the return home.`,
        `Kontrak berakhir pada ${placement.contractEnd}; catat perpanjangan, atau kepulangan.`,
      ),
    ];
  }
  if (phase === 'DURING_PLACEMENT' && placement.contractStart > today) {
    return [
      issue(
        `${pointer}/contractStart`,
        'CONTRACT_NOT_STARTED',
        `The contract starts on ${placement.contractStart}; the worker may still be before placement.`,
        `Kontrak dimulai pada ${placement.contractStart}; pekerja mungkin masih sebelum penempatan.`,
      ),
    ];
  }
  return [];
}

/**
 * Claims: enumerations, the workflow, document checklists, service levels and file
 * checks. Pure: no I/O, no clock, no database. Amounts are in `calculation.ts`, from the
 * regulation table in `regulations.ts`.
 */
import type { Localized } from '../kernel/errors.ts';

export const figureStatuses = ['CONFIRMED', 'SECONDARY', 'UNCONFIRMED'] as const;
export type FigureStatus = (typeof figureStatuses)[number];

export const claimTypes = [
  'JHT_FULL',
  'JHT_PARTIAL',
  'JKK_MEDICAL',
  'JKK_TEMPORARY_INCAPACITY',
  'JKK_PERMANENT_DISABILITY',
  'JKK_DEATH',
  'JKK_FUNERAL',
  'JKK_RETURN_TO_WORK',
  'JKM_LUMP_SUM',
  'JKM_PERIODIC',
  'JKM_FUNERAL',
  'JKM_SCHOLARSHIP',
  'PMI_FAILED_DEPARTURE',
  'PMI_FAILED_PLACEMENT',
  'PMI_REPATRIATION',
  'PMI_DISMISSAL_AFTER_ACCIDENT',
  'PMI_LOSS_ON_WAY_HOME',
] as const;
export type ClaimType = (typeof claimTypes)[number];

/** The program whose coverage on the event date a claim needs (JHT: the savings balance instead). */
export function programOf(type: ClaimType): 'JHT' | 'JKK' | 'JKM' {
  if (type.startsWith('JHT_')) return 'JHT';
  if (type.startsWith('JKM_')) return 'JKM';
  return 'JKK'; // JKK_* and the PMI-specific risks, which Permenaker 4/2023 places under JKK
}

export const jhtFullReasons = [
  'AGE_56',
  'END_OF_MEMBERSHIP',
  'PERMANENT_TOTAL_DISABILITY',
  'DEATH',
  'LEFT_INDONESIA',
  'PLACEMENT_ENDED',
] as const;
export type JhtFullReason = (typeof jhtFullReasons)[number];

export const partialPurposes = ['HOUSING', 'OTHER'] as const;
export type PartialPurpose = (typeof partialPurposes)[number];

export const pmiEventPhases = ['BEFORE_PLACEMENT', 'DURING_PLACEMENT', 'AFTER_PLACEMENT'] as const;
export type PmiEventPhase = (typeof pmiEventPhases)[number];

export const schoolLevels = ['KINDERGARTEN', 'PRIMARY', 'JUNIOR_SECONDARY', 'SENIOR_SECONDARY', 'UNIVERSITY'] as const;
export type SchoolLevel = (typeof schoolLevels)[number];

/** Why a departure or placement failed: only a cause that is not the worker's, the company's or a policy's is paid (Art. 27(3)). */
export const failureCauses = ['WORKER_AT_FAULT', 'PLACEMENT_COMPANY', 'GOVERNMENT_POLICY', 'OTHER_NOT_WORKERS_FAULT'] as const;
export type FailureCause = (typeof failureCauses)[number];

/** Heirs in the order of Permenaker 4/2023 Art. 57 (RULES.md): spouse or child; blood relatives to the second degree; siblings; in-laws; a person named in a will. */
export const heirRelationships = [
  'SPOUSE',
  'CHILD',
  'PARENT',
  'GRANDPARENT',
  'GRANDCHILD',
  'SIBLING',
  'PARENT_IN_LAW',
  'NAMED_IN_WILL',
] as const;
export type HeirRelationship = (typeof heirRelationships)[number];

/** A benefit paid because the member died: the claimant is an heir. */
export function isDeathBenefit(type: ClaimType, jhtReason?: JhtFullReason | undefined): boolean {
  if (type === 'JHT_FULL') return jhtReason === 'DEATH';
  return type === 'JKK_DEATH' || type === 'JKK_FUNERAL' || type.startsWith('JKM_');
}

// ---------------------------------------------------------------------------------------
// Workflow

export const claimStatuses = [
  'SUBMITTED',
  'DOCUMENTS_CHECKED',
  'ASSESSED',
  'APPROVED',
  'REJECTED',
  'APPEALED',
  'PAYMENT_INSTRUCTED',
  'PAID',
] as const;
export type ClaimStatus = (typeof claimStatuses)[number];

/** The statuses an officer still has to act on: the queue. */
export const queueStatuses = ['SUBMITTED', 'DOCUMENTS_CHECKED', 'ASSESSED', 'APPEALED'] as const satisfies readonly ClaimStatus[];

export const claimActions = [
  'SUBMIT',
  'CHECK_DOCUMENTS',
  'ASSESS',
  'APPROVE',
  'REJECT',
  'APPEAL',
  'INSTRUCT_PAYMENT',
  'CONFIRM_PAYMENT',
  'RETURN_PAYMENT',
] as const;
export type ClaimAction = (typeof claimActions)[number];

const transitions: Record<ClaimStatus, Partial<Record<ClaimAction, ClaimStatus>>> = {
  SUBMITTED: { CHECK_DOCUMENTS: 'DOCUMENTS_CHECKED', REJECT: 'REJECTED' },
  DOCUMENTS_CHECKED: { ASSESS: 'ASSESSED', REJECT: 'REJECTED' },
  ASSESSED: { APPROVE: 'APPROVED', REJECT: 'REJECTED' },
  REJECTED: { APPEAL: 'APPEALED' },
  // An appeal is assessed again (by a supervisor) or rejected for good.
  APPEALED: { ASSESS: 'ASSESSED', REJECT: 'REJECTED' },
  APPROVED: { INSTRUCT_PAYMENT: 'PAYMENT_INSTRUCTED' },
  // A payment the bank returns (closed account…) goes back to APPROVED for the next batch.
  PAYMENT_INSTRUCTED: { CONFIRM_PAYMENT: 'PAID', RETURN_PAYMENT: 'APPROVED' },
  PAID: {},
};

/** The status an action leads to from `from`, or undefined when the action is not allowed there. */
export function nextStatus(from: ClaimStatus, action: ClaimAction): ClaimStatus | undefined {
  return transitions[from][action];
}

export function allowedActions(from: ClaimStatus): ClaimAction[] {
  return Object.keys(transitions[from]) as ClaimAction[];
}

/** Above this amount a supervisor approves (Lindung's choice, not a regulation). */
export const supervisorApprovalAbove = 50_000_000;

/**
 * Whether approval needs a supervisor: a large amount, a death benefit (paid to heirs), an
 * appealed claim, or an amount that rests on a figure not confirmed.
 */
export function needsSupervisor(claim: { amount: number; deathBenefit: boolean; appeals: number; unconfirmed: boolean }): boolean {
  return claim.amount > supervisorApprovalAbove || claim.deathBenefit || claim.appeals > 0 || claim.unconfirmed;
}

/** A rejected claim may be appealed once. */
export const appealsAllowed = 1;

/** Days from submission (or appeal) to a decision, per claim type: Lindung's service standard. */
export function serviceLevelDays(type: ClaimType): number {
  if (type.startsWith('JHT_')) return 5;
  if (type.startsWith('JKM_')) return 7;
  return 14;
}
export const appealServiceLevelDays = 14;

/** The event a claim is for: the same event may be claimed once (a unique constraint on membership and key). */
export function eventKeyOf(type: ClaimType, eventDate: string): string {
  switch (type) {
    // A person dies once; a partial JHT withdrawal is allowed once in a membership.
    case 'JKK_DEATH':
    case 'JKK_FUNERAL':
    case 'JKM_LUMP_SUM':
    case 'JKM_PERIODIC':
    case 'JKM_FUNERAL':
    case 'JKM_SCHOLARSHIP':
    case 'JHT_PARTIAL':
      return type;
    default:
      return `${type}:${eventDate}`;
  }
}

// ---------------------------------------------------------------------------------------
// Documents

export const documentItems = [
  'MEMBERSHIP_CARD',
  'IDENTITY_DOCUMENT',
  'BANK_ACCOUNT_PROOF',
  'RESIGNATION_LETTER',
  'DISABILITY_CERTIFICATE',
  'DEATH_CERTIFICATE',
  'FAMILY_CARD',
  'HEIR_IDENTITY',
  'HEIR_CERTIFICATE',
  'EMPLOYER_OR_MISSION_STATEMENT',
  'MEDICAL_REPORT',
  'RECEIPTS',
  'DEPARTURE_CANCELLATION',
  'SCHOOL_CERTIFICATE',
  'POLICE_REPORT',
  'PLACEMENT_END_PROOF',
] as const;
export type DocumentItem = (typeof documentItems)[number];

const heirDocuments: DocumentItem[] = ['DEATH_CERTIFICATE', 'FAMILY_CARD', 'HEIR_IDENTITY', 'HEIR_CERTIFICATE'];
const accidentDocuments: DocumentItem[] = ['EMPLOYER_OR_MISSION_STATEMENT', 'MEDICAL_REPORT'];

/**
 * The documents a claim needs before it is checked: Permenaker 4/2023 Art. 50(1) for an
 * accident (card, passport or ID, employer's or mission's statement, medical résumé,
 * receipts, bank account) and Art. 57(1) for a death (card, ID of the deceased, heir's ID,
 * family card, death certificate, heir certificate, heir's account); the rest is Lindung's
 * reading of what proves each event.
 */
export function checklistOf(type: ClaimType, jhtReason?: JhtFullReason | undefined): DocumentItem[] {
  const base: DocumentItem[] = ['MEMBERSHIP_CARD', 'IDENTITY_DOCUMENT', 'BANK_ACCOUNT_PROOF'];
  const extra: DocumentItem[] = (() => {
    switch (type) {
      case 'JHT_FULL':
        switch (jhtReason) {
          case 'END_OF_MEMBERSHIP':
            return ['RESIGNATION_LETTER'];
          case 'PERMANENT_TOTAL_DISABILITY':
            return ['DISABILITY_CERTIFICATE'];
          case 'DEATH':
            return heirDocuments;
          case 'PLACEMENT_ENDED':
            return ['PLACEMENT_END_PROOF'];
          default:
            return [];
        }
      case 'JHT_PARTIAL':
        return [];
      case 'JKK_MEDICAL':
      case 'JKK_RETURN_TO_WORK':
        return [...accidentDocuments, 'RECEIPTS'];
      case 'JKK_TEMPORARY_INCAPACITY':
        return accidentDocuments;
      case 'JKK_PERMANENT_DISABILITY':
        return [...accidentDocuments, 'DISABILITY_CERTIFICATE'];
      case 'JKK_DEATH':
        return [...heirDocuments, 'EMPLOYER_OR_MISSION_STATEMENT'];
      case 'JKK_FUNERAL':
      case 'JKM_LUMP_SUM':
      case 'JKM_PERIODIC':
      case 'JKM_FUNERAL':
        return heirDocuments;
      case 'JKM_SCHOLARSHIP':
        return [...heirDocuments, 'SCHOOL_CERTIFICATE'];
      case 'PMI_FAILED_DEPARTURE':
        return ['DEPARTURE_CANCELLATION'];
      case 'PMI_FAILED_PLACEMENT':
      case 'PMI_REPATRIATION':
        return ['EMPLOYER_OR_MISSION_STATEMENT', 'RECEIPTS'];
      case 'PMI_DISMISSAL_AFTER_ACCIDENT':
        return accidentDocuments;
      case 'PMI_LOSS_ON_WAY_HOME':
        return ['POLICE_REPORT', 'RECEIPTS'];
    }
  })();
  return [...base, ...extra];
}

export const mediaTypes = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type MediaType = (typeof mediaTypes)[number];

/** 5 MiB per file: a phone photo or a scanned certificate. */
export const maxDocumentBytes = 5 * 1024 * 1024;

/** The type of a file by its first bytes (its "magic number"), never by its name. */
export function detectMediaType(content: Uint8Array): MediaType | undefined {
  const starts = (bytes: number[]) => bytes.every((b, i) => content[i] === b);
  if (starts([0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf'; // %PDF-
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  return undefined;
}

/** The type a file name claims by its extension, when it claims one of ours. */
export function mediaTypeOfName(fileName: string): MediaType | 'OTHER' | undefined {
  const extension = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase();
  if (extension === undefined) return undefined;
  if (extension === 'pdf') return 'application/pdf';
  if (extension === 'jpg' || extension === 'jpeg') return 'image/jpeg';
  if (extension === 'png') return 'image/png';
  return 'OTHER';
}

export const statusMessages: Record<ClaimStatus, Localized> = {
  SUBMITTED: { en: 'Your claim was received.', id: 'Klaim Anda sudah diterima.' },
  DOCUMENTS_CHECKED: { en: 'The documents of your claim were checked.', id: 'Dokumen klaim Anda sudah diperiksa.' },
  ASSESSED: { en: 'Your claim was assessed.', id: 'Klaim Anda sudah dinilai.' },
  APPROVED: { en: 'Your claim was approved.', id: 'Klaim Anda disetujui.' },
  REJECTED: { en: 'Your claim was rejected; you may appeal once.', id: 'Klaim Anda ditolak; Anda dapat mengajukan banding satu kali.' },
  APPEALED: { en: 'Your appeal was received.', id: 'Banding Anda sudah diterima.' },
  PAYMENT_INSTRUCTED: { en: 'The payment of your claim was sent to the bank.', id: 'Pembayaran klaim Anda sudah dikirim ke bank.' },
  PAID: { en: 'Your claim was paid.', id: 'Klaim Anda sudah dibayar.' },
};

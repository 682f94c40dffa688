import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate, formatDateTime, formatRupiah } from '../format.ts';

// Claims: a worker files and follows a claim from the phone; an officer works the queue,
// checks, assesses and decides; a supervisor approves what needs a supervisor and pays
// approved claims in bank batches. Codes follow the claims API (src/claims/rules.ts).

import type { ClaimType } from '../../../src/claims/rules.ts';

// The claims module's pure rules (no I/O): one list of types, reasons and limits for the
// API and the screens.
export {
  type ClaimType,
  claimTypes,
  failureCauses,
  heirRelationships,
  isDeathBenefit,
  jhtFullReasons as jhtReasons,
  maxDocumentBytes,
  partialPurposes,
  queueStatuses,
  schoolLevels,
  supervisorApprovalAbove,
} from '../../../src/claims/rules.ts';

/** Banks a benefit is paid into, by clearing code (names are proper nouns). */
export const banks = [
  { code: 'BNINIDJA', name: 'BNI' },
  { code: 'BRINIDJA', name: 'BRI' },
  { code: 'BMRIIDJA', name: 'Bank Mandiri' },
  { code: 'CENAIDJA', name: 'BCA' },
  { code: 'BSMDIDJA', name: 'BSI' },
];

export const needsInvoices = new Set<ClaimType>([
  'JKK_MEDICAL',
  'JKK_RETURN_TO_WORK',
  'PMI_FAILED_PLACEMENT',
  'PMI_REPATRIATION',
  'PMI_LOSS_ON_WAY_HOME',
]);
export const takesWage = new Set<ClaimType>([
  'JKK_TEMPORARY_INCAPACITY',
  'JKK_PERMANENT_DISABILITY',
  'JKK_DEATH',
  'PMI_DISMISSAL_AFTER_ACCIDENT',
]);

export interface Localized {
  en: string;
  id: string;
}
export interface Line {
  code: string;
  description: Localized;
  basis: Localized;
  amount: number;
  status: string;
  source: string;
}
export interface Calculation {
  claimType: ClaimType;
  regulation: { id: string; name: Localized; title: string; article: string; effectiveFrom: string };
  eligible: boolean;
  refusals: Array<{ code: string; message: Localized; status: string; source: string }>;
  lines: Line[];
  total: number;
  status: string;
  unconfirmed: boolean;
}
export interface Simulation extends Calculation {
  documents: string[];
  coverage: { checked: boolean; covered: boolean | null; reason: Localized | null };
}
export interface ClaimView {
  claimNumber: string;
  membershipNumber: string;
  claimType: ClaimType;
  status: string;
  eventDate: string;
  claimDate: string;
  claimant: { kind: 'MEMBER' | 'HEIR'; fullName: string | null; relationship: string | null };
  deathBenefit: boolean;
  calculation: Calculation | null;
  amount: number | null;
  unconfirmed: boolean | null;
  rejectionReason: Localized | null;
  appeals: number;
  submittedAt: string;
  slaDueAt: string;
  overdue: boolean;
  statusChangedAt: string;
  checklist: Array<{ item: string; provided: boolean }>;
}
export interface Transition {
  from: string | null;
  to: string;
  action: string;
  actor: string;
  role: string;
  note: string | null;
  occurredAt: string;
}
export interface ClaimDocument {
  item: string;
  sha256: string;
  fileName: string | null;
  mediaType: string;
  size: number;
  uploadedAt: string;
}
export interface QueueItem {
  claimNumber: string;
  membershipNumber: string;
  claimType: ClaimType;
  status: string;
  eventDate: string;
  amount: number | null;
  appealed: boolean;
  deathBenefit: boolean;
  submittedAt: string;
  slaDueAt: string;
  overdue: boolean;
}
export interface Batch {
  batchNumber: string;
  executionDate: string;
  payments: number;
  total: number;
  createdAt: string;
  items: Array<{ claimNumber: string; endToEndId: string; amount: number; status: string }>;
}
export interface ConfirmationReport {
  batchNumber: string;
  rows: number;
  summary: Record<string, number>;
  lines: Array<{ line: number; endToEndId: string; outcome: string; claimNumber: string | null; detail: string | null }>;
}

/** The API's bilingual text in the reader's language (Indonesian for id and ms, else English). */
export function localized(text: Localized | null | undefined, language: string): string {
  if (!text) return '';
  return language === 'id' || language === 'ms' ? text.id : text.en;
}

export const staffRoles = ['OFFICER', 'SUPERVISOR', 'AUDITOR'];

export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return <span className={`status claim-${status}`}>{t(`claims.status.${status}`, { defaultValue: status })}</span>;
}

/** When the service level falls due, and whether it is past. */
export function DueTime({ at, overdue, open }: { at: string; overdue: boolean; open: boolean }) {
  const { t, i18n } = useTranslation();
  return (
    <>
      <time dateTime={at}>{formatDateTime(at, i18n.language)}</time>
      {open && overdue && <strong className="overdue"> · {t('claims.overdue')}</strong>}
    </>
  );
}

// ---------------------------------------------------------------------------------------
// The calculation, line by line

export function CalculationView({ calculation, title }: { calculation: Calculation; title: string }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const language = i18n.language;
  return (
    <section aria-labelledby={id} className="calculation">
      <h2 id={id}>{title}</h2>
      <p>
        {t('claims.regulation')}: <strong>{localized(calculation.regulation.name, language)}</strong> — {calculation.regulation.title},{' '}
        {calculation.regulation.article} ({t('claims.inForceFrom', { date: formatDate(calculation.regulation.effectiveFrom, language) })})
      </p>
      {!calculation.eligible && (
        <div className="alert" role="alert">
          <p>{t('claims.notEligible')}</p>
          <ul>
            {calculation.refusals.map((r) => (
              <li key={r.code}>
                {localized(r.message, language)} <span className="muted">({r.source})</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      {calculation.lines.length > 0 && (
        <ol className="lines">
          {calculation.lines.map((line) => (
            <li key={line.code}>
              <div className="line-head">
                <span>{localized(line.description, language)}</span>
                <strong className="amount">{formatRupiah(line.amount, language)}</strong>
              </div>
              <p className="muted">
                {localized(line.basis, language)} · {line.source} ·{' '}
                <span className={`figure-${line.status}`}>{t(`claims.figure.${line.status}`, { defaultValue: line.status })}</span>
              </p>
            </li>
          ))}
        </ol>
      )}
      <p className="total">
        {t('claims.total')}: <strong className="amount">{formatRupiah(calculation.total, language)}</strong>
      </p>
      {calculation.unconfirmed && <p className="note">{t('claims.unconfirmedNote')}</p>}
    </section>
  );
}

// ---------------------------------------------------------------------------------------
// Filing a claim: facts, the simulator's answer, then the bank account (and the heir)

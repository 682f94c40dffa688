import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from '@tanstack/react-router';
import { type ReactNode, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import { Field, Loading, ProblemAlert, RequireSignIn, useMe } from '../components.tsx';
import { formatDate, formatDateTime, formatRupiah } from '../format.ts';
import { usePersistentState } from '../persist.ts';
import { todayInJakarta } from './options.ts';
import { MemberCard, type MemberRecord } from './worker.tsx';

// Claims: a worker files and follows a claim from the phone; an officer works the queue,
// checks, assesses and decides; a supervisor approves what needs a supervisor and pays
// approved claims in bank batches. Codes follow the claims API (src/claims/rules.ts).

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
type ClaimType = (typeof claimTypes)[number];
const jhtReasons = ['AGE_56', 'END_OF_MEMBERSHIP', 'PERMANENT_TOTAL_DISABILITY', 'DEATH', 'LEFT_INDONESIA', 'PLACEMENT_ENDED'] as const;
const partialPurposes = ['HOUSING', 'OTHER'] as const;
const failureCauses = ['WORKER_AT_FAULT', 'PLACEMENT_COMPANY', 'GOVERNMENT_POLICY', 'OTHER_NOT_WORKERS_FAULT'] as const;
const schoolLevels = ['KINDERGARTEN', 'PRIMARY', 'JUNIOR_SECONDARY', 'SENIOR_SECONDARY', 'UNIVERSITY'] as const;
const heirRelationships = ['SPOUSE', 'CHILD', 'PARENT', 'GRANDPARENT', 'GRANDCHILD', 'SIBLING', 'PARENT_IN_LAW', 'NAMED_IN_WILL'] as const;
const queueStatuses = ['SUBMITTED', 'DOCUMENTS_CHECKED', 'ASSESSED', 'APPEALED'] as const;
/** Banks a benefit is paid into, by clearing code (names are proper nouns). */
const banks = [
  { code: 'BNINIDJA', name: 'BNI' },
  { code: 'BRINIDJA', name: 'BRI' },
  { code: 'BMRIIDJA', name: 'Bank Mandiri' },
  { code: 'CENAIDJA', name: 'BCA' },
  { code: 'BSMDIDJA', name: 'BSI' },
];
/** Above this amount a supervisor approves (the API's rule, shown before the button). */
const supervisorApprovalAbove = 50_000_000;
const maxDocumentBytes = 5 * 1024 * 1024;

const needsInvoices = new Set<ClaimType>([
  'JKK_MEDICAL',
  'JKK_RETURN_TO_WORK',
  'PMI_FAILED_PLACEMENT',
  'PMI_REPATRIATION',
  'PMI_LOSS_ON_WAY_HOME',
]);
const takesWage = new Set<ClaimType>(['JKK_TEMPORARY_INCAPACITY', 'JKK_PERMANENT_DISABILITY', 'JKK_DEATH', 'PMI_DISMISSAL_AFTER_ACCIDENT']);

function isDeathBenefit(type: ClaimType, jhtReason: string): boolean {
  if (type === 'JHT_FULL') return jhtReason === 'DEATH';
  return type === 'JKK_DEATH' || type === 'JKK_FUNERAL' || type.startsWith('JKM_');
}

interface Localized {
  en: string;
  id: string;
}
interface Line {
  code: string;
  description: Localized;
  basis: Localized;
  amount: number;
  status: string;
  source: string;
}
interface Calculation {
  claimType: ClaimType;
  regulation: { id: string; name: Localized; title: string; article: string; effectiveFrom: string };
  eligible: boolean;
  refusals: Array<{ code: string; message: Localized; status: string; source: string }>;
  lines: Line[];
  total: number;
  status: string;
  unconfirmed: boolean;
}
interface Simulation extends Calculation {
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
interface Transition {
  from: string | null;
  to: string;
  action: string;
  actor: string;
  role: string;
  note: string | null;
  occurredAt: string;
}
interface ClaimDocument {
  item: string;
  sha256: string;
  fileName: string | null;
  mediaType: string;
  size: number;
  uploadedAt: string;
}
interface QueueItem {
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
interface Batch {
  batchNumber: string;
  executionDate: string;
  payments: number;
  total: number;
  createdAt: string;
  items: Array<{ claimNumber: string; endToEndId: string; amount: number; status: string }>;
}
interface ConfirmationReport {
  batchNumber: string;
  rows: number;
  summary: Record<string, number>;
  lines: Array<{ line: number; endToEndId: string; outcome: string; claimNumber: string | null; detail: string | null }>;
}

/** The API's bilingual text in the reader's language (Indonesian for id and ms, else English). */
function localized(text: Localized | null | undefined, language: string): string {
  if (!text) return '';
  return language === 'id' || language === 'ms' ? text.id : text.en;
}

const staffRoles = ['OFFICER', 'SUPERVISOR', 'AUDITOR'];

export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return <span className={`status claim-${status}`}>{t(`claims.status.${status}`, { defaultValue: status })}</span>;
}

/** When the service level falls due, and whether it is past. */
function DueTime({ at, overdue, open }: { at: string; overdue: boolean; open: boolean }) {
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

interface Invoice {
  reference: string;
  date: string;
  amount: string;
}
interface Child {
  name: string;
  birthDate: string;
  level: string;
  years: string;
}
interface ClaimForm {
  claimType: string;
  eventDate: string;
  jhtReason: string;
  partialPurpose: string;
  invoices: Invoice[];
  daysOfIncapacity: string;
  monthlyWage: string;
  disabilityPercent: string;
  monthsWorked: string;
  cause: string;
  children: Child[];
  bankCode: string;
  accountNumber: string;
  accountHolder: string;
  heirName: string;
  heirRelationship: string;
  heirNik: string;
  heirPhone: string;
}

const emptyInvoice: Invoice = { reference: '', date: '', amount: '' };
const emptyChild: Child = { name: '', birthDate: '', level: 'PRIMARY', years: '1' };
const emptyClaim: ClaimForm = {
  claimType: '',
  eventDate: '',
  jhtReason: '',
  partialPurpose: '',
  invoices: [emptyInvoice],
  daysOfIncapacity: '',
  monthlyWage: '',
  disabilityPercent: '',
  monthsWorked: '',
  cause: '',
  children: [emptyChild],
  bankCode: 'BNINIDJA',
  accountNumber: '',
  accountHolder: '',
  heirName: '',
  heirRelationship: '',
  heirNik: '',
  heirPhone: '',
};

const whole = (text: string): number | undefined => {
  const digits = text.replace(/[^\d]/g, '');
  return digits ? Number(digits) : undefined;
};

/** The facts the API takes for the chosen type, from what was typed. */
function factsOf(form: ClaimForm): Record<string, unknown> {
  const type = form.claimType as ClaimType;
  const facts: Record<string, unknown> = { eventDate: form.eventDate };
  if (type === 'JHT_FULL' && form.jhtReason) facts.jhtReason = form.jhtReason;
  if (type === 'JHT_PARTIAL' && form.partialPurpose) facts.partialPurpose = form.partialPurpose;
  if (needsInvoices.has(type)) {
    facts.invoices = form.invoices
      .filter((i) => i.reference || i.date || i.amount)
      .map((i) => ({ reference: i.reference.trim(), date: i.date, amount: whole(i.amount) ?? 0 }));
  }
  if (type === 'JKK_TEMPORARY_INCAPACITY' && whole(form.daysOfIncapacity) !== undefined)
    facts.daysOfIncapacity = whole(form.daysOfIncapacity);
  if (type === 'JKK_PERMANENT_DISABILITY' && whole(form.disabilityPercent) !== undefined)
    facts.disabilityPercent = whole(form.disabilityPercent);
  if (type === 'PMI_DISMISSAL_AFTER_ACCIDENT' && whole(form.monthsWorked) !== undefined) facts.monthsWorked = whole(form.monthsWorked);
  if ((type === 'PMI_FAILED_DEPARTURE' || type === 'PMI_FAILED_PLACEMENT') && form.cause) facts.cause = form.cause;
  if (takesWage.has(type) && whole(form.monthlyWage) !== undefined) facts.monthlyWage = whole(form.monthlyWage);
  if (type === 'JKM_SCHOLARSHIP') {
    facts.children = form.children
      .filter((c) => c.name || c.birthDate)
      .map((c) => ({ name: c.name.trim(), birthDate: c.birthDate, level: c.level, years: whole(c.years) ?? 1 }));
  }
  return facts;
}

/**
 * The claim form. `desk`: an officer files for the member or their heir (death benefits
 * are filed only this way); otherwise the member files their own from the phone.
 */
export function FileClaim({ membershipNumber, segment, desk }: { membershipNumber: string; segment: string; desk: boolean }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form, setForm, clear] = usePersistentState<ClaimForm>(`claim-${desk ? 'desk' : 'own'}-${membershipNumber}`, emptyClaim);
  const set = (key: keyof ClaimForm) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value }));
  const type = form.claimType as ClaimType;
  const death = type ? isDeathBenefit(type, form.jhtReason) : false;
  const offered = claimTypes.filter(
    (c) => (segment === 'PMI' || !c.startsWith('PMI_')) && (desk || !(c === 'JKK_DEATH' || c === 'JKK_FUNERAL' || c.startsWith('JKM_'))),
  );
  const simulate = useMutation({
    mutationFn: () => api<Simulation>('/api/v1/claims/simulate', { body: { claimType: type, facts: factsOf(form), membershipNumber } }),
  });
  const submit = useMutation({
    mutationFn: () =>
      api<ClaimView>('/api/v1/claims', {
        body: {
          membershipNumber,
          claimType: type,
          facts: factsOf(form),
          ...(death
            ? {
                claimant: {
                  kind: 'HEIR',
                  fullName: form.heirName.trim(),
                  relationship: form.heirRelationship,
                  nik: form.heirNik.trim(),
                  ...(form.heirPhone.trim() ? { phone: form.heirPhone.trim() } : {}),
                },
              }
            : {}),
          payTo: { bankCode: form.bankCode, accountNumber: form.accountNumber.trim(), accountHolder: form.accountHolder.trim() },
        },
      }),
    onSuccess: async (claim) => {
      clear();
      await queryClient.invalidateQueries({ queryKey: ['claims', membershipNumber] });
      await navigate(
        desk
          ? { to: '/officer/claims/$claimNumber', params: { claimNumber: claim.claimNumber } }
          : { to: '/claims/$claimNumber', params: { claimNumber: claim.claimNumber } },
      );
    },
  });
  const simulation = simulate.data;
  const changeFacts = (update: (f: ClaimForm) => ClaimForm) => {
    setForm(update);
    simulate.reset();
  };
  const fact = (key: keyof ClaimForm) => (e: { target: { value: string } }) => changeFacts((f) => ({ ...f, [key]: e.target.value }));
  const error = simulate.error ?? submit.error;
  return (
    <>
      <form
        className="claim-form"
        onSubmit={(event) => {
          event.preventDefault();
          simulate.mutate();
        }}
      >
        <h2>{t('claims.stepFacts')}</h2>
        <p className="hint">{t('claims.kept')}</p>
        <Field label={t('claims.type')} error={error} pointer="/claimType">
          {(a) => (
            <select {...a} required value={form.claimType} onChange={fact('claimType')}>
              <option value="">{t('common.choose')}</option>
              {offered.map((c) => (
                <option key={c} value={c}>
                  {t(`claims.types.${c}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {type && <p className="hint">{t(`claims.typeHelp.${type}`)}</p>}
        {!desk && <p className="hint">{t('claims.heirsAtDesk')}</p>}
        <Field label={t('claims.eventDate')} hint={type ? t('claims.eventDateHint') : undefined} error={error} pointer="/facts/eventDate">
          {(a) => <input {...a} type="date" required max={todayInJakarta()} value={form.eventDate} onChange={fact('eventDate')} />}
        </Field>
        {type === 'JHT_FULL' && (
          <Field label={t('claims.jhtReason')} error={error} pointer="/facts/jhtReason">
            {(a) => (
              <select {...a} required value={form.jhtReason} onChange={fact('jhtReason')}>
                <option value="">{t('common.choose')}</option>
                {jhtReasons
                  .filter((r) => desk || r !== 'DEATH')
                  .map((r) => (
                    <option key={r} value={r}>
                      {t(`claims.jhtReasons.${r}`)}
                    </option>
                  ))}
              </select>
            )}
          </Field>
        )}
        {type === 'JHT_PARTIAL' && (
          <Field label={t('claims.partialPurpose')} error={error} pointer="/facts/partialPurpose">
            {(a) => (
              <select {...a} required value={form.partialPurpose} onChange={fact('partialPurpose')}>
                <option value="">{t('common.choose')}</option>
                {partialPurposes.map((p) => (
                  <option key={p} value={p}>
                    {t(`claims.partialPurposes.${p}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        {(type === 'PMI_FAILED_DEPARTURE' || type === 'PMI_FAILED_PLACEMENT') && (
          <Field label={t('claims.cause')} error={error} pointer="/facts/cause">
            {(a) => (
              <select {...a} required value={form.cause} onChange={fact('cause')}>
                <option value="">{t('common.choose')}</option>
                {failureCauses.map((c) => (
                  <option key={c} value={c}>
                    {t(`claims.causes.${c}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        {type === 'JKK_TEMPORARY_INCAPACITY' && (
          <Field label={t('claims.daysOfIncapacity')} error={error} pointer="/facts/daysOfIncapacity">
            {(a) => <input {...a} inputMode="numeric" required value={form.daysOfIncapacity} onChange={fact('daysOfIncapacity')} />}
          </Field>
        )}
        {type === 'JKK_PERMANENT_DISABILITY' && (
          <Field label={t('claims.disabilityPercent')} error={error} pointer="/facts/disabilityPercent">
            {(a) => <input {...a} inputMode="numeric" required value={form.disabilityPercent} onChange={fact('disabilityPercent')} />}
          </Field>
        )}
        {type === 'PMI_DISMISSAL_AFTER_ACCIDENT' && (
          <Field label={t('claims.monthsWorked')} error={error} pointer="/facts/monthsWorked">
            {(a) => <input {...a} inputMode="numeric" required value={form.monthsWorked} onChange={fact('monthsWorked')} />}
          </Field>
        )}
        {takesWage.has(type) && (
          <Field label={t('claims.monthlyWage')} hint={t('claims.monthlyWageHint')} error={error} pointer="/facts/monthlyWage">
            {(a) => <input {...a} inputMode="numeric" value={form.monthlyWage} onChange={fact('monthlyWage')} />}
          </Field>
        )}
        {needsInvoices.has(type) && (
          <fieldset>
            <legend>{t('claims.invoices')}</legend>
            {form.invoices.map((invoice, i) => (
              <Repeated
                key={`invoice-${i.toString()}`}
                legend={t('claims.invoiceN', { n: i + 1 })}
                onRemove={
                  form.invoices.length > 1
                    ? () => changeFacts((f) => ({ ...f, invoices: f.invoices.filter((_, j) => j !== i) }))
                    : undefined
                }
              >
                {(['reference', 'date', 'amount'] as const).map((key) => (
                  <Field key={key} label={t(`claims.invoice.${key}`)} error={error} pointer={`/facts/invoices/${i}/${key}`}>
                    {(a) => (
                      <input
                        {...a}
                        required
                        type={key === 'date' ? 'date' : 'text'}
                        inputMode={key === 'amount' ? 'numeric' : undefined}
                        value={invoice[key]}
                        onChange={(e) =>
                          changeFacts((f) => ({
                            ...f,
                            invoices: f.invoices.map((x, j) => (j === i ? { ...x, [key]: e.target.value } : x)),
                          }))
                        }
                      />
                    )}
                  </Field>
                ))}
              </Repeated>
            ))}
            <button
              type="button"
              className="button"
              onClick={() => changeFacts((f) => ({ ...f, invoices: [...f.invoices, emptyInvoice] }))}
            >
              {t('claims.addInvoice')}
            </button>
          </fieldset>
        )}
        {type === 'JKM_SCHOLARSHIP' && (
          <fieldset>
            <legend>{t('claims.children')}</legend>
            {form.children.map((child, i) => (
              <Repeated
                key={`child-${i.toString()}`}
                legend={t('claims.childN', { n: i + 1 })}
                onRemove={
                  form.children.length > 1
                    ? () => changeFacts((f) => ({ ...f, children: f.children.filter((_, j) => j !== i) }))
                    : undefined
                }
              >
                {(['name', 'birthDate', 'level', 'years'] as const).map((key) => (
                  <Field key={key} label={t(`claims.child.${key}`)} error={error} pointer={`/facts/children/${i}/${key}`}>
                    {(a) =>
                      key === 'level' ? (
                        <select
                          {...a}
                          value={child.level}
                          onChange={(e) =>
                            changeFacts((f) => ({
                              ...f,
                              children: f.children.map((x, j) => (j === i ? { ...x, level: e.target.value } : x)),
                            }))
                          }
                        >
                          {schoolLevels.map((l) => (
                            <option key={l} value={l}>
                              {t(`claims.levels.${l}`)}
                            </option>
                          ))}
                        </select>
                      ) : (
                        <input
                          {...a}
                          required
                          type={key === 'birthDate' ? 'date' : 'text'}
                          inputMode={key === 'years' ? 'numeric' : undefined}
                          value={child[key]}
                          onChange={(e) =>
                            changeFacts((f) => ({
                              ...f,
                              children: f.children.map((x, j) => (j === i ? { ...x, [key]: e.target.value } : x)),
                            }))
                          }
                        />
                      )
                    }
                  </Field>
                ))}
              </Repeated>
            ))}
            {form.children.length < 5 && (
              <button
                type="button"
                className="button"
                onClick={() => changeFacts((f) => ({ ...f, children: [...f.children, emptyChild] }))}
              >
                {t('claims.addChild')}
              </button>
            )}
          </fieldset>
        )}
        <ProblemAlert error={simulate.error} />
        <button type="submit" className="button primary" disabled={simulate.isPending || !type}>
          {t('claims.simulate')}
        </button>
      </form>
      {simulation && (
        <div role="status" className="simulation">
          {simulation.coverage.checked && simulation.coverage.covered === false && (
            <div className="alert">
              <p>{t('claims.notCovered')}</p>
              <p>{localized(simulation.coverage.reason, i18n.language)}</p>
            </div>
          )}
          <CalculationView calculation={simulation} title={t('claims.simulationTitle')} />
          <h3>{t('claims.documentsNeeded')}</h3>
          <ul>
            {simulation.documents.map((d) => (
              <li key={d}>{t(`claims.documents.${d}`)}</li>
            ))}
          </ul>
          <p className="hint">{t('claims.documentsAfter')}</p>
        </div>
      )}
      {simulation?.eligible && simulation.coverage.covered !== false && (
        <form
          className="claim-form"
          onSubmit={(event) => {
            event.preventDefault();
            submit.mutate();
          }}
        >
          <h2>{t('claims.stepPay')}</h2>
          {death && (
            <fieldset>
              <legend>{t('claims.heir')}</legend>
              <Field label={t('fields.fullName')} error={submit.error} pointer="/claimant/fullName">
                {(a) => <input {...a} required value={form.heirName} onChange={set('heirName')} />}
              </Field>
              <Field label={t('claims.relationship')} error={submit.error} pointer="/claimant/relationship">
                {(a) => (
                  <select {...a} required value={form.heirRelationship} onChange={set('heirRelationship')}>
                    <option value="">{t('common.choose')}</option>
                    {heirRelationships.map((r) => (
                      <option key={r} value={r}>
                        {t(`claims.relationships.${r}`)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field label={t('fields.nik')} hint={t('claims.heirNikHint')} error={submit.error} pointer="/claimant/nik">
                {(a) => <input {...a} required inputMode="numeric" autoComplete="off" value={form.heirNik} onChange={set('heirNik')} />}
              </Field>
              <Field label={t('claims.heirPhone')} error={submit.error} pointer="/claimant/phone">
                {(a) => <input {...a} type="tel" value={form.heirPhone} onChange={set('heirPhone')} />}
              </Field>
            </fieldset>
          )}
          <Field label={t('claims.bank')} error={submit.error} pointer="/payTo/bankCode">
            {(a) => (
              <select {...a} required value={form.bankCode} onChange={set('bankCode')}>
                {banks.map((b) => (
                  <option key={b.code} value={b.code}>
                    {b.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('claims.accountNumber')} error={submit.error} pointer="/payTo/accountNumber">
            {(a) => (
              <input {...a} required inputMode="numeric" autoComplete="off" value={form.accountNumber} onChange={set('accountNumber')} />
            )}
          </Field>
          <Field label={t('claims.accountHolder')} error={submit.error} pointer="/payTo/accountHolder">
            {(a) => <input {...a} required value={form.accountHolder} onChange={set('accountHolder')} />}
          </Field>
          <ProblemAlert error={submit.error} />
          <button type="submit" className="button primary" disabled={submit.isPending}>
            {t('claims.file')}
          </button>
        </form>
      )}
    </>
  );
}

function Repeated({ legend, onRemove, children }: { legend: string; onRemove: (() => void) | undefined; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <fieldset className="repeated">
      <legend>{legend}</legend>
      {children}
      {onRemove && (
        <button type="button" className="link" onClick={onRemove}>
          {t('claims.remove', { what: legend })}
        </button>
      )}
    </fieldset>
  );
}

// ---------------------------------------------------------------------------------------
// Worker pages

export function MyClaims() {
  return (
    <RequireSignIn kind="member">
      <MyClaimsPage />
    </RequireSignIn>
  );
}

function MyClaimsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const n = me.data?.membershipNumber ?? '';
  return (
    <section>
      <h1>{t('claims.myTitle')}</h1>
      <p>
        <Link to="/claims/new" className="button primary">
          {t('claims.new')}
        </Link>
      </p>
      <MemberClaims membershipNumber={n} staff={false} />
    </section>
  );
}

/** A member's claims, newest first, each linking to its page. */
export function MemberClaims({ membershipNumber, staff }: { membershipNumber: string; staff: boolean }) {
  const { t, i18n } = useTranslation();
  const list = useQuery({
    queryKey: ['claims', membershipNumber],
    queryFn: () =>
      api<{ items: Array<{ claimNumber: string; claimType: string; status: string; eventDate: string; amount: number | null }> }>(
        `/api/v1/members/${membershipNumber}/claims`,
      ),
  });
  return (
    <section aria-labelledby="member-claims">
      <h2 id="member-claims">{t('claims.listTitle')}</h2>
      {list.isPending && <Loading />}
      <ProblemAlert error={list.error} />
      {list.data && list.data.items.length === 0 && <p>{t('claims.none')}</p>}
      {list.data && list.data.items.length > 0 && (
        <ul className="claim-list">
          {list.data.items.map((c) => (
            <li key={c.claimNumber}>
              <Link
                to={staff ? '/officer/claims/$claimNumber' : '/claims/$claimNumber'}
                params={{ claimNumber: c.claimNumber }}
                className="claim-link"
              >
                <span className="number">{c.claimNumber}</span> · {t(`claims.types.${c.claimType}`, { defaultValue: c.claimType })}
              </Link>
              <div>
                <StatusBadge status={c.status} /> <span className="muted">{formatDate(c.eventDate, i18n.language)}</span>
                {c.amount !== null && <span className="amount"> · {formatRupiah(c.amount, i18n.language)}</span>}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function NewClaim() {
  return (
    <RequireSignIn kind="member">
      <NewClaimPage />
    </RequireSignIn>
  );
}

function NewClaimPage() {
  const { t } = useTranslation();
  const me = useMe();
  const n = me.data?.membershipNumber ?? '';
  const member = useQuery({ queryKey: ['member', n], queryFn: () => api<MemberRecord>(`/api/v1/members/${n}`) });
  return (
    <section>
      <p>
        <Link to="/claims">{t('common.back')}</Link>
      </p>
      <h1>{t('claims.new')}</h1>
      {member.isPending && <Loading />}
      <ProblemAlert error={member.error} />
      {member.data && <FileClaim membershipNumber={n} segment={member.data.segment} desk={false} />}
    </section>
  );
}

export function MyClaim() {
  return (
    <RequireSignIn kind="member">
      <ClaimPage staff={false} />
    </RequireSignIn>
  );
}

// ---------------------------------------------------------------------------------------
// A claim's page: status, timeline, what is missing, documents, calculation, actions

function ClaimPage({ staff }: { staff: boolean }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const { claimNumber } = useParams({ strict: false }) as { claimNumber: string };
  const me = useMe();
  const role = me.data?.role ?? '';
  const claim = useQuery({ queryKey: ['claim', claimNumber], queryFn: () => api<ClaimView>(`/api/v1/claims/${claimNumber}`) });
  const history = useQuery({
    queryKey: ['claim-history', claimNumber],
    queryFn: () => api<{ items: Transition[] }>(`/api/v1/claims/${claimNumber}/history`),
  });
  const c = claim.data;
  const open = c ? (queueStatuses as readonly string[]).includes(c.status) : false;
  const missing = c?.checklist.filter((i) => !i.provided) ?? [];
  return (
    <section>
      <p>
        <Link to={staff ? '/officer/claims' : '/claims'}>{t('common.back')}</Link>
      </p>
      <h1>{t('claims.claimTitle', { number: claimNumber })}</h1>
      {claim.isPending && <Loading />}
      <ProblemAlert error={claim.error} />
      {c && (
        <>
          <div className="card">
            <dl className="facts">
              <dt>{t('claims.type')}</dt>
              <dd>{t(`claims.types.${c.claimType}`)}</dd>
              <dt>{t('claims.statusLabel')}</dt>
              <dd>
                <StatusBadge status={c.status} />
              </dd>
              <dt>{t('claims.eventDate')}</dt>
              <dd>{formatDate(c.eventDate, language)}</dd>
              <dt>{t('claims.submitted')}</dt>
              <dd>{formatDateTime(c.submittedAt, language)}</dd>
              {open && (
                <>
                  <dt>{t('claims.due')}</dt>
                  <dd>
                    <DueTime at={c.slaDueAt} overdue={c.overdue} open={open} />
                  </dd>
                </>
              )}
              <dt>{t('claims.claimant')}</dt>
              <dd>
                {c.claimant.kind === 'HEIR'
                  ? `${c.claimant.fullName ?? ''} (${t(`claims.relationships.${c.claimant.relationship}`, { defaultValue: c.claimant.relationship ?? '' })})`
                  : t('claims.theMember')}
              </dd>
              {c.amount !== null && (
                <>
                  <dt>{t('claims.amount')}</dt>
                  <dd className="amount-left">{formatRupiah(c.amount, language)}</dd>
                </>
              )}
            </dl>
            <p className="next">{t(`claims.next.${c.status}`, { defaultValue: '' })}</p>
          </div>
          {c.rejectionReason && (
            <div className="alert">
              <p>
                <strong>{t('claims.rejectedBecause')}</strong> {localized(c.rejectionReason, language)}
              </p>
            </div>
          )}
          {!staff && c.status === 'REJECTED' && c.appeals < 1 && <Appeal claimNumber={claimNumber} />}
          {staff && (
            <StaffActions
              claim={c}
              role={role}
              assessedByMe={history.data?.items.findLast((e) => e.action === 'ASSESS')?.actor === `user:${me.data?.userId ?? ''}`}
            />
          )}
          {staff && <Member membershipNumber={c.membershipNumber} />}
          <Checklist claim={c} missing={missing.map((m) => m.item)} />
          {c.calculation && <CalculationView calculation={c.calculation} title={t('claims.calculationTitle')} />}
          {staff && c.calculation && <Reproduced claimNumber={claimNumber} />}
        </>
      )}
      <section aria-labelledby="timeline-title">
        <h2 id="timeline-title">{t('claims.timeline')}</h2>
        <ProblemAlert error={claim.error ? null : history.error} />
        {history.data && (
          <ol className="history timeline">
            {history.data.items.map((e) => (
              <li key={`${e.occurredAt}-${e.to}`}>
                <time dateTime={e.occurredAt}>{formatDateTime(e.occurredAt, language)}</time> —{' '}
                {t(`claims.actions.${e.action}`, { defaultValue: e.action })}: <StatusBadge status={e.to} />
                <span className="muted">
                  {' '}
                  ({t(`claims.roles.${e.role}`, { defaultValue: e.role })}
                  {staff ? `, ${e.actor}` : ''})
                </span>
                {e.note && <span className="muted"> — {e.note}</span>}
              </li>
            ))}
          </ol>
        )}
      </section>
    </section>
  );
}

/** The checklist: each document, provided or missing, with an upload while documents are open. */
function Checklist({ claim, missing }: { claim: ClaimView; missing: string[] }) {
  const { t, i18n } = useTranslation();
  const documents = useQuery({
    queryKey: ['claim-documents', claim.claimNumber],
    queryFn: () => api<{ items: ClaimDocument[] }>(`/api/v1/claims/${claim.claimNumber}/documents`),
  });
  const uploadsOpen = ['SUBMITTED', 'REJECTED', 'APPEALED'].includes(claim.status);
  return (
    <section aria-labelledby="checklist-title">
      <h2 id="checklist-title">{t('claims.checklist')}</h2>
      {missing.length > 0 ? (
        <p className="note" role="status">
          {t('claims.missing', { count: missing.length })}
        </p>
      ) : (
        <p role="status">{t('claims.complete')}</p>
      )}
      <ul className="checklist">
        {claim.checklist.map(({ item, provided }) => (
          <li key={item} className={provided ? 'provided' : 'missing'}>
            <span>
              <span aria-hidden="true">{provided ? '✓' : '•'}</span> {t(`claims.documents.${item}`, { defaultValue: item })}{' '}
              <span className="muted">({provided ? t('claims.provided') : t('claims.notProvided')})</span>
            </span>
            <ul className="files">
              {(documents.data?.items ?? [])
                .filter((d) => d.item === item)
                .map((d) => (
                  <li key={d.sha256}>
                    <a href={`/api/v1/claims/${claim.claimNumber}/documents/${d.sha256}`} target="_blank" rel="noreferrer">
                      {d.fileName ?? t(`claims.documents.${item}`)}
                    </a>{' '}
                    <span className="muted">
                      {Math.ceil(d.size / 1024)} KB · {formatDateTime(d.uploadedAt, i18n.language)}
                    </span>
                    {d.mediaType !== 'application/pdf' && (
                      <img
                        className="thumb"
                        src={`/api/v1/claims/${claim.claimNumber}/documents/${d.sha256}`}
                        alt={t(`claims.documents.${item}`)}
                        loading="lazy"
                      />
                    )}
                  </li>
                ))}
            </ul>
            {uploadsOpen && <Upload claimNumber={claim.claimNumber} item={item} />}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** A photo from the camera (or gallery) is made smaller when it is over the API's limit. */
async function shrink(file: File): Promise<Blob> {
  if (file.size <= maxDocumentBytes || !file.type.startsWith('image/')) return file;
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, 2000 / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(bitmap.width * scale);
  canvas.height = Math.round(bitmap.height * scale);
  canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  return new Promise((resolve) => canvas.toBlob((blob) => resolve(blob ?? file), 'image/jpeg', 0.85));
}

function Upload({ claimNumber, item }: { claimNumber: string; item: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const id = useId();
  const send = useMutation({
    mutationFn: async (file: File) => {
      const blob = await shrink(file);
      const name = blob === file ? file.name : file.name.replace(/\.[^.]*$/, '.jpg');
      const data = new FormData();
      data.append('file', blob, name);
      return api(`/api/v1/claims/${claimNumber}/documents?item=${item}`, { method: 'POST', raw: data });
    },
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['claim', claimNumber] }),
        queryClient.invalidateQueries({ queryKey: ['claim-documents', claimNumber] }),
      ]);
    },
  });
  return (
    <div className="upload">
      <label htmlFor={id}>{t('claims.upload', { item: t(`claims.documents.${item}`) })}</label>
      <input
        id={id}
        type="file"
        accept="image/jpeg,image/png,application/pdf"
        disabled={send.isPending}
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) send.mutate(file);
          e.target.value = '';
        }}
      />
      {send.isPending && <Loading />}
      {send.isSuccess && <p role="status">{t('claims.uploaded')}</p>}
      <ProblemAlert error={send.error} />
    </div>
  );
}

function Appeal({ claimNumber }: { claimNumber: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [grounds, setGrounds] = useState('');
  const appeal = useMutation({
    mutationFn: () => api<ClaimView>(`/api/v1/claims/${claimNumber}/appeal`, { body: { grounds: grounds.trim() } }),
    onSuccess: (claim) => {
      queryClient.setQueryData(['claim', claimNumber], claim);
      void queryClient.invalidateQueries({ queryKey: ['claim-history', claimNumber] });
    },
  });
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        appeal.mutate();
      }}
    >
      <h2>{t('claims.appealTitle')}</h2>
      <Field label={t('claims.grounds')} hint={t('claims.groundsHint')} error={appeal.error} pointer="/grounds">
        {(a) => <textarea {...a} required rows={4} value={grounds} onChange={(e) => setGrounds(e.target.value)} />}
      </Field>
      <ProblemAlert error={appeal.error} />
      <button type="submit" className="button primary" disabled={appeal.isPending}>
        {t('claims.appeal')}
      </button>
    </form>
  );
}

function Member({ membershipNumber }: { membershipNumber: string }) {
  const { t } = useTranslation();
  const member = useQuery({
    queryKey: ['member', membershipNumber],
    queryFn: () => api<MemberRecord>(`/api/v1/members/${membershipNumber}`),
  });
  return (
    <>
      {member.isPending && <Loading />}
      <ProblemAlert error={member.error} />
      {member.data && <MemberCard member={member.data} />}
      <p>
        <Link to="/officer/members/$membershipNumber" params={{ membershipNumber }}>
          {t('claims.memberRecord')}
        </Link>
      </p>
    </>
  );
}

function Reproduced({ claimNumber }: { claimNumber: string }) {
  const { t } = useTranslation();
  const check = useQuery({
    queryKey: ['claim-calculation', claimNumber],
    queryFn: () => api<{ reproduced: boolean }>(`/api/v1/claims/${claimNumber}/calculation`),
  });
  if (!check.data) return <ProblemAlert error={check.error} />;
  return (
    <p className={check.data.reproduced ? 'muted' : 'note'}>{check.data.reproduced ? t('claims.reproduced') : t('claims.notReproduced')}</p>
  );
}

/** What the officer's role may do with the claim in its status. */
function StaffActions({ claim, role, assessedByMe }: { claim: ClaimView; role: string; assessedByMe: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState({ id: '', en: '' });
  const act = useMutation({
    mutationFn: ({ path, body }: { path: string; body?: unknown }) =>
      api<ClaimView>(`/api/v1/claims/${claim.claimNumber}/${path}`, { body: body ?? {} }),
    onSuccess: (updated) => {
      setRejecting(false);
      queryClient.setQueryData(['claim', claim.claimNumber], updated);
      void queryClient.invalidateQueries({ queryKey: ['claim-history', claim.claimNumber] });
      void queryClient.invalidateQueries({ queryKey: ['claim-queue'] });
    },
  });
  if (role !== 'OFFICER' && role !== 'SUPERVISOR') return null;
  const needsSupervisor =
    (claim.amount ?? 0) > supervisorApprovalAbove || claim.deathBenefit || claim.appeals > 0 || claim.unconfirmed === true;
  const s = claim.status;
  const buttons: Array<{ path: string; label: string }> = [];
  if (s === 'SUBMITTED') buttons.push({ path: 'document-check', label: t('claims.checkDocuments') });
  if (s === 'DOCUMENTS_CHECKED' || (s === 'APPEALED' && role === 'SUPERVISOR'))
    buttons.push({ path: 'assessment', label: t('claims.assess') });
  if (s === 'ASSESSED' && !assessedByMe && (!needsSupervisor || role === 'SUPERVISOR'))
    buttons.push({ path: 'approval', label: t('claims.approve') });
  const canReject = ['SUBMITTED', 'DOCUMENTS_CHECKED', 'ASSESSED', 'APPEALED'].includes(s);
  if (buttons.length === 0 && !canReject) return null;
  return (
    <section aria-labelledby="actions-title" className="card">
      <h2 id="actions-title">{t('claims.actionsTitle')}</h2>
      {s === 'ASSESSED' && needsSupervisor && <p className="note">{t('claims.supervisorRequired')}</p>}
      {s === 'ASSESSED' && assessedByMe && <p className="hint">{t('claims.fourEyes')}</p>}
      <div className="actions">
        {buttons.map((b) => (
          <button
            key={b.path}
            type="button"
            className="button primary"
            disabled={act.isPending}
            onClick={() => act.mutate({ path: b.path })}
          >
            {b.label}
          </button>
        ))}
        {canReject && !rejecting && (
          <button type="button" className="button" onClick={() => setRejecting(true)}>
            {t('claims.reject')}
          </button>
        )}
      </div>
      {rejecting && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            act.mutate({ path: 'rejection', body: { reason: { id: reason.id.trim(), en: reason.en.trim() } } });
          }}
        >
          <Field label={t('claims.reasonId')} error={act.error} pointer="/reason/id">
            {(a) => (
              <textarea
                {...a}
                required
                rows={3}
                lang="id"
                value={reason.id}
                onChange={(e) => setReason((r) => ({ ...r, id: e.target.value }))}
              />
            )}
          </Field>
          <Field label={t('claims.reasonEn')} error={act.error} pointer="/reason/en">
            {(a) => (
              <textarea
                {...a}
                required
                rows={3}
                lang="en"
                value={reason.en}
                onChange={(e) => setReason((r) => ({ ...r, en: e.target.value }))}
              />
            )}
          </Field>
          <div className="actions">
            <button type="submit" className="button primary" disabled={act.isPending}>
              {t('claims.confirmReject')}
            </button>
            <button type="button" className="button" onClick={() => setRejecting(false)}>
              {t('common.close')}
            </button>
          </div>
        </form>
      )}
      <ProblemAlert error={act.error} />
      {act.isSuccess && <p role="status">{t('common.saved')}</p>}
    </section>
  );
}

// ---------------------------------------------------------------------------------------
// Officer pages

export function OfficerClaim() {
  return (
    <RequireSignIn kind="staff" roles={staffRoles}>
      <ClaimPage staff />
    </RequireSignIn>
  );
}

export function ClaimQueue() {
  const { t, i18n } = useTranslation();
  const [filter, setFilter] = usePersistentState('claim-queue', { status: '', claimType: '' });
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
  const queue = useQuery({
    queryKey: ['claim-queue', filter, cursor],
    queryFn: () => {
      const query = new URLSearchParams({ limit: '25' });
      if (filter.status) query.set('status', filter.status);
      if (filter.claimType) query.set('claimType', filter.claimType);
      if (cursor) query.set('cursor', cursor);
      return api<{ items: QueueItem[]; nextCursor: string | null }>(`/api/v1/claims/queue?${query}`);
    },
  });
  const me = useMe();
  return (
    <RequireSignIn kind="staff" roles={staffRoles}>
      <h1>{t('claims.queueTitle')}</h1>
      <p>{t('claims.queueIntro')}</p>
      {me.data?.role === 'SUPERVISOR' && (
        <p>
          <Link to="/officer/claim-payments">{t('claims.batchesTitle')}</Link>
        </p>
      )}
      <div className="inline">
        <Field label={t('claims.statusLabel')}>
          {(a) => (
            <select
              {...a}
              value={filter.status}
              onChange={(e) => {
                setCursors([]);
                setFilter((f) => ({ ...f, status: e.target.value }));
              }}
            >
              <option value="">{t('claims.allOpen')}</option>
              {queueStatuses.map((s) => (
                <option key={s} value={s}>
                  {t(`claims.status.${s}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('claims.type')}>
          {(a) => (
            <select
              {...a}
              value={filter.claimType}
              onChange={(e) => {
                setCursors([]);
                setFilter((f) => ({ ...f, claimType: e.target.value }));
              }}
            >
              <option value="">{t('claims.allTypes')}</option>
              {claimTypes.map((c) => (
                <option key={c} value={c}>
                  {t(`claims.types.${c}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      {queue.isPending && <Loading />}
      <ProblemAlert error={queue.error} />
      {queue.data && queue.data.items.length === 0 && <p role="status">{t('claims.queueEmpty')}</p>}
      {queue.data && queue.data.items.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption>{t('claims.queueCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('claims.due')}</th>
                <th scope="col">{t('claims.number')}</th>
                <th scope="col">{t('card.number')}</th>
                <th scope="col">{t('claims.type')}</th>
                <th scope="col">{t('claims.statusLabel')}</th>
                <th scope="col">{t('claims.eventDate')}</th>
                <th scope="col">{t('claims.amount')}</th>
              </tr>
            </thead>
            <tbody>
              {queue.data.items.map((q) => (
                <tr key={q.claimNumber} className={q.overdue ? 'overdue-row' : undefined}>
                  <td>
                    <DueTime at={q.slaDueAt} overdue={q.overdue} open />
                  </td>
                  <td>
                    <Link to="/officer/claims/$claimNumber" params={{ claimNumber: q.claimNumber }}>
                      {q.claimNumber}
                    </Link>
                  </td>
                  <td className="number">{q.membershipNumber}</td>
                  <td>
                    {t(`claims.types.${q.claimType}`, { defaultValue: q.claimType })}
                    {q.deathBenefit ? ` · ${t('claims.deathBenefit')}` : ''}
                    {q.appealed ? ` · ${t('claims.appealed')}` : ''}
                  </td>
                  <td>
                    <StatusBadge status={q.status} />
                  </td>
                  <td>{formatDate(q.eventDate, i18n.language)}</td>
                  <td className="amount">{formatRupiah(q.amount, i18n.language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="actions">
        {cursors.length > 0 && (
          <button type="button" className="button" onClick={() => setCursors([])}>
            {t('common.first')}
          </button>
        )}
        {queue.data?.nextCursor && (
          <button type="button" className="button" onClick={() => setCursors((c) => [...c, queue.data?.nextCursor ?? ''])}>
            {t('common.more')}
          </button>
        )}
      </div>
    </RequireSignIn>
  );
}

/** An officer files a claim for a member at the desk: a death benefit for the heir who comes in. */
export function DeskClaim() {
  const { t } = useTranslation();
  const { membershipNumber } = useParams({ strict: false }) as { membershipNumber: string };
  const member = useQuery({
    queryKey: ['member', membershipNumber],
    queryFn: () => api<MemberRecord>(`/api/v1/members/${membershipNumber}`),
  });
  return (
    <RequireSignIn kind="staff" roles={['OFFICER', 'SUPERVISOR']}>
      <p>
        <Link to="/officer/members/$membershipNumber" params={{ membershipNumber }}>
          {t('common.back')}
        </Link>
      </p>
      <h1>{t('claims.deskTitle', { number: membershipNumber })}</h1>
      <p>{t('claims.deskIntro')}</p>
      {member.isPending && <Loading />}
      <ProblemAlert error={member.error} />
      {member.data && <FileClaim membershipNumber={membershipNumber} segment={member.data.segment} desk />}
    </RequireSignIn>
  );
}

/** Supervisors: approved claims into a bank batch, its files, and the bank's confirmation. */
export function ClaimPayments() {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const [state, setState] = usePersistentState('claim-batch', { batchNumber: '', executionDate: '' });
  const [file, setFile] = useState<File | null>(null);
  const create = useMutation({
    mutationFn: () =>
      api<Batch>('/api/v1/claims/payment-batches', { body: state.executionDate ? { executionDate: state.executionDate } : {} }),
    onSuccess: (batch) => setState((s) => ({ ...s, batchNumber: batch.batchNumber })),
  });
  const batch = useQuery({
    queryKey: ['claim-batch', state.batchNumber],
    enabled: /^PB\d{8}$/.test(state.batchNumber),
    queryFn: () => api<Batch>(`/api/v1/claims/payment-batches/${state.batchNumber}`),
  });
  const confirm = useMutation({
    mutationFn: async () =>
      api<ConfirmationReport>(`/api/v1/claims/payment-batches/${state.batchNumber}/confirmations`, {
        method: 'POST',
        raw: file ? await file.text() : '',
        contentType: 'text/csv',
      }),
    onSuccess: () => void batch.refetch(),
  });
  const b = batch.data;
  return (
    <RequireSignIn kind="staff" roles={['SUPERVISOR', 'AUDITOR']}>
      <h1>{t('claims.batchesTitle')}</h1>
      <section aria-labelledby="batch-create">
        <h2 id="batch-create">{t('claims.createBatch')}</h2>
        <p>{t('claims.createBatchIntro')}</p>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            create.mutate();
          }}
        >
          <Field label={t('claims.executionDate')} hint={t('claims.executionDateHint')} error={create.error} pointer="/executionDate">
            {(a) => (
              <input
                {...a}
                type="date"
                value={state.executionDate}
                onChange={(e) => setState((s) => ({ ...s, executionDate: e.target.value }))}
              />
            )}
          </Field>
          <ProblemAlert error={create.error} />
          <button type="submit" className="button primary" disabled={create.isPending}>
            {t('claims.createBatch')}
          </button>
        </form>
      </section>
      <section aria-labelledby="batch-open">
        <h2 id="batch-open">{t('claims.batch')}</h2>
        <Field label={t('claims.batchNumber')}>
          {(a) => (
            <input
              {...a}
              value={state.batchNumber}
              onChange={(e) => setState((s) => ({ ...s, batchNumber: e.target.value.trim().toUpperCase() }))}
            />
          )}
        </Field>
        <ProblemAlert error={batch.error} />
        {b && (
          <>
            <dl className="facts">
              <dt>{t('claims.executionDate')}</dt>
              <dd>{formatDate(b.executionDate, language)}</dd>
              <dt>{t('claims.payments')}</dt>
              <dd>{b.payments}</dd>
              <dt>{t('claims.total')}</dt>
              <dd>{formatRupiah(b.total, language)}</dd>
            </dl>
            <div className="actions">
              <a className="button" href={`/api/v1/claims/payment-batches/${b.batchNumber}/export?format=csv`} download>
                {t('claims.downloadCsv')}
              </a>
              <a className="button" href={`/api/v1/claims/payment-batches/${b.batchNumber}/export?format=pain.001`} download>
                {t('claims.downloadPain')}
              </a>
            </div>
            <div className="table-wrap">
              <table>
                <caption className="visually-hidden">{t('claims.payments')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('claims.number')}</th>
                    <th scope="col">{t('claims.endToEnd')}</th>
                    <th scope="col">{t('claims.amount')}</th>
                    <th scope="col">{t('claims.statusLabel')}</th>
                  </tr>
                </thead>
                <tbody>
                  {b.items.map((p) => (
                    <tr key={p.endToEndId}>
                      <td>
                        <Link to="/officer/claims/$claimNumber" params={{ claimNumber: p.claimNumber }}>
                          {p.claimNumber}
                        </Link>
                      </td>
                      <td className="number">{p.endToEndId}</td>
                      <td className="amount">{formatRupiah(p.amount, language)}</td>
                      <td>{t(`claims.paymentStatus.${p.status}`, { defaultValue: p.status })}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <form
              onSubmit={(event) => {
                event.preventDefault();
                confirm.mutate();
              }}
            >
              <Field label={t('claims.confirmationFile')} hint={t('claims.confirmationHint')}>
                {(a) => <input {...a} type="file" accept=".csv,text/csv" required onChange={(e) => setFile(e.target.files?.[0] ?? null)} />}
              </Field>
              <ProblemAlert error={confirm.error} />
              <button type="submit" className="button primary" disabled={confirm.isPending}>
                {t('claims.importConfirmation')}
              </button>
            </form>
            {confirm.data && (
              <div role="status">
                <p>{t('payments.rows', { count: confirm.data.rows })}</p>
                <div className="table-wrap">
                  <table>
                    <caption className="visually-hidden">{t('claims.confirmationFile')}</caption>
                    <thead>
                      <tr>
                        <th scope="col">#</th>
                        <th scope="col">{t('claims.endToEnd')}</th>
                        <th scope="col">{t('payments.outcome')}</th>
                        <th scope="col">{t('payments.detail')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {confirm.data.lines.map((l) => (
                        <tr key={l.line}>
                          <td>{l.line}</td>
                          <td className="number">{l.endToEndId}</td>
                          <td>{t(`claims.confirmation.${l.outcome}`, { defaultValue: l.outcome })}</td>
                          <td>{l.detail}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </div>
            )}
          </>
        )}
      </section>
    </RequireSignIn>
  );
}

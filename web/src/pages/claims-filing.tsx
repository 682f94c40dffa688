import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import { Field, Loading, ProblemAlert, RequireSignIn, useMe } from '../components.tsx';
import { usePersistentState } from '../persist.ts';
import {
  banks,
  CalculationView,
  type ClaimType,
  type ClaimView,
  claimTypes,
  failureCauses,
  heirRelationships,
  isDeathBenefit,
  jhtReasons,
  localized,
  needsInvoices,
  partialPurposes,
  type Simulation,
  schoolLevels,
  takesWage,
} from './claims-shared.tsx';
import { todayInJakarta } from './options.ts';
import type { MemberRecord } from './worker.tsx';

// Filing a claim: the form, the benefit estimate before anything is filed, and the desk form for heirs.

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
  const death = type ? isDeathBenefit(type, (form.jhtReason || undefined) as (typeof jhtReasons)[number] | undefined) : false;
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

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import { DataTable, Field, ListState, Loading, numeric, OneTimeCodeField, ProblemAlert, RequireSignIn, useMe } from '../components.tsx';
import { countryName, formatDate, formatRupiah } from '../format.ts';
import { usePersistentState } from '../persist.ts';
import { destinations, placementRoutes, programs, todayInJakarta } from './options.ts';

export function Home() {
  const { t } = useTranslation();
  const me = useMe();
  return (
    <section className="home">
      <h1>{t('home.title')}</h1>
      <p className="lead">{t('home.lead')}</p>
      <div className="actions">
        {me.data?.kind === 'member' ? (
          <Link to="/me" className="button primary">
            {t('nav.myMembership')}
          </Link>
        ) : (
          <>
            <Link to="/register" className="button primary">
              {t('home.register')}
            </Link>
            <Link to="/signin" className="button">
              {t('home.signIn')}
            </Link>
          </>
        )}
      </div>
      <h2>{t('home.whyTitle')}</h2>
      <ul className="points">
        <li>{t('home.whyAccident')}</li>
        <li>{t('home.whyDeath')}</li>
        <li>{t('home.whySavings')}</li>
      </ul>
      <p>
        <Link to="/verify">{t('home.verifyCard')}</Link>
      </p>
    </section>
  );
}

export interface SignInForm {
  method: 'nik' | 'passport';
  nik: string;
  passportNumber: string;
  passportCountry: string;
  codeSent: boolean;
  code: string;
}

export const emptySignIn: SignInForm = { method: 'nik', nik: '', passportNumber: '', passportCountry: 'ID', codeSent: false, code: '' };

export function SignIn() {
  const { t } = useTranslation();
  const [form, setForm, clear] = usePersistentState<SignInForm>('signin', emptySignIn);
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const identifier =
    form.method === 'nik'
      ? { nik: form.nik.trim() }
      : { passport: { number: form.passportNumber.trim().toUpperCase(), issuingCountry: form.passportCountry } };
  const sendCode = useMutation({
    mutationFn: () => api('/api/v1/auth/member/code', { body: identifier }),
    onSuccess: () => setForm((f) => ({ ...f, codeSent: true })),
  });
  const verify = useMutation({
    mutationFn: () => api('/api/v1/auth/member/verify', { body: { identifier, code: form.code.trim() } }),
    onSuccess: async () => {
      clear();
      await queryClient.invalidateQueries({ queryKey: ['me'] });
      await navigate({ to: '/me' });
    },
  });
  return (
    <section>
      <h1>{t('signIn.title')}</h1>
      <p>{t('signIn.intro')}</p>
      {!form.codeSent ? (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            sendCode.mutate();
          }}
        >
          <fieldset>
            <legend>{t('signIn.with')}</legend>
            <label className="choice">
              <input
                type="radio"
                name="method"
                checked={form.method === 'nik'}
                onChange={() => setForm((f) => ({ ...f, method: 'nik' }))}
              />
              {t('signIn.nik')}
            </label>
            <label className="choice">
              <input
                type="radio"
                name="method"
                checked={form.method === 'passport'}
                onChange={() => setForm((f) => ({ ...f, method: 'passport' }))}
              />
              {t('signIn.passport')}
            </label>
          </fieldset>
          {form.method === 'nik' ? (
            <Field label={t('fields.nik')} hint={t('fields.nikHint')} error={sendCode.error} pointer="/nik">
              {(a) => (
                <input
                  {...a}
                  inputMode="numeric"
                  autoComplete="off"
                  required
                  value={form.nik}
                  onChange={(e) => setForm((f) => ({ ...f, nik: e.target.value }))}
                />
              )}
            </Field>
          ) : (
            <>
              <Field label={t('fields.passportNumber')} error={sendCode.error} pointer="/passport/number">
                {(a) => (
                  <input
                    {...a}
                    required
                    autoComplete="off"
                    value={form.passportNumber}
                    onChange={(e) => setForm((f) => ({ ...f, passportNumber: e.target.value }))}
                  />
                )}
              </Field>
              <Field label={t('fields.passportCountry')}>
                {(a) => (
                  <input
                    {...a}
                    required
                    maxLength={2}
                    value={form.passportCountry}
                    onChange={(e) => setForm((f) => ({ ...f, passportCountry: e.target.value.toUpperCase() }))}
                  />
                )}
              </Field>
            </>
          )}
          <ProblemAlert error={sendCode.error} />
          <button type="submit" className="button primary" disabled={sendCode.isPending}>
            {t('signIn.sendCode')}
          </button>
        </form>
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            verify.mutate();
          }}
        >
          <p role="status">{t('signIn.codeSent')}</p>
          <OneTimeCodeField error={verify.error} value={form.code} onChange={(code) => setForm((f) => ({ ...f, code }))} />
          <ProblemAlert error={verify.error} />
          <div className="actions">
            <button type="submit" className="button primary" disabled={verify.isPending}>
              {t('signIn.verify')}
            </button>
            <button type="button" className="button" onClick={() => setForm((f) => ({ ...f, codeSent: false, code: '' }))}>
              {t('signIn.newCode')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

interface MemberRecord {
  membershipNumber: string;
  segment: string;
  status: string;
  pmiPhase: string | null;
  registrationChannel: string;
  channelPartner: { code: string; name: string } | null;
  registeredAt: string;
  person: { fullName: string; birthDate: string; phone: string | null; nik: string | null };
  placements: Array<{
    destinationCountry: string;
    employerName: string | null;
    contractStart: string;
    contractEnd: string;
    endedOn: string | null;
    endReason: string | null;
    extensions: Array<{ previousEnd: string; newEnd: string; recordedAt: string }>;
  }>;
  statusHistory: Array<{ status: string; reason: string | null; changedAt: string }>;
}

export type { MemberRecord };

export interface Bill {
  billNumber: string;
  kind: string;
  status: string;
  overdue: boolean;
  amount: number;
  paidAmount: number;
  outstanding: number;
  dueDate: string;
  periodFrom: string;
  periodTo: string;
}

export function MyMembership() {
  return (
    <RequireSignIn kind="member">
      <MyMembershipPage />
    </RequireSignIn>
  );
}

function MyMembershipPage() {
  const { t } = useTranslation();
  const me = useMe();
  const n = me.data?.membershipNumber ?? '';
  const member = useQuery({ queryKey: ['member', n], queryFn: () => api<MemberRecord>(`/api/v1/members/${n}`) });
  if (member.isPending) return <Loading />;
  if (member.error) return <ProblemAlert error={member.error} />;
  const m = member.data;
  const open = m.placements.find((p) => p.endedOn === null);
  return (
    <section>
      <h1>{t('me.title')}</h1>
      <MemberCard member={m} />
      <Coverage membershipNumber={n} />
      <Bills membershipNumber={n} />
      <JhtBalance membershipNumber={n} />
      {m.segment === 'PMI' && open && <ContractExtension membershipNumber={n} currentEnd={open.contractEnd} />}
      {m.segment === 'PMI' && <MoveCountry membershipNumber={n} />}
      <section aria-labelledby="claims-title">
        <h2 id="claims-title">{t('nav.myClaims')}</h2>
        <p>{t('me.claimsIntro')}</p>
        <div className="actions">
          <Link to="/claims/new" className="button primary">
            {t('me.fileClaim')}
          </Link>
          <Link to="/claims" className="button">
            {t('me.followClaims')}
          </Link>
        </div>
      </section>
    </section>
  );
}

export function MemberCard({ member }: { member: MemberRecord }) {
  const { t, i18n } = useTranslation();
  const open = member.placements.find((p) => p.endedOn === null);
  return (
    <section className="card" aria-labelledby="card-title">
      <h2 id="card-title">{t('card.title')}</h2>
      <dl className="facts">
        <dt>{t('fields.fullName')}</dt>
        <dd>{member.person.fullName}</dd>
        <dt>{t('card.number')}</dt>
        <dd className="number">{member.membershipNumber}</dd>
        <dt>{t('card.segment')}</dt>
        <dd>{t(`segment.${member.segment}`, { defaultValue: member.segment })}</dd>
        <dt>{t('card.status')}</dt>
        <dd>
          <span className={`status status-${member.status}`}>{t(`status.${member.status}`, { defaultValue: member.status })}</span>
        </dd>
        {member.pmiPhase && (
          <>
            <dt>{t('fields.phase')}</dt>
            <dd>{t(`phase.${member.pmiPhase}`)}</dd>
          </>
        )}
        {open && (
          <>
            <dt>{t('fields.destination')}</dt>
            <dd>
              {countryName(open.destinationCountry, i18n.language)} ({formatDate(open.contractStart, i18n.language)} –{' '}
              {formatDate(open.contractEnd, i18n.language)})
            </dd>
          </>
        )}
      </dl>
      <a
        className="button primary"
        href={`/api/v1/members/${member.membershipNumber}/card`}
        download={`lindung-${member.membershipNumber}.pdf`}
      >
        {t('card.download')}
      </a>
    </section>
  );
}

interface CoverageAnswer {
  covered: boolean;
  reason: { code: string; message: string; period: { from: string; to: string } | null };
}

export function Coverage({ membershipNumber }: { membershipNumber: string }) {
  const { t, i18n } = useTranslation();
  const today = todayInJakarta();
  const answers = useQuery({
    queryKey: ['coverage', membershipNumber, today],
    queryFn: () =>
      Promise.all(
        programs.map((program) =>
          api<CoverageAnswer>(`/api/v1/members/${membershipNumber}/coverage?program=${program}&date=${today}`).then((a) => ({
            program,
            ...a,
          })),
        ),
      ),
  });
  return (
    <section aria-labelledby="coverage-title">
      <h2 id="coverage-title">{t('coverage.title')}</h2>
      {answers.isPending && <Loading />}
      <ProblemAlert error={answers.error} />
      {answers.data && (
        <ul className="coverage">
          {answers.data.map((a) => (
            <li key={a.program} className={a.covered ? 'covered' : 'not-covered'}>
              <strong>{t(`program.${a.program}`)}</strong>:{' '}
              {a.covered && a.reason.period
                ? t('coverage.coveredUntil', { date: formatDate(a.reason.period.to, i18n.language) })
                : t('coverage.notCovered')}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function Bills({ membershipNumber, officer = false }: { membershipNumber: string; officer?: boolean }) {
  const { t, i18n } = useTranslation();
  const bills = useQuery({
    queryKey: ['bills', membershipNumber],
    queryFn: () => api<{ items: Bill[] }>(`/api/v1/members/${membershipNumber}/bills`),
  });
  const open = bills.data?.items.filter((b) => b.outstanding > 0 && b.status !== 'CANCELLED') ?? [];
  return (
    <section aria-labelledby={`bills-${membershipNumber}`}>
      <h2 id={`bills-${membershipNumber}`}>{officer ? t('bills.titleOfficer') : t('bills.title')}</h2>
      <ListState query={bills} empty={<p>{t('bills.none')}</p>}>
        {(items) => (
          <DataTable
            caption={t('bills.title')}
            columns={[
              t('bills.number'),
              t('bills.period'),
              numeric(t('bills.amount')),
              numeric(t('bills.outstanding')),
              t('bills.due'),
              t('bills.state'),
            ]}
          >
            {items.map((b) => (
              <tr key={b.billNumber}>
                <td className="number">{b.billNumber}</td>
                <td>
                  {formatDate(b.periodFrom, i18n.language)} – {formatDate(b.periodTo, i18n.language)}
                </td>
                <td className="amount">{formatRupiah(b.amount, i18n.language)}</td>
                <td className="amount">{formatRupiah(b.outstanding, i18n.language)}</td>
                <td>{formatDate(b.dueDate, i18n.language)}</td>
                <td>
                  {t(`billStatus.${b.status}`, { defaultValue: b.status })}
                  {b.overdue ? ` · ${t('bills.overdue')}` : ''}
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </ListState>
      {!officer && open.length > 0 && (
        <div className="how-to-pay">
          <h3>{t('pay.title')}</h3>
          <p>{t('pay.withNumber', { number: open[0]?.billNumber })}</p>
          <h4>{t('pay.homeTitle')}</h4>
          <p>{t('pay.home')}</p>
          <h4>{t('pay.abroadTitle')}</h4>
          <p>{t('pay.abroad')}</p>
        </div>
      )}
    </section>
  );
}

export function JhtBalance({ membershipNumber }: { membershipNumber: string }) {
  const { t, i18n } = useTranslation();
  const balance = useQuery({
    queryKey: ['jht', membershipNumber],
    queryFn: () => api<{ balance: number; date: string }>(`/api/v1/members/${membershipNumber}/jht`),
  });
  return (
    <section aria-labelledby={`jht-${membershipNumber}`}>
      <h2 id={`jht-${membershipNumber}`}>{t('jht.title')}</h2>
      {balance.isPending && <Loading />}
      <ProblemAlert error={balance.error} />
      {balance.data && (
        <p>
          {t('jht.balanceOn', { date: formatDate(balance.data.date, i18n.language) })}{' '}
          <strong className="amount">{formatRupiah(balance.data.balance, i18n.language)}</strong>
        </p>
      )}
    </section>
  );
}

function ContractExtension({ membershipNumber, currentEnd }: { membershipNumber: string; currentEnd: string }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [form, setForm, clear] = usePersistentState('extension', { newContractEnd: '' });
  const [done, setDone] = useState(false);
  const save = useMutation({
    mutationFn: () =>
      api(`/api/v1/members/${membershipNumber}/contract-extensions`, {
        body: { newContractEnd: form.newContractEnd, channel: 'SELF_SERVICE_WEB' },
      }),
    onSuccess: () => {
      clear();
      setDone(true);
      void queryClient.invalidateQueries({ queryKey: ['member', membershipNumber] });
    },
  });
  return (
    <section aria-labelledby="extension-title">
      <h2 id="extension-title">{t('extension.title')}</h2>
      <p>{t('extension.current', { date: formatDate(currentEnd, i18n.language) })}</p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate();
        }}
      >
        <Field label={t('extension.newEnd')} error={save.error} pointer="/newContractEnd">
          {(a) => (
            <input {...a} type="date" required value={form.newContractEnd} onChange={(e) => setForm({ newContractEnd: e.target.value })} />
          )}
        </Field>
        <ProblemAlert error={save.error} />
        {done && <p role="status">{t('common.saved')}</p>}
        <button type="submit" className="button" disabled={save.isPending}>
          {t('extension.save')}
        </button>
      </form>
    </section>
  );
}

type PlacementKey = 'destinationCountry' | 'employerName' | 'placementRoute' | 'contractStart' | 'contractEnd';

/**
 * A placement abroad as the registration and a move both take it: destination, employer,
 * route and contract dates, with the API's problems under `pointer` (the placement object).
 */
export function PlacementFields(props: {
  form: Record<PlacementKey, string>;
  set: (key: PlacementKey) => (e: { target: { value: string } }) => void;
  error: unknown;
  pointer: string;
}) {
  const { t, i18n } = useTranslation();
  const { form, set, error, pointer } = props;
  return (
    <>
      <Field label={t('fields.destination')} error={error} pointer={`${pointer}/destinationCountry`}>
        {(a) => (
          <select {...a} required value={form.destinationCountry} onChange={set('destinationCountry')}>
            <option value="">{t('common.choose')}</option>
            {destinations.map((c) => (
              <option key={c} value={c}>
                {countryName(c, i18n.language)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('fields.employerName')} error={error} pointer={`${pointer}/employerName`}>
        {(a) => <input {...a} value={form.employerName} onChange={set('employerName')} />}
      </Field>
      <Field label={t('fields.placementRoute')} error={error} pointer={`${pointer}/placementRoute`}>
        {(a) => (
          <select {...a} value={form.placementRoute} onChange={set('placementRoute')}>
            {placementRoutes.map((r) => (
              <option key={r} value={r}>
                {t(`route.${r}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('fields.contractStart')} error={error} pointer={`${pointer}/contractStart`}>
        {(a) => <input {...a} type="date" required value={form.contractStart} onChange={set('contractStart')} />}
      </Field>
      <Field label={t('fields.contractEnd')} error={error} pointer={`${pointer}/contractEnd`}>
        {(a) => <input {...a} type="date" required value={form.contractEnd} onChange={set('contractEnd')} />}
      </Field>
    </>
  );
}

function MoveCountry({ membershipNumber }: { membershipNumber: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const empty = { movedOn: '', destinationCountry: '', employerName: '', placementRoute: 'INDIVIDUAL', contractStart: '', contractEnd: '' };
  const [form, setForm, clear] = usePersistentState('move', empty);
  const [done, setDone] = useState(false);
  const save = useMutation({
    mutationFn: () =>
      api(`/api/v1/members/${membershipNumber}/moves`, {
        body: {
          movedOn: form.movedOn,
          placement: {
            destinationCountry: form.destinationCountry,
            ...(form.employerName.trim() ? { employerName: form.employerName.trim() } : {}),
            placementRoute: form.placementRoute,
            contractStart: form.contractStart,
            contractEnd: form.contractEnd,
          },
        },
      }),
    onSuccess: () => {
      clear();
      setDone(true);
      void queryClient.invalidateQueries({ queryKey: ['member', membershipNumber] });
    },
  });
  const set = (key: keyof typeof empty) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value }));
  return (
    <section aria-labelledby="move-title">
      <h2 id="move-title">{t('move.title')}</h2>
      <details>
        <summary>{t('move.open')}</summary>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            save.mutate();
          }}
        >
          <Field label={t('move.movedOn')} error={save.error} pointer="/movedOn">
            {(a) => <input {...a} type="date" required value={form.movedOn} onChange={set('movedOn')} />}
          </Field>
          <PlacementFields form={form} set={set} error={save.error} pointer="/placement" />
          <ProblemAlert error={save.error} />
          {done && <p role="status">{t('common.saved')}</p>}
          <button type="submit" className="button" disabled={save.isPending}>
            {t('move.save')}
          </button>
        </form>
      </details>
    </section>
  );
}

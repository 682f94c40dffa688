import { useMutation, useQuery } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import { DataTable, Field, ListState, Loading, numeric, Pager, PeriodFields, ProblemAlert, RequireSignIn } from '../components.tsx';
import { countryName, formatDate, formatDateTime, formatRupiah } from '../format.ts';
import { usePersistentState } from '../persist.ts';
import { MemberClaims } from './claims.tsx';
import { exchangePages } from './exchange-menu.ts';
import { Bills, Coverage, JhtBalance, MemberCard, type MemberRecord } from './worker.tsx';

const officerRoles = ['OFFICER', 'SUPERVISOR', 'AUDITOR'];

interface MemberSummary {
  membershipNumber: string;
  fullName: string;
  birthDate?: string;
  segment: string;
  status: string;
}

/** Search by NIK, passport, membership number, or name with birth date (identifiers go in the body). */
export function MemberSearch({ basePath }: { basePath: '/officer' | '/partner' }) {
  const { t, i18n } = useTranslation();
  const empty = { by: 'name', nik: '', passport: '', membershipNumber: '', name: '', birthDate: '' };
  const [form, setForm] = usePersistentState(`search${basePath}`, empty);
  const set = (key: keyof typeof empty) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value }));
  const search = useMutation({
    mutationFn: () => {
      const body =
        form.by === 'nik'
          ? { nik: form.nik.trim() }
          : form.by === 'passport'
            ? { passport: { number: form.passport.trim().toUpperCase() } }
            : form.by === 'number'
              ? { membershipNumber: form.membershipNumber.trim() }
              : { name: form.name.trim(), birthDate: form.birthDate };
      return api<{ items: MemberSummary[] }>('/api/v1/members/search', { body });
    },
  });
  return (
    <section aria-labelledby="search-title">
      <h2 id="search-title">{t('officer.searchTitle')}</h2>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          search.mutate();
        }}
        className="search"
      >
        <Field label={t('officer.searchBy')}>
          {(a) => (
            <select {...a} value={form.by} onChange={set('by')}>
              <option value="name">{t('officer.byName')}</option>
              <option value="number">{t('card.number')}</option>
              <option value="nik">{t('fields.nik')}</option>
              <option value="passport">{t('fields.passportNumber')}</option>
            </select>
          )}
        </Field>
        {form.by === 'nik' && (
          <Field label={t('fields.nik')} error={search.error} pointer="/nik">
            {(a) => <input {...a} required value={form.nik} onChange={set('nik')} />}
          </Field>
        )}
        {form.by === 'passport' && (
          <Field label={t('fields.passportNumber')} error={search.error} pointer="/passport">
            {(a) => <input {...a} required value={form.passport} onChange={set('passport')} />}
          </Field>
        )}
        {form.by === 'number' && (
          <Field label={t('card.number')} error={search.error} pointer="/membershipNumber">
            {(a) => <input {...a} required inputMode="numeric" value={form.membershipNumber} onChange={set('membershipNumber')} />}
          </Field>
        )}
        {form.by === 'name' && (
          <>
            <Field label={t('fields.fullName')} error={search.error} pointer="/name">
              {(a) => <input {...a} required value={form.name} onChange={set('name')} />}
            </Field>
            <Field label={t('fields.birthDate')} error={search.error} pointer="/birthDate">
              {(a) => <input {...a} type="date" required value={form.birthDate} onChange={set('birthDate')} />}
            </Field>
          </>
        )}
        <button type="submit" className="button primary" disabled={search.isPending}>
          {t('officer.search')}
        </button>
      </form>
      <ListState query={search} empty={<p role="status">{t('officer.noResults')}</p>}>
        {(items) => (
          <DataTable
            caption={t('officer.results', { count: items.length })}
            captionVisible
            columns={[t('card.number'), t('fields.fullName'), t('fields.birthDate'), t('card.segment'), t('card.status')]}
          >
            {items.map((m) => (
              <tr key={m.membershipNumber}>
                <td>
                  <Link to={`${basePath}/members/$membershipNumber`} params={{ membershipNumber: m.membershipNumber }}>
                    {m.membershipNumber}
                  </Link>
                </td>
                <td>{m.fullName}</td>
                <td>{formatDate(m.birthDate, i18n.language)}</td>
                <td>{t(`segment.${m.segment}`, { defaultValue: m.segment })}</td>
                <td>{t(`status.${m.status}`, { defaultValue: m.status })}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </ListState>
    </section>
  );
}

interface Registration {
  membershipNumber: string;
  fullName: string;
  segment: string;
  status: string;
  pmiPhase: string | null;
  channel: string;
  partnerCode: string | null;
  registeredAt: string;
}

export function Registrations({ status, basePath, title }: { status?: string; basePath: '/officer' | '/partner'; title: string }) {
  const { t, i18n } = useTranslation();
  const [cursor, setCursor] = useState<string | null>(null);
  const list = useQuery({
    queryKey: ['registrations', status, cursor],
    queryFn: () =>
      api<{ items: Registration[]; nextCursor: string | null }>(
        `/api/v1/dashboard/registrations?limit=10${status ? `&status=${status}` : ''}${cursor ? `&cursor=${cursor}` : ''}`,
      ),
  });
  return (
    <section aria-labelledby={`registrations-${basePath.slice(1)}`}>
      <h2 id={`registrations-${basePath.slice(1)}`}>{title}</h2>
      <ListState query={list}>
        {(items) => (
          <DataTable
            caption={title}
            columns={[t('card.number'), t('fields.fullName'), t('card.segment'), t('officer.channel'), t('officer.registeredAt')]}
          >
            {items.map((r) => (
              <tr key={r.membershipNumber}>
                <td>
                  <Link to={`${basePath}/members/$membershipNumber`} params={{ membershipNumber: r.membershipNumber }}>
                    {r.membershipNumber}
                  </Link>
                </td>
                <td>{r.fullName}</td>
                <td>
                  {t(`segment.${r.segment}`, { defaultValue: r.segment })}
                  {r.pmiPhase ? ` · ${t(`phase.${r.pmiPhase}`)}` : ''}
                </td>
                <td>
                  {t(`channel.${r.channel}`, { defaultValue: r.channel })}
                  {r.partnerCode ? ` (${r.partnerCode})` : ''}
                </td>
                <td>{formatDateTime(r.registeredAt, i18n.language)}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </ListState>
      <Pager cursor={cursor} nextCursor={list.data?.nextCursor} onChange={setCursor} />
    </section>
  );
}

export function OfficerHome() {
  const { t } = useTranslation();
  return (
    <RequireSignIn kind="staff" roles={officerRoles}>
      <h1>{t('officer.title')}</h1>
      <MemberSearch basePath="/officer" />
      <Registrations status="REGISTERED" basePath="/officer" title={t('officer.pending')} />
      <section aria-labelledby="officer-claims">
        <h2 id="officer-claims">{t('nav.claims')}</h2>
        <p>
          <Link to="/officer/claims">{t('officer.claimQueue')}</Link>
        </p>
      </section>
      <section aria-labelledby="officer-exchange">
        <h2 id="officer-exchange">{t('exchange.menu')}</h2>
        <ul>
          {exchangePages.map((page) => (
            <li key={page.to}>
              <Link to={page.to}>{t(page.label)}</Link>
            </li>
          ))}
          <li>
            <Link to="/officer/review">{t('exchange.reviewMenu')}</Link>
          </li>
          <li>
            <Link to="/officer/leads">{t('exchange.leadsTitle')}</Link>
          </li>
        </ul>
      </section>
    </RequireSignIn>
  );
}

interface HistoryEvent {
  type: string;
  actor: string;
  occurredAt: string;
  data: Record<string, unknown>;
}

export function MemberDetail({ basePath }: { basePath: '/officer' | '/partner' }) {
  const { t, i18n } = useTranslation();
  const { membershipNumber } = useParams({ strict: false }) as { membershipNumber: string };
  const member = useQuery({
    queryKey: ['member', membershipNumber],
    queryFn: () => api<MemberRecord>(`/api/v1/members/${membershipNumber}`),
  });
  const history = useQuery({
    queryKey: ['history', membershipNumber],
    queryFn: () => api<{ items: HistoryEvent[] }>(`/api/v1/members/${membershipNumber}/history?limit=200`),
  });
  return (
    <RequireSignIn kind="staff">
      <p>
        <Link to={basePath}>{t('common.back')}</Link>
      </p>
      <h1>{t('officer.memberTitle', { number: membershipNumber })}</h1>
      {member.isPending && <Loading />}
      <ProblemAlert error={member.error} />
      {member.data && (
        <>
          <MemberCard member={member.data} />
          <section aria-labelledby="placements-title">
            <h2 id="placements-title">{t('officer.placements')}</h2>
            {member.data.placements.length === 0 && <p>{t('officer.noPlacements')}</p>}
            <ul>
              {member.data.placements.map((p) => (
                <li key={`${p.destinationCountry}-${p.contractStart}`}>
                  {countryName(p.destinationCountry, i18n.language)}: {formatDate(p.contractStart, i18n.language)} –{' '}
                  {formatDate(p.contractEnd, i18n.language)}
                  {p.endedOn ? ` (${t('officer.ended', { date: formatDate(p.endedOn, i18n.language) })})` : ''}
                  {p.extensions.length > 0 ? ` · ${t('officer.extensions', { count: p.extensions.length })}` : ''}
                </li>
              ))}
            </ul>
          </section>
          <Coverage membershipNumber={membershipNumber} />
          <Bills membershipNumber={membershipNumber} officer />
          <JhtBalance membershipNumber={membershipNumber} />
          {basePath === '/officer' && (
            <>
              <MemberClaims membershipNumber={membershipNumber} staff />
              <p>
                <Link to="/officer/members/$membershipNumber/claim" params={{ membershipNumber }} className="button">
                  {t('officer.fileClaim')}
                </Link>
              </p>
            </>
          )}
        </>
      )}
      <section aria-labelledby="history-title">
        <h2 id="history-title">{t('officer.history')}</h2>
        <ProblemAlert error={member.error ? null : history.error} />
        {history.data && (
          <ol className="history">
            {history.data.items.map((e) => (
              <li key={`${e.occurredAt}-${e.type}`}>
                <time dateTime={e.occurredAt}>{formatDateTime(e.occurredAt, i18n.language)}</time> —{' '}
                {t(`event.${e.type.replaceAll('.', '_')}`, { defaultValue: e.type })} <span className="muted">({e.actor})</span>
              </li>
            ))}
          </ol>
        )}
      </section>
    </RequireSignIn>
  );
}

export function OfficerMember() {
  return <MemberDetail basePath="/officer" />;
}

interface Channel {
  code: string;
  name: string;
  kind: string;
}

interface StatementLine {
  lineNumber: number;
  reference: string | null;
  billNumber: string | null;
  amount: number | null;
  outcome: string;
  detail: string | null;
}

/** Reconciliation of a channel's statement file, and the contribution reports. */
export function Payments() {
  const { t, i18n } = useTranslation();
  const channels = useQuery({ queryKey: ['channels'], queryFn: () => api<{ items: Channel[] } | Channel[]>('/api/v1/payment-channels') });
  const channelList = Array.isArray(channels.data) ? channels.data : (channels.data?.items ?? []);
  const [channel, setChannel] = useState('');
  const [statementDate, setStatementDate] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [outcome, setOutcome] = useState('');
  const upload = useMutation({
    mutationFn: async () => {
      const text = file ? await file.text() : '';
      return api<{ importId: string; rows: number; replayed: boolean; summary: Record<string, number> }>(
        `/api/v1/payment-channels/${encodeURIComponent(channel)}/statements?statementDate=${statementDate}`,
        { method: 'POST', raw: text, contentType: 'text/csv' },
      );
    },
  });
  const importId = upload.data?.importId;
  const lines = useQuery({
    queryKey: ['lines', importId, outcome],
    enabled: Boolean(importId),
    queryFn: () => api<{ items: StatementLine[] }>(`/api/v1/statements/${importId}/lines?limit=200${outcome ? `&outcome=${outcome}` : ''}`),
  });
  const [period, setPeriod] = useState({ from: `${new Date().getFullYear()}-01-01`, to: new Date().toISOString().slice(0, 10) });
  const report = useQuery({
    queryKey: ['report', period],
    queryFn: () =>
      api<{ rows: Array<{ group: Record<string, string>; payments: number; amount: number }>; total: number }>(
        `/api/v1/reports/contributions?from=${period.from}&to=${period.to}&groupBy=month,paymentChannel`,
      ),
  });
  const arrears = useQuery({
    queryKey: ['arrears'],
    queryFn: () =>
      api<{ rows: Array<{ segment: string; ageBucket: string; bills: number; outstanding: number }>; outstanding: number }>(
        '/api/v1/reports/arrears',
      ),
  });
  return (
    <RequireSignIn kind="staff" roles={officerRoles}>
      <h1>{t('payments.title')}</h1>
      <section aria-labelledby="reconcile-title">
        <h2 id="reconcile-title">{t('payments.reconcile')}</h2>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            upload.mutate();
          }}
        >
          <Field label={t('payments.channel')}>
            {(a) => (
              <select {...a} required value={channel} onChange={(e) => setChannel(e.target.value)}>
                <option value="">{t('common.choose')}</option>
                {channelList.map((c) => (
                  <option key={c.code} value={c.code}>
                    {c.name} ({c.code})
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('payments.statementDate')} error={upload.error} pointer="/statementDate">
            {(a) => <input {...a} type="date" required value={statementDate} onChange={(e) => setStatementDate(e.target.value)} />}
          </Field>
          <Field label={t('payments.file')} hint={t('payments.fileHint')}>
            {(a) => <input {...a} type="file" accept=".csv,text/csv" required onChange={(e) => setFile(e.target.files?.[0] ?? null)} />}
          </Field>
          <ProblemAlert error={upload.error} />
          <button type="submit" className="button primary" disabled={upload.isPending}>
            {t('payments.upload')}
          </button>
        </form>
        {upload.data && (
          <div role="status">
            <h3>{t('payments.summary')}</h3>
            <p>
              {t('payments.rows', { count: upload.data.rows })}
              {upload.data.replayed ? ` ${t('payments.replayed')}` : ''}
            </p>
            <dl className="facts">
              {Object.entries(upload.data.summary).map(([k, v]) => (
                <div key={k}>
                  <dt>{t(`outcome.${k}`, { defaultValue: k })}</dt>
                  <dd>{v}</dd>
                </div>
              ))}
            </dl>
            <Field label={t('payments.outcome')}>
              {(a) => (
                <select {...a} value={outcome} onChange={(e) => setOutcome(e.target.value)}>
                  <option value="">{t('payments.all')}</option>
                  {['MATCHED', 'POSTED', 'DUPLICATE', 'AMOUNT_DIFFERS', 'UNMATCHED', 'INVALID'].map((o) => (
                    <option key={o} value={o}>
                      {t(`outcome.${o}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            {lines.data && (
              <DataTable
                caption={t('payments.lines')}
                columns={[
                  '#',
                  t('payments.reference'),
                  t('bills.number'),
                  numeric(t('bills.amount')),
                  t('payments.outcome'),
                  t('payments.detail'),
                ]}
              >
                {lines.data.items.map((l) => (
                  <tr key={l.lineNumber}>
                    <td>{l.lineNumber}</td>
                    <td>{l.reference}</td>
                    <td>{l.billNumber}</td>
                    <td className="amount">{formatRupiah(l.amount, i18n.language)}</td>
                    <td>{t(`outcome.${l.outcome}`, { defaultValue: l.outcome })}</td>
                    <td>{l.detail}</td>
                  </tr>
                ))}
              </DataTable>
            )}
          </div>
        )}
      </section>
      <section aria-labelledby="collected-title">
        <h2 id="collected-title">{t('payments.collected')}</h2>
        <div className="inline">
          <PeriodFields period={period} onChange={setPeriod} />
        </div>
        <ProblemAlert error={report.error} />
        {report.data && (
          <DataTable
            caption={t('payments.collected')}
            columns={[t('payments.month'), t('payments.channel'), t('payments.count'), numeric(t('bills.amount'))]}
            footer={
              <tr>
                <th scope="row" colSpan={3}>
                  {t('payments.total')}
                </th>
                <td className="amount">{formatRupiah(report.data.total, i18n.language)}</td>
              </tr>
            }
          >
            {report.data.rows.map((r) => (
              <tr key={`${r.group.month}-${r.group.paymentChannel}`}>
                <td>{r.group.month}</td>
                <td>{r.group.paymentChannel}</td>
                <td>{r.payments}</td>
                <td className="amount">{formatRupiah(r.amount, i18n.language)}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </section>
      <section aria-labelledby="arrears-title">
        <h2 id="arrears-title">{t('payments.arrears')}</h2>
        <ProblemAlert error={arrears.error} />
        {arrears.data && (
          <DataTable
            caption={t('payments.arrears')}
            columns={[t('card.segment'), t('payments.age'), t('payments.bills'), numeric(t('bills.outstanding'))]}
          >
            {arrears.data.rows.map((r) => (
              <tr key={`${r.segment}-${r.ageBucket}`}>
                <td>{t(`segment.${r.segment}`, { defaultValue: r.segment })}</td>
                <td>{r.ageBucket}</td>
                <td>{r.bills}</td>
                <td className="amount">{formatRupiah(r.outstanding, i18n.language)}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </section>
    </RequireSignIn>
  );
}

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from '@tanstack/react-router';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import { DataTable, Field, ListState, Loading, numeric, Pager, ProblemAlert, RequireSignIn } from '../components.tsx';
import { countryName, formatDate, formatDateTime, formatNumber } from '../format.ts';
import { usePersistentState } from '../persist.ts';
import { exchangePages } from './exchange-menu.ts';

// The partner gateway's screens: a partner's bulk uploads and their validation reports
// (partner console), and the officers' message log, dead letters, departures without
// protection and partner activity.

const partnerRoles = ['PARTNER_USER'];
const officerRoles = ['OFFICER', 'SUPERVISOR', 'AUDITOR', 'ADMINISTRATOR'];
const uploaderRoles = ['PARTNER_USER', 'OFFICER', 'SUPERVISOR', 'ADMINISTRATOR', 'AUDITOR'];

interface CatalogueEntry {
  type: string;
  direction: 'INBOUND' | 'OUTBOUND';
  description: string;
}

export interface ImportReport {
  importId: string;
  partnerCode: string;
  documentType: string;
  fileName: string;
  rows: number;
  accepted: number;
  rejected: number;
  effects: Record<string, number>;
  replayed: boolean;
}

interface ImportRow {
  row: number;
  outcome: string;
  effect: string | null;
  membershipNumber: string | null;
  reasons: Array<{ column: string | null; code: string; message: string }>;
}

interface Upload {
  importId: string;
  fileName: string;
  documentType: string;
  rows: number;
  status: 'COMPLETED' | 'IN_PROGRESS';
  accepted: number;
  rejected: number;
  startedAt: string;
}

interface Activity {
  documentType: string;
  received: number;
  accepted: number;
  rejected: number;
  registrations: number;
}

/** A partner user uploads a file of one document type and opens its row-by-row report. */
export function PartnerFiles() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const catalogue = useQuery({
    queryKey: ['exchange-catalogue'],
    queryFn: () => api<{ items: CatalogueEntry[] }>('/api/v1/exchange/catalogue'),
    staleTime: Number.POSITIVE_INFINITY,
  });
  const inbound = (catalogue.data?.items ?? []).filter((e) => e.direction === 'INBOUND');
  const [form, setForm] = usePersistentState('exchange.upload', { documentType: '' });
  const [file, setFile] = useState<File | null>(null);
  const documentType = form.documentType || inbound[0]?.type || '';
  const upload = useMutation({
    mutationFn: async () => {
      const data = new FormData();
      if (file) data.append('file', file, file.name);
      return api<ImportReport>(`/api/v1/exchange/files?documentType=${encodeURIComponent(documentType)}`, { method: 'POST', raw: data });
    },
    onSuccess: (report) => {
      void queryClient.invalidateQueries({ queryKey: ['exchange-uploads'] });
      void queryClient.invalidateQueries({ queryKey: ['exchange-activity'] });
      void navigate({ to: '/partner/files/$importId', params: { importId: report.importId } });
    },
  });
  return (
    <RequireSignIn kind="staff" roles={partnerRoles}>
      <h1>{t('exchange.uploadsTitle')}</h1>
      <p>{t('exchange.uploadsIntro')}</p>
      {catalogue.isPending ? (
        <Loading />
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            upload.mutate();
          }}
        >
          <Field label={t('exchange.documentType')} error={upload.error} pointer="/documentType">
            {(a) => (
              <select {...a} required value={documentType} onChange={(e) => setForm({ documentType: e.target.value })}>
                {inbound.map((entry) => (
                  <option key={entry.type} value={entry.type}>
                    {entry.type}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {documentType && (
            <p>
              {t('exchange.template')}:{' '}
              <a href={`/api/v1/exchange/templates/${documentType}?format=csv`} download>
                {t('exchange.templateCsv')}
              </a>{' '}
              ·{' '}
              <a href={`/api/v1/exchange/templates/${documentType}?format=xlsx`} download>
                {t('exchange.templateXlsx')}
              </a>
            </p>
          )}
          <Field label={t('exchange.file')} hint={t('exchange.fileHint')} error={upload.error} pointer="/file">
            {(a) => (
              <input
                {...a}
                type="file"
                accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                required
                onChange={(e) => setFile(e.target.files?.[0] ?? null)}
              />
            )}
          </Field>
          <ProblemAlert error={upload.error} />
          <button type="submit" className="button primary" disabled={upload.isPending || !file}>
            {upload.isPending ? t('exchange.uploading') : t('exchange.upload')}
          </button>
        </form>
      )}
      <section aria-labelledby="my-uploads">
        <h2 id="my-uploads">{t('exchange.myUploads')}</h2>
        <PartnerActivityFigures language={i18n.language} />
        <UploadTable language={i18n.language} />
      </section>
    </RequireSignIn>
  );
}

/** The partner's own activity, by API and by file, as the gateway counts it. */
function PartnerActivityFigures({ language }: { language: string }) {
  const { t } = useTranslation();
  const activity = useQuery({
    queryKey: ['exchange-activity'],
    queryFn: () => api<{ items: Activity[] }>('/api/v1/exchange/reports/partners'),
  });
  if (activity.isPending) return <Loading />;
  const items = activity.data?.items ?? [];
  const sum = (pick: (a: Activity) => number) => items.reduce((n, a) => n + pick(a), 0);
  const figures: Array<[string, number]> = [
    ['exchange.rows', sum((a) => a.received)],
    ['exchange.accepted', sum((a) => a.accepted)],
    ['exchange.rejected', sum((a) => a.rejected)],
    ['exchange.registrations', sum((a) => a.registrations)],
  ];
  return (
    <>
      <h3>{t('exchange.activity')}</h3>
      <ProblemAlert error={activity.error} />
      <dl className="facts">
        {figures.map(([label, value]) => (
          <div key={label}>
            <dt>{t(label)}</dt>
            <dd>{formatNumber(value, language)}</dd>
          </div>
        ))}
      </dl>
    </>
  );
}

/** The partner's uploads, newest first, paged: the same list on any device. */
function UploadTable({ language }: { language: string }) {
  const { t } = useTranslation();
  const [cursor, setCursor] = useState<string | null>(null);
  const uploads = useQuery({
    queryKey: ['exchange-uploads', cursor],
    queryFn: () =>
      api<{ items: Upload[]; nextCursor: string | null }>(`/api/v1/exchange/files?limit=20${cursor ? `&cursor=${cursor}` : ''}`),
  });
  return (
    <ListState query={uploads} empty={<p>{t('exchange.myUploadsNone')}</p>}>
      {(items) => (
        <>
          <DataTable
            caption={t('exchange.myUploads')}
            columns={[
              t('exchange.fileName'),
              t('exchange.documentType'),
              t('exchange.uploaded'),
              numeric(t('exchange.rows')),
              numeric(t('exchange.accepted')),
              numeric(t('exchange.rejected')),
            ]}
          >
            {items.map((upload) => (
              <tr key={upload.importId}>
                <td>
                  <Link to="/partner/files/$importId" params={{ importId: upload.importId }}>
                    {upload.fileName}
                  </Link>
                </td>
                <td>{upload.documentType}</td>
                <td>{formatDateTime(upload.startedAt, language)}</td>
                <td className="amount">{formatNumber(upload.rows, language)}</td>
                <td className="amount">{upload.status === 'COMPLETED' ? formatNumber(upload.accepted, language) : '—'}</td>
                <td className="amount">{upload.status === 'COMPLETED' ? formatNumber(upload.rejected, language) : '—'}</td>
              </tr>
            ))}
          </DataTable>
          <Pager cursor={cursor} nextCursor={uploads.data?.nextCursor} onChange={setCursor} />
        </>
      )}
    </ListState>
  );
}

/** An import's totals and its rows, accepted or rejected with the reasons. */
export function FileReport() {
  const { t, i18n } = useTranslation();
  const { importId } = useParams({ strict: false }) as { importId: string };
  const [outcome, setOutcome] = useState<'' | 'ACCEPTED' | 'REJECTED'>('');
  const [cursor, setCursor] = useState<number | null>(null);
  const report = useQuery({
    queryKey: ['exchange-file', importId],
    queryFn: () => api<ImportReport>(`/api/v1/exchange/files/${importId}`),
  });
  const rows = useQuery({
    queryKey: ['exchange-file-rows', importId, outcome, cursor],
    queryFn: () =>
      api<{ items: ImportRow[]; nextCursor: number | null }>(
        `/api/v1/exchange/files/${importId}/rows?limit=200${outcome ? `&outcome=${outcome}` : ''}${cursor ? `&cursor=${cursor}` : ''}`,
      ),
  });
  return (
    <RequireSignIn kind="staff" roles={uploaderRoles}>
      {report.isPending ? (
        <Loading />
      ) : report.error ? (
        <ProblemAlert error={report.error} />
      ) : (
        report.data && (
          <>
            <h1>{t('exchange.reportTitle', { file: report.data.fileName })}</h1>
            {report.data.replayed && <p className="banner">{t('exchange.replayed')}</p>}
            <dl className="facts">
              <div>
                <dt>{t('exchange.documentType')}</dt>
                <dd>{report.data.documentType}</dd>
              </div>
              <div>
                <dt>{t('exchange.rows')}</dt>
                <dd data-testid="rows-total">{formatNumber(report.data.rows, i18n.language)}</dd>
              </div>
              <div>
                <dt>{t('exchange.accepted')}</dt>
                <dd data-testid="rows-accepted">{formatNumber(report.data.accepted, i18n.language)}</dd>
              </div>
              <div>
                <dt>{t('exchange.rejected')}</dt>
                <dd data-testid="rows-rejected">{formatNumber(report.data.rejected, i18n.language)}</dd>
              </div>
              {Object.entries(report.data.effects).map(([effect, n]) => (
                <div key={effect}>
                  <dt>{effect}</dt>
                  <dd>{formatNumber(n, i18n.language)}</dd>
                </div>
              ))}
            </dl>
          </>
        )
      )}
      <section aria-labelledby="rows-title">
        <h2 id="rows-title">{t('exchange.rows')}</h2>
        <Field label={t('exchange.show')}>
          {(a) => (
            <select
              {...a}
              value={outcome}
              onChange={(e) => {
                setOutcome(e.target.value as typeof outcome);
                setCursor(null);
              }}
            >
              <option value="">{t('exchange.all')}</option>
              <option value="REJECTED">{t('exchange.onlyRejected')}</option>
              <option value="ACCEPTED">{t('exchange.onlyAccepted')}</option>
            </select>
          )}
        </Field>
        <ListState query={rows} empty={<p>{t('exchange.noRows')}</p>}>
          {(items) => (
            <DataTable
              caption={t('exchange.rows')}
              columns={[
                numeric(t('exchange.row')),
                t('exchange.outcome'),
                t('exchange.effect'),
                t('exchange.member'),
                t('exchange.reasons'),
              ]}
            >
              {items.map((r) => (
                <tr key={r.row} data-outcome={r.outcome}>
                  <td className="amount">{r.row}</td>
                  <td>{t(`exchange.outcomes.${r.outcome}`, { defaultValue: r.outcome })}</td>
                  <td>{r.effect ?? ''}</td>
                  <td>{r.membershipNumber ?? ''}</td>
                  <td>
                    {r.reasons.length > 0 && (
                      <ul>
                        {r.reasons.map((reason) => (
                          <li key={`${reason.column}-${reason.code}`}>
                            {reason.column ? `${t('exchange.column', { column: reason.column })}: ` : ''}
                            {t(`errors.${reason.code}`, { defaultValue: reason.message })} <code>{reason.code}</code>
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
        </ListState>
        <Pager cursor={cursor} nextCursor={rows.data?.nextCursor} onChange={setCursor} />
      </section>
    </RequireSignIn>
  );
}

/** The officers' sub-menu of the partner gateway's pages. */
function ExchangeNav({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <RequireSignIn kind="staff" roles={officerRoles}>
      <nav aria-label={t('exchange.menu')} className="subnav">
        <ul className="inline">
          {exchangePages.map((page) => (
            <li key={page.to}>
              <Link to={page.to}>{t(page.label)}</Link>
            </li>
          ))}
        </ul>
      </nav>
      {children}
    </RequireSignIn>
  );
}

interface LogEntry {
  seq: number;
  loggedAt: string;
  direction: string;
  kind: string;
  partnerCode: string | null;
  messageId: string | null;
  documentType: string | null;
  outcome: string;
  errorCode: string | null;
  entryHash: string;
}

export function MessageLog() {
  const { t, i18n } = useTranslation();
  const [partnerCode, setPartnerCode] = useState('');
  const [filter, setFilter] = useState('');
  const [cursor, setCursor] = useState<string | null>(null);
  const log = useQuery({
    queryKey: ['exchange-log', filter, cursor],
    queryFn: () =>
      api<{ items: LogEntry[]; nextCursor: string | null }>(
        `/api/v1/exchange/log?limit=50${filter ? `&partnerCode=${encodeURIComponent(filter)}` : ''}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      ),
  });
  const verification = useMutation({
    mutationFn: () =>
      api<{ entries: number; intact: boolean; firstBrokenSeq: number | null; reason: string | null }>('/api/v1/exchange/log/verification'),
  });
  return (
    <ExchangeNav>
      <h1>{t('exchange.logTitle')}</h1>
      <p>{t('exchange.logIntro')}</p>
      <div className="actions">
        <button type="button" className="button" onClick={() => verification.mutate()} disabled={verification.isPending}>
          {t('exchange.verify')}
        </button>
      </div>
      <ProblemAlert error={verification.error} />
      {verification.data && (
        <p role="status" className={verification.data.intact ? 'banner' : 'alert'}>
          {verification.data.intact
            ? t('exchange.intact', { count: verification.data.entries })
            : t('exchange.broken', { seq: verification.data.firstBrokenSeq, reason: verification.data.reason })}
        </p>
      )}
      <form
        className="inline"
        onSubmit={(event) => {
          event.preventDefault();
          setFilter(partnerCode.trim());
          setCursor(null);
        }}
      >
        <Field label={t('exchange.partnerCode')}>
          {(a) => <input {...a} value={partnerCode} onChange={(e) => setPartnerCode(e.target.value)} />}
        </Field>
        <button type="submit" className="button">
          {t('exchange.filter')}
        </button>
      </form>
      <ListState query={log}>
        {(items) => (
          <DataTable
            caption={t('exchange.logTitle')}
            columns={[
              numeric(t('exchange.seq')),
              t('exchange.loggedAt'),
              t('exchange.direction'),
              t('exchange.kind'),
              t('exchange.partner'),
              t('exchange.documentType'),
              t('exchange.messageId'),
              t('exchange.outcome'),
              t('exchange.hash'),
            ]}
          >
            {items.map((e) => (
              <tr key={e.seq}>
                <td className="amount">{e.seq}</td>
                <td>{formatDateTime(e.loggedAt, i18n.language)}</td>
                <td>{e.direction}</td>
                <td>{e.kind}</td>
                <td>{e.partnerCode ?? ''}</td>
                <td>{e.documentType ?? ''}</td>
                <td>{e.messageId ?? ''}</td>
                <td>
                  {e.outcome}
                  {e.errorCode ? ` (${e.errorCode})` : ''}
                </td>
                <td>
                  <code title={e.entryHash}>{e.entryHash.slice(0, 12)}…</code>
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </ListState>
      <Pager cursor={cursor} nextCursor={log.data?.nextCursor} onChange={setCursor} />
    </ExchangeNav>
  );
}

interface DeadLetter {
  id: number;
  topic: string;
  attempts: number;
  lastError: string | null;
  createdAt: string;
}

export function DeadLetters() {
  const { t, i18n } = useTranslation();
  const letters = useQuery({
    queryKey: ['exchange-dead-letters'],
    queryFn: () => api<{ items: DeadLetter[]; nextCursor: number | null }>('/api/v1/exchange/dead-letters?limit=200'),
  });
  const redrive = useMutation({
    mutationFn: (ids?: number[]) =>
      api<{ requeued: number }>('/api/v1/exchange/dead-letters/redrive', { method: 'POST', body: ids ? { ids } : {} }),
    onSuccess: () => void letters.refetch(),
  });
  return (
    <ExchangeNav>
      <h1>{t('exchange.deadTitle')}</h1>
      <ProblemAlert error={redrive.error} />
      {redrive.data && <p role="status">{t('exchange.requeued', { count: redrive.data.requeued })}</p>}
      <ListState query={letters} empty={<p>{t('exchange.deadNone')}</p>}>
        {(items) => (
          <>
            <div className="actions">
              <button type="button" className="button" onClick={() => redrive.mutate(undefined)} disabled={redrive.isPending}>
                {t('exchange.redriveAll')}
              </button>
            </div>
            <DataTable
              caption={t('exchange.deadTitle')}
              columns={[
                numeric(t('exchange.seq')),
                t('exchange.topic'),
                numeric(t('exchange.attempts')),
                t('exchange.lastError'),
                t('exchange.created'),
                t('exchange.redrive'),
              ]}
            >
              {items.map((l) => (
                <tr key={l.id}>
                  <td className="amount">{l.id}</td>
                  <td>{l.topic}</td>
                  <td className="amount">{l.attempts}</td>
                  <td>{l.lastError ?? ''}</td>
                  <td>{formatDateTime(l.createdAt, i18n.language)}</td>
                  <td>
                    <button
                      type="button"
                      className="button"
                      aria-label={`${t('exchange.redrive')} ${l.id}`}
                      onClick={() => redrive.mutate([l.id])}
                      disabled={redrive.isPending}
                    >
                      {t('exchange.redrive')}
                    </button>
                  </td>
                </tr>
              ))}
            </DataTable>
          </>
        )}
      </ListState>
    </ExchangeNav>
  );
}

function usePeriod() {
  const today = new Date().toISOString().slice(0, 10);
  return useState({ from: `${today.slice(0, 4)}-01-01`, to: today });
}

function PeriodForm({ period, onChange }: { period: { from: string; to: string }; onChange: (p: { from: string; to: string }) => void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(period);
  return (
    <form
      className="inline"
      onSubmit={(event) => {
        event.preventDefault();
        onChange(draft);
      }}
    >
      <Field label={t('exchange.from')}>
        {(a) => <input {...a} type="date" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />}
      </Field>
      <Field label={t('exchange.to')}>
        {(a) => <input {...a} type="date" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />}
      </Field>
      <button type="submit" className="button">
        {t('exchange.filter')}
      </button>
    </form>
  );
}

interface Departure {
  crossedOn: string;
  borderPost: string | null;
  membershipNumber: string | null;
  passport: { number: string; issuingCountry: string };
  reportedBy: string;
}

export function DepartedWithoutProtection() {
  const { t, i18n } = useTranslation();
  const [period, setPeriod] = usePeriod();
  const report = useQuery({
    queryKey: ['exchange-departed', period],
    queryFn: () =>
      api<{ items: Array<{ country: string; count: number; departures: Departure[] }> }>(
        `/api/v1/exchange/reports/departed-without-protection?from=${period.from}&to=${period.to}`,
      ),
  });
  return (
    <ExchangeNav>
      <h1>{t('exchange.departedTitle')}</h1>
      <p>{t('exchange.departedIntro')}</p>
      <PeriodForm period={period} onChange={setPeriod} />
      <ListState query={report} empty={<p>{t('exchange.departedNone')}</p>}>
        {(items) =>
          items.map((group) => (
            <details key={group.country}>
              <summary>
                {countryName(group.country, i18n.language)}: {formatNumber(group.count, i18n.language)}
              </summary>
              <DataTable
                caption={countryName(group.country, i18n.language)}
                columns={[
                  t('exchange.crossedOn'),
                  t('exchange.borderPost'),
                  t('exchange.member'),
                  t('exchange.passport'),
                  t('exchange.reportedBy'),
                ]}
              >
                {group.departures.map((d) => (
                  <tr key={`${d.passport.issuingCountry}-${d.passport.number}-${d.crossedOn}`}>
                    <td>{formatDate(d.crossedOn, i18n.language)}</td>
                    <td>{d.borderPost ?? ''}</td>
                    <td>
                      {d.membershipNumber ? (
                        <Link to="/officer/members/$membershipNumber" params={{ membershipNumber: d.membershipNumber }}>
                          {d.membershipNumber}
                        </Link>
                      ) : (
                        '—'
                      )}
                    </td>
                    <td>
                      {d.passport.issuingCountry} {d.passport.number}
                    </td>
                    <td>{d.reportedBy}</td>
                  </tr>
                ))}
              </DataTable>
            </details>
          ))
        }
      </ListState>
    </ExchangeNav>
  );
}

interface ActivityRow {
  partnerCode: string;
  documentType: string;
  received: number;
  accepted: number;
  rejected: number;
  replayed: number;
  registrations: number;
  byApi: number;
  byFile: number;
}

export function PartnerActivity() {
  const { t, i18n } = useTranslation();
  const [period, setPeriod] = usePeriod();
  const report = useQuery({
    queryKey: ['exchange-activity', period],
    queryFn: () => api<{ items: ActivityRow[] }>(`/api/v1/exchange/reports/partners?from=${period.from}&to=${period.to}`),
  });
  const n = (value: number) => formatNumber(value, i18n.language);
  return (
    <ExchangeNav>
      <h1>{t('exchange.activityTitle')}</h1>
      <PeriodForm period={period} onChange={setPeriod} />
      <ListState query={report} empty={<p>{t('exchange.activityNone')}</p>}>
        {(items) => (
          <DataTable
            caption={t('exchange.activityTitle')}
            columns={[
              t('exchange.partner'),
              t('exchange.documentType'),
              numeric(t('exchange.received')),
              numeric(t('exchange.accepted')),
              numeric(t('exchange.rejected')),
              numeric(t('exchange.replays')),
              numeric(t('exchange.registrations')),
              numeric(t('exchange.byApi')),
              numeric(t('exchange.byFile')),
            ]}
          >
            {items.map((r) => (
              <tr key={`${r.partnerCode}-${r.documentType}`}>
                <td>{r.partnerCode}</td>
                <td>{r.documentType}</td>
                <td className="amount">{n(r.received)}</td>
                <td className="amount">{n(r.accepted)}</td>
                <td className="amount">{n(r.rejected)}</td>
                <td className="amount">{n(r.replayed)}</td>
                <td className="amount">{n(r.registrations)}</td>
                <td className="amount">{n(r.byApi)}</td>
                <td className="amount">{n(r.byFile)}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </ListState>
    </ExchangeNav>
  );
}

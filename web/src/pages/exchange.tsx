import { useMutation, useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from '@tanstack/react-router';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import { Field, Loading, Pager, ProblemAlert, RequireSignIn } from '../components.tsx';
import { countryName, formatDate, formatDateTime, formatNumber } from '../format.ts';
import { usePersistentState } from '../persist.ts';

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
  uploadedAt: string;
}

/** A table that may scroll sideways: reachable by keyboard, so its overflow can be read. */
export function ScrollRegion({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take focus to be scrolled by keyboard.
    <section className="table-wrap" aria-label={t('exchange.scrollTable')} tabIndex={0}>
      {children}
    </section>
  );
}

/** A partner user uploads a file of one document type and opens its row-by-row report. */
export function PartnerFiles() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const catalogue = useQuery({
    queryKey: ['exchange-catalogue'],
    queryFn: () => api<{ items: CatalogueEntry[] }>('/api/v1/exchange/catalogue'),
    staleTime: Number.POSITIVE_INFINITY,
  });
  const inbound = (catalogue.data?.items ?? []).filter((e) => e.direction === 'INBOUND');
  const [form, setForm] = usePersistentState('exchange.upload', { documentType: '' });
  const [history, setHistory] = usePersistentState<{ uploads: Upload[] }>('exchange.uploads', { uploads: [] });
  const [file, setFile] = useState<File | null>(null);
  const documentType = form.documentType || inbound[0]?.type || '';
  const upload = useMutation({
    mutationFn: async () => {
      const data = new FormData();
      if (file) data.append('file', file, file.name);
      return api<ImportReport>(`/api/v1/exchange/files?documentType=${encodeURIComponent(documentType)}`, { method: 'POST', raw: data });
    },
    onSuccess: (report) => {
      setHistory((h) => ({
        uploads: [
          { importId: report.importId, fileName: report.fileName, documentType: report.documentType, uploadedAt: new Date().toISOString() },
          ...h.uploads.filter((u) => u.importId !== report.importId),
        ].slice(0, 50),
      }));
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
        {history.uploads.length === 0 ? (
          <p>{t('exchange.myUploadsNone')}</p>
        ) : (
          <UploadTable uploads={history.uploads} language={i18n.language} />
        )}
      </section>
    </RequireSignIn>
  );
}

/** The partner's activity figures: each upload's totals, summed. */
function UploadTable({ uploads, language }: { uploads: Upload[]; language: string }) {
  const { t } = useTranslation();
  const reports = useQuery({
    queryKey: ['exchange-uploads', uploads.map((u) => u.importId)],
    queryFn: () =>
      Promise.all(uploads.map((u) => api<ImportReport>(`/api/v1/exchange/files/${u.importId}`).catch(() => null as ImportReport | null))),
  });
  if (reports.isPending) return <Loading />;
  const rows = uploads.map((u, i) => ({ upload: u, report: reports.data?.[i] ?? null }));
  const sum = (pick: (r: ImportReport) => number) => rows.reduce((n, r) => n + (r.report ? pick(r.report) : 0), 0);
  const figures: Array<[string, number]> = [
    ['exchange.rows', sum((r) => r.rows)],
    ['exchange.accepted', sum((r) => r.accepted)],
    ['exchange.rejected', sum((r) => r.rejected)],
    ['exchange.registrations', sum((r) => (r.effects.REGISTERED ?? 0) + (r.effects.REGISTERED_AND_EXTENDED ?? 0))],
  ];
  return (
    <>
      <h3>{t('exchange.activity')}</h3>
      <dl className="facts">
        {figures.map(([label, value]) => (
          <div key={label}>
            <dt>{t(label)}</dt>
            <dd>{formatNumber(value, language)}</dd>
          </div>
        ))}
      </dl>
      <ScrollRegion>
        <table>
          <caption className="visually-hidden">{t('exchange.myUploads')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('exchange.fileName')}</th>
              <th scope="col">{t('exchange.documentType')}</th>
              <th scope="col">{t('exchange.uploaded')}</th>
              <th scope="col">{t('exchange.rows')}</th>
              <th scope="col">{t('exchange.accepted')}</th>
              <th scope="col">{t('exchange.rejected')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ upload, report }) => (
              <tr key={upload.importId}>
                <td>
                  <Link to="/partner/files/$importId" params={{ importId: upload.importId }}>
                    {upload.fileName}
                  </Link>
                </td>
                <td>{upload.documentType}</td>
                <td>{formatDateTime(upload.uploadedAt, language)}</td>
                <td className="amount">{report ? formatNumber(report.rows, language) : '—'}</td>
                <td className="amount">{report ? formatNumber(report.accepted, language) : '—'}</td>
                <td className="amount">{report ? formatNumber(report.rejected, language) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </>
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
        {rows.isPending ? (
          <Loading />
        ) : rows.error ? (
          <ProblemAlert error={rows.error} />
        ) : rows.data?.items.length === 0 ? (
          <p>{t('exchange.noRows')}</p>
        ) : (
          <ScrollRegion>
            <table>
              <caption className="visually-hidden">{t('exchange.rows')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('exchange.row')}</th>
                  <th scope="col">{t('exchange.outcome')}</th>
                  <th scope="col">{t('exchange.effect')}</th>
                  <th scope="col">{t('exchange.member')}</th>
                  <th scope="col">{t('exchange.reasons')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.data?.items.map((r) => (
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
              </tbody>
            </table>
          </ScrollRegion>
        )}
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
          <li>
            <Link to="/officer/exchange">{t('exchange.logTitle')}</Link>
          </li>
          <li>
            <Link to="/officer/exchange/dead-letters">{t('exchange.deadTitle')}</Link>
          </li>
          <li>
            <Link to="/officer/exchange/departed">{t('exchange.departedTitle')}</Link>
          </li>
          <li>
            <Link to="/officer/exchange/activity">{t('exchange.activityTitle')}</Link>
          </li>
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
      {log.isPending ? (
        <Loading />
      ) : log.error ? (
        <ProblemAlert error={log.error} />
      ) : (
        <ScrollRegion>
          <table>
            <caption className="visually-hidden">{t('exchange.logTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('exchange.seq')}</th>
                <th scope="col">{t('exchange.loggedAt')}</th>
                <th scope="col">{t('exchange.direction')}</th>
                <th scope="col">{t('exchange.kind')}</th>
                <th scope="col">{t('exchange.partner')}</th>
                <th scope="col">{t('exchange.documentType')}</th>
                <th scope="col">{t('exchange.messageId')}</th>
                <th scope="col">{t('exchange.outcome')}</th>
                <th scope="col">{t('exchange.hash')}</th>
              </tr>
            </thead>
            <tbody>
              {log.data?.items.map((e) => (
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
            </tbody>
          </table>
        </ScrollRegion>
      )}
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
      {letters.isPending ? (
        <Loading />
      ) : letters.error ? (
        <ProblemAlert error={letters.error} />
      ) : letters.data?.items.length === 0 ? (
        <p>{t('exchange.deadNone')}</p>
      ) : (
        <>
          <div className="actions">
            <button type="button" className="button" onClick={() => redrive.mutate(undefined)} disabled={redrive.isPending}>
              {t('exchange.redriveAll')}
            </button>
          </div>
          <ScrollRegion>
            <table>
              <caption className="visually-hidden">{t('exchange.deadTitle')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('exchange.seq')}</th>
                  <th scope="col">{t('exchange.topic')}</th>
                  <th scope="col">{t('exchange.attempts')}</th>
                  <th scope="col">{t('exchange.lastError')}</th>
                  <th scope="col">{t('exchange.created')}</th>
                  <th scope="col">{t('exchange.redrive')}</th>
                </tr>
              </thead>
              <tbody>
                {letters.data?.items.map((l) => (
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
              </tbody>
            </table>
          </ScrollRegion>
        </>
      )}
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
      {report.isPending ? (
        <Loading />
      ) : report.error ? (
        <ProblemAlert error={report.error} />
      ) : report.data?.items.length === 0 ? (
        <p>{t('exchange.departedNone')}</p>
      ) : (
        report.data?.items.map((group) => (
          <details key={group.country}>
            <summary>
              {countryName(group.country, i18n.language)}: {formatNumber(group.count, i18n.language)}
            </summary>
            <ScrollRegion>
              <table>
                <caption className="visually-hidden">{countryName(group.country, i18n.language)}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('exchange.crossedOn')}</th>
                    <th scope="col">{t('exchange.borderPost')}</th>
                    <th scope="col">{t('exchange.member')}</th>
                    <th scope="col">{t('exchange.passport')}</th>
                    <th scope="col">{t('exchange.reportedBy')}</th>
                  </tr>
                </thead>
                <tbody>
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
                </tbody>
              </table>
            </ScrollRegion>
          </details>
        ))
      )}
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
      {report.isPending ? (
        <Loading />
      ) : report.error ? (
        <ProblemAlert error={report.error} />
      ) : report.data?.items.length === 0 ? (
        <p>{t('exchange.activityNone')}</p>
      ) : (
        <ScrollRegion>
          <table>
            <caption className="visually-hidden">{t('exchange.activityTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('exchange.partner')}</th>
                <th scope="col">{t('exchange.documentType')}</th>
                <th scope="col">{t('exchange.received')}</th>
                <th scope="col">{t('exchange.accepted')}</th>
                <th scope="col">{t('exchange.rejected')}</th>
                <th scope="col">{t('exchange.replays')}</th>
                <th scope="col">{t('exchange.registrations')}</th>
                <th scope="col">{t('exchange.byApi')}</th>
                <th scope="col">{t('exchange.byFile')}</th>
              </tr>
            </thead>
            <tbody>
              {report.data?.items.map((r) => (
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
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </ExchangeNav>
  );
}

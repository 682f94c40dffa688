import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import { DataTable, Field, ListState, Loading, numeric, ProblemAlert, RequireSignIn, useMe } from '../components.tsx';
import { formatDate, formatDateTime, formatRupiah } from '../format.ts';
import { usePersistentState } from '../persist.ts';
import {
  CalculationView,
  type ClaimDocument,
  type ClaimView,
  claimTypes,
  DueTime,
  localized,
  maxDocumentBytes,
  type QueueItem,
  queueStatuses,
  StatusBadge,
  staffRoles,
  supervisorApprovalAbove,
  type Transition,
} from './claims-shared.tsx';
import { MemberCard, type MemberRecord } from './worker.tsx';

// Claims: a worker files and follows a claim from the phone; an officer works the queue,
// checks, assesses and decides; a supervisor approves what needs a supervisor and pays
// approved claims in bank batches. Codes follow the claims API (src/claims/rules.ts).

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
      <ListState query={list} empty={<p>{t('claims.none')}</p>}>
        {(items) => (
          <ul className="claim-list">
            {items.map((c) => (
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
      </ListState>
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
      <ListState query={queue} empty={<p role="status">{t('claims.queueEmpty')}</p>}>
        {(items) => (
          <DataTable
            caption={t('claims.queueCaption')}
            captionVisible
            columns={[
              t('claims.due'),
              t('claims.number'),
              t('card.number'),
              t('claims.type'),
              t('claims.statusLabel'),
              t('claims.eventDate'),
              numeric(t('claims.amount')),
            ]}
          >
            {items.map((q) => (
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
          </DataTable>
        )}
      </ListState>
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

export { DeskClaim, NewClaim } from './claims-filing.tsx';
export { ClaimPayments } from './claims-payments.tsx';
export { CalculationView, claimTypes, StatusBadge } from './claims-shared.tsx';

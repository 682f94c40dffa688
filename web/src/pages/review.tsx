import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import { DataTable, ListState, Loading, numeric, Pager, ProblemAlert, RequireSignIn } from '../components.tsx';
import { countryName, formatDate, formatDateTime, formatNumber } from '../format.ts';

// Harmonization's screens: the review queue of uncertain pairs, one pair side by side with
// each field's level and weight and the officer's decision, and the outreach leads.

const reviewerRoles = ['OFFICER', 'SUPERVISOR'];
const readerRoles = ['OFFICER', 'SUPERVISOR', 'AUDITOR'];

interface QueueItem {
  partnerRecordId: string;
  sourceType: string;
  partnerCode: string | null;
  candidateMembershipNumber: string | null;
  matchWeight: number;
  receivedAt: string;
}

interface PersonFields {
  nik: string | null;
  fullName: string | null;
  birthDate: string | null;
  sex: string | null;
  passportNumber: string | null;
  phone: string | null;
  destinationCountry: string | null;
}

interface ReviewCase {
  partnerRecordId: string;
  decision: string;
  matchWeight: number;
  probability: number;
  partnerRecord: PersonFields & { sourceType: string };
  member: (PersonFields & { membershipNumber: string }) | null;
  fields: Array<{ field: string; level: string; weight: number }>;
}

function weightText(weight: number, language: string): string {
  return `${weight > 0 ? '+' : ''}${formatNumber(Math.round(weight * 100) / 100, language)}`;
}

export function ReviewQueue() {
  const { t, i18n } = useTranslation();
  const [cursor, setCursor] = useState<string | null>(null);
  const queue = useQuery({
    queryKey: ['review-queue', cursor],
    queryFn: () =>
      api<{ items: QueueItem[]; nextCursor: string | null }>(
        `/api/v1/harmonization/review-queue?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      ),
  });
  return (
    <RequireSignIn kind="staff" roles={reviewerRoles}>
      <h1>{t('exchange.reviewTitle')}</h1>
      <p>{t('exchange.reviewIntro')}</p>
      <p>
        <Link to="/officer/leads">{t('exchange.leadsTitle')}</Link>
      </p>
      <ListState query={queue} empty={<p>{t('exchange.reviewNone')}</p>}>
        {(items) => (
          <DataTable
            caption={t('exchange.reviewTitle')}
            columns={[
              t('exchange.source'),
              t('exchange.partner'),
              t('exchange.candidate'),
              numeric(t('exchange.weight')),
              t('exchange.receivedAt'),
              t('exchange.review'),
            ]}
          >
            {items.map((item) => (
              <tr key={item.partnerRecordId}>
                <td>{item.sourceType}</td>
                <td>{item.partnerCode ?? '—'}</td>
                <td>{item.candidateMembershipNumber ?? '—'}</td>
                <td className="amount">{weightText(item.matchWeight, i18n.language)}</td>
                <td>{formatDateTime(item.receivedAt, i18n.language)}</td>
                <td>
                  <Link
                    to="/officer/review/$partnerRecordId"
                    params={{ partnerRecordId: item.partnerRecordId }}
                    aria-label={`${t('exchange.review')}: ${item.candidateMembershipNumber ?? item.partnerRecordId}`}
                  >
                    {t('exchange.review')}
                  </Link>
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </ListState>
      <Pager cursor={cursor} nextCursor={queue.data?.nextCursor} onChange={setCursor} />
    </RequireSignIn>
  );
}

const shownFields: Array<keyof PersonFields> = ['nik', 'fullName', 'birthDate', 'sex', 'passportNumber', 'phone', 'destinationCountry'];

function shown(field: keyof PersonFields, value: string | null, language: string): string {
  if (!value) return '—';
  if (field === 'birthDate') return formatDate(value, language);
  if (field === 'destinationCountry') return countryName(value, language);
  return value;
}

export function ReviewPair() {
  const { t, i18n } = useTranslation();
  const { partnerRecordId } = useParams({ strict: false }) as { partnerRecordId: string };
  const client = useQueryClient();
  const pair = useQuery({
    queryKey: ['review-case', partnerRecordId],
    queryFn: () => api<ReviewCase>(`/api/v1/harmonization/review-queue/${partnerRecordId}`),
  });
  const decide = useMutation({
    mutationFn: (match: boolean) =>
      api<{ partnerRecordId: string; decision: string }>(`/api/v1/harmonization/review-queue/${partnerRecordId}/decision`, {
        method: 'POST',
        body: { match },
      }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['review-queue'] });
      void pair.refetch();
    },
  });
  const data = pair.data;
  const open = data?.decision === 'REVIEW' || data?.decision === 'LINKED';
  return (
    <RequireSignIn kind="staff" roles={reviewerRoles}>
      <h1>{t('exchange.pairTitle')}</h1>
      <p>
        <Link to="/officer/review">{t('exchange.nextPair')}</Link>
      </p>
      {pair.isPending ? (
        <Loading />
      ) : pair.error ? (
        <ProblemAlert error={pair.error} />
      ) : (
        data && (
          <>
            <p>
              {t('exchange.probability', {
                percent: new Intl.NumberFormat(i18n.language, { style: 'percent', maximumFractionDigits: 1 }).format(data.probability),
              })}{' '}
              · {t('exchange.totalWeight', { weight: weightText(data.matchWeight, i18n.language) })}
            </p>
            <DataTable
              testId="side-by-side"
              caption={t('exchange.pairTitle')}
              captionVisible
              columns={[
                t('exchange.field'),
                `${t('exchange.partnerRecord')} (${data.partnerRecord.sourceType})`,
                t('exchange.memberRecord', { number: data.member?.membershipNumber ?? '—' }),
              ]}
            >
              {shownFields.map((field) => (
                <tr key={field}>
                  <th scope="row">{t(`exchange.fields.${field}`, { defaultValue: field })}</th>
                  <td>{shown(field, data.partnerRecord[field], i18n.language)}</td>
                  <td>{data.member ? shown(field, data.member[field], i18n.language) : '—'}</td>
                </tr>
              ))}
            </DataTable>
            <h2>{t('exchange.weights')}</h2>
            <DataTable
              testId="weights"
              caption={t('exchange.weightsCaption')}
              captionVisible
              columns={[t('exchange.field'), t('exchange.level'), numeric(t('exchange.weight'))]}
            >
              {data.fields.map((f) => (
                <tr key={f.field}>
                  <th scope="row">{t(`exchange.fields.${f.field}`, { defaultValue: f.field })}</th>
                  <td>{f.level}</td>
                  <td className="amount">{weightText(f.weight, i18n.language)}</td>
                </tr>
              ))}
            </DataTable>
            <section aria-labelledby="decision-title">
              <h2 id="decision-title">{t('exchange.decision')}</h2>
              {!open && (
                <p role="status">
                  {t(`exchange.decided.${data.decision}`, { defaultValue: t('exchange.currentDecision', { decision: data.decision }) })}
                </p>
              )}
              <ProblemAlert error={decide.error} />
              {open && (
                <div className="actions">
                  <button type="button" className="button primary" onClick={() => decide.mutate(true)} disabled={decide.isPending}>
                    {t('exchange.match')}
                  </button>
                  <button type="button" className="button" onClick={() => decide.mutate(false)} disabled={decide.isPending}>
                    {t('exchange.noMatch')}
                  </button>
                </div>
              )}
            </section>
          </>
        )
      )}
    </RequireSignIn>
  );
}

export function Leads() {
  const { t, i18n } = useTranslation();
  const leads = useQuery({
    queryKey: ['harmonization-leads'],
    queryFn: () =>
      api<{ items: Array<{ country: string | null; partnerCode: string | null; notRegistered: number; notActive: number }> }>(
        '/api/v1/harmonization/leads',
      ),
  });
  return (
    <RequireSignIn kind="staff" roles={readerRoles}>
      <h1>{t('exchange.leadsTitle')}</h1>
      <p>{t('exchange.leadsIntro')}</p>
      <ListState query={leads} empty={<p>{t('exchange.leadsNone')}</p>}>
        {(items) => (
          <DataTable
            caption={t('exchange.leadsTitle')}
            columns={[t('exchange.country'), t('exchange.partner'), numeric(t('exchange.notRegistered')), numeric(t('exchange.notActive'))]}
          >
            {items.map((l) => (
              <tr key={`${l.country}-${l.partnerCode}`}>
                <td>{l.country ? countryName(l.country, i18n.language) : '—'}</td>
                <td>{l.partnerCode ?? '—'}</td>
                <td className="amount">{formatNumber(l.notRegistered, i18n.language)}</td>
                <td className="amount">{formatNumber(l.notActive, i18n.language)}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </ListState>
    </RequireSignIn>
  );
}

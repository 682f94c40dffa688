import { useMutation, useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import { DataTable, Field, numeric, ProblemAlert, RequireSignIn } from '../components.tsx';
import { formatDate, formatRupiah } from '../format.ts';
import { usePersistentState } from '../persist.ts';
import type { Batch, ConfirmationReport } from './claims-shared.tsx';

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
            <DataTable
              caption={t('claims.payments')}
              columns={[t('claims.number'), t('claims.endToEnd'), numeric(t('claims.amount')), t('claims.statusLabel')]}
            >
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
            </DataTable>
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
                <DataTable
                  caption={t('claims.confirmationFile')}
                  columns={['#', t('claims.endToEnd'), t('payments.outcome'), t('payments.detail')]}
                >
                  {confirm.data.lines.map((l) => (
                    <tr key={l.line}>
                      <td>{l.line}</td>
                      <td className="number">{l.endToEndId}</td>
                      <td>{t(`claims.confirmation.${l.outcome}`, { defaultValue: l.outcome })}</td>
                      <td>{l.detail}</td>
                    </tr>
                  ))}
                </DataTable>
              </div>
            )}
          </>
        )}
      </section>
    </RequireSignIn>
  );
}

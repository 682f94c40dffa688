import { useMutation } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import { Loading, ProblemAlert } from '../components.tsx';
import { formatDate } from '../format.ts';

interface Verification {
  valid: boolean;
  initials: string;
  status: string;
  validUntil: string;
  expired: boolean;
}

/** The public page a card's QR code opens: the token travels in the address's fragment. */
export function VerifyCard() {
  const { t, i18n } = useTranslation();
  const token = typeof window === 'undefined' ? '' : decodeURIComponent(window.location.hash.slice(1));
  const check = useMutation({ mutationFn: (value: string) => api<Verification>('/api/v1/cards/verification', { body: { token: value } }) });
  const { mutate } = check;
  useEffect(() => {
    if (token) mutate(token);
  }, [token, mutate]);
  return (
    <section>
      <h1>{t('verify.title')}</h1>
      {!token && <p>{t('verify.howTo')}</p>}
      {check.isPending && <Loading />}
      <ProblemAlert error={check.error} />
      {check.data && (
        <div className={`verdict ${check.data.valid ? 'valid' : 'invalid'}`} role="status">
          <p className="verdict-title">{check.data.valid ? t('verify.valid') : t('verify.invalid')}</p>
          <dl className="facts">
            <dt>{t('verify.initials')}</dt>
            <dd>{check.data.initials}</dd>
            <dt>{t('card.status')}</dt>
            <dd>{t(`status.${check.data.status}`, { defaultValue: check.data.status })}</dd>
            <dt>{t('verify.validUntil')}</dt>
            <dd>
              {formatDate(check.data.validUntil.slice(0, 10), i18n.language)}
              {check.data.expired ? ` (${t('verify.expired')})` : ''}
            </dd>
          </dl>
        </div>
      )}
    </section>
  );
}

import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { RequireSignIn } from '../components.tsx';
import { MemberDetail, MemberSearch, Registrations } from './officer.tsx';

/** A partner's users see only their own members (the API applies it); uploads come with the gateway. */
export function PartnerHome() {
  const { t } = useTranslation();
  return (
    <RequireSignIn kind="staff" roles={['PARTNER_USER']}>
      <h1>{t('partner.title')}</h1>
      <p>{t('partner.intro')}</p>
      <MemberSearch basePath="/partner" />
      <Registrations basePath="/partner" title={t('partner.registered')} />
      <section aria-labelledby="partner-files">
        <h2 id="partner-files">{t('exchange.uploadsTitle')}</h2>
        <p>
          <Link to="/partner/files">{t('exchange.uploadsMenu')}</Link>
        </p>
      </section>
    </RequireSignIn>
  );
}

export function PartnerMember() {
  return <MemberDetail basePath="/partner" />;
}

import { useTranslation } from 'react-i18next';
import type { Account } from '../../../shared/contracts/auth';
import { fullName, labelOf } from '../../app/format';
import { useApiData } from '../../app/hooks';
import { Detail } from '../../ui/details';
import { LoadingPage, Page } from '../../ui/page';
import { LoadErrorPage } from '../errors/load-error';
import { PasswordForm } from './password-form';
import { ProfileForm } from './profile-form';
import { PushDevices } from './push-devices';
import { SessionsList } from './sessions-list';

/** My account: profile, password, open sessions, devices receiving web push. */
export function AccountPage() {
  const { t } = useTranslation();
  const account = useApiData<Account>('/account');

  if (account.loading && !account.data) return <LoadingPage />;
  if (!account.data) return account.error ? <LoadErrorPage error={account.error} /> : <LoadingPage />;
  const data = account.data;

  return (
    <Page title={t('account.title')}>
      <section className="section">
        <h2>{t('account.identity')}</h2>
        <dl className="details">
          <Detail term={t('people.fields.name')}>{fullName(data)}</Detail>
          <Detail term={t('auth.fields.email')}>{data.email}</Detail>
          <Detail term={t('people.fields.organisation')}>{data.organisation.name}</Detail>
          <Detail term={t('people.fields.roles')}>
            {data.roles.map((role) => labelOf(t, 'roles', role)).join(', ') || '—'}
          </Detail>
        </dl>
      </section>
      <section className="section">
        <h2>{t('account.profile.title')}</h2>
        <ProfileForm account={data} onSaved={account.setData} />
      </section>
      <section className="section">
        <h2>{t('account.password.title')}</h2>
        <PasswordForm />
      </section>
      <section className="section">
        <h2>{t('account.sessions.title')}</h2>
        <p>{t('account.sessions.lead')}</p>
        <SessionsList />
      </section>
      <section className="section">
        <h2>{t('push.title')}</h2>
        <PushDevices />
      </section>
    </Page>
  );
}

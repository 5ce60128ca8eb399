import { useTranslation } from 'react-i18next';
import type { DemoAccount, DemoAccounts } from '../../../shared/contracts/auth';
import { labelOf } from '../../app/format';
import { useApiData } from '../../app/hooks';
import { Button } from '../../ui/button';

interface DemoAccountsPanelProps {
  onPick: (account: DemoAccount, password: string) => void;
}

/** Demo mode only: the fictional accounts, each with a button that fills the sign-in form. */
export function DemoAccountsPanel({ onPick }: DemoAccountsPanelProps) {
  const { t } = useTranslation();
  const { data } = useApiData<DemoAccounts>('/demo/accounts');
  if (!data || data.accounts.length === 0) return null;

  return (
    <section className="demo-accounts" aria-labelledby="demo-accounts-title">
      <h2 id="demo-accounts-title">{t('auth.demo.title')}</h2>
      <p>{t('auth.demo.intro')}</p>
      <p>
        {t('auth.demo.password')} <code>{data.password}</code>
      </p>
      <ul className="demo-account-list">
        {data.accounts.map((account) => (
          <li key={account.email} className="card">
            <p className="card-title">{account.name}</p>
            <p>{account.organisation}</p>
            <p className="muted">{account.roles.map((role) => labelOf(t, 'roles', role)).join(', ')}</p>
            <p className="muted">{account.email}</p>
            <Button variant="secondary" onClick={() => onPick(account, data.password)}>
              {t('auth.demo.use', { name: account.name })}
            </Button>
          </li>
        ))}
      </ul>
    </section>
  );
}

import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, fieldMessage } from '../../app/api';
import { useAction } from '../../app/hooks';
import { Button } from '../../ui/button';
import { ErrorSummary, StatusMessage } from '../../ui/error-summary';
import { Field } from '../../ui/field';
import { Page } from '../../ui/page';

/** Asks for a reset link; the answer never says whether the account exists. */
export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const { run, pending, error } = useAction();

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSent(false);
    void run(async () => {
      await api.post('/auth/password-reset', { email }, { reportAuthProblems: false });
      setSent(true);
    });
  };

  return (
    <Page title={t('auth.forgot.title')} lead={t('auth.forgot.lead')}>
      <div className="narrow">
        <StatusMessage>{sent ? t('auth.forgot.sent') : null}</StatusMessage>
        <ErrorSummary error={error} fieldId={(field) => (field === 'email' ? 'forgot-email' : undefined)} />
        <form className="form" noValidate onSubmit={onSubmit} aria-busy={pending}>
          <Field
            id="forgot-email"
            label={t('auth.fields.email')}
            type="email"
            autoComplete="email"
            required
            value={email}
            onChange={(event) => setEmail(event.target.value)}
            error={fieldMessage(error, 'email')}
          />
          <Button type="submit" pending={pending}>
            {t('auth.forgot.submit')}
          </Button>
        </form>
        <p>
          <Link to="/connexion">{t('auth.backToSignIn')}</Link>
        </p>
      </div>
    </Page>
  );
}

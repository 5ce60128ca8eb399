import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../app/api';
import { useForm } from '../../app/form';
import { Button } from '../../ui/button';
import { ErrorSummary, StatusMessage } from '../../ui/error-summary';
import { Field } from '../../ui/field';
import { Page } from '../../ui/page';

/** Asks for a reset link; the answer never says whether the account exists. */
export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const form = useForm({ email: '' }, { email: 'forgot-email' });
  const [sent, setSent] = useState(false);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    setSent(false);
    form.onSubmit(async () => {
      await api.post('/auth/password-reset', form.values, { reportAuthProblems: false });
      setSent(true);
    })(event);
  };

  return (
    <Page title={t('auth.forgot.title')} lead={t('auth.forgot.lead')}>
      <div className="narrow">
        <StatusMessage>{sent ? t('auth.forgot.sent') : null}</StatusMessage>
        <ErrorSummary error={form.error} fieldId={form.fieldId} />
        <form className="form" noValidate onSubmit={onSubmit} aria-busy={form.pending}>
          <Field
            label={t('auth.fields.email')}
            type="email"
            autoComplete="email"
            required
            {...form.field('email')}
          />
          <Button type="submit" pending={form.pending}>
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

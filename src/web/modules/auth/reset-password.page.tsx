import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../../app/api';
import { useForm } from '../../app/form';
import { Button } from '../../ui/button';
import { ErrorSummary } from '../../ui/error-summary';
import { Page } from '../../ui/page';
import { NewPasswordFields, onNewPassword } from './password-fields';

/** Sets a new password from the e-mailed link, then sends the person to sign in. */
export function ResetPasswordPage() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const navigate = useNavigate();
  const form = useForm({ password: '', confirmation: '' }, (field) => `reset-${field}`);
  const { error } = form;

  const onSubmit = onNewPassword(form, async () => {
    const { password } = form.values;
    await api.post(
      `/auth/password-reset/${encodeURIComponent(token)}`,
      { password },
      { reportAuthProblems: false },
    );
    navigate('/connexion', { replace: true, state: { flash: 'passwordReset' } });
  });

  return (
    <Page title={t('auth.reset.title')}>
      <div className="narrow">
        <ErrorSummary error={error} fieldId={form.fieldId} />
        <form className="form" noValidate onSubmit={onSubmit} aria-busy={form.pending}>
          <NewPasswordFields password={form.field('password')} confirmation={form.field('confirmation')} />
          <Button type="submit" pending={form.pending}>
            {t('auth.reset.submit')}
          </Button>
        </form>
        {error?.code === 'token_invalid' ? (
          <p>
            <Link to="/mot-de-passe-oublie">{t('auth.reset.again')}</Link>
          </p>
        ) : null}
      </div>
    </Page>
  );
}

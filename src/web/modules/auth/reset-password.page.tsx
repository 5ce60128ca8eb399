import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../../app/api';
import { useAction } from '../../app/hooks';
import { Button } from '../../ui/button';
import { ErrorSummary } from '../../ui/error-summary';
import { Page } from '../../ui/page';
import { confirmationProblem, NewPasswordFields } from './password-fields';

/** Sets a new password from the e-mailed link, then sends the person to sign in. */
export function ResetPasswordPage() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const navigate = useNavigate();
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const { run, pending, error, setError } = useAction();

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const mismatch = confirmationProblem(password, confirmation);
    if (mismatch) {
      setError(mismatch);
      return;
    }
    void run(async () => {
      await api.post(
        `/auth/password-reset/${encodeURIComponent(token)}`,
        { password },
        { reportAuthProblems: false },
      );
      navigate('/connexion', { replace: true, state: { flash: 'passwordReset' } });
    });
  };

  return (
    <Page title={t('auth.reset.title')}>
      <div className="narrow">
        <ErrorSummary error={error} fieldId={(field) => `reset-${field}`} />
        <form className="form" noValidate onSubmit={onSubmit} aria-busy={pending}>
          <NewPasswordFields
            idPrefix="reset"
            field="password"
            password={password}
            confirmation={confirmation}
            onPassword={setPassword}
            onConfirmation={setConfirmation}
            error={error}
          />
          <Button type="submit" pending={pending}>
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

import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { Invitation, SignedIn } from '../../../shared/contracts/auth';
import { api, setCsrfToken } from '../../app/api';
import { fullName } from '../../app/format';
import { useAction, useApiData } from '../../app/hooks';
import { useSession } from '../../app/session';
import { Button } from '../../ui/button';
import { ErrorSummary } from '../../ui/error-summary';
import { LoadingPage, Page } from '../../ui/page';
import { confirmationProblem, NewPasswordFields } from './password-fields';

const fieldId = (field: string) => `invitation-${field}`;

/** Accepting an invitation: choose a password, then enrol the second factor. */
export function InvitationPage() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const navigate = useNavigate();
  const { enterEnrolment } = useSession();
  const invitation = useApiData<Invitation>(`/auth/invitations/${encodeURIComponent(token)}`);
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const { run, pending, error, setError } = useAction();

  if (invitation.loading) return <LoadingPage />;
  if (!invitation.data) {
    return (
      <Page title={t('auth.invitation.invalidTitle')}>
        <div className="error-summary" role="alert">
          <p>{invitation.error?.message ?? t('errors.unexpected')}</p>
        </div>
        <p>
          <Link to="/connexion">{t('auth.backToSignIn')}</Link>
        </p>
      </Page>
    );
  }

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const mismatch = confirmationProblem(password, confirmation);
    if (mismatch) {
      setError(mismatch);
      return;
    }
    void run(async () => {
      const result = await api.post<SignedIn>(`/auth/invitations/${encodeURIComponent(token)}/accept`, {
        password,
      });
      setCsrfToken(result.csrfToken);
      enterEnrolment();
      navigate('/securite/totp', { replace: true });
    });
  };

  return (
    <Page title={t('auth.invitation.title')}>
      <div className="narrow">
        <p>{t('auth.invitation.welcome', { name: fullName(invitation.data) })}</p>
        <dl className="details">
          <div>
            <dt>{t('auth.fields.email')}</dt>
            <dd>{invitation.data.email}</dd>
          </div>
        </dl>
        <ErrorSummary error={error} fieldId={fieldId} />
        <form className="form" noValidate onSubmit={onSubmit} aria-busy={pending}>
          <NewPasswordFields
            idPrefix="invitation"
            field="password"
            password={password}
            confirmation={confirmation}
            onPassword={setPassword}
            onConfirmation={setConfirmation}
            error={error}
          />
          <Button type="submit" pending={pending}>
            {t('auth.invitation.submit')}
          </Button>
        </form>
      </div>
    </Page>
  );
}

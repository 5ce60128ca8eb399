import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { Invitation, SignedIn } from '../../../shared/contracts/auth';
import { api, setCsrfToken } from '../../app/api';
import { useForm } from '../../app/form';
import { fullName } from '../../app/format';
import { useApiData } from '../../app/hooks';
import { useSession } from '../../app/session';
import { Button } from '../../ui/button';
import { Detail } from '../../ui/details';
import { ErrorSummary } from '../../ui/error-summary';
import { LoadingPage, Page } from '../../ui/page';
import { NewPasswordFields, onNewPassword } from './password-fields';

/** Accepting an invitation: choose a password, then enrol the second factor. */
export function InvitationPage() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const navigate = useNavigate();
  const { enterEnrolment } = useSession();
  const invitation = useApiData<Invitation>(`/auth/invitations/${encodeURIComponent(token)}`);
  const form = useForm({ password: '', confirmation: '' }, (field) => `invitation-${field}`);
  const { error } = form;

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

  const onSubmit = onNewPassword(form, async () => {
    const { password } = form.values;
    const result = await api.post<SignedIn>(`/auth/invitations/${encodeURIComponent(token)}/accept`, {
      password,
    });
    setCsrfToken(result.csrfToken);
    enterEnrolment();
    navigate('/securite/totp', { replace: true });
  });

  return (
    <Page title={t('auth.invitation.title')}>
      <div className="narrow">
        <p>{t('auth.invitation.welcome', { name: fullName(invitation.data) })}</p>
        <dl className="details">
          <Detail term={t('auth.fields.email')}>{invitation.data.email}</Detail>
        </dl>
        <ErrorSummary error={error} fieldId={form.fieldId} />
        <form className="form" noValidate onSubmit={onSubmit} aria-busy={form.pending}>
          <NewPasswordFields password={form.field('password')} confirmation={form.field('confirmation')} />
          <Button type="submit" pending={form.pending}>
            {t('auth.invitation.submit')}
          </Button>
        </form>
      </div>
    </Page>
  );
}

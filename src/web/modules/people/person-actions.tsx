import { useTranslation } from 'react-i18next';
import type { PersonDetail } from '../../../shared/contracts/accounts';
import { api } from '../../app/api';
import { fullName } from '../../app/format';
import { useAction } from '../../app/hooks';
import { Button } from '../../ui/button';
import { ConfirmButton } from '../../ui/confirm-button';
import { ErrorSummary } from '../../ui/error-summary';

export type PersonActionDone = 'disabled' | 'enabled' | 'mfaReset' | 'invitationResent';

interface PersonActionsProps {
  person: PersonDetail;
  onDone: (done: PersonActionDone) => void;
}

/** Account actions, each shown only when the server says the viewer may; destructive ones ask first. */
export function PersonActions({ person, onDone }: PersonActionsProps) {
  const { t } = useTranslation();
  const { run, pending, error } = useAction();
  const name = fullName(person);
  const base = `/people/${encodeURIComponent(person.id)}`;
  const act = (path: string, done: PersonActionDone) => {
    void run(async () => {
      await api.post(`${base}/${path}`, {});
      onDone(done);
    });
  };

  const { permissions } = person;
  return (
    <>
      <ErrorSummary error={error} />
      <div className="button-row">
        {permissions.disable && person.status !== 'disabled' ? (
          <ConfirmButton
            label={t('people.actions.disable')}
            title={t('people.actions.disableTitle', { name })}
            message={t('people.actions.disableMessage')}
            confirmLabel={t('people.actions.disableConfirm')}
            pending={pending}
            onConfirm={() => act('disable', 'disabled')}
          />
        ) : null}
        {permissions.enable && person.status === 'disabled' ? (
          <Button variant="secondary" pending={pending} onClick={() => act('enable', 'enabled')}>
            {t('people.actions.enable')}
          </Button>
        ) : null}
        {permissions.resetMfa ? (
          <ConfirmButton
            label={t('people.actions.resetMfa')}
            title={t('people.actions.resetMfaTitle', { name })}
            message={t('people.actions.resetMfaMessage')}
            confirmLabel={t('people.actions.resetMfaConfirm')}
            pending={pending}
            onConfirm={() => act('reset-mfa', 'mfaReset')}
          />
        ) : null}
        {permissions.resendInvitation && person.status === 'invited' ? (
          <Button
            variant="secondary"
            pending={pending}
            onClick={() => act('resend-invitation', 'invitationResent')}
          >
            {t('people.actions.resendInvitation')}
          </Button>
        ) : null}
      </div>
    </>
  );
}

export function hasPersonActions(person: PersonDetail): boolean {
  const { permissions } = person;
  return (
    (permissions.disable && person.status !== 'disabled') ||
    (permissions.enable && person.status === 'disabled') ||
    permissions.resetMfa ||
    (permissions.resendInvitation && person.status === 'invited')
  );
}

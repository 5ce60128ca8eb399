import { useTranslation } from 'react-i18next';
import type { PersonDetail } from '../../../shared/contracts/accounts';
import { api } from '../../app/api';
import { formatDate, labelOf } from '../../app/format';
import { useAction } from '../../app/hooks';
import { currentLocale } from '../../app/i18n';
import { useSession } from '../../app/session';
import { Button } from '../../ui/button';
import { ErrorSummary } from '../../ui/error-summary';

/**
 * Roles proposed for a person and waiting for their organisation's consent; whoever proposed one (or
 * the table's coordination, the administration) may withdraw it.
 */
export function PendingRoles({ person, onDone }: { person: PersonDetail; onDone: () => void }) {
  const { t } = useTranslation();
  const { state } = useSession();
  const { run, pending, error } = useAction();
  const locale = currentLocale();
  const me = state.status === 'signed_in' ? state.session : null;
  const mayCancel = (proposerId: string | undefined) =>
    Boolean(
      me &&
        (proposerId === me.person.id || me.roles.includes('admin') || me.roles.includes('table_coordinator')),
    );
  return (
    <>
      <ErrorSummary error={error} />
      <ul className="plain-list">
        {person.pendingRoles.map((p) => (
          <li key={p.id}>
            {labelOf(t, 'roles', p.role)} —{' '}
            {t('access.person.proposedBy', {
              person: p.proposedBy?.name ?? '—',
              at: formatDate(p.proposedAt, locale),
            })}{' '}
            {mayCancel(p.proposedBy?.id) ? (
              <Button
                variant="secondary"
                pending={pending}
                onClick={() =>
                  void run(async () => {
                    await api.post(`/role-requests/${encodeURIComponent(p.id)}/cancel`, {});
                    onDone();
                  })
                }
              >
                {t('access.person.cancel')}
              </Button>
            ) : null}
          </li>
        ))}
      </ul>
    </>
  );
}

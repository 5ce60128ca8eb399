import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountSession, AccountSessionList } from '../../../shared/contracts/auth';
import { api } from '../../app/api';
import { formatDateTime } from '../../app/format';
import { useAction, useApiData } from '../../app/hooks';
import { currentLocale } from '../../app/i18n';
import { useSession } from '../../app/session';
import { Button } from '../../ui/button';
import { ErrorSummary, StatusMessage } from '../../ui/error-summary';
import { Loading } from '../../ui/page';
import { Table, TableHead } from '../../ui/table';

/** The person's open sessions, each of which they may end (ending this one signs out). */
export function SessionsList() {
  const { t } = useTranslation();
  const { forgetSession } = useSession();
  const sessions = useApiData<AccountSessionList>('/account/sessions');
  const { run, pending, error } = useAction();
  const [ended, setEnded] = useState(false);
  const locale = currentLocale();

  const end = (session: AccountSession) => {
    setEnded(false);
    void run(async () => {
      await api.delete(`/account/sessions/${encodeURIComponent(session.id)}`);
      if (session.current) {
        // The guard then sends the person to sign-in, which says why.
        forgetSession('sessionEnded');
        return;
      }
      setEnded(true);
      sessions.reload();
    });
  };

  if (sessions.loading && !sessions.data) return <Loading />;
  if (!sessions.data) return <ErrorSummary error={sessions.error} />;

  return (
    <>
      <StatusMessage>{ended ? t('account.sessions.ended') : null}</StatusMessage>
      <ErrorSummary error={error} />
      <Table caption={t('account.sessions.caption')} captionHidden>
        <TableHead
          columns={[
            t('account.sessions.device'),
            t('account.sessions.createdAt'),
            t('account.sessions.lastSeenAt'),
            t('account.sessions.expiresAt'),
            { label: t('common.actions'), hidden: true },
          ]}
        />
        <tbody>
          {sessions.data.items.map((session) => {
            const opened = formatDateTime(session.createdAt, locale);
            return (
              <tr key={session.id}>
                <th scope="row">
                  {session.userAgent || t('account.sessions.unknownDevice')}
                  {session.current ? (
                    <span className="tag tag-info">{t('account.sessions.current')}</span>
                  ) : null}
                </th>
                <td>{opened}</td>
                <td>{formatDateTime(session.lastSeenAt, locale)}</td>
                <td>{formatDateTime(session.expiresAt, locale)}</td>
                <td>
                  <Button variant="secondary" pending={pending} onClick={() => end(session)}>
                    {t('account.sessions.end')}
                    <span className="visually-hidden">
                      {' '}
                      {session.current
                        ? t('account.sessions.endCurrentSuffix')
                        : t('account.sessions.endSuffix', { date: opened })}
                    </span>
                  </Button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </Table>
    </>
  );
}

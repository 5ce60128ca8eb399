import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { AlertList } from '../../../shared/contracts/alerts';
import { withQuery } from '../../app/api';
import { formatDateTime } from '../../app/format';
import { useApiData } from '../../app/hooks';
import { currentLocale } from '../../app/i18n';
import { useSession } from '../../app/session';
import { StatusMessage } from '../../ui/error-summary';
import { SelectField } from '../../ui/field';
import { Loaded } from '../../ui/loaded';
import { Page } from '../../ui/page';
import { DataTable } from '../../ui/table';
import { subscribeToAlerts } from './types';

/** The alerts a person may see; new ones appear live (server-sent events), without reloading. */
export function AlertsPage() {
  const { t } = useTranslation();
  const session = useSession();
  const [status, setStatus] = useState('open');
  const [live, setLive] = useState<string | null>(null);
  const alerts = useApiData<AlertList>(withQuery('/alerts', { status }));
  const { reload } = alerts;

  useEffect(
    () =>
      subscribeToAlerts(() => {
        reload();
        setLive(t('alerts.list.liveUpdate'));
      }),
    [reload, t],
  );

  const locale = currentLocale();
  return (
    <Page title={t('alerts.list.title')} lead={t('alerts.list.lead')}>
      <ul className="button-row inline-list">
        {session.can('alerts.profiles') ? (
          <>
            <li>
              <Link className="button button-primary" to="/alertes/nouvelle">
                {t('alerts.list.raise')}
              </Link>
            </li>
            <li>
              <Link className="button button-secondary" to="/alertes/fiches">
                {t('alerts.list.profiles')}
              </Link>
            </li>
          </>
        ) : null}
        {session.can('alerts.register') ? (
          <li>
            <Link className="button button-secondary" to="/alertes/registre">
              {t('alerts.list.register')}
            </Link>
          </li>
        ) : null}
        {session.can('alerts.figures') ? (
          <li>
            <Link className="button button-secondary" to="/alertes/chiffres">
              {t('alerts.list.figures')}
            </Link>
          </li>
        ) : null}
      </ul>
      <StatusMessage>{live}</StatusMessage>
      <SelectField
        id="alerts-status"
        label={t('alerts.fields.status')}
        value={status}
        onChange={(e) => setStatus(e.target.value)}
      >
        <option value="open">{t('alerts.statuses.open')}</option>
        <option value="closed">{t('alerts.statuses.closed')}</option>
      </SelectField>
      <Loaded data={alerts}>
        {(data) => (
          <DataTable
            caption={t('alerts.list.caption', { count: data.items.length })}
            columns={[
              t('alerts.fields.raisedAt'),
              t('alerts.fields.kind'),
              t('alerts.fields.owner'),
              t('alerts.fields.lastSeenAt'),
              t('alerts.fields.policeAck'),
            ]}
            rows={data.items}
            empty={t('alerts.list.empty')}
          >
            {(a) => (
              <tr key={a.id}>
                <td>
                  <Link to={`/alertes/${a.id}`}>{formatDateTime(a.raisedAt, locale)}</Link>
                </td>
                <td>{t(`alerts.kinds.${a.kind}`)}</td>
                <td>{a.ownerOrganisationName}</td>
                <td>{formatDateTime(a.lastSeenAt, locale)}</td>
                <td>
                  {a.acknowledged ? t('alerts.list.acknowledged') : t('alerts.list.waiting')}
                  {a.escalated ? (
                    <>
                      {' '}
                      <span className="tag">{t('alerts.list.escalated')}</span>
                    </>
                  ) : null}
                </td>
              </tr>
            )}
          </DataTable>
        )}
      </Loaded>
    </Page>
  );
}

import { useTranslation } from 'react-i18next';
import { Link, useLocation, useSearchParams } from 'react-router';
import { withQuery } from '../../app/api';
import { formatDate } from '../../app/format';
import { useApiData } from '../../app/hooks';
import { currentLocale } from '../../app/i18n';
import { ErrorSummary, StatusMessage } from '../../ui/error-summary';
import { SelectField } from '../../ui/field';
import { Loading, Page } from '../../ui/page';
import { Table } from '../../ui/table';
import type { ProfileSummary } from './types';

/** `?statut=archivees` shows the archived profiles; the default list holds the active ones. */
const ARCHIVED = 'archivees';

/**
 * The youth centre's profiles: who is at risk, which unit, whether the review is due; a filter shows
 * the archived ones, with the date the retention job will destroy each.
 */
export function ProfilesPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const location = useLocation();
  const archived = params.get('statut') === ARCHIVED;
  const profiles = useApiData<{ items: ProfileSummary[] }>(
    withQuery('/alerts/profiles', { status: archived ? 'archived' : null }),
  );
  const locale = currentLocale();
  // The profile page sends people here after destroying a profile.
  const destroyed = (location.state as { flash?: unknown } | null)?.flash === 'destroyed';
  return (
    <Page title={t('alerts.profiles.title')} lead={t('alerts.profiles.lead')}>
      <StatusMessage>{destroyed ? t('alerts.archive.destroyed') : null}</StatusMessage>
      <p>
        <Link className="button button-primary" to="/alertes/fiches/nouvelle">
          {t('alerts.profiles.new')}
        </Link>
      </p>
      <SelectField
        id="profiles-status"
        label={t('alerts.profiles.show')}
        value={archived ? 'archived' : 'active'}
        onChange={(e) => setParams(e.target.value === 'archived' ? { statut: ARCHIVED } : {})}
      >
        <option value="active">{t('alerts.profiles.active')}</option>
        <option value="archived">{t('alerts.profiles.archived')}</option>
      </SelectField>
      <ErrorSummary error={profiles.error} />
      {profiles.loading && !profiles.data ? <Loading /> : null}
      {profiles.data ? (
        profiles.data.items.length === 0 ? (
          <p>{archived ? t('alerts.profiles.emptyArchived') : t('alerts.profiles.empty')}</p>
        ) : archived ? (
          <Table caption={t('alerts.profiles.captionArchived', { count: profiles.data.items.length })}>
            <thead>
              <tr>
                <th scope="col">{t('alerts.fields.name')}</th>
                <th scope="col">{t('alerts.fields.unit')}</th>
                <th scope="col">{t('alerts.fields.archivedAt')}</th>
                <th scope="col">{t('alerts.fields.archiveReason')}</th>
                <th scope="col">{t('alerts.fields.destroyAfter')}</th>
              </tr>
            </thead>
            <tbody>
              {profiles.data.items.map((p) => (
                <tr key={p.id}>
                  <td>
                    <Link to={`/alertes/fiches/${p.id}`}>{p.displayName}</Link>
                  </td>
                  <td>{p.unit}</td>
                  <td>{p.archivedAt ? formatDate(p.archivedAt, locale) : '—'}</td>
                  <td>{p.archiveReason ? t(`alerts.archiveReasons.${p.archiveReason}`) : '—'}</td>
                  <td>{p.destroyAfter ? formatDate(p.destroyAfter, locale) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        ) : (
          <Table caption={t('alerts.profiles.caption', { count: profiles.data.items.length })}>
            <thead>
              <tr>
                <th scope="col">{t('alerts.fields.name')}</th>
                <th scope="col">{t('alerts.fields.unit')}</th>
                <th scope="col">{t('alerts.fields.episodes')}</th>
                <th scope="col">{t('alerts.fields.reviewedAt')}</th>
                <th scope="col">{t('alerts.fields.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {profiles.data.items.map((p) => (
                <tr key={p.id}>
                  <td>
                    <Link to={`/alertes/fiches/${p.id}`}>{p.displayName}</Link>
                  </td>
                  <td>{p.unit}</td>
                  <td>{p.episodeCount}</td>
                  <td>
                    {formatDate(p.reviewedAt, locale)}
                    {p.reviewDue ? (
                      <>
                        {' '}
                        <span className="tag">{t('alerts.profiles.reviewDue')}</span>
                      </>
                    ) : null}
                  </td>
                  <td>
                    {p.openAlertId ? (
                      <Link to={`/alertes/${p.openAlertId}`}>{t('alerts.profiles.openAlert')}</Link>
                    ) : (
                      <Link to={`/alertes/nouvelle?fiche=${p.id}`}>
                        {t('alerts.profiles.raiseFor', { name: p.displayName })}
                      </Link>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
        )
      ) : null}
    </Page>
  );
}

import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDate } from '../../app/format';
import { useApiData } from '../../app/hooks';
import { currentLocale } from '../../app/i18n';
import { ErrorSummary } from '../../ui/error-summary';
import { Loading, Page } from '../../ui/page';
import { Table } from '../../ui/table';
import type { ProfileSummary } from './types';

/** The youth centre's profiles: who is at risk, which unit, whether the review is due. */
export function ProfilesPage() {
  const { t } = useTranslation();
  const profiles = useApiData<{ items: ProfileSummary[] }>('/alerts/profiles');
  const locale = currentLocale();
  return (
    <Page title={t('alerts.profiles.title')} lead={t('alerts.profiles.lead')}>
      <p>
        <Link className="button button-primary" to="/alertes/fiches/nouvelle">
          {t('alerts.profiles.new')}
        </Link>
      </p>
      <ErrorSummary error={profiles.error} />
      {profiles.loading && !profiles.data ? <Loading /> : null}
      {profiles.data ? (
        profiles.data.items.length === 0 ? (
          <p>{t('alerts.profiles.empty')}</p>
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

import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { KeptServices, ServiceDetail } from '../../../shared/contracts/resources';
import { api } from '../../app/api';
import { formatDate } from '../../app/format';
import { useAction, useApiData } from '../../app/hooks';
import { currentLocale } from '../../app/i18n';
import { Button } from '../../ui/button';
import { ErrorSummary, StatusMessage } from '../../ui/error-summary';
import { Loading, Page } from '../../ui/page';
import { Table } from '../../ui/table';

/** "Our entries": what our organisation keeps, stale ones first, each confirmed in one click. */
export function KeptPage() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const kept = useApiData<KeptServices>('/resources/kept');
  const { run, pending, error } = useAction();
  const [said, setSaid] = useState<string | null>(null);
  const confirm = (id: string, version: number, name: string) => {
    setSaid(null);
    void run(async () => {
      await api.post<ServiceDetail>(`/resources/services/${id}/confirm`, { version });
      kept.reload();
      setSaid(t('resources.kept.confirmedOne', { name }));
    });
  };
  const items = kept.data?.items ?? [];
  const stale = items.filter((i) => i.stale).length;
  return (
    <Page
      title={t('resources.kept.title')}
      lead={kept.data ? t('resources.kept.lead', { days: kept.data.staleAfterDays }) : undefined}
    >
      <p className="button-row">
        <Link className="button button-secondary" to="/repertoire/services/nouveau">
          {t('resources.hub.newService')}
        </Link>
        <Link className="button button-secondary" to="/repertoire/organisations/nouvelle">
          {t('resources.hub.newOrganisation')}
        </Link>
      </p>
      <ErrorSummary error={error ?? kept.error} />
      <StatusMessage>{said}</StatusMessage>
      {kept.loading && !kept.data ? <Loading /> : null}
      {kept.data ? (
        items.length === 0 ? (
          <p>{t('resources.kept.none')}</p>
        ) : (
          <>
            <p>{t('resources.kept.staleCount', { count: stale })}</p>
            <Table caption={t('resources.kept.caption')}>
              <thead>
                <tr>
                  <th scope="col">{t('resources.kept.service')}</th>
                  <th scope="col">{t('resources.kept.confirmedAt')}</th>
                  <th scope="col">{t('resources.kept.state')}</th>
                  <th scope="col">{t('resources.kept.action')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((item) => (
                  <tr key={item.id} className={item.stale ? 'row-flagged' : undefined}>
                    <td>
                      <Link to={`/repertoire/services/${item.id}`}>{item.name}</Link>
                      <br />
                      <span className="muted">{item.organisationName}</span>
                    </td>
                    <td>{formatDate(item.confirmedAt, locale)}</td>
                    <td>
                      {item.stale ? (
                        <strong className="text-warning">{t('resources.kept.stale')}</strong>
                      ) : (
                        t(`resources.statuses.${item.status}`)
                      )}
                    </td>
                    <td>
                      {item.status !== 'defunct' ? (
                        <Button
                          variant="secondary"
                          pending={pending}
                          onClick={() => confirm(item.id, item.version, item.name)}
                        >
                          {t('resources.kept.confirm', { name: item.name })}
                        </Button>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </>
        )
      ) : null}
    </Page>
  );
}

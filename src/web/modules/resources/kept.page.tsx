import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { KeptServices, ServiceDetail } from '../../../shared/contracts/resources';
import { api } from '../../app/api';
import { formatDate } from '../../app/format';
import { useAction, useApiData } from '../../app/hooks';
import { currentLocale } from '../../app/i18n';
import { Button } from '../../ui/button';
import { StatusMessage } from '../../ui/error-summary';
import { Loaded } from '../../ui/loaded';
import { Page } from '../../ui/page';
import { DataTable } from '../../ui/table';

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
      <StatusMessage>{said}</StatusMessage>
      <Loaded data={kept} error={error ?? kept.error}>
        {({ items }) =>
          items.length === 0 ? (
            <p>{t('resources.kept.none')}</p>
          ) : (
            <>
              <p>{t('resources.kept.staleCount', { count: items.filter((i) => i.stale).length })}</p>
              <DataTable
                caption={t('resources.kept.caption')}
                columns={[
                  t('resources.kept.service'),
                  t('resources.kept.confirmedAt'),
                  t('resources.kept.state'),
                  t('resources.kept.action'),
                ]}
                rows={items}
              >
                {(item) => (
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
                )}
              </DataTable>
            </>
          )
        }
      </Loaded>
    </Page>
  );
}

import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { OrganisationList } from '../../../shared/contracts/accounts';
import { ORGANISATION_TYPES } from '../../../shared/roles';
import { withQuery } from '../../app/api';
import { useFilters } from '../../app/filters';
import { formatNumber, labelOf } from '../../app/format';
import { useApiData } from '../../app/hooks';
import { currentLocale } from '../../app/i18n';
import { useSession } from '../../app/session';
import { ErrorSummary } from '../../ui/error-summary';
import { ChoiceField, choices, Field } from '../../ui/field';
import { FilterBar } from '../../ui/filter-bar';
import { Loading, Page } from '../../ui/page';
import { DataTable } from '../../ui/table';

/** The partner organisations of the table, searchable by name and type. */
export function OrganisationsPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const { applied, field, onSubmit } = useFilters(['q', 'type']);
  const list = useApiData<OrganisationList>(withQuery('/organisations', applied));
  const locale = currentLocale();

  return (
    <Page title={t('organisations.title')}>
      {can('organisations.manage') ? (
        <p>
          <Link to="/organisations/nouvelle" className="button button-primary">
            {t('organisations.new')}
          </Link>
        </p>
      ) : null}
      <FilterBar label={t('organisations.searchLabel')} submit={t('common.filter')} onSubmit={onSubmit}>
        <Field id="organisations-q" label={t('common.search')} type="search" {...field('q')} />
        <ChoiceField
          id="organisations-type"
          label={t('organisations.fields.type')}
          {...field('type')}
          placeholder={t('organisations.allTypes')}
          options={choices(ORGANISATION_TYPES, (code) => t(`organisationTypes.${code}`))}
        />
      </FilterBar>
      {list.error ? <ErrorSummary error={list.error} /> : null}
      {list.loading && !list.data ? <Loading /> : null}
      {list.data ? (
        list.data.items.length === 0 ? (
          <p role="status">{t('organisations.none')}</p>
        ) : (
          <DataTable
            caption={t('organisations.caption', { total: list.data.items.length })}
            columns={[
              t('organisations.fields.name'),
              t('organisations.fields.shortName'),
              t('organisations.fields.type'),
              t('organisations.fields.region'),
              t('organisations.fields.status'),
              { label: t('organisations.fields.peopleCount'), className: 'numeric' },
            ]}
            rows={list.data.items}
          >
            {(organisation) => (
              <tr key={organisation.id}>
                <th scope="row">
                  <Link to={`/organisations/${encodeURIComponent(organisation.id)}`}>
                    {organisation.name}
                  </Link>
                </th>
                <td>{organisation.shortName || '—'}</td>
                <td>{labelOf(t, 'organisationTypes', organisation.type)}</td>
                <td>{organisation.region}</td>
                <td>{organisation.active ? t('organisations.active') : t('organisations.inactive')}</td>
                <td className="numeric">{formatNumber(organisation.peopleCount, locale)}</td>
              </tr>
            )}
          </DataTable>
        )
      ) : null}
    </Page>
  );
}

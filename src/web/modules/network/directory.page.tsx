import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Directory } from '../../../shared/contracts/network';
import { EXPERTISE } from '../../../shared/contracts/network.values';
import { ORGANISATION_TYPES } from '../../../shared/roles';
import { withQuery } from '../../app/api';
import { useFilters } from '../../app/filters';
import { formatDate, formatNumber, labelOf } from '../../app/format';
import { useApiData } from '../../app/hooks';
import { currentLocale } from '../../app/i18n';
import { ErrorSummary } from '../../ui/error-summary';
import { ChoiceField, choices, Field } from '../../ui/field';
import { FilterBar } from '../../ui/filter-bar';
import { Loading, Page } from '../../ui/page';
import { DataTable } from '../../ui/table';
import { ContactLine } from './parts';

const FILTERS = ['q', 'type', 'region', 'expertise'] as const;

/** The directory of partners and pivots: accent-insensitive search, filters, how to reach a pivot now. */
export function DirectoryPage() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const { applied, field, onSubmit } = useFilters(FILTERS);
  const directory = useApiData<Directory>(withQuery('/network/directory', { ...applied, pageSize: 50 }));
  const data = directory.data;

  return (
    <Page title={t('network.directory.title')} lead={t('network.directory.lead')}>
      <p>
        <Link to="/reseau/couverture">{t('network.coverage.title')}</Link>
      </p>
      <FilterBar
        label={t('network.directory.searchLabel')}
        submit={t('network.directory.submit')}
        onSubmit={onSubmit}
      >
        <Field id="network-q" label={t('network.directory.search')} type="search" {...field('q')} />
        <ChoiceField
          id="network-type"
          label={t('network.fields.type')}
          {...field('type')}
          placeholder={t('network.directory.allTypes')}
          options={choices(ORGANISATION_TYPES, (type) => labelOf(t, 'organisationTypes', type))}
        />
        <ChoiceField
          id="network-region"
          label={t('network.fields.region')}
          {...field('region')}
          placeholder={t('network.directory.allRegions')}
          options={choices(data?.regions ?? [], (region) => region)}
        />
        <ChoiceField
          id="network-expertise"
          label={t('network.fields.expertise')}
          {...field('expertise')}
          placeholder={t('network.directory.allExpertise')}
          options={choices(EXPERTISE, (tag) => t(`network.expertise.${tag}`))}
        />
      </FilterBar>
      {directory.error ? <ErrorSummary error={directory.error} /> : null}
      {directory.loading && !data ? <Loading /> : null}
      {data ? (
        <>
          <section className="section" aria-labelledby="network-pivots-heading">
            <h2 id="network-pivots-heading">{t('network.directory.pivots')}</h2>
            <p role="status">
              {t('network.directory.pivotsTotal', { total: formatNumber(data.pivots.total, locale) })}
            </p>
            {data.pivots.items.length > 0 ? (
              <DataTable
                caption={t('network.directory.pivotsCaption')}
                captionHidden
                columns={[
                  t('network.fields.name'),
                  t('network.fields.organisation'),
                  t('network.fields.expertise'),
                  t('network.fields.languages'),
                  t('network.directory.reach'),
                ]}
                rows={data.pivots.items}
              >
                {(pivot) => (
                  <tr key={pivot.mandateId}>
                    <th scope="row">{pivot.person.name}</th>
                    <td>
                      <Link to={`/reseau/organisations/${encodeURIComponent(pivot.organisation.id)}`}>
                        {pivot.organisation.name}
                      </Link>
                    </td>
                    <td>{pivot.expertise.map((tag) => t(`network.expertise.${tag}`)).join(', ') || '—'}</td>
                    <td>{pivot.languages.join(', ').toUpperCase() || '—'}</td>
                    <td>
                      {pivot.absentUntil ? (
                        <p className="tag network-tag-warning">
                          {t('network.pivots.absentUntil', { date: formatDate(pivot.absentUntil, locale) })}
                        </p>
                      ) : (
                        <p className="tag tag-info">{t('network.pivots.availableToday')}</p>
                      )}
                      {pivot.person.email ? (
                        <ContactLine email={pivot.person.email} phone={pivot.person.phone ?? null} />
                      ) : null}
                      {pivot.organisationContacts.slice(0, 1).map((contact) => (
                        <p key={contact.id}>
                          {t('network.directory.orgContact', {
                            name: contact.name,
                            role: contact.role || '—',
                          })}
                          {contact.email !== undefined ? (
                            <ContactLine email={contact.email ?? null} phone={contact.phone ?? null} />
                          ) : null}
                        </p>
                      ))}
                    </td>
                  </tr>
                )}
              </DataTable>
            ) : null}
          </section>
          <section className="section" aria-labelledby="network-organisations-heading">
            <h2 id="network-organisations-heading">{t('network.directory.organisations')}</h2>
            <p role="status">
              {t('network.directory.organisationsTotal', {
                total: formatNumber(data.organisations.total, locale),
              })}
            </p>
            {data.organisations.items.length > 0 ? (
              <DataTable
                caption={t('network.directory.organisationsCaption')}
                captionHidden
                columns={[
                  t('network.fields.organisation'),
                  t('network.fields.type'),
                  t('network.fields.region'),
                  { label: t('network.coverage.activePivots'), className: 'numeric' },
                ]}
                rows={data.organisations.items}
              >
                {(organisation) => (
                  <tr key={organisation.id}>
                    <th scope="row">
                      <Link to={`/reseau/organisations/${encodeURIComponent(organisation.id)}`}>
                        {organisation.name}
                      </Link>
                    </th>
                    <td>{labelOf(t, 'organisationTypes', organisation.type)}</td>
                    <td>{organisation.region}</td>
                    <td className="numeric">{formatNumber(organisation.activePivots, locale)}</td>
                  </tr>
                )}
              </DataTable>
            ) : null}
          </section>
        </>
      ) : null}
    </Page>
  );
}

import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { OrganisationList, PeoplePage as PeopleResults } from '../../../shared/contracts/accounts';
import { PERSON_STATUSES, ROLES } from '../../../shared/roles';
import { withQuery } from '../../app/api';
import { useFilters } from '../../app/filters';
import { formatNumber, fullName, labelOf } from '../../app/format';
import { useApiData } from '../../app/hooks';
import { currentLocale } from '../../app/i18n';
import { useSession } from '../../app/session';
import { ErrorSummary } from '../../ui/error-summary';
import { ChoiceField, choices, Field } from '../../ui/field';
import { FilterBar } from '../../ui/filter-bar';
import { Loading, Page } from '../../ui/page';
import { Pagination } from '../../ui/pagination';
import { Table } from '../../ui/table';

const PAGE_SIZE = 20;
const FILTERS = ['q', 'organisationId', 'role', 'status'] as const;

/** The people of the network: search by name, filter by organisation, role and status. */
export function PeoplePage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const { applied, params, field, onSubmit } = useFilters(FILTERS);
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
  const organisations = useApiData<OrganisationList>('/organisations');
  const people = useApiData<PeopleResults>(withQuery('/people', { ...applied, page, pageSize: PAGE_SIZE }));
  const locale = currentLocale();

  const items = people.data?.items ?? [];
  const showContact = items.some((person) => person.email !== undefined || person.phone !== undefined);

  return (
    <Page title={t('people.title')}>
      {can('people.invite') ? (
        <p>
          <Link to="/personnes/inviter" className="button button-primary">
            {t('people.invite')}
          </Link>
        </p>
      ) : null}
      <FilterBar label={t('people.searchLabel')} submit={t('common.filter')} onSubmit={onSubmit}>
        <Field id="people-q" label={t('people.searchByName')} type="search" {...field('q')} />
        <ChoiceField
          id="people-organisation"
          label={t('people.fields.organisation')}
          {...field('organisationId')}
          placeholder={t('people.allOrganisations')}
          options={(organisations.data?.items ?? []).map((organisation) => ({
            value: organisation.id,
            label: organisation.name,
          }))}
        />
        <ChoiceField
          id="people-role"
          label={t('people.fields.role')}
          {...field('role')}
          placeholder={t('people.allRoles')}
          options={choices(ROLES, (role) => t(`roles.${role}`))}
        />
        <ChoiceField
          id="people-status"
          label={t('people.fields.status')}
          {...field('status')}
          placeholder={t('people.allStatuses')}
          options={choices(PERSON_STATUSES, (status) => t(`statuses.${status}`))}
        />
      </FilterBar>
      {people.error ? <ErrorSummary error={people.error} /> : null}
      {people.loading && !people.data ? <Loading /> : null}
      {people.data ? (
        items.length === 0 ? (
          <p role="status">{t('people.none')}</p>
        ) : (
          <>
            <p role="status">{t('people.total', { total: formatNumber(people.data.total, locale) })}</p>
            <Table caption={t('people.caption')} captionHidden>
              <thead>
                <tr>
                  <th scope="col">{t('people.fields.name')}</th>
                  <th scope="col">{t('people.fields.jobTitle')}</th>
                  <th scope="col">{t('people.fields.organisation')}</th>
                  <th scope="col">{t('people.fields.roles')}</th>
                  <th scope="col">{t('people.fields.status')}</th>
                  {showContact ? <th scope="col">{t('people.fields.contact')}</th> : null}
                </tr>
              </thead>
              <tbody>
                {items.map((person) => (
                  <tr key={person.id}>
                    <th scope="row">
                      <Link to={`/personnes/${encodeURIComponent(person.id)}`}>{fullName(person)}</Link>
                    </th>
                    <td>{person.jobTitle || '—'}</td>
                    <td>{person.organisation.name}</td>
                    <td>{person.roles.map((role) => labelOf(t, 'roles', role)).join(', ') || '—'}</td>
                    <td>{labelOf(t, 'statuses', person.status)}</td>
                    {showContact ? (
                      <td>
                        {person.email ? <a href={`mailto:${person.email}`}>{person.email}</a> : null}
                        {person.email && person.phone ? <br /> : null}
                        {person.phone ? <a href={`tel:${person.phone}`}>{person.phone}</a> : null}
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </Table>
            <Pagination page={people.data.page} pageSize={people.data.pageSize} total={people.data.total} />
          </>
        )
      ) : null}
    </Page>
  );
}

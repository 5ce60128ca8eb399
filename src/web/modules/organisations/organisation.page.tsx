import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import type { Organisation, PeoplePage } from '../../../shared/contracts/accounts';
import { api, withQuery } from '../../app/api';
import { formatNumber, fullName, labelOf } from '../../app/format';
import { useAction, useApiData } from '../../app/hooks';
import { currentLocale } from '../../app/i18n';
import { useSession } from '../../app/session';
import { Detail } from '../../ui/details';
import { StatusMessage } from '../../ui/error-summary';
import { Loading, LoadingPage, Page } from '../../ui/page';
import { DataTable } from '../../ui/table';
import { LoadErrorPage } from '../errors/load-error';
import { OrganisationForm, organisationBody, valuesOf } from './organisation-form';

function OrganisationPeople({ organisationId }: { organisationId: string }) {
  const { t } = useTranslation();
  const people = useApiData<PeoplePage>(withQuery('/people', { organisationId, pageSize: 100 }));
  if (people.loading && !people.data) return <Loading />;
  if (!people.data) return people.error ? <p>{people.error.message}</p> : null;
  if (people.data.items.length === 0) return <p>{t('organisations.noPeople')}</p>;
  return (
    <DataTable
      caption={t('organisations.peopleCaption')}
      captionHidden
      columns={[
        t('people.fields.name'),
        t('people.fields.jobTitle'),
        t('people.fields.roles'),
        t('people.fields.status'),
      ]}
      rows={people.data.items}
    >
      {(person) => (
        <tr key={person.id}>
          <th scope="row">
            <Link to={`/personnes/${encodeURIComponent(person.id)}`}>{fullName(person)}</Link>
          </th>
          <td>{person.jobTitle || '—'}</td>
          <td>{person.roles.map((role) => labelOf(t, 'roles', role)).join(', ') || '—'}</td>
          <td>{labelOf(t, 'statuses', person.status)}</td>
        </tr>
      )}
    </DataTable>
  );
}

/** One partner organisation: its details, its people, and (for managers) its edit form. */
export function OrganisationPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const location = useLocation();
  const { can, state } = useSession();
  const organisation = useApiData<Organisation>(`/organisations/${encodeURIComponent(id)}`);
  const { run, pending, error } = useAction();
  const [saved, setSaved] = useState(false);
  const created = (location.state as { flash?: unknown } | null)?.flash === 'created';
  const locale = currentLocale();

  if (organisation.loading && !organisation.data) return <LoadingPage />;
  if (!organisation.data)
    return organisation.error ? <LoadErrorPage error={organisation.error} /> : <LoadingPage />;
  const data = organisation.data;

  return (
    <Page title={data.name}>
      <p>
        <Link to="/organisations">{t('organisations.back')}</Link>
      </p>
      <StatusMessage>
        {saved ? t('organisations.saved') : created ? t('organisations.created') : null}
      </StatusMessage>
      <section className="section">
        <h2>{t('organisations.details')}</h2>
        <dl className="details">
          <Detail term={t('organisations.fields.shortName')}>{data.shortName || '—'}</Detail>
          <Detail term={t('organisations.fields.type')}>{labelOf(t, 'organisationTypes', data.type)}</Detail>
          <Detail term={t('organisations.fields.region')}>{data.region}</Detail>
          <Detail term={t('organisations.fields.status')}>
            {data.active ? t('organisations.active') : t('organisations.inactive')}
          </Detail>
          <Detail term={t('organisations.fields.peopleCount')}>
            {formatNumber(data.peopleCount, locale)}
          </Detail>
        </dl>
      </section>
      {can('access.review') &&
      state.status === 'signed_in' &&
      !state.session.emergency &&
      state.session.person.organisation.id === data.id ? (
        <p>
          <Link
            className="button button-secondary"
            to={`/organisations/${encodeURIComponent(data.id)}/acces`}
          >
            {t('access.review.open')}
          </Link>
        </p>
      ) : null}
      <section className="section">
        <h2>{t('organisations.people')}</h2>
        <OrganisationPeople organisationId={data.id} />
      </section>
      {can('organisations.manage') ? (
        <section className="section">
          <h2>{t('organisations.edit')}</h2>
          <div className="narrow">
            <OrganisationForm
              key={data.id}
              idPrefix="organisation-edit"
              initial={valuesOf(data)}
              withActive
              submitLabel={t('common.save')}
              pending={pending}
              error={error}
              onSubmit={(values) => {
                setSaved(false);
                void run(async () => {
                  const updated = await api.patch<Organisation>(
                    `/organisations/${encodeURIComponent(data.id)}`,
                    organisationBody(values, true),
                  );
                  if (updated && typeof updated === 'object' && 'id' in updated)
                    organisation.setData(updated);
                  else organisation.reload();
                  setSaved(true);
                });
              }}
            />
          </div>
        </section>
      ) : null}
    </Page>
  );
}

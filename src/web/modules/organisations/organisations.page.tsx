import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { OrganisationList } from '../../../shared/contracts/accounts';
import { ORGANISATION_TYPES } from '../../../shared/roles';
import { withQuery } from '../../app/api';
import { formatNumber, labelOf } from '../../app/format';
import { useApiData } from '../../app/hooks';
import { currentLocale } from '../../app/i18n';
import { useSession } from '../../app/session';
import { Button } from '../../ui/button';
import { ErrorSummary } from '../../ui/error-summary';
import { ChoiceField, choices, Field } from '../../ui/field';
import { Loading, Page } from '../../ui/page';
import { DataTable } from '../../ui/table';

/** The partner organisations of the table, searchable by name and type. */
export function OrganisationsPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const type = params.get('type') ?? '';
  const [draftQ, setDraftQ] = useState(q);
  const [draftType, setDraftType] = useState(type);
  const list = useApiData<OrganisationList>(withQuery('/organisations', { q, type }));
  const locale = currentLocale();

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const next = new URLSearchParams();
    if (draftQ.trim()) next.set('q', draftQ.trim());
    if (draftType) next.set('type', draftType);
    setParams(next);
  };

  return (
    <Page title={t('organisations.title')}>
      {can('organisations.manage') ? (
        <p>
          <Link to="/organisations/nouvelle" className="button button-primary">
            {t('organisations.new')}
          </Link>
        </p>
      ) : null}
      <search aria-label={t('organisations.searchLabel')}>
        <form className="filters" onSubmit={onSubmit}>
          <Field
            id="organisations-q"
            label={t('common.search')}
            type="search"
            value={draftQ}
            onChange={(event) => setDraftQ(event.target.value)}
          />
          <ChoiceField
            id="organisations-type"
            label={t('organisations.fields.type')}
            value={draftType}
            onChange={(event) => setDraftType(event.target.value)}
            placeholder={t('organisations.allTypes')}
            options={choices(ORGANISATION_TYPES, (code) => t(`organisationTypes.${code}`))}
          />
          <Button type="submit">{t('common.filter')}</Button>
        </form>
      </search>
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

import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { Capacity, ServiceSearchResult, ServiceSummary } from '../../../shared/contracts/resources';
import {
  RESOURCE_AUDIENCES,
  RESOURCE_GENDERS,
  RESOURCE_LANGUAGES,
  RESOURCE_TAXONOMY,
} from '../../../shared/contracts/resources.values';
import type { Locale } from '../../../shared/roles';
import { formatNumber } from '../../app/format';
import { useApiData } from '../../app/hooks';
import { currentLocale } from '../../app/i18n';
import { useSession } from '../../app/session';
import { Button } from '../../ui/button';
import { Detail } from '../../ui/details';
import { Checkbox, CheckboxGroup, ChoiceField, choices, Field, Fieldset } from '../../ui/field';
import { FilterBar } from '../../ui/filter-bar';
import { Loaded } from '../../ui/loaded';
import { Page } from '../../ui/page';
import { Pagination } from '../../ui/pagination';
import { NumberField } from './parts';

const PAGE_SIZE = 20;
/** Single-valued filters kept in the address; `taxonomy` may repeat. */
const TEXT_FILTERS = ['q', 'audience', 'gender', 'age', 'language', 'region'] as const;
const FLAGS = ['openNow', 'placesAvailable', 'mine', 'stale'] as const;
type TextFilter = (typeof TEXT_FILTERS)[number];
type Flag = (typeof FLAGS)[number];

interface Draft {
  text: Record<TextFilter, string>;
  taxonomy: string[];
  flags: Record<Flag, boolean>;
}

function draftOf(params: URLSearchParams): Draft {
  return {
    text: Object.fromEntries(TEXT_FILTERS.map((key) => [key, params.get(key) ?? ''])) as Record<
      TextFilter,
      string
    >,
    taxonomy: params.getAll('taxonomy'),
    flags: Object.fromEntries(FLAGS.map((key) => [key, params.get(key) === '1'])) as Record<Flag, boolean>,
  };
}

/** The API address of the search the page's address describes. */
function apiPath(draft: Draft, organisationId: string | null, page: number): string {
  const query = new URLSearchParams();
  for (const key of TEXT_FILTERS) if (draft.text[key].trim()) query.set(key, draft.text[key].trim());
  for (const code of draft.taxonomy) query.append('taxonomy', code);
  if (draft.flags.openNow) query.set('openNow', 'true');
  if (draft.flags.placesAvailable) query.set('placesAvailable', 'true');
  if (draft.flags.stale) query.set('stale', 'true');
  if (draft.flags.mine && organisationId) query.set('keeperOrganisationId', organisationId);
  query.set('limit', String(PAGE_SIZE));
  if (page > 1) query.set('offset', String((page - 1) * PAGE_SIZE));
  return `/resources/services?${query.toString()}`;
}

/** "il y a 3 h" / "3 hr. ago". */
function ago(iso: string, locale: Locale): string {
  const minutes = Math.round((Date.now() - new Date(iso).getTime()) / 60_000);
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' });
  if (Math.abs(minutes) < 60) return format.format(-minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (Math.abs(hours) < 48) return format.format(-hours, 'hour');
  return format.format(-Math.round(hours / 24), 'day');
}

function CapacityLine({ capacity }: { capacity: Capacity }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  if (capacity.available === null || capacity.maximum === null) {
    return <p>{t('resources-search.capacityUnknown')}</p>;
  }
  return (
    <p className="tag">
      {t('resources-search.capacity', {
        count: capacity.available,
        available: formatNumber(capacity.available, locale),
        maximum: formatNumber(capacity.maximum, locale),
      })}
      {capacity.updatedAt
        ? ` · ${t('resources-search.capacityUpdated', { when: ago(capacity.updatedAt, locale) })}`
        : ''}
    </p>
  );
}

function ages(
  t: (key: string, options?: Record<string, unknown>) => string,
  service: ServiceSummary,
): string {
  const { minAge: min, maxAge: max } = service;
  if (min !== null && max !== null) return t('resources-search.agesRange', { min, max });
  if (min !== null) return t('resources-search.agesFrom', { min });
  if (max !== null) return t('resources-search.agesTo', { max });
  return t('resources-search.agesAll');
}

function ServiceCard({ service, forSubject }: { service: ServiceSummary; forSubject: string | null }) {
  const { t } = useTranslation();
  const headingId = `service-${service.id}`;
  const language = (code: string) => {
    const key = `resources-search.languageLabels.${code}`;
    const label = t(key);
    return label === key ? code : label;
  };
  return (
    <li className={service.stale ? 'card card-flagged' : 'card'} aria-labelledby={headingId}>
      <h3 id={headingId} className="card-title">
        <Link
          to={`/repertoire/services/${encodeURIComponent(service.id)}${forSubject ? `?pour=${encodeURIComponent(forSubject)}` : ''}`}
        >
          {service.name}
        </Link>
      </h3>
      <p>{t('resources-search.organisation', { name: service.organisationName })}</p>
      <p>
        {service.taxonomy.map((code) => (
          <span key={code} className="tag">
            {t(`resources-search.taxonomyLabels.${code}`)}
          </span>
        ))}
        {service.openNow === true ? <span className="tag">{t('resources-search.openNowBadge')}</span> : null}
        {service.openNow === false ? (
          <span className="tag">{t('resources-search.closedNowBadge')}</span>
        ) : null}
        {service.status !== 'active' ? (
          <span className="tag">{t(`resources-search.statuses.${service.status}`)}</span>
        ) : null}
        {service.stale ? <span className="tag">{t('resources-search.staleBadge')}</span> : null}
      </p>
      <dl>
        <Detail term={t('resources-search.ages')}>{ages(t, service)}</Detail>
        <Detail term={t('resources-search.languages')}>
          {service.languages.map(language).join(', ') || '—'}
        </Detail>
        {service.cities.length > 0 ? (
          <Detail term={t('resources-search.cities')}>{service.cities.join(', ')}</Detail>
        ) : null}
      </dl>
      {service.capacity.map((capacity) => (
        <CapacityLine key={capacity.serviceLocationId} capacity={capacity} />
      ))}
    </li>
  );
}

/**
 * The staff search of the directory: words and filters kept in the address (a search can be shared or
 * bookmarked), results as cards with capacity and staleness, linking to each service's page.
 */
export function ResourceSearchPage() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const session = useSession();
  const organisationId =
    session.state.status === 'signed_in' ? session.state.session.person.organisation.id : null;
  const [params, setParams] = useSearchParams();
  const applied = draftOf(params);
  // A search for a person followed (`pour`, from their page): kept through the searches to the referral.
  const forSubject = params.get('pour');
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const [draft, setDraft] = useState<Draft>(applied);
  const result = useApiData<ServiceSearchResult>(apiPath(applied, organisationId, page));

  /** Binds one single-valued filter input to the draft. */
  const text = (key: TextFilter) => ({
    value: draft.text[key],
    onChange: (event: { target: { value: string } }) =>
      setDraft((previous) => ({ ...previous, text: { ...previous.text, [key]: event.target.value } })),
  });
  const setFlag = (key: Flag, value: boolean) =>
    setDraft((previous) => ({ ...previous, flags: { ...previous.flags, [key]: value } }));
  /** One closed-list filter: "any" first, then each value with its label. */
  const pick = (key: 'audience' | 'gender' | 'language', values: readonly string[], any: string) => (
    <ChoiceField
      id={`resources-${key}`}
      label={t(`resources-search.${key}`)}
      placeholder={t(`resources-search.${any}`)}
      options={choices(values, (code) => t(`resources-search.${key}Labels.${code}`))}
      {...text(key)}
    />
  );
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const key of TEXT_FILTERS) if (draft.text[key].trim()) next.set(key, draft.text[key].trim());
    for (const code of draft.taxonomy) next.append('taxonomy', code);
    for (const key of FLAGS) if (draft.flags[key]) next.set(key, '1');
    if (forSubject) next.set('pour', forSubject);
    setParams(next);
  };
  const onReset = () => {
    setDraft(draftOf(new URLSearchParams()));
    setParams(new URLSearchParams(forSubject ? { pour: forSubject } : {}));
  };

  return (
    <Page title={t('resources-search.title')} lead={t('resources-search.lead')}>
      {forSubject ? <p className="notice">{t('referrals.search.forSubject')}</p> : null}
      <FilterBar
        label={t('resources-search.searchLabel')}
        submit={t('resources-search.submit')}
        onSubmit={onSubmit}
        reset={
          <Button type="button" variant="secondary" onClick={onReset}>
            {t('resources-search.reset')}
          </Button>
        }
      >
        <Field
          id="resources-q"
          label={t('resources-search.q')}
          hint={t('resources-search.qHint')}
          type="search"
          maxLength={200}
          {...text('q')}
        />
        <CheckboxGroup
          id="resources-taxonomy"
          legend={t('resources-search.taxonomy')}
          options={choices(RESOURCE_TAXONOMY, (code) => t(`resources-search.taxonomyLabels.${code}`))}
          value={draft.taxonomy}
          onChange={(taxonomy) => setDraft((previous) => ({ ...previous, taxonomy }))}
        />
        {pick('audience', RESOURCE_AUDIENCES, 'anyAudience')}
        {pick('gender', RESOURCE_GENDERS, 'anyGender')}
        <NumberField
          id="resources-age"
          label={t('resources-search.age')}
          min={0}
          max={120}
          {...text('age')}
        />
        {pick('language', RESOURCE_LANGUAGES, 'anyLanguage')}
        <Field
          id="resources-region"
          label={t('resources-search.region')}
          maxLength={200}
          {...text('region')}
        />
        <Fieldset id="resources-more" legend={t('resources-search.more')}>
          <div className="checkbox-list">
            {FLAGS.map((flag) => (
              <Checkbox
                key={flag}
                id={`resources-${flag}`}
                label={t(`resources-search.${flag}`)}
                checked={draft.flags[flag]}
                onChange={(event) => setFlag(flag, event.target.checked)}
              />
            ))}
          </div>
        </Fieldset>
      </FilterBar>
      <Loaded data={result}>
        {(data) => (
          <section aria-labelledby="resources-results-heading">
            <h2 id="resources-results-heading">{t('resources-search.results')}</h2>
            <p role="status">
              {t('resources-search.total', {
                count: data.total,
                formatted: formatNumber(data.total, locale),
              })}
            </p>
            {data.items.length === 0 ? <p>{t('resources-search.none')}</p> : null}
            <ul className="card-list">
              {data.items.map((service) => (
                <ServiceCard key={service.id} service={service} forSubject={forSubject} />
              ))}
            </ul>
            <Pagination page={page} pageSize={PAGE_SIZE} total={data.total} />
          </section>
        )}
      </Loaded>
    </Page>
  );
}

import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { OrganisationList } from '../../../shared/contracts/accounts';
import type { ObservationList } from '../../../shared/contracts/observatory';
import {
  PLACE_TYPES,
  TEXT_REVIEW_STATUSES,
  VERIFICATION_STATUSES,
} from '../../../shared/contracts/observatory.values';
import { withQuery } from '../../app/api';
import { useFilters } from '../../app/filters';
import { formatNumber } from '../../app/format';
import { useApiData } from '../../app/hooks';
import { currentLocale } from '../../app/i18n';
import { useSession } from '../../app/session';
import { Detail } from '../../ui/details';
import { ChoiceField, choices, Field } from '../../ui/field';
import { FilterBar } from '../../ui/filter-bar';
import { Loaded } from '../../ui/loaded';
import { Page } from '../../ui/page';
import { Pagination } from '../../ui/pagination';
import { OBS } from './access';
import {
  isMonth,
  labelsOf,
  periodLabel,
  TextStatusBadge,
  thisMonth,
  VerificationBadge,
  valueChoices,
  valueLabel,
} from './parts';

const PAGE_SIZE = 20;
const FILTERS = ['from', 'to', 'placeType', 'verification', 'textStatus', 'organisationId'] as const;

/**
 * Observations as cards: the organisation's own for its pivots and coordinators, every organisation's
 * for the table (which may narrow to one). Filtered by months, type of place, verification and where
 * the text's review stands; the filters live in the address.
 */
export function ObservationsPage() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const { can } = useSession();
  const table = can(OBS.review);
  const { applied, params, field, onSubmit } = useFilters(FILTERS);
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const organisations = useApiData<OrganisationList>(table ? '/organisations' : null);
  const list = useApiData<ObservationList>(
    withQuery('/observatory/observations', {
      from: isMonth(applied.from) ? applied.from : null,
      to: isMonth(applied.to) ? applied.to : null,
      placeType: applied.placeType || null,
      verification: applied.verification || null,
      textStatus: applied.textStatus || null,
      organisationId: table ? applied.organisationId || null : null,
      limit: PAGE_SIZE,
      offset: page > 1 ? (page - 1) * PAGE_SIZE : null,
    }),
  );

  return (
    <Page
      title={t('observatory.list.title')}
      lead={table ? t('observatory.list.leadTable') : t('observatory.list.lead')}
    >
      {can(OBS.record) ? (
        <p>
          <Link className="button button-primary" to="/observatoire/nouvelle">
            {t('observatory.list.record')}
          </Link>
        </p>
      ) : null}
      <details className="ref-filters" open={FILTERS.some((key) => applied[key])}>
        <summary>{t('observatory.list.filters')}</summary>
        <FilterBar
          label={t('observatory.list.filtersLabel')}
          submit={t('observatory.list.apply')}
          onSubmit={onSubmit}
        >
          <Field
            id="obs-filter-from"
            type="month"
            max={thisMonth()}
            label={t('observatory.list.from')}
            {...field('from')}
          />
          <Field
            id="obs-filter-to"
            type="month"
            max={thisMonth()}
            label={t('observatory.list.to')}
            {...field('to')}
          />
          <ChoiceField
            id="obs-filter-place"
            label={t('observatory.fields.placeType')}
            placeholder={t('observatory.list.any')}
            options={valueChoices(t, 'placeTypes', PLACE_TYPES)}
            {...field('placeType')}
          />
          <ChoiceField
            id="obs-filter-verification"
            label={t('observatory.fields.verification')}
            placeholder={t('observatory.list.any')}
            options={choices(VERIFICATION_STATUSES, (s) => t(`observatory.verification.${s}`))}
            {...field('verification')}
          />
          <ChoiceField
            id="obs-filter-text"
            label={t('observatory.fields.textStatus')}
            placeholder={t('observatory.list.any')}
            options={choices(TEXT_REVIEW_STATUSES, (s) => t(`observatory.textStatus.${s}`))}
            {...field('textStatus')}
          />
          {table ? (
            <ChoiceField
              id="obs-filter-organisation"
              label={t('observatory.fields.organisation')}
              placeholder={t('observatory.list.allOrganisations')}
              options={(organisations.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))}
              {...field('organisationId')}
            />
          ) : null}
        </FilterBar>
      </details>
      <Loaded data={list}>
        {(data) => (
          <>
            <p role="status">
              {t('observatory.list.total', {
                count: data.total,
                formatted: formatNumber(data.total, locale),
              })}
            </p>
            {data.items.length === 0 ? <p>{t('observatory.list.empty')}</p> : null}
            <ul className="card-list">
              {data.items.map((o) => {
                const headingId = `obs-${o.id}`;
                return (
                  <li key={o.id} className="card" aria-labelledby={headingId}>
                    <h2 id={headingId} className="card-title">
                      <Link to={`/observatoire/observations/${encodeURIComponent(o.id)}`}>
                        {t('observatory.observation.title', {
                          place: valueLabel(t, 'placeTypes', o.placeType),
                          month: periodLabel(o.month, locale),
                        })}
                      </Link>
                    </h2>
                    <p>
                      <VerificationBadge status={o.verification} />
                      <TextStatusBadge status={o.textStatus} />
                    </p>
                    <dl className="ref-card-facts">
                      {table ? (
                        <Detail term={t('observatory.fields.organisation')}>{o.organisationName}</Detail>
                      ) : null}
                      {o.platformName ? (
                        <Detail term={t('observatory.fields.platform')}>{o.platformName}</Detail>
                      ) : null}
                      <Detail term={t('observatory.fields.recruitmentMethods')}>
                        {labelsOf(t, 'methods', o.recruitmentMethods)}
                      </Detail>
                      <Detail term={t('observatory.fields.ageRanges')}>
                        {labelsOf(t, 'ageRanges', o.ageRanges)}
                      </Detail>
                      <Detail term={t('observatory.fields.genders')}>
                        {labelsOf(t, 'genders', o.genders)}
                      </Detail>
                    </dl>
                  </li>
                );
              })}
            </ul>
            <Pagination page={page} pageSize={PAGE_SIZE} total={data.total} />
          </>
        )}
      </Loaded>
    </Page>
  );
}

import { useTranslation } from 'react-i18next';
import type { OrganisationList } from '../../../shared/contracts/accounts';
import type { Trends } from '../../../shared/contracts/observatory';
import {
  TREND_DIMENSIONS,
  TREND_PERIODS,
  type TrendDimension,
  type TrendPeriod,
} from '../../../shared/contracts/observatory.values';
import type { ReportChart } from '../../../shared/report';
import { withQuery } from '../../app/api';
import { useFilters } from '../../app/filters';
import { formatNumber } from '../../app/format';
import { useApiData } from '../../app/hooks';
import { currentLocale } from '../../app/i18n';
import { useSession } from '../../app/session';
import { keyed, ReportChartView } from '../../ui/chart';
import { ChoiceField, choices, Field } from '../../ui/field';
import { FilterBar } from '../../ui/filter-bar';
import { Loaded } from '../../ui/loaded';
import { Page } from '../../ui/page';
import { Table, TableHead } from '../../ui/table';
import { OBS } from './access';
import { dimensionValueLabel, isMonth, periodLabel, thisMonth } from './parts';

const FILTERS = ['dimension', 'period', 'from', 'to', 'organisationId'] as const;
/** The line chart follows the most frequent values; the table and the bars hold every one. */
const LINES = 5;

function isDimension(value: string): value is TrendDimension {
  return (TREND_DIMENSIONS as readonly string[]).includes(value);
}
function isPeriod(value: string): value is TrendPeriod {
  return (TREND_PERIODS as readonly string[]).includes(value);
}

/**
 * Trends of the observations: how many over a span, by month or quarter, split by one dimension
 * (method, type of place, platform, ages, genders, modus operandi). A chart (inline SVG, named and
 * described), the same numbers as a table, and a CSV. The table sees every organisation (or one);
 * an organisation's coordinator sees their own.
 */
export function TrendsPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const table = can(OBS.review);
  const { applied, field, onSubmit } = useFilters(FILTERS);
  const organisations = useApiData<OrganisationList>(table ? '/organisations' : null);
  const query = {
    dimension: isDimension(applied.dimension) ? applied.dimension : 'method',
    period: isPeriod(applied.period) ? applied.period : null,
    from: isMonth(applied.from) ? applied.from : null,
    to: isMonth(applied.to) ? applied.to : null,
    organisationId: table ? applied.organisationId || null : null,
  };
  const trends = useApiData<Trends>(withQuery('/observatory/trends', query));
  const dimensionField = field('dimension');
  const periodField = field('period');

  return (
    <Page title={t('observatory.trends.title')} lead={t('observatory.trends.lead')}>
      <FilterBar
        label={t('observatory.trends.choose')}
        submit={t('observatory.trends.show')}
        onSubmit={onSubmit}
      >
        <ChoiceField
          id="obs-trends-dimension"
          label={t('observatory.trends.dimension')}
          options={choices(TREND_DIMENSIONS, (d) => t(`observatory.dimensions.${d}`))}
          {...dimensionField}
          value={dimensionField.value || 'method'}
        />
        <ChoiceField
          id="obs-trends-period"
          label={t('observatory.trends.period')}
          options={choices(TREND_PERIODS, (p) => t(`observatory.periods.${p}`))}
          {...periodField}
          value={periodField.value || 'month'}
        />
        <Field
          id="obs-trends-from"
          type="month"
          max={thisMonth()}
          label={t('observatory.trends.from')}
          hint={t('observatory.trends.spanHint')}
          {...field('from')}
        />
        <Field
          id="obs-trends-to"
          type="month"
          max={thisMonth()}
          label={t('observatory.trends.to')}
          {...field('to')}
        />
        {table ? (
          <ChoiceField
            id="obs-trends-organisation"
            label={t('observatory.fields.organisation')}
            placeholder={t('observatory.list.allOrganisations')}
            options={(organisations.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))}
            {...field('organisationId')}
          />
        ) : null}
      </FilterBar>
      <Loaded data={trends}>
        {(data) => <TrendsView data={data} csv={withQuery('/api/observatory/trends.csv', query)} />}
      </Loaded>
    </Page>
  );
}

function TrendsView({ data, csv }: { data: Trends; csv: string }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const label = (value: string) => dimensionValueLabel(t, data.dimension, value, data.labels);
  const dimension = t(`observatory.dimensions.${data.dimension}`);
  const span = t('observatory.trends.span', {
    from: periodLabel(data.from, locale),
    to: periodLabel(data.to, locale),
  });
  const totals = data.values.map((value) =>
    data.points.reduce((sum, point) => sum + (point.counts[value] ?? 0), 0),
  );
  const ranked = data.values
    .map((value, index) => ({ value, total: totals[index] ?? 0 }))
    .filter((entry) => entry.total > 0)
    .sort((a, b) => b.total - a.total);
  const categories = data.points.map((point) => periodLabel(point.period, locale, 'short'));
  const lines: ReportChart = {
    kind: 'line',
    title: t('observatory.trends.linesTitle', { dimension, count: Math.min(LINES, ranked.length), span }),
    categories,
    series: ranked.slice(0, LINES).map(({ value }) => ({
      name: label(value),
      values: data.points.map((point) => point.counts[value] ?? 0),
    })),
  };
  const overall: ReportChart = {
    kind: 'line',
    title: t('observatory.trends.totalTitle', { span }),
    categories,
    series: [{ name: t('observatory.trends.total'), values: data.points.map((point) => point.total) }],
  };
  const bars: ReportChart = {
    kind: 'bar',
    title: t('observatory.trends.barsTitle', { dimension, span }),
    categories: ranked.map(({ value }) => label(value)),
    series: [{ name: t('observatory.trends.observations'), values: ranked.map(({ total }) => total) }],
  };
  const number = (value: number) => formatNumber(value, locale);

  return (
    <>
      <div className="button-row obs-trends-summary">
        <p>{t('observatory.trends.summary', { count: data.total, formatted: number(data.total), span })}</p>
        <a className="button button-secondary" href={csv} download>
          {t('observatory.trends.csv')}
        </a>
      </div>
      <p className="muted">{t('observatory.trends.countsOnce')}</p>
      {data.points.length === 0 || data.total === 0 ? (
        <p>{t('observatory.trends.none')}</p>
      ) : (
        <>
          <section className="report-chart" aria-labelledby="obs-trends-over-time">
            <h2 id="obs-trends-over-time">{t('observatory.trends.overTime')}</h2>
            <h3>{overall.title}</h3>
            <ReportChartView chart={overall} />
            {lines.series.length > 0 ? (
              <>
                <h3>{lines.title}</h3>
                <ReportChartView chart={lines} />
              </>
            ) : null}
          </section>
          {bars.categories.length > 0 ? (
            <section className="report-chart" aria-labelledby="obs-trends-by-value">
              <h2 id="obs-trends-by-value">{t('observatory.trends.byValue', { dimension })}</h2>
              <h3>{bars.title}</h3>
              <ReportChartView chart={bars} />
            </section>
          ) : null}
        </>
      )}
      <section aria-labelledby="obs-trends-numbers">
        <h2 id="obs-trends-numbers">{t('observatory.trends.numbers')}</h2>
        <Table caption={t('observatory.trends.tableCaption', { dimension, span })}>
          <TableHead
            columns={[
              t('observatory.trends.periodColumn'),
              { label: t('observatory.trends.total'), className: 'numeric' },
              ...data.values.map((value) => ({ label: label(value), className: 'numeric' })),
            ]}
          />
          <tbody>
            {keyed(data.points).map(({ key, item: point }) => (
              <tr key={key}>
                <th scope="row">{periodLabel(point.period, locale)}</th>
                <td className="numeric">{number(point.total)}</td>
                {data.values.map((value) => (
                  <td key={value} className="numeric">
                    {number(point.counts[value] ?? 0)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t('observatory.trends.spanTotal')}</th>
              <td className="numeric">{number(data.total)}</td>
              {data.values.map((value, index) => (
                <td key={value} className="numeric">
                  {number(totals[index] ?? 0)}
                </td>
              ))}
            </tr>
          </tfoot>
        </Table>
      </section>
    </>
  );
}

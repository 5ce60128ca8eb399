// Trends of observations for the table (all organisations or one) and for an organisation's
// coordinators (their own): counts by month or quarter, split by one dimension, as JSON and CSV, and
// the observatory's section of the annual report.

import type { Trends, TrendsQuery } from '../../../shared/contracts/observatory.js';
import {
  AGE_RANGES,
  MODUS_OPERANDI,
  OBSERVED_GENDERS,
  PLACE_TYPES,
  RECRUITMENT_METHODS,
  type TrendDimension,
  type TrendPeriod,
} from '../../../shared/contracts/observatory.values.js';
import type { Locale } from '../../../shared/roles.js';
import { suppressTable } from '../../../shared/suppression.js';
import { type Actor, hasRole } from '../../platform/authz/actor.js';
import { authorize } from '../../platform/authz/authorize.js';
import type { Executor } from '../../platform/db/database.js';
import { Errors } from '../../platform/errors.js';
import { csvCell } from '../../platform/http/csv.js';
import { t } from '../../platform/i18n/i18n.js';
import type { Platform } from '../../platform/platform.js';
import type { ReportContributor } from '../../platform/reports/annual-report.js';
import { isTable, TREND_READERS } from './observatory.policy.js';
import {
  addMonths,
  currentMonth,
  monthStart,
  periodOf,
  periodsBetween,
  spanLength,
} from './observatory.rules.js';
import { suppressionThreshold } from './research.repository.js';
import * as repo from './trends.repository.js';

/** The longest span a trend or an export reads, in months. */
export const MAX_SPAN_MONTHS = 120;

/** The codes of a dimension in display order (platforms: their ids, from the database). */
export function codesOf(dimension: TrendDimension): readonly string[] {
  switch (dimension) {
    case 'method':
      return RECRUITMENT_METHODS;
    case 'place_type':
      return PLACE_TYPES;
    case 'age_range':
      return AGE_RANGES;
    case 'gender':
      return OBSERVED_GENDERS;
    case 'modus_operandi':
      return MODUS_OPERANDI;
    case 'platform':
      return [];
  }
}

/** Checks a span of months: in order, not past the current month, at most ten years. */
export function checkSpan(platform: Platform, from: string, to: string): void {
  if (from > to) throw Errors.field('from', 'observatory_span');
  if (to > currentMonth(platform.now(), platform.config.timeZone))
    throw Errors.field('to', 'observatory_month_future');
  if (spanLength(from, to) > MAX_SPAN_MONTHS)
    throw Errors.field('from', 'observatory_span_too_long', { months: MAX_SPAN_MONTHS });
}

/** Counts by period over a span, split by one dimension (no access check: callers decide). */
export async function computeTrends(
  db: Executor,
  options: {
    dimension: TrendDimension;
    period: TrendPeriod;
    from: string;
    to: string;
    organisationId: string | null;
  },
): Promise<Trends> {
  const span = {
    from: monthStart(options.from),
    to: monthStart(options.to),
    organisationId: options.organisationId,
  };
  const [split, totals, names] = await Promise.all([
    repo.countsByMonth(db, { dimension: options.dimension, ...span }),
    repo.countsByMonth(db, { dimension: 'all', ...span }),
    options.dimension === 'platform' ? repo.platformNames(db) : Promise.resolve(new Map<string, string>()),
  ]);
  const periods = periodsBetween(options.from, options.to, options.period);
  const points = new Map(
    periods.map((period) => [period, { period, total: 0, counts: {} as Record<string, number> }]),
  );
  for (const row of totals) points.get(periodOf(row.month, options.period))!.total += row.n;
  const seen = new Set<string>();
  for (const row of split) {
    const counts = points.get(periodOf(row.month, options.period))!.counts;
    counts[row.value] = (counts[row.value] ?? 0) + row.n;
    seen.add(row.value);
  }
  const values =
    options.dimension === 'platform'
      ? [...names.keys()].filter((id) => seen.has(id))
      : [...codesOf(options.dimension)];
  for (const point of points.values()) for (const value of values) point.counts[value] ??= 0;
  return {
    dimension: options.dimension,
    period: options.period,
    from: options.from,
    to: options.to,
    organisationId: options.organisationId,
    values,
    labels: Object.fromEntries([...names].filter(([id]) => seen.has(id))),
    points: [...points.values()],
    total: [...points.values()].reduce((sum, point) => sum + point.total, 0),
  };
}

/** The trends the actor reads: the table (all, or one organisation), a coordinator (their own). */
export async function readTrends(platform: Platform, actor: Actor, query: TrendsQuery): Promise<Trends> {
  authorize(hasRole(actor, ...TREND_READERS), { hide: false });
  const to = query.to ?? currentMonth(platform.now(), platform.config.timeZone);
  const from = query.from ?? addMonths(to, -23);
  checkSpan(platform, from, to);
  return computeTrends(platform.db, {
    dimension: query.dimension,
    period: query.period ?? 'month',
    from,
    to,
    organisationId: isTable(actor) ? (query.organisationId ?? null) : actor.organisationId,
  });
}

/** A value's label in `locale` (platforms: their name). */
export function valueLabel(
  locale: Locale,
  dimension: TrendDimension,
  value: string,
  labels: Record<string, string>,
): string {
  if (dimension === 'platform') return labels[value] ?? value;
  return t(locale, `observatory.values.${dimension}.${value}`);
}

/** The trends as CSV: one line per period, its total, then one column per value. */
export function trendsCsv(trends: Trends, locale: Locale): string {
  const header = [
    t(locale, 'observatory.csv.period'),
    t(locale, 'observatory.csv.total'),
    ...trends.values.map((value) => valueLabel(locale, trends.dimension, value, trends.labels)),
  ];
  const lines = [header.map(csvCell).join(',')];
  for (const point of trends.points)
    lines.push(
      [point.period, point.total, ...trends.values.map((v) => point.counts[v] ?? 0)].map(csvCell).join(','),
    );
  return `${lines.join('\r\n')}\r\n`;
}

/** The observatory in the table's annual report: observations by quarter and by recruitment method. */
export const observatoryReportContributor: ReportContributor = {
  key: 'observatory',
  order: 60,
  async compute(db, { year, locale }) {
    const label = (key: string, params?: Record<string, string | number>) =>
      t(locale, `report.observatory.${key}`, params);
    const [byMethod, byPlace] = await Promise.all([
      computeTrends(db, {
        dimension: 'method',
        period: 'quarter',
        from: `${year}-01`,
        to: `${year}-12`,
        organisationId: null,
      }),
      computeTrends(db, {
        dimension: 'place_type',
        period: 'quarter',
        from: `${year}-01`,
        to: `${year}-12`,
        organisationId: null,
      }),
    ]);
    const threshold = await suppressionThreshold(db);
    // The report may leave the table: small counts are suppressed as in research exports.
    const column = (trends: Trends) => {
      const cells = trends.values.map((v) => [trends.points.reduce((s, p) => s + (p.counts[v] ?? 0), 0)]);
      const released = suppressTable(cells, threshold).cells;
      return (index: number) => released[index]![0] ?? label('fewer', { count: threshold });
    };
    const methods = column(byMethod);
    const places = column(byPlace);
    return {
      key: 'observatory',
      title: label('title'),
      figures: [{ label: label('total'), value: byMethod.total }],
      charts: [
        {
          kind: 'bar',
          title: label('by_quarter'),
          categories: byMethod.points.map((p) => p.period),
          series: [{ name: label('observations'), values: byMethod.points.map((p) => p.total) }],
        },
      ],
      tables: [
        {
          title: label('by_method'),
          columns: [label('method'), label('observations')],
          rows: byMethod.values.map((v, i) => [valueLabel(locale, 'method', v, {}), methods(i)]),
        },
        {
          title: label('by_place_type'),
          columns: [label('place_type'), label('observations')],
          rows: byPlace.values.map((v, i) => [valueLabel(locale, 'place_type', v, {}), places(i)]),
        },
      ],
    };
  },
};

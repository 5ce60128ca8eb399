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
import { localDay } from '../../../shared/time-zone.js';
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
  yearClose,
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

/**
 * The observatory in the table's annual report, which researchers read too: published once the year
 * has closed (April 1 after it, `yearClose`), counting only the observations created before then so
 * the figures never move; before, one sentence says when. Every count (the quarters with the year's
 * total as their margin, methods, place types) goes through `suppressTable` with the table's threshold.
 */
export const observatoryReportContributor: ReportContributor = {
  key: 'observatory',
  order: 60,
  async compute(db, { year, locale, timeZone, now }) {
    const label = (key: string, params?: Record<string, string | number>) =>
      t(locale, `report.observatory.${key}`, params);
    const close = yearClose(year, timeZone);
    if ((now ?? new Date()) < close)
      return {
        key: 'observatory',
        title: label('title'),
        note: label('not_closed', { year, date: localDay(close, timeZone) }),
        figures: [],
        charts: [],
        tables: [],
      };
    const span = { from: monthStart(`${year}-01`), to: monthStart(`${year}-12`), createdBefore: close };
    const [months, methods, places, threshold] = await Promise.all([
      repo.totalsByMonthBefore(db, span),
      repo.crossCounts(db, { first: 'method', second: null, ...span }),
      repo.crossCounts(db, { first: 'place_type', second: null, ...span }),
      suppressionThreshold(db),
    ]);
    const fewer = label('fewer', { count: threshold });
    // The report may leave the table: small counts are suppressed as in research exports.
    const quarters = periodsBetween(`${year}-01`, `${year}-12`, 'quarter');
    const byQuarter = quarters.map((quarter) =>
      months.filter((m) => periodOf(m.month, 'quarter') === quarter).reduce((sum, m) => sum + m.n, 0),
    );
    const releasedQuarters = suppressTable([byQuarter], threshold);
    const column = (dimension: 'method' | 'place_type', counts: Array<{ a: string; n: number }>) => {
      const values = codesOf(dimension);
      const released = suppressTable(
        values.map((v) => [counts.find((c) => c.a === v)?.n ?? 0]),
        threshold,
      ).cells;
      return values.map((v, i) => [valueLabel(locale, dimension, v, {}), released[i]![0] ?? fewer]);
    };
    const quarterCells = releasedQuarters.cells[0]!;
    const total = releasedQuarters.total;
    return {
      key: 'observatory',
      title: label('title'),
      figures: total === null ? [] : [{ label: label('total'), value: total }],
      // A chart cannot draw a hidden count: drawn only when every quarter is released.
      charts: quarterCells.every((n) => n !== null)
        ? [
            {
              kind: 'bar',
              title: label('by_quarter'),
              categories: quarters,
              series: [{ name: label('observations'), values: quarterCells as number[] }],
            },
          ]
        : [],
      tables: [
        {
          title: label('by_method'),
          columns: [label('method'), label('observations')],
          rows: column('method', methods),
        },
        {
          title: label('by_place_type'),
          columns: [label('place_type'), label('observations')],
          rows: column('place_type', places),
        },
        {
          title: label('by_quarter'),
          columns: [label('quarter'), label('observations')],
          rows: [
            ...quarters.map((quarter, i) => [quarter, quarterCells[i] ?? fewer]),
            [label('year_total'), total ?? fewer],
          ],
        },
      ],
    };
  },
};

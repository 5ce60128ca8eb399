// Pure rules of the observatory: months and quarters, the facets an observation is counted under,
// the clean-up of code words.

import type { TrendDimension, TrendPeriod } from '../../../shared/contracts/observatory.values.js';
import { localDay, zonedMidnightUtc } from '../../../shared/time-zone.js';

/** `YYYY-MM` → the first day of the month, as the `month` columns keep it. */
export function monthStart(month: string): string {
  return `${month}-01`;
}

/** A `date` column (`YYYY-MM-DD`, or a Date from some drivers) → `YYYY-MM`. */
export function monthOf(day: string | Date): string {
  return (typeof day === 'string' ? day : day.toISOString()).slice(0, 7);
}

/** The current month in the region's time zone. */
export function currentMonth(now: Date, timeZone: string): string {
  return localDay(now, timeZone).slice(0, 7);
}

/**
 * When a year's figures close: April 1 of the next year, at midnight in the region. Research exports
 * and the annual report count only observations created before it, so the same export of a year gives
 * the same table however late it is asked for (three months let late observations come in).
 */
export function yearClose(year: number, timeZone: string): Date {
  return zonedMidnightUtc(`${year + 1}-04-01`, timeZone);
}

/** `YYYY-MM` plus `count` months (negative goes back). */
export function addMonths(month: string, count: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + count;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** Months from `from` to `to` inclusive (empty when `from` comes after `to`). */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  for (let month = from; month <= to; month = addMonths(month, 1)) months.push(month);
  return months;
}

/** The number of months from `from` to `to` inclusive. */
export function spanLength(from: string, to: string): number {
  const [fy, fm] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  return (ty - fy) * 12 + (tm - fm) + 1;
}

/** The period a month falls in: itself, or `YYYY-Qn`. */
export function periodOf(month: string, period: TrendPeriod): string {
  if (period === 'month') return month;
  return `${month.slice(0, 4)}-Q${Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1}`;
}

/** The periods of a span, in order. */
export function periodsBetween(from: string, to: string, period: TrendPeriod): string[] {
  return [...new Set(monthsBetween(from, to).map((month) => periodOf(month, period)))];
}

/** What of an observation the facets index. */
export interface FacetSource {
  placeType: string;
  platformId: string | null;
  recruitmentMethods: readonly string[];
  modusOperandi: readonly string[];
  ageRanges: readonly string[];
  genders: readonly string[];
}

export type FacetDimension = TrendDimension | 'all';

/** The (dimension, value) pairs an observation is counted under; `all` counts the observation once. */
export function facetsOf(source: FacetSource): Array<{ dimension: FacetDimension; value: string }> {
  const facets: Array<{ dimension: FacetDimension; value: string }> = [
    { dimension: 'all', value: '' },
    { dimension: 'place_type', value: source.placeType },
  ];
  if (source.platformId) facets.push({ dimension: 'platform', value: source.platformId });
  const add = (dimension: FacetDimension, values: readonly string[]) => {
    for (const value of new Set(values)) facets.push({ dimension, value });
  };
  add('method', source.recruitmentMethods);
  add('modus_operandi', source.modusOperandi);
  add('age_range', source.ageRanges);
  add('gender', source.genders);
  return facets;
}

/** Folds a term as the database's `filet_fold` does for plain letters: lower case, no accents. */
export function foldTerm(term: string): string {
  return term.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Code words trimmed, inner spaces collapsed, each once (case- and accent-insensitively), in order. */
export function cleanCodeWords(words: readonly string[]): string[] {
  const seen = new Set<string>();
  const kept: string[] = [];
  for (const word of words) {
    const clean = word.trim().replace(/\s+/g, ' ');
    const key = foldTerm(clean);
    if (!clean || seen.has(key)) continue;
    seen.add(key);
    kept.push(clean);
  }
  return kept;
}

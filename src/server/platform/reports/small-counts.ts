// The table's figures on small populations (referrals, consultations): what every module publishing
// counts of people or cases to the table applies, so that none can be found again from what is shown.
// A count under SMALL_COUNT is never shown; the others are rounded to the nearest multiple of it (as
// the statistical agencies do), so subtracting two published figures (two spans, a total and its parts)
// never gives back a hidden count; and when a single count of a set is hidden, the smallest shown one is
// hidden too, so the hidden one cannot be found from the total. A share is given in steps of 5 % and only
// over 10 or more, so it does not tell its two counts exactly. Spans are whole months that have ended: a
// month still running changes from one day to the next, and two readings a day apart would tell what came
// in between.

import { Errors } from '../errors.js';

/** Counts under this are shown as "fewer than 5". */
export const SMALL_COUNT = 5;

/** A published count: null under the threshold, else rounded to the nearest multiple of it. */
export function roundedCount(count: number): number | null {
  if (count < SMALL_COUNT) return null;
  return Math.round(count / SMALL_COUNT) * SMALL_COUNT;
}

/** A published share of `part` in `whole`: null under 10, else rounded to the nearest 5 %. */
export function roundedShare(part: number, whole: number): number | null {
  if (whole < 2 * SMALL_COUNT) return null;
  return Math.round((part / whole) * 20) / 20;
}

/** Complementary suppression of one set of counts (see the file's comment). */
export function complement<T>(rows: T[], get: (row: T) => number | null, hide: (row: T) => T): T[] {
  const hidden = rows.filter((row) => get(row) === null).length;
  if (hidden !== 1) return rows;
  let smallest = -1;
  rows.forEach((row, index) => {
    const value = get(row);
    if (value !== null && (smallest < 0 || value < (get(rows[smallest]!) ?? 0))) smallest = index;
  });
  return smallest < 0 ? rows : rows.map((row, index) => (index === smallest ? hide(row) : row));
}

/** Complementary suppression of each group of a list of counts (a month's counts by kind, …), in order. */
export function complementEach<T>(
  rows: T[],
  group: (row: T) => string,
  get: (row: T) => number | null,
  hide: (row: T) => T,
): T[] {
  const groups = new Map<string, T[]>();
  for (const row of rows) groups.set(group(row), [...(groups.get(group(row)) ?? []), row]);
  return [...groups.values()].flatMap((members) => complement(members, get, hide));
}

/** The last day of the month of `day` (`YYYY-MM-DD`). */
export function endOfMonth(day: string): string {
  const [y, m] = day.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/**
 * The span of a figures request, over whole months that have ended (the last twelve unless a span is
 * given): two spans a day apart, or the same span read on two days of a month still running, would tell
 * a suppressed count by their difference. Throws a field error (`figures_span_months`,
 * `figures_span_ended`, `figures_span`) otherwise.
 */
export function wholeMonths(query: { from?: string | undefined; to?: string | undefined }, today: string) {
  const lastEnded = endOfMonth(previousMonthDay(today));
  const to = query.to ?? lastEnded;
  const after = nextMonthStart(to);
  const from = query.from ?? `${Number(after.slice(0, 4)) - 1}${after.slice(4, 8)}01`;
  if (!from.endsWith('-01')) throw Errors.field('from', 'figures_span_months');
  if (to !== endOfMonth(to)) throw Errors.field('to', 'figures_span_months');
  if (to > lastEnded) throw Errors.field('to', 'figures_span_ended');
  if (from > to) throw Errors.field('from', 'figures_span');
  return { from, to };
}

/** A day of the month before the month of `day`. */
function previousMonthDay(day: string): string {
  const [y, m] = day.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 2, 1)).toISOString().slice(0, 10);
}

/** The first day of the month after the month of `day`. */
function nextMonthStart(day: string): string {
  const [y, m] = day.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 10);
}

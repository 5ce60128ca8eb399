/**
 * Business days of the region (Québec): weekends and the statutory holidays of the province are not
 * counted when a referral's answer is due. Eight dates a year follow from fixed days, Easter and
 * "the Monday before / the n-th Monday" rules, so they are computed here rather than brought in with a
 * worldwide holiday library and its date-library dependencies.
 */
import { localDay, nextDay, REGION_TIME_ZONE, regionLocalToIso, zonedMidnightUtc } from './time-zone.js';

function iso(year: number, month: number, day: number): string {
  return new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10);
}

/** Easter Sunday of the Gregorian calendar (anonymous algorithm, Meeus/Jones/Butcher). */
function easterSunday(year: number): { month: number; day: number } {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return { month, day };
}

/** ISO weekday of a calendar day, Monday = 1. */
function weekday(day: string): number {
  const d = new Date(`${day}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

/** The n-th Monday of a month (n ≥ 1). */
function nthMonday(year: number, month: number, n: number): string {
  const first = weekday(iso(year, month, 1));
  return iso(year, month, 1 + ((8 - first) % 7) + 7 * (n - 1));
}

const cache = new Map<number, ReadonlySet<string>>();

/**
 * Québec's statutory holidays of a year (Act respecting labour standards, s. 60, and the Act
 * respecting the Fête nationale): New Year's Day, Good Friday, National Patriots' Day (the Monday
 * before 25 May), the Fête nationale (24 June), Canada Day (1 July), Labour Day (first Monday of
 * September), Thanksgiving (second Monday of October) and Christmas Day.
 */
export function regionHolidays(year: number): ReadonlySet<string> {
  const known = cache.get(year);
  if (known) return known;
  const easter = easterSunday(year);
  const goodFriday = new Date(Date.UTC(year, easter.month - 1, easter.day - 2)).toISOString().slice(0, 10);
  const may24 = weekday(iso(year, 5, 24));
  const patriots = iso(year, 5, 24 - ((may24 + 6) % 7));
  const days = new Set([
    iso(year, 1, 1),
    goodFriday,
    patriots,
    iso(year, 6, 24),
    iso(year, 7, 1),
    nthMonday(year, 9, 1),
    nthMonday(year, 10, 2),
    iso(year, 12, 25),
  ]);
  cache.set(year, days);
  return days;
}

/** Whether a calendar day (YYYY-MM-DD) is a working day of the region. */
export function isBusinessDay(day: string): boolean {
  if (weekday(day) > 5) return false;
  return !regionHolidays(Number(day.slice(0, 4))).has(day);
}

/**
 * When an answer asked at `from` is due after `days` business days: the end of the `days`-th working
 * day after the local day of `from` (a referral sent on a Friday afternoon with 2 days is due at the
 * end of Tuesday, a holiday Monday pushes it to Wednesday).
 */
export function dueAfterBusinessDays(from: Date, days: number, timeZone: string = REGION_TIME_ZONE): Date {
  let day = localDay(from, timeZone);
  let left = days;
  while (left > 0) {
    day = nextDay(day);
    if (isBusinessDay(day)) left -= 1;
  }
  return zonedMidnightUtc(nextDay(day), timeZone);
}

/** The working hours of a business day in the region (local wall-clock, `HH:MM`). */
export const WORKING_HOURS = { start: '08:30', end: '16:30' } as const;

/** The instant of a local wall-clock time on a calendar day of the region. */
function at(day: string, time: string, timeZone: string): number {
  return Date.parse(regionLocalToIso(`${day}T${time}`, timeZone)!);
}

/**
 * When an answer asked at `from` is due after `hours` working hours: only the working hours of business
 * days count (an urgent question asked on Friday at 15:00 with 4 hours is due on Monday at 11:00; one
 * asked in the evening starts counting the next working morning).
 */
export function dueAfterWorkingHours(from: Date, hours: number, timeZone: string = REGION_TIME_ZONE): Date {
  let remaining = hours * 3_600_000;
  let day = localDay(from, timeZone);
  let cursor = from.getTime();
  for (;;) {
    if (isBusinessDay(day)) {
      const start = at(day, WORKING_HOURS.start, timeZone);
      const end = at(day, WORKING_HOURS.end, timeZone);
      if (cursor < start) cursor = start;
      if (cursor < end) {
        if (remaining <= end - cursor) return new Date(cursor + remaining);
        remaining -= end - cursor;
      }
    }
    day = nextDay(day);
    cursor = at(day, WORKING_HOURS.start, timeZone);
  }
}

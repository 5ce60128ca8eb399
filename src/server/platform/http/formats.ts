import type { Ajv } from 'ajv';

/**
 * Years a date sent to Filet may fall in. Wide enough for any date of birth, meeting or plan, narrow
 * enough that what the services compute from a date (the next day, a year later, a zoned midnight)
 * stays within what both JavaScript dates and PostgreSQL hold: year 0 and year 10000 never reach SQL.
 */
export const YEAR_MIN = 1900;
export const YEAR_MAX = 2999;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME =
  /^(\d{4}-\d{2}-\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;

/** A calendar date (YYYY-MM-DD) that exists, within YEAR_MIN–YEAR_MAX. */
export function isFiletDate(text: string): boolean {
  const match = DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < YEAR_MIN || year > YEAR_MAX) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * An RFC 3339 date and time with its offset, that a JavaScript date reads back as the same instant:
 * no leap second (23:59:60, which `new Date` refuses), offsets within ±14:00, date within the years above.
 */
export function isFiletDateTime(text: string): boolean {
  const match = DATE_TIME.exec(text);
  if (!match || !isFiletDate(match[1]!)) return false;
  const [hour, minute, second] = [Number(match[2]), Number(match[3]), Number(match[4])];
  if (hour > 23 || minute > 59 || second > 59) return false;
  if (match[5] && (Number(match[6]) * 60 + Number(match[7]) > 14 * 60 || Number(match[7]) > 59)) return false;
  const instant = new Date(text);
  if (Number.isNaN(instant.getTime())) return false;
  const year = instant.getUTCFullYear();
  return year >= YEAR_MIN && year <= YEAR_MAX;
}

/**
 * Replaces ajv-formats' `date` and `date-time` with Filet's stricter ones, in every validator
 * (bodies, query strings, path parameters). Call after `addFormats`.
 */
export function addFiletFormats(ajv: Ajv): void {
  ajv.addFormat('date', { type: 'string', validate: isFiletDate });
  ajv.addFormat('date-time', { type: 'string', validate: isFiletDateTime });
}

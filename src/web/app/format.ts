import type { TFunction } from 'i18next';
import type { Locale } from '../../shared/roles';
import { REGION_TIME_ZONE } from '../../shared/time-zone';
import { i18n } from './i18n';

function parse(value: string | null | undefined): Date | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** A date and time as people of the region read it, in the region's time zone. */
export function formatDateTime(value: string | null | undefined, locale: Locale): string {
  const date = parse(value);
  if (!date) return '—';
  return new Intl.DateTimeFormat(locale, {
    timeZone: REGION_TIME_ZONE,
    dateStyle: 'long',
    timeStyle: 'short',
  }).format(date);
}

export function formatDate(value: string | null | undefined, locale: Locale): string {
  const date = parse(value);
  if (!date) return '—';
  return new Intl.DateTimeFormat(locale, { timeZone: REGION_TIME_ZONE, dateStyle: 'long' }).format(date);
}

export function formatNumber(value: number, locale: Locale): string {
  return new Intl.NumberFormat(locale).format(value);
}

/** A translated label for a code (role, type, status), or the code itself when the catalogue lacks it. */
export function labelOf(t: TFunction, group: string, code: string): string {
  const key = `${group}.${code}`;
  return i18n.exists(key) ? t(key) : code;
}

export function fullName(person: { givenName: string; familyName: string }): string {
  return `${person.givenName} ${person.familyName}`.trim();
}

/** Keeps a return path inside the app: a relative path, never another origin. */
export function safeReturnPath(value: string | null | undefined): string {
  if (!value?.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  return value;
}

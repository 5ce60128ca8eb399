import type { TFunction } from 'i18next';
import type { ComponentProps } from 'react';
import type { Locale } from '../../../shared/roles';
import { Field } from '../../ui/field';

/** "Updated 3 hours ago": the age of a count, in the reader's language. */
export function ago(value: string | null, locale: Locale, now = new Date()): string | null {
  if (!value) return null;
  const seconds = Math.round((new Date(value).getTime() - now.getTime()) / 1000);
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const steps: Array<[Intl.RelativeTimeFormatUnit, number]> = [
    ['day', 86_400],
    ['hour', 3_600],
    ['minute', 60],
  ];
  for (const [unit, size] of steps) {
    if (Math.abs(seconds) >= size) return format.format(Math.round(seconds / size), unit);
  }
  return format.format(0, 'minute');
}

/** Ages of a service, e.g. "12 à 17 ans", "18 ans et plus", or null when it takes every age. */
export function ageRange(t: TFunction, minAge: number | null, maxAge: number | null): string | null {
  if (minAge === null && maxAge === null) return null;
  if (minAge !== null && maxAge !== null) return t('resources.ages.range', { min: minAge, max: maxAge });
  if (minAge !== null) return t('resources.ages.from', { min: minAge });
  return t('resources.ages.upTo', { max: maxAge });
}

/** The name of a language from its ISO 639-1 code, in the reader's language. */
export function languageName(code: string, locale: Locale): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** A count or an age: a number input that brings up the digit keypad on a phone. */
export function NumberField(props: Omit<ComponentProps<typeof Field>, 'type' | 'inputMode'>) {
  return <Field type="number" inputMode="numeric" {...props} />;
}

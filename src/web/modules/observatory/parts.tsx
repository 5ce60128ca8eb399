import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type {
  GlossaryStatus,
  TextReviewStatus,
  TrendDimension,
  VerificationStatus,
} from '../../../shared/contracts/observatory.values';
import { REGION_TIME_ZONE } from '../../../shared/time-zone';
import { ApiError, type FieldProblem } from '../../app/api';
import { i18n } from '../../app/i18n';
import { type Choice, choices } from '../../ui/field';

/** This month in the region, `YYYY-MM`: the latest month an observation may be about. */
export function thisMonth(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: REGION_TIME_ZONE }).format(new Date()).slice(0, 7);
}

/** A month moved by a number of months, `YYYY-MM`. */
export function addMonths(month: string, months: number): string {
  const [year, number] = month.split('-').map(Number) as [number, number];
  const index = year * 12 + (number - 1) + months;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** True for a well-formed `YYYY-MM`. */
export function isMonth(value: string): boolean {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(value);
}

/** "2026-11" as the reader says it ("novembre 2026", "November 2026"); a quarter "2026-Q4" as "T4 2026". */
export function periodLabel(period: string, locale: string, style: 'long' | 'short' = 'long'): string {
  const quarter = /^(\d{4})-Q([1-4])$/.exec(period);
  if (quarter) return i18n.t('observatory.quarter', { year: quarter[1], quarter: quarter[2] });
  if (!isMonth(period)) return period;
  const [year, number] = period.split('-').map(Number) as [number, number];
  return new Intl.DateTimeFormat(locale, { month: style, year: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(year, number - 1, 15)),
  );
}

/** The catalogue group of each value list (keys of `observatory.values.<group>`). */
export const VALUE_GROUPS = {
  placeType: 'placeTypes',
  method: 'methods',
  modusOperandi: 'modusOperandi',
  exploiterProfile: 'exploiterProfiles',
  ageRange: 'ageRanges',
  gender: 'genders',
} as const;
export type ValueGroup = (typeof VALUE_GROUPS)[keyof typeof VALUE_GROUPS];

/** The label of a code of a value list. */
export function valueLabel(t: TFunction, group: ValueGroup, code: string): string {
  const key = `observatory.values.${group}.${code}`;
  return i18n.exists(key) ? t(key) : code;
}

/** A value list as labelled choices. */
export function valueChoices(t: TFunction, group: ValueGroup, codes: readonly string[]): Choice[] {
  return choices(codes, (code) => valueLabel(t, group, code));
}

/** The value list each trend dimension splits by (platform: the table's list, labelled by the server). */
const DIMENSION_GROUPS: Record<TrendDimension, ValueGroup | null> = {
  method: 'methods',
  place_type: 'placeTypes',
  platform: null,
  age_range: 'ageRanges',
  gender: 'genders',
  modus_operandi: 'modusOperandi',
};

/** A value of a dimension in words: a code's label, or the server's label (platform names). */
export function dimensionValueLabel(
  t: TFunction,
  dimension: TrendDimension,
  value: string,
  labels: Record<string, string>,
): string {
  const group = DIMENSION_GROUPS[dimension];
  if (labels[value]) return labels[value];
  return group ? valueLabel(t, group, value) : value;
}

/** Labels for a list of codes, joined for reading ("—" when there are none). */
export function labelsOf(t: TFunction, group: ValueGroup, codes: readonly string[]): string {
  return codes.length > 0 ? codes.map((code) => valueLabel(t, group, code)).join(', ') : '—';
}

/** A problem the form finds before sending anything, shown like the server's (linked to its field). */
export function localProblem(problems: Array<Omit<FieldProblem, 'rule'>>): ApiError {
  return new ApiError(
    400,
    'invalid',
    i18n.t('observatory.form.checkFields'),
    problems.map((problem) => ({ ...problem, rule: 'local' })),
  );
}

/** A state in words with its badge (the words carry the meaning; the colour only repeats it). */
export function VerificationBadge({ status }: { status: VerificationStatus }) {
  const { t } = useTranslation();
  return <span className={`tag obs-verification-${status}`}>{t(`observatory.verification.${status}`)}</span>;
}

export function TextStatusBadge({ status }: { status: TextReviewStatus }) {
  const { t } = useTranslation();
  return <span className={`tag obs-text-${status}`}>{t(`observatory.textStatus.${status}`)}</span>;
}

export function GlossaryStatusBadge({ status }: { status: GlossaryStatus }) {
  const { t } = useTranslation();
  return <span className={`tag obs-term-${status}`}>{t(`observatory.glossary.statuses.${status}`)}</span>;
}

/** Says a conflict plainly: someone else changed or decided it first; the page shows it as it is now. */
export function conflictError(reason: unknown, words: string): unknown {
  if (reason instanceof ApiError && reason.status === 409) return new ApiError(409, reason.code, words);
  return reason;
}

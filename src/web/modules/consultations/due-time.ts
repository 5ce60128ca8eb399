// The wording of a due time that falls at midnight: a pure function, tested without a browser.

import type { Locale } from '../../../shared/roles';
import { REGION_TIME_ZONE } from '../../../shared/time-zone';

/**
 * The day a due time at midnight (region time) ends, e.g. "9 décembre" for a due at 00:00 on the 10th:
 * a normal consultation is due at the end of a business day, which reads better than "the day after,
 * at 00:00". Null when the due time is not at midnight.
 */
export function dueEndOfDay(dueAt: string, locale: Locale): string | null {
  const at = new Date(dueAt);
  const time = new Intl.DateTimeFormat('en-CA', {
    timeZone: REGION_TIME_ZONE,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at);
  if (time !== '00:00') return null;
  return new Intl.DateTimeFormat(locale, {
    timeZone: REGION_TIME_ZONE,
    day: 'numeric',
    month: 'long',
  }).format(new Date(at.getTime() - 1));
}

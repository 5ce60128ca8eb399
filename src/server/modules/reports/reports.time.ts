import { zonedMidnightUtc } from '../../../shared/time-zone.js';
import type { Span } from '../accounts/index.js';

/** A calendar year in the region's time zone, as the instants it starts and ends. */
export function yearSpan(year: number, timeZone: string): Span {
  return {
    from: zonedMidnightUtc(`${year}-01-01`, timeZone),
    to: zonedMidnightUtc(`${year + 1}-01-01`, timeZone),
  };
}

/** The 13 instants the months of a year start at (the 13th is the next year's first), in the time zone. */
export function monthStarts(year: number, timeZone: string): Date[] {
  return Array.from({ length: 13 }, (_, index) => {
    const y = year + Math.floor(index / 12);
    const m = (index % 12) + 1;
    return zonedMidnightUtc(`${y}-${String(m).padStart(2, '0')}-01`, timeZone);
  });
}

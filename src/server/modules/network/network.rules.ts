import {
  NET_FUNCTIONS,
  type NetFunction,
  TABLE_MANDATES,
  type TableMandate,
} from '../../../shared/contracts/network.values.js';
import { localDay } from '../../../shared/time-zone.js';
import type { Platform } from '../../platform/platform.js';

export {
  ABSENCE_REASONS,
  type AbsenceReason,
  EXPERTISE,
  type Expertise,
  NET_FUNCTIONS,
  type NetFunction,
  TABLE_MANDATES,
  type TableMandate,
} from '../../../shared/contracts/network.values.js';

export type MandateStatus = 'planned' | 'active' | 'ended';

/** A pivot whose mandate ends within this many days raises a warning. */
export const ENDING_WARNING_DAYS = 60;

/** The calendar day of an instant in a time zone, as 'YYYY-MM-DD'. */
export const localDate = localDay;

/** Today's date in the region: the platform's clock read in its time zone. */
export function regionToday(platform: Pick<Platform, 'now' | 'config'>): string {
  return localDate(platform.now(), platform.config.timeZone);
}

/** Adds days to a 'YYYY-MM-DD' date (calendar arithmetic, no time zone involved). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** A mandate's status on a given day: dates are inclusive; no end date means open-ended. */
export function mandateStatus(
  mandate: { start_on: string; end_on: string | null },
  today: string,
): MandateStatus {
  if (mandate.start_on > today) return 'planned';
  if (mandate.end_on !== null && mandate.end_on < today) return 'ended';
  return 'active';
}

/** Whether two inclusive date ranges share a day (a null end is open-ended). */
export function rangesOverlap(
  a: { from: string; to: string | null },
  b: { from: string; to: string | null },
): boolean {
  const aEndsBeforeB = a.to !== null && a.to < b.from;
  const bEndsBeforeA = b.to !== null && b.to < a.from;
  return !aEndsBeforeB && !bEndsBeforeA;
}

/** Whether a mandate ends within `ENDING_WARNING_DAYS` from today (today included). */
export function endsSoon(mandate: { end_on: string | null }, today: string): boolean {
  return (
    mandate.end_on !== null &&
    mandate.end_on >= today &&
    mandate.end_on <= addDays(today, ENDING_WARNING_DAYS)
  );
}

export interface CoverageRow {
  organisationId: string;
  mandates: readonly string[];
  functions: readonly string[];
}

/**
 * The holes of the coverage matrix: columns (mandates and functions) nobody covers, and organisations
 * covering nothing.
 */
export function coverageHoles(rows: readonly CoverageRow[]): {
  uncoveredMandates: TableMandate[];
  uncoveredFunctions: NetFunction[];
  organisationsCoveringNothing: string[];
} {
  const mandates = new Set(rows.flatMap((r) => r.mandates));
  const functions = new Set(rows.flatMap((r) => r.functions));
  return {
    uncoveredMandates: TABLE_MANDATES.filter((m) => !mandates.has(m)),
    uncoveredFunctions: NET_FUNCTIONS.filter((f) => !functions.has(f)),
    organisationsCoveringNothing: rows
      .filter((r) => r.mandates.length === 0 && r.functions.length === 0)
      .map((r) => r.organisationId),
  };
}

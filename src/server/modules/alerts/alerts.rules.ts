/** Pure rules of the alerts module: vocabularies, what each recipient sees, figures. */
import type { LegalBasis, View } from '../../../shared/contracts/alerts.values.js';

export {
  ALERT_KINDS,
  ALERT_STATUSES,
  type AlertKind,
  type AlertStatus,
  ARCHIVE_REASONS,
  type ArchiveReason,
  LEGAL_BASES,
  type LegalBasis,
  OUTCOMES,
  type Outcome,
  PLACE_TYPES,
  type PlaceType,
  PROFILE_STATUSES,
  type ProfileStatus,
  VIEWS,
  type View,
} from '../../../shared/contracts/alerts.values.js';

/** The personal fields an alert may carry. */
export const SHARED_FIELDS = [
  'givenName',
  'familyName',
  'usualNames',
  'dateOfBirth',
  'description',
  'photo',
  'phones',
  'socialHandles',
  'associates',
  'places',
  'pastEpisodes',
  'medicalNeeds',
  'exploitationRisks',
  'lastSeenPlace',
  'clothing',
  'circumstances',
  'immediateRisks',
] as const;
export type SharedField = (typeof SHARED_FIELDS)[number];

/** Pivots see who to look for and the risks, not contacts, history, circumstances or medical needs. */
const PIVOT_FIELDS: readonly SharedField[] = [
  'givenName',
  'familyName',
  'usualNames',
  'description',
  'photo',
  'lastSeenPlace',
  'clothing',
  'immediateRisks',
  'exploitationRisks',
];

/** The fields a view may read. */
export function fieldsFor(view: View): readonly SharedField[] {
  return view === 'pivot' ? PIVOT_FIELDS : SHARED_FIELDS;
}

/** Of the fields present in an alert, those a view shares (what the register records). */
export function sharedFields(view: View, present: ReadonlySet<SharedField>): SharedField[] {
  return fieldsFor(view).filter((field) => present.has(field));
}

/** Keeps only the fields of `content` a view may read. */
export function restrictTo<T extends Record<string, unknown>>(view: View, content: T): Partial<T> {
  const allowed = new Set<string>(fieldsFor(view));
  return Object.fromEntries(Object.entries(content).filter(([key]) => allowed.has(key))) as Partial<T>;
}

export { median } from '../../../shared/report.js';

export function minutesBetween(from: Date, to: Date): number {
  return Math.max(0, Math.round((to.getTime() - from.getTime()) / 60_000));
}

/** A profile is due for review 90 days after its last review. */
export const REVIEW_DAYS = 90;
export function reviewDue(reviewedAt: Date, now: Date): boolean {
  return now.getTime() - reviewedAt.getTime() >= REVIEW_DAYS * 86_400_000;
}

/**
 * How long an archived profile is kept before the retention job destroys it (days, table-wide): at
 * least a month, so an archive made by mistake can still be restored; at most five years.
 */
export const PROFILE_RETENTION = { min: 30, max: 1825, default: 365 } as const;
/** An early destruction's written justification (same rule as a share without consent). */
export const JUSTIFICATION_MIN = 10;

/** When an archived profile is due for destruction under the current retention period. */
export function destroyAfter(archivedAt: Date, retentionDays: number): Date {
  return new Date(archivedAt.getTime() + retentionDays * 86_400_000);
}

/**
 * Every month from the first one counted up to `until` (both 'YYYY-MM'), months without alerts at 0:
 * a chart over time shows the quiet months too.
 */
export function everyMonth(
  counts: ReadonlyArray<{ month: string; alerts: number }>,
  until: string,
): Array<{ month: string; alerts: number }> {
  if (counts.length === 0) return [];
  const byMonth = new Map(counts.map((c) => [c.month, c.alerts]));
  const sorted = [...byMonth.keys()].sort();
  const last = sorted[sorted.length - 1]! > until ? sorted[sorted.length - 1]! : until;
  let [year, month] = sorted[0]!.split('-').map(Number) as [number, number];
  const months: Array<{ month: string; alerts: number }> = [];
  for (;;) {
    const key = `${year}-${String(month).padStart(2, '0')}`;
    if (key > last) break;
    months.push({ month: key, alerts: byMonth.get(key) ?? 0 });
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return months;
}

/** The return interview is due 72 hours after the close. */
export const INTERVIEW_HOURS = 72;

/** Checks the legal basis of a share; returns the rule broken, if any. */
export function consentProblem(input: {
  legalBasis: LegalBasis;
  withoutConsent: boolean;
  justification: string;
  mayOverride: boolean;
}): { field: string; rule: string } | null {
  if (!input.withoutConsent) return null;
  if (input.legalBasis === 'consent')
    return { field: 'withoutConsent', rule: 'alerts_consent_contradiction' };
  if (!input.mayOverride) return { field: 'withoutConsent', rule: 'alerts_override_role' };
  if (input.justification.trim().length < JUSTIFICATION_MIN)
    return { field: 'justification', rule: 'alerts_justification' };
  return null;
}

/**
 * The table governance's section of the annual report: meetings held and their attendance, decisions,
 * and the action plan's progress over the year, counted in the region's calendar days.
 */
import type { Locale } from '../../../shared/roles.js';
import { zonedMidnightUtc } from '../../../shared/time-zone.js';
import type { Executor } from '../../platform/db/database.js';
import { t } from '../../platform/i18n/i18n.js';
import type { ReportContributor, ReportSection } from '../../platform/reports/annual-report.js';
import { closedMeetingsBetween } from './meetings.repository.js';
import { listPlanItems } from './plan.repository.js';
import { isOverdue, localDate, rollUp } from './plan.rules.js';

const round1 = (n: number) => Math.round(n * 10) / 10;

/** Meetings, attendance, decisions and the action plan's progress for one calendar year. */
export async function computeGovernanceSection(
  db: Executor,
  input: { year: number; locale: Locale; timeZone: string; now?: Date },
): Promise<ReportSection> {
  const { year, locale, timeZone } = input;
  const label = (key: string, params?: Record<string, unknown>) =>
    t(locale, `report.governance.${key}`, params);
  const meetings = await closedMeetingsBetween(
    db,
    zonedMidnightUtc(`${year}-01-01`, timeZone),
    zonedMidnightUtc(`${year + 1}-01-01`, timeZone),
  );
  const held = meetings.length;
  const average = (pick: (m: (typeof meetings)[number]) => number) =>
    held === 0 ? 0 : round1(meetings.reduce((sum, m) => sum + pick(m), 0) / held);
  const decisions = meetings.reduce((sum, m) => sum + m.decisions, 0);

  const items = await listPlanItems(db);
  const rolled = rollUp(
    items.map((i) => ({
      id: i.id,
      parentId: i.parent_id,
      weight: i.weight,
      progress: i.progress,
      status: i.status,
    })),
  );
  const today = localDate(input.now ?? new Date(), timeZone);
  const asOf = today < `${year}-12-31` ? today : `${year}-12-31`;
  const overdue = items.filter((i) => isOverdue({ dueDate: i.due_date, status: i.status }, asOf)).length;
  const mandates = items.filter((i) => i.kind === 'mandate');
  const titles = mandates.map((m) => (locale === 'en-CA' ? m.title_en : m.title_fr));

  return {
    key: 'governance',
    title: label('title'),
    figures: [
      { label: label('meetingsHeld'), value: held },
      { label: label('averagePeople'), value: average((m) => m.people_present) },
      { label: label('averageOrganisations'), value: average((m) => m.organisations_present) },
      { label: label('decisions'), value: decisions },
      { label: label('overdue'), value: overdue },
    ],
    charts: [
      {
        kind: 'bar',
        title: label('progressChart'),
        categories: titles,
        series: [{ name: label('progress'), values: mandates.map((m) => rolled.get(m.id) ?? 0) }],
      },
    ],
    tables: [
      {
        title: label('progressChart'),
        columns: [label('mandate'), label('progress')],
        rows: mandates.map((m, index) => [titles[index]!, `${rolled.get(m.id) ?? 0} %`]),
      },
    ],
  };
}

export function governanceReportContributor(now: () => Date): ReportContributor {
  return {
    key: 'governance',
    order: 20,
    compute: (db, input) => computeGovernanceSection(db, { ...input, now: input.now ?? now() }),
  };
}

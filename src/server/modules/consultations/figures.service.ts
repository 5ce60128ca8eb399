// The table's figures on consultations (counts by month, urgency and expertise, times to take and to
// answer, share answered on time), computed from non-identifying facts (tombstones included), with
// small counts suppressed; also the consultations' section of the annual report.

import { sql } from 'kysely';
import type {
  ConsultationFigures,
  ConsultationFiguresQuery,
} from '../../../shared/contracts/consultations.js';
import {
  CONSULTATION_EXPERTISE,
  CONSULTATION_URGENCIES,
  type ConsultationExpertise,
  type ConsultationUrgency,
} from '../../../shared/contracts/consultations.values.js';
import { median } from '../../../shared/report.js';
import { localDay } from '../../../shared/time-zone.js';
import type { Actor } from '../../platform/authz/actor.js';
import { authorize } from '../../platform/authz/authorize.js';
import type { Executor } from '../../platform/db/database.js';
import { t } from '../../platform/i18n/i18n.js';
import type { Platform } from '../../platform/platform.js';
import type { ReportContributor } from '../../platform/reports/annual-report.js';
import {
  complement,
  complementEach,
  roundedCount,
  roundedShare,
  SMALL_COUNT,
  wholeMonths,
} from '../../platform/reports/small-counts.js';
import { keepsTable } from './consultations.policy.js';
import * as repo from './consultations.repository.js';

const HOUR = 3_600_000;
const round1 = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);

/** The figures of a span (both days included). */
export async function computeFigures(
  db: Executor,
  span: { from: string; to: string; timeZone: string; now: Date },
): Promise<ConsultationFigures> {
  const facts = (await repo.factsBetween(db, span.from, span.to, span.timeZone)).filter(
    (f) => f.status !== 'withdrawn',
  );
  const byMonth = new Map<string, number>();
  const byUrgency = new Map<ConsultationUrgency, number>();
  const byExpertise = new Map<ConsultationExpertise, number>();
  for (const f of facts) {
    byMonth.set(`${f.month}|${f.urgency}`, (byMonth.get(`${f.month}|${f.urgency}`) ?? 0) + 1);
    byUrgency.set(f.urgency, (byUrgency.get(f.urgency) ?? 0) + 1);
    for (const e of f.expertise) byExpertise.set(e, (byExpertise.get(e) ?? 0) + 1);
  }
  const toTake = facts
    .filter((f) => f.taken_at)
    .map((f) => (f.taken_at!.getTime() - f.created_at.getTime()) / HOUR);
  const toAnswer = facts
    .filter((f) => f.first_answer_at)
    .map((f) => (f.first_answer_at!.getTime() - f.created_at.getTime()) / HOUR);
  // Only the consultations whose due time is decided: answered, or past due.
  const due = facts.filter((f) => f.first_answer_at !== null || f.due_at < span.now);
  const onTime = due.filter((f) => f.first_answer_at !== null && f.first_answer_at <= f.due_at).length;
  const knowledge = await db
    .selectFrom('consultation_knowledge')
    .select(sql<number>`count(*)::int`.as('n'))
    .where(
      sql<boolean>`(created_at at time zone ${span.timeZone})::date between ${span.from}::date and ${span.to}::date`,
    )
    .executeTakeFirstOrThrow();
  return {
    from: span.from,
    to: span.to,
    smallCell: SMALL_COUNT,
    total: roundedCount(facts.length),
    byMonth: complementEach(
      [...byMonth.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, count]) => {
          const [month, urgency] = key.split('|') as [string, ConsultationUrgency];
          return { month, urgency, consultations: roundedCount(count) };
        }),
      (row) => row.month,
      (row) => row.consultations,
      (row) => ({ ...row, consultations: null }),
    ),
    byUrgency: complement(
      CONSULTATION_URGENCIES.filter((u) => byUrgency.has(u)).map((urgency) => ({
        urgency,
        consultations: roundedCount(byUrgency.get(urgency)!),
      })),
      (row) => row.consultations,
      (row) => ({ ...row, consultations: null }),
    ),
    // A consultation may carry several subjects: these counts do not add up to the total.
    byExpertise: CONSULTATION_EXPERTISE.filter((e) => byExpertise.has(e)).map((expertise) => ({
      expertise,
      consultations: roundedCount(byExpertise.get(expertise)!),
    })),
    unrouted: roundedCount(facts.filter((f) => f.unrouted).length),
    medianHoursToTake: toTake.length >= SMALL_COUNT ? round1(median(toTake)) : null,
    medianHoursToFirstAnswer: toAnswer.length >= SMALL_COUNT ? round1(median(toAnswer)) : null,
    answeredOnTime: roundedShare(onTime, due.length),
    knowledgeEntries: roundedCount(knowledge.n),
  };
}

/**
 * The table's figures, over whole months only (the last twelve and this one unless a span is given):
 * two spans a day apart would tell a suppressed count by their difference.
 */
export async function readFigures(
  platform: Platform,
  actor: Actor,
  query: ConsultationFiguresQuery,
): Promise<ConsultationFigures> {
  authorize(keepsTable(actor), { hide: false });
  const { from, to } = wholeMonths(query, localDay(platform.now(), platform.config.timeZone));
  return computeFigures(platform.db, { from, to, timeZone: platform.config.timeZone, now: platform.now() });
}

/** Consultations in the table's annual report, with the same suppression of small counts. */
export const consultationsReportContributor: ReportContributor = {
  key: 'consultations',
  order: 57,
  async compute(db, { year, locale, timeZone, now }) {
    const label = (key: string, params?: Record<string, string | number>) =>
      t(locale, `report.consultations.${key}`, params);
    const figures = await computeFigures(db, {
      from: `${year}-01-01`,
      to: `${year}-12-31`,
      timeZone,
      now: now ?? new Date(),
    });
    const shown = (value: number | null) => (value === null ? label('fewer', { count: SMALL_COUNT }) : value);
    return {
      key: 'consultations',
      title: label('title'),
      figures: [
        ...(figures.total !== null ? [{ label: label('total'), value: figures.total }] : []),
        ...(figures.answeredOnTime !== null
          ? [{ label: label('on_time'), value: Math.round(figures.answeredOnTime * 100), unit: '%' }]
          : []),
        ...(figures.medianHoursToFirstAnswer !== null
          ? [{ label: label('first_answer'), value: figures.medianHoursToFirstAnswer, unit: label('hours') }]
          : []),
        ...(figures.knowledgeEntries !== null
          ? [{ label: label('knowledge'), value: figures.knowledgeEntries }]
          : []),
      ],
      charts: [],
      tables: [
        {
          title: label('by_urgency'),
          columns: [label('urgency'), label('consultations')],
          rows: figures.byUrgency.map((row) => [label(`urgency_${row.urgency}`), shown(row.consultations)]),
        },
        {
          title: label('by_expertise'),
          columns: [label('expertise'), label('consultations')],
          rows: figures.byExpertise.map((row) => [
            label(`expertise_${row.expertise}`),
            shown(row.consultations),
          ]),
        },
      ],
    };
  },
};

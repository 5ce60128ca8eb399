import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.js';
import { organisationColumn, organisationName } from '../accounts/index.js';

/**
 * The trained-worker figures, read from completions. A person is counted once per breakdown cell
 * (distinct participants), however many sessions of a course they completed.
 */

export interface YearRow {
  year: number;
  /** Distinct participants who completed any course that year. */
  trained: number;
  /** Participants whose first completion ever falls that year. */
  first_time: number;
}

const yearOf = sql<number>`extract(year from c.completed_on)::int`;

/** Each participant's first completion ever (`f.first_on`). */
function firstCompletions(db: Executor) {
  return db
    .selectFrom('training_completions')
    .select(['participant_id', (eb) => eb.fn.min('completed_on').as('first_on')])
    .groupBy('participant_id')
    .as('f');
}

export async function byYear(db: Executor): Promise<YearRow[]> {
  const trained = await db
    .selectFrom('training_completions as c')
    .select([yearOf.as('year'), sql<string>`count(distinct c.participant_id)`.as('n')])
    .groupBy(yearOf)
    .execute();
  const first = await db
    .selectFrom(firstCompletions(db))
    .select([sql<number>`extract(year from f.first_on)::int`.as('year'), sql<string>`count(*)`.as('n')])
    .groupBy(sql`extract(year from f.first_on)::int`)
    .execute();
  const firstByYear = new Map(first.map((r) => [Number(r.year), Number(r.n)]));
  return trained
    .map((r) => ({
      year: Number(r.year),
      trained: Number(r.n),
      first_time: firstByYear.get(Number(r.year)) ?? 0,
    }))
    .sort((a, b) => a.year - b.year);
}

export interface CountRow {
  key: string;
  n: number;
}

function scoped(year: number | null, upTo = false) {
  if (year === null) return sql<boolean>`true`;
  return upTo
    ? sql<boolean>`extract(year from c.completed_on) <= ${year}`
    : sql<boolean>`extract(year from c.completed_on) = ${year}`;
}

/** Distinct participants per course (in a year, up to a year's end, or since the start). */
export async function byCourse(
  db: Executor,
  year: number | null,
  upTo = false,
): Promise<Array<CountRow & { code: string; title_fr: string; title_en: string }>> {
  const rows = await db
    .selectFrom('training_completions as c')
    .innerJoin('training_courses as k', 'k.id', 'c.course_id')
    .select([
      'k.id as key',
      'k.code',
      'k.title_fr',
      'k.title_en',
      sql<string>`count(distinct c.participant_id)`.as('n'),
    ])
    .where(scoped(year, upTo))
    .groupBy(['k.id', 'k.code', 'k.title_fr', 'k.title_en'])
    .orderBy('k.code')
    .execute();
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}

/** Distinct participants per organisation type (the type at completion). */
export async function byOrganisationType(
  db: Executor,
  year: number | null,
  upTo = false,
): Promise<CountRow[]> {
  const rows = await db
    .selectFrom('training_completions as c')
    .select(['c.organisation_type as key', sql<string>`count(distinct c.participant_id)`.as('n')])
    .where(scoped(year, upTo))
    .groupBy('c.organisation_type')
    .orderBy('c.organisation_type')
    .execute();
  return rows.map((r) => ({ key: r.key, n: Number(r.n) }));
}

/** Distinct participants per partner organisation (completions without one are left out). */
export async function byOrganisation(
  db: Executor,
  year: number | null,
): Promise<Array<CountRow & { name: string; type: string }>> {
  const rows = await db
    .selectFrom('training_completions as c')
    .select([
      'c.organisation_id as key',
      organisationName('c.organisation_id').as('name'),
      organisationColumn<string>('c.organisation_id', 'type').as('type'),
      sql<string>`count(distinct c.participant_id)`.as('n'),
    ])
    .where(scoped(year))
    .where('c.organisation_id', 'is not', null)
    .groupBy('c.organisation_id')
    .orderBy(organisationName('c.organisation_id'))
    .execute();
  return rows.map((r) => ({ key: r.key!, name: r.name!, type: r.type!, n: Number(r.n) }));
}

/** Distinct participants overall (in a year, up to its end, or since the start). */
export async function distinctTrained(db: Executor, year: number | null, upTo = false): Promise<number> {
  const row = await db
    .selectFrom('training_completions as c')
    .select(sql<string>`count(distinct c.participant_id)`.as('n'))
    .where(scoped(year, upTo))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Participants whose first completion falls in a year. */
export async function firstTimeIn(db: Executor, year: number): Promise<number> {
  const row = await db
    .selectFrom(firstCompletions(db))
    .select(sql<string>`count(*)`.as('n'))
    .where(sql<boolean>`extract(year from f.first_on) = ${year}`)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The courses each of some people completed (Filet people only, through their participant record). */
export async function coursesCompletedBy(
  db: Executor,
  personIds: readonly string[],
): Promise<Map<string, Array<{ courseId: string; completedOn: string }>>> {
  const result = new Map<string, Array<{ courseId: string; completedOn: string }>>();
  if (personIds.length === 0) return result;
  const rows = await db
    .selectFrom('training_completions as c')
    .innerJoin('training_participants as p', 'p.id', 'c.participant_id')
    .select(['p.person_id', 'c.course_id', (eb) => eb.fn.min('c.completed_on').as('completed_on')])
    .where('p.person_id', 'in', [...personIds])
    .groupBy(['p.person_id', 'c.course_id'])
    .execute();
  for (const row of rows) {
    if (!row.person_id) continue;
    const list = result.get(row.person_id) ?? [];
    list.push({ courseId: row.course_id, completedOn: String(row.completed_on) });
    result.set(row.person_id, list);
  }
  return result;
}

/** The course(s) the network counts as making a pivot "trained". */
export async function networkPrerequisiteCourses(db: Executor): Promise<string[]> {
  const rows = await db
    .selectFrom('training_courses')
    .select('id')
    .where('network_prerequisite', '=', true)
    .execute();
  return rows.map((r) => r.id);
}

/** Distinct participants per course and year, for the course × year table of the exports. */
export async function byCourseAndYear(
  db: Executor,
): Promise<Array<{ course_id: string; code: string; year: number; n: number }>> {
  const rows = await db
    .selectFrom('training_completions as c')
    .innerJoin('training_courses as k', 'k.id', 'c.course_id')
    .select([
      'c.course_id',
      'k.code',
      yearOf.as('year'),
      sql<string>`count(distinct c.participant_id)`.as('n'),
    ])
    .groupBy(['c.course_id', 'k.code', yearOf])
    .execute();
  return rows.map((r) => ({ course_id: r.course_id, code: r.code, year: Number(r.year), n: Number(r.n) }));
}

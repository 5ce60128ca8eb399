import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.js';
import type { CourseKind } from './training.table.js';

/** The catalogue's SQL: courses, their prerequisites, the catalogue's edit lock. */

export interface CourseRow {
  id: string;
  code: string;
  kind: CourseKind;
  title_fr: string;
  title_en: string;
  description_fr: string;
  description_en: string;
  objectives_fr: string;
  objectives_en: string;
  duration_days: number;
  audiences: string[];
  open_to_outside: boolean;
  certificate_validity_months: number | null;
  network_prerequisite: boolean;
  active: boolean;
  prerequisite_ids: string[];
}

function courseQuery(db: Executor) {
  return db
    .selectFrom('training_courses as c')
    .select([
      'c.id',
      'c.code',
      'c.kind',
      'c.title_fr',
      'c.title_en',
      'c.description_fr',
      'c.description_en',
      'c.objectives_fr',
      'c.objectives_en',
      'c.duration_days',
      'c.audiences',
      'c.open_to_outside',
      'c.certificate_validity_months',
      'c.network_prerequisite',
      'c.active',
      sql<
        string[]
      >`coalesce((select array_agg(p.prerequisite_id::text order by p.prerequisite_id) from training_course_prerequisites p where p.course_id = c.id), '{}')`.as(
        'prerequisite_ids',
      ),
    ]);
}

export async function listCourses(db: Executor, options: { activeOnly: boolean }): Promise<CourseRow[]> {
  let query = courseQuery(db);
  if (options.activeOnly) query = query.where('c.active', '=', true);
  return query.orderBy('c.code').execute();
}

export async function findCourse(db: Executor, id: string): Promise<CourseRow | undefined> {
  return courseQuery(db).where('c.id', '=', id).executeTakeFirst();
}

export async function courseCodeTaken(db: Executor, code: string, exceptId: string | null): Promise<boolean> {
  let query = db.selectFrom('training_courses').select('id').where('code', '=', code);
  if (exceptId) query = query.where('id', '<>', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

export async function existingCourseIds(db: Executor, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('training_courses')
    .select('id')
    .where('id', 'in', [...ids])
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** A course as written: its row without the id and the prerequisites (kept in their own table). */
export type CourseInsert = Omit<CourseRow, 'id' | 'prerequisite_ids'>;

export async function insertCourse(db: Executor, values: CourseInsert): Promise<string> {
  const row = await db
    .insertInto('training_courses')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateCourse(
  db: Executor,
  id: string,
  values: Partial<CourseInsert>,
  now: Date,
): Promise<void> {
  await db
    .updateTable('training_courses')
    .set({ ...values, updated_at: now })
    .where('id', '=', id)
    .execute();
}

/** Only one course is the network's prerequisite: flagging one unflags the others. */
export async function clearNetworkPrerequisite(db: Executor, exceptId: string | null): Promise<void> {
  let query = db
    .updateTable('training_courses')
    .set({ network_prerequisite: false })
    .where('network_prerequisite', '=', true);
  if (exceptId) query = query.where('id', '<>', exceptId);
  await query.execute();
}

export async function prerequisiteEdges(
  db: Executor,
): Promise<Array<{ courseId: string; prerequisiteId: string }>> {
  const rows = await db
    .selectFrom('training_course_prerequisites')
    .select(['course_id', 'prerequisite_id'])
    .execute();
  return rows.map((r) => ({ courseId: r.course_id, prerequisiteId: r.prerequisite_id }));
}

export async function replacePrerequisites(db: Executor, courseId: string, ids: readonly string[]) {
  await db.deleteFrom('training_course_prerequisites').where('course_id', '=', courseId).execute();
  if (ids.length > 0) {
    await db
      .insertInto('training_course_prerequisites')
      .values(ids.map((prerequisite_id) => ({ course_id: courseId, prerequisite_id })))
      .execute();
  }
}

/** Serialises catalogue edits, so two concurrent edits cannot each close half of a cycle. */
export async function lockCatalogue(db: Executor): Promise<void> {
  await sql`select pg_advisory_xact_lock(${8_112_026_001})`.execute(db);
}

export async function courseTitles(
  db: Executor,
  ids: readonly string[],
): Promise<Array<{ id: string; title_fr: string; title_en: string }>> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('training_courses')
    .select(['id', 'title_fr', 'title_en'])
    .where('id', 'in', [...ids])
    .orderBy('code')
    .execute();
}

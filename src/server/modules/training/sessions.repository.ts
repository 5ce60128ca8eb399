import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.js';
import { peopleWithRole, personColumn, personName } from '../accounts/index.js';
import type { CourseKind, SessionStatus } from './training.table.js';

/**
 * Sessions' SQL: a session with its course, days, trainers and seat counts; planning (days, trainers,
 * the planning lock); the session row lock every change to its registrations takes first.
 */

export interface SessionRow {
  id: string;
  course_id: string;
  course_code: string;
  course_title_fr: string;
  course_title_en: string;
  course_kind: CourseKind;
  open_to_outside: boolean;
  place: string | null;
  video_url: string | null;
  capacity: number;
  registration_deadline: Date;
  status: SessionStatus;
  starts_at: Date | null;
  ends_at: Date | null;
  updated_at: Date;
  confirmed: number;
  offered: number;
  waitlisted: number;
  trainer_ids: string[];
}

function sessionQuery(db: Executor) {
  return db
    .selectFrom('training_sessions as s')
    .innerJoin('training_courses as c', 'c.id', 's.course_id')
    .select([
      's.id',
      's.course_id',
      'c.code as course_code',
      'c.title_fr as course_title_fr',
      'c.title_en as course_title_en',
      'c.kind as course_kind',
      'c.open_to_outside',
      's.place',
      's.video_url',
      's.capacity',
      's.registration_deadline',
      's.status',
      's.updated_at',
      sql<Date | null>`(select min(d.starts_at) from training_session_days d where d.session_id = s.id)`.as(
        'starts_at',
      ),
      sql<Date | null>`(select max(d.ends_at) from training_session_days d where d.session_id = s.id)`.as(
        'ends_at',
      ),
      sql<number>`(select count(*)::int from training_registrations r where r.session_id = s.id and r.status = 'confirmed')`.as(
        'confirmed',
      ),
      sql<number>`(select count(*)::int from training_registrations r where r.session_id = s.id and r.status = 'offered')`.as(
        'offered',
      ),
      sql<number>`(select count(*)::int from training_registrations r where r.session_id = s.id and r.status = 'waitlisted')`.as(
        'waitlisted',
      ),
      sql<
        string[]
      >`coalesce((select array_agg(t.person_id::text order by t.person_id) from training_session_trainers t where t.session_id = s.id), '{}')`.as(
        'trainer_ids',
      ),
    ]);
}

export async function listSessions(
  db: Executor,
  filter: { from?: Date | undefined; courseId?: string | undefined; trainerId?: string | undefined },
): Promise<SessionRow[]> {
  let query = sessionQuery(db);
  if (filter.from) {
    const from = filter.from;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('training_session_days as fd')
          .select('fd.session_id')
          .whereRef('fd.session_id', '=', 's.id')
          .where('fd.ends_at', '>=', from),
      ),
    );
  }
  if (filter.courseId) query = query.where('s.course_id', '=', filter.courseId);
  if (filter.trainerId) {
    const trainerId = filter.trainerId;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('training_session_trainers as ft')
          .select('ft.session_id')
          .whereRef('ft.session_id', '=', 's.id')
          .where('ft.person_id', '=', trainerId),
      ),
    );
  }
  return query
    .orderBy(sql`(select min(d.starts_at) from training_session_days d where d.session_id = s.id)`)
    .orderBy('s.id')
    .limit(500)
    .execute();
}

export async function findSession(db: Executor, id: string): Promise<SessionRow | undefined> {
  return sessionQuery(db).where('s.id', '=', id).executeTakeFirst();
}

/**
 * Locks the session row: every change to its registrations takes this lock first, so seats, the wait
 * list and promotions of one session are decided one transaction at a time.
 */
export async function lockSession(db: Executor, id: string) {
  return db
    .selectFrom('training_sessions')
    .select(['id', 'course_id', 'capacity', 'registration_deadline', 'status', 'next_queue_number'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

/**
 * Locks several session rows at once, in the order of their ids (so two transactions locking
 * overlapping sets cannot each wait for the other). See lockSession.
 */
export async function lockSessions(db: Executor, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .selectFrom('training_sessions')
    .select('id')
    .where('id', 'in', [...ids])
    .orderBy('id')
    .forUpdate()
    .execute();
}

export interface DayRow {
  day: string;
  starts_at: Date;
  ends_at: Date;
}

export async function sessionDays(db: Executor, sessionId: string): Promise<DayRow[]> {
  return db
    .selectFrom('training_session_days')
    .select(['day', 'starts_at', 'ends_at'])
    .where('session_id', '=', sessionId)
    .orderBy('day')
    .execute();
}

export async function sessionTrainers(
  db: Executor,
  sessionId: string,
): Promise<Array<{ id: string; name: string; email: string }>> {
  const rows = await db
    .selectFrom('training_session_trainers as t')
    .select([
      't.person_id as id',
      personName('t.person_id').as('name'),
      personColumn('t.person_id', 'email').as('email'),
    ])
    .where('t.session_id', '=', sessionId)
    .orderBy(personColumn('t.person_id', 'family_name'))
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name ?? '', email: r.email ?? '' }));
}

/** Serialises session planning, so two sessions of one trainer cannot be saved over each other at once. */
export async function lockPlanning(db: Executor): Promise<void> {
  await sql`select pg_advisory_xact_lock(${8_112_026_002})`.execute(db);
}

export interface SessionInsert {
  course_id: string;
  place: string | null;
  video_url: string | null;
  capacity: number;
  registration_deadline: Date;
  created_by: string;
}

export async function insertSession(db: Executor, values: SessionInsert, now: Date): Promise<string> {
  const row = await db
    .insertInto('training_sessions')
    .values({ ...values, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateSession(
  db: Executor,
  id: string,
  values: Partial<Omit<SessionInsert, 'created_by' | 'course_id'>> & {
    status?: SessionStatus;
    next_queue_number?: number;
  },
  now: Date,
): Promise<void> {
  await db
    .updateTable('training_sessions')
    .set({ ...values, updated_at: now })
    .where('id', '=', id)
    .execute();
}

export async function replaceDays(db: Executor, sessionId: string, days: readonly DayRow[]): Promise<void> {
  await db.deleteFrom('training_session_days').where('session_id', '=', sessionId).execute();
  if (days.length > 0) {
    await db
      .insertInto('training_session_days')
      .values(days.map((d) => ({ session_id: sessionId, ...d })))
      .execute();
  }
}

export async function replaceTrainers(
  db: Executor,
  sessionId: string,
  ids: readonly string[],
): Promise<void> {
  await db.deleteFrom('training_session_trainers').where('session_id', '=', sessionId).execute();
  if (ids.length > 0) {
    await db
      .insertInto('training_session_trainers')
      .values(ids.map((person_id) => ({ session_id: sessionId, person_id })))
      .execute();
  }
}

/** Days of the other live sessions of these trainers, to refuse a trainer in two places at once. */
export async function trainerBusyDays(
  db: Executor,
  trainerIds: readonly string[],
  exceptSessionId: string | null,
): Promise<Array<{ person_id: string; starts_at: Date; ends_at: Date }>> {
  if (trainerIds.length === 0) return [];
  let query = db
    .selectFrom('training_session_trainers as t')
    .innerJoin('training_sessions as s', 's.id', 't.session_id')
    .innerJoin('training_session_days as d', 'd.session_id', 's.id')
    .select(['t.person_id', 'd.starts_at', 'd.ends_at'])
    .where('t.person_id', 'in', [...trainerIds])
    .where('s.status', '<>', 'cancelled');
  if (exceptSessionId) query = query.where('s.id', '<>', exceptSessionId);
  return query.execute();
}

export interface TrainerRow {
  id: string;
  name: string;
  organisation_name: string;
}

/** The active trainers, by family then given name (read through the accounts module). */
export async function listTrainers(db: Executor): Promise<TrainerRow[]> {
  const trainers = await peopleWithRole(db, 'trainer', { byName: true });
  return trainers.map((t) => ({ id: t.id, name: t.full_name, organisation_name: t.organisation_name }));
}

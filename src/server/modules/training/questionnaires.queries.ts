import { type ExpressionBuilder, sql } from 'kysely';
import type { Executor } from '../../platform/db/database.js';
import type { DB } from '../../platform/db/schema.js';

/**
 * Query pieces over sessions shared by the questionnaire repositories: a session's first start and last
 * end, its course, whether someone holds a confirmed seat, attended or answered.
 */

/** A query over sessions as `s`. */
type WithSession = DB & { s: DB['training_sessions'] };

/** A query over sessions as `s` and their courses as `c`. */
type WithCourse = WithSession & { c: DB['training_courses'] };

/** A query over registrations as `g` and their sessions as `s`. */
type WithRegistration = WithSession & { g: DB['training_registrations'] };

/** The start of session `s`'s first day. */
function firstStart(eb: ExpressionBuilder<WithSession, 's'>) {
  return eb
    .selectFrom('training_session_days as d')
    .select((e) => e.fn.min('d.starts_at').as('v'))
    .whereRef('d.session_id', '=', 's.id');
}

/** The end of session `s`'s last day. */
export function lastEnd(eb: ExpressionBuilder<WithSession, 's'>) {
  return eb
    .selectFrom('training_session_days as d')
    .select((e) => e.fn.max('d.ends_at').as('v'))
    .whereRef('d.session_id', '=', 's.id');
}

/** A session's course and the span of its days, as evaluations show them. */
export interface SessionCourseRow {
  course_id: string;
  course_code: string;
  title_fr: string;
  title_en: string;
  first_start: Date | null;
  last_end: Date | null;
}

/** Selects a `SessionCourseRow` for session `s` of course `c`. */
export function sessionCourse(eb: ExpressionBuilder<WithCourse, 's' | 'c'>) {
  return [
    's.course_id',
    'c.code as course_code',
    'c.title_fr',
    'c.title_en',
    firstStart(eb).as('first_start'),
    lastEnd(eb).as('last_end'),
  ] as const;
}

/** Each session's first start and last end, to join as `d` on `d.session_id`. */
export function daySpans(db: Executor) {
  return db
    .selectFrom('training_session_days')
    .select((e) => [
      'session_id',
      e.fn.min('starts_at').as('first_start'),
      e.fn.max('ends_at').as('last_end'),
    ])
    .groupBy('session_id')
    .as('d');
}

/** Whether the Filet person holds a confirmed seat in session `s`. */
export function holdsConfirmedSeat(eb: ExpressionBuilder<WithSession, 's'>, personId: string) {
  return eb.exists(
    eb
      .selectFrom('training_registrations as g')
      .innerJoin('training_participants as p', 'p.id', 'g.participant_id')
      .select('g.id')
      .whereRef('g.session_id', '=', 's.id')
      .where('g.status', '=', 'confirmed')
      .where('p.person_id', '=', personId),
  );
}

/** Whether the outside participant of registration `g` has answered the evaluation of its session `s`. */
export function answeredOutside(eb: ExpressionBuilder<WithRegistration, 's' | 'g'>) {
  return eb.exists(
    eb
      .selectFrom('questionnaire_responses as r')
      .select('r.id')
      .whereRef('r.session_id', '=', 's.id')
      .whereRef('r.participant_id', '=', 'g.participant_id'),
  );
}

/**
 * Attended, for an outside participant: a confirmed seat, and not marked absent or excused on every
 * day (a session whose attendance was never taken counts everyone confirmed).
 */
export const ATTENDED = sql<boolean>`(not exists (select 1 from training_attendance a where a.registration_id = g.id)
  or exists (select 1 from training_attendance a where a.registration_id = g.id and a.status in ('present', 'late')))`;

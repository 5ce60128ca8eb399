import type { Executor } from '../../platform/db/database.js';
import {
  ATTENDED,
  answeredOutside,
  holdsConfirmedSeat,
  type SessionCourseRow,
  sessionCourse,
} from './questionnaires.queries.js';

/** A session as its evaluation sees it: for a Filet person, or for an outside participant's registration. */

export interface EvaluationSessionRow extends SessionCourseRow {
  id: string;
  status: string;
  confirmed: boolean;
  trainer: boolean;
  answered: boolean;
}

function sessionQuery(db: Executor, personId: string) {
  return db
    .selectFrom('training_sessions as s')
    .innerJoin('training_courses as c', 'c.id', 's.course_id')
    .select((eb) => [
      's.id',
      's.status',
      ...sessionCourse(eb),
      holdsConfirmedSeat(eb, personId).as('confirmed'),
      eb
        .exists(
          eb
            .selectFrom('training_session_trainers as tr')
            .select('tr.person_id')
            .whereRef('tr.session_id', '=', 's.id')
            .where('tr.person_id', '=', personId),
        )
        .as('trainer'),
      eb
        .exists(
          eb
            .selectFrom('questionnaire_responses as r')
            .select('r.id')
            .whereRef('r.session_id', '=', 's.id')
            .where('r.person_id', '=', personId),
        )
        .as('answered'),
    ]);
}

export async function findEvaluationSession(
  db: Executor,
  sessionId: string,
  personId: string,
): Promise<EvaluationSessionRow | undefined> {
  const row = await sessionQuery(db, personId).where('s.id', '=', sessionId).executeTakeFirst();
  return row as EvaluationSessionRow | undefined;
}

/** Sessions where the person holds a confirmed seat (not cancelled), newest first. */
export async function sessionsOfParticipant(db: Executor, personId: string): Promise<EvaluationSessionRow[]> {
  const rows = await sessionQuery(db, personId)
    .where('s.status', '<>', 'cancelled')
    .where((eb) => holdsConfirmedSeat(eb, personId))
    .execute();
  return (rows as EvaluationSessionRow[]).sort(
    (a, b) => (b.last_end?.getTime() ?? 0) - (a.last_end?.getTime() ?? 0),
  );
}

/** The Filet people holding a confirmed seat in a session (demo data and tests). */
export async function confirmedPeopleOf(db: Executor, sessionId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('training_registrations as g')
    .innerJoin('training_participants as p', 'p.id', 'g.participant_id')
    .select('p.person_id')
    .where('g.session_id', '=', sessionId)
    .where('g.status', '=', 'confirmed')
    .where('p.person_id', 'is not', null)
    .orderBy('p.person_id')
    .execute();
  return rows.flatMap((r) => (r.person_id ? [r.person_id] : []));
}

export interface OutsideEvaluationRow extends SessionCourseRow {
  registration_id: string;
  link_version: number;
  participant_id: string;
  organisation_type: string;
  status: string;
  session_id: string;
  session_status: string;
  attended: boolean;
  answered: boolean;
}

/** The registration an outside participant's evaluation link names, with its session. */
export async function findOutsideEvaluation(
  db: Executor,
  registrationId: string,
): Promise<OutsideEvaluationRow | undefined> {
  const row = await db
    .selectFrom('training_registrations as g')
    .innerJoin('training_participants as p', 'p.id', 'g.participant_id')
    .innerJoin('training_sessions as s', 's.id', 'g.session_id')
    .innerJoin('training_courses as c', 'c.id', 's.course_id')
    .select((eb) => [
      'g.id as registration_id',
      'g.link_version',
      'g.participant_id',
      'p.organisation_type',
      'g.status',
      's.id as session_id',
      's.status as session_status',
      ...sessionCourse(eb),
      ATTENDED.as('attended'),
      answeredOutside(eb).as('answered'),
    ])
    .where('g.id', '=', registrationId)
    .where('p.source', '=', 'invited')
    .executeTakeFirst();
  return row as OutsideEvaluationRow | undefined;
}

import type { Executor } from '../../platform/db/database.js';
import { organisationName } from '../accounts/index.js';
import type { StoredAnswer } from './questionnaire.rules.js';
import { daySpans, type SessionCourseRow } from './questionnaires.queries.js';

/** Results' SQL: evaluated sessions, and answer sets counted and read without who gave them. */

export interface SessionResultRow extends SessionCourseRow {
  id: string;
  responses: number;
}

/** Ended sessions with their count of evaluations; all of them, or those a trainer gave. */
export async function sessionsWithEvaluations(
  db: Executor,
  scope: { trainerId: string | null },
  now: Date,
): Promise<SessionResultRow[]> {
  let query = db
    .selectFrom('training_sessions as s')
    .innerJoin('training_courses as c', 'c.id', 's.course_id')
    .innerJoin(daySpans(db), (join) => join.onRef('d.session_id', '=', 's.id'))
    .select((eb) => [
      's.id',
      's.course_id',
      'c.code as course_code',
      'c.title_fr',
      'c.title_en',
      'd.first_start',
      'd.last_end',
      eb
        .selectFrom('questionnaire_responses as r')
        .select(eb.fn.countAll<string>().as('n'))
        .whereRef('r.session_id', '=', 's.id')
        .as('responses'),
    ])
    .where('s.status', '<>', 'cancelled')
    .where('d.last_end', '<=', now);
  if (scope.trainerId) {
    const trainerId = scope.trainerId;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('training_session_trainers as tr')
          .select('tr.person_id')
          .whereRef('tr.session_id', '=', 's.id')
          .where('tr.person_id', '=', trainerId),
      ),
    );
  }
  const rows = await query.orderBy('d.last_end', 'desc').limit(500).execute();
  return rows.map((r) => ({ ...r, responses: Number(r.responses ?? 0) })) as SessionResultRow[];
}

export async function trainsCourse(db: Executor, courseId: string, personId: string): Promise<boolean> {
  const row = await db
    .selectFrom('training_session_trainers as tr')
    .innerJoin('training_sessions as s', 's.id', 'tr.session_id')
    .select('tr.person_id')
    .where('s.course_id', '=', courseId)
    .where('tr.person_id', '=', personId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export interface ResponseFilter {
  questionnaireId?: string;
  sessionId?: string;
  courseId?: string;
  organisationType?: string;
  organisationId?: string;
}

/** Counts of answer sets per questionnaire for a filter (a session's or course's evaluations, a survey). */
export async function responseCountsByQuestionnaire(
  db: Executor,
  filter: ResponseFilter,
): Promise<Array<{ questionnaire_id: string; n: number }>> {
  let query = db
    .selectFrom('questionnaire_responses as r')
    .select(['r.questionnaire_id', (eb) => eb.fn.countAll<string>().as('n')])
    .groupBy('r.questionnaire_id');
  if (filter.questionnaireId) query = query.where('r.questionnaire_id', '=', filter.questionnaireId);
  if (filter.sessionId) query = query.where('r.session_id', '=', filter.sessionId);
  if (filter.courseId) query = query.where('r.course_id', '=', filter.courseId);
  if (filter.organisationType) query = query.where('r.organisation_type', '=', filter.organisationType);
  if (filter.organisationId) query = query.where('r.organisation_id', '=', filter.organisationId);
  const rows = await query.execute();
  return rows.map((r) => ({ questionnaire_id: r.questionnaire_id, n: Number(r.n) }));
}

/** The answers of the answer sets matching a filter, without who gave them or when. */
export async function answersOf(db: Executor, filter: ResponseFilter): Promise<StoredAnswer[]> {
  let query = db
    .selectFrom('questionnaire_answers as a')
    .innerJoin('questionnaire_responses as r', 'r.id', 'a.response_id')
    .select(['a.response_id', 'a.question_id', 'a.scale', 'a.choices', 'a.text']);
  if (filter.questionnaireId) query = query.where('r.questionnaire_id', '=', filter.questionnaireId);
  if (filter.sessionId) query = query.where('r.session_id', '=', filter.sessionId);
  if (filter.courseId) query = query.where('r.course_id', '=', filter.courseId);
  if (filter.organisationType) query = query.where('r.organisation_type', '=', filter.organisationType);
  if (filter.organisationId) query = query.where('r.organisation_id', '=', filter.organisationId);
  const rows = await query.execute();
  return rows.map((r) => ({
    responseId: r.response_id,
    questionId: r.question_id,
    scale: r.scale,
    choices: r.choices,
    text: r.text,
  }));
}

/** Survey answer sets grouped by the respondents' organisation type, or organisation. */
export async function surveyGroups(
  db: Executor,
  questionnaireId: string,
): Promise<
  Array<{ organisation_type: string; organisation_id: string | null; name: string | null; n: number }>
> {
  const rows = await db
    .selectFrom('questionnaire_responses as r')
    .select([
      'r.organisation_type',
      'r.organisation_id',
      organisationName('r.organisation_id').as('name'),
      (eb) => eb.fn.countAll<string>().as('n'),
    ])
    .where('r.questionnaire_id', '=', questionnaireId)
    .groupBy(['r.organisation_type', 'r.organisation_id'])
    .orderBy('r.organisation_type')
    .orderBy(organisationName('r.organisation_id'))
    .execute();
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}

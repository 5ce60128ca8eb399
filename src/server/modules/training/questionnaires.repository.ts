import { type ExpressionBuilder, sql } from 'kysely';
import type { Executor } from '../../platform/db/database.js';
import type { DB } from '../../platform/db/schema.js';
import type { StoredAnswer } from './questionnaire.rules.js';
import type { QuestionnaireKind, QuestionOption, QuestionType } from './questionnaires.table.js';

// ---------------------------------------------------------------------------------------------
// Questionnaires and questions

export interface QuestionnaireRow {
  id: string;
  kind: QuestionnaireKind;
  title_fr: string;
  title_en: string;
  intro_fr: string;
  intro_en: string;
  is_default: boolean;
  opens_on: string | null;
  closes_on: string | null;
  target_types: string[];
  opened_at: Date | null;
  updated_at: Date;
}

export interface QuestionnaireSummaryRow extends QuestionnaireRow {
  question_count: number;
  response_count: number;
}

const QUESTIONNAIRE_COLUMNS = [
  'q.id',
  'q.kind',
  'q.title_fr',
  'q.title_en',
  'q.intro_fr',
  'q.intro_en',
  'q.is_default',
  'q.opens_on',
  'q.closes_on',
  'q.target_types',
  'q.opened_at',
  'q.updated_at',
] as const;

export async function listQuestionnaires(
  db: Executor,
  kinds: readonly QuestionnaireKind[],
): Promise<QuestionnaireSummaryRow[]> {
  if (kinds.length === 0) return [];
  const rows = await db
    .selectFrom('questionnaires as q')
    .select(QUESTIONNAIRE_COLUMNS)
    .select((eb) => [
      eb
        .selectFrom('questionnaire_questions as qq')
        .select(eb.fn.countAll<string>().as('n'))
        .whereRef('qq.questionnaire_id', '=', 'q.id')
        .as('question_count'),
      eb
        .selectFrom('questionnaire_responses as r')
        .select(eb.fn.countAll<string>().as('n'))
        .whereRef('r.questionnaire_id', '=', 'q.id')
        .as('response_count'),
    ])
    .where('q.kind', 'in', [...kinds])
    .orderBy('q.created_at', 'desc')
    .orderBy('q.id')
    .execute();
  return rows.map((r) => ({
    ...r,
    question_count: Number(r.question_count ?? 0),
    response_count: Number(r.response_count ?? 0),
  }));
}

export function findQuestionnaire(
  db: Executor,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<QuestionnaireRow | undefined> {
  let query = db.selectFrom('questionnaires as q').select(QUESTIONNAIRE_COLUMNS).where('q.id', '=', id);
  if (options.forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}

export interface QuestionRow {
  id: string;
  position: number;
  type: QuestionType;
  required: boolean;
  text_fr: string;
  text_en: string;
  options: QuestionOption[];
}

export function listQuestions(db: Executor, questionnaireId: string): Promise<QuestionRow[]> {
  return db
    .selectFrom('questionnaire_questions')
    .select(['id', 'position', 'type', 'required', 'text_fr', 'text_en', 'options'])
    .where('questionnaire_id', '=', questionnaireId)
    .orderBy('position')
    .execute();
}

export interface QuestionnaireInsert {
  kind: QuestionnaireKind;
  title_fr: string;
  title_en: string;
  intro_fr: string;
  intro_en: string;
  is_default: boolean;
  opens_on: string | null;
  closes_on: string | null;
  target_types: string[];
  created_by: string | null;
}

export async function insertQuestionnaire(db: Executor, row: QuestionnaireInsert): Promise<string> {
  const inserted = await db
    .insertInto('questionnaires')
    .values(row)
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

export async function updateQuestionnaire(
  db: Executor,
  id: string,
  patch: Partial<Omit<QuestionnaireInsert, 'kind' | 'created_by'>> & { opened_at?: Date | null },
  at: Date,
): Promise<void> {
  await db
    .updateTable('questionnaires')
    .set({ ...patch, updated_at: at })
    .where('id', '=', id)
    .execute();
}

/** Only one default evaluation: the previous one stops being it. */
export async function clearDefault(db: Executor, exceptId: string | null): Promise<void> {
  let query = db.updateTable('questionnaires').set({ is_default: false }).where('is_default', '=', true);
  if (exceptId) query = query.where('id', '<>', exceptId);
  await query.execute();
}

export interface QuestionInsert {
  type: QuestionType;
  required: boolean;
  text_fr: string;
  text_en: string;
  options: QuestionOption[];
}

/** Replaces every question (callers check that nobody has answered yet). */
export async function replaceQuestions(
  db: Executor,
  questionnaireId: string,
  questions: readonly QuestionInsert[],
): Promise<void> {
  await db.deleteFrom('questionnaire_questions').where('questionnaire_id', '=', questionnaireId).execute();
  if (questions.length === 0) return;
  await db
    .insertInto('questionnaire_questions')
    .values(
      questions.map((q, position) => ({
        questionnaire_id: questionnaireId,
        position,
        type: q.type,
        required: q.required,
        text_fr: q.text_fr,
        text_en: q.text_en,
        options: JSON.stringify(q.options),
      })),
    )
    .execute();
}

export async function responseCount(db: Executor, questionnaireId: string): Promise<number> {
  const row = await db
    .selectFrom('questionnaire_responses')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('questionnaire_id', '=', questionnaireId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

// ---------------------------------------------------------------------------------------------
// Courses and their evaluation questionnaire

export interface CourseRef {
  id: string;
  code: string;
  title_fr: string;
  title_en: string;
}

export function findCourse(db: Executor, id: string): Promise<CourseRef | undefined> {
  return db
    .selectFrom('training_courses')
    .select(['id', 'code', 'title_fr', 'title_en'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export function listCourses(db: Executor): Promise<Array<CourseRef & { active: boolean }>> {
  return db
    .selectFrom('training_courses')
    .select(['id', 'code', 'title_fr', 'title_en', 'active'])
    .orderBy('code')
    .execute();
}

export function listAssignments(db: Executor) {
  return db.selectFrom('questionnaire_assignments').select(['course_id', 'questionnaire_id']).execute();
}

export async function setAssignment(
  db: Executor,
  courseId: string,
  questionnaireId: string | null,
  by: string,
  at: Date,
): Promise<void> {
  if (questionnaireId === null) {
    await db.deleteFrom('questionnaire_assignments').where('course_id', '=', courseId).execute();
    return;
  }
  await db
    .insertInto('questionnaire_assignments')
    .values({ course_id: courseId, questionnaire_id: questionnaireId, updated_by: by, updated_at: at })
    .onConflict((oc) =>
      oc
        .column('course_id')
        .doUpdateSet({ questionnaire_id: questionnaireId, updated_by: by, updated_at: at }),
    )
    .execute();
}

/** The evaluation questionnaire of a course: its own one, else the default evaluation. */
export async function evaluationQuestionnaireOf(db: Executor, courseId: string): Promise<string | null> {
  const own = await db
    .selectFrom('questionnaire_assignments')
    .select('questionnaire_id')
    .where('course_id', '=', courseId)
    .executeTakeFirst();
  if (own) return own.questionnaire_id;
  const fallback = await db
    .selectFrom('questionnaires')
    .select('id')
    .where('is_default', '=', true)
    .executeTakeFirst();
  return fallback?.id ?? null;
}

// ---------------------------------------------------------------------------------------------
// Sessions seen by evaluations

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
function lastEnd(eb: ExpressionBuilder<WithSession, 's'>) {
  return eb
    .selectFrom('training_session_days as d')
    .select((e) => e.fn.max('d.ends_at').as('v'))
    .whereRef('d.session_id', '=', 's.id');
}

/** A session's course and the span of its days, as evaluations show them. */
interface SessionCourseRow {
  course_id: string;
  course_code: string;
  title_fr: string;
  title_en: string;
  first_start: Date | null;
  last_end: Date | null;
}

/** Selects a `SessionCourseRow` for session `s` of course `c`. */
function sessionCourse(eb: ExpressionBuilder<WithCourse, 's' | 'c'>) {
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
function daySpans(db: Executor) {
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
function holdsConfirmedSeat(eb: ExpressionBuilder<WithSession, 's'>, personId: string) {
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
function answeredOutside(eb: ExpressionBuilder<WithRegistration, 's' | 'g'>) {
  return eb.exists(
    eb
      .selectFrom('questionnaire_responses as r')
      .select('r.id')
      .whereRef('r.session_id', '=', 's.id')
      .whereRef('r.participant_id', '=', 'g.participant_id'),
  );
}

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

// ---------------------------------------------------------------------------------------------
// Responses

export interface ResponseInsert {
  questionnaire_id: string;
  /** A Filet person, or null with `participant_id` for an outside participant's evaluation. */
  person_id: string | null;
  participant_id?: string | null;
  session_id: string | null;
  course_id: string | null;
  organisation_id: string | null;
  organisation_type: string;
  submitted_at: Date;
}

export async function insertResponse(
  db: Executor,
  row: ResponseInsert,
  answers: ReadonlyArray<{
    questionId: string;
    scale: number | null;
    choices: string[] | null;
    text: string | null;
  }>,
): Promise<string> {
  const inserted = await db
    .insertInto('questionnaire_responses')
    .values(row)
    .returning('id')
    .executeTakeFirstOrThrow();
  if (answers.length > 0) {
    await db
      .insertInto('questionnaire_answers')
      .values(
        answers.map((a) => ({
          response_id: inserted.id,
          question_id: a.questionId,
          scale: a.scale,
          choices: a.choices,
          text: a.text,
        })),
      )
      .execute();
  }
  return inserted.id;
}

export async function hasAnswered(
  db: Executor,
  where: {
    questionnaireId: string;
    personId: string | null;
    participantId: string | null;
    sessionId: string | null;
  },
): Promise<boolean> {
  let query = db.selectFrom('questionnaire_responses').select('id');
  if (where.personId) query = query.where('person_id', '=', where.personId);
  else if (where.participantId) query = query.where('participant_id', '=', where.participantId);
  // Every answer set has a respondent (a CHECK says so); no empty id is ever compared to a uuid column.
  else throw new Error('hasAnswered: a person or a participant is required');
  query = where.sessionId
    ? query.where('session_id', '=', where.sessionId)
    : query.where('questionnaire_id', '=', where.questionnaireId).where('session_id', 'is', null);
  return (await query.executeTakeFirst()) !== undefined;
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
    .leftJoin('organisations as o', 'o.id', 'r.organisation_id')
    .select(['r.organisation_type', 'r.organisation_id', 'o.name', (eb) => eb.fn.countAll<string>().as('n')])
    .where('r.questionnaire_id', '=', questionnaireId)
    .groupBy(['r.organisation_type', 'r.organisation_id', 'o.name'])
    .orderBy('r.organisation_type')
    .orderBy('o.name')
    .execute();
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}

// ---------------------------------------------------------------------------------------------
// Surveys: who is targeted (platform identity, read only)

export async function organisationOf(
  db: Executor,
  organisationId: string,
): Promise<{ id: string; type: string; active: boolean } | undefined> {
  return db
    .selectFrom('organisations')
    .select(['id', 'type', 'active'])
    .where('id', '=', organisationId)
    .executeTakeFirst();
}

/** Active people of active organisations of the given types. */
export async function peopleOfTypes(db: Executor, types: readonly string[]): Promise<string[]> {
  if (types.length === 0) return [];
  const rows = await db
    .selectFrom('people as p')
    .innerJoin('organisations as o', 'o.id', 'p.organisation_id')
    .select('p.id')
    .where('p.status', '=', 'active')
    .where('o.active', '=', true)
    .where(sql<boolean>`o.type = any(${sql.val([...types])}::text[])`)
    .execute();
  return rows.map((r) => r.id);
}

/** Surveys opened by the table, within their dates today, aimed at an organisation type. */
export async function openSurveysFor(
  db: Executor,
  organisationType: string,
  today: string,
  personId: string,
): Promise<Array<QuestionnaireRow & { answered: boolean }>> {
  const rows = await db
    .selectFrom('questionnaires as q')
    .select(QUESTIONNAIRE_COLUMNS)
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom('questionnaire_responses as r')
            .select('r.id')
            .whereRef('r.questionnaire_id', '=', 'q.id')
            .where('r.person_id', '=', personId)
            .where('r.session_id', 'is', null),
        )
        .as('answered'),
    )
    .where('q.kind', '=', 'survey')
    .where('q.opened_at', 'is not', null)
    .where('q.opens_on', '<=', today)
    .where('q.closes_on', '>=', today)
    .where(sql<boolean>`${organisationType} = any(q.target_types)`)
    .orderBy('q.closes_on')
    .execute();
  return rows as Array<QuestionnaireRow & { answered: boolean }>;
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

/**
 * Participants (Filet people with a confirmed seat) of sessions that ended between `since` and `now`,
 * not yet told that the evaluation is open and who have not answered it.
 */
export async function evaluationsToAnnounce(
  db: Executor,
  since: Date,
  now: Date,
): Promise<Array<{ session_id: string; course_id: string; course_code: string; person_id: string }>> {
  const rows = await db
    .selectFrom('training_sessions as s')
    .innerJoin('training_courses as c', 'c.id', 's.course_id')
    .innerJoin('training_registrations as g', 'g.session_id', 's.id')
    .innerJoin('training_participants as p', 'p.id', 'g.participant_id')
    .select(['s.id as session_id', 's.course_id', 'c.code as course_code', 'p.person_id'])
    .where('s.status', '<>', 'cancelled')
    .where('g.status', '=', 'confirmed')
    .where('p.person_id', 'is not', null)
    .where((eb) => eb(lastEnd(eb), '<=', now))
    .where((eb) => eb(lastEnd(eb), '>=', since))
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('questionnaire_evaluation_notices as n')
            .select('n.person_id')
            .whereRef('n.session_id', '=', 's.id')
            .whereRef('n.person_id', '=', 'p.person_id'),
        ),
      ),
    )
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('questionnaire_responses as r')
            .select('r.id')
            .whereRef('r.session_id', '=', 's.id')
            .whereRef('r.person_id', '=', 'p.person_id'),
        ),
      ),
    )
    .orderBy('s.id')
    .orderBy('p.person_id')
    .limit(2000)
    .execute();
  return rows.flatMap((r) => (r.person_id ? [{ ...r, person_id: r.person_id }] : []));
}

/**
 * Notes that these people were told their session's evaluation is open; returns the notices this call
 * wrote (one another run wrote first is left out, so nobody is told twice).
 */
export async function insertEvaluationNotices(
  db: Executor,
  rows: ReadonlyArray<{ session_id: string; person_id: string }>,
  at: Date,
): Promise<Array<{ session_id: string; person_id: string }>> {
  if (rows.length === 0) return [];
  return db
    .insertInto('questionnaire_evaluation_notices')
    .values(rows.map((r) => ({ ...r, notified_at: at })))
    .onConflict((oc) => oc.doNothing())
    .returning(['session_id', 'person_id'])
    .execute();
}

// ---------------------------------------------------------------------------------------------
// Outside participants (no Filet account): their evaluation through a signed link

/**
 * Attended, for an outside participant: a confirmed seat, and not marked absent or excused on every
 * day (a session whose attendance was never taken counts everyone confirmed).
 */
const ATTENDED = sql<boolean>`(not exists (select 1 from training_attendance a where a.registration_id = g.id)
  or exists (select 1 from training_attendance a where a.registration_id = g.id and a.status in ('present', 'late')))`;

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

export interface OutsideInvitationRow {
  registration_id: string;
  link_version: number;
  session_id: string;
  course_id: string;
  course_title_fr: string;
  course_title_en: string;
  first_start: Date;
  last_end: Date;
  email: string;
  full_name: string;
  locale: 'fr-CA' | 'en-CA';
}

/** Outside participants' confirmed registrations that attended a session not cancelled, not answered. */
function outsideInvitations(db: Executor) {
  return db
    .selectFrom('training_registrations as g')
    .innerJoin('training_participants as p', 'p.id', 'g.participant_id')
    .innerJoin('training_sessions as s', 's.id', 'g.session_id')
    .innerJoin('training_courses as c', 'c.id', 's.course_id')
    .innerJoin(daySpans(db), (join) => join.onRef('d.session_id', '=', 's.id'))
    .select([
      'g.id as registration_id',
      'g.link_version',
      's.id as session_id',
      's.course_id',
      'c.title_fr as course_title_fr',
      'c.title_en as course_title_en',
      'd.first_start',
      'd.last_end',
      'p.email',
      'p.full_name',
      'p.locale',
    ])
    .where('p.source', '=', 'invited')
    .where('g.status', '=', 'confirmed')
    .where('s.status', '<>', 'cancelled')
    .where(ATTENDED)
    .where((eb) => eb.not(answeredOutside(eb)));
}

/**
 * Outside participants who attended a session that ended between `since` and `now`, not yet sent the
 * link to its evaluation and who have not answered it.
 */
export async function outsideEvaluationsToInvite(
  db: Executor,
  since: Date,
  now: Date,
): Promise<OutsideInvitationRow[]> {
  const rows = await outsideInvitations(db)
    .where('g.evaluation_invited_at', 'is', null)
    .where('d.last_end', '<=', now)
    .where('d.last_end', '>=', since)
    .orderBy('g.id')
    .limit(2000)
    .execute();
  return rows as OutsideInvitationRow[];
}

/**
 * Among these registrations, those of outside participants already sent the link to an evaluation
 * they have not answered, of a session that ended between `since` and `now` (their link still valid).
 */
export async function outsideEvaluationsToResend(
  db: Executor,
  registrationIds: readonly string[],
  since: Date,
  now: Date,
): Promise<OutsideInvitationRow[]> {
  if (registrationIds.length === 0) return [];
  const rows = await outsideInvitations(db)
    .where('g.id', 'in', [...registrationIds])
    .where('g.evaluation_invited_at', 'is not', null)
    .where('d.last_end', '<=', now)
    .where('d.last_end', '>', since)
    .orderBy('g.id')
    .execute();
  return rows as OutsideInvitationRow[];
}

/** Notes the evaluation e-mail of registrations not invited yet; returns the ids this call marked. */
export async function markEvaluationInvited(
  db: Executor,
  registrationIds: readonly string[],
  at: Date,
): Promise<Set<string>> {
  if (registrationIds.length === 0) return new Set();
  const rows = await db
    .updateTable('training_registrations')
    .set({ evaluation_invited_at: at })
    .where('id', 'in', [...registrationIds])
    .where('evaluation_invited_at', 'is', null)
    .returning('id')
    .execute();
  return new Set(rows.map((r) => r.id));
}

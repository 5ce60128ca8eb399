import type { Executor } from '../../platform/db/database.js';
import type { QuestionnaireKind, QuestionOption, QuestionType } from './questionnaires.table.js';

/**
 * Questionnaires' SQL: questionnaires and their questions, and which evaluation each course uses (its
 * own or the default one).
 */

/** What the designers of a questionnaire set on it. */
export interface QuestionnaireValues {
  kind: QuestionnaireKind;
  title_fr: string;
  title_en: string;
  intro_fr: string;
  intro_en: string;
  is_default: boolean;
  opens_on: string | null;
  closes_on: string | null;
  target_types: string[];
}

export interface QuestionnaireRow extends QuestionnaireValues {
  id: string;
  opened_at: Date | null;
  updated_at: Date;
}

export interface QuestionnaireSummaryRow extends QuestionnaireRow {
  question_count: number;
  response_count: number;
}

/** Selects a `QuestionnaireRow` from questionnaires `q`. */
export const QUESTIONNAIRE_COLUMNS = [
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

export interface QuestionnaireInsert extends QuestionnaireValues {
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

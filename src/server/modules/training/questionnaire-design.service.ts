import type { Static } from '@sinclair/typebox';
import type { Actor } from '../../platform/authz/actor.js';
import { authorize } from '../../platform/authz/authorize.js';
import { AppError, Errors, type FieldProblem } from '../../platform/errors.js';
import type { Platform } from '../../platform/platform.js';
import { checkQuestions, surveyState } from './questionnaire.rules.js';
import * as repo from './questionnaire-design.repository.js';
import { canEditQuestionnaire, editableKinds, isCoordination } from './questionnaires.policy.js';
import type {
  CreateQuestionnaireBody,
  QuestionnaireQuery,
  UpdateQuestionnaireBody,
} from './questionnaires.schemas.js';
import type { QuestionnaireKind } from './questionnaires.table.js';
import { today } from './surveys.service.js';

/**
 * The questionnaire editor: evaluations and needs surveys written by the table (evaluations by trainers
 * too), and the evaluation each course uses.
 */

/** One question as the editor writes it. */
type QuestionInput = Static<typeof CreateQuestionnaireBody>['questions'][number];

/** A questionnaire's fields as an edit gives them; those left out stay as they are. */
type QuestionnaireInput = Static<typeof UpdateQuestionnaireBody>;

export interface QuestionnaireDetail {
  questionnaire: repo.QuestionnaireRow;
  questions: repo.QuestionRow[];
  responses: number;
  state: ReturnType<typeof surveyState> | null;
}

/** The questionnaires a person may edit (the table: all; trainers: evaluations), with their counts. */
export async function listQuestionnaires(
  platform: Platform,
  actor: Actor,
  kind: QuestionnaireQuery['kind'],
): Promise<Array<repo.QuestionnaireSummaryRow & { state: ReturnType<typeof surveyState> | null }>> {
  const kinds = editableKinds(actor).filter((k) => !kind || k === kind);
  const day = today(platform);
  const rows = await repo.listQuestionnaires(platform.db, kinds);
  return rows.map((row) => ({ ...row, state: row.kind === 'survey' ? surveyState(row, day) : null }));
}

/** One questionnaire with its questions, for someone who may edit it. Throws not_found otherwise. */
export async function getQuestionnaire(
  platform: Platform,
  actor: Actor,
  id: string,
): Promise<QuestionnaireDetail> {
  const questionnaire = await repo.findQuestionnaire(platform.db, id);
  if (!questionnaire) throw Errors.notFound();
  authorize(canEditQuestionnaire(actor, questionnaire.kind));
  return {
    questionnaire,
    questions: await repo.listQuestions(platform.db, id),
    responses: await repo.responseCount(platform.db, id),
    state: questionnaire.kind === 'survey' ? surveyState(questionnaire, today(platform)) : null,
  };
}

function checkInput(
  kind: QuestionnaireKind,
  input: QuestionnaireInput,
  current: repo.QuestionnaireRow | null,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (input.titleFr !== undefined && !input.titleFr.trim())
    problems.push({ field: 'titleFr', rule: 'required' });
  if (input.titleEn !== undefined && !input.titleEn.trim())
    problems.push({ field: 'titleEn', rule: 'required' });
  if (kind === 'evaluation') {
    for (const field of ['opensOn', 'closesOn', 'targetTypes'] as const) {
      if (input[field] !== undefined) problems.push({ field, rule: 'questionnaire_survey_only' });
    }
  } else {
    if (input.isDefault) problems.push({ field: 'isDefault', rule: 'questionnaire_evaluation_only' });
    const opensOn = input.opensOn ?? current?.opens_on;
    const closesOn = input.closesOn ?? current?.closes_on;
    if (!opensOn) problems.push({ field: 'opensOn', rule: 'required' });
    if (!closesOn) problems.push({ field: 'closesOn', rule: 'required' });
    if (opensOn && closesOn && closesOn < opensOn)
      problems.push({ field: 'closesOn', rule: 'end_before_start' });
    const targets = input.targetTypes ?? current?.target_types ?? [];
    if (targets.length === 0) problems.push({ field: 'targetTypes', rule: 'questionnaire_targets_needed' });
  }
  if (input.questions) problems.push(...checkQuestions(input.questions));
  return problems;
}

function questionRows(questions: readonly QuestionInput[]): repo.QuestionInsert[] {
  return questions.map((q) => ({
    type: q.type,
    required: q.required ?? true,
    text_fr: q.textFr.trim(),
    text_en: q.textEn.trim(),
    options:
      q.type === 'single' || q.type === 'multiple'
        ? (q.options ?? []).map((o) => ({ key: o.key, fr: o.fr.trim(), en: o.en.trim() }))
        : [],
  }));
}

/** Writes a new evaluation or survey with its questions. Throws forbidden, validation_failed. */
export async function createQuestionnaire(
  platform: Platform,
  actor: Actor,
  input: Static<typeof CreateQuestionnaireBody>,
): Promise<string> {
  authorize(canEditQuestionnaire(actor, input.kind), { hide: false });
  if (input.isDefault && !isCoordination(actor)) throw Errors.forbidden();
  const problems = checkInput(input.kind, input, null);
  if (problems.length > 0) throw Errors.invalid(problems);
  return platform.db.transaction().execute(async (trx) => {
    if (input.isDefault) await repo.clearDefault(trx, null);
    const id = await repo.insertQuestionnaire(trx, {
      kind: input.kind,
      title_fr: input.titleFr.trim(),
      title_en: input.titleEn.trim(),
      intro_fr: input.introFr?.trim() ?? '',
      intro_en: input.introEn?.trim() ?? '',
      is_default: input.isDefault ?? false,
      opens_on: input.kind === 'survey' ? input.opensOn! : null,
      closes_on: input.kind === 'survey' ? input.closesOn! : null,
      target_types: input.kind === 'survey' ? [...new Set(input.targetTypes ?? [])] : [],
      created_by: actor.personId,
    });
    await repo.replaceQuestions(trx, id, questionRows(input.questions));
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'training.questionnaire.create',
      targetType: 'questionnaire',
      targetId: id,
      meta: { kind: input.kind, questions: input.questions.length },
    });
    return id;
  });
}

/**
 * Edits a questionnaire. Its questions can be replaced only while nobody has answered it (answers
 * point at them); titles, introductions and a survey's dates stay editable. Throws not_found,
 * validation_failed, conflict (questions of an answered questionnaire).
 */
export async function updateQuestionnaire(
  platform: Platform,
  actor: Actor,
  id: string,
  input: QuestionnaireInput,
): Promise<void> {
  await platform.db.transaction().execute(async (trx) => {
    const current = await repo.findQuestionnaire(trx, id, { forUpdate: true });
    if (!current) throw Errors.notFound();
    authorize(canEditQuestionnaire(actor, current.kind));
    if (input.isDefault !== undefined && !isCoordination(actor)) throw Errors.forbidden();
    const problems = checkInput(current.kind, input, current);
    if (problems.length > 0) throw Errors.invalid(problems);
    if (input.questions && (await repo.responseCount(trx, id)) > 0) {
      throw new AppError('conflict', 409, {
        details: [{ field: 'questions', rule: 'questionnaire_has_responses' }],
      });
    }
    if (input.isDefault) await repo.clearDefault(trx, id);
    await repo.updateQuestionnaire(
      trx,
      id,
      {
        ...(input.titleFr !== undefined ? { title_fr: input.titleFr.trim() } : {}),
        ...(input.titleEn !== undefined ? { title_en: input.titleEn.trim() } : {}),
        ...(input.introFr !== undefined ? { intro_fr: input.introFr.trim() } : {}),
        ...(input.introEn !== undefined ? { intro_en: input.introEn.trim() } : {}),
        ...(input.isDefault !== undefined ? { is_default: input.isDefault } : {}),
        ...(input.opensOn !== undefined ? { opens_on: input.opensOn } : {}),
        ...(input.closesOn !== undefined ? { closes_on: input.closesOn } : {}),
        ...(input.targetTypes !== undefined ? { target_types: [...new Set(input.targetTypes)] } : {}),
      },
      platform.now(),
    );
    if (input.questions) await repo.replaceQuestions(trx, id, questionRows(input.questions));
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'training.questionnaire.update',
      targetType: 'questionnaire',
      targetId: id,
      meta: { fields: Object.keys(input) },
    });
  });
}

export interface CourseAssignment {
  course: repo.CourseRef & { active: boolean };
  questionnaireId: string | null;
  /** True when the course has no questionnaire of its own and uses the default evaluation. */
  usesDefault: boolean;
}

/** Every course with the evaluation it uses (its own, or the default). */
export async function listAssignments(platform: Platform, actor: Actor): Promise<CourseAssignment[]> {
  authorize(editableKinds(actor).includes('evaluation'), { hide: false });
  const courses = await repo.listCourses(platform.db);
  const own = new Map(
    (await repo.listAssignments(platform.db)).map((a) => [a.course_id, a.questionnaire_id]),
  );
  const fallback = (await repo.listQuestionnaires(platform.db, ['evaluation'])).find((q) => q.is_default);
  return courses.map((course) => ({
    course,
    questionnaireId: own.get(course.id) ?? fallback?.id ?? null,
    usesDefault: !own.has(course.id),
  }));
}

/**
 * Points a course to its evaluation questionnaire (null: back to the default one). The table only.
 * Throws forbidden, not_found (course), validation_failed (not an evaluation questionnaire).
 */
export async function setCourseEvaluation(
  platform: Platform,
  actor: Actor,
  courseId: string,
  questionnaireId: string | null,
): Promise<void> {
  authorize(isCoordination(actor), { hide: false });
  await platform.db.transaction().execute(async (trx) => {
    if (!(await repo.findCourse(trx, courseId))) throw Errors.notFound();
    if (questionnaireId) {
      const questionnaire = await repo.findQuestionnaire(trx, questionnaireId);
      if (questionnaire?.kind !== 'evaluation') {
        throw Errors.field('questionnaireId', 'questionnaire_not_evaluation');
      }
    }
    await repo.setAssignment(trx, courseId, questionnaireId, actor.personId, platform.now());
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'training.course.set_evaluation',
      targetType: 'training_course',
      targetId: courseId,
      meta: { questionnaireId },
    });
  });
}

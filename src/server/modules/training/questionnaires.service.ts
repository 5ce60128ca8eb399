import type { Transaction } from 'kysely';
import type { Actor } from '../../platform/authz/actor.js';
import { authorize } from '../../platform/authz/authorize.js';
import type { Executor } from '../../platform/db/database.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError, Errors, type FieldProblem } from '../../platform/errors.js';
import type { EmailMessage } from '../../platform/notify/notify.js';
import type { Platform } from '../../platform/platform.js';
import {
  type Aggregate,
  type AnswerInput,
  aggregate,
  checkQuestions,
  type QuestionDef,
  regionDate,
  SMALL_COUNT,
  surveyState,
  validateAnswers,
} from './questionnaire.rules.js';
import {
  canEditQuestionnaire,
  canEvaluate,
  canSeeCourseResults,
  canSeeSessionResults,
  editableKinds,
  isCoordination,
} from './questionnaires.policy.js';
import * as repo from './questionnaires.repository.js';
import type { QuestionnaireKind, QuestionOption, QuestionType } from './questionnaires.table.js';
import { isCurrent, makeLink, openLink } from './training.links.js';

function today(platform: Platform): string {
  return regionDate(platform.now(), platform.config.timeZone);
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}

const alreadyAnswered = () =>
  new AppError('conflict', 409, { details: [{ field: 'answers', rule: 'questionnaire_already_answered' }] });

// ================================================================================================
// Questionnaires (the table's editor)

export interface QuestionInput {
  type: QuestionType;
  required?: boolean | undefined;
  textFr: string;
  textEn: string;
  options?: QuestionOption[] | undefined;
}

export interface QuestionnaireInput {
  titleFr?: string | undefined;
  titleEn?: string | undefined;
  introFr?: string | undefined;
  introEn?: string | undefined;
  isDefault?: boolean | undefined;
  opensOn?: string | undefined;
  closesOn?: string | undefined;
  targetTypes?: string[] | undefined;
  questions?: QuestionInput[] | undefined;
}

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
  kind: QuestionnaireKind | undefined,
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
  input: QuestionnaireInput & {
    kind: QuestionnaireKind;
    titleFr: string;
    titleEn: string;
    questions: QuestionInput[];
  },
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
      action: 'training.questionnaire_create',
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
      action: 'training.questionnaire_update',
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
      action: 'training.course_evaluation_set',
      targetType: 'training_course',
      targetId: courseId,
      meta: { questionnaireId },
    });
  });
}

// ================================================================================================
// Answer sets (evaluations and surveys share this path)

function definitions(questions: readonly repo.QuestionRow[]): QuestionDef[] {
  return questions.map((q) => ({ id: q.id, type: q.type, required: q.required, options: q.options }));
}

/** Who gives an answer set: a Filet person, or an outside participant (evaluations only). */
interface Respondent {
  personId: string | null;
  participantId: string | null;
  organisationId: string | null;
  organisationType: string;
}

async function memberRespondent(trx: Transaction<DB>, actor: Actor): Promise<Respondent> {
  const organisation = await repo.organisationOf(trx, actor.organisationId);
  return {
    personId: actor.personId,
    participantId: null,
    organisationId: organisation?.id ?? null,
    organisationType: organisation?.type ?? 'other',
  };
}

/**
 * Checks an answer set against its questionnaire (questionnaire.rules.ts) and stores it whole, once per
 * respondent. Throws validation_failed (nothing stored), conflict (already answered).
 */
async function storeAnswers(
  platform: Platform,
  trx: Transaction<DB>,
  respondent: Respondent,
  target: { questionnaireId: string; sessionId: string | null; courseId: string | null },
  answers: readonly AnswerInput[],
): Promise<string> {
  const questions = await repo.listQuestions(trx, target.questionnaireId);
  const checked = validateAnswers(definitions(questions), answers);
  if (!checked.ok) throw Errors.invalid(checked.problems);
  if (
    await repo.hasAnswered(trx, {
      ...target,
      personId: respondent.personId,
      participantId: respondent.participantId,
    })
  ) {
    throw alreadyAnswered();
  }
  try {
    return await repo.insertResponse(
      trx,
      {
        questionnaire_id: target.questionnaireId,
        person_id: respondent.personId,
        participant_id: respondent.participantId,
        session_id: target.sessionId,
        course_id: target.courseId,
        organisation_id: respondent.organisationId,
        organisation_type: respondent.organisationType,
        submitted_at: platform.now(),
      },
      checked.answers,
    );
  } catch (error) {
    // Two submissions at once: the database's unique index keeps one, the other gets the same answer.
    if (isUniqueViolation(error)) throw alreadyAnswered();
    throw error;
  }
}

// ================================================================================================
// Evaluations

export type EvaluationState = 'upcoming' | 'pending' | 'answered' | 'unavailable';

export interface MyEvaluation {
  session: repo.EvaluationSessionRow;
  state: EvaluationState;
}

function evaluationState(
  session: repo.EvaluationSessionRow,
  now: Date,
  hasQuestionnaire: boolean,
): EvaluationState {
  if (session.answered) return 'answered';
  if (!session.last_end || session.last_end.getTime() > now.getTime()) return 'upcoming';
  return hasQuestionnaire ? 'pending' : 'unavailable';
}

/** The sessions where the person held a confirmed seat, with what they can do about their evaluation. */
export async function myEvaluations(platform: Platform, actor: Actor): Promise<MyEvaluation[]> {
  const sessions = await repo.sessionsOfParticipant(platform.db, actor.personId);
  const now = platform.now();
  const result: MyEvaluation[] = [];
  for (const session of sessions) {
    const questionnaireId = await repo.evaluationQuestionnaireOf(platform.db, session.course_id);
    result.push({ session, state: evaluationState(session, now, questionnaireId !== null) });
  }
  return result;
}

export interface EvaluationForm {
  session: repo.EvaluationSessionRow;
  questionnaire: repo.QuestionnaireRow;
  questions: repo.QuestionRow[];
  state: EvaluationState;
}

async function evaluableSession(platform: Platform, actor: Actor, sessionId: string) {
  const session = await repo.findEvaluationSession(platform.db, sessionId, actor.personId);
  if (!session) throw Errors.notFound();
  // Someone without a confirmed seat learns nothing about the session.
  authorize(canEvaluate(session));
  return session;
}

/** The evaluation of a session for one of its participants. Throws not_found (not a participant). */
export async function getEvaluationForm(
  platform: Platform,
  actor: Actor,
  sessionId: string,
): Promise<EvaluationForm> {
  const session = await evaluableSession(platform, actor, sessionId);
  const questionnaireId = await repo.evaluationQuestionnaireOf(platform.db, session.course_id);
  const questionnaire = questionnaireId
    ? await repo.findQuestionnaire(platform.db, questionnaireId)
    : undefined;
  if (!questionnaire) throw Errors.notFound();
  return {
    session,
    questionnaire,
    questions: await repo.listQuestions(platform.db, questionnaire.id),
    state: evaluationState(session, platform.now(), true),
  };
}

/**
 * Stores a participant's evaluation of a session, once, after its last day. Throws not_found (no
 * confirmed seat), conflict (too early, or already answered), validation_failed (answers).
 */
export async function submitEvaluation(
  platform: Platform,
  actor: Actor,
  sessionId: string,
  answers: readonly AnswerInput[],
): Promise<string> {
  return platform.db.transaction().execute(async (trx) => {
    const session = await repo.findEvaluationSession(trx, sessionId, actor.personId);
    if (!session) throw Errors.notFound();
    authorize(canEvaluate(session));
    if (!session.last_end || session.last_end.getTime() > platform.now().getTime()) {
      throw new AppError('conflict', 409, {
        details: [{ field: 'answers', rule: 'questionnaire_too_early' }],
      });
    }
    const questionnaireId = await repo.evaluationQuestionnaireOf(trx, session.course_id);
    if (!questionnaireId) throw Errors.notFound();
    const id = await storeAnswers(
      platform,
      trx,
      await memberRespondent(trx, actor),
      { questionnaireId, sessionId, courseId: session.course_id },
      answers,
    );
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'training.evaluation_submit',
      targetType: 'training_session',
      targetId: sessionId,
      meta: { questionnaireId },
    });
    return id;
  });
}

export interface ResultBlock {
  questionnaire: repo.QuestionnaireRow;
  questions: repo.QuestionRow[];
  aggregate: Aggregate;
}

async function resultBlocks(platform: Platform, filter: repo.ResponseFilter): Promise<ResultBlock[]> {
  const counts = await repo.responseCountsByQuestionnaire(platform.db, filter);
  const blocks: ResultBlock[] = [];
  for (const { questionnaire_id, n } of counts) {
    const questionnaire = await repo.findQuestionnaire(platform.db, questionnaire_id);
    if (!questionnaire) continue;
    const questions = await repo.listQuestions(platform.db, questionnaire_id);
    const answers =
      n >= SMALL_COUNT
        ? await repo.answersOf(platform.db, { ...filter, questionnaireId: questionnaire_id })
        : [];
    blocks.push({ questionnaire, questions, aggregate: aggregate(definitions(questions), n, answers) });
  }
  return blocks;
}

/** Ended sessions with their number of evaluations: the table sees all, a trainer their own. */
export async function listEvaluatedSessions(
  platform: Platform,
  actor: Actor,
): Promise<repo.SessionResultRow[]> {
  return repo.sessionsWithEvaluations(
    platform.db,
    { trainerId: isCoordination(actor) ? null : actor.personId },
    platform.now(),
  );
}

/** Aggregated evaluations of a session. Throws not_found (absent, or not the caller's session). */
export async function sessionResults(
  platform: Platform,
  actor: Actor,
  sessionId: string,
): Promise<{ session: repo.EvaluationSessionRow; blocks: ResultBlock[] }> {
  const session = await repo.findEvaluationSession(platform.db, sessionId, actor.personId);
  if (!session) throw Errors.notFound();
  authorize(canSeeSessionResults(actor, session));
  return { session, blocks: await resultBlocks(platform, { sessionId }) };
}

/** Aggregated evaluations of every session of a course. Throws not_found. */
export async function courseResults(
  platform: Platform,
  actor: Actor,
  courseId: string,
): Promise<{ course: repo.CourseRef; blocks: ResultBlock[] }> {
  const course = await repo.findCourse(platform.db, courseId);
  if (!course) throw Errors.notFound();
  authorize(
    canSeeCourseResults(actor, { trains: await repo.trainsCourse(platform.db, courseId, actor.personId) }),
  );
  return { course, blocks: await resultBlocks(platform, { courseId }) };
}

// ================================================================================================
// Needs surveys

/** Surveys open today for the person's organisation type, and whether they answered. */
export async function mySurveys(
  platform: Platform,
  actor: Actor,
): Promise<Array<repo.QuestionnaireRow & { answered: boolean }>> {
  const organisation = await repo.organisationOf(platform.db, actor.organisationId);
  if (!organisation) return [];
  return repo.openSurveysFor(platform.db, organisation.type, today(platform), actor.personId);
}

async function openSurveyFor(platform: Platform, actor: Actor, id: string) {
  const surveys = await mySurveys(platform, actor);
  const survey = surveys.find((s) => s.id === id);
  if (!survey) throw Errors.notFound();
  return survey;
}

/** A survey the person is invited to answer now. Throws not_found (not open, or not aimed at them). */
export async function getSurveyForm(
  platform: Platform,
  actor: Actor,
  id: string,
): Promise<{ survey: repo.QuestionnaireRow & { answered: boolean }; questions: repo.QuestionRow[] }> {
  const survey = await openSurveyFor(platform, actor, id);
  return { survey, questions: await repo.listQuestions(platform.db, id) };
}

/** Stores one person's answers to an open survey, once. Throws not_found, conflict, validation_failed. */
export async function submitSurvey(
  platform: Platform,
  actor: Actor,
  id: string,
  answers: readonly AnswerInput[],
): Promise<string> {
  await openSurveyFor(platform, actor, id);
  return platform.db.transaction().execute(async (trx) => {
    const responseId = await storeAnswers(
      platform,
      trx,
      await memberRespondent(trx, actor),
      { questionnaireId: id, sessionId: null, courseId: null },
      answers,
    );
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'training.survey_answer',
      targetType: 'questionnaire',
      targetId: id,
    });
    return responseId;
  });
}

/**
 * Opens a survey: from its first day it is offered to the active people of the organisation types it
 * targets, each notified in the app now. Throws not_found, conflict (already opened, or closed).
 */
export async function openSurvey(platform: Platform, actor: Actor, id: string): Promise<number> {
  authorize(isCoordination(actor), { hide: false });
  return platform.db.transaction().execute(async (trx) => {
    const survey = await repo.findQuestionnaire(trx, id, { forUpdate: true });
    if (survey?.kind !== 'survey') throw Errors.notFound();
    if (surveyState(survey, today(platform)) !== 'draft') {
      throw new AppError('conflict', 409, {
        details: [{ field: 'opensOn', rule: 'questionnaire_not_draft' }],
      });
    }
    if ((await repo.listQuestions(trx, id)).length === 0) {
      throw Errors.field('questions', 'questionnaire_no_questions');
    }
    await repo.updateQuestionnaire(trx, id, { opened_at: platform.now() }, platform.now());
    const people = await repo.peopleOfTypes(trx, survey.target_types);
    for (const personId of people) {
      await platform.notifier.notify(trx, personId, {
        kind: 'training-questionnaires.survey_open',
        params: { closesOn: survey.closes_on ?? '' },
        link: `/formation/sondages/${id}`,
      });
    }
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'training.survey_open',
      targetType: 'questionnaire',
      targetId: id,
      meta: { notified: people.length },
    });
    return people.length;
  });
}

export interface SurveyResults {
  survey: repo.QuestionnaireRow;
  state: ReturnType<typeof surveyState>;
  overall: ResultBlock | null;
  byType: Array<{ organisationType: string; block: ResultBlock }>;
  byOrganisation: Array<{
    organisationId: string;
    name: string;
    organisationType: string;
    block: ResultBlock;
  }>;
}

/** A survey's results overall, by organisation type and by organisation (the table only). */
export async function surveyResults(platform: Platform, actor: Actor, id: string): Promise<SurveyResults> {
  authorize(isCoordination(actor), { hide: false });
  const survey = await repo.findQuestionnaire(platform.db, id);
  if (survey?.kind !== 'survey') throw Errors.notFound();
  const groups = await repo.surveyGroups(platform.db, id);
  const first = async (filter: repo.ResponseFilter) => (await resultBlocks(platform, filter))[0] ?? null;
  const byType: SurveyResults['byType'] = [];
  for (const type of [...new Set(groups.map((g) => g.organisation_type))]) {
    const block = await first({ questionnaireId: id, organisationType: type });
    if (block) byType.push({ organisationType: type, block });
  }
  const byOrganisation: SurveyResults['byOrganisation'] = [];
  for (const group of groups) {
    if (!group.organisation_id) continue;
    const block = await first({ questionnaireId: id, organisationId: group.organisation_id });
    if (block)
      byOrganisation.push({
        organisationId: group.organisation_id,
        name: group.name ?? '',
        organisationType: group.organisation_type,
        block,
      });
  }
  return {
    survey,
    state: surveyState(survey, today(platform)),
    overall: await first({ questionnaireId: id }),
    byType,
    byOrganisation,
  };
}

/** How far back a session's end may lie for its participants still to be told the evaluation is open. */
const ANNOUNCE_WINDOW_MS = 14 * 86_400_000;

/** How long after a session's last day an outside participant's evaluation link stays valid. */
export const OUTSIDE_EVALUATION_LINK_MS = 30 * 86_400_000;

/**
 * The e-mail inviting an outside participant to a session's evaluation, with their personal link
 * (for the registration's current version), valid until thirty days after the last day.
 */
function outsideEvaluationEmail(platform: Platform, row: repo.OutsideInvitationRow): EmailMessage {
  const expires = new Date(new Date(row.last_end).getTime() + OUTSIDE_EVALUATION_LINK_MS);
  const format = new Intl.DateTimeFormat(row.locale, {
    dateStyle: 'long',
    timeZone: platform.config.timeZone,
  });
  return {
    to: row.email,
    locale: row.locale,
    template: 'training_evaluation_outside',
    params: {
      name: row.full_name,
      course: row.locale === 'en-CA' ? row.course_title_en : row.course_title_fr,
      date: format.format(new Date(row.first_start)),
      until: format.format(expires),
      link: makeLink(
        platform,
        'training-evaluation',
        { id: row.registration_id, version: row.link_version },
        expires,
        row.locale,
      ),
    },
  };
}

/**
 * Sends the evaluation e-mail again, with a link for the registration's current version, to the
 * outside participant of each of these registrations whose evaluation link was already sent and still
 * stands (attended, not answered, not expired, the course has an evaluation questionnaire), at their
 * address and in their language as recorded now. For the correction of their address, whose
 * transaction (holding the sessions' locks) moved the registrations' versions on: the link sent to the
 * earlier address no longer opens the form. Returns how many e-mails were queued.
 */
export async function resendOutsideEvaluations(
  platform: Platform,
  trx: Transaction<DB>,
  registrationIds: readonly string[],
): Promise<number> {
  const now = platform.now();
  const rows = await repo.outsideEvaluationsToResend(
    trx,
    registrationIds,
    new Date(now.getTime() - OUTSIDE_EVALUATION_LINK_MS),
    now,
  );
  const withQuestionnaire = new Map<string, boolean>();
  const emails: EmailMessage[] = [];
  for (const row of rows) {
    if (!withQuestionnaire.has(row.course_id)) {
      withQuestionnaire.set(
        row.course_id,
        (await repo.evaluationQuestionnaireOf(trx, row.course_id)) !== null,
      );
    }
    if (withQuestionnaire.get(row.course_id)) emails.push(outsideEvaluationEmail(platform, row));
  }
  await platform.notifier.queueEmails(trx, emails);
  return emails.length;
}

/**
 * Tells each participant of a session that ended in the last two weeks, once, that its evaluation is
 * open (scheduled hourly): Filet people in the app; outside professionals who attended, by e-mail with
 * their personal link to the public form. Each notice is claimed (written, or marked) before anyone is
 * told, so two runs at once tell each person once. Returns how many people were told.
 */
export async function announceEvaluations(platform: Platform): Promise<number> {
  const now = platform.now();
  return platform.db.transaction().execute(async (trx) => {
    const due = await repo.evaluationsToAnnounce(trx, new Date(now.getTime() - ANNOUNCE_WINDOW_MS), now);
    const withQuestionnaire = new Map<string, boolean>();
    const eligible: typeof due = [];
    for (const row of due) {
      if (!withQuestionnaire.has(row.course_id)) {
        withQuestionnaire.set(
          row.course_id,
          (await repo.evaluationQuestionnaireOf(trx, row.course_id)) !== null,
        );
      }
      if (withQuestionnaire.get(row.course_id)) eligible.push(row);
    }
    const written = await repo.insertEvaluationNotices(
      trx,
      eligible.map((row) => ({ session_id: row.session_id, person_id: row.person_id })),
      now,
    );
    const claimed = new Set(written.map((w) => `${w.session_id}:${w.person_id}`));
    const told = eligible.filter((row) => claimed.has(`${row.session_id}:${row.person_id}`));
    for (const row of told) {
      await platform.notifier.notify(trx, row.person_id, {
        kind: 'training-questionnaires.evaluation_open',
        params: { course: row.course_code },
        link: `/formation/evaluations/${row.session_id}`,
      });
    }
    const outside = await repo.outsideEvaluationsToInvite(
      trx,
      new Date(now.getTime() - ANNOUNCE_WINDOW_MS),
      now,
    );
    const inviting: repo.OutsideInvitationRow[] = [];
    for (const row of outside) {
      if (!withQuestionnaire.has(row.course_id)) {
        withQuestionnaire.set(
          row.course_id,
          (await repo.evaluationQuestionnaireOf(trx, row.course_id)) !== null,
        );
      }
      if (withQuestionnaire.get(row.course_id)) inviting.push(row);
    }
    const marked = await repo.markEvaluationInvited(
      trx,
      inviting.map((row) => row.registration_id),
      now,
    );
    const invited = inviting.filter((row) => marked.has(row.registration_id));
    await platform.notifier.queueEmails(
      trx,
      invited.map((row) => outsideEvaluationEmail(platform, row)),
    );
    if (told.length + invited.length > 0) {
      await platform.audit.append(trx, {
        actor: null,
        action: 'training.evaluations_announce',
        meta: { people: told.length, outside: invited.length },
      });
    }
    return told.length + invited.length;
  });
}

// ================================================================================================
// Outside participants' evaluations (a signed link, no account)

/**
 * Where an outside participant's evaluation stands: `open` (the form), `answered`, `too_early` (the
 * last day has not ended), or `invalid` (forged or expired link, a link of an earlier registration
 * since renewed, no confirmed seat, did not attend, cancelled session, no evaluation questionnaire for
 * the course).
 */
export type OutsideEvaluation =
  | {
      state: 'open' | 'answered' | 'too_early';
      session: repo.OutsideEvaluationRow;
      questionnaire: repo.QuestionnaireRow;
      questions: repo.QuestionRow[];
    }
  | { state: 'invalid' };

async function outsideEvaluationOf(
  platform: Platform,
  db: Executor,
  token: string,
): Promise<OutsideEvaluation & { questionnaireId?: string }> {
  const link = openLink(platform, 'training-evaluation', token);
  if (!link) return { state: 'invalid' };
  const session = await repo.findOutsideEvaluation(db, link.id);
  // A link of an earlier version (registration renewed, or address corrected) opens nothing.
  if (!session || !isCurrent(link, session)) return { state: 'invalid' };
  if (!canEvaluate({ confirmed: session.status === 'confirmed', status: session.session_status }))
    return { state: 'invalid' };
  if (!session.attended) return { state: 'invalid' };
  const questionnaireId = await repo.evaluationQuestionnaireOf(db, session.course_id);
  const questionnaire = questionnaireId ? await repo.findQuestionnaire(db, questionnaireId) : undefined;
  if (!questionnaire) return { state: 'invalid' };
  const questions = await repo.listQuestions(db, questionnaire.id);
  const ended = session.last_end !== null && new Date(session.last_end).getTime() <= platform.now().getTime();
  const state = session.answered ? 'answered' : ended ? 'open' : 'too_early';
  return { state, session, questionnaire, questions };
}

/** The evaluation form an outside participant's link opens, and where it stands. */
export function outsideEvaluationForm(platform: Platform, token: string): Promise<OutsideEvaluation> {
  return outsideEvaluationOf(platform, platform.db, token);
}

/**
 * Stores an outside participant's evaluation through their link, with the same questionnaire rules as
 * members' answers, once per session. Throws token_invalid (see OutsideEvaluation), conflict (too
 * early, already answered), validation_failed (answers; nothing stored).
 */
export async function submitOutsideEvaluation(
  platform: Platform,
  token: string,
  answers: readonly AnswerInput[],
): Promise<string> {
  return platform.db.transaction().execute(async (trx) => {
    const found = await outsideEvaluationOf(platform, trx, token);
    if (found.state === 'invalid') throw new AppError('token_invalid', 400);
    if (found.state === 'answered') throw alreadyAnswered();
    if (found.state === 'too_early') {
      throw new AppError('conflict', 409, {
        details: [{ field: 'answers', rule: 'questionnaire_too_early' }],
      });
    }
    const { session, questionnaire } = found;
    const id = await storeAnswers(
      platform,
      trx,
      {
        personId: null,
        participantId: session.participant_id,
        organisationId: null,
        organisationType: session.organisation_type,
      },
      { questionnaireId: questionnaire.id, sessionId: session.session_id, courseId: session.course_id },
      answers,
    );
    await platform.audit.append(trx, {
      actor: null,
      action: 'training.evaluation_submit',
      targetType: 'training_session',
      targetId: session.session_id,
      meta: { questionnaireId: questionnaire.id, respondent: 'outside' },
    });
    return id;
  });
}

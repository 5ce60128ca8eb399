import type { Actor } from '../../platform/authz/actor.js';
import { authorize } from '../../platform/authz/authorize.js';
import { Errors } from '../../platform/errors.js';
import type { Platform } from '../../platform/platform.js';
import { definitions } from './answers.service.js';
import * as evaluationRepo from './evaluations.repository.js';
import { type Aggregate, aggregate, SMALL_COUNT, surveyState } from './questionnaire.rules.js';
import * as designRepo from './questionnaire-design.repository.js';
import { canSeeCourseResults, canSeeSessionResults, isCoordination } from './questionnaires.policy.js';
import * as repo from './results.repository.js';
import { today } from './surveys.service.js';

/** Aggregated results: evaluations by session and by course, needs surveys by organisation type and organisation. */

export interface ResultBlock {
  questionnaire: designRepo.QuestionnaireRow;
  questions: designRepo.QuestionRow[];
  aggregate: Aggregate;
}

async function resultBlocks(platform: Platform, filter: repo.ResponseFilter): Promise<ResultBlock[]> {
  const counts = await repo.responseCountsByQuestionnaire(platform.db, filter);
  const blocks: ResultBlock[] = [];
  for (const { questionnaire_id, n } of counts) {
    const questionnaire = await designRepo.findQuestionnaire(platform.db, questionnaire_id);
    if (!questionnaire) continue;
    const questions = await designRepo.listQuestions(platform.db, questionnaire_id);
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
): Promise<{ session: evaluationRepo.EvaluationSessionRow; blocks: ResultBlock[] }> {
  const session = await evaluationRepo.findEvaluationSession(platform.db, sessionId, actor.personId);
  if (!session) throw Errors.notFound();
  authorize(canSeeSessionResults(actor, session));
  return { session, blocks: await resultBlocks(platform, { sessionId }) };
}

/** Aggregated evaluations of every session of a course. Throws not_found. */
export async function courseResults(
  platform: Platform,
  actor: Actor,
  courseId: string,
): Promise<{ course: designRepo.CourseRef; blocks: ResultBlock[] }> {
  const course = await designRepo.findCourse(platform.db, courseId);
  if (!course) throw Errors.notFound();
  authorize(
    canSeeCourseResults(actor, { trains: await repo.trainsCourse(platform.db, courseId, actor.personId) }),
  );
  return { course, blocks: await resultBlocks(platform, { courseId }) };
}

export interface SurveyResults {
  survey: designRepo.QuestionnaireRow;
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
  const survey = await designRepo.findQuestionnaire(platform.db, id);
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

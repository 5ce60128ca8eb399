import type { Actor } from '../../platform/authz/actor.js';
import { authorize } from '../../platform/authz/authorize.js';
import { AppError, Errors } from '../../platform/errors.js';
import type { Platform } from '../../platform/platform.js';
import { memberRespondent, storeAnswers } from './answers.service.js';
import * as repo from './evaluations.repository.js';
import type { AnswerInput } from './questionnaire.rules.js';
import * as designRepo from './questionnaire-design.repository.js';
import { canEvaluate } from './questionnaires.policy.js';

/** Members evaluating the sessions in which they held a confirmed seat. */

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
    const questionnaireId = await designRepo.evaluationQuestionnaireOf(platform.db, session.course_id);
    result.push({ session, state: evaluationState(session, now, questionnaireId !== null) });
  }
  return result;
}

export interface EvaluationForm {
  session: repo.EvaluationSessionRow;
  questionnaire: designRepo.QuestionnaireRow;
  questions: designRepo.QuestionRow[];
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
  const questionnaireId = await designRepo.evaluationQuestionnaireOf(platform.db, session.course_id);
  const questionnaire = questionnaireId
    ? await designRepo.findQuestionnaire(platform.db, questionnaireId)
    : undefined;
  if (!questionnaire) throw Errors.notFound();
  return {
    session,
    questionnaire,
    questions: await designRepo.listQuestions(platform.db, questionnaire.id),
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
    const questionnaireId = await designRepo.evaluationQuestionnaireOf(trx, session.course_id);
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
      action: 'training.evaluation.submit',
      targetType: 'training_session',
      targetId: sessionId,
      meta: { questionnaireId },
    });
    return id;
  });
}

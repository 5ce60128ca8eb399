import type { Executor } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors.js';
import type { Platform } from '../../platform/platform.js';
import { alreadyAnswered, storeAnswers } from './answers.service.js';
import * as evaluationRepo from './evaluations.repository.js';
import type { AnswerInput } from './questionnaire.rules.js';
import * as designRepo from './questionnaire-design.repository.js';
import { canEvaluate } from './questionnaires.policy.js';
import { isCurrent, openLink } from './training.links.js';

/** Outside participants evaluating a session through the signed link of their e-mail, without an account. */

/**
 * Where an outside participant's evaluation stands: `open` (the form), `answered`, `too_early` (the
 * last day has not ended), or `invalid` (forged or expired link, a link of an earlier registration
 * since renewed, no confirmed seat, did not attend, cancelled session, no evaluation questionnaire for
 * the course).
 */
export type OutsideEvaluation =
  | {
      state: 'open' | 'answered' | 'too_early';
      session: evaluationRepo.OutsideEvaluationRow;
      questionnaire: designRepo.QuestionnaireRow;
      questions: designRepo.QuestionRow[];
    }
  | { state: 'invalid' };

async function outsideEvaluationOf(
  platform: Platform,
  db: Executor,
  token: string,
): Promise<OutsideEvaluation & { questionnaireId?: string }> {
  const link = openLink(platform, 'training-evaluation', token);
  if (!link) return { state: 'invalid' };
  const session = await evaluationRepo.findOutsideEvaluation(db, link.id);
  // A link of an earlier version (registration renewed, or address corrected) opens nothing.
  if (!session || !isCurrent(link, session)) return { state: 'invalid' };
  if (!canEvaluate({ confirmed: session.status === 'confirmed', status: session.session_status }))
    return { state: 'invalid' };
  if (!session.attended) return { state: 'invalid' };
  const questionnaireId = await designRepo.evaluationQuestionnaireOf(db, session.course_id);
  const questionnaire = questionnaireId ? await designRepo.findQuestionnaire(db, questionnaireId) : undefined;
  if (!questionnaire) return { state: 'invalid' };
  const questions = await designRepo.listQuestions(db, questionnaire.id);
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
      action: 'training.evaluation.submit',
      targetType: 'training_session',
      targetId: session.session_id,
      meta: { questionnaireId: questionnaire.id, respondent: 'outside' },
    });
    return id;
  });
}

import type { Transaction } from 'kysely';
import type { Actor } from '../../platform/authz/actor.js';
import type { DB } from '../../platform/db/schema.js';
import { isUniqueViolation } from '../../platform/db/unique-violation.js';
import { AppError, Errors } from '../../platform/errors.js';
import type { Platform } from '../../platform/platform.js';
import { organisationById } from '../accounts/index.js';
import * as repo from './answers.repository.js';
import { type AnswerInput, type QuestionDef, validateAnswers } from './questionnaire.rules.js';
import * as designRepo from './questionnaire-design.repository.js';

/** Answer sets, shared by evaluations and surveys: checked against their questionnaire, stored once. */

/** The conflict of an answer set given a second time (409). */
export const alreadyAnswered = () =>
  new AppError('conflict', 409, { details: [{ field: 'answers', rule: 'questionnaire_already_answered' }] });

/** Questions as the answer rules and the aggregates read them. */
export function definitions(questions: readonly designRepo.QuestionRow[]): QuestionDef[] {
  return questions.map((q) => ({ id: q.id, type: q.type, required: q.required, options: q.options }));
}

/** Who gives an answer set: a Filet person, or an outside participant (evaluations only). */
interface Respondent {
  personId: string | null;
  participantId: string | null;
  organisationId: string | null;
  organisationType: string;
}

/** A Filet person as the respondent, with their organisation and its type as they are today. */
export async function memberRespondent(trx: Transaction<DB>, actor: Actor): Promise<Respondent> {
  const organisation = await organisationById(trx, actor.organisationId);
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
export async function storeAnswers(
  platform: Platform,
  trx: Transaction<DB>,
  respondent: Respondent,
  target: { questionnaireId: string; sessionId: string | null; courseId: string | null },
  answers: readonly AnswerInput[],
): Promise<string> {
  const questions = await designRepo.listQuestions(trx, target.questionnaireId);
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

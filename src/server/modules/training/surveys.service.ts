import type { Actor } from '../../platform/authz/actor.js';
import { authorize } from '../../platform/authz/authorize.js';
import { AppError, Errors } from '../../platform/errors.js';
import type { Platform } from '../../platform/platform.js';
import { activePeopleOfTypes, organisationById } from '../accounts/index.js';
import { memberRespondent, storeAnswers } from './answers.service.js';
import { type AnswerInput, regionDate, surveyState } from './questionnaire.rules.js';
import * as designRepo from './questionnaire-design.repository.js';
import { isCoordination } from './questionnaires.policy.js';
import * as repo from './surveys.repository.js';

/** Needs surveys: opened by the table, answered by the people of the organisation types they target. */

/** Today's date in the region: surveys open and close on whole days there. */
export function today(platform: Platform): string {
  return regionDate(platform.now(), platform.config.timeZone);
}

/** Surveys open today for the person's organisation type, and whether they answered. */
export async function mySurveys(
  platform: Platform,
  actor: Actor,
): Promise<Array<designRepo.QuestionnaireRow & { answered: boolean }>> {
  const organisation = await organisationById(platform.db, actor.organisationId);
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
): Promise<{
  survey: designRepo.QuestionnaireRow & { answered: boolean };
  questions: designRepo.QuestionRow[];
}> {
  const survey = await openSurveyFor(platform, actor, id);
  return { survey, questions: await designRepo.listQuestions(platform.db, id) };
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
      action: 'training.survey.answer',
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
    const survey = await designRepo.findQuestionnaire(trx, id, { forUpdate: true });
    if (survey?.kind !== 'survey') throw Errors.notFound();
    if (surveyState(survey, today(platform)) !== 'draft') {
      throw new AppError('conflict', 409, {
        details: [{ field: 'opensOn', rule: 'questionnaire_not_draft' }],
      });
    }
    if ((await designRepo.listQuestions(trx, id)).length === 0) {
      throw Errors.field('questions', 'questionnaire_no_questions');
    }
    await designRepo.updateQuestionnaire(trx, id, { opened_at: platform.now() }, platform.now());
    const people = await activePeopleOfTypes(trx, survey.target_types);
    for (const personId of people) {
      await platform.notifier.notify(trx, personId, {
        kind: 'training-questionnaires.survey_open',
        params: { closesOn: survey.closes_on ?? '' },
        link: `/formation/sondages/${id}`,
      });
    }
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'training.survey.open',
      targetType: 'questionnaire',
      targetId: id,
      meta: { notified: people.length },
    });
    return people.length;
  });
}

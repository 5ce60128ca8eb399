import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.js';
import { QUESTIONNAIRE_COLUMNS, type QuestionnaireRow } from './questionnaire-design.repository.js';

/**
 * Needs surveys' SQL: those open to a person. The organisations and people a survey is aimed at are
 * read through the accounts module.
 */

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

import type { Executor } from '../../platform/db/database.js';

/** Answer sets' SQL: storing one whole, and whether a respondent already answered. */

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

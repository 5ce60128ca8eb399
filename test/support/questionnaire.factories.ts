import type { Kysely } from 'kysely';
import type { QuestionOption, QuestionType } from '../../src/server/modules/training/questionnaires.table.js';
import type { DB } from '../../src/server/platform/db/schema.js';

/**
 * Test factories for the questionnaire tests and the policy matrix: the smallest training records an
 * evaluation or a figure needs, written straight to the database.
 */

let sequence = 0;
const nextCode = (prefix: string) => {
  sequence += 1;
  return `${prefix}-${process.pid % 10000}-${sequence}`.slice(0, 20).toUpperCase();
};

export async function makeCourse(
  db: Kysely<DB>,
  values: { code?: string; titleFr?: string; networkPrerequisite?: boolean } = {},
): Promise<string> {
  const row = await db
    .insertInto('training_courses')
    .values({
      code: values.code ?? nextCode('Q'),
      title_fr: values.titleFr ?? 'Formation fictive',
      title_en: 'Fictional course',
      duration_days: 1,
      network_prerequisite: values.networkPrerequisite ?? false,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A session whose only day ends `endsAt` (default: yesterday), with its trainers. */
export async function makeSession(
  db: Kysely<DB>,
  courseId: string,
  values: { endsAt?: Date; trainerIds?: string[]; status?: 'planned' | 'completed' | 'cancelled' } = {},
): Promise<string> {
  const ends = values.endsAt ?? new Date(Date.now() - 24 * 3_600_000);
  const starts = new Date(ends.getTime() - 7 * 3_600_000);
  const row = await db
    .insertInto('training_sessions')
    .values({
      course_id: courseId,
      place: 'Salle fictive',
      capacity: 20,
      registration_deadline: new Date(starts.getTime() - 7 * 24 * 3_600_000),
      status: values.status ?? 'planned',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('training_session_days')
    .values({ session_id: row.id, day: starts.toISOString().slice(0, 10), starts_at: starts, ends_at: ends })
    .execute();
  if (values.trainerIds?.length) {
    await db
      .insertInto('training_session_trainers')
      .values(values.trainerIds.map((person_id) => ({ session_id: row.id, person_id })))
      .execute();
  }
  return row.id;
}

/** The participant record of a Filet person (created once). */
export async function participantOf(
  db: Kysely<DB>,
  person: { id: string; email: string; organisationId: string },
  organisationType = 'community',
): Promise<string> {
  const existing = await db
    .selectFrom('training_participants')
    .select('id')
    .where('person_id', '=', person.id)
    .executeTakeFirst();
  if (existing) return existing.id;
  const row = await db
    .insertInto('training_participants')
    .values({
      person_id: person.id,
      full_name: 'Personne Fictive',
      email: person.email,
      organisation_id: person.organisationId,
      organisation_type: organisationType,
      source: 'member',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** An outside professional (registered through an invitation link: no Filet account). */
export async function outsideParticipant(
  db: Kysely<DB>,
  values: { email: string; fullName?: string; locale?: 'fr-CA' | 'en-CA'; organisationType?: string },
): Promise<string> {
  const row = await db
    .insertInto('training_participants')
    .values({
      full_name: values.fullName ?? 'Personne Externe',
      email: values.email,
      organisation_type: values.organisationType ?? 'hotel',
      organisation_name: 'Hôtel fictif',
      profession: 'Réception',
      locale: values.locale ?? 'fr-CA',
      source: 'invited',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function register(
  db: Kysely<DB>,
  sessionId: string,
  participantId: string,
  status: 'confirmed' | 'waitlisted' | 'cancelled' = 'confirmed',
): Promise<string> {
  const row = await db
    .insertInto('training_registrations')
    .values({
      session_id: sessionId,
      participant_id: participantId,
      status,
      ...(status === 'waitlisted' ? { queue_number: 1, waitlisted_at: new Date() } : {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function complete(
  db: Kysely<DB>,
  values: {
    participantId: string;
    courseId: string;
    completedOn: string;
    organisationId?: string | null;
    organisationType?: string;
  },
): Promise<void> {
  await db
    .insertInto('training_completions')
    .values({
      participant_id: values.participantId,
      course_id: values.courseId,
      completed_on: values.completedOn,
      organisation_id: values.organisationId ?? null,
      organisation_type: values.organisationType ?? 'community',
    })
    .execute();
}

export interface QuestionSeed {
  type: QuestionType;
  required?: boolean;
  textFr: string;
  textEn: string;
  options?: QuestionOption[];
}

/** A questionnaire with its questions; returns its id and its questions' ids in order. */
export async function makeQuestionnaire(
  db: Kysely<DB>,
  values: {
    kind?: 'evaluation' | 'survey';
    isDefault?: boolean;
    opensOn?: string;
    closesOn?: string;
    targetTypes?: string[];
    opened?: boolean;
    questions?: QuestionSeed[];
  } = {},
): Promise<{ id: string; questionIds: string[] }> {
  const kind = values.kind ?? 'evaluation';
  const row = await db
    .insertInto('questionnaires')
    .values({
      kind,
      title_fr: kind === 'survey' ? 'Sondage fictif' : 'Évaluation fictive',
      title_en: kind === 'survey' ? 'Fictional survey' : 'Fictional evaluation',
      is_default: values.isDefault ?? false,
      opens_on: kind === 'survey' ? (values.opensOn ?? '2000-01-01') : null,
      closes_on: kind === 'survey' ? (values.closesOn ?? '2999-12-31') : null,
      target_types: values.targetTypes ?? (kind === 'survey' ? ['community'] : []),
      opened_at: kind === 'survey' && values.opened !== false ? new Date() : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const questions = values.questions ?? STANDARD_QUESTIONS;
  const ids: string[] = [];
  for (const [position, q] of questions.entries()) {
    const inserted = await db
      .insertInto('questionnaire_questions')
      .values({
        questionnaire_id: row.id,
        position,
        type: q.type,
        required: q.required ?? true,
        text_fr: q.textFr,
        text_en: q.textEn,
        options: JSON.stringify(q.options ?? []),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.push(inserted.id);
  }
  return { id: row.id, questionIds: ids };
}

/** A scale, a single choice, a multiple choice and an optional comment. */
export const STANDARD_QUESTIONS: QuestionSeed[] = [
  { type: 'scale', textFr: 'Satisfaction générale', textEn: 'Overall satisfaction' },
  {
    type: 'single',
    textFr: 'Recommanderiez-vous la formation?',
    textEn: 'Would you recommend the course?',
    options: [
      { key: 'yes', fr: 'Oui', en: 'Yes' },
      { key: 'no', fr: 'Non', en: 'No' },
    ],
  },
  {
    type: 'multiple',
    textFr: 'Contenus les plus utiles',
    textEn: 'Most useful content',
    options: [
      { key: 'cases', fr: 'Études de cas', en: 'Case studies' },
      { key: 'law', fr: 'Cadre légal', en: 'Legal framework' },
      { key: 'tools', fr: 'Outils de repérage', en: 'Screening tools' },
    ],
  },
  { type: 'long_text', required: false, textFr: 'Commentaires', textEn: 'Comments' },
];

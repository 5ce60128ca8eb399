import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.js';
import { organisationName } from '../accounts/index.js';
import type { ParticipantSource } from './training.table.js';

/** Completions' SQL: who completed which course, certificates, and the training records by scope. */

/** Completed courses among `courseIds`, per participant. */
export async function completionsAmong(
  db: Executor,
  participantIds: readonly string[],
  courseIds: readonly string[],
): Promise<Map<string, Set<string>>> {
  const out = new Map<string, Set<string>>();
  if (participantIds.length === 0 || courseIds.length === 0) return out;
  const rows = await db
    .selectFrom('training_completions')
    .select(['participant_id', 'course_id'])
    .where('participant_id', 'in', [...participantIds])
    .where('course_id', 'in', [...courseIds])
    .execute();
  for (const row of rows) {
    const set = out.get(row.participant_id) ?? new Set<string>();
    set.add(row.course_id);
    out.set(row.participant_id, set);
  }
  return out;
}

export async function completedCourseIds(db: Executor, participantId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('training_completions')
    .select('course_id')
    .distinct()
    .where('participant_id', '=', participantId)
    .execute();
  return new Set(rows.map((r) => r.course_id));
}

export async function insertCompletion(
  db: Executor,
  values: {
    participant_id: string;
    course_id: string;
    session_id: string | null;
    completed_on: string;
    organisation_id: string | null;
    organisation_type: string;
    certificate_code: string | null;
    expires_on: string | null;
    created_by: string | null;
  },
): Promise<string | null> {
  const row = await db
    .insertInto('training_completions')
    .values(values)
    .onConflict((oc) =>
      oc.columns(['participant_id', 'session_id']).where('session_id', 'is not', null).doNothing(),
    )
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

export interface CompletionRow {
  id: string;
  participant_id: string;
  person_id: string | null;
  source: ParticipantSource;
  participant_organisation_id: string | null;
  full_name: string;
  course_id: string;
  course_title_fr: string;
  course_title_en: string;
  session_id: string | null;
  completed_on: string;
  expires_on: string | null;
  certificate_code: string | null;
  organisation_type: string;
  organisation_name: string | null;
}

function completionQuery(db: Executor) {
  return db
    .selectFrom('training_completions as k')
    .innerJoin('training_participants as p', 'p.id', 'k.participant_id')
    .innerJoin('training_courses as c', 'c.id', 'k.course_id')
    .select([
      'k.id',
      'k.participant_id',
      'p.person_id',
      'p.source',
      'p.organisation_id as participant_organisation_id',
      'p.full_name',
      'k.course_id',
      'c.title_fr as course_title_fr',
      'c.title_en as course_title_en',
      'k.session_id',
      'k.completed_on',
      'k.expires_on',
      'k.certificate_code',
      'k.organisation_type',
      sql<string | null>`coalesce(${organisationName('k.organisation_id')}, p.organisation_name)`.as(
        'organisation_name',
      ),
    ]);
}

export async function findCompletion(db: Executor, id: string): Promise<CompletionRow | undefined> {
  return completionQuery(db).where('k.id', '=', id).executeTakeFirst();
}

export async function findCompletionByCode(db: Executor, code: string): Promise<CompletionRow | undefined> {
  return completionQuery(db).where('k.certificate_code', '=', code).executeTakeFirst();
}

/** A completion with a certificate held by an outside participant, and where they are reached now. */
export interface OutsideCompletionRow extends CompletionRow {
  email: string;
}

/** The completion a certificate link names, when it has a certificate and an outside holder. */
export async function findOutsideCompletion(
  db: Executor,
  id: string,
): Promise<OutsideCompletionRow | undefined> {
  return completionQuery(db)
    .select('p.email')
    .where('k.id', '=', id)
    .where('p.source', '=', 'invited')
    .where('k.certificate_code', 'is not', null)
    .executeTakeFirst();
}

export async function completionsOfParticipant(
  db: Executor,
  participantId: string,
): Promise<CompletionRow[]> {
  return completionQuery(db)
    .where('k.participant_id', '=', participantId)
    .orderBy('k.completed_on', 'desc')
    .execute();
}

/**
 * Training records by scope, resolved in SQL: every record, one organisation's people (current
 * employer of a Filet person, or the organisation at completion), or a trainer's sessions.
 */
export async function listRecords(
  db: Executor,
  scope: { all: true } | { organisationId: string } | { trainerId: string },
  filter: { courseId?: string | undefined; q?: string | undefined },
  limit: number,
): Promise<CompletionRow[]> {
  let query = completionQuery(db);
  if ('organisationId' in scope) {
    query = query.where((eb) =>
      eb.or([
        eb('p.organisation_id', '=', scope.organisationId),
        eb('k.organisation_id', '=', scope.organisationId),
      ]),
    );
  } else if ('trainerId' in scope) {
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('training_session_trainers as t')
          .select('t.session_id')
          .whereRef('t.session_id', '=', 'k.session_id')
          .where('t.person_id', '=', scope.trainerId),
      ),
    );
  }
  if (filter.courseId) query = query.where('k.course_id', '=', filter.courseId);
  if (filter.q) query = query.where(sql<boolean>`filet_fold(p.full_name) like ${`%${filter.q}%`}`);
  return query.orderBy('k.completed_on', 'desc').orderBy('k.id').limit(limit).execute();
}

/** Which of these people completed the course flagged as the network's prerequisite. */
export async function peopleWithNetworkPrerequisite(
  db: Executor,
  personIds: readonly string[],
): Promise<Set<string>> {
  if (personIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('training_completions as k')
    .innerJoin('training_participants as p', 'p.id', 'k.participant_id')
    .innerJoin('training_courses as c', 'c.id', 'k.course_id')
    .select('p.person_id')
    .distinct()
    .where('c.network_prerequisite', '=', true)
    .where('p.person_id', 'in', [...personIds])
    .execute();
  return new Set(rows.map((r) => r.person_id).filter((id): id is string => id !== null));
}

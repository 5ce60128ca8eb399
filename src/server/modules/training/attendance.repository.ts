import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.js';
import { organisationName } from '../accounts/index.js';
import type { AttendanceStatus, ParticipantSource, RegistrationStatus } from './training.table.js';

/** The SQL of running a session: its participant list and their attendance per day. */

export interface ParticipantListRow {
  registration_id: string;
  participant_id: string;
  person_id: string | null;
  source: ParticipantSource;
  full_name: string;
  email: string;
  organisation_type: string;
  organisation_name: string | null;
  profession: string | null;
  status: RegistrationStatus;
  queue_number: number | null;
  offer_expires_at: Date | null;
  created_at: Date;
  completed: boolean;
  completion_id: string | null;
}

export async function sessionParticipants(db: Executor, sessionId: string): Promise<ParticipantListRow[]> {
  return db
    .selectFrom('training_registrations as r')
    .innerJoin('training_participants as p', 'p.id', 'r.participant_id')
    .leftJoin('training_completions as c', (join) =>
      join.onRef('c.participant_id', '=', 'r.participant_id').onRef('c.session_id', '=', 'r.session_id'),
    )
    .select([
      'r.id as registration_id',
      'p.id as participant_id',
      'p.person_id',
      'p.source',
      'p.full_name',
      'p.email',
      'p.organisation_type',
      sql<string | null>`coalesce(${organisationName('p.organisation_id')}, p.organisation_name)`.as(
        'organisation_name',
      ),
      'p.profession',
      'r.status',
      'r.queue_number',
      'r.offer_expires_at',
      'r.created_at',
      sql<boolean>`c.id is not null`.as('completed'),
      'c.id as completion_id',
    ])
    .where('r.session_id', '=', sessionId)
    .orderBy(
      sql`case r.status when 'confirmed' then 0 when 'offered' then 1 when 'waitlisted' then 2 else 3 end`,
    )
    .orderBy('r.queue_number')
    .orderBy('p.full_name')
    .execute();
}

export async function upsertAttendance(
  db: Executor,
  rows: ReadonlyArray<{ registration_id: string; day: string; status: AttendanceStatus }>,
  markedBy: string,
  now: Date,
): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('training_attendance')
    .values(rows.map((r) => ({ ...r, marked_by: markedBy, marked_at: now })))
    .onConflict((oc) =>
      oc.columns(['registration_id', 'day']).doUpdateSet((eb) => ({
        status: eb.ref('excluded.status'),
        marked_by: eb.ref('excluded.marked_by'),
        marked_at: eb.ref('excluded.marked_at'),
      })),
    )
    .execute();
}

export async function sessionAttendance(
  db: Executor,
  sessionId: string,
): Promise<Array<{ registration_id: string; day: string; status: AttendanceStatus }>> {
  return db
    .selectFrom('training_attendance as a')
    .innerJoin('training_registrations as r', 'r.id', 'a.registration_id')
    .select(['a.registration_id', 'a.day', 'a.status'])
    .where('r.session_id', '=', sessionId)
    .execute();
}

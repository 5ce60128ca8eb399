import { sql } from 'kysely';
import type { Locale } from '../../../shared/roles.js';
import type { Executor } from '../../platform/db/database.js';
import { type ParticipantRow, participantColumns } from './participants.repository.js';
import type { ParticipantSource, RegistrationStatus } from './training.table.js';

/**
 * The SQL behind the table's and trainers' reading and correction of an outside participant's record:
 * their identity, the trainers who may reach them, and the registrations whose links move on when
 * their address changes.
 */

/** A participant record with where it comes from, as the correction of an outside participant reads it. */
export interface ParticipantRecordRow extends ParticipantRow {
  source: ParticipantSource;
  created_at: Date;
}

/**
 * A participant by id, whatever their source (the policy decides what may be done with it). `lock`:
 * the row stays locked until the transaction ends, so two corrections of one person are decided one
 * after the other.
 */
export async function findParticipantRecord(
  db: Executor,
  id: string,
  options: { lock?: boolean } = {},
): Promise<ParticipantRecordRow | undefined> {
  let query = db
    .selectFrom('training_participants')
    .select([...participantColumns, 'source', 'created_at'])
    .where('id', '=', id);
  if (options.lock) query = query.forUpdate();
  return query.executeTakeFirst();
}

/**
 * The trainers of every session a participant is registered in (whatever the registration's status) or
 * completed, one row per session and trainer.
 */
export async function participantSessionTrainers(
  db: Executor,
  participantId: string,
): Promise<Array<{ session_id: string; person_id: string }>> {
  return db
    .selectFrom('training_session_trainers as t')
    .select(['t.session_id', 't.person_id'])
    .where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom('training_registrations as r')
            .select('r.id')
            .whereRef('r.session_id', '=', 't.session_id')
            .where('r.participant_id', '=', participantId),
        ),
        eb.exists(
          eb
            .selectFrom('training_completions as k')
            .select('k.id')
            .whereRef('k.session_id', '=', 't.session_id')
            .where('k.participant_id', '=', participantId),
        ),
      ]),
    )
    .execute();
}

/** Whether another outside participant already uses this e-mail address (case-insensitively). */
export async function outsideEmailTaken(db: Executor, email: string, exceptId: string): Promise<boolean> {
  const row = await db
    .selectFrom('training_participants')
    .select('id')
    .where(sql<boolean>`lower(email) = lower(${email})`)
    .where('source', '=', 'invited')
    .where('id', '<>', exceptId)
    .executeTakeFirst();
  return row !== undefined;
}

/** What a correction of an outside participant may change. */
export interface ParticipantIdentity {
  full_name: string;
  email: string;
  organisation_name: string;
  organisation_type: string;
  profession: string;
  locale: Locale;
}

export async function updateParticipant(
  db: Executor,
  id: string,
  values: Partial<ParticipantIdentity>,
): Promise<void> {
  await db.updateTable('training_participants').set(values).where('id', '=', id).execute();
}

/** The sessions in which a participant holds or awaits a seat (confirmed, wait-listed, offered). */
export async function activeSessionIdsOf(db: Executor, participantId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('training_registrations')
    .select('session_id')
    .distinct()
    .where('participant_id', '=', participantId)
    .where('status', 'in', ['confirmed', 'waitlisted', 'offered'])
    .execute();
  return rows.map((r) => r.session_id);
}

/**
 * Moves on the link version of every confirmed, wait-listed and offered registration of a participant:
 * the personal links sent for them before stop acting on them. Call with their sessions locked.
 * Returns how many moved.
 */
export async function moveLinkVersions(db: Executor, participantId: string): Promise<number> {
  const rows = await db
    .updateTable('training_registrations')
    .set((eb) => ({ link_version: eb('link_version', '+', 1) }))
    .where('participant_id', '=', participantId)
    .where('status', 'in', ['confirmed', 'waitlisted', 'offered'])
    .returning('id')
    .execute();
  return rows.length;
}

/** A participant's registration holding or awaiting a seat, with its place on the wait list. */
export interface HeldRegistrationRow {
  id: string;
  session_id: string;
  status: RegistrationStatus;
  offer_expires_at: Date | null;
  link_version: number;
  /** Their rank on the wait list (wait-listed only). */
  position: number | null;
}

/** The confirmed, wait-listed and offered registrations of a participant. */
export async function heldRegistrationsOf(
  db: Executor,
  participantId: string,
): Promise<HeldRegistrationRow[]> {
  return db
    .selectFrom('training_registrations as r')
    .select([
      'r.id',
      'r.session_id',
      'r.status',
      'r.offer_expires_at',
      'r.link_version',
      sql<
        number | null
      >`case when r.status = 'waitlisted' then (select count(*)::int from training_registrations w where w.session_id = r.session_id and w.status = 'waitlisted' and w.queue_number <= r.queue_number) end`.as(
        'position',
      ),
    ])
    .where('r.participant_id', '=', participantId)
    .where('r.status', 'in', ['confirmed', 'waitlisted', 'offered'])
    .orderBy('r.created_at')
    .orderBy('r.id')
    .execute();
}

import { sql } from 'kysely';
import type { Locale } from '../../../shared/roles.js';
import type { Executor } from '../../platform/db/database.js';
import type { RegistrationStatus, SessionStatus } from './training.table.js';

/** Registrations' SQL: seats held, registrations written, renewed and cancelled, a person's own list. */

export interface RegistrationCore {
  id: string;
  session_id: string;
  participant_id: string;
  status: RegistrationStatus;
  queue_number: number | null;
  offer_expires_at: Date | null;
  /** The version the personal links of an outside participant are signed for. */
  link_version: number;
}

const REGISTRATION_CORE = [
  'r.id',
  'r.session_id',
  'r.participant_id',
  'r.status',
  'r.queue_number',
  'r.offer_expires_at',
  'r.link_version',
] as const;

/** A registration and its participant's Filet account (null for an outside participant). */
export interface RegistrationHolderRow extends RegistrationCore {
  person_id: string | null;
}

/** Selects a `RegistrationHolderRow` from registrations `r` joined to their participants `p`. */
const REGISTRATION_HOLDER = [...REGISTRATION_CORE, 'p.person_id'] as const;

export async function findRegistrationOf(
  db: Executor,
  sessionId: string,
  participantId: string,
): Promise<RegistrationCore | undefined> {
  return db
    .selectFrom('training_registrations as r')
    .select(REGISTRATION_CORE)
    .where('r.session_id', '=', sessionId)
    .where('r.participant_id', '=', participantId)
    .executeTakeFirst();
}

export async function registrationsOfParticipants(
  db: Executor,
  sessionId: string,
  participantIds: readonly string[],
): Promise<RegistrationCore[]> {
  if (participantIds.length === 0) return [];
  return db
    .selectFrom('training_registrations as r')
    .select(REGISTRATION_CORE)
    .where('r.session_id', '=', sessionId)
    .where('r.participant_id', 'in', [...participantIds])
    .execute();
}

/** A registration as it is first written: a seat or a place in line. */
export interface RegistrationValues {
  session_id: string;
  participant_id: string;
  status: RegistrationStatus;
  queue_number: number | null;
  waitlisted_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export async function insertRegistrations(
  db: Executor,
  rows: readonly RegistrationValues[],
): Promise<Array<{ id: string; participant_id: string }>> {
  if (rows.length === 0) return [];
  return db
    .insertInto('training_registrations')
    .values([...rows])
    .returning(['id', 'participant_id'])
    .execute();
}

export async function insertRegistration(db: Executor, values: RegistrationValues): Promise<string> {
  const row = await db
    .insertInto('training_registrations')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface RegistrationOwnerRow extends RegistrationHolderRow {
  participant_organisation_id: string | null;
}

export async function findRegistration(db: Executor, id: string): Promise<RegistrationOwnerRow | undefined> {
  return db
    .selectFrom('training_registrations as r')
    .innerJoin('training_participants as p', 'p.id', 'r.participant_id')
    .select([...REGISTRATION_HOLDER, 'p.organisation_id as participant_organisation_id'])
    .where('r.id', '=', id)
    .executeTakeFirst();
}

export async function heldCounts(
  db: Executor,
  sessionId: string,
): Promise<{ confirmed: number; offered: number; waitlisted: number }> {
  const rows = await db
    .selectFrom('training_registrations')
    .select(['status', sql<number>`count(*)::int`.as('n')])
    .where('session_id', '=', sessionId)
    .where('status', 'in', ['confirmed', 'offered', 'waitlisted'])
    .groupBy('status')
    .execute();
  const count = (status: string) => rows.find((r) => r.status === status)?.n ?? 0;
  return { confirmed: count('confirmed'), offered: count('offered'), waitlisted: count('waitlisted') };
}

export async function setRegistration(
  db: Executor,
  id: string,
  values: {
    status: RegistrationStatus;
    queue_number?: number | null;
    waitlisted_at?: Date | null;
    offer_expires_at?: Date | null;
    reminded_at?: Date | null;
  },
  now: Date,
): Promise<void> {
  await db
    .updateTable('training_registrations')
    .set({
      ...values,
      offer_expires_at: values.status === 'offered' ? (values.offer_expires_at ?? null) : null,
      updated_at: now,
    })
    .where('id', '=', id)
    .execute();
}

/**
 * A registration renewed after it was cancelled, declined or expired (the row is reused): its new
 * values, and a new link version, so the personal links sent for the earlier registration stop acting
 * on it. Returns the new version.
 */
export async function renewRegistration(
  db: Executor,
  id: string,
  values: {
    status: 'confirmed' | 'waitlisted';
    queue_number: number | null;
    waitlisted_at: Date | null;
  },
  now: Date,
): Promise<number> {
  const row = await db
    .updateTable('training_registrations')
    .set((eb) => ({
      ...values,
      offer_expires_at: null,
      reminded_at: null,
      link_version: eb('link_version', '+', 1),
      updated_at: now,
    }))
    .where('id', '=', id)
    .returning('link_version')
    .executeTakeFirstOrThrow();
  return row.link_version;
}

/** Cancels these registrations in one statement (a pending offer goes with them). */
export async function cancelRegistrations(db: Executor, ids: readonly string[], now: Date): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('training_registrations')
    .set({ status: 'cancelled', offer_expires_at: null, updated_at: now })
    .where('id', 'in', [...ids])
    .execute();
}

/** A registration still holding or awaiting a seat, with whom to tell and in which language. */
export interface ActiveRegistrationRow {
  id: string;
  status: RegistrationStatus;
  link_version: number;
  person_id: string | null;
  email: string;
  full_name: string;
  locale: Locale;
}

/** The confirmed, wait-listed and offered registrations of a session. */
export async function activeRegistrations(db: Executor, sessionId: string): Promise<ActiveRegistrationRow[]> {
  return db
    .selectFrom('training_registrations as r')
    .innerJoin('training_participants as p', 'p.id', 'r.participant_id')
    .select(['r.id', 'r.status', 'r.link_version', 'p.person_id', 'p.email', 'p.full_name', 'p.locale'])
    .where('r.session_id', '=', sessionId)
    .where('r.status', 'in', ['confirmed', 'waitlisted', 'offered'])
    .orderBy('r.created_at')
    .orderBy('r.id')
    .execute();
}

/**
 * What an outside participant's personal links show and check: the registration and its participant
 * (whose `person_id` is always null: outside participants have no Filet account).
 */
export interface OutsideRegistrationRow extends RegistrationHolderRow {
  source: string;
  full_name: string;
  email: string;
  locale: Locale;
  organisation_type: string;
}

export async function findOutsideRegistration(
  db: Executor,
  id: string,
): Promise<OutsideRegistrationRow | undefined> {
  return db
    .selectFrom('training_registrations as r')
    .innerJoin('training_participants as p', 'p.id', 'r.participant_id')
    .select([...REGISTRATION_HOLDER, 'p.source', 'p.full_name', 'p.email', 'p.locale', 'p.organisation_type'])
    .where('r.id', '=', id)
    .where('p.source', '=', 'invited')
    .executeTakeFirst();
}

export interface MyRegistrationRow {
  id: string;
  session_id: string;
  status: RegistrationStatus;
  queue_number: number | null;
  offer_expires_at: Date | null;
  course_id: string;
  course_title_fr: string;
  course_title_en: string;
  place: string | null;
  video_url: string | null;
  session_status: SessionStatus;
  starts_at: Date | null;
  ends_at: Date | null;
  position: number | null;
}

export async function registrationsOfParticipant(
  db: Executor,
  participantId: string,
): Promise<MyRegistrationRow[]> {
  return db
    .selectFrom('training_registrations as r')
    .innerJoin('training_sessions as s', 's.id', 'r.session_id')
    .innerJoin('training_courses as c', 'c.id', 's.course_id')
    .select([
      'r.id',
      'r.session_id',
      'r.status',
      'r.queue_number',
      'r.offer_expires_at',
      'c.id as course_id',
      'c.title_fr as course_title_fr',
      'c.title_en as course_title_en',
      's.place',
      's.video_url',
      's.status as session_status',
      sql<Date | null>`(select min(d.starts_at) from training_session_days d where d.session_id = s.id)`.as(
        'starts_at',
      ),
      sql<Date | null>`(select max(d.ends_at) from training_session_days d where d.session_id = s.id)`.as(
        'ends_at',
      ),
      sql<
        number | null
      >`case when r.status = 'waitlisted' then (select count(*)::int from training_registrations w where w.session_id = r.session_id and w.status = 'waitlisted' and w.queue_number <= r.queue_number) end`.as(
        'position',
      ),
    ])
    .where('r.participant_id', '=', participantId)
    .orderBy(sql`(select min(d.starts_at) from training_session_days d where d.session_id = s.id)`, 'desc')
    .execute();
}

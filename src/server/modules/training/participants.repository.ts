import { sql } from 'kysely';
import type { Locale } from '../../../shared/roles.js';
import type { Executor } from '../../platform/db/database.js';
import { peopleByIds } from '../accounts/index.js';

/**
 * Participants' SQL: the participant row of a Filet person (created on first registration, refreshed
 * from their profile) and of an outside professional (created by their first registration by link).
 */

export interface PersonFacts {
  id: string;
  full_name: string;
  email: string;
  organisation_id: string;
  organisation_type: string;
  locale: Locale;
  status: string;
}

/** What a participant row copies of Filet people (read through the accounts module). */
export function personFactsMany(db: Executor, personIds: readonly string[]): Promise<PersonFacts[]> {
  return peopleByIds(db, personIds);
}

export interface ParticipantRow {
  id: string;
  person_id: string | null;
  full_name: string;
  email: string;
  organisation_id: string | null;
  organisation_type: string;
  organisation_name: string | null;
  profession: string | null;
  locale: Locale;
}

/** Selects a `ParticipantRow` from `training_participants`. */
export const participantColumns = [
  'id',
  'person_id',
  'full_name',
  'email',
  'organisation_id',
  'organisation_type',
  'organisation_name',
  'profession',
  'locale',
] as const;

export async function participantOfPerson(
  db: Executor,
  personId: string,
): Promise<ParticipantRow | undefined> {
  return db
    .selectFrom('training_participants')
    .select(participantColumns)
    .where('person_id', '=', personId)
    .executeTakeFirst();
}

export async function findParticipant(db: Executor, id: string): Promise<ParticipantRow | undefined> {
  return db
    .selectFrom('training_participants')
    .select(participantColumns)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function participantsOfPeople(
  db: Executor,
  personIds: readonly string[],
): Promise<ParticipantRow[]> {
  if (personIds.length === 0) return [];
  return db
    .selectFrom('training_participants')
    .select(participantColumns)
    .where('person_id', 'in', [...personIds])
    .execute();
}

/** Participant rows of many Filet people at once, created or refreshed from their profiles. */
export async function upsertMemberParticipants(
  db: Executor,
  people: readonly PersonFacts[],
): Promise<ParticipantRow[]> {
  if (people.length === 0) return [];
  return db
    .insertInto('training_participants')
    .values(
      people.map((person) => ({
        person_id: person.id,
        full_name: person.full_name,
        email: person.email,
        organisation_id: person.organisation_id,
        organisation_type: person.organisation_type,
        locale: person.locale,
        source: 'member' as const,
      })),
    )
    .onConflict((oc) =>
      oc.column('person_id').doUpdateSet((eb) => ({
        full_name: eb.ref('excluded.full_name'),
        email: eb.ref('excluded.email'),
        organisation_id: eb.ref('excluded.organisation_id'),
        organisation_type: eb.ref('excluded.organisation_type'),
        locale: eb.ref('excluded.locale'),
      })),
    )
    .returning(participantColumns)
    .execute();
}

/** An outside participant found by e-mail, and whether this call created them. */
export interface InvitedParticipantRow extends ParticipantRow {
  created: boolean;
}

/**
 * The outside professional with this e-mail (case-insensitively), created from `values` only when
 * there is none. An existing participant comes back unchanged: an anonymous form never rewrites the
 * name, employer or language on someone's records and certificates. Simultaneous first registrations
 * with one address end as one row: the insert yields to the unique index on `lower(email)` (waiting for
 * the other transaction to commit), then the row is read back.
 */
export async function findOrCreateInvitedParticipant(
  db: Executor,
  values: {
    full_name: string;
    email: string;
    organisation_type: string;
    organisation_name: string;
    profession: string;
    locale: Locale;
  },
): Promise<InvitedParticipantRow> {
  const inserted = await db
    .insertInto('training_participants')
    .values({ ...values, source: 'invited' })
    // The arbiter is the partial index training_participants_outside_email_key; its predicate is
    // written as a literal so PostgreSQL can match it.
    .onConflict((oc) => oc.expression(sql`lower(email)`).where(sql<boolean>`source = 'invited'`).doNothing())
    .returning(participantColumns)
    .executeTakeFirst();
  if (inserted) return { ...inserted, created: true };
  const existing = await db
    .selectFrom('training_participants')
    .select(participantColumns)
    .where(sql<boolean>`lower(email) = lower(${values.email})`)
    .where('source', '=', 'invited')
    .executeTakeFirstOrThrow();
  return { ...existing, created: false };
}

import { sql } from 'kysely';
import type { Locale, Role } from '../../../shared/roles.js';
import type { Executor } from '../../platform/db/database.js';
import type {
  AttendanceStatus,
  CourseKind,
  ParticipantSource,
  RegistrationStatus,
  SessionStatus,
} from './training.table.js';

// ---------------------------------------------------------------------------------------------
// People (read only: platform identity)

export interface PersonFacts {
  id: string;
  full_name: string;
  email: string;
  organisation_id: string;
  organisation_type: string;
  locale: Locale;
  status: string;
}

export async function personFacts(db: Executor, personId: string): Promise<PersonFacts | undefined> {
  return (await personFactsMany(db, [personId]))[0];
}

export async function personFactsMany(db: Executor, personIds: readonly string[]): Promise<PersonFacts[]> {
  if (personIds.length === 0) return [];
  return db
    .selectFrom('people as p')
    .innerJoin('organisations as o', 'o.id', 'p.organisation_id')
    .select([
      'p.id',
      sql<string>`p.given_name || ' ' || p.family_name`.as('full_name'),
      'p.email',
      'p.organisation_id',
      'o.type as organisation_type',
      'p.locale',
      'p.status',
    ])
    .where('p.id', 'in', [...personIds])
    .execute();
}

/** Which of `ids` are active people holding `role`. */
export async function peopleWithRole(db: Executor, ids: readonly string[], role: Role): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('people as p')
    .innerJoin('person_roles as r', 'r.person_id', 'p.id')
    .select('p.id')
    .where('p.id', 'in', [...ids])
    .where('r.role', '=', role)
    .where('p.status', '<>', 'disabled')
    .execute();
  return new Set(rows.map((r) => r.id));
}

export interface TrainerRow {
  id: string;
  name: string;
  organisation_name: string;
}

export async function listTrainers(db: Executor): Promise<TrainerRow[]> {
  return db
    .selectFrom('people as p')
    .innerJoin('person_roles as r', 'r.person_id', 'p.id')
    .innerJoin('organisations as o', 'o.id', 'p.organisation_id')
    .select([
      'p.id',
      sql<string>`p.given_name || ' ' || p.family_name`.as('name'),
      'o.name as organisation_name',
    ])
    .where('r.role', '=', 'trainer')
    .where('p.status', '=', 'active')
    .orderBy('p.family_name')
    .orderBy('p.given_name')
    .execute();
}

// ---------------------------------------------------------------------------------------------
// Courses

export interface CourseRow {
  id: string;
  code: string;
  kind: CourseKind;
  title_fr: string;
  title_en: string;
  description_fr: string;
  description_en: string;
  objectives_fr: string;
  objectives_en: string;
  duration_days: number;
  audiences: string[];
  open_to_outside: boolean;
  certificate_validity_months: number | null;
  network_prerequisite: boolean;
  active: boolean;
  prerequisite_ids: string[];
}

function courseQuery(db: Executor) {
  return db
    .selectFrom('training_courses as c')
    .select([
      'c.id',
      'c.code',
      'c.kind',
      'c.title_fr',
      'c.title_en',
      'c.description_fr',
      'c.description_en',
      'c.objectives_fr',
      'c.objectives_en',
      'c.duration_days',
      'c.audiences',
      'c.open_to_outside',
      'c.certificate_validity_months',
      'c.network_prerequisite',
      'c.active',
      sql<
        string[]
      >`coalesce((select array_agg(p.prerequisite_id::text order by p.prerequisite_id) from training_course_prerequisites p where p.course_id = c.id), '{}')`.as(
        'prerequisite_ids',
      ),
    ]);
}

export async function listCourses(db: Executor, options: { activeOnly: boolean }): Promise<CourseRow[]> {
  let query = courseQuery(db);
  if (options.activeOnly) query = query.where('c.active', '=', true);
  return query.orderBy('c.code').execute();
}

export async function findCourse(db: Executor, id: string): Promise<CourseRow | undefined> {
  return courseQuery(db).where('c.id', '=', id).executeTakeFirst();
}

export async function courseCodeTaken(db: Executor, code: string, exceptId: string | null): Promise<boolean> {
  let query = db.selectFrom('training_courses').select('id').where('code', '=', code);
  if (exceptId) query = query.where('id', '<>', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

export async function existingCourseIds(db: Executor, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('training_courses')
    .select('id')
    .where('id', 'in', [...ids])
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** A course as written: its row without the id and the prerequisites (kept in their own table). */
export type CourseInsert = Omit<CourseRow, 'id' | 'prerequisite_ids'>;

export async function insertCourse(db: Executor, values: CourseInsert): Promise<string> {
  const row = await db
    .insertInto('training_courses')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateCourse(
  db: Executor,
  id: string,
  values: Partial<CourseInsert>,
  now: Date,
): Promise<void> {
  await db
    .updateTable('training_courses')
    .set({ ...values, updated_at: now })
    .where('id', '=', id)
    .execute();
}

/** Only one course is the network's prerequisite: flagging one unflags the others. */
export async function clearNetworkPrerequisite(db: Executor, exceptId: string | null): Promise<void> {
  let query = db
    .updateTable('training_courses')
    .set({ network_prerequisite: false })
    .where('network_prerequisite', '=', true);
  if (exceptId) query = query.where('id', '<>', exceptId);
  await query.execute();
}

export async function prerequisiteEdges(
  db: Executor,
): Promise<Array<{ courseId: string; prerequisiteId: string }>> {
  const rows = await db
    .selectFrom('training_course_prerequisites')
    .select(['course_id', 'prerequisite_id'])
    .execute();
  return rows.map((r) => ({ courseId: r.course_id, prerequisiteId: r.prerequisite_id }));
}

export async function replacePrerequisites(db: Executor, courseId: string, ids: readonly string[]) {
  await db.deleteFrom('training_course_prerequisites').where('course_id', '=', courseId).execute();
  if (ids.length > 0) {
    await db
      .insertInto('training_course_prerequisites')
      .values(ids.map((prerequisite_id) => ({ course_id: courseId, prerequisite_id })))
      .execute();
  }
}

/** Serialises catalogue edits, so two concurrent edits cannot each close half of a cycle. */
export async function lockCatalogue(db: Executor): Promise<void> {
  await sql`select pg_advisory_xact_lock(${8_112_026_001})`.execute(db);
}

export async function courseTitles(
  db: Executor,
  ids: readonly string[],
): Promise<Array<{ id: string; title_fr: string; title_en: string }>> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('training_courses')
    .select(['id', 'title_fr', 'title_en'])
    .where('id', 'in', [...ids])
    .orderBy('code')
    .execute();
}

// ---------------------------------------------------------------------------------------------
// Sessions

export interface SessionRow {
  id: string;
  course_id: string;
  course_code: string;
  course_title_fr: string;
  course_title_en: string;
  course_kind: CourseKind;
  open_to_outside: boolean;
  place: string | null;
  video_url: string | null;
  capacity: number;
  registration_deadline: Date;
  status: SessionStatus;
  starts_at: Date | null;
  ends_at: Date | null;
  updated_at: Date;
  confirmed: number;
  offered: number;
  waitlisted: number;
  trainer_ids: string[];
}

function sessionQuery(db: Executor) {
  return db
    .selectFrom('training_sessions as s')
    .innerJoin('training_courses as c', 'c.id', 's.course_id')
    .select([
      's.id',
      's.course_id',
      'c.code as course_code',
      'c.title_fr as course_title_fr',
      'c.title_en as course_title_en',
      'c.kind as course_kind',
      'c.open_to_outside',
      's.place',
      's.video_url',
      's.capacity',
      's.registration_deadline',
      's.status',
      's.updated_at',
      sql<Date | null>`(select min(d.starts_at) from training_session_days d where d.session_id = s.id)`.as(
        'starts_at',
      ),
      sql<Date | null>`(select max(d.ends_at) from training_session_days d where d.session_id = s.id)`.as(
        'ends_at',
      ),
      sql<number>`(select count(*)::int from training_registrations r where r.session_id = s.id and r.status = 'confirmed')`.as(
        'confirmed',
      ),
      sql<number>`(select count(*)::int from training_registrations r where r.session_id = s.id and r.status = 'offered')`.as(
        'offered',
      ),
      sql<number>`(select count(*)::int from training_registrations r where r.session_id = s.id and r.status = 'waitlisted')`.as(
        'waitlisted',
      ),
      sql<
        string[]
      >`coalesce((select array_agg(t.person_id::text order by t.person_id) from training_session_trainers t where t.session_id = s.id), '{}')`.as(
        'trainer_ids',
      ),
    ]);
}

export async function listSessions(
  db: Executor,
  filter: { from?: Date | undefined; courseId?: string | undefined; trainerId?: string | undefined },
): Promise<SessionRow[]> {
  let query = sessionQuery(db);
  if (filter.from) {
    const from = filter.from;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('training_session_days as fd')
          .select('fd.session_id')
          .whereRef('fd.session_id', '=', 's.id')
          .where('fd.ends_at', '>=', from),
      ),
    );
  }
  if (filter.courseId) query = query.where('s.course_id', '=', filter.courseId);
  if (filter.trainerId) {
    const trainerId = filter.trainerId;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('training_session_trainers as ft')
          .select('ft.session_id')
          .whereRef('ft.session_id', '=', 's.id')
          .where('ft.person_id', '=', trainerId),
      ),
    );
  }
  return query
    .orderBy(sql`(select min(d.starts_at) from training_session_days d where d.session_id = s.id)`)
    .orderBy('s.id')
    .limit(500)
    .execute();
}

export async function findSession(db: Executor, id: string): Promise<SessionRow | undefined> {
  return sessionQuery(db).where('s.id', '=', id).executeTakeFirst();
}

/**
 * Locks the session row: every change to its registrations takes this lock first, so seats, the wait
 * list and promotions of one session are decided one transaction at a time.
 */
export async function lockSession(db: Executor, id: string) {
  return db
    .selectFrom('training_sessions')
    .select(['id', 'course_id', 'capacity', 'registration_deadline', 'status', 'next_queue_number'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export interface DayRow {
  day: string;
  starts_at: Date;
  ends_at: Date;
}

export async function sessionDays(db: Executor, sessionId: string): Promise<DayRow[]> {
  return db
    .selectFrom('training_session_days')
    .select(['day', 'starts_at', 'ends_at'])
    .where('session_id', '=', sessionId)
    .orderBy('day')
    .execute();
}

export async function sessionTrainers(
  db: Executor,
  sessionId: string,
): Promise<Array<{ id: string; name: string; email: string }>> {
  return db
    .selectFrom('training_session_trainers as t')
    .innerJoin('people as p', 'p.id', 't.person_id')
    .select(['p.id', sql<string>`p.given_name || ' ' || p.family_name`.as('name'), 'p.email'])
    .where('t.session_id', '=', sessionId)
    .orderBy('p.family_name')
    .execute();
}

export async function isSessionTrainer(db: Executor, sessionId: string, personId: string): Promise<boolean> {
  const row = await db
    .selectFrom('training_session_trainers')
    .select('person_id')
    .where('session_id', '=', sessionId)
    .where('person_id', '=', personId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Days of the other live sessions of these trainers, to refuse a trainer in two places at once. */
export async function trainerBusyDays(
  db: Executor,
  trainerIds: readonly string[],
  exceptSessionId: string | null,
): Promise<Array<{ person_id: string; starts_at: Date; ends_at: Date }>> {
  if (trainerIds.length === 0) return [];
  let query = db
    .selectFrom('training_session_trainers as t')
    .innerJoin('training_sessions as s', 's.id', 't.session_id')
    .innerJoin('training_session_days as d', 'd.session_id', 's.id')
    .select(['t.person_id', 'd.starts_at', 'd.ends_at'])
    .where('t.person_id', 'in', [...trainerIds])
    .where('s.status', '<>', 'cancelled');
  if (exceptSessionId) query = query.where('s.id', '<>', exceptSessionId);
  return query.execute();
}

/** Serialises session planning, so two sessions of one trainer cannot be saved over each other at once. */
export async function lockPlanning(db: Executor): Promise<void> {
  await sql`select pg_advisory_xact_lock(${8_112_026_002})`.execute(db);
}

export interface SessionInsert {
  course_id: string;
  place: string | null;
  video_url: string | null;
  capacity: number;
  registration_deadline: Date;
  created_by: string;
}

export async function insertSession(db: Executor, values: SessionInsert, now: Date): Promise<string> {
  const row = await db
    .insertInto('training_sessions')
    .values({ ...values, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateSession(
  db: Executor,
  id: string,
  values: Partial<Omit<SessionInsert, 'created_by' | 'course_id'>> & {
    status?: SessionStatus;
    next_queue_number?: number;
  },
  now: Date,
): Promise<void> {
  await db
    .updateTable('training_sessions')
    .set({ ...values, updated_at: now })
    .where('id', '=', id)
    .execute();
}

export async function replaceDays(db: Executor, sessionId: string, days: readonly DayRow[]): Promise<void> {
  await db.deleteFrom('training_session_days').where('session_id', '=', sessionId).execute();
  if (days.length > 0) {
    await db
      .insertInto('training_session_days')
      .values(days.map((d) => ({ session_id: sessionId, ...d })))
      .execute();
  }
}

export async function replaceTrainers(
  db: Executor,
  sessionId: string,
  ids: readonly string[],
): Promise<void> {
  await db.deleteFrom('training_session_trainers').where('session_id', '=', sessionId).execute();
  if (ids.length > 0) {
    await db
      .insertInto('training_session_trainers')
      .values(ids.map((person_id) => ({ session_id: sessionId, person_id })))
      .execute();
  }
}

// ---------------------------------------------------------------------------------------------
// Participants

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

const participantColumns = [
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

/** The participant row of a Filet person, created on first use and refreshed from their profile. */
export async function upsertMemberParticipant(db: Executor, person: PersonFacts): Promise<ParticipantRow> {
  return db
    .insertInto('training_participants')
    .values({
      person_id: person.id,
      full_name: person.full_name,
      email: person.email,
      organisation_id: person.organisation_id,
      organisation_type: person.organisation_type,
      locale: person.locale,
      source: 'member',
    })
    .onConflict((oc) =>
      oc.column('person_id').doUpdateSet({
        full_name: person.full_name,
        email: person.email,
        organisation_id: person.organisation_id,
        organisation_type: person.organisation_type,
        locale: person.locale,
      }),
    )
    .returning(participantColumns)
    .executeTakeFirstOrThrow();
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

export async function completedCourseIds(db: Executor, participantId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('training_completions')
    .select('course_id')
    .distinct()
    .where('participant_id', '=', participantId)
    .execute();
  return new Set(rows.map((r) => r.course_id));
}

// ---------------------------------------------------------------------------------------------
// Registrations

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

export async function insertRegistrations(
  db: Executor,
  rows: ReadonlyArray<{
    session_id: string;
    participant_id: string;
    status: RegistrationStatus;
    queue_number: number | null;
    waitlisted_at: Date | null;
    created_at: Date;
    updated_at: Date;
  }>,
): Promise<Array<{ id: string; participant_id: string }>> {
  if (rows.length === 0) return [];
  return db
    .insertInto('training_registrations')
    .values([...rows])
    .returning(['id', 'participant_id'])
    .execute();
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

export async function insertRegistration(
  db: Executor,
  values: {
    session_id: string;
    participant_id: string;
    status: RegistrationStatus;
    queue_number: number | null;
    waitlisted_at: Date | null;
    created_at: Date;
    updated_at: Date;
  },
): Promise<string> {
  const row = await db
    .insertInto('training_registrations')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
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
 * Locks several session rows at once, in the order of their ids (so two transactions locking
 * overlapping sets cannot each wait for the other). See lockSession.
 */
export async function lockSessions(db: Executor, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .selectFrom('training_sessions')
    .select('id')
    .where('id', 'in', [...ids])
    .orderBy('id')
    .forUpdate()
    .execute();
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

/** Cancels these registrations in one statement (a pending offer goes with them). */
export async function cancelRegistrations(db: Executor, ids: readonly string[], now: Date): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('training_registrations')
    .set({ status: 'cancelled', offer_expires_at: null, updated_at: now })
    .where('id', 'in', [...ids])
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

export interface WaitingRow {
  id: string;
  queue_number: number;
  link_version: number;
  email: string;
  full_name: string;
  locale: Locale;
  person_id: string | null;
}

export async function waitlist(db: Executor, sessionId: string, limit: number): Promise<WaitingRow[]> {
  if (limit <= 0) return [];
  const rows = await db
    .selectFrom('training_registrations as r')
    .innerJoin('training_participants as p', 'p.id', 'r.participant_id')
    .select(['r.id', 'r.queue_number', 'r.link_version', 'p.email', 'p.full_name', 'p.locale', 'p.person_id'])
    .where('r.session_id', '=', sessionId)
    .where('r.status', '=', 'waitlisted')
    .orderBy('r.queue_number')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...r, queue_number: r.queue_number ?? 0 }));
}

export async function expiredOffers(
  db: Executor,
  now: Date,
): Promise<Array<{ id: string; session_id: string }>> {
  return db
    .selectFrom('training_registrations')
    .select(['id', 'session_id'])
    .where('status', '=', 'offered')
    .where('offer_expires_at', '<=', now)
    .orderBy('offer_expires_at')
    .limit(500)
    .execute();
}

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
    .leftJoin('organisations as o', 'o.id', 'p.organisation_id')
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
      sql<string | null>`coalesce(o.name, p.organisation_name)`.as('organisation_name'),
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

/** Confirmed registrations of sessions starting in the window, not yet reminded. */
export async function dueReminders(
  db: Executor,
  from: Date,
  to: Date,
): Promise<
  Array<{
    id: string;
    session_id: string;
    email: string;
    full_name: string;
    locale: Locale;
    course_title_fr: string;
    course_title_en: string;
    starts_at: Date;
    place: string | null;
    video_url: string | null;
  }>
> {
  return db
    .selectFrom('training_registrations as r')
    .innerJoin('training_participants as p', 'p.id', 'r.participant_id')
    .innerJoin('training_sessions as s', 's.id', 'r.session_id')
    .innerJoin('training_courses as c', 'c.id', 's.course_id')
    .innerJoin(
      (eb) =>
        eb
          .selectFrom('training_session_days')
          .select(['session_id', sql<Date>`min(starts_at)`.as('starts_at')])
          .groupBy('session_id')
          .as('f'),
      (join) => join.onRef('f.session_id', '=', 's.id'),
    )
    .select([
      'r.id',
      'r.session_id',
      'p.email',
      'p.full_name',
      'p.locale',
      'c.title_fr as course_title_fr',
      'c.title_en as course_title_en',
      'f.starts_at',
      's.place',
      's.video_url',
    ])
    .where('r.status', '=', 'confirmed')
    .where('r.reminded_at', 'is', null)
    .where('s.status', '=', 'planned')
    .where('f.starts_at', '>', from)
    .where('f.starts_at', '<=', to)
    .limit(1000)
    .execute();
}

/**
 * Notes the reminder of confirmed registrations not reminded yet; returns the ids this call marked
 * (those another run marked first are left out, so each reminder goes once).
 */
export async function markReminded(db: Executor, ids: readonly string[], now: Date): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .updateTable('training_registrations')
    .set({ reminded_at: now })
    .where('id', 'in', [...ids])
    .where('status', '=', 'confirmed')
    .where('reminded_at', 'is', null)
    .returning('id')
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** Forgets the reminders already sent for a session's registrations (its dates moved). */
export async function clearReminders(db: Executor, sessionId: string): Promise<void> {
  await db
    .updateTable('training_registrations')
    .set({ reminded_at: null })
    .where('session_id', '=', sessionId)
    .where('reminded_at', 'is not', null)
    .execute();
}

// ---------------------------------------------------------------------------------------------
// Attendance

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

// ---------------------------------------------------------------------------------------------
// Completions and certificates

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
    .leftJoin('organisations as o', 'o.id', 'k.organisation_id')
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
      sql<string | null>`coalesce(o.name, p.organisation_name)`.as('organisation_name'),
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

export async function expiringCertificates(
  db: Executor,
  until: string,
): Promise<
  Array<{
    id: string;
    email: string;
    full_name: string;
    locale: Locale;
    course_title_fr: string;
    course_title_en: string;
    expires_on: string;
    source: string;
    certificate_code: string | null;
  }>
> {
  return db
    .selectFrom('training_completions as k')
    .innerJoin('training_participants as p', 'p.id', 'k.participant_id')
    .innerJoin('training_courses as c', 'c.id', 'k.course_id')
    .select([
      'k.id',
      'p.email',
      'p.full_name',
      'p.locale',
      'p.source',
      'k.certificate_code',
      'c.title_fr as course_title_fr',
      'c.title_en as course_title_en',
      'k.expires_on',
    ])
    .where('k.expires_on', 'is not', null)
    .where('k.expires_on', '<=', until)
    .where('k.expiry_reminded_at', 'is', null)
    .where('p.source', '<>', 'history')
    .limit(1000)
    .execute()
    .then((rows) => rows.map((r) => ({ ...r, expires_on: r.expires_on! })));
}

/** Notes the expiry reminder of completions not reminded yet; returns the ids this call marked. */
export async function markExpiryReminded(
  db: Executor,
  ids: readonly string[],
  now: Date,
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .updateTable('training_completions')
    .set({ expiry_reminded_at: now })
    .where('id', 'in', [...ids])
    .where('expiry_reminded_at', 'is', null)
    .returning('id')
    .execute();
  return new Set(rows.map((r) => r.id));
}

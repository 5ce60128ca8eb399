import { sql } from 'kysely';
import { APPROVER_ROLES, type Role, type RoleConsent } from '../../../shared/roles.js';
import type { Executor } from '../../platform/db/database.js';
import type { EmergencyReviewStatus, RoleRequestStatus } from '../../platform/identity/identity.table.js';

const personName = (column: string) =>
  sql<
    string | null
  >`(select p2.given_name || ' ' || p2.family_name from people p2 where p2.id = ${sql.ref(column)})`;

// ---------------------------------------------------------------- approvers and bootstrap

export interface Approver {
  id: string;
  email: string;
  locale: 'fr-CA' | 'en-CA';
}

/** The active people who speak for an organisation: its coordinators and privacy officers. */
export async function approversOf(db: Executor, organisationId: string): Promise<Approver[]> {
  return db
    .selectFrom('people as p')
    .select(['p.id', 'p.email', 'p.locale'])
    .where('p.organisation_id', '=', organisationId)
    .where('p.status', '=', 'active')
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('person_roles as r')
          .select('r.person_id')
          .whereRef('r.person_id', '=', 'p.id')
          .where('r.role', 'in', [...APPROVER_ROLES]),
      ),
    )
    .orderBy('p.id')
    .execute();
}

/**
 * Whether the organisation still has its bootstrap grant: nobody ever spoke for it (no coordinator or
 * privacy officer now, and none recorded since the consent rule began).
 */
export async function bootstrapAvailable(db: Executor, organisationId: string): Promise<boolean> {
  const row = await db
    .selectFrom('organisations as o')
    .select([
      sql<boolean>`exists (select 1 from organisation_access a where a.organisation_id = o.id and a.bootstrap_at is not null)`.as(
        'used',
      ),
      sql<boolean>`exists (select 1 from people p join person_roles r on r.person_id = p.id
        where p.organisation_id = o.id and r.role in ('org_coordinator', 'privacy_officer'))`.as('staffed'),
    ])
    .where('o.id', '=', organisationId)
    .executeTakeFirst();
  return Boolean(row && !row.used && !row.staffed);
}

/**
 * Records that an organisation now has someone to consent for it, so no bootstrap grant is left. With
 * `bootstrap`, claims the organisation's one bootstrap grant and answers false if it was already taken
 * (a concurrent grant won).
 */
export async function settleBootstrap(
  db: Executor,
  organisationId: string,
  now: Date,
  bootstrap?: { personId: string; by: string },
): Promise<boolean> {
  if (!bootstrap) {
    await db
      .insertInto('organisation_access')
      .values({ organisation_id: organisationId, bootstrap_at: now })
      .onConflict((oc) =>
        oc.column('organisation_id').doUpdateSet({
          bootstrap_at: sql`coalesce(organisation_access.bootstrap_at, excluded.bootstrap_at)`,
        }),
      )
      .execute();
    return true;
  }
  const row = await db
    .insertInto('organisation_access')
    .values({
      organisation_id: organisationId,
      bootstrap_at: now,
      bootstrap_person_id: bootstrap.personId,
      bootstrap_by: bootstrap.by,
    })
    .onConflict((oc) =>
      oc
        .column('organisation_id')
        .doUpdateSet({
          bootstrap_at: now,
          bootstrap_person_id: bootstrap.personId,
          bootstrap_by: bootstrap.by,
        })
        .where('organisation_access.bootstrap_at', 'is', null),
    )
    .returning('organisation_id')
    .executeTakeFirst();
  return Boolean(row);
}

// ---------------------------------------------------------------- roles in force

export interface RoleGrant {
  role: Role;
  consent: RoleConsent;
  grantedBy: string | null;
  approvedBy: string | null;
}

/** Adds roles in force; a role the person already holds is left as it is. Returns the roles added. */
export async function insertRoles(
  db: Executor,
  personId: string,
  grants: readonly RoleGrant[],
  now: Date,
): Promise<Role[]> {
  if (grants.length === 0) return [];
  const rows = await db
    .insertInto('person_roles')
    .values(
      grants.map((g) => ({
        person_id: personId,
        role: g.role,
        consent: g.consent,
        granted_by: g.grantedBy,
        granted_at: now,
        approved_by: g.approvedBy,
        approved_at: g.approvedBy ? now : null,
      })),
    )
    .onConflict((oc) => oc.columns(['person_id', 'role']).doNothing())
    .returning('role')
    .execute();
  return rows.map((r) => r.role);
}

/** Withdraws roles in force; returns those that were held. */
export async function deleteRoles(db: Executor, personId: string, roles: readonly Role[]): Promise<Role[]> {
  if (roles.length === 0) return [];
  const rows = await db
    .deleteFrom('person_roles')
    .where('person_id', '=', personId)
    .where('role', 'in', [...roles])
    .returning('role')
    .execute();
  return rows.map((r) => r.role);
}

export async function rolesOf(db: Executor, personId: string): Promise<Role[]> {
  const rows = await db.selectFrom('person_roles').select('role').where('person_id', '=', personId).execute();
  return rows.map((r) => r.role);
}

export interface HoldingRow {
  person_id: string;
  given_name: string;
  family_name: string;
  status: string;
  role: Role;
  consent: RoleConsent;
  granted_at: Date;
  granted_by: string | null;
  granted_by_name: string | null;
  approved_by: string | null;
  approved_by_name: string | null;
  approved_at: Date | null;
}

/** Every role held by the people of an organisation, with who granted and who approved it. */
export async function holdings(db: Executor, organisationId: string): Promise<HoldingRow[]> {
  return db
    .selectFrom('person_roles as r')
    .innerJoin('people as p', 'p.id', 'r.person_id')
    .select([
      'r.person_id',
      'p.given_name',
      'p.family_name',
      'p.status',
      'r.role',
      'r.consent',
      'r.granted_at',
      'r.granted_by',
      personName('r.granted_by').as('granted_by_name'),
      'r.approved_by',
      personName('r.approved_by').as('approved_by_name'),
      'r.approved_at',
    ])
    .where('p.organisation_id', '=', organisationId)
    .orderBy(sql`filet_fold(p.family_name)`)
    .orderBy(sql`filet_fold(p.given_name)`)
    .orderBy('p.id')
    .orderBy('r.role')
    .execute();
}

// ---------------------------------------------------------------- proposals

export interface RequestRow {
  id: string;
  person_id: string;
  person_name: string | null;
  organisation_id: string;
  role: Role;
  status: RoleRequestStatus;
  proposed_by: string;
  proposed_by_name: string | null;
  proposed_at: Date;
  decided_by: string | null;
  decided_by_name: string | null;
  decided_at: Date | null;
}

function requestQuery(db: Executor) {
  return db
    .selectFrom('role_requests as q')
    .select([
      'q.id',
      'q.person_id',
      personName('q.person_id').as('person_name'),
      'q.organisation_id',
      'q.role',
      'q.status',
      'q.proposed_by',
      personName('q.proposed_by').as('proposed_by_name'),
      'q.proposed_at',
      'q.decided_by',
      personName('q.decided_by').as('decided_by_name'),
      'q.decided_at',
    ]);
}

export async function findRequest(db: Executor, id: string): Promise<RequestRow | undefined> {
  return requestQuery(db).where('q.id', '=', id).executeTakeFirst();
}

export async function pendingOfPerson(db: Executor, personId: string): Promise<RequestRow[]> {
  return requestQuery(db)
    .where('q.person_id', '=', personId)
    .where('q.status', '=', 'pending')
    .orderBy('q.role')
    .execute();
}

/** The organisation's open proposals, and those decided in the last `recentDays` days. */
export async function requestsOfOrganisation(
  db: Executor,
  organisationId: string,
  since: Date,
): Promise<RequestRow[]> {
  return requestQuery(db)
    .where('q.organisation_id', '=', organisationId)
    .where((eb) => eb.or([eb('q.status', '=', 'pending'), eb('q.decided_at', '>=', since)]))
    .orderBy('q.proposed_at', 'desc')
    .orderBy('q.id')
    .execute();
}

/** Opens a proposal unless one is already open for that person and role; returns its id when new. */
export async function insertRequest(
  db: Executor,
  values: { person_id: string; organisation_id: string; role: Role; proposed_by: string; proposed_at: Date },
): Promise<string | null> {
  const row = await db
    .insertInto('role_requests')
    .values(values)
    .onConflict((oc) => oc.columns(['person_id', 'role']).where('status', '=', 'pending').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

/**
 * Closes open proposals (by id, or every open one of a person for some roles). Conditional on their
 * still being open: returns the rows this call closed, so a concurrent decision loses cleanly.
 */
export async function closeRequests(
  db: Executor,
  where: { id: string } | { personId: string; roles: readonly Role[] },
  values: { status: Exclude<RoleRequestStatus, 'pending'>; decided_by: string; decided_at: Date },
): Promise<Array<{ id: string; role: Role; proposed_by: string }>> {
  let query = db.updateTable('role_requests').set(values).where('status', '=', 'pending');
  if ('id' in where) query = query.where('id', '=', where.id);
  else {
    if (where.roles.length === 0) return [];
    query = query.where('person_id', '=', where.personId).where('role', 'in', [...where.roles]);
  }
  return query.returning(['id', 'role', 'proposed_by']).execute();
}

// ---------------------------------------------------------------- attestations

export interface AttestationRow {
  attested_by: string;
  attested_by_name: string | null;
  attested_at: Date;
  holdings: number;
}

export async function lastAttestation(
  db: Executor,
  organisationId: string,
): Promise<AttestationRow | undefined> {
  return db
    .selectFrom('access_attestations as a')
    .select([
      'a.attested_by',
      personName('a.attested_by').as('attested_by_name'),
      'a.attested_at',
      'a.holdings',
    ])
    .where('a.organisation_id', '=', organisationId)
    .orderBy('a.attested_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function insertAttestation(
  db: Executor,
  values: { organisation_id: string; attested_by: string; attested_at: Date; holdings: number },
): Promise<void> {
  await db.insertInto('access_attestations').values(values).execute();
}

export async function bootstrapOf(db: Executor, organisationId: string) {
  return db
    .selectFrom('organisation_access as a')
    .select([
      'a.bootstrap_person_id',
      personName('a.bootstrap_person_id').as('bootstrap_person_name'),
      'a.bootstrap_by',
      personName('a.bootstrap_by').as('bootstrap_by_name'),
      'a.bootstrap_at',
    ])
    .where('a.organisation_id', '=', organisationId)
    .executeTakeFirst();
}

/**
 * Organisations whose access review is due (never attested, or attested more than `everyDays` ago)
 * and whose last reminder is older than `remindEveryDays`; each with the date its review fell due.
 */
export async function reviewsDue(
  db: Executor,
  now: Date,
  everyDays: number,
  remindEveryDays: number,
): Promise<Array<{ organisation_id: string }>> {
  return db
    .selectFrom('organisations as o')
    .leftJoin('organisation_access as a', 'a.organisation_id', 'o.id')
    .select('o.id as organisation_id')
    .where('o.active', '=', true)
    .where(
      sql<boolean>`coalesce(
        (select max(t.attested_at) from access_attestations t where t.organisation_id = o.id),
        o.created_at
      ) <= ${now}::timestamptz - make_interval(days => ${everyDays})`,
    )
    .where((eb) =>
      eb.or([
        eb('a.reminded_at', 'is', null),
        eb('a.reminded_at', '<=', sql<Date>`${now}::timestamptz - make_interval(days => ${remindEveryDays})`),
      ]),
    )
    .orderBy('o.id')
    .execute();
}

/** Stamps a reminder, conditional on nobody having stamped it since `before` (one reminder per period). */
export async function markReminded(
  db: Executor,
  organisationId: string,
  now: Date,
  before: Date,
): Promise<boolean> {
  const row = await db
    .insertInto('organisation_access')
    .values({ organisation_id: organisationId, reminded_at: now })
    .onConflict((oc) =>
      oc
        .column('organisation_id')
        .doUpdateSet({ reminded_at: now })
        .where((eb) =>
          eb.or([
            eb('organisation_access.reminded_at', 'is', null),
            eb('organisation_access.reminded_at', '<=', before),
          ]),
        ),
    )
    .returning('organisation_id')
    .executeTakeFirst();
  return Boolean(row);
}

// ---------------------------------------------------------------- emergency access

export interface EmergencyRow {
  id: string;
  person_id: string;
  person_name: string | null;
  organisation_id: string;
  organisation_name: string;
  roles: Role[];
  justification: string;
  started_at: Date;
  expires_at: Date;
  ended_at: Date | null;
  ended_by: string | null;
  review_status: EmergencyReviewStatus;
  reviewed_by: string | null;
  reviewed_by_name: string | null;
  reviewed_at: Date | null;
  actions: number;
}

function emergencyQuery(db: Executor) {
  return db
    .selectFrom('emergency_access as e')
    .innerJoin('organisations as o', 'o.id', 'e.organisation_id')
    .select([
      'e.id',
      'e.person_id',
      personName('e.person_id').as('person_name'),
      'e.organisation_id',
      'o.name as organisation_name',
      'e.roles',
      'e.justification',
      'e.started_at',
      'e.expires_at',
      'e.ended_at',
      'e.ended_by',
      'e.review_status',
      'e.reviewed_by',
      personName('e.reviewed_by').as('reviewed_by_name'),
      'e.reviewed_at',
      // What the administrator did while it lasted, counted from the audit log.
      sql<number>`(select count(*)::int from audit_log l where l.actor_id = e.person_id::text
        and l.at_utc::timestamptz between e.started_at and coalesce(e.ended_at, e.expires_at))`.as('actions'),
    ]);
}

export async function findEmergency(db: Executor, id: string): Promise<EmergencyRow | undefined> {
  return emergencyQuery(db).where('e.id', '=', id).executeTakeFirst();
}

export async function emergenciesOfOrganisation(
  db: Executor,
  organisationId: string,
  since: Date,
): Promise<EmergencyRow[]> {
  return emergencyQuery(db)
    .where('e.organisation_id', '=', organisationId)
    .where((eb) => eb.or([eb('e.review_status', '=', 'pending'), eb('e.started_at', '>=', since)]))
    .orderBy('e.started_at', 'desc')
    .execute();
}

export async function emergenciesOfPerson(
  db: Executor,
  personId: string,
  limit = 50,
): Promise<EmergencyRow[]> {
  return emergencyQuery(db)
    .where('e.person_id', '=', personId)
    .orderBy('e.started_at', 'desc')
    .limit(limit)
    .execute();
}

/** Ends the person's open emergency access, if any (conditional: returns the one this call ended). */
export async function endOpenEmergency(
  db: Executor,
  personId: string,
  now: Date,
  by: string,
  id?: string,
): Promise<{ id: string; organisation_id: string } | undefined> {
  let query = db
    .updateTable('emergency_access')
    .set({ ended_at: sql`least(${now}::timestamptz, expires_at)`, ended_by: by })
    .where('person_id', '=', personId)
    .where('ended_at', 'is', null);
  if (id) query = query.where('id', '=', id);
  return query.returning(['id', 'organisation_id']).executeTakeFirst();
}

export async function insertEmergency(
  db: Executor,
  values: {
    id: string;
    person_id: string;
    organisation_id: string;
    roles: Role[];
    justification: string;
    started_at: Date;
    expires_at: Date;
  },
): Promise<void> {
  await db.insertInto('emergency_access').values(values).execute();
}

/** Records the organisation's review, conditional on none having been recorded. */
export async function reviewEmergency(
  db: Executor,
  id: string,
  values: {
    review_status: Exclude<EmergencyReviewStatus, 'pending'>;
    reviewed_by: string;
    reviewed_at: Date;
  },
): Promise<boolean> {
  const row = await db
    .updateTable('emergency_access')
    .set(values)
    .where('id', '=', id)
    .where('review_status', '=', 'pending')
    .returning('id')
    .executeTakeFirst();
  return Boolean(row);
}

/** Emergency accesses past their end that nobody ended: closed at their expiry. */
export async function closeExpiredEmergencies(db: Executor, now: Date): Promise<number> {
  const rows = await db
    .updateTable('emergency_access')
    .set({ ended_at: sql`expires_at` })
    .where('ended_at', 'is', null)
    .where('expires_at', '<=', now)
    .returning('id')
    .execute();
  return rows.length;
}

// What the network reads of the table's people and partner organisations (tables of the accounts
// module), and who a set of recipient rules reaches.
import { sql } from 'kysely';
import type { OrganisationType, PersonStatus, Role } from '../../../shared/roles.js';
import type { Executor } from '../../platform/db/database.js';

export interface OrganisationRow {
  id: string;
  name: string;
  short_name: string | null;
  type: OrganisationType;
  region: string;
  active: boolean;
}

export interface PersonRow {
  id: string;
  organisation_id: string;
  given_name: string;
  family_name: string;
  email: string;
  phone: string | null;
  status: PersonStatus;
  roles: Role[];
}

/** An organisation; `lock` holds its row until the transaction ends (not against rows referring to it). */
export function findOrganisation(
  db: Executor,
  id: string,
  options: { lock?: boolean } = {},
): Promise<OrganisationRow | undefined> {
  const query = db
    .selectFrom('organisations')
    .select(['id', 'name', 'short_name', 'type', 'region', 'active'])
    .where('id', '=', id);
  return (options.lock ? query.forNoKeyUpdate() : query).executeTakeFirst();
}

export function listActiveOrganisations(db: Executor): Promise<OrganisationRow[]> {
  return db
    .selectFrom('organisations')
    .select(['id', 'name', 'short_name', 'type', 'region', 'active'])
    .where('active', '=', true)
    .orderBy(sql`filet_fold(name)`)
    .execute();
}

/**
 * A person with their roles. `lock` holds their row until the transaction ends (not against rows
 * that merely refer to it), so two mandates for one person are decided one after the other.
 */
export async function findPerson(
  db: Executor,
  id: string,
  options: { lock?: boolean } = {},
): Promise<PersonRow | undefined> {
  if (options.lock) {
    await db.selectFrom('people').select('id').where('id', '=', id).forNoKeyUpdate().execute();
  }
  const row = await db
    .selectFrom('people as p')
    .select([
      'p.id',
      'p.organisation_id',
      'p.given_name',
      'p.family_name',
      'p.email',
      'p.phone',
      'p.status',
      sql<
        Role[]
      >`coalesce((select array_agg(r.role order by r.role) from person_roles r where r.person_id = p.id), '{}')`.as(
        'roles',
      ),
    ])
    .where('p.id', '=', id)
    .executeTakeFirst();
  return row;
}

/** Active people holding a role, optionally in one organisation (who gets warned). */
export function peopleWithRole(
  db: Executor,
  role: Role,
  organisationId?: string,
): Promise<
  Array<{ id: string; email: string; given_name: string; locale: string; organisation_id: string }>
> {
  let query = db
    .selectFrom('people as p')
    .innerJoin('person_roles as r', 'r.person_id', 'p.id')
    .select(['p.id', 'p.email', 'p.given_name', 'p.locale', 'p.organisation_id'])
    .where('r.role', '=', role)
    .where('p.status', '=', 'active');
  if (organisationId) query = query.where('p.organisation_id', '=', organisationId);
  return query.orderBy('p.id').execute();
}

/** Display names of people by id. */
export async function personNames(db: Executor, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('people')
    .select(['id', 'given_name', 'family_name'])
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, `${r.given_name} ${r.family_name}`]));
}

/** Active people by id, with what a notification needs (the alerts module delivers to pivots). */
export function activePeopleByIds(
  db: Executor,
  ids: string[],
): Promise<Array<{ id: string; email: string; locale: string; organisation_id: string }>> {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('people')
    .select(['id', 'email', 'locale', 'organisation_id'])
    .where('id', 'in', ids)
    .where('status', '=', 'active')
    .orderBy('id')
    .execute();
}

/** Who a set of recipient rules reaches (see `peopleReached` in the service). */
export interface ReachRules {
  /** People of an organisation holding one of the roles. */
  byRole: ReadonlyArray<{ organisationId: string; roles: readonly Role[] }>;
  /** Pivots (role and a mandate active on `day` in their own organisation) of these organisations. */
  pivotsOf: readonly string[];
}

/**
 * Active people reached by the rules on `day`, each once, in ONE query whose answer is one text value:
 * thousands of ids cost one row to parse, not thousands.
 */
export async function idsReached(db: Executor, rules: ReachRules, day: string): Promise<string[]> {
  const parts = [];
  for (const rule of rules.byRole) {
    if (rule.roles.length === 0) continue;
    parts.push(sql`
      select p.id from people p join person_roles r on r.person_id = p.id
      where p.organisation_id = ${rule.organisationId} and p.status = 'active'
        and r.role = any(${`{${rule.roles.join(',')}}`}::text[])`);
  }
  if (rules.pivotsOf.length > 0) {
    // A pivot of an organisation: holds the pivot role and a mandate active that day in their own
    // organisation (the rule the alerts module applies when the person opens what they received).
    // Each mandate is checked against its person by primary key, in a scalar subquery the planner never
    // turns into a join: joined directly, a stale estimate (statistics lag behind a bulk load) once made
    // it scan an organisation's mandates for every person, 2 s for 19,000 pivots instead of 30 ms.
    parts.push(sql`
      select m.person_id as id from pivot_mandates m
      where m.organisation_id = any(${`{${rules.pivotsOf.join(',')}}`}::uuid[])
        and m.start_on <= ${day} and (m.end_on is null or m.end_on >= ${day})
        and (select p.organisation_id from people p where p.id = m.person_id and p.status = 'active')
            = m.organisation_id
        and exists (select 1 from person_roles r where r.person_id = m.person_id and r.role = 'pivot')`);
  }
  if (parts.length === 0) return [];
  // `union all` then a Set: cheaper than letting the database hash 19,000 ids to drop the rare duplicate.
  const result = await sql<{ ids: string | null }>`
    select string_agg(id::text, ',') as ids from (${sql.join(parts, sql` union all `)}) reached
  `.execute(db);
  const ids = result.rows[0]?.ids;
  return ids ? [...new Set(ids.split(','))] : [];
}

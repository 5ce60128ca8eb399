// The one place other modules' reads of people and organisations are written: the queries behind the
// read API (people.read.ts), and SQL pieces another module's query composes when it must stay one
// query (a column, a filter, a sub-query on the identity tables, each written here only).
import { type Expression, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Locale, OrganisationType, PersonStatus, Role } from '../../../shared/roles.js';
import type { Executor } from '../../platform/db/database.js';
import { containsPattern } from '../../platform/db/search.js';

// ---------------------------------------------------------------- rows

export interface OrganisationFacts {
  id: string;
  name: string;
  short_name: string | null;
  type: OrganisationType;
  region: string;
  active: boolean;
}

export interface PersonWithRoles {
  id: string;
  organisation_id: string;
  given_name: string;
  family_name: string;
  email: string;
  phone: string | null;
  status: PersonStatus;
  roles: Role[];
}

export interface PersonFacts {
  id: string;
  given_name: string;
  family_name: string;
  full_name: string;
  email: string;
  locale: Locale;
  status: PersonStatus;
  organisation_id: string;
  organisation_name: string;
  organisation_type: OrganisationType;
}

export interface RoleHolder {
  id: string;
  email: string;
  given_name: string;
  family_name: string;
  full_name: string;
  locale: string;
  organisation_id: string;
  organisation_name: string;
}

const ORGANISATION_COLUMNS = ['id', 'name', 'short_name', 'type', 'region', 'active'] as const;

// ---------------------------------------------------------------- organisations

/** An organisation; `lock` holds its row until the transaction ends (not against rows referring to it). */
export function organisationById(
  db: Executor,
  id: string,
  options: { lock?: boolean } = {},
): Promise<OrganisationFacts | undefined> {
  const query = db.selectFrom('organisations').select(ORGANISATION_COLUMNS).where('id', '=', id);
  return (options.lock ? query.forNoKeyUpdate() : query).executeTakeFirst();
}

/** The active organisations, by name (accents and case ignored). */
export function activeOrganisations(db: Executor): Promise<OrganisationFacts[]> {
  return db
    .selectFrom('organisations')
    .select(ORGANISATION_COLUMNS)
    .where('active', '=', true)
    .orderBy(sql`filet_fold(name)`)
    .execute();
}

/** Organisations by id, active or not, by name. */
export function organisationsByIds(db: Executor, ids: readonly string[]): Promise<OrganisationFacts[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('organisations')
    .select(ORGANISATION_COLUMNS)
    .where('id', 'in', [...ids])
    .orderBy('name')
    .execute();
}

/** The active organisations registered before `before` (a day, YYYY-MM-DD), by name. */
export function activeOrganisationsCreatedBefore(db: Executor, before: string): Promise<OrganisationFacts[]> {
  return db
    .selectFrom('organisations')
    .select(ORGANISATION_COLUMNS)
    .where('active', '=', true)
    .where('created_at', '<', sql<Date>`${before}::date`)
    .orderBy(sql`filet_fold(name)`)
    .execute();
}

/** The distinct regions of active organisations. */
export async function activeOrganisationRegions(db: Executor): Promise<string[]> {
  const rows = await db
    .selectFrom('organisations')
    .select('region')
    .distinct()
    .where('active', '=', true)
    .orderBy('region')
    .execute();
  return rows.map((r) => r.region);
}

// ---------------------------------------------------------------- people

/**
 * A person with their roles. `lock` holds their row until the transaction ends (not against rows
 * that merely refer to it), so two decisions about one person are taken one after the other.
 */
export async function personById(
  db: Executor,
  id: string,
  options: { lock?: boolean } = {},
): Promise<PersonWithRoles | undefined> {
  if (options.lock) {
    await db.selectFrom('people').select('id').where('id', '=', id).forNoKeyUpdate().execute();
  }
  return db
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
}

function personFactsQuery(db: Executor) {
  return db
    .selectFrom('people as p')
    .innerJoin('organisations as o', 'o.id', 'p.organisation_id')
    .select([
      'p.id',
      'p.given_name',
      'p.family_name',
      sql<string>`p.given_name || ' ' || p.family_name`.as('full_name'),
      'p.email',
      'p.locale',
      'p.status',
      'p.organisation_id',
      'o.name as organisation_name',
      'o.type as organisation_type',
    ]);
}

/** People by id, whatever their status, with their organisation (in no order). */
export function peopleByIds(db: Executor, ids: readonly string[]): Promise<PersonFacts[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return personFactsQuery(db)
    .where('p.id', 'in', [...ids])
    .execute();
}

/** Every active person, by e-mail address. */
export function activePeople(db: Executor): Promise<PersonFacts[]> {
  return personFactsQuery(db).where('p.status', '=', 'active').orderBy('p.email').execute();
}

/** Active people by id, with what a notification needs. */
export function activePeopleByIds(
  db: Executor,
  ids: readonly string[],
): Promise<Array<{ id: string; email: string; locale: Locale; organisation_id: string }>> {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('people')
    .select(['id', 'email', 'locale', 'organisation_id'])
    .where('id', 'in', [...ids])
    .where('status', '=', 'active')
    .orderBy('id')
    .execute();
}

/**
 * Active people holding a role, optionally in one organisation, by id (or by family then given name
 * with `byName`), with what a message to them needs.
 */
export function peopleWithRole(
  db: Executor,
  role: Role,
  options: { organisationId?: string | undefined; byName?: boolean } = {},
): Promise<RoleHolder[]> {
  let query = db
    .selectFrom('people as p')
    .innerJoin('person_roles as r', 'r.person_id', 'p.id')
    .innerJoin('organisations as o', 'o.id', 'p.organisation_id')
    .select([
      'p.id',
      'p.email',
      'p.given_name',
      'p.family_name',
      sql<string>`p.given_name || ' ' || p.family_name`.as('full_name'),
      'p.locale',
      'p.organisation_id',
      'o.name as organisation_name',
    ])
    .where('r.role', '=', role)
    .where('p.status', '=', 'active');
  if (options.organisationId) query = query.where('p.organisation_id', '=', options.organisationId);
  return (
    options.byName ? query.orderBy('p.family_name').orderBy('p.given_name') : query.orderBy('p.id')
  ).execute();
}

/** Which of `ids` hold `role` on an account that is not disabled. */
export async function whoHoldRole(db: Executor, ids: readonly string[], role: Role): Promise<Set<string>> {
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

/** Display names of people by id. */
export async function personNames(db: Executor, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('people')
    .select(['id', 'given_name', 'family_name'])
    .where('id', 'in', [...ids])
    .execute();
  return new Map(rows.map((r) => [r.id, `${r.given_name} ${r.family_name}`]));
}

/** Active people of active organisations of the given types. */
export async function activePeopleOfTypes(db: Executor, types: readonly string[]): Promise<string[]> {
  if (types.length === 0) return [];
  const rows = await db
    .selectFrom('people as p')
    .innerJoin('organisations as o', 'o.id', 'p.organisation_id')
    .select('p.id')
    .where('p.status', '=', 'active')
    .where('o.active', '=', true)
    .where(sql<boolean>`o.type = any(${sql.val([...types])}::text[])`)
    .execute();
  return rows.map((r) => r.id);
}

// ---------------------------------------------------------------- pieces of other modules' queries

type OrganisationColumn = 'name' | 'short_name' | 'type' | 'region';
type PersonColumn =
  | 'given_name'
  | 'family_name'
  | 'email'
  | 'phone'
  | 'organisation_id'
  | 'status'
  | 'locale';

// Each piece reads one row by primary key for the row of the calling query it is given (a column
// reference such as `'a.owner_organisation_id'`). `T` is the type the caller may count on: null when the
// reference may be null or name nobody (say `<string>` when a foreign key guarantees the row).

/** A column of the organisation whose id is in the column `organisationId`. */
export function organisationColumn<T = string | null>(
  organisationId: string,
  column: OrganisationColumn,
): RawBuilder<T> {
  return sql<T>`(select o.${sql.ref(column)} from organisations o where o.id = ${sql.ref(organisationId)})`;
}

/** The name of the organisation whose id is in the column `organisationId`. */
export function organisationName<T = string | null>(organisationId: string): RawBuilder<T> {
  return organisationColumn<T>(organisationId, 'name');
}

/** A column of the person whose id is in the column `personId`. */
export function personColumn<T = string | null>(personId: string, column: PersonColumn): RawBuilder<T> {
  return sql<T>`(select p.${sql.ref(column)} from people p where p.id = ${sql.ref(personId)})`;
}

/** The display name (given then family name) of the person whose id is in the column `personId`. */
export function personName<T = string | null>(personId: string): RawBuilder<T> {
  return sql<T>`(select p.given_name || ' ' || p.family_name from people p where p.id = ${sql.ref(personId)})`;
}

/** The name of the organisation of the person whose id is in the column `personId`. */
export function personOrganisationName<T = string | null>(personId: string): RawBuilder<T> {
  return sql<T>`(select o.name from people p join organisations o on o.id = p.organisation_id where p.id = ${sql.ref(personId)})`;
}

/** Whether the person whose id is in the column `personId` holds `role`. */
export function holdsRole(personId: string, role: Role): RawBuilder<boolean> {
  return sql<boolean>`exists (select 1 from person_roles r where r.person_id = ${sql.ref(personId)} and r.role = ${role})`;
}

/** Whether the person whose id is in the column `personId` has an active account. */
export function isActivePerson(personId: string): RawBuilder<boolean> {
  return sql<boolean>`exists (select 1 from people p where p.id = ${sql.ref(personId)} and p.status = 'active')`;
}

/**
 * The organisation of the person whose id is in the column `personId` when their account is active
 * (null otherwise): a scalar sub-query on the primary key the planner never turns into a join, which
 * keeps a fan-out over thousands of rows at one index lookup each whatever the statistics say.
 */
export function activePersonOrganisation(personId: string): RawBuilder<string | null> {
  return sql<
    string | null
  >`(select p.organisation_id from people p where p.id = ${sql.ref(personId)} and p.status = 'active')`;
}

/** A sub-query (one column, `id`) of the active people of an organisation holding one of `roles`. */
export function activePeopleWithRolesIn(organisationId: string, roles: readonly Role[]): RawBuilder<unknown> {
  return sql`
      select p.id from people p join person_roles r on r.person_id = p.id
      where p.organisation_id = ${organisationId} and p.status = 'active'
        and r.role = any(${`{${roles.join(',')}}`}::text[])`;
}

// ---------------------------------------------------------------- governance: references, delegates, audiences

/** Whether every id names a person whose account is not disabled (true for none). */
export async function enabledPeopleExist(db: Executor, ids: readonly string[]): Promise<boolean> {
  if (ids.length === 0) return true;
  const row = await db
    .selectFrom('people')
    .select(({ fn }) => fn.countAll<string>().as('n'))
    .where('id', 'in', [...ids])
    .where('status', '<>', 'disabled')
    .executeTakeFirstOrThrow();
  return Number(row.n) === new Set(ids).size;
}

/** Whether every id names an organisation, active or not (true for none). */
export async function organisationsExist(db: Executor, ids: readonly string[]): Promise<boolean> {
  if (ids.length === 0) return true;
  const row = await db
    .selectFrom('organisations')
    .select(({ fn }) => fn.countAll<string>().as('n'))
    .where('id', 'in', [...ids])
    .executeTakeFirstOrThrow();
  return Number(row.n) === new Set(ids).size;
}

/** The table's delegates: active coordinators of active partner organisations, by family name. */
export async function tableDelegates(db: Executor): Promise<string[]> {
  const rows = await db
    .selectFrom('people as p')
    .innerJoin('organisations as o', 'o.id', 'p.organisation_id')
    .select('p.id')
    .where('p.status', '=', 'active')
    .where('o.active', '=', true)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('person_roles as r')
          .select('r.person_id')
          .whereRef('r.person_id', '=', 'p.id')
          .where('r.role', 'in', ['org_coordinator', 'table_coordinator']),
      ),
    )
    .orderBy('p.family_name')
    .execute();
  return rows.map((r) => r.id);
}

/** Who an audience names among the active people: everyone, the pivots, an organisation type, one organisation. */
export type Audience =
  | { kind: 'all' }
  | { kind: 'pivots' }
  | { kind: 'organisation_type'; type: OrganisationType }
  | { kind: 'organisation'; organisationId: string };

/** The active people an audience names, with their locale. */
export function activePeopleInAudience(
  db: Executor,
  audience: Audience,
): Promise<Array<{ id: string; locale: Locale }>> {
  let query = db
    .selectFrom('people as p')
    .innerJoin('organisations as o', 'o.id', 'p.organisation_id')
    .select(['p.id', 'p.locale'])
    .where('p.status', '=', 'active');
  if (audience.kind === 'pivots') {
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('person_roles as r')
          .select('r.person_id')
          .whereRef('r.person_id', '=', 'p.id')
          .where('r.role', '=', 'pivot'),
      ),
    );
  } else if (audience.kind === 'organisation_type') {
    query = query.where('o.type', '=', audience.type);
  } else if (audience.kind === 'organisation') {
    query = query.where('o.id', '=', audience.organisationId);
  }
  return query.execute();
}

/**
 * Active people who are among `people` or coordinate (`org_coordinator`) one of `organisations`, with
 * what a reminder needs; both are one-column sub-queries of the calling module, so this stays one query.
 */
export function activePeopleOrCoordinators(
  db: Executor,
  people: RawBuilder<unknown>,
  organisations: RawBuilder<unknown>,
): Promise<Array<{ id: string; email: string; locale: Locale; given_name: string }>> {
  return db
    .selectFrom('people as p')
    .select(['p.id', 'p.email', 'p.locale', 'p.given_name'])
    .where('p.status', '=', 'active')
    .where(
      sql<boolean>`(p.id in (${people}) or (p.organisation_id in (${organisations}) and exists (
        select 1 from person_roles r where r.person_id = p.id and r.role = 'org_coordinator')))`,
    )
    .execute();
}

// ---------------------------------------------------------------- the network's directory

function foldedMatch(column: string, q: string): Expression<SqlBool> {
  return sql<SqlBool>`filet_fold(${sql.raw(column)}) like filet_fold(${containsPattern(q)})`;
}

/** What the directory filters people and organisations by. */
export interface DirectoryTerms {
  q?: string | undefined;
  type?: OrganisationType | undefined;
  region?: string | undefined;
}

/**
 * The active organisations matching the directory's terms (accent- and case-insensitive substring on
 * name, short name and region through trigram indexes, or French full-text on the name), as a query
 * (alias `o`) the network's directory narrows by its mandates, then selects, sorts and pages.
 */
export function directoryOrganisations(db: Executor, terms: DirectoryTerms) {
  let query = db.selectFrom('organisations as o').where('o.active', '=', true);
  const q = terms.q?.trim();
  if (q) {
    query = query.where((eb) =>
      eb.or([
        foldedMatch(`o.name || ' ' || coalesce(o.short_name, '')`, q),
        foldedMatch('o.region', q),
        sql<SqlBool>`to_tsvector('filet_french'::regconfig, o.name) @@ plainto_tsquery('filet_french'::regconfig, ${q})`,
      ]),
    );
  }
  if (terms.type) query = query.where('o.type', '=', terms.type);
  if (terms.region) query = query.where(sql`filet_fold(o.region)`, '=', sql`filet_fold(${terms.region})`);
  return query;
}

/**
 * People whose account is not disabled (alias `p`) paired with the organisations (alias `o`) of the
 * directory's type and region, as a query the network's directory joins its mandates to (on both);
 * the name search is `peopleNamed` / `organisationsNamed`, applied to the mandate's columns.
 */
export function directoryPeople(db: Executor, terms: Omit<DirectoryTerms, 'q'>) {
  let query = db.selectFrom(['people as p', 'organisations as o']).where('p.status', '!=', 'disabled');
  if (terms.type) query = query.where('o.type', '=', terms.type);
  if (terms.region) query = query.where(sql`filet_fold(o.region)`, '=', sql`filet_fold(${terms.region})`);
  return query;
}

/** A sub-query (one column, `id`) of the people whose name contains `q` (trigram index). */
export function peopleNamed(q: string): RawBuilder<unknown> {
  return sql`select id from people where filet_fold(given_name || ' ' || family_name) like filet_fold(${containsPattern(q)})`;
}

/** A sub-query (one column, `id`) of the organisations whose name or short name contains `q` (trigram index). */
export function organisationsNamed(q: string): RawBuilder<unknown> {
  return sql`select id from organisations where filet_fold(name || ' ' || coalesce(short_name, '')) like filet_fold(${containsPattern(q)})`;
}

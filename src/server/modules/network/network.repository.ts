import { type Expression, type SqlBool, sql } from 'kysely';
import type { OrganisationType, PersonStatus, Role } from '../../../shared/roles.js';
import type { Executor } from '../../platform/db/database.js';
import { containsPattern } from '../../platform/db/search.js';

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

export interface MandateRow {
  id: string;
  person_id: string;
  organisation_id: string;
  start_on: string;
  end_on: string | null;
  expertise: string[];
  languages: string[];
  prerequisite_completed_on: string | null;
  successor_mandate_id: string | null;
}

export interface MandateWithPerson extends MandateRow {
  given_name: string;
  family_name: string;
  email: string;
  phone: string | null;
}

export interface AbsenceRow {
  id: string;
  mandate_id: string;
  from_on: string;
  to_on: string;
  reason: string;
}

const MANDATE_COLUMNS = [
  'm.id',
  'm.person_id',
  'm.organisation_id',
  'm.start_on',
  'm.end_on',
  'm.expertise',
  'm.languages',
  'm.prerequisite_completed_on',
  'm.successor_mandate_id',
] as const;

// ---------------------------------------------------------------- organisations and people (read only)

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

/**
 * The ids of the active people holding a role in one organisation, in one row: an alert to a police
 * service of thousands reads them without building thousands of row objects.
 */
export async function personIdsWithRole(db: Executor, role: Role, organisationId: string): Promise<string[]> {
  const row = await db
    .selectFrom('people as p')
    .innerJoin('person_roles as r', 'r.person_id', 'p.id')
    .select(sql<string | null>`string_agg(p.id::text, ',')`.as('ids'))
    .where('r.role', '=', role)
    .where('p.status', '=', 'active')
    .where('p.organisation_id', '=', organisationId)
    .executeTakeFirst();
  return row?.ids ? row.ids.split(',') : [];
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

// ---------------------------------------------------------------- profile, agreement, contacts

export function findProfile(db: Executor, organisationId: string) {
  return db
    .selectFrom('network_profiles')
    .select(['organisation_id', 'mandates', 'functions', 'pivot_target'])
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
}

export function listProfiles(db: Executor) {
  return db
    .selectFrom('network_profiles')
    .select(['organisation_id', 'mandates', 'functions', 'pivot_target'])
    .execute();
}

export async function upsertProfile(
  db: Executor,
  organisationId: string,
  values: { mandates?: string[]; functions?: string[]; pivot_target?: number | null },
  at: Date,
): Promise<void> {
  await db
    .insertInto('network_profiles')
    .values({ organisation_id: organisationId, ...values, updated_at: at })
    .onConflict((oc) => oc.column('organisation_id').doUpdateSet({ ...values, updated_at: at }))
    .execute();
}

export function findAgreement(db: Executor, organisationId: string) {
  return db
    .selectFrom('network_agreements as a')
    .leftJoin('people as p', 'p.id', 'a.released_person_id')
    .leftJoin('files as f', 'f.id', 'a.document_file_id')
    .select([
      'a.organisation_id',
      'a.signed_on',
      'a.signatories',
      'a.released_person_id',
      'a.commitment',
      'a.renewal_on',
      'a.document_file_id',
      'a.updated_at',
      'p.given_name as released_given_name',
      'p.family_name as released_family_name',
      'f.filename as document_filename',
      'f.size_bytes as document_size',
    ])
    .where('a.organisation_id', '=', organisationId)
    .executeTakeFirst();
}

export async function upsertAgreement(
  db: Executor,
  row: {
    organisation_id: string;
    signed_on: string;
    signatories: string;
    released_person_id: string | null;
    commitment: string;
    renewal_on: string | null;
    document_file_id: string | null;
    updated_by: string;
  },
  at: Date,
): Promise<void> {
  const { organisation_id: _id, ...update } = row;
  await db
    .insertInto('network_agreements')
    .values({ ...row, updated_at: at })
    .onConflict((oc) => oc.column('organisation_id').doUpdateSet({ ...update, updated_at: at }))
    .execute();
}

export function listContacts(db: Executor, organisationId: string) {
  return db
    .selectFrom('network_contacts')
    .select(['id', 'organisation_id', 'name', 'role', 'email', 'phone'])
    .where('organisation_id', '=', organisationId)
    .orderBy(sql`filet_fold(name)`)
    .orderBy('id')
    .execute();
}

export function listContactsOf(db: Executor, organisationIds: string[]) {
  if (organisationIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('network_contacts')
    .select(['id', 'organisation_id', 'name', 'role', 'email', 'phone'])
    .where('organisation_id', 'in', organisationIds)
    .orderBy(sql`filet_fold(name)`)
    .execute();
}

export function findContact(db: Executor, id: string) {
  return db
    .selectFrom('network_contacts')
    .select(['id', 'organisation_id', 'name', 'role', 'email', 'phone'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function insertContact(
  db: Executor,
  row: { organisation_id: string; name: string; role: string; email: string | null; phone: string | null },
): Promise<string> {
  const inserted = await db
    .insertInto('network_contacts')
    .values(row)
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

export async function updateContact(
  db: Executor,
  id: string,
  values: Partial<{ name: string; role: string; email: string | null; phone: string | null }>,
  at: Date,
): Promise<void> {
  await db
    .updateTable('network_contacts')
    .set({ ...values, updated_at: at })
    .where('id', '=', id)
    .execute();
}

/** Deletes a contact; false when it was gone already. */
export async function deleteContact(db: Executor, id: string): Promise<boolean> {
  const result = await db.deleteFrom('network_contacts').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

// ---------------------------------------------------------------- mandates and absences

export function findMandate(db: Executor, id: string, options: { forUpdate?: boolean } = {}) {
  let query = db.selectFrom('pivot_mandates as m').select(MANDATE_COLUMNS).where('m.id', '=', id);
  if (options.forUpdate) query = query.forUpdate();
  return query.executeTakeFirst() as Promise<MandateRow | undefined>;
}

export function mandatesOfPerson(db: Executor, personId: string): Promise<MandateRow[]> {
  return db
    .selectFrom('pivot_mandates as m')
    .select(MANDATE_COLUMNS)
    .where('m.person_id', '=', personId)
    .orderBy('m.start_on')
    .execute();
}

/** Every mandate of an organisation (history included), newest first, with the person's name and contacts. */
export function mandatesOfOrganisation(db: Executor, organisationId: string): Promise<MandateWithPerson[]> {
  return db
    .selectFrom('pivot_mandates as m')
    .innerJoin('people as p', 'p.id', 'm.person_id')
    .select([...MANDATE_COLUMNS, 'p.given_name', 'p.family_name', 'p.email', 'p.phone'])
    .where('m.organisation_id', '=', organisationId)
    .orderBy('m.start_on', 'desc')
    .orderBy('m.id')
    .execute();
}

/** Mandates active on a day (all organisations, or some). */
export function activeMandates(
  db: Executor,
  today: string,
  organisationIds?: string[],
): Promise<MandateRow[]> {
  let query = db
    .selectFrom('pivot_mandates as m')
    .select(MANDATE_COLUMNS)
    .where('m.start_on', '<=', today)
    .where((eb) => eb.or([eb('m.end_on', 'is', null), eb('m.end_on', '>=', today)]));
  if (organisationIds) {
    if (organisationIds.length === 0) return Promise.resolve([]);
    query = query.where('m.organisation_id', 'in', organisationIds);
  }
  return query.execute();
}

/** Mandates overlapping a period (inclusive dates). */
export function mandatesDuring(db: Executor, from: string, to: string): Promise<MandateRow[]> {
  return db
    .selectFrom('pivot_mandates as m')
    .select(MANDATE_COLUMNS)
    .where('m.start_on', '<=', to)
    .where((eb) => eb.or([eb('m.end_on', 'is', null), eb('m.end_on', '>=', from)]))
    .execute();
}

export async function insertMandate(
  db: Executor,
  row: {
    person_id: string;
    organisation_id: string;
    start_on: string;
    end_on: string | null;
    expertise: string[];
    languages: string[];
    prerequisite_completed_on: string | null;
    created_by: string;
  },
): Promise<string> {
  const inserted = await db
    .insertInto('pivot_mandates')
    .values(row)
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

export async function updateMandate(
  db: Executor,
  id: string,
  values: Partial<{
    end_on: string | null;
    expertise: string[];
    languages: string[];
    prerequisite_completed_on: string | null;
    successor_mandate_id: string | null;
  }>,
  at: Date,
): Promise<void> {
  await db
    .updateTable('pivot_mandates')
    .set({ ...values, updated_at: at })
    .where('id', '=', id)
    .execute();
}

export function absencesOf(db: Executor, mandateIds: string[]): Promise<AbsenceRow[]> {
  if (mandateIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('pivot_absences')
    .select(['id', 'mandate_id', 'from_on', 'to_on', 'reason'])
    .where('mandate_id', 'in', mandateIds)
    .orderBy('from_on')
    .execute();
}

export async function insertAbsence(
  db: Executor,
  row: { mandate_id: string; from_on: string; to_on: string; reason: string; created_by: string },
): Promise<string> {
  const inserted = await db
    .insertInto('pivot_absences')
    .values(row)
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

// ---------------------------------------------------------------- warnings

export interface WarningRow {
  id: string;
  organisation_id: string;
  kind: 'coverage' | 'pivot_ending';
  mandate_id: string | null;
  subject_key: string;
  params: Record<string, string | number>;
  opened_at: Date;
}

export function openWarnings(db: Executor, organisationId?: string): Promise<WarningRow[]> {
  let query = db
    .selectFrom('network_warnings')
    .select(['id', 'organisation_id', 'kind', 'mandate_id', 'subject_key', 'params', 'opened_at'])
    .where('closed_at', 'is', null);
  if (organisationId) query = query.where('organisation_id', '=', organisationId);
  return query.orderBy('opened_at').orderBy('id').execute();
}

export async function insertWarning(
  db: Executor,
  row: {
    organisation_id: string;
    kind: 'coverage' | 'pivot_ending';
    mandate_id: string | null;
    subject_key: string;
    params: Record<string, string | number>;
  },
): Promise<void> {
  await db
    .insertInto('network_warnings')
    .values({ ...row, params: JSON.stringify(row.params) })
    .execute();
}

export async function updateWarningParams(db: Executor, id: string, params: Record<string, string | number>) {
  await db
    .updateTable('network_warnings')
    .set({ params: JSON.stringify(params) })
    .where('id', '=', id)
    .execute();
}

export async function closeWarnings(db: Executor, ids: string[], at: Date): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable('network_warnings').set({ closed_at: at }).where('id', 'in', ids).execute();
}

// ---------------------------------------------------------------- directory

export interface DirectoryFilter {
  q?: string | undefined;
  type?: OrganisationType | undefined;
  region?: string | undefined;
  expertise?: string | undefined;
  limit: number;
  offset: number;
}

function foldedMatch(column: string, q: string): Expression<SqlBool> {
  return sql<SqlBool>`filet_fold(${sql.raw(column)}) like filet_fold(${containsPattern(q)})`;
}

/**
 * Organisations matching the directory search (accent- and case-insensitive substring on name, short
 * name and region through trigram indexes, or French full-text on the name), one page and the total.
 */
export async function searchOrganisations(db: Executor, filter: DirectoryFilter, today: string) {
  let query = db.selectFrom('organisations as o').where('o.active', '=', true);
  const q = filter.q?.trim();
  if (q) {
    query = query.where((eb) =>
      eb.or([
        foldedMatch(`o.name || ' ' || coalesce(o.short_name, '')`, q),
        foldedMatch('o.region', q),
        sql<SqlBool>`to_tsvector('filet_french'::regconfig, o.name) @@ plainto_tsquery('filet_french'::regconfig, ${q})`,
      ]),
    );
  }
  if (filter.type) query = query.where('o.type', '=', filter.type);
  if (filter.region) query = query.where(sql`filet_fold(o.region)`, '=', sql`filet_fold(${filter.region})`);
  if (filter.expertise) {
    const expertise = filter.expertise;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('pivot_mandates as m')
          .select(sql`1`.as('one'))
          .whereRef('m.organisation_id', '=', 'o.id')
          .where('m.start_on', '<=', today)
          .where((e) => e.or([e('m.end_on', 'is', null), e('m.end_on', '>=', today)]))
          .where(sql<SqlBool>`m.expertise @> array[${expertise}]::text[]`),
      ),
    );
  }
  const page = await query
    .select(['o.id', 'o.name', 'o.short_name', 'o.type', 'o.region'])
    .orderBy(sql`filet_fold(o.name)`)
    .orderBy('o.id')
    .limit(filter.limit)
    .offset(filter.offset)
    .execute();
  const total =
    page.length < filter.limit && filter.offset === 0
      ? page.length
      : Number((await query.select(({ fn }) => fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const counts = new Map<string, number>();
  if (page.length > 0) {
    const rows = await db
      .selectFrom('pivot_mandates')
      .select(['organisation_id', ({ fn }) => fn.countAll<number>().as('n')])
      .where(
        'organisation_id',
        'in',
        page.map((o) => o.id),
      )
      .where('start_on', '<=', today)
      .where((e) => e.or([e('end_on', 'is', null), e('end_on', '>=', today)]))
      .groupBy('organisation_id')
      .execute();
    for (const row of rows) counts.set(row.organisation_id, Number(row.n));
  }
  return { rows: page.map((o) => ({ ...o, active_pivots: counts.get(o.id) ?? 0 })), total };
}

/**
 * Pivots with a mandate active today matching the search (their name, or their organisation's name),
 * one page and the total. Matching people and organisations are found through their trigram indexes
 * first, so the search stays fast over tens of thousands of people.
 */
export async function searchPivots(db: Executor, filter: DirectoryFilter, today: string) {
  let query = db
    .selectFrom('pivot_mandates as m')
    .innerJoin('people as p', 'p.id', 'm.person_id')
    .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
    .where('m.start_on', '<=', today)
    .where((eb) => eb.or([eb('m.end_on', 'is', null), eb('m.end_on', '>=', today)]))
    .where('p.status', '!=', 'disabled');
  const q = filter.q?.trim();
  if (q) {
    const pattern = containsPattern(q);
    query = query.where((eb) =>
      eb.or([
        eb(
          'm.person_id',
          'in',
          eb
            .selectFrom('people')
            .select('id')
            .where(sql<SqlBool>`filet_fold(given_name || ' ' || family_name) like filet_fold(${pattern})`),
        ),
        eb(
          'm.organisation_id',
          'in',
          eb
            .selectFrom('organisations')
            .select('id')
            .where(
              sql<SqlBool>`filet_fold(name || ' ' || coalesce(short_name, '')) like filet_fold(${pattern})`,
            ),
        ),
      ]),
    );
  }
  if (filter.type) query = query.where('o.type', '=', filter.type);
  if (filter.region) query = query.where(sql`filet_fold(o.region)`, '=', sql`filet_fold(${filter.region})`);
  if (filter.expertise) query = query.where(sql<SqlBool>`m.expertise @> array[${filter.expertise}]::text[]`);
  const page = await query
    .select([
      ...MANDATE_COLUMNS,
      'p.given_name',
      'p.family_name',
      'p.email',
      'p.phone',
      'o.name as organisation_name',
    ])
    .orderBy('p.family_name')
    .orderBy('p.given_name')
    .orderBy('m.id')
    .limit(filter.limit)
    .offset(filter.offset)
    .execute();
  const total =
    page.length < filter.limit && filter.offset === 0
      ? page.length
      : Number((await query.select(({ fn }) => fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const absentUntil = new Map<string, string>();
  if (page.length > 0) {
    const absences = await db
      .selectFrom('pivot_absences')
      .select(['mandate_id', 'to_on'])
      .where(
        'mandate_id',
        'in',
        page.map((m) => m.id),
      )
      .where('from_on', '<=', today)
      .where('to_on', '>=', today)
      .execute();
    for (const absence of absences) {
      const current = absentUntil.get(absence.mandate_id);
      if (!current || absence.to_on > current) absentUntil.set(absence.mandate_id, absence.to_on);
    }
  }
  return { rows: page.map((m) => ({ ...m, absent_until: absentUntil.get(m.id) ?? null })), total };
}

/** The distinct regions of active organisations (directory filter). */
export async function regions(db: Executor): Promise<string[]> {
  const rows = await db
    .selectFrom('organisations')
    .select('region')
    .distinct()
    .where('active', '=', true)
    .orderBy('region')
    .execute();
  return rows.map((r) => r.region);
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

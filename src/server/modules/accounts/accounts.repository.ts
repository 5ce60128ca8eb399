import { sql } from 'kysely';
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
  people_count: number;
}

export interface PersonRow {
  id: string;
  organisation_id: string;
  organisation_name: string;
  organisation_type: OrganisationType;
  given_name: string;
  family_name: string;
  email: string;
  phone: string | null;
  job_title: string | null;
  locale: string;
  status: PersonStatus;
  roles: Role[];
}

export interface PeopleFilter {
  q?: string | undefined;
  organisationId?: string | undefined;
  role?: Role | undefined;
  status?: PersonStatus | undefined;
  page: number;
  pageSize: number;
}

function organisationQuery(db: Executor) {
  return db
    .selectFrom('organisations as o')
    .select([
      'o.id',
      'o.name',
      'o.short_name',
      'o.type',
      'o.region',
      'o.active',
      sql<number>`(select count(*)::int from people p where p.organisation_id = o.id and p.status <> 'disabled')`.as(
        'people_count',
      ),
    ]);
}

export async function listOrganisations(
  db: Executor,
  filter: { q?: string | undefined; type?: OrganisationType | undefined },
): Promise<OrganisationRow[]> {
  let query = organisationQuery(db);
  if (filter.q) {
    const folded = containsPattern(filter.q);
    query = query.where((eb) =>
      eb.or([
        eb(sql`filet_fold(o.name)`, 'like', sql`filet_fold(${folded})`),
        eb(sql`filet_fold(coalesce(o.short_name, ''))`, 'like', sql`filet_fold(${folded})`),
        eb(sql`filet_fold(o.region)`, 'like', sql`filet_fold(${folded})`),
      ]),
    );
  }
  if (filter.type) query = query.where('o.type', '=', filter.type);
  return query.orderBy(sql`filet_fold(o.name)`).execute();
}

export async function findOrganisation(db: Executor, id: string): Promise<OrganisationRow | undefined> {
  return organisationQuery(db).where('o.id', '=', id).executeTakeFirst();
}

export async function insertOrganisation(
  db: Executor,
  values: { name: string; short_name: string | null; type: OrganisationType; region: string },
): Promise<string> {
  const row = await db.insertInto('organisations').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateOrganisation(
  db: Executor,
  id: string,
  values: Partial<{
    name: string;
    short_name: string | null;
    type: OrganisationType;
    region: string;
    active: boolean;
  }>,
  now: Date,
): Promise<void> {
  await db
    .updateTable('organisations')
    .set({ ...values, updated_at: now })
    .where('id', '=', id)
    .execute();
}

export async function organisationNameTaken(db: Executor, name: string, exceptId?: string): Promise<boolean> {
  let query = db
    .selectFrom('organisations')
    .select('id')
    .where(sql`filet_fold(name)`, '=', sql`filet_fold(${name})`);
  if (exceptId) query = query.where('id', '!=', exceptId);
  return Boolean(await query.executeTakeFirst());
}

function personQuery(db: Executor) {
  return db
    .selectFrom('people as p')
    .innerJoin('organisations as o', 'o.id', 'p.organisation_id')
    .select([
      'p.id',
      'p.organisation_id',
      'o.name as organisation_name',
      'o.type as organisation_type',
      'p.given_name',
      'p.family_name',
      'p.email',
      'p.phone',
      'p.job_title',
      'p.locale',
      'p.status',
      sql<
        Role[]
      >`coalesce((select array_agg(r.role order by r.role) from person_roles r where r.person_id = p.id), '{}')`.as(
        'roles',
      ),
    ]);
}

/** People matching a filter, one page, with the total. Name search ignores accents and case. */
export async function searchPeople(
  db: Executor,
  filter: PeopleFilter,
): Promise<{ rows: PersonRow[]; total: number }> {
  let query = personQuery(db);
  if (filter.q) {
    const pattern = containsPattern(filter.q);
    query = query.where((eb) =>
      eb.or([
        eb(sql`filet_fold(p.given_name || ' ' || p.family_name)`, 'like', sql`filet_fold(${pattern})`),
        eb(sql`filet_fold(p.family_name || ' ' || p.given_name)`, 'like', sql`filet_fold(${pattern})`),
      ]),
    );
  }
  if (filter.organisationId) query = query.where('p.organisation_id', '=', filter.organisationId);
  if (filter.status) query = query.where('p.status', '=', filter.status);
  if (filter.role) {
    const role = filter.role;
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('person_roles as fr')
          .select('fr.person_id')
          .whereRef('fr.person_id', '=', 'p.id')
          .where('fr.role', '=', role),
      ),
    );
  }
  const rows = await query
    .select(sql<number>`count(*) over ()`.as('total'))
    .orderBy(sql`filet_fold(p.family_name)`)
    .orderBy(sql`filet_fold(p.given_name)`)
    .orderBy('p.id')
    .limit(filter.pageSize)
    .offset((filter.page - 1) * filter.pageSize)
    .execute();
  const total = rows[0] ? Number(rows[0].total) : 0;
  return { rows, total };
}

export async function findPerson(
  db: Executor,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<PersonRow | undefined> {
  let query = personQuery(db).where('p.id', '=', id);
  if (options.forUpdate) query = query.forUpdate('p');
  return query.executeTakeFirst();
}

export async function emailTaken(db: Executor, email: string): Promise<boolean> {
  return Boolean(
    await db
      .selectFrom('people')
      .select('id')
      .where(sql`lower(email)`, '=', email.trim().toLowerCase())
      .executeTakeFirst(),
  );
}

export async function insertPerson(
  db: Executor,
  values: {
    organisation_id: string;
    given_name: string;
    family_name: string;
    email: string;
    locale: 'fr-CA' | 'en-CA';
  },
): Promise<string> {
  const row = await db
    .insertInto('people')
    .values({ ...values, status: 'invited' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updatePerson(
  db: Executor,
  id: string,
  values: Partial<{
    given_name: string;
    family_name: string;
    phone: string | null;
    job_title: string | null;
    status: PersonStatus;
    disabled_at: Date | null;
  }>,
  now: Date,
): Promise<void> {
  await db
    .updateTable('people')
    .set({ ...values, updated_at: now })
    .where('id', '=', id)
    .execute();
}

export async function organisationCreatedAt(db: Executor, id: string): Promise<Date | undefined> {
  const row = await db
    .selectFrom('organisations')
    .select('created_at')
    .where('id', '=', id)
    .executeTakeFirst();
  return row?.created_at;
}

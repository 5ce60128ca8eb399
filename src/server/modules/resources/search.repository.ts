// The SQL of the directory search: services matched by French full text and typo-tolerant trigrams,
// filtered and paged in one query (ids and total), then the page's columns, locations and schedules
// in one query each.
import { type Expression, type SqlBool, sql } from 'kysely';
import type {
  ResourceAudience,
  ResourceGender,
  ResourceTaxonomy,
  ServiceStatus,
} from '../../../shared/contracts/resources.values.js';
import { DEFAULT_STALE_AFTER_DAYS } from '../../../shared/contracts/resources.values.js';
import type { Executor } from '../../platform/db/database.js';

export interface SearchFilter {
  q?: string | undefined;
  taxonomy?: readonly ResourceTaxonomy[] | undefined;
  audience?: ResourceAudience | undefined;
  gender?: ResourceGender | undefined;
  age?: number | undefined;
  language?: string | undefined;
  region?: string | undefined;
  openNow?: boolean | undefined;
  placesAvailable?: boolean | undefined;
  keeperOrganisationId?: string | undefined;
  stale?: boolean | undefined;
  limit: number;
  offset: number;
}

/** Which services a reader may find at all. */
export type SearchScope =
  /** The public pages: what the table chose to make public, active or temporarily closed. */
  | { kind: 'public' }
  /**
   * Staff: every service but defunct ones, which only their keepers (`keeperOf`) or the table's
   * coordination (`allDefunct`) see.
   */
  | { kind: 'staff'; allDefunct: boolean; keeperOf: string | null };

/** The region's wall clock at the moment of the search: weekday (ISO, Monday = 1) and time of day. */
export interface WallClock {
  weekday: number;
  /** `HH:MM:SS`. */
  time: string;
}

export interface SearchContext {
  scope: SearchScope;
  /** Services of this region come first (the searcher's organisation's region); none for the public. */
  homeRegion: string | null;
  /** Names are sorted in the reader's language. */
  english: boolean;
  now: Date;
  clock: WallClock;
}

export interface ServiceRow {
  id: string;
  organisation_id: string;
  organisation_name: string;
  keeper_organisation_id: string | null;
  name_fr: string;
  name_en: string | null;
  description_fr: string;
  description_en: string | null;
  taxonomy: ResourceTaxonomy[];
  audiences: ResourceAudience[];
  genders: ResourceGender[];
  languages: string[];
  min_age: number | null;
  max_age: number | null;
  region: string;
  status: ServiceStatus;
  always_open: boolean;
  safe_place: boolean;
  public: boolean;
  accepts_referrals: boolean;
  confirmed_at: Date;
  stale: boolean;
}

/** The day before an ISO weekday. */
function previousWeekday(weekday: number): number {
  return weekday === 1 ? 7 : weekday - 1;
}

/**
 * A schedule row `h` open at the wall clock: opened today and not yet closed (a closing time before
 * the opening time runs past midnight), or opened yesterday and running past midnight until later.
 */
function scheduleOpen(clock: WallClock): Expression<SqlBool> {
  // Three cases, each written so an index serves it (migrations/0021): open today and closing later,
  // open today past midnight, and yesterday's past midnight still running.
  return sql<SqlBool>`((h.weekday = ${clock.weekday} and h.closes_at > ${clock.time}::time
      and h.opens_at <= ${clock.time}::time)
    or (h.weekday = ${clock.weekday} and h.closes_at < h.opens_at and h.opens_at <= ${clock.time}::time)
    or (h.weekday = ${previousWeekday(clock.weekday)} and h.closes_at < h.opens_at
      and h.closes_at > ${clock.time}::time))`;
}

/** The staleness limit: the table's setting, or the default while it has not changed it. */
function staleCutoff(now: Date) {
  return sql`(${now}::timestamptz - make_interval(days => coalesce(
    (select rs.stale_after_days from resource_settings rs where rs.id = 1), ${DEFAULT_STALE_AFTER_DAYS})))`;
}

/**
 * One page of services matching the search, with the total. Matching is French full text on the
 * service's document (accents, case and plurals forgiven by the `filet_french` configuration) or word
 * similarity of the folded query to the folded names (typos), both served by GIN indexes. Order: the
 * home region first, then relevance, then name. A page past the end costs one more query for the total.
 */
export async function searchServices(
  db: Executor,
  filter: SearchFilter,
  context: SearchContext,
): Promise<{ rows: ServiceRow[]; total: number }> {
  const q = filter.q?.trim() ?? '';
  const cutoff = staleCutoff(context.now);
  // The organisation's name is read with the page's columns: this query needs only the services.
  let query = db.selectFrom('resource_services as s');

  const scope = context.scope;
  if (scope.kind === 'public') {
    query = query
      .where('s.public', '=', true)
      .where('s.organisation_id', 'in', (eb) =>
        eb.selectFrom('resource_organisations as o').select('o.id').where('o.public', '=', true),
      )
      .where('s.status', 'in', ['active', 'temporarily closed']);
  } else if (!scope.allDefunct) {
    const keeperOf = scope.keeperOf;
    query = query.where((eb) =>
      keeperOf
        ? eb.or([eb('s.status', '!=', 'defunct'), eb('s.keeper_organisation_id', '=', keeperOf)])
        : eb('s.status', '!=', 'defunct'),
    );
  }

  if (q) {
    query = query.where(
      sql<SqlBool>`(s.search_document @@ plainto_tsquery('filet_french'::regconfig, ${q})
        or filet_fold(${q}) <<% s.search_name)`,
    );
  }
  if (filter.taxonomy && filter.taxonomy.length > 0) {
    query = query.where(sql<SqlBool>`s.taxonomy && ${sql.val([...filter.taxonomy])}::text[]`);
  }
  if (filter.audience) query = query.where(sql<SqlBool>`s.audiences @> array[${filter.audience}]::text[]`);
  if (filter.gender) {
    query = query.where(
      sql<SqlBool>`(cardinality(s.genders) = 0 or s.genders @> array[${filter.gender}]::text[])`,
    );
  }
  if (filter.age !== undefined) {
    const age = filter.age;
    query = query
      .where((eb) => eb.or([eb('s.min_age', 'is', null), eb('s.min_age', '<=', age)]))
      .where((eb) => eb.or([eb('s.max_age', 'is', null), eb('s.max_age', '>=', age)]));
  }
  if (filter.language) query = query.where(sql<SqlBool>`s.languages @> array[${filter.language}]::text[]`);
  if (filter.region) query = query.where(sql`filet_fold(s.region)`, '=', sql`filet_fold(${filter.region})`);
  if (filter.keeperOrganisationId) {
    query = query.where('s.keeper_organisation_id', '=', filter.keeperOrganisationId);
  }
  if (filter.stale) {
    query = query.where('s.status', '!=', 'defunct').where(sql<SqlBool>`s.confirmed_at < ${cutoff}`);
  }
  if (filter.placesAvailable) {
    query = query.where('s.safe_place', '=', true).where(
      sql<SqlBool>`exists (select 1 from resource_service_locations sl
        where sl.service_id = s.id and sl.places_available > 0)`,
    );
  }
  if (filter.openNow) {
    // The schedules open at this moment (few, read through their indexes), then a hashed membership
    // test per service. A schedule belongs to a service or to a service at a location: two branches,
    // so neither joins the other's rows.
    query = query.where('s.status', '=', 'active').where(
      sql<SqlBool>`(s.always_open or s.id in (
        select h.service_id from resource_schedules h
          where h.service_id is not null and ${scheduleOpen(context.clock)}
        union all
        select sl.service_id from resource_service_locations sl where sl.id in (
          select h.service_location_id from resource_schedules h
            where h.service_location_id is not null and ${scheduleOpen(context.clock)})))`,
    );
  }

  const home = context.homeRegion;

  // Full-text matches first, by rank; then matches through a typo only, by similarity (computed for
  // those rows alone: word similarity costs far more than a rank).
  const relevance = q
    ? sql`(case when s.search_document @@ plainto_tsquery('filet_french'::regconfig, ${q})
        then 1 + ts_rank(s.search_document, plainto_tsquery('filet_french'::regconfig, ${q}))
        else strict_word_similarity(filet_fold(${q}), s.search_name) end)`
    : null;
  const name = context.english ? sql`filet_fold(coalesce(s.name_en, s.name_fr))` : sql`s.search_name`;

  let ordered = query;
  // Services carry their region as the organisations name it: an exact comparison, cheap per row.
  if (home) ordered = ordered.orderBy(sql`(s.region <> ${home})`);
  if (relevance) ordered = ordered.orderBy(relevance, 'desc');
  // First the page's ids and the total, over narrow rows; then the page's columns by primary key.
  const page = await ordered
    .select(['s.id', sql<string>`count(*) over ()`.as('total')])
    .orderBy(name)
    .orderBy('s.id')
    .limit(filter.limit)
    .offset(filter.offset)
    .execute();

  let total = page.length > 0 ? Number(page[0]!.total) : 0;
  if (page.length === 0 && filter.offset > 0) {
    const row = await query.select(({ fn }) => fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    total = Number(row.n);
  }
  const rows = await servicesByIds(
    db,
    page.map((p) => p.id),
    cutoff,
  );
  const byId = new Map(rows.map((row) => [row.id, row]));
  return { rows: page.flatMap((p) => byId.get(p.id) ?? []), total };
}

/** The columns of a result line for these services (one query). */
function servicesByIds(db: Executor, ids: readonly string[], cutoff: ReturnType<typeof staleCutoff>) {
  if (ids.length === 0) return Promise.resolve([] as ServiceRow[]);
  return db
    .selectFrom('resource_services as s')
    .innerJoin('resource_organisations as o', 'o.id', 's.organisation_id')
    .select([
      's.id',
      's.organisation_id',
      'o.name as organisation_name',
      's.keeper_organisation_id',
      's.name_fr',
      's.name_en',
      's.description_fr',
      's.description_en',
      's.taxonomy',
      's.audiences',
      's.genders',
      's.languages',
      's.min_age',
      's.max_age',
      's.region',
      's.status',
      's.always_open',
      's.safe_place',
      's.public',
      's.accepts_referrals',
      's.confirmed_at',
      sql<boolean>`(s.status <> 'defunct' and s.confirmed_at < ${cutoff})`.as('stale'),
    ])
    .where('s.id', 'in', [...ids])
    .execute();
}

export interface ServiceLocationRow {
  id: string;
  service_id: string;
  places_available: number | null;
  places_maximum: number | null;
  capacity_updated_at: Date | null;
  capacity_version: number;
  confidential: boolean;
  city: string | null;
}

/**
 * The locations of these services, in one query: capacity counts, and whether each place is
 * confidential with its city. Never a street address, sealed or not.
 */
export async function serviceLocations(
  db: Executor,
  serviceIds: readonly string[],
): Promise<ServiceLocationRow[]> {
  if (serviceIds.length === 0) return [];
  return db
    .selectFrom('resource_service_locations as sl')
    .innerJoin('resource_locations as l', 'l.id', 'sl.location_id')
    .select([
      'sl.id',
      'sl.service_id',
      'sl.places_available',
      'sl.places_maximum',
      'sl.capacity_updated_at',
      'sl.capacity_version',
      'l.confidential',
      'l.city',
    ])
    .where('sl.service_id', 'in', [...serviceIds])
    .orderBy('sl.service_id')
    .orderBy('sl.created_at')
    .orderBy('sl.id')
    .execute();
}

/**
 * For each of these services that has a schedule (its own or at one of its locations), whether one of
 * them is open at the wall clock; one query. Services without any schedule are absent.
 */
export async function openNowOf(
  db: Executor,
  serviceIds: readonly string[],
  clock: WallClock,
): Promise<Map<string, boolean>> {
  const result = new Map<string, boolean>();
  if (serviceIds.length === 0) return result;
  const ids = sql.val([...serviceIds]);
  const open = scheduleOpen(clock);
  const rows = await sql<{ service_id: string; open: boolean }>`
    select service_id, bool_or(open) as open from (
      select h.service_id, ${open} as open from resource_schedules h where h.service_id = any(${ids}::uuid[])
      union all
      select sl.service_id, ${open} as open from resource_service_locations sl
        join resource_schedules h on h.service_location_id = sl.id
        where sl.service_id = any(${ids}::uuid[])
    ) as found group by service_id`.execute(db);
  for (const row of rows.rows) result.set(row.service_id, row.open);
  return result;
}

export interface PublicServiceRow extends ServiceRow {
  eligibility_fr: string | null;
  eligibility_en: string | null;
  application_fr: string | null;
  application_en: string | null;
  fees_fr: string | null;
  fees_en: string | null;
  free: boolean;
  url: string | null;
  email: string | null;
}

/** A service the public may see (public, of a public organisation, active or temporarily closed), or none. */
export async function findPublicService(
  db: Executor,
  id: string,
  now: Date,
): Promise<PublicServiceRow | null> {
  const row = await db
    .selectFrom('resource_services as s')
    .innerJoin('resource_organisations as o', 'o.id', 's.organisation_id')
    .select([
      's.id',
      's.organisation_id',
      'o.name as organisation_name',
      's.keeper_organisation_id',
      's.name_fr',
      's.name_en',
      's.description_fr',
      's.description_en',
      's.taxonomy',
      's.audiences',
      's.genders',
      's.languages',
      's.min_age',
      's.max_age',
      's.region',
      's.status',
      's.always_open',
      's.safe_place',
      's.public',
      's.accepts_referrals',
      's.confirmed_at',
      sql<boolean>`(s.confirmed_at < ${staleCutoff(now)})`.as('stale'),
      's.eligibility_fr',
      's.eligibility_en',
      's.application_fr',
      's.application_en',
      's.fees_fr',
      's.fees_en',
      's.free',
      's.url',
      's.email',
    ])
    .where('s.id', '=', id)
    .where('s.public', '=', true)
    .where('o.public', '=', true)
    .where('s.status', 'in', ['active', 'temporarily closed'])
    .executeTakeFirst();
  return row ?? null;
}

export interface PublicLocationRow {
  service_location_id: string;
  confidential: boolean;
  city: string | null;
  front_gate_fr: string | null;
  front_gate_en: string | null;
}

/** The places of a service as the public sees them: a city, or a confidential place's front gate. */
export async function publicLocations(db: Executor, serviceId: string): Promise<PublicLocationRow[]> {
  return db
    .selectFrom('resource_service_locations as sl')
    .innerJoin('resource_locations as l', 'l.id', 'sl.location_id')
    .select([
      'sl.id as service_location_id',
      'l.confidential',
      'l.city',
      'l.front_gate_fr',
      'l.front_gate_en',
    ])
    .where('sl.service_id', '=', serviceId)
    .orderBy('sl.created_at')
    .orderBy('sl.id')
    .execute();
}

export interface PhoneRow {
  number: string;
  extension: number | null;
  kind: string;
  description_fr: string | null;
  description_en: string | null;
}

/**
 * Phone lines of a service, then of its organisation; lines of its locations only where the location
 * is not confidential (a safe place is reached through its front gate).
 */
export async function publicPhones(
  db: Executor,
  serviceId: string,
  organisationId: string,
): Promise<PhoneRow[]> {
  return db
    .selectFrom('resource_phones as p')
    .select(['p.number', 'p.extension', 'p.kind', 'p.description_fr', 'p.description_en'])
    .where((eb) =>
      eb.or([
        eb('p.service_id', '=', serviceId),
        eb('p.organisation_id', '=', organisationId),
        eb(
          'p.location_id',
          'in',
          eb
            .selectFrom('resource_service_locations as sl')
            .innerJoin('resource_locations as l', 'l.id', 'sl.location_id')
            .select('l.id')
            .where('sl.service_id', '=', serviceId)
            .where('l.confidential', '=', false),
        ),
      ]),
    )
    .orderBy(sql`case when p.service_id is not null then 0 when p.location_id is not null then 1 else 2 end`)
    .orderBy('p.position')
    .execute();
}

export interface ScheduleRow {
  service_location_id: string | null;
  weekday: number;
  opens_at: string;
  closes_at: string;
  note_fr: string | null;
  note_en: string | null;
}

/** Weekly hours of a service, its own and at each of its locations. */
export async function schedulesOf(db: Executor, serviceId: string): Promise<ScheduleRow[]> {
  return db
    .selectFrom('resource_schedules as h')
    .leftJoin('resource_service_locations as sl', 'sl.id', 'h.service_location_id')
    .select(['h.service_location_id', 'h.weekday', 'h.opens_at', 'h.closes_at', 'h.note_fr', 'h.note_en'])
    .where((eb) => eb.or([eb('h.service_id', '=', serviceId), eb('sl.service_id', '=', serviceId)]))
    .orderBy('h.service_location_id', 'desc')
    .orderBy('h.weekday')
    .orderBy('h.opens_at')
    .execute();
}

import { performance } from 'node:perf_hooks';
import { type Kysely, sql } from 'kysely';
import { searchServices } from '../src/server/modules/resources/search.service.js';
import type { Actor } from '../src/server/platform/authz/actor.js';
import type { Database } from '../src/server/platform/db/database.js';
import type { DB } from '../src/server/platform/db/schema.js';
import type { Platform } from '../src/server/platform/platform.js';
import type { ServiceSearchQuery } from '../src/shared/contracts/resources.js';
import { REGION_TIME_ZONE } from '../src/shared/time-zone.js';

const SERVICES = Number(process.env.BENCH_RESOURCES_SERVICES ?? '20000');
/** Locations per service: 20,000 services × 3 = 60,000 locations. */
const LOCATIONS_PER_SERVICE = 3;
const ROUNDS = Number(process.env.BENCH_RESOURCES_ROUNDS ?? '10');
/** Tuesday 2026-06-16, 19:30 in the region: some services open, some past midnight, some closed. */
const NOW = new Date('2026-06-16T23:30:00Z');

/** Words with typos, plurals and missing accents; filters alone and together; open now; a far page. */
const QUERIES: ServiceSearchQuery[] = [
  { q: 'hebergement' },
  { q: 'Hébergement' },
  { q: 'thérapeutes' },
  { q: 'sexolgue' },
  { q: 'acompagnement judiciare' },
  { q: 'soutien aux parents' },
  { q: 'maison', offset: 40 },
  { q: 'zzz-introuvable' },
  { taxonomy: ['safe_place'], placesAvailable: true },
  { openNow: true },
  { openNow: true, taxonomy: ['therapy', 'sexology'] },
  { audience: 'parents', age: 15 },
  { gender: 'boys', language: 'en' },
  { region: 'Région 3', q: 'clinique' },
  { stale: true },
  { q: 'ligne ecoute', openNow: true, age: 16 },
  {},
];

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Bulk-loads the fictional directory through SQL (see benchResourceSearch). */
export async function loadFictionalDirectory(db: Kysely<DB>): Promise<void> {
  const organisations = Math.max(1, Math.round(SERVICES / 10));
  await sql`
    insert into resource_organisations (name, description_fr, public)
    select 'Organisme fictif ' || (array['des Hérons', 'du Lac-Érié', 'de l’Île', 'de Sainte-Thérèse', 'du Quartier'])[1 + i % 5] || ' no ' || i,
      'Un organisme fictif du banc d’essai.', i % 10 <> 0
    from generate_series(1, ${organisations}) as i
  `.execute(db);
  await sql`
    with orgs as (select id, row_number() over (order by id) as n from resource_organisations)
    insert into resource_services (organisation_id, name_fr, name_en, description_fr, taxonomy, audiences, genders,
      languages, min_age, max_age, region, always_open, safe_place, public, status, confirmed_at)
    select o.id,
      (array['Hébergement d’urgence', 'Thérapie individuelle', 'Consultation avec une sexologue', 'Soutien aux parents',
             'Groupe pour garçons', 'Accompagnement judiciaire', 'Clinique jeunesse', 'Ligne d’écoute',
             'Halte-répit', 'Maison des jeunes', 'Aide en cyberexploitation', 'Centre de crise'])[1 + i % 12]
        || ' ' || (array['de Québec', 'du Lac-Érié', 'de Trois-Rivières', 'de l’Île', 'des Hérons', 'de Gaspé',
             'de Sainte-Thérèse', 'de Lévis'])[1 + (i / 12) % 8] || ' no ' || i,
      case when i % 3 = 0 then 'Fictional service ' || i else null end,
      (array['Écoute, accueil et références pour les adolescentes et leurs proches.',
             'Des thérapeutes et des sexologues reçoivent les jeunes et leurs parents.',
             'Accompagnement des victimes tout au long du processus judiciaire.',
             'Un lit pour la nuit, des repas et un suivi avec une intervenante.'])[1 + i % 4],
      string_to_array((array['safe_place,housing', 'therapy', 'sexology,therapy', 'parent_support', 'boys,therapy',
             'legal_accompaniment', 'health,sexual_health', 'crisis_line', 'basic_needs', 'education_employment',
             'cyber_exploitation', 'crisis_line,health'])[1 + i % 12], ','),
      string_to_array((array['youth', 'youth,parents', 'parents', 'workers,youth'])[1 + i % 4], ','),
      string_to_array((array['', 'girls', 'boys', '', 'girls,gender_diverse'])[1 + i % 5], ','),
      string_to_array((array['fr', 'fr,en', 'fr,es', 'en'])[1 + i % 4], ','),
      case when i % 4 = 0 then null else 10 + i % 5 end,
      case when i % 5 = 0 then null else 17 + i % 8 end,
      'Région ' || (i % 17),
      i % 20 = 7,
      i % 12 = 0,
      i % 10 <> 3,
      case when i % 50 = 1 then 'defunct' when i % 33 = 2 then 'inactive' else 'active' end,
      ${NOW}::timestamptz - make_interval(days => i % 400)
    from generate_series(1, ${SERVICES}) as i
    join orgs o on o.n = 1 + i % ${organisations}
  `.execute(db);
  // Three places per service; a safe place's are confidential (city only, a front gate).
  await sql`
    insert into resource_locations (organisation_id, name, confidential, city, front_gate_fr)
    select s.organisation_id, s.id::text || '/' || k, s.safe_place,
      (array['Québec', 'Lévis', 'Trois-Rivières', 'Saguenay', 'Rimouski', 'Gaspé', 'Sherbrooke'])[1 + (hashtext(s.id::text) & 1023) % 7],
      case when s.safe_place then 'Appelez l’accueil fictif au 555-0100.' else null end
    from resource_services s cross join generate_series(1, ${LOCATIONS_PER_SERVICE}) as k
  `.execute(db);
  await sql`
    insert into resource_service_locations (service_id, location_id, places_available, places_maximum, capacity_updated_at)
    select s.id, l.id,
      case when s.safe_place then (hashtext(l.id::text) & 1023) % 4 else null end,
      case when s.safe_place then 6 else null end,
      case when s.safe_place then ${NOW}::timestamptz - interval '3 hours' else null end
    from resource_locations l join resource_services s on s.id = split_part(l.name, '/', 1)::uuid
  `.execute(db);
  // Weekday hours for most services; evenings running past midnight for some; the rest at a location.
  await sql`
    insert into resource_schedules (service_id, weekday, opens_at, closes_at)
    select s.id, d, case when hashtext(s.id::text) % 6 = 0 then time '20:00' else time '09:00' end,
      case when hashtext(s.id::text) % 6 = 0 then time '02:00' else time '17:00' end
    from resource_services s cross join generate_series(1, 5) as d
    where not s.always_open and hashtext(s.id::text) % 4 <> 0
  `.execute(db);
  await sql`
    insert into resource_schedules (service_location_id, weekday, opens_at, closes_at)
    select sl.id, d, time '13:00', time '21:00'
    from resource_service_locations sl join resource_services s on s.id = sl.service_id
      cross join generate_series(1, 7) as d
    where not s.always_open and hashtext(s.id::text) % 4 = 0 and hashtext(sl.id::text) % 3 = 0
  `.execute(db);
  // As autovacuum would have done by now: statistics, and GIN pending lists merged into the indexes.
  await sql`vacuum analyze`.execute(db);
}

/**
 * Fills an empty, migrated database with a fictional directory through SQL (2,000 organisations,
 * 20,000 services with accented French names, 60,000 locations with capacity for the safe places, weekly
 * schedules, some past midnight), then times the staff search (`searchServices`, the service function of
 * GET /api/resources/services, its reader's organisation read included) over a mix of queries.
 */
export async function benchResourceSearch(database: Database): Promise<{
  services: number;
  locations: number;
  schedules: number;
  queries: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** The three queries with the slowest single run. */
  slowest: Array<{ query: string; ms: number }>;
}> {
  const { db } = database;
  await loadFictionalDirectory(db);

  const organisation = await db
    .insertInto('organisations')
    .values({ name: 'Organisme fictif du banc d’essai', type: 'community', region: 'Région 5' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const person = await db
    .insertInto('people')
    .values({
      organisation_id: organisation.id,
      given_name: 'Prénom',
      family_name: 'Fictif',
      email: 'banc.repertoire@exemple.test',
      status: 'active',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const actor: Actor = {
    personId: person.id,
    organisationId: organisation.id,
    organisationType: 'community',
    roles: new Set(['pivot']),
    locale: 'fr-CA',
    sessionId: '',
    mfaVerified: true,
  };
  // The search reads the database, the clock and the time zone of the platform; nothing else.
  const platform = { db, now: () => NOW, config: { timeZone: REGION_TIME_ZONE } } as unknown as Platform;

  // One warm-up round, then the measured rounds.
  for (const query of QUERIES) await searchServices(platform, actor, query);
  const timings: number[] = [];
  const slowestOf = new Map<string, number>();
  for (let round = 0; round < ROUNDS; round++) {
    for (const query of QUERIES) {
      const started = performance.now();
      await searchServices(platform, actor, query);
      const ms = performance.now() - started;
      timings.push(ms);
      const key = JSON.stringify(query);
      slowestOf.set(key, Math.max(slowestOf.get(key) ?? 0, ms));
    }
  }
  timings.sort((a, b) => a - b);
  const count = async (table: 'resource_services' | 'resource_locations' | 'resource_schedules') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select(({ fn }) => fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const round1 = (ms: number) => Math.round(ms * 10) / 10;
  return {
    services: await count('resource_services'),
    locations: await count('resource_locations'),
    schedules: await count('resource_schedules'),
    queries: timings.length,
    p50Ms: round1(percentile(timings, 50)),
    p99Ms: round1(percentile(timings, 99)),
    maxMs: round1(timings[timings.length - 1] ?? 0),
    slowest: [...slowestOf]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([query, ms]) => ({ query, ms: round1(ms) })),
  };
}

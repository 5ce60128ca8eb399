import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { searchDirectory } from '../src/server/modules/network/directory.service.js';
import type { Database } from '../src/server/platform/db/database.js';

const ORGANISATIONS = 2_000;
const PEOPLE = 20_000;
const ROUNDS = Number(process.env.BENCH_NETWORK_ROUNDS ?? '20');
const TODAY = '2026-06-15';

const QUERIES: Array<Record<string, string | undefined>> = [
  { q: 'Québec' },
  { q: 'quebec' },
  { q: 'QUEBEC' },
  { q: 'tremblay' },
  { q: 'Hélène' },
  { q: 'jeunes', type: 'community' },
  { q: 'maison' },
  { expertise: 'online_exploitation' },
  { region: 'Région 7' },
  { type: 'police', expertise: 'boys' },
  {},
  { q: 'zzz-introuvable' },
];

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/**
 * Fills an empty, migrated database with 2,000 organisations and 20,000 people (accented French names),
 * about 6,000 pivot mandates with expertise, absences and contacts, then times the directory search
 * (`searchDirectory`, the service function of GET /api/network/directory) over a mix of queries:
 * accented and unaccented text, filters by type, region and expertise, no match. Prints nothing.
 */
export async function benchDirectorySearch(
  database: Database,
): Promise<{ people: number; organisations: number; queries: number; p50Ms: number; p99Ms: number }> {
  const { db } = database;
  await sql`
    insert into organisations (name, short_name, type, region)
    select
      (array['Maison des jeunes', 'Centre de services scolaire', 'Service de police', 'Carrefour jeunesse',
             'Organisme communautaire', 'Centre intégré de santé'])[1 + i % 6]
        || ' ' || (array['de Québec', 'du Lac-Érié', 'de Trois-Rivières', 'de l’Île', 'de Montréal-Nord',
             'des Hérons', 'de Gaspé', 'de Sainte-Thérèse'])[1 + (i / 6) % 8] || ' no ' || i,
      'ORG' || i,
      (array['community', 'school_service_centre', 'police', 'community', 'community',
             'health_social_services'])[1 + i % 6],
      'Région ' || (i % 17)
    from generate_series(1, ${ORGANISATIONS}) as i
  `.execute(db);
  await sql`
    with orgs as (select id, row_number() over (order by id) as n from organisations)
    insert into people (organisation_id, given_name, family_name, email, status)
    select o.id,
      (array['Hélène', 'Émile', 'Zoé', 'François', 'Chloé', 'Jérôme', 'Noémie', 'Rémi', 'Inès', 'Loïc'])[1 + i % 10],
      (array['Tremblay', 'Gagnon', 'Côté', 'Bélanger', 'Lévesque', 'Bérubé', 'Pelletier', 'Gauthier', 'Ouellet',
             'Fréchette', 'Saint-Onge', 'Bouchard'])[1 + (i / 10) % 12] || '-' || i,
      'personne' || i || '@bench.test', 'active'
    from generate_series(1, ${PEOPLE}) as i
    join orgs o on o.n = 1 + i % ${ORGANISATIONS}
  `.execute(db);
  // Three pivots per organisation: the first three people of each.
  await sql`
    with ranked as (
      select id, organisation_id, row_number() over (partition by organisation_id order by id) as r from people
    )
    insert into pivot_mandates (person_id, organisation_id, start_on, end_on, expertise, languages, prerequisite_completed_on)
    select id, organisation_id, date '2025-01-01' + (r * 17)::int,
      case when r = 3 then date '2026-07-20' else null end,
      case hashtext(id::text) & 3
        when 0 then array['boys', 'schools'] when 1 then array['online_exploitation']
        when 2 then array['hotels', 'substance_use'] else array['youth_centres', 'lgbtq', 'legal'] end,
      array['fr', 'en'], case when r = 1 then date '2025-03-01' else null end
    from ranked where r <= 3
  `.execute(db);
  await sql`
    insert into pivot_absences (mandate_id, from_on, to_on, reason)
    select id, ${TODAY}::date - 2, ${TODAY}::date + 5, 'vacation' from pivot_mandates where hashtext(id::text) % 10 = 0
  `.execute(db);
  await sql`
    insert into network_contacts (organisation_id, name, role, email)
    select id, 'Accueil', 'Accueil', 'accueil@bench.test' from organisations
  `.execute(db);
  await sql`analyze`.execute(db);

  const timings: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const query of QUERIES) {
      const started = performance.now();
      await searchDirectory(db, {
        q: query.q,
        type: query.type as Parameters<typeof searchDirectory>[1]['type'],
        region: query.region,
        expertise: query.expertise,
        page: 1,
        pageSize: 25,
        today: TODAY,
      });
      timings.push(performance.now() - started);
    }
  }
  timings.sort((a, b) => a - b);
  const [people, organisations] = await Promise.all([
    db
      .selectFrom('people')
      .select(({ fn }) => fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('organisations')
      .select(({ fn }) => fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return {
    people: Number(people.n),
    organisations: Number(organisations.n),
    queries: timings.length,
    p50Ms: Math.round(percentile(timings, 50) * 10) / 10,
    p99Ms: Math.round(percentile(timings, 99) * 10) / 10,
  };
}

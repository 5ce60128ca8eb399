import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { buildApp } from '../src/server/app.js';
import { loadConfig } from '../src/server/platform/config.js';
import type { Database } from '../src/server/platform/db/database.js';

const SIZES = (process.env.BENCH_HSDS_SIZES ?? '5000,20000').split(',').map(Number);
const LOCATIONS_PER_SERVICE = 3;
const SAMPLE_MS = 10;
const LIVE_EVERY = 25;

/**
 * Fills an empty, migrated database with `services` fictional public services (one organisation for
 * ten services, three locations each — one in ten of the first ones confidential —, a phone per
 * service, location and organisation, five weekly schedules per service), by SQL over generate_series.
 */
async function fill(database: Database, services: number): Promise<void> {
  const { db } = database;
  const organisations = Math.max(1, Math.floor(services / 10));
  await db.transaction().execute(async (trx) => {
    await sql`
      insert into resource_organisations (name, description_fr, description_en, email, website, public)
      select 'Organisme fictif no ' || i, 'Organisme fictif du banc d’essai.', 'Fictional benchmark organisation.',
        'org' || i || '@exemple.test', 'https://org' || i || '.exemple.test', true
      from generate_series(1, ${organisations}) as i
    `.execute(trx);
    await sql`
      with orgs as (select id, row_number() over (order by id) as n from resource_organisations)
      insert into resource_services (organisation_id, name_fr, name_en, description_fr, description_en,
        eligibility_fr, application_fr, fees_fr, taxonomy, audiences, genders, languages, min_age, max_age,
        region, public, status, always_open, url, email)
      select o.id, 'Service fictif no ' || i, 'Fictional service ' || i,
        repeat('Description fictive d’un service du banc d’essai. ', 6), repeat('Fictional description. ', 6),
        'Jeunes de 12 à 24 ans.', 'Appeler la ligne fictive.', 'Gratuit.',
        array[(array['safe_place','therapy','sexology','parent_support','boys','legal_accompaniment','health',
          'sexual_health','addiction','housing','crisis_line','cyber_exploitation','trafficking',
          'education_employment','basic_needs','cultural_community'])[1 + i % 16]],
        array['youth', 'parents'], array['girls'], array['fr', 'en'], 12, 24,
        'Région ' || (i % 17), true, (array['active', 'temporarily closed'])[1 + i % 2], i % 7 = 0,
        'https://service' || i || '.exemple.test', 'service' || i || '@exemple.test'
      from generate_series(1, ${services}) as i
      join orgs o on o.n = 1 + i % ${organisations}
    `.execute(trx);
    await sql`
      create temp table bench_places on commit drop as
      select s.id as service_id, s.organisation_id, gen_random_uuid() as location_id, k, s.n
      from (select id, organisation_id, row_number() over (order by id) as n from resource_services) s
      cross join generate_series(1, ${LOCATIONS_PER_SERVICE}) as k
    `.execute(trx);
    await sql`
      insert into resource_locations (id, organisation_id, name, confidential, address_1, city, postal_code,
        latitude, longitude, front_gate_fr, transportation_fr)
      select location_id, organisation_id, 'Point de service fictif ' || n || '-' || k,
        (k = 1 and n % 10 = 0),
        case when k = 1 and n % 10 = 0 then null else n || ' rue Fictive' end,
        'Ville fictive ' || (n % 50),
        case when k = 1 and n % 10 = 0 then null else 'H0H 0H0' end,
        case when k = 1 and n % 10 = 0 then null else 45 + (n % 100) / 1000.0 end,
        case when k = 1 and n % 10 = 0 then null else -73 - (n % 100) / 1000.0 end,
        case when k = 1 and n % 10 = 0 then 'Passer par la ligne d’accueil fictive.' end,
        'Autobus fictif ' || (n % 90)
      from bench_places
    `.execute(trx);
    await sql`
      insert into resource_service_locations (service_id, location_id)
      select service_id, location_id from bench_places
    `.execute(trx);
    await sql`
      insert into resource_phones (location_id, number, kind)
      select location_id, '555 ' || lpad((n % 10000)::text, 4, '0'), 'voice' from bench_places where k = 1
    `.execute(trx);
    await sql`
      insert into resource_phones (service_id, number, kind, languages)
      select id, '555 0100', 'hotline', array['fr', 'en'] from resource_services
    `.execute(trx);
    await sql`
      insert into resource_phones (organisation_id, number, kind)
      select id, '555 0199', 'voice' from resource_organisations
    `.execute(trx);
    await sql`
      insert into resource_schedules (service_id, weekday, opens_at, closes_at)
      select id, d, '09:00', case when d = 5 then '02:00'::time else '17:00'::time end
      from resource_services cross join generate_series(1, 5) as d
    `.execute(trx);
  });
  await sql`analyze`.execute(db);
}

export interface HsdsExportFigures {
  services: number;
  locations: number;
  bytes: number;
  seconds: number;
  servicesPerSecond: number;
  /** Highest heap used during the stream, above the heap used just before it (MiB). */
  peakHeapMiB: number;
  /** Highest heap still reachable (after a full collection, every 250 ms), in MiB; null without --expose-gc. */
  peakLiveHeapMiB: number | null;
  /** Heap used just before the stream (after a full collection with --expose-gc), in MiB. */
  startHeapMiB: number;
  /** Highest resident set during the stream, above the one just before it (MiB). */
  peakRssMiB: number;
}

/**
 * Streams the public HSDS export (GET /api/resources/hsds/services, every generated service being
 * public) over HTTP from a listening server, reading and discarding the body as it arrives, while
 * sampling the process's heap and resident memory every 10 ms. Run with NODE_OPTIONS=--expose-gc for
 * a settled baseline.
 */
async function measure(database: Database, services: number): Promise<HsdsExportFigures> {
  await fill(database, services);
  const config = loadConfig({
    FILET_MASTER_KEY: randomBytes(32).toString('base64'),
    LOG_LEVEL: 'silent',
    FILET_JOBS: '0',
  });
  const app = await buildApp({ config, database, logger: false, serveWebApp: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const { port } = app.server.address() as AddressInfo;
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    gc?.();
    const before = process.memoryUsage();
    let peakHeap = before.heapUsed;
    let peakRss = before.rss;
    let peakLive = before.heapUsed;
    let ticks = 0;
    const sampler = setInterval(() => {
      const now = process.memoryUsage();
      peakHeap = Math.max(peakHeap, now.heapUsed);
      peakRss = Math.max(peakRss, now.rss);
      // Every quarter second, what is still reachable: a full collection, then the heap used.
      ticks += 1;
      if (gc && ticks % LIVE_EVERY === 0) {
        gc();
        peakLive = Math.max(peakLive, process.memoryUsage().heapUsed);
      }
    }, SAMPLE_MS);
    const start = performance.now();
    const response = await fetch(`http://127.0.0.1:${port}/api/resources/hsds/services`);
    if (response.status !== 200 || !response.body) throw new Error(`export answered ${response.status}`);
    let bytes = 0;
    let last = 0;
    for await (const chunk of response.body) {
      bytes += chunk.byteLength;
      last = chunk[chunk.byteLength - 1] ?? last;
    }
    const seconds = (performance.now() - start) / 1000;
    clearInterval(sampler);
    if (last !== 0x0a) throw new Error('the export did not end with its closing bracket');
    const mib = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10;
    return {
      services,
      locations: services * LOCATIONS_PER_SERVICE,
      bytes,
      seconds: Math.round(seconds * 100) / 100,
      servicesPerSecond: Math.round(services / seconds),
      peakHeapMiB: mib(peakHeap - before.heapUsed),
      peakLiveHeapMiB: gc ? mib(peakLive) : null,
      startHeapMiB: mib(before.heapUsed),
      peakRssMiB: mib(peakRss - before.rss),
    };
  } finally {
    await app.close();
  }
}

/** The HSDS export at each size (5,000 and 20,000 services by default), each in a fresh database. */
export async function benchHsdsExport(
  engine: string,
  freshDatabase: (label: string) => Promise<Database>,
): Promise<void> {
  console.log(
    `\nOpen Referral (HSDS 3.0) export streamed over HTTP (${engine}, public subset = every service)`,
  );
  for (const size of SIZES) {
    const figures = await measure(await freshDatabase(`hsds${size}`), size);
    console.log(
      `  ${String(figures.services).padStart(6)} services, ${String(figures.locations).padStart(6)} locations: ` +
        `${figures.seconds.toFixed(2).padStart(6)} s (${figures.servicesPerSecond} services/s), ` +
        `${(figures.bytes / 1024 / 1024).toFixed(1)} MiB of JSON, ` +
        `peak heap +${figures.peakHeapMiB} MiB (reachable: ${figures.startHeapMiB} MiB before, at most ${figures.peakLiveHeapMiB ?? '?'} MiB during), ` +
        `peak RSS +${figures.peakRssMiB} MiB`,
    );
  }
}

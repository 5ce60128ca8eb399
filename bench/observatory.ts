import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { suppressedTable } from '../src/server/modules/observatory/research.service.js';
import { computeTrends } from '../src/server/modules/observatory/trends.service.js';
import type { Database } from '../src/server/platform/db/database.js';
import { TREND_DIMENSIONS } from '../src/shared/contracts/observatory.values.js';

const OBSERVATIONS = Number(process.env.BENCH_OBSERVATIONS ?? '200000');
const ORGANISATIONS = 60;
const CHUNK = 20_000;
const TREND_RUNS = Number(process.env.BENCH_TREND_RUNS ?? '200');
const EXPORT_RUNS = Number(process.env.BENCH_EXPORT_RUNS ?? '20');
// Observations from January 2018 to December 2026 (nine years), the spans read end in December 2026.
const MONTHS = 108;

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

function summary(times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  return { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99) };
}

/**
 * Fills an empty, migrated database with `OBSERVATIONS` fictional observations over nine years by SQL
 * over generate_series (60 organisations, every place type, one to three methods and modus operandi,
 * one or two age ranges and genders, a platform for online ones) and their facets, as the service
 * writes them.
 */
async function fill(database: Database): Promise<void> {
  const { db } = database;
  await db.transaction().execute(async (trx) => {
    await sql`
      insert into organisations (name, type, region)
      select 'Organisme fictif de l’observatoire ' || i, 'community', 'Région fictive'
      from generate_series(1, ${ORGANISATIONS}) as i
    `.execute(trx);
    await sql`
      insert into observatory_platforms (name, created_at, updated_at)
      select 'Plateforme fictive ' || i, now(), now() from generate_series(1, 8) as i
    `.execute(trx);
  });
  // In chunks, each statement well within the pool's time limits.
  for (let first = 1; first <= OBSERVATIONS; first += CHUNK) {
    const last = Math.min(OBSERVATIONS, first + CHUNK - 1);
    await sql`
      with orgs as (select id, row_number() over (order by id) as n from organisations),
           platforms as (select id, row_number() over (order by id) as n from observatory_platforms)
      insert into observations (organisation_id, month, place_type, platform_id, recruitment_methods,
        modus_operandi, age_ranges, genders, created_at, updated_at)
      select o.id,
        (date '2018-01-01' + ((i * 7919) % ${MONTHS}) * interval '1 month')::date,
        (array['school','youth_centre','shopping_centre','hotel','bar','online','street','transit','other'])[1 + i % 9],
        case when i % 9 = 5 then p.id end,
        array(select distinct m from unnest(array[
          (array['romantic_partner','peer_friend','online_contact','party_invitation','gifts_money','drugs_alcohol',
            'debt','job_offer','family_member','gang','other'])[1 + i % 11],
          (array['romantic_partner','peer_friend','online_contact','party_invitation','gifts_money','drugs_alcohol',
            'debt','job_offer','family_member','gang','other'])[1 + (i * 7) % 11]]) m),
        array(select distinct m from unnest(array[
          (array['isolation','sextortion','threats_violence','substance_supply','housing_offered',
            'moving_between_cities','online_advertising','hotel_rotation','phone_control','quotas','other'])[1 + (i * 3) % 11],
          (array['isolation','sextortion','threats_violence','substance_supply','housing_offered',
            'moving_between_cities','online_advertising','hotel_rotation','phone_control','quotas','other'])[1 + (i * 5) % 11]]) m),
        array(select distinct a from unnest(array[
          (array['under_12','12_13','14_15','16_17','18_plus'])[1 + i % 5],
          (array['under_12','12_13','14_15','16_17','18_plus'])[1 + (i * 3) % 5]]) a),
        case when i % 3 = 0 then array['girls','boys'] when i % 3 = 1 then array['girls'] else array['boys'] end,
        now(), now()
      from generate_series(${first}::int, ${last}::int) as i
      join orgs o on o.n = 1 + i % ${ORGANISATIONS}
      join platforms p on p.n = 1 + i % 8
    `.execute(db);
  }
  const facetsOf = [
    sql`select id, organisation_id, month, created_at, 'all', '' from observations`,
    sql`select id, organisation_id, month, created_at, 'place_type', place_type from observations`,
    sql`select id, organisation_id, month, created_at, 'platform', platform_id::text from observations where platform_id is not null`,
    sql`select id, organisation_id, month, created_at, 'method', v from observations, unnest(recruitment_methods) v`,
    sql`select id, organisation_id, month, created_at, 'modus_operandi', v from observations, unnest(modus_operandi) v`,
    sql`select id, organisation_id, month, created_at, 'age_range', v from observations, unnest(age_ranges) v`,
    sql`select id, organisation_id, month, created_at, 'gender', v from observations, unnest(genders) v`,
  ];
  for (const select of facetsOf)
    await sql`insert into observation_facets (observation_id, organisation_id, month, created_at, dimension, value) ${select}`.execute(
      db,
    );
  await sql`
    insert into observation_counts (dimension, month, value, organisation_id, n)
    select dimension, month, value, organisation_id, count(*) from observation_facets
    group by dimension, month, value, organisation_id
  `.execute(db);
  // What autovacuum does on a live server: statistics, and the visibility map index-only scans need.
  await sql`vacuum analyze observations, observation_facets, observation_counts`.execute(db);
}

/**
 * Trends over 200,000 observations (goal p99 ≤ 200 ms on PostgreSQL): each run reads a random
 * dimension by month or quarter over 24 months to 9 years, for the whole table or one organisation,
 * as `GET /api/observatory/trends` computes it. Then suppressed research exports over two dimensions
 * and the whole span.
 */
export async function benchObservatory(engine: string, freshDatabase: (label: string) => Promise<Database>) {
  const database = await freshDatabase('observatory');
  const filling = performance.now();
  await fill(database);
  const fillMs = performance.now() - filling;
  const organisations = (await database.db.selectFrom('organisations').select('id').execute()).map(
    (o) => o.id,
  );
  const facets = await database.db
    .selectFrom('observation_facets')
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow();
  let seed = 7;
  const random = () => {
    seed = (seed * 16807) % 2147483647;
    return (seed - 1) / 2147483646;
  };
  const trendOnce = async () => {
    const months = 24 + Math.floor(random() * (MONTHS - 24));
    const fromIndex = MONTHS - months;
    const from = `${2018 + Math.floor(fromIndex / 12)}-${String((fromIndex % 12) + 1).padStart(2, '0')}`;
    return computeTrends(database.db, {
      dimension: TREND_DIMENSIONS[Math.floor(random() * TREND_DIMENSIONS.length)]!,
      period: random() < 0.5 ? 'month' : 'quarter',
      from,
      to: '2026-12',
      organisationId: random() < 0.3 ? organisations[Math.floor(random() * organisations.length)]! : null,
    });
  };
  for (let i = 0; i < 10; i += 1) await trendOnce();
  const trendTimes: number[] = [];
  for (let i = 0; i < TREND_RUNS; i += 1) {
    const started = performance.now();
    await trendOnce();
    trendTimes.push(performance.now() - started);
  }
  const exportTimes: number[] = [];
  let hidden = 0;
  for (let i = 0; i < EXPORT_RUNS + 2; i += 1) {
    const a = TREND_DIMENSIONS[i % TREND_DIMENSIONS.length]!;
    const b = TREND_DIMENSIONS[(i + 1 + (i % 3)) % TREND_DIMENSIONS.length]!;
    const started = performance.now();
    const table = await suppressedTable(database.db, {
      dimensions: a === b ? [a] : [a, b],
      from: '2018-01',
      to: '2026-12',
      // Every observation of the bench was created before now: the bound is checked, none is left out.
      createdBefore: new Date(),
      threshold: 10,
    });
    if (i >= 2) exportTimes.push(performance.now() - started);
    hidden += table.cells.flat().filter((v) => v === null).length;
  }
  const trends = summary(trendTimes);
  const exports = summary(exportTimes);
  console.log(
    `\nObservatory (${engine}): ${OBSERVATIONS} observations, ${facets.n} facet rows, filled in ${(fillMs / 1000).toFixed(1)} s`,
  );
  console.log(
    `trends (random dimension, month or quarter, 2–9 years, table or one organisation) ×${TREND_RUNS}: p50 ${trends.p50.toFixed(1)} ms p99 ${trends.p99.toFixed(1)} ms${engine === 'PostgreSQL' ? ` (goal p99 ≤ 200 ms: ${trends.p99 <= 200 ? 'met' : 'NOT met'})` : ''}`,
  );
  console.log(
    `suppressed research export (two dimensions, nine years) ×${EXPORT_RUNS}: p50 ${exports.p50.toFixed(1)} ms p99 ${exports.p99.toFixed(1)} ms (${hidden} cells hidden over all runs)`,
  );
}

/**
 * Filet benchmarks: `npm run bench` (PGlite) or `DATABASE_URL=… npm run bench` (PostgreSQL).
 * Prints figures; asserts nothing. Compare only figures measured side by side in one run.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { buildApp } from '../src/server/app.js';
import { presentPerson } from '../src/server/modules/accounts/accounts.presenter.js';
import { findPerson } from '../src/server/modules/accounts/accounts.repository.js';
import { sessionCookieName } from '../src/server/platform/auth/auth.plugin.js';
import { loadConfig } from '../src/server/platform/config.js';
import { type Database, openDatabase } from '../src/server/platform/db/database.js';
import { migrate } from '../src/server/platform/db/migrate.js';
import { benchAlertFanout } from './alerts.js';
import { benchTwoNodeFanout } from './alerts2.js';
import { benchAuditVerify } from './audit-verify.js';
import { benchGovernance } from './governance.js';
import { benchHsdsExport } from './hsds.js';
import { benchDirectorySearch } from './network.js';
import { benchObservatory } from './observatory.js';
import { benchAnnualReport } from './reports.js';
import { benchResourceSearch } from './resources.js';
import { benchTipIntake } from './tips.js';
import { benchTraining } from './training.js';

const DURATION_S = Number(process.env.BENCH_SECONDS ?? '8');
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? '10');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? '2');
const AUDIT_ENTRIES = Number(process.env.BENCH_AUDIT_ENTRIES ?? '200000');

const cleanups: Array<() => Promise<void>> = [];

/** A fresh, migrated database for one benchmark: a temporary PGlite folder or a new PostgreSQL database. */
async function freshDatabase(label: string): Promise<Database> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const dir = mkdtempSync(path.join(tmpdir(), `filet-bench-${label}-`));
    const database = await openDatabase({ databaseUrl: null, dataDir: dir });
    await migrate(database);
    cleanups.push(async () => {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    });
    return database;
  }
  const name = `filet_bench_${process.pid}_${label}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`drop database if exists ${name}`);
  await admin.query(`create database ${name}`);
  await admin.end();
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: parsed.toString(), dataDir: '', poolSize: 20 });
  await migrate(database);
  cleanups.push(async () => {
    await database.close();
    const dropper = new pg.Client({ connectionString: url });
    await dropper.connect();
    await dropper.query(`drop database if exists ${name} with (force)`);
    await dropper.end();
  });
  return database;
}

function run(url: string, headers: Record<string, string>) {
  return autocannon({ url, connections: CONNECTIONS, duration: DURATION_S, headers });
}

function row(name: string, result: autocannon.Result): string {
  return `${name.padEnd(52)} ${result.requests.average.toFixed(0).padStart(8)} req/s   p50 ${String(result.latency.p50).padStart(4)} ms   p99 ${String(result.latency.p99).padStart(4)} ms   errors ${result.errors + result.non2xx}`;
}

async function benchScopedRead(engine: string): Promise<void> {
  const database = await freshDatabase('read');
  const config = {
    ...loadConfig({
      FILET_MASTER_KEY: randomBytes(32).toString('base64'),
      LOG_LEVEL: 'silent',
      FILET_JOBS: '0',
    }),
  };
  const app = await buildApp({ config, database, logger: false, serveWebApp: false });
  const platform = app.platform;

  // The same query and presenter as the authenticated route, without session, policy or audit.
  app.get('/bench/bare/:id', { config: { access: 'public' } }, async (request) => {
    const { id } = request.params as { id: string };
    const person = await findPerson(platform.db, id);
    return person
      ? presentPerson(
          {
            personId: '',
            organisationId: '',
            organisationType: 'community',
            roles: new Set(),
            locale: 'fr-CA',
            sessionId: '',
            mfaVerified: true,
          },
          person,
        )
      : null;
  });

  const organisation = await platform.db
    .insertInto('organisations')
    .values({ name: 'Organisme fictif du banc d’essai', type: 'community', region: 'Région fictive' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const people = await platform.db
    .insertInto('people')
    .values(
      Array.from({ length: 1000 }, (_, i) => ({
        organisation_id: organisation.id,
        given_name: `Prénom${i}`,
        family_name: `Fictif${i}`,
        email: `banc.${i}@exemple.test`,
        status: 'active' as const,
      })),
    )
    .returning('id')
    .execute();
  await platform.db
    .insertInto('person_roles')
    .values(people.map((p) => ({ person_id: p.id, role: 'worker' as const })))
    .execute();
  const reader = people[0]!.id;
  const target = people[500]!.id;
  const session = await platform.db
    .transaction()
    .execute((trx) => platform.sessions.create(trx, reader, { mfaVerified: true, userAgent: 'bench' }));
  const cookie = `${sessionCookieName(false)}=${session.token}`;

  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  // Warm-up: JIT, query plans, session cache.
  await autocannon({ url: `${address}/bench/bare/${target}`, connections: 2, amount: 500 });
  await autocannon({
    url: `${address}/api/people/${target}`,
    connections: 2,
    amount: 500,
    headers: { cookie },
  });

  // Alternate the two routes and keep each one's better run: the host's noise hits both alike.
  const bareRuns: autocannon.Result[] = [];
  const guardedRuns: autocannon.Result[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    bareRuns.push(await run(`${address}/bench/bare/${target}`, {}));
    guardedRuns.push(await run(`${address}/api/people/${target}`, { cookie }));
  }
  const best = (runs: autocannon.Result[]) =>
    runs.reduce((a, b) => (b.requests.average > a.requests.average ? b : a));
  const bare = best(bareRuns);
  const guarded = best(guardedRuns);
  console.log(
    `\nScoped read of one person (${engine}, ${CONNECTIONS} connections, best of ${ROUNDS} alternating runs of ${DURATION_S} s)`,
  );
  console.log(row('bare route: same query, no session/policy', bare));
  console.log(row('GET /api/people/:id: session + policy + presenter', guarded));
  console.log(
    `ratio authenticated / bare: ${(guarded.requests.average / bare.requests.average).toFixed(2)} (target ≥ 0.5 on PostgreSQL)`,
  );
  await app.close();
}

async function benchAudit(engine: string): Promise<void> {
  const database = await freshDatabase('audit');
  const result = await benchAuditVerify(database, AUDIT_ENTRIES);
  console.log(`\nAudit chain verification (${engine})`);
  console.log(
    `${result.entries} entries in ${result.seconds.toFixed(2)} s: ${Math.round(result.perSecond).toLocaleString('en-CA')} entries/s (target ≥ 200,000/s)`,
  );
}

async function benchDirectory(engine: string): Promise<void> {
  const result = await benchDirectorySearch(await freshDatabase('directory'));
  console.log(
    `\nDirectory search (${engine}): ${result.people} people, ${result.organisations} organisations`,
  );
  console.log(
    `${result.queries} queries: p50 ${result.p50Ms.toFixed(1)} ms, p99 ${result.p99Ms.toFixed(1)} ms`,
  );
}

async function benchResources(engine: string): Promise<void> {
  const result = await benchResourceSearch(await freshDatabase('resources'));
  console.log(
    `\nDirectory of help resources, staff search (${engine}): ${result.services} services, ${result.locations} locations, ${result.schedules} schedules`,
  );
  console.log(
    `${result.queries} searches: p50 ${result.p50Ms.toFixed(1)} ms, p99 ${result.p99Ms.toFixed(1)} ms, max ${result.maxMs.toFixed(1)} ms (goal on PostgreSQL: p99 ≤ 50 ms)`,
  );
  for (const slow of result.slowest) console.log(`  slowest: ${slow.ms.toFixed(1)} ms  ${slow.query}`);
}

async function benchPlan(engine: string): Promise<void> {
  const result = await benchGovernance(await freshDatabase('governance'));
  console.log(
    `\nAction plan and meetings (${engine}): ${result.planItems} plan items, ${result.meetings} meetings`,
  );
  console.log(
    `plan tree with roll-up p50 ${result.planTreeMs.p50} ms p99 ${result.planTreeMs.p99} ms; governance report section p50 ${result.annualReportSectionMs.p50} ms p99 ${result.annualReportSectionMs.p99} ms`,
  );
}

async function benchTips(engine: string): Promise<void> {
  const database = await freshDatabase('tips');
  const config = loadConfig({
    FILET_MASTER_KEY: randomBytes(32).toString('base64'),
    LOG_LEVEL: 'silent',
    FILET_JOBS: '0',
  });
  const app = await buildApp({ config, database, logger: false, serveWebApp: false });
  await app.ready();
  const seconds = Number(process.env.BENCH_TIP_SECONDS ?? '60');
  const result = await benchTipIntake(app, { seconds, concurrency: 16 });
  console.log(`\nTip intake through the public form (${engine}, 16 in flight, ${result.seconds} s)`);
  console.log(
    `${result.acknowledged} acknowledged, ${result.perSecond.toFixed(1)} tips/s, p50 ${result.p50Ms.toFixed(1)} ms, p99 ${result.p99Ms.toFixed(1)} ms, failed ${result.failed}, lost ${result.lost}, half-stored ${result.halfStored} (target ≥ 100 tips/s on PostgreSQL, 0 lost)`,
  );
  await app.close();

  // The same intake against `filet start` as a child process, SIGKILLed halfway and restarted.
  const { benchTipKillRestart } = await import('./tips.js');
  const url = process.env.DATABASE_URL;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'filet-bench-tipkill-'));
  let databaseUrl: string | null = null;
  const name = `filet_bench_${process.pid}_tipkill`;
  if (url) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`drop database if exists ${name}`);
    await admin.query(`create database ${name}`);
    await admin.end();
    const parsed = new URL(url);
    parsed.pathname = `/${name}`;
    databaseUrl = parsed.toString();
  }
  try {
    const killed = await benchTipKillRestart({ seconds, concurrency: 16, databaseUrl, dataDir });
    console.log(
      `\nTip intake with the server killed (SIGKILL) and restarted halfway (${engine}, child process, 16 in flight, ${killed.seconds} s)`,
    );
    console.log(
      `${killed.acknowledged} acknowledged (${killed.receiptsShown} receipts shown), ${killed.perSecond.toFixed(1)} tips/s, p50 ${killed.p50Ms.toFixed(1)} ms, p99 ${killed.p99Ms.toFixed(1)} ms, down ${killed.downtimeMs} ms, interrupted ${killed.interrupted}, failed ${killed.failed}, lost ${killed.lost}, half-stored ${killed.halfStored}, stored but unacknowledged ${killed.storedUnacknowledged} (target 0 lost, 0 half-stored)`,
    );
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    if (url) {
      const dropper = new pg.Client({ connectionString: url });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    }
  }
}

async function benchReport(engine: string): Promise<void> {
  const result = await benchAnnualReport(await freshDatabase('report'));
  console.log(`\nAnnual report over ${result.years} years of data (${engine})`);
  console.log(
    `compute ${result.computeMs.toFixed(0)} ms per year, PDF ${result.pdfMs.toFixed(0)} ms per year, largest PDF ${(result.pdfBytes / 1024).toFixed(0)} KiB`,
  );
}

async function main(): Promise<void> {
  const engine = process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite';
  console.log(`Filet benchmarks on ${engine}, Node ${process.version}`);
  // BENCH_ONLY=tips,training runs only the named benchmarks (all of them by default).
  const only = new Set((process.env.BENCH_ONLY ?? '').split(',').filter(Boolean));
  const benches: Array<[string, () => Promise<void>]> = [
    ['read', () => benchScopedRead(engine)],
    ['audit', () => benchAudit(engine)],
    ['directory', () => benchDirectory(engine)],
    ['resources', () => benchResources(engine)],
    ['plan', () => benchPlan(engine)],
    ['report', () => benchReport(engine)],
    ['tips', () => benchTips(engine)],
    ['training', () => benchTraining(engine, freshDatabase)],
    ['alerts', () => benchAlertFanout(engine, freshDatabase)],
    ['alerts2', () => benchTwoNodeFanout(engine, freshDatabase)],
    ['hsds', () => benchHsdsExport(engine, freshDatabase)],
    ['observatory', () => benchObservatory(engine, freshDatabase)],
  ];
  try {
    for (const [name, bench] of benches) if (only.size === 0 || only.has(name)) await bench();
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup();
  }
}

await main();

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildApp } from '../src/server/app.js';
import { sessionCookieName } from '../src/server/platform/auth/auth.plugin.js';
import { loadConfig } from '../src/server/platform/config.js';
import type { Database } from '../src/server/platform/db/database.js';
import type { RegistrationVolley, VolleyReport } from './training-client.js';

const CLIENT_SCRIPT = fileURLToPath(new URL('./training-client.ts', import.meta.url));

function tsxLoaderUrl(): string {
  const require = createRequire(import.meta.url);
  return pathToFileURL(path.join(path.dirname(require.resolve('tsx/package.json')), 'dist', 'loader.mjs'))
    .href;
}

const ATTEMPTS = Number(process.env.BENCH_TRAINING_ATTEMPTS ?? '1000');
const SEATS = Number(process.env.BENCH_TRAINING_SEATS ?? '30');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/**
 * 1,000 distinct signed-in workers register at the same instant, over real HTTP, for one 30-seat
 * session (people, sessions and the training session are created directly in the database first).
 * Prints the time until every request is answered, latency percentiles, and the outcome counted in
 * the database: exactly 30 confirmed and 970 wait-listed in an unbroken order is the expectation.
 */
export async function benchTraining(
  engine: string,
  freshDatabase: (label: string) => Promise<Database>,
): Promise<void> {
  const database = await freshDatabase('training');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const config = loadConfig({
    FILET_MASTER_KEY: randomBytes(32).toString('base64'),
    LOG_LEVEL: 'silent',
    FILET_JOBS: '0',
    PUBLIC_URL: url,
  });
  const app = await buildApp({ config, database, logger: false, serveWebApp: false });
  await app.ready();
  // PGlite answers on the event loop: give a thousand waiting connections time to be read.
  app.server.headersTimeout = 300_000;
  app.server.requestTimeout = 300_000;
  await app.listen({ port, host: '127.0.0.1', backlog: 2048 });
  const { platform } = app;
  const { db } = platform;

  const org = await db
    .insertInto('organisations')
    .values({ name: 'Organisation de mesure (formation)', type: 'community', region: 'Région de mesure' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const people = await db
    .insertInto('people')
    .values(
      Array.from({ length: ATTEMPTS }, (_, i) => ({
        organisation_id: org.id,
        given_name: 'Mesure',
        family_name: `Inscription ${i}`,
        email: `inscription-${i}@bench.test`,
        status: 'active' as const,
      })),
    )
    .returning('id')
    .execute();
  await db
    .insertInto('person_roles')
    .values(people.map((p) => ({ person_id: p.id, role: 'worker' as const })))
    .execute();
  const sessions = await db.transaction().execute(async (trx) => {
    const made: Array<{ cookie: string; csrf: string }> = [];
    for (const person of people) {
      const session = await platform.sessions.create(trx, person.id, {
        mfaVerified: true,
        userAgent: 'bench',
      });
      made.push({
        cookie: `${sessionCookieName(config.secureCookies)}=${session.token}`,
        csrf: platform.sessions.csrfToken(session.id),
      });
    }
    return made;
  });
  const course = await db
    .insertInto('training_courses')
    .values({ code: 'BENCH-1', title_fr: 'Formation de mesure', title_en: 'Bench course', duration_days: 1 })
    .returning('id')
    .executeTakeFirstOrThrow();
  const start = new Date(Date.now() + 30 * 86_400_000);
  const trainingSession = await db
    .insertInto('training_sessions')
    .values({
      course_id: course.id,
      place: 'Salle de mesure',
      capacity: SEATS,
      registration_deadline: new Date(start.getTime() - 86_400_000),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('training_session_days')
    .values({
      session_id: trainingSession.id,
      day: start.toISOString().slice(0, 10),
      starts_at: start,
      ends_at: new Date(start.getTime() + 6 * 3_600_000),
    })
    .execute();

  const target = `${url}/api/training/sessions/${trainingSession.id}/registrations`;
  // The clients run in a child process: on these 2-core machines they would otherwise share the
  // server's event loop and the figure would measure them as much as the server.
  const client = spawn(process.execPath, ['--import', tsxLoaderUrl(), CLIENT_SCRIPT], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const report = await new Promise<VolleyReport>((resolve, reject) => {
    client.once('message', (message: VolleyReport) => resolve(message));
    client.once('error', reject);
    client.send({ target, origin: url, sessions } satisfies RegistrationVolley);
  });
  const elapsed = report.elapsedMs;
  const latencies = [...report.latencies].sort((a, b) => a - b);
  const statuses = new Map(report.statuses);

  const rows = await db
    .selectFrom('training_registrations')
    .select(['status', 'queue_number'])
    .where('session_id', '=', trainingSession.id)
    .execute();
  const confirmed = rows.filter((r) => r.status === 'confirmed').length;
  const queue = rows
    .filter((r) => r.status === 'waitlisted')
    .map((r) => r.queue_number ?? 0)
    .sort((a, b) => a - b);
  const unbroken = queue.every((n, i) => n === i + 1);

  console.log(
    `\nConcurrent registrations for one ${SEATS}-seat session (${engine}, ${ATTEMPTS} people at once, HTTP)`,
  );
  console.log(
    `all answered in ${elapsed.toFixed(0)} ms (${((ATTEMPTS / elapsed) * 1000).toFixed(0)} registrations/s), p50 ${percentile(latencies, 50).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms; statuses ${[...statuses].map(([k, v]) => `${k === 0 ? 'failed' : k}×${v}`).join(' ')}; ${confirmed} confirmed, ${queue.length} wait-listed, queue ${unbroken ? 'unbroken' : 'BROKEN'} (target ${SEATS} confirmed, ${ATTEMPTS - SEATS} wait-listed, < 2 s on PostgreSQL)`,
  );
  await app.close();
}

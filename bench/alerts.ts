/**
 * Real-time fan-out of an alert: N recipients hold the server-sent-event stream open over real HTTP
 * from separate child processes (bench/fanout-client.ts); one alert is raised; each client notes when
 * its event arrived. Beside it, the physical limit: a bare loop in the server process writing an event
 * of the same size to the same N connections. Also the server's memory per open stream.
 *
 * Knobs: BENCH_FANOUT_CLIENTS (5000), BENCH_FANOUT_LARGE (19000, 0 to skip), BENCH_FANOUT_PROCS (client
 * processes, 2), BENCH_FANOUT_ROUNDS (5: bare loop and alert alternate, figures of every round),
 * BENCH_FANOUT_VIA (`alerts`: POST /api/alerts, default; `notify`: the notifier alone).
 *
 * Open files: the server process holds one per connection (plus the database's), so N is bounded by
 * its `ulimit -n` soft limit, which Node cannot raise for itself: run `ulimit -n <hard>` in the shell
 * first if the soft limit is lower. Client processes are started through `sh -c 'ulimit -n <hard>'`.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import http from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/server/app.js';
import { sessionCookieName } from '../src/server/platform/auth/auth.plugin.js';
import { type Config, loadConfig } from '../src/server/platform/config.js';
import type { Database } from '../src/server/platform/db/database.js';
import type { ClientCommand, ClientReport } from './fanout-client.js';

const CLIENTS = Number(process.env.BENCH_FANOUT_CLIENTS ?? '5000');
const LARGE = Number(process.env.BENCH_FANOUT_LARGE ?? '19000');
const PROCS = Math.max(1, Number(process.env.BENCH_FANOUT_PROCS ?? '2'));
const ROUNDS = Math.max(1, Number(process.env.BENCH_FANOUT_ROUNDS ?? '5'));
/** Connections a client process opens at once while connecting. */
const CONNECT_CONCURRENCY = 64;
const STREAM_PATH = '/api/notifications/stream';
/**
 * How the alert is raised: `alerts` (default) through the alerts module's `POST /api/alerts` — a
 * runaway alert from a youth centre to the pivots of every partner organisation of the region, the
 * whole real path; `notify` through a bench route making the one `notifier.notify` of every recipient,
 * the platform's part alone.
 */
const VIA = process.env.BENCH_FANOUT_VIA === 'notify' ? 'notify' : 'alerts';
const RAISE_PATH = VIA === 'alerts' ? '/api/alerts' : '/api/bench/fanout';
const REGION = 'Région fictive du banc d’essai';
/** Pivots are spread over this many partner organisations of the region. */
const PARTNER_ORGANISATIONS = 20;
const CLIENT_SCRIPT = fileURLToPath(new URL('./fanout-client.ts', import.meta.url));

export const wallClock = () => performance.timeOrigin + performance.now();

v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;

function settleMemory(): NodeJS.MemoryUsage {
  for (let i = 0; i < 3; i++) collectGarbage();
  return process.memoryUsage();
}

function tsxLoaderUrl(): string {
  const require = createRequire(import.meta.url);
  const tsxPackage = require.resolve('tsx/package.json');
  return pathToFileURL(path.join(path.dirname(tsxPackage), 'dist', 'loader.mjs')).href;
}

export function openFileLimits(): { soft: number; hard: number } {
  const out = execFileSync('sh', ['-c', 'ulimit -Sn; ulimit -Hn'], { encoding: 'utf8' }).trim().split('\n');
  const parse = (v: string | undefined) => (v === 'unlimited' ? Number.POSITIVE_INFINITY : Number(v));
  return { soft: parse(out[0]), hard: parse(out[1]) };
}

function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export interface Figures {
  p50: number;
  p99: number;
  max: number;
  received: number;
  missing: number;
}

export function figures(times: number[], t0: number, missing: number): Figures {
  const latencies = times.map((t) => t - t0).sort((a, b) => a - b);
  return {
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    max: latencies.at(-1) ?? Number.NaN,
    received: latencies.length,
    missing,
  };
}

/** A client process and a way to wait for its next report of a given type. */
export class Client {
  readonly child: ChildProcess;
  readonly #waiters: Array<{ type: ClientReport['type']; resolve: (r: ClientReport) => void }> = [];

  constructor(hardLimit: number) {
    const raise = Number.isFinite(hardLimit) ? `ulimit -n ${hardLimit} 2>/dev/null; ` : '';
    this.child = spawn(
      'sh',
      ['-c', `${raise}exec "$0" "$@"`, process.execPath, '--import', tsxLoaderUrl(), CLIENT_SCRIPT],
      { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'advanced' },
    );
    this.child.on('message', (report: ClientReport) => {
      const index = this.#waiters.findIndex((w) => w.type === report.type);
      if (index >= 0) this.#waiters.splice(index, 1)[0]!.resolve(report);
    });
  }

  next<T extends ClientReport['type']>(type: T): Promise<Extract<ClientReport, { type: T }>> {
    return new Promise((resolve) =>
      this.#waiters.push({ type, resolve: resolve as (r: ClientReport) => void }),
    );
  }

  send(command: ClientCommand): void {
    this.child.send(command);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null) return resolve();
      this.child.once('exit', () => resolve());
      this.send({ type: 'close' });
    });
  }
}

export async function collect(clients: Client[], phase: number, t0: number): Promise<Figures> {
  const reports = clients.map((c) => c.next('received'));
  for (const c of clients) c.send({ type: 'report', phase, force: false });
  const timeout = setTimeout(() => {
    for (const c of clients) c.send({ type: 'report', phase, force: true });
  }, 30_000);
  const all = await Promise.all(reports);
  clearTimeout(timeout);
  return figures(
    all.flatMap((r) => r.times),
    t0,
    all.reduce((sum, r) => sum + r.missing, 0),
  );
}

export async function arm(clients: Client[], phase: number): Promise<void> {
  const armed = clients.map((c) => c.next('armed'));
  for (const c of clients) c.send({ type: 'arm', phase });
  await Promise.all(armed);
}

export function post(
  port: number,
  headers: Record<string, string>,
  body: string,
  path = RAISE_PATH,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          text += chunk;
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

export const fmt = (ms: number) => `${ms.toFixed(0)} ms`;

/** What seeding a region leaves: the recipients' cookies and ids, and how the raiser signs a request. */
export interface SeededRegion {
  /** Session cookies of the n recipients, in the order of `recipients`. */
  cookies: string[];
  recipients: string[];
  /** Cookie, CSRF token and Origin of the youth-centre worker who raises the alert. */
  raiserHeaders: Record<string, string>;
  seedSeconds: number;
}

/**
 * A youth centre, a police service and n pivots with an active mandate spread over the region's partner
 * organisations, each with a live session; written straight to the database in batches.
 */
export async function seedRegion(
  platform: FastifyInstance['platform'],
  config: Config,
  n: number,
): Promise<SeededRegion> {
  const recipients: string[] = [];
  const seedStarted = performance.now();
  const organisation = (type: 'police' | 'youth_protection' | 'community', name: string) =>
    platform.db
      .insertInto('organisations')
      .values({ name, type, region: REGION })
      .returning('id')
      .executeTakeFirstOrThrow()
      .then((row) => row.id);
  const youthCentre = await organisation('youth_protection', 'Centre jeunesse fictif du banc d’essai');
  const police = await organisation('police', 'Service de police fictif du banc d’essai');
  const partners: string[] = [];
  for (let i = 0; i < PARTNER_ORGANISATIONS; i++) {
    partners.push(await organisation('community', `Organisme fictif ${i + 1} du banc d’essai`));
  }
  const yesterday = new Date(Date.now() - 24 * 3_600_000).toISOString().slice(0, 10);
  const cookieName = sessionCookieName(config.secureCookies);
  const cookies: string[] = [];
  let raiserSession: string | undefined;
  const BATCH = 1000;
  for (let start = 0; start <= n; start += BATCH) {
    const size = Math.min(BATCH, n + 1 - start);
    await platform.db.transaction().execute(async (trx) => {
      // Person 0 is the youth-centre worker who raises the alert; the others are pivots of partners.
      const people = await trx
        .insertInto('people')
        .values(
          Array.from({ length: size }, (_, i) => ({
            organisation_id: start + i === 0 ? youthCentre : partners[(start + i) % partners.length]!,
            given_name: 'Pivot',
            family_name: `Fictif ${start + i}`,
            email: `pivot-${start + i}@banc.test`,
            status: 'active' as const,
          })),
        )
        .returning(['id', 'organisation_id'])
        .execute();
      await trx
        .insertInto('person_roles')
        .values(
          people.map((p) => ({
            person_id: p.id,
            role: p.organisation_id === youthCentre ? ('worker' as const) : ('pivot' as const),
          })),
        )
        .execute();
      const pivots = people.filter((p) => p.organisation_id !== youthCentre);
      if (pivots.length > 0) {
        await trx
          .insertInto('pivot_mandates')
          .values(
            pivots.map((p) => ({ person_id: p.id, organisation_id: p.organisation_id, start_on: yesterday })),
          )
          .execute();
      }
      for (const person of people) {
        const session = await platform.sessions.create(trx, person.id, {
          mfaVerified: true,
          userAgent: 'bench',
        });
        cookies.push(`${cookieName}=${session.token}`);
        recipients.push(person.id);
        raiserSession ??= session.id;
      }
    });
  }
  // The police service receives every runaway alert through its analyst (who holds no stream here).
  const analyst = await platform.db
    .insertInto('people')
    .values({
      organisation_id: police,
      given_name: 'Analyste',
      family_name: 'Fictive',
      email: 'analyste@banc.test',
      status: 'active',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await platform.db
    .insertInto('person_roles')
    .values({ person_id: analyst.id, role: 'police_analyst' })
    .execute();
  // The first person raises the alert; the other n receive it.
  const raiserCookie = cookies.shift()!;
  recipients.shift();
  const raiserHeaders = {
    cookie: raiserCookie,
    'x-csrf-token': platform.sessions.csrfToken(raiserSession!),
    origin: config.publicUrl,
  };
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  return { cookies, recipients, raiserHeaders, seedSeconds };
}

/** The body of POST /api/alerts: a runaway alert to the region. */
export function alertBody(): string {
  return JSON.stringify({
    kind: 'runaway',
    subject: {
      givenName: 'Jeune',
      familyName: 'Fictif',
      description: 'Personne fictive du banc d’essai',
    },
    lastSeenAt: new Date(Date.now() - 30 * 60_000).toISOString(),
    lastSeenPlace: 'Terminus fictif',
    regions: [REGION],
    legalBasis: 'serious_risk',
  });
}

async function fanout(
  engine: string,
  freshDatabase: (label: string) => Promise<Database>,
  n: number,
  limits: { soft: number; hard: number },
): Promise<void> {
  if (n + 200 > limits.soft) {
    console.log(
      `  N=${n}: skipped — this process may hold ${limits.soft} open files; run \`ulimit -n ${limits.hard}\` first`,
    );
    return;
  }
  const database = await freshDatabase(`fanout_${n}`);
  const config = loadConfig({
    FILET_MASTER_KEY: randomBytes(32).toString('base64'),
    LOG_LEVEL: 'silent',
    FILET_JOBS: '0',
  });
  const app = await buildApp({ config, database, logger: false, serveWebApp: false });
  const { platform } = app;
  const recipients: string[] = [];
  const alertId = randomUUID();

  if (VIA === 'notify') {
    // The platform's part alone: one transaction, one notify naming every recipient.
    app.post(RAISE_PATH, { config: { access: 'staff' } }, async (_request, reply) => {
      await platform.db
        .transaction()
        .execute((trx) =>
          platform.notifier.notify(trx, recipients, { kind: 'alert.raised', link: `/alertes/${alertId}` }),
        );
      return reply.code(201).send({ id: alertId });
    });
  }

  // The same responses the notifier writes to, for the bare loop.
  const streams: ServerResponse[] = [];
  app.server.on('request', (request: http.IncomingMessage, response: ServerResponse) => {
    if (request.url === STREAM_PATH) streams.push(response);
  });
  await app.ready();
  await platform.notifier.start();
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;

  const { cookies, recipients: seeded, raiserHeaders, seedSeconds } = await seedRegion(platform, config, n);
  recipients.push(...seeded);
  const raiseBody = () => (VIA === 'alerts' ? alertBody() : '{}');

  const before = settleMemory();
  const clients = Array.from({ length: Math.min(PROCS, n) }, () => new Client(limits.hard));
  const connectStarted = performance.now();
  const share = Math.ceil(n / clients.length);
  const connected = await Promise.all(
    clients.map((client, i) => {
      const done = client.next('connected');
      client.send({
        type: 'connect',
        host: '127.0.0.1',
        port,
        path: STREAM_PATH,
        cookies: cookies.slice(i * share, (i + 1) * share),
        concurrency: CONNECT_CONCURRENCY,
      });
      return done;
    }),
  );
  const connectSeconds = (performance.now() - connectStarted) / 1000;
  const open = connected.reduce((sum, c) => sum + c.open, 0);
  const failed = connected.reduce((sum, c) => sum + c.failed, 0);
  const after = settleMemory();
  const rssPer = (after.rss - before.rss) / open / 1024;
  const heapPer = (after.heapUsed + after.external - before.heapUsed - before.external) / open / 1024;

  console.log(
    `  N=${n}: ${open} streams open (${failed} failed${failed ? `: ${connected.find((c) => c.firstError)?.firstError}` : ''}) from ${clients.length} client processes; seeded in ${seedSeconds.toFixed(1)} s, connected in ${connectSeconds.toFixed(1)} s; notifier holds ${platform.notifier.openStreams()} streams`,
  );
  console.log(
    `  memory per connection: ${rssPer.toFixed(1)} KiB RSS, ${heapPer.toFixed(1)} KiB heap+external (target ≤ 20 KiB)`,
  );

  // The bare loop writes an event of exactly the size the notifier writes.
  const sample = `event: notification\ndata: ${JSON.stringify({
    id: randomUUID(),
    kind: VIA === 'alerts' ? 'alerts.raised' : 'alert.raised',
    params: {},
    link: `/alertes/${alertId}`,
    createdAt: new Date().toISOString(),
  })}\n\n`;

  let phase = 0;
  const bare: Figures[] = [];
  const real: Figures[] = [];
  const requestMs: number[] = [];
  const materializeMs: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    await arm(clients, ++phase);
    let t0 = wallClock();
    for (const response of streams) {
      if (!response.writableEnded) response.write(sample);
    }
    bare.push(await collect(clients, phase, t0));
    await new Promise((resolve) => setTimeout(resolve, 300));

    await arm(clients, ++phase);
    t0 = wallClock();
    const answer = await post(port, raiserHeaders, raiseBody());
    requestMs.push(wallClock() - t0);
    if (answer.status !== 201) throw new Error(`raising the alert answered ${answer.status}: ${answer.body}`);
    real.push(await collect(clients, phase, t0));
    // The rows of the fan-out are written after the delivery: let them land before the next round.
    const landing = performance.now();
    await platform.notifier.settled();
    materializeMs.push(performance.now() - landing);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }

  for (let round = 0; round < ROUNDS; round++) {
    const b = bare[round]!;
    const r = real[round]!;
    console.log(
      `  round ${round + 1}: bare loop p50 ${fmt(b.p50)} p99 ${fmt(b.p99)} max ${fmt(b.max)}${b.missing ? ` (${b.missing} missing)` : ''} | alert p50 ${fmt(r.p50)} p99 ${fmt(r.p99)} max ${fmt(r.max)}${r.missing ? ` (${r.missing} missing)` : ''}, raising request answered in ${fmt(requestMs[round]!)}, rows written ${fmt(materializeMs[round]!)} after receipt | p99 ratio ${(r.p99 / b.p99).toFixed(2)}`,
    );
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const bareP99 = median(bare.map((b) => b.p99));
  const realP99 = median(real.map((r) => r.p99));
  const target =
    n <= 5000
      ? `target on PostgreSQL ≤ 1.6× bare loop: ${realP99 <= 1.6 * bareP99 ? 'met' : 'NOT met'}`
      : `target on PostgreSQL p99 ≤ 600 ms: ${realP99 <= 600 ? 'met' : 'NOT met'}`;
  console.log(
    `  median of ${ROUNDS} rounds (${engine}, N=${n}): bare loop p99 ${fmt(bareP99)}, alert p99 ${fmt(realP99)}, ratio ${(realP99 / bareP99).toFixed(2)} — ${target}`,
  );

  await Promise.all(clients.map((c) => c.close()));
  await app.close();
}

/** `npm run bench` section: the fan-out at BENCH_FANOUT_CLIENTS and at BENCH_FANOUT_LARGE recipients. */
export async function benchAlertFanout(
  engine: string,
  freshDatabase: (label: string) => Promise<Database>,
): Promise<void> {
  const limits = openFileLimits();
  console.log(
    `\nAlert fan-out over server-sent events (${engine}; open files: soft ${limits.soft}, hard ${limits.hard}; raised through ${VIA === 'alerts' ? 'POST /api/alerts (BENCH_FANOUT_VIA=notify for the platform part alone)' : `${RAISE_PATH}, one notifier.notify of every recipient`})`,
  );
  for (const n of [CLIENTS, LARGE].filter((value) => value > 0)) {
    await fanout(engine, freshDatabase, n, limits);
  }
}

/**
 * Real-time fan-out of an alert across two Filet nodes: two server processes (bench/fanout-node.ts) on
 * one PostgreSQL, N recipients holding the event stream open — half on each node — from client
 * processes (bench/fanout-client.ts). The alert is raised through POST /api/alerts on the first node;
 * the second hears it through PostgreSQL (NOTIFY, then one read of the fan-out). Beside it, in the same
 * run, the physical limit: both nodes told at once to write an event of the same size to their streams
 * in a bare loop. Figures: p99 time to the last recipient of each, and their ratio.
 *
 * Knobs: BENCH_FANOUT_CLIENTS (5000), BENCH_FANOUT_PROCS (client processes, 2, split between the
 * nodes), BENCH_FANOUT_ROUNDS (5). PostgreSQL only: PGlite is one process's database.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildApp } from '../src/server/app.js';
import { loadConfig } from '../src/server/platform/config.js';
import type { Database } from '../src/server/platform/db/database.js';
import {
  alertBody,
  arm,
  Client,
  type Figures,
  figures,
  fmt,
  openFileLimits,
  post,
  seedRegion,
  wallClock,
} from './alerts.js';
import type { NodeCommand, NodeReport } from './fanout-node.js';

const CLIENTS = Number(process.env.BENCH_FANOUT_CLIENTS ?? '5000');
const PROCS = Math.max(2, Number(process.env.BENCH_FANOUT_PROCS ?? '2'));
const ROUNDS = Math.max(1, Number(process.env.BENCH_FANOUT_ROUNDS ?? '5'));
const CONNECT_CONCURRENCY = 64;
const STREAM_PATH = '/api/notifications/stream';
const PUBLIC_URL = 'http://filet.banc.test';
const NODE_SCRIPT = fileURLToPath(new URL('./fanout-node.ts', import.meta.url));

function tsxLoaderUrl(): string {
  const require = createRequire(import.meta.url);
  const tsxPackage = require.resolve('tsx/package.json');
  return pathToFileURL(path.join(path.dirname(tsxPackage), 'dist', 'loader.mjs')).href;
}

/** A Filet server process and a way to wait for its next report of a given type. */
class FiletNode {
  readonly child: ChildProcess;
  readonly #waiters: Array<{
    type: NodeReport['type'];
    resolve: (r: NodeReport) => void;
    reject: (e: Error) => void;
  }> = [];

  constructor(env: Record<string, string>, hardLimit: number) {
    const raise = Number.isFinite(hardLimit) ? `ulimit -n ${hardLimit} 2>/dev/null; ` : '';
    this.child = spawn(
      'sh',
      ['-c', `${raise}exec "$0" "$@"`, process.execPath, '--import', tsxLoaderUrl(), NODE_SCRIPT],
      {
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        env: { PATH: process.env.PATH ?? '', ...env },
      },
    );
    this.child.on('message', (report: NodeReport) => {
      const index = this.#waiters.findIndex((w) => w.type === report.type);
      if (index >= 0) this.#waiters.splice(index, 1)[0]!.resolve(report);
    });
    this.child.on('exit', (code) => {
      for (const waiter of this.#waiters.splice(0)) waiter.reject(new Error(`a Filet node exited (${code})`));
    });
  }

  next<T extends NodeReport['type']>(type: T): Promise<Extract<NodeReport, { type: T }>> {
    return new Promise((resolve, reject) => {
      this.#waiters.push({ type, resolve: resolve as (r: NodeReport) => void, reject });
    });
  }

  send(command: NodeCommand): void {
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

/** Every client's arrival times of a phase, grouped by the node its streams are on. */
async function gather(
  groups: Client[][],
  phase: number,
  t0: number,
): Promise<{ all: Figures; byNode: Figures[] }> {
  const clients = groups.flat();
  const reports = clients.map((c) => c.next('received'));
  for (const c of clients) c.send({ type: 'report', phase, force: false });
  const timeout = setTimeout(() => {
    for (const c of clients) c.send({ type: 'report', phase, force: true });
  }, 30_000);
  const received = await Promise.all(reports);
  clearTimeout(timeout);
  const of = (subset: typeof received) =>
    figures(
      subset.flatMap((r) => r.times),
      t0,
      subset.reduce((sum, r) => sum + r.missing, 0),
    );
  let offset = 0;
  const byNode = groups.map((group) => {
    const subset = received.slice(offset, offset + group.length);
    offset += group.length;
    return of(subset);
  });
  return { all: of(received), byNode };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** `npm run bench` section `alerts2`. */
export async function benchTwoNodeFanout(
  engine: string,
  freshDatabase: (label: string) => Promise<Database>,
): Promise<void> {
  console.log(`\nAlert fan-out across two Filet nodes on one database (${engine})`);
  if (!process.env.DATABASE_URL) {
    console.log('  skipped: needs PostgreSQL (DATABASE_URL); PGlite is the database of one process');
    return;
  }
  const limits = openFileLimits();
  const n = CLIENTS;
  const database = await freshDatabase('fanout2');
  const databaseUrl = database.pool!.options.connectionString!;
  const env = {
    DATABASE_URL: databaseUrl,
    FILET_MASTER_KEY: randomBytes(32).toString('base64'),
    LOG_LEVEL: 'silent',
    FILET_JOBS: '0',
    PUBLIC_URL: PUBLIC_URL,
    HOST: '127.0.0.1',
    // No SMTP server: the alerts' content-free e-mails land as files in a folder of their own.
    FILET_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'filet-bench-nodes-')),
  };

  // The people, their sessions and the raiser, written by this process before the nodes start.
  const config = loadConfig(env);
  const seeding = await buildApp({ config, database, logger: false, serveWebApp: false });
  const { cookies, raiserHeaders, seedSeconds } = await seedRegion(seeding.platform, config, n);
  await seeding.close();

  const nodes = [new FiletNode(env, limits.hard), new FiletNode(env, limits.hard)];
  const ports = await Promise.all(nodes.map((node) => node.next('listening').then((r) => r.port)));
  const perNode = Math.ceil(n / 2);
  const clientsPerNode = Math.ceil(PROCS / 2);
  const groups: Client[][] = [[], []];
  const connectStarted = performance.now();
  const connected = await Promise.all(
    ports.flatMap((port, nodeIndex) => {
      const mine = cookies.slice(nodeIndex * perNode, (nodeIndex + 1) * perNode);
      const share = Math.ceil(mine.length / clientsPerNode);
      return Array.from({ length: clientsPerNode }, (_, i) => {
        const client = new Client(limits.hard);
        groups[nodeIndex]!.push(client);
        const done = client.next('connected');
        client.send({
          type: 'connect',
          host: '127.0.0.1',
          port,
          path: STREAM_PATH,
          cookies: mine.slice(i * share, (i + 1) * share),
          concurrency: CONNECT_CONCURRENCY,
        });
        return done;
      });
    }),
  );
  const clients = groups.flat();
  const open = connected.reduce((sum, c) => sum + c.open, 0);
  const failed = connected.reduce((sum, c) => sum + c.failed, 0);
  console.log(
    `  N=${n}: ${open} streams open on 2 nodes (${failed} failed${failed ? `: ${connected.find((c) => c.firstError)?.firstError}` : ''}) from ${clients.length} client processes; seeded in ${seedSeconds.toFixed(1)} s, connected in ${((performance.now() - connectStarted) / 1000).toFixed(1)} s`,
  );

  const sample = `event: notification\ndata: ${JSON.stringify({
    id: randomUUID(),
    kind: 'alerts.raised',
    params: {},
    link: `/alertes/${randomUUID()}`,
    createdAt: new Date().toISOString(),
  })}\n\n`;

  let phase = 0;
  const bare: Figures[] = [];
  const real: Figures[] = [];
  const realByNode: Figures[][] = [];
  const requestMs: number[] = [];
  try {
    for (let round = 0; round < ROUNDS; round++) {
      await arm(clients, ++phase);
      let t0 = wallClock();
      const written = nodes.map((node) => node.next('written'));
      for (const node of nodes) node.send({ type: 'bare', chunk: sample });
      await Promise.all(written);
      bare.push((await gather(groups, phase, t0)).all);
      await new Promise((resolve) => setTimeout(resolve, 300));

      await arm(clients, ++phase);
      t0 = wallClock();
      const answer = await post(ports[0]!, raiserHeaders, alertBody(), '/api/alerts');
      requestMs.push(wallClock() - t0);
      if (answer.status !== 201)
        throw new Error(`raising the alert answered ${answer.status}: ${answer.body}`);
      const arrived = await gather(groups, phase, t0);
      real.push(arrived.all);
      realByNode.push(arrived.byNode);
      // The notification rows are written after delivery: let them land before the next round.
      await new Promise((resolve) => setTimeout(resolve, 1500));
    }
  } finally {
    await Promise.all(clients.map((c) => c.close()));
    await Promise.all(nodes.map((node) => node.close()));
    rmSync(env.FILET_DATA_DIR, { recursive: true, force: true });
  }

  for (let round = 0; round < ROUNDS; round++) {
    const b = bare[round]!;
    const r = real[round]!;
    console.log(
      `  round ${round + 1}: bare loop on both nodes p99 ${fmt(b.p99)} max ${fmt(b.max)}${b.missing ? ` (${b.missing} missing)` : ''} | alert p50 ${fmt(r.p50)} p99 ${fmt(r.p99)} max ${fmt(r.max)}${r.missing ? ` (${r.missing} missing)` : ''}, raising request answered in ${fmt(requestMs[round]!)}; p99 on the raising node ${fmt(realByNode[round]![0]!.p99)}, on the other ${fmt(realByNode[round]![1]!.p99)} | p99 ratio ${(r.p99 / b.p99).toFixed(2)}`,
    );
  }
  const bareP99 = median(bare.map((b) => b.p99));
  const realP99 = median(real.map((r) => r.p99));
  console.log(
    `  median of ${ROUNDS} rounds (${engine}, 2 nodes, N=${n}): bare loop p99 ${fmt(bareP99)}, alert p99 ${fmt(realP99)}, ratio ${(realP99 / bareP99).toFixed(2)} — target ≤ 1.6× bare loop: ${realP99 <= 1.6 * bareP99 ? 'met' : 'NOT met'}`,
  );
}

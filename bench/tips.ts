import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { buildApp } from '../src/server/app.js';
import { setReceivingService } from '../src/server/modules/tips/tips.line.repository.js';
import { FORM_MIN_AGE_MS } from '../src/server/modules/tips/tips.public.routes.js';
import { FormTokens, hashReceipt } from '../src/server/modules/tips/tips.secrets.js';
import { loadConfig } from '../src/server/platform/config.js';
import { Keyring } from '../src/server/platform/crypto/keyring.js';
import { openDatabase } from '../src/server/platform/db/database.js';
import { migrate } from '../src/server/platform/db/migrate.js';

export interface TipIntakeFigures {
  seconds: number;
  acknowledged: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  failed: number;
  /** Acknowledged tips not found in the database afterwards (must be 0). */
  lost: number;
  /** Tips stored with a contact flag but no identity row, or vice versa (must be 0). */
  halfStored: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/**
 * Sustained submissions of the public tip form (urlencoded POST through the whole HTTP stack, as a
 * browser without JavaScript sends it) for `seconds`, with `concurrency` submissions in flight. Each
 * submission carries a unique marker; afterwards every acknowledged (303) submission is looked for in
 * the database by decrypting the stored content. `app` must be a built Filet app on a fresh database.
 */
export async function benchTipIntake(
  app: FastifyInstance,
  options: { seconds?: number; concurrency?: number } = {},
): Promise<TipIntakeFigures> {
  const seconds = options.seconds ?? 60;
  const concurrency = options.concurrency ?? 16;
  const { platform } = app;
  const police =
    (await platform.db
      .selectFrom('organisations')
      .select('id')
      .where('type', '=', 'police')
      .executeTakeFirst()) ??
    (await platform.db
      .insertInto('organisations')
      .values({ name: 'Service de police fictif (banc d’essai)', type: 'police', region: 'Région fictive' })
      .returning('id')
      .executeTakeFirstOrThrow());
  // The police service receives the public line (without it the form takes nothing).
  await setReceivingService(platform.db, police.id, null, platform.now());
  // Tokens as the form issues them, already old enough (the bench does not wait like a person).
  const tokens = new FormTokens(platform.keyring.derive('tip-form'), FORM_MIN_AGE_MS, 4 * 3_600_000);
  const acknowledged = new Set<string>();
  const latencies: number[] = [];
  let failed = 0;
  let counter = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;

  async function worker(index: number) {
    while (performance.now() < deadline) {
      counter += 1;
      const marker = `banc-${index}-${counter}`;
      const withContact = counter % 5 === 0;
      const body = new URLSearchParams({
        token: tokens.issue('tip', new Date(platform.now().getTime() - FORM_MIN_AGE_MS - 1000)),
        channel: 'solicitation',
        facts: `Récit fictif du banc d’essai ${marker}.`,
        where: 'Rue fictive',
        ...(withContact ? { contact: 'Coordonnées fictives' } : {}),
      }).toString();
      const t0 = performance.now();
      const response = await app.inject({
        method: 'POST',
        url: '/signalement',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: body,
        // Distinct fictitious clients, so the per-client throttle does not stop the bench.
        remoteAddress: `10.${(counter >> 16) & 255}.${(counter >> 8) & 255}.${counter & 255}`,
      });
      latencies.push(performance.now() - t0);
      if (response.statusCode === 303) acknowledged.add(marker);
      else failed += 1;
    }
  }
  await Promise.all(Array.from({ length: concurrency }, (_, i) => worker(i)));
  const elapsed = (performance.now() - started) / 1000;

  // Reconciliation: every acknowledged marker is in a stored tip; no tip is half-stored.
  const rows = await platform.db.selectFrom('tips').select(['id', 'content', 'has_identity']).execute();
  const identities = new Set(
    (await platform.db.selectFrom('tip_identities').select('tip_id').execute()).map((r) => r.tip_id),
  );
  const found = new Set<string>();
  let halfStored = 0;
  for (const row of rows) {
    const content = JSON.parse(platform.keyring.decrypt(row.content, `tips.content:${row.id}`)) as {
      facts: string;
    };
    const marker = /banc-\d+-\d+/.exec(content.facts)?.[0];
    if (marker) found.add(marker);
    if (row.has_identity !== identities.has(row.id)) halfStored += 1;
  }
  const lost = [...acknowledged].filter((m) => !found.has(m)).length;
  latencies.sort((a, b) => a - b);
  return {
    seconds: Math.round(elapsed * 10) / 10,
    acknowledged: acknowledged.size,
    perSecond: Math.round((acknowledged.size / elapsed) * 10) / 10,
    p50Ms: Math.round(percentile(latencies, 50) * 10) / 10,
    p99Ms: Math.round(percentile(latencies, 99) * 10) / 10,
    failed,
    lost,
    halfStored,
  };
}

// ——— Kill-and-restart run ———

export interface TipKillRestartFigures {
  /** Seconds of submissions while the server was up (the downtime is not counted). */
  seconds: number;
  acknowledged: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Submissions cut by the kill or sent while the server was down (never acknowledged). */
  interrupted: number;
  failed: number;
  /** Time from SIGKILL to the restarted server answering. */
  downtimeMs: number;
  receiptsShown: number;
  /** Acknowledged tips missing from the database, by marker or by receipt hash (must be 0). */
  lost: number;
  /** Stored tips missing part of what was sent: identity, attachment or answers (must be 0). */
  halfStored: number;
  /** Tips stored whose acknowledgement never reached the client (cut by the kill): allowed. */
  storedUnacknowledged: number;
}

const ROOT = fileURLToPath(new URL('../', import.meta.url));

function tsxLoader(): string {
  const require = createRequire(import.meta.url);
  return pathToFileURL(path.join(path.dirname(require.resolve('tsx/package.json')), 'dist', 'loader.mjs'))
    .href;
}

/**
 * A small real photo (what the form accepts as a picture: it is decoded and re-encoded to drop its
 * metadata, so the figures include that work).
 */
async function smallJpeg(): Promise<Buffer> {
  const width = 320;
  const height = 240;
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0; i < pixels.length; i += 1) pixels[i] = (i * 37 + (i >> 9) * 11) & 0xff;
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 90 })
    .toBuffer();
}

function multipartBody(fields: Record<string, string>, file: Buffer): { body: Buffer; type: string } {
  const boundary = `----filetbench${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  }
  chunks.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="attachments"; filename="photo.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
    ),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return { body: Buffer.concat(chunks), type: `multipart/form-data; boundary=${boundary}` };
}

/** One HTTP request from a chosen loopback address (each fictitious client its own, for the throttle). */
function request(
  port: number,
  options: { method: string; path: string; body?: Buffer; type?: string; localAddress: string },
): Promise<{ status: number; location: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: options.method,
        path: options.path,
        localAddress: options.localAddress,
        agent: false,
        headers: options.body
          ? { 'content-type': options.type, 'content-length': String(options.body.length) }
          : {},
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            location: res.headers.location,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
    if (options.body) req.end(options.body);
    else req.end();
  });
}

/** A port free now on 127.0.0.1 (the child listens on it at each start). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Sustained submissions of the public form to Filet started as a child process (`filet start`), which
 * is SIGKILLed halfway and started again while the submissions go on. Each tip carries a marker, its
 * channel answers, sometimes contact details and sometimes a picture; the receipt page is fetched after
 * each acknowledgement. Afterwards, with the server stopped, every acknowledged tip is looked for (by
 * marker, and by the keyed hash of its receipt) and every stored tip is checked whole.
 */
export async function benchTipKillRestart(options: {
  seconds: number;
  concurrency?: number;
  databaseUrl: string | null;
  dataDir: string;
}): Promise<TipKillRestartFigures> {
  const concurrency = options.concurrency ?? 16;
  const masterKey = randomBytes(32).toString('base64');
  const port = await freePort();
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    FILET_MASTER_KEY: masterKey,
    FILET_DATA_DIR: options.dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    LOG_LEVEL: 'silent',
    FILET_JOBS: '0',
    NODE_ENV: 'development',
  };
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  else delete env.DATABASE_URL;
  const config = loadConfig(env);

  // Migrate and add the police service that receives the line, then let go of the database.
  {
    const database = await openDatabase({
      databaseUrl: options.databaseUrl,
      dataDir: options.dataDir,
    });
    await migrate(database);
    const police = await database.db
      .insertInto('organisations')
      .values({ name: 'Service de police fictif (banc d’essai)', type: 'police', region: 'Région fictive' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await setReceivingService(database.db, police.id, null, new Date());
    await database.close();
  }

  let child: ChildProcess | null = null;
  const startChild = async () => {
    const started = spawn(process.execPath, ['--import', tsxLoader(), 'src/cli/main.ts', 'start'], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child = started;
    for (let i = 0; i < 600; i += 1) {
      if (started.exitCode !== null) throw new Error(`filet start exited with ${started.exitCode}`);
      try {
        const probe = await request(port, { method: 'GET', path: '/signalement', localAddress: '127.0.0.1' });
        if (probe.status === 200) return;
      } catch {
        // not listening yet
      }
      await sleep(50);
    }
    throw new Error('filet start did not answer within 30 s');
  };
  const stopChild = (signal: NodeJS.Signals) =>
    new Promise<void>((resolve) => {
      const running = child;
      if (!running || running.exitCode !== null || running.signalCode !== null) return resolve();
      running.once('exit', () => resolve());
      running.kill(signal);
    });

  const keyring = new Keyring(Buffer.from(masterKey, 'base64'));
  const tokens = new FormTokens(keyring.derive('tip-form'), FORM_MIN_AGE_MS, 4 * 3_600_000);
  const picture = await smallJpeg();
  const acknowledged = new Set<string>();
  const receipts = new Map<string, string>();
  const latencies: number[] = [];
  let interrupted = 0;
  let failed = 0;
  let counter = 0;
  let down = false;
  let downtimeMs = 0;

  await startChild();
  const started = performance.now();
  // Submissions go on for `seconds` of server uptime: the time the server is down is added.
  let deadline = started + options.seconds * 1000;

  async function worker(index: number) {
    while (down || performance.now() < deadline) {
      counter += 1;
      const n = counter;
      const marker = `banc-${index}-${n}`;
      const withContact = n % 5 === 0;
      const withPicture = n % 4 === 0;
      const fields: Record<string, string> = {
        token: tokens.issue('tip', new Date(Date.now() - FORM_MIN_AGE_MS - 1000)),
        channel: 'solicitation',
        facts: `Récit fictif du banc d’essai ${marker}${withContact ? ' [contact]' : ''}${withPicture ? ' [piece]' : ''}.`,
        q_solicitation_offered: `offre-${marker}`,
        ...(withContact ? { contact: 'Coordonnées fictives' } : {}),
      };
      const localAddress = `127.${1 + ((n >> 16) & 127)}.${(n >> 8) & 255}.${1 + (n % 250)}`;
      const payload = withPicture
        ? multipartBody(fields, picture)
        : {
            body: Buffer.from(new URLSearchParams(fields).toString()),
            type: 'application/x-www-form-urlencoded',
          };
      if (down) {
        await sleep(20);
        continue;
      }
      const t0 = performance.now();
      let response: Awaited<ReturnType<typeof request>>;
      try {
        response = await request(port, {
          method: 'POST',
          path: '/signalement',
          body: payload.body,
          type: payload.type,
          localAddress,
        });
      } catch {
        interrupted += 1;
        await sleep(20);
        continue;
      }
      if (response.status !== 303 || !response.location) {
        failed += 1;
        continue;
      }
      latencies.push(performance.now() - t0);
      acknowledged.add(marker);
      try {
        const page = await request(port, { method: 'GET', path: response.location, localAddress });
        const shown = /<strong>([\d ]{19})<\/strong>/.exec(page.body)?.[1];
        if (shown) receipts.set(marker, shown.replace(/ /g, ''));
      } catch {
        // Killed between the two requests: the receipt was never shown.
      }
    }
  }

  async function killer() {
    await sleep((options.seconds * 1000) / 2);
    const killedAt = performance.now();
    down = true;
    await stopChild('SIGKILL');
    await startChild();
    down = false;
    downtimeMs = performance.now() - killedAt;
    deadline += downtimeMs;
  }

  await Promise.all([killer(), ...Array.from({ length: concurrency }, (_, i) => worker(i))]);
  const elapsed = (performance.now() - started - downtimeMs) / 1000;
  await stopChild('SIGTERM');

  // Reconciliation with the server stopped, on the database it left.
  const database = await openDatabase({ databaseUrl: options.databaseUrl, dataDir: options.dataDir });
  const app = await buildApp({ config, database, logger: false, serveWebApp: false });
  await app.ready();
  const { platform } = app;
  const rows = await platform.db
    .selectFrom('tips')
    .select(['id', 'content', 'has_identity', 'receipt_hash'])
    .execute();
  const identities = new Set(
    (await platform.db.selectFrom('tip_identities').select('tip_id').execute()).map((r) => r.tip_id),
  );
  const pictures = new Map<string, number>();
  for (const row of await platform.db
    .selectFrom('tip_attachments as a')
    .innerJoin('files as f', 'f.id', 'a.file_id')
    .select('a.tip_id')
    .execute()) {
    pictures.set(row.tip_id, (pictures.get(row.tip_id) ?? 0) + 1);
  }
  const byMarker = new Map<string, string>();
  const byHash = new Map<string, string>();
  let halfStored = 0;
  for (const row of rows) {
    const content = JSON.parse(platform.keyring.decrypt(row.content, `tips.content:${row.id}`)) as {
      facts: string;
      answers?: Record<string, string>;
    };
    const marker = /banc-\d+-\d+/.exec(content.facts)?.[0];
    if (!marker) continue;
    byMarker.set(marker, row.id);
    byHash.set(row.receipt_hash, marker);
    const whole =
      row.has_identity === content.facts.includes('[contact]') &&
      identities.has(row.id) === row.has_identity &&
      (pictures.get(row.id) ?? 0) === (content.facts.includes('[piece]') ? 1 : 0) &&
      content.answers?.offered === `offre-${marker}`;
    if (!whole) halfStored += 1;
  }
  const secret = platform.keyring.derive('tip-receipt');
  const lostMarkers = new Set([...acknowledged].filter((m) => !byMarker.has(m)));
  for (const [marker, receipt] of receipts) {
    if (byHash.get(await hashReceipt(secret, receipt)) !== marker) lostMarkers.add(marker);
  }
  const storedUnacknowledged = [...byMarker.keys()].filter((m) => !acknowledged.has(m)).length;
  await app.close();
  await database.close();

  latencies.sort((a, b) => a - b);
  return {
    seconds: Math.round(elapsed * 10) / 10,
    acknowledged: acknowledged.size,
    perSecond: Math.round((acknowledged.size / elapsed) * 10) / 10,
    p50Ms: Math.round(percentile(latencies, 50) * 10) / 10,
    p99Ms: Math.round(percentile(latencies, 99) * 10) / 10,
    interrupted,
    failed,
    downtimeMs: Math.round(downtimeMs),
    receiptsShown: receipts.size,
    lost: lostMarkers.size,
    halfStored,
    storedUnacknowledged,
  };
}

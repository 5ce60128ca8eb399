import http from 'node:http';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../src/server/platform/db/database.js';
import { isDatabaseUnavailable } from '../src/server/platform/db/faults.js';
import type { DatabaseTimeouts } from '../src/server/platform/db/pool.js';
import { type Agent, createTestApp, type TestApp } from './support/app.js';
import { createTestDatabase, testDatabaseUrlFor } from './support/database.js';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.js';
import { openTipLine } from './support/tips.factories.js';

/**
 * PostgreSQL goes away under a running Filet — reset (a restart, a failover) or silent (a black hole)
 * — through a real TCP proxy between them. Filet must survive, answer 503 quickly in the visitor's
 * language, then recover by itself: pool, signal connection (with what it missed), jobs.
 *
 * A second app on a direct connection plays another Filet node sharing the database.
 */
const url = process.env.DATABASE_URL;
if (!url) {
  console.log(
    '[database-outage] skipped: needs PostgreSQL (DATABASE_URL); the embedded PGlite has no connection to cut',
  );
}

const TIMEOUTS: DatabaseTimeouts = { connectMs: 2_000, statementMs: 5_000, queryMs: 8_000 };
/** Generous bounds on waiting for recovery: a hang fails the test instead of stalling the run. */
const RECOVERY_MS = 45_000;

/** The process must never meet an error nobody handled. */
const faults: unknown[] = [];
const recordFault = (error: unknown) => faults.push(error);

let proxy: TcpProxy;
let t: TestApp;
let other: TestApp;
let otherDatabase: Database;
let address: string;
let clockShift = 0;

async function eventually<T>(what: string, attempt: () => Promise<T | null | undefined | false>): Promise<T> {
  const deadline = Date.now() + RECOVERY_MS;
  for (;;) {
    const value = await attempt().catch(() => null);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`still not the case after ${RECOVERY_MS} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Settles `promise` or fails naming what hung: an answer is owed while the database is away. */
function answered<T>(what: string, promise: Promise<T>, withinMs = 20_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer while the database is away: ${what}`)), withinMs);
    }),
  ]).finally(() => clearTimeout(timer));
}

interface Stream {
  events: Array<Record<string, unknown>>;
  ended: boolean;
  close(): void;
}

async function openStream(agent: Agent): Promise<Stream> {
  const response = await new Promise<http.IncomingMessage>((resolve, reject) => {
    http
      .get(new URL('/api/notifications/stream', address), { headers: { cookie: agent.cookie } }, resolve)
      .on('error', reject);
  });
  expect(response.statusCode).toBe(200);
  const stream: Stream = { events: [], ended: false, close: () => response.destroy() };
  let text = '';
  let ready: () => void = () => {};
  const opened = new Promise<void>((resolve) => {
    ready = resolve;
  });
  response.setEncoding('utf8');
  response.on('data', (chunk: string) => {
    text += chunk;
    if (text.includes('retry:')) ready();
    let end = text.indexOf('\n\n');
    while (end >= 0) {
      const block = text.slice(0, end);
      text = text.slice(end + 2);
      if (block.startsWith('event: notification')) {
        stream.events.push(JSON.parse(block.split('\n')[1]!.replace(/^data: /, '')));
      }
      end = text.indexOf('\n\n');
    }
  });
  response.on('close', () => {
    stream.ended = true;
  });
  response.on('error', () => {});
  await opened;
  return stream;
}

/** Another node notifies, as an alert or an announcement would. */
async function notifyFromOtherNode(personId: string, kind: string): Promise<void> {
  await other.platform.db
    .transaction()
    .execute((trx) => other.platform.notifier.notify(trx, personId, { kind, link: '/alertes' }));
}

async function countRows(table: 'gov_announcements' | 'tips' | 'audit_log'): Promise<number> {
  const row = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(
    otherDatabase.db,
  );
  return Number(row.rows[0]!.n);
}

/** A follow-up form of the tip line with its signed token, as a browser would have it. */
async function followUpToken(path: string): Promise<string> {
  const page = await t.app.inject({ method: 'GET', url: path });
  expect(page.statusCode).toBe(200);
  return /name="token" value="([^"]+)"/.exec(page.body)![1]!;
}

function expectOutagePage(
  response: Awaited<ReturnType<TestApp['app']['inject']>>,
  words: RegExp,
  quickExit: boolean,
) {
  expect(response.statusCode).toBe(503);
  expect(response.headers['content-type']).toMatch(/^text\/html/);
  expect(response.headers['retry-after']).toBeDefined();
  expect(response.headers['set-cookie']).toBeUndefined();
  expect(response.body).toMatch(words);
  expect(response.body).toContain('911');
  if (quickExit) expect(response.body).toContain('data-quick-exit');
  expect(response.body).not.toMatch(/ECONN|timeout|select|node_modules/i);
}

describe.skipIf(!url)('a database that goes away', () => {
  beforeAll(async () => {
    process.on('uncaughtException', recordFault);
    process.on('unhandledRejection', recordFault);
    const server = new URL(url!);
    proxy = await startTcpProxy({ host: server.hostname, port: Number(server.port || 5432) });
    const database = await createTestDatabase({ route: (direct) => proxy.route(direct), timeouts: TIMEOUTS });
    t = await createTestApp({
      database,
      config: { dbTimeouts: TIMEOUTS },
      // Tip forms must be a few seconds old when sent: the test moves this node's clock instead of waiting.
      now: () => new Date(Date.now() + clockShift),
    });
    const direct = new URL(testDatabaseUrlFor(database)!);
    direct.host = server.host;
    otherDatabase = await openDatabase({ databaseUrl: direct.toString(), dataDir: '', poolSize: 3 });
    other = await createTestApp({ database: otherDatabase });
    await openTipLine(t, await t.createOrganisation({ type: 'police', name: 'Service de police fictif' }));
    await t.platform.notifier.start();
    address = await t.app.listen({ port: 0, host: '127.0.0.1' });
  });

  afterEach(() => {
    proxy.restore();
    expect(faults.map(String)).toEqual([]);
  });

  afterAll(async () => {
    process.off('uncaughtException', recordFault);
    process.off('unhandledRejection', recordFault);
    proxy?.restore();
    await other?.app.close();
    await otherDatabase?.close();
    await t?.close();
    await proxy?.close();
  });

  it('survives a reset with queries in flight, answers 503 in the visitor’s language, then recovers and catches up', async () => {
    const reader = await t.as('table_coordinator');
    const englishReader = await t.signIn(
      await t.createPerson({ roles: ['table_coordinator'], locale: 'en-CA' }),
    );
    const revoked = await t.as('worker');
    const readerStream = await openStream(reader);
    const revokedStream = await openStream(revoked);
    const ran = new Promise<void>((resolve) => {
      t.platform.jobs.define('test.after-outage', async () => resolve());
    });
    other.platform.jobs.define('test.after-outage', async () => {});
    await t.platform.jobs.start();

    // Queries in flight on checked-out clients, one of them inside a transaction, when the reset comes.
    const inFlight = [
      sql`select pg_sleep(5)`.execute(t.platform.db),
      t.platform.db.transaction().execute(async (trx) => {
        await sql`select 1`.execute(trx);
        await sql`select pg_sleep(5)`.execute(trx);
      }),
    ].map((query) =>
      query.then(
        () => null,
        (error: unknown) => error,
      ),
    );
    await eventually('both sleeps are running', async () => {
      const running = await sql<{ n: number }>`
        select count(*)::int as n from pg_stat_activity where query like 'select pg_sleep(5)%'`.execute(
        otherDatabase.db,
      );
      return Number(running.rows[0]!.n) >= 2;
    });
    proxy.cut();
    for (const error of await Promise.all(inFlight)) expect(isDatabaseUnavailable(error)).toBe(true);

    // The staff API: a translated 503 with Retry-After, in each person's language.
    const french = await answered(
      'staff read (fr)',
      reader.inject({ method: 'GET', url: '/api/notifications', headers: { 'accept-language': 'fr-CA' } }),
    );
    expect(french.statusCode).toBe(503);
    expect(french.headers['retry-after']).toBeDefined();
    expect(french.json().error).toEqual({
      code: 'unavailable',
      message: expect.stringMatching(/temporairement indisponible/),
    });
    const english = await answered(
      'staff read (en)',
      // Their session cannot be read now: the language comes from their browser.
      englishReader.inject({
        method: 'GET',
        url: '/api/governance/announcements',
        headers: { 'accept-language': 'en-CA,en;q=0.8' },
      }),
    );
    expect(english.statusCode).toBe(503);
    expect(english.json().error.message).toMatch(/temporarily unavailable/);

    // The public pages: a page in the visitor's language that points to 911, quick exit included.
    const receipt = '1234 5678 9012 3456';
    for (const [path, words] of [
      ['/signalement/suivi', /temporairement indisponible/],
      ['/en/report/follow-up', /temporarily unavailable/],
    ] as const) {
      const token = await followUpToken(path);
      const page = await answered(
        `tip follow-up ${path}`,
        t.app.inject({
          method: 'POST',
          url: path,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: new URLSearchParams({ token, receipt }).toString(),
        }),
      );
      expectOutagePage(page, words, true);
    }
    expectOutagePage(
      await answered('certificate page', t.app.inject({ method: 'GET', url: '/certificats/ABCD-2345' })),
      /temporairement indisponible/,
      false,
    );
    expectOutagePage(
      await answered(
        'certificate page (en)',
        t.app.inject({ method: 'GET', url: '/en/certificates/ABCD-2345' }),
      ),
      /temporarily unavailable/,
      false,
    );

    expect((await t.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(503);
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);

    // Meanwhile, on another node: a session is revoked, a notification and an e-mail are committed.
    // Their signals cannot reach this node.
    await other.platform.db
      .transaction()
      .execute((trx) => other.platform.sessions.revoke(trx, revoked.sessionId, 'test'));
    await notifyFromOtherNode(reader.person.id, 'test.during_outage');
    await other.platform.db.transaction().execute((trx) =>
      other.platform.notifier.queueEmail(trx, {
        to: 'personne@exemple.test',
        locale: 'fr-CA',
        template: 'password_reset',
        params: { name: 'Personne fictive', link: 'https://filet.test/x' },
      }),
    );

    proxy.restore();
    await eventually('ready again', async () => (await t.app.inject({ url: '/readyz' })).statusCode === 200);
    expect((await reader.inject({ method: 'GET', url: '/api/notifications' })).statusCode).toBe(200);

    // What the lost signals said is honoured: the revoked session's stream is closed and the session
    // refused; the notification reaches the open stream; the e-mail leaves the outbox.
    await eventually('the revoked session lost its stream', async () => revokedStream.ended);
    expect((await revoked.inject({ method: 'GET', url: '/api/notifications' })).statusCode).toBe(401);
    await eventually('the notification of the outage arrived', async () =>
      readerStream.events.some((event) => event.kind === 'test.during_outage'),
    );
    await eventually('the e-mail was sent', async () => {
      const row = await otherDatabase.db
        .selectFrom('email_outbox')
        .select('sent_at')
        .where('kind', '=', 'password_reset')
        .executeTakeFirst();
      return Boolean(row?.sent_at);
    });

    // Signals flow again, and the scheduler picks up work.
    await notifyFromOtherNode(reader.person.id, 'test.after_outage');
    await eventually('a notification after the outage arrived', async () =>
      readerStream.events.some((event) => event.kind === 'test.after_outage'),
    );
    expect(readerStream.events.filter((event) => event.kind === 'test.during_outage')).toHaveLength(1);
    await other.platform.jobs.enqueue(other.platform.db, 'test.after-outage');
    await answered('the job after the outage', ran, RECOVERY_MS);
    await t.platform.jobs.stop();
    readerStream.close();
  });

  it('answers within its time-outs while the database is silent, and recovers', async () => {
    const reader = await t.as('table_coordinator');
    const stream = await openStream(reader);
    // Warm the pool so requests meet connections that stop answering, not only new ones that never open.
    await Promise.all(
      Array.from({ length: 5 }, () => reader.inject({ method: 'GET', url: '/api/notifications' })),
    );

    proxy.freeze();
    const ready = await answered('readyz', t.app.inject({ method: 'GET', url: '/readyz' }), 5_000);
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toEqual({ status: 'unavailable', reason: 'database_unreachable' });
    // More requests than the pool has connections: every one of them is answered, none hangs.
    const reads = await answered(
      'staff reads',
      Promise.all(
        Array.from({ length: 8 }, () =>
          reader.inject({
            method: 'GET',
            url: '/api/notifications',
            headers: { 'accept-language': 'en-CA' },
          }),
        ),
      ),
    );
    for (const read of reads) {
      expect(read.statusCode).toBe(503);
      expect(read.json().error.code).toBe('unavailable');
    }
    const token = await followUpToken('/signalement/suivi');
    expectOutagePage(
      await answered(
        'tip follow-up',
        t.app.inject({
          method: 'POST',
          url: '/signalement/suivi',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: new URLSearchParams({ token, receipt: '1234 5678 9012 3456' }).toString(),
        }),
      ),
      /temporairement indisponible/,
      true,
    );
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);

    proxy.restore();
    await eventually('ready again', async () => (await t.app.inject({ url: '/readyz' })).statusCode === 200);
    await eventually('staff reads work again', async () =>
      (await reader.inject({ method: 'GET', url: '/api/notifications' })).statusCode === 200 ? true : null,
    );
    await notifyFromOtherNode(reader.person.id, 'test.after_freeze');
    await eventually('a notification after the freeze arrived', async () =>
      stream.events.some((event) => event.kind === 'test.after_freeze'),
    );
    stream.close();
  });

  it('never half-writes: a transaction cut before its commit leaves nothing, and says so', async () => {
    const coordinator = await t.as('table_coordinator');
    const announcements = await countRows('gov_announcements');
    const audit = await countRows('audit_log');
    const payload = {
      titleFr: 'Annonce coupée',
      titleEn: 'Cut announcement',
      bodyFr: 'Corps',
      bodyEn: 'Body',
      audience: 'pivots',
    };
    for (const marker of ['insert into "audit_log"', 'commit\0']) {
      const cut = proxy.cutWhen(marker);
      const created = await answered(
        `announcement cut at ${marker}`,
        coordinator.inject({ method: 'POST', url: '/api/governance/announcements', payload }),
      );
      await cut;
      expect(created.statusCode).toBe(503);
      proxy.restore();
      expect(await countRows('gov_announcements')).toBe(announcements);
      expect(await countRows('audit_log')).toBe(audit);
    }

    // A tipster is never handed a receipt for a tip that was not stored.
    const tips = await countRows('tips');
    const form = await t.app.inject({ method: 'GET', url: '/signalement' });
    const token = /name="token" value="([^"]+)"/.exec(form.body)![1]!;
    clockShift += 10_000;
    const cut = proxy.cutWhen('commit\0');
    const sent = await answered(
      'tip cut at its commit',
      t.app.inject({
        method: 'POST',
        url: '/signalement',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ token, channel: 'place', facts: 'Des faits fictifs.' }).toString(),
      }),
    );
    await cut;
    expectOutagePage(sent, /temporairement indisponible/, true);
    expect(sent.headers.location).toBeUndefined();
    proxy.restore();
    expect(await countRows('tips')).toBe(tips);

    // And once the database is back, the same write succeeds.
    await eventually('ready again', async () => (await t.app.inject({ url: '/readyz' })).statusCode === 200);
    const created = await coordinator.inject({
      method: 'POST',
      url: '/api/governance/announcements',
      payload,
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(await countRows('gov_announcements')).toBe(announcements + 1);
  });
});

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { openTipLine } from '../../../../test/support/tips.factories.js';

const TOKEN = 'jeton-de-supervision-fictif-0123456789abcdef';
const BEARER = { authorization: `Bearer ${TOKEN}` };

let clock = new Date('2026-03-10T14:23:17Z');
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ config: { metricsToken: TOKEN }, now: () => clock });
});
afterAll(async () => {
  await t.close();
});

/** The Filet series of a scrape (the process's own CPU and memory figures move on their own). */
async function filetSeries(): Promise<string[]> {
  const response = await t.app.inject({ method: 'GET', url: '/metrics', headers: BEARER });
  expect(response.statusCode).toBe(200);
  return response.body.split('\n').filter((line) => line.startsWith('filet_'));
}

describe('operations endpoints', () => {
  it('reports liveness and readiness', async () => {
    const health = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ status: 'ok' });
    const ready = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
  });

  it('exposes Prometheus metrics labelled by route pattern, never by identifier', async () => {
    const agent = await t.as('worker');
    await agent.inject({ method: 'GET', url: `/api/people/${agent.person.id}` });
    await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'personne@exemple.test', password: 'x' },
    });
    const metrics = await t.app.inject({ method: 'GET', url: '/metrics', headers: BEARER });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.headers['content-type']).toContain('text/plain');
    expect(metrics.body).toContain('/api/people/:id');
    expect(metrics.body).toContain('route="/api/auth/login"');
    expect(metrics.body).not.toContain(agent.person.id);
    expect(metrics.body).not.toContain('exemple.test');
    expect(metrics.body).toMatch(/process_cpu_user_seconds_total/);
  });

  it('refuses a scrape without the token, with a wrong one, or with the token outside a bearer header', async () => {
    for (const headers of [
      {},
      { authorization: 'Bearer mauvais-jeton-0123456789abcdef0123456789' },
      { authorization: `Bearer ${TOKEN}x` },
      { authorization: `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}` },
      { authorization: TOKEN },
    ]) {
      const response = await t.app.inject({ method: 'GET', url: '/metrics', headers });
      expect(response.statusCode).toBe(401);
      expect(response.headers['www-authenticate']).toContain('Bearer');
      expect(response.body).not.toContain('filet_');
    }
    const lower = await t.app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: `bearer ${TOKEN}` },
    });
    expect(lower.statusCode).toBe(200);
  });

  it('answers 404 when no token is configured, and is open in the demo', async () => {
    const closed = await createTestApp();
    onTestFinished(() => closed.close());
    expect((await closed.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(404);
    const guess = await closed.app.inject({ method: 'GET', url: '/metrics', headers: BEARER });
    expect(guess.statusCode).toBe(404);
    expect(guess.body).not.toContain('filet_');

    const demo = await createTestApp({ config: { demo: true }, database: closed.database });
    onTestFinished(() => demo.app.close());
    const open = await demo.app.inject({ method: 'GET', url: '/metrics' });
    expect(open.statusCode).toBe(200);
    expect(open.body).toContain('filet_jobs_queued');
  });

  it('shows nothing of a tip before the hour is over, then only the hour’s total', async () => {
    await openTipLine(t, await t.createOrganisation({ type: 'police', name: 'Service de police fictif' }));
    const form = await t.app.inject({ method: 'GET', url: '/signalement' });
    const token = /name="token" value="([^"]+)"/.exec(form.body)?.[1];
    expect(token).toBeDefined();
    clock = new Date(clock.getTime() + 10_000);
    const before = await filetSeries();
    const sent = await t.app.inject({
      method: 'POST',
      url: '/signalement',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        token: token!,
        channel: 'place',
        facts: 'Des jeunes fictifs sont abordés près d’un parc fictif.',
      }).toString(),
    });
    expect(sent.statusCode).toBe(303);
    const receipt = await t.app.inject({ method: 'GET', url: String(sent.headers.location) });
    expect(receipt.statusCode).toBe(200);
    clock = new Date(clock.getTime() + 60_000);
    // Nothing moved: neither a request counter, a duration, nor the hourly total (the hour is not over).
    expect(await filetSeries()).toEqual(before);
    expect(before.join('\n')).not.toContain('/signalement');

    clock = new Date('2026-03-10T15:00:01Z');
    const after = (await filetSeries()).join('\n');
    expect(after).toContain(
      'filet_public_requests_hourly_total{method="POST",route="/signalement",status="3xx"} 1',
    );
    expect(after).toContain(
      'filet_public_requests_hourly_total{method="GET",route="/signalement",status="2xx"} 1',
    );
    expect(after).not.toMatch(/filet_http_request[^\n]*route="\/signalement/);
  });

  it('answers 503 within its bound when the database does not answer, then 200 again', async () => {
    // A transaction holds the migrations ledger locked (on PGlite, its only connection): the check
    // cannot finish, and readiness must still answer.
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let locked: () => void = () => {};
    const isLocked = new Promise<void>((resolve) => {
      locked = resolve;
    });
    const holder = t.platform.db.transaction().execute(async (trx) => {
      await sql`lock table schema_migrations in access exclusive mode`.execute(trx);
      locked();
      await held;
    });
    await isLocked;
    try {
      const probes = await Promise.all([
        t.app.inject({ method: 'GET', url: '/readyz' }),
        t.app.inject({ method: 'GET', url: '/readyz' }),
      ]);
      for (const probe of probes) {
        expect(probe.statusCode).toBe(503);
        expect(probe.json()).toEqual({ status: 'unavailable', reason: 'database_unreachable' });
      }
      expect((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    } finally {
      release();
      await holder;
    }
    expect((await t.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
  });

  it('reports not ready when a migration is missing', async () => {
    await sql`delete from schema_migrations where name = '0003_jobs_and_notifications.sql'`.execute(
      t.platform.db,
    );
    const ready = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json().status).toBe('unavailable');
    expect(ready.body).not.toMatch(/select|sql|\/work|node_modules/i);
  });
});

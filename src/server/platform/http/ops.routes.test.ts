import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('operations endpoints', () => {
  it('reports liveness and readiness', async () => {
    const health = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ status: 'ok' });
    const ready = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
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

  it('exposes Prometheus metrics labelled by route pattern, never by identifier', async () => {
    const agent = await t.as('worker');
    await agent.inject({ method: 'GET', url: `/api/people/${agent.person.id}` });
    await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'personne@exemple.test', password: 'x' },
    });
    const metrics = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.headers['content-type']).toContain('text/plain');
    expect(metrics.body).toContain('/api/people/:id');
    expect(metrics.body).not.toContain(agent.person.id);
    expect(metrics.body).not.toContain('exemple.test');
    expect(metrics.body).toMatch(/process_cpu_user_seconds_total/);
  });
});

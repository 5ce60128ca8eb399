import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { testDatabaseUrlFor } from '../../../../test/support/database.js';
import { SESSION_CHANNEL, SessionStore } from './session-store.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

/** Revokes a session by writing its row directly, not through a session store. */
async function revokeInDatabase(sessionId: string) {
  await t.platform.db
    .updateTable('sessions')
    .set({ revoked_at: new Date(), revoke_reason: 'test' })
    .where('id', '=', sessionId)
    .execute();
}

describe('session store', () => {
  it('does not cache a session read while an eviction (a revocation elsewhere) went by', async () => {
    const agent = await t.as('worker');
    const token = agent.cookie.split('=')[1]!;
    let store!: SessionStore;
    let evictDuringRead = false;
    // The revocation's signal arrives while the read is on its way back: the row read is already stale.
    const db = t.platform.db.withPlugin({
      transformQuery: (args) => args.node,
      transformResult: async (args) => {
        if (evictDuringRead) {
          evictDuringRead = false;
          store.forget(`session:${agent.sessionId}`);
        }
        return args.result;
      },
    });
    store = new SessionStore({
      database: { ...t.database, db },
      keyring: t.platform.keyring,
      now: () => new Date(),
    });

    evictDuringRead = true;
    expect((await store.resolve(token)).ok).toBe(true);
    // The revocation as the database now holds it; a cached copy would still answer yes.
    await revokeInDatabase(agent.sessionId);
    expect(await store.resolve(token)).toEqual({ ok: false, reason: 'unknown' });
  });

  it('caches a session read without eviction (the next request does not ask the database)', async () => {
    const agent = await t.as('worker');
    const token = agent.cookie.split('=')[1]!;
    const store = new SessionStore({
      database: t.database,
      keyring: t.platform.keyring,
      now: () => new Date(),
    });
    expect((await store.resolve(token)).ok).toBe(true);
    await revokeInDatabase(agent.sessionId);
    // Within the cache's lifetime the revocation is known only through its signal (forget).
    expect((await store.resolve(token)).ok).toBe(true);
    store.forget(`session:${agent.sessionId}`);
    expect(await store.resolve(token)).toEqual({ ok: false, reason: 'unknown' });
  });
});

// On PGlite a read outside a transaction waits for it (one connection), so the race needs PostgreSQL.
describe.skipIf(!process.env.DATABASE_URL)('session store while a change is being written', () => {
  // The signals as PostgreSQL sends them, heard on a connection of the test's own.
  const signals = {
    client: null as pg.Client | null,
    heard: [] as string[],
    async start() {
      this.client = new pg.Client({ connectionString: testDatabaseUrlFor(t.database)! });
      await this.client.connect();
      this.client.on('notification', (message) => {
        if (message.payload) this.heard.push(message.payload);
      });
      await this.client.query(`listen ${SESSION_CHANNEL}`);
    },
    /** The first signal heard starting with `prefix` (waiting up to 5 s for it). */
    async next(prefix: string): Promise<string> {
      for (let waited = 0; waited < 5_000; waited += 20) {
        const index = this.heard.findIndex((payload) => payload.startsWith(prefix));
        if (index >= 0) return this.heard.splice(index, 1)[0]!;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error(`no signal ${prefix}… within 5 s`);
    },
  };
  beforeAll(() => signals.start());
  afterAll(() => signals.client?.end());

  it('does not cache a session read while its revocation is being written: the next request after the commit sees it', async () => {
    const agent = await t.as('worker');
    const token = agent.cookie.split('=')[1]!;
    // A store of its own, deaf to the database's signals: only its own eviction and the commit count.
    const store = new SessionStore({
      database: t.database,
      keyring: t.platform.keyring,
      now: () => new Date(),
    });
    expect((await store.resolve(token)).ok).toBe(true);
    await t.platform.db.transaction().execute(async (trx) => {
      expect(await store.revoke(trx, agent.sessionId, 'test')).toBe(true);
      // Another request of the same person, read outside the transaction before it commits.
      expect((await store.resolve(token)).ok).toBe(true);
    });
    // Committed: the answer read during the transaction was not kept.
    expect(await store.resolve(token)).toEqual({ ok: false, reason: 'unknown' });
  });

  it('does not cache a person’s sessions while a change of their roles is being written', async () => {
    const agent = await t.as('pivot');
    const token = agent.cookie.split('=')[1]!;
    const store = new SessionStore({
      database: t.database,
      keyring: t.platform.keyring,
      now: () => new Date(),
    });
    const before = await store.resolve(token);
    expect(before.ok && before.actor.roles).toContain('pivot');
    await t.platform.db.transaction().execute(async (trx) => {
      await trx
        .deleteFrom('person_roles')
        .where('person_id', '=', agent.person.id)
        .where('role', '=', 'pivot')
        .execute();
      await store.refreshPerson(trx, agent.person.id);
      const during = await store.resolve(token);
      expect(during.ok && during.actor.roles).toContain('pivot');
    });
    const after = await store.resolve(token);
    expect(after.ok).toBe(true);
    expect(after.ok && after.actor.roles).not.toContain('pivot');
    // Once the change's signal comes back, its sessions are cached again.
    store.forget(await signals.next(`refresh:${agent.person.id}:`));
    await store.resolve(token);
    await t.platform.db
      .updateTable('sessions')
      .set({ revoked_at: new Date(), revoke_reason: 'test' })
      .where('id', '=', agent.sessionId)
      .execute();
    expect((await store.resolve(token)).ok).toBe(true);
  });

  it('keeps waiting for its own change’s signal when another process’s change to the same person signals first', async () => {
    const agent = await t.as('pivot');
    const token = agent.cookie.split('=')[1]!;
    const store = new SessionStore({
      database: t.database,
      keyring: t.platform.keyring,
      now: () => new Date(),
    });
    expect((await store.resolve(token)).ok).toBe(true);
    await t.platform.db.transaction().execute(async (trx) => {
      await trx
        .deleteFrom('person_roles')
        .where('person_id', '=', agent.person.id)
        .where('role', '=', 'pivot')
        .execute();
      await store.refreshPerson(trx, agent.person.id);
      // Another process changed the same person and its signal arrives before this change commits.
      store.forget(`refresh:${agent.person.id}:elsewhere`);
      // A request read meanwhile sees the old roles; it must not be kept past the commit.
      const during = await store.resolve(token);
      expect(during.ok && during.actor.roles).toContain('pivot');
    });
    const after = await store.resolve(token);
    expect(after.ok && after.actor.roles).not.toContain('pivot');
    store.forget(await signals.next(`refresh:${agent.person.id}:`));
  });
});

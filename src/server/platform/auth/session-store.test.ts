import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { SessionStore } from './session-store.js';

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

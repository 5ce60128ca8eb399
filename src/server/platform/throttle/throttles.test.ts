import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../test/support/database.js';
import { Keyring } from '../crypto/keyring.js';
import type { Database } from '../db/database.js';
import { checkWindow, Throttles } from './throttles.js';

/**
 * The shared throttles on a real database: two instances stand for two Filet processes (or one
 * process before and after a restart); a clock the test moves drives the windows and the hourly keys.
 */

let database: Database;
let clock = new Date('2026-04-02T10:20:00Z');
const now = () => clock;
const secret = new Keyring(Buffer.alloc(32, 9)).derive('throttle');
const node = () => new Throttles({ db: database.db, secret, now });

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});

async function rowsAsText(): Promise<string> {
  const rows = await sql<{ row: string }>`
    select x::text as row from throttle_counters x
    union all select y::text from throttle_keys y`.execute(database.db);
  return rows.rows.map((r) => r.row).join('\n');
}

describe('shared throttles', () => {
  it('count each client across processes and restarts, per window', async () => {
    const limit = { max: 3, windowMs: 60_000 };
    const [a, b] = [node(), node()];
    expect((await a.take('test.login', '198.51.100.1', limit)).allowed).toBe(true);
    expect((await b.take('test.login', '198.51.100.1', limit)).allowed).toBe(true);
    expect((await a.take('test.login', '198.51.100.1', limit)).hits).toBe(3);
    // The fourth, on the other process, is over the limit; another client is not.
    const fourth = await b.take('test.login', '198.51.100.1', limit);
    expect(fourth).toMatchObject({ allowed: false, hits: 4 });
    expect(fourth.resetMs).toBe(60_000);
    expect((await b.take('test.login', '198.51.100.2', limit)).allowed).toBe(true);
    // Another bucket counts on its own.
    expect((await b.take('test.other', '198.51.100.1', limit)).allowed).toBe(true);
    // A restarted process still sees the count.
    expect((await node().take('test.login', '198.51.100.1', limit)).allowed).toBe(false);
    // The next window starts afresh.
    clock = new Date(clock.getTime() + 60_000);
    expect((await a.take('test.login', '198.51.100.1', limit)).hits).toBe(1);
  });

  it('hold a ceiling for everyone together, and group IPv6 clients by /64', async () => {
    const limit = { max: 5, windowMs: 600_000, globalMax: 3 };
    const a = node();
    expect((await a.take('test.global', '203.0.113.1', limit)).allowed).toBe(true);
    expect((await a.take('test.global', '203.0.113.2', limit)).allowed).toBe(true);
    expect((await node().take('test.global', '203.0.113.3', limit)).allowed).toBe(true);
    expect((await a.take('test.global', '203.0.113.4', limit)).allowed).toBe(false);

    const v6 = { max: 1, windowMs: 60_000 };
    expect((await a.take('test.v6', '2001:db8:1:2::a', v6)).allowed).toBe(true);
    expect((await a.take('test.v6', '2001:db8:1:2:ffff::b', v6)).allowed).toBe(false);
    expect((await a.take('test.v6', '2001:db8:1:3::a', v6)).allowed).toBe(true);
  });

  it('store no address, and forget which address a counter was once its hour is over', async () => {
    const limit = { max: 10, windowMs: 60_000 };
    const address = '192.0.2.77';
    const a = node();
    await a.take('test.private', address, limit);
    const text = await rowsAsText();
    expect(text).not.toContain(address);
    expect(text).not.toContain('192.0.2');
    const subject = async () =>
      (
        await database.db
          .selectFrom('throttle_counters')
          .select('subject')
          .where('bucket', '=', 'test.private')
          .orderBy('window_start', 'desc')
          .executeTakeFirstOrThrow()
      ).subject;
    const before = await subject();
    const hour = (d: Date) => new Date(Math.floor(d.getTime() / 3_600_000) * 3_600_000);
    const previousHour = hour(clock);
    expect(await database.db.selectFrom('throttle_keys').select('period_start').execute()).toEqual([
      { period_start: previousHour },
    ]);

    // The next hour: a new key, so the same address is another subject; the last hour's nonce is gone
    // as soon as a process works in the new hour (even without the cleanup job).
    clock = new Date(previousHour.getTime() + 3_600_000 + 5_000);
    await node().take('test.private', address, limit);
    expect(await subject()).not.toBe(before);
    const keys = await database.db.selectFrom('throttle_keys').select('period_start').execute();
    expect(keys).toEqual([{ period_start: hour(clock) }]);
    // The counters of past windows went with it.
    const old = await database.db
      .selectFrom('throttle_counters')
      .select('subject')
      .where('expires_at', '<=', clock)
      .execute();
    expect(old).toEqual([]);
  });

  it('cleans up counters whose window is over', async () => {
    const a = node();
    await a.take('test.cleanup', '198.51.100.9', { max: 1, windowMs: 60_000 });
    clock = new Date(clock.getTime() + 120_000);
    expect(await a.cleanup()).toBeGreaterThan(0);
    const left = await database.db
      .selectFrom('throttle_counters')
      .select('bucket')
      .where('bucket', '=', 'test.cleanup')
      .execute();
    expect(left).toEqual([]);
  });

  it('refuse a window that does not divide an hour', () => {
    expect(() => checkWindow(7 * 60_000)).toThrow(/divide an hour/);
    expect(() => checkWindow(2 * 3_600_000)).toThrow(/divide an hour/);
    expect(() => checkWindow(10 * 60_000)).not.toThrow();
  });
});

import { createHmac, randomBytes } from 'node:crypto';
import { normalizeIP } from '@fastify/rate-limit';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import * as repo from './throttle.repository.js';

/** How long one throttle key lives: every window lies inside one period, so a window never changes key. */
export const THROTTLE_PERIOD_MS = 60 * 60_000;

export interface Limit {
  /** Hits allowed to one client in one window. */
  max: number;
  /** Length of a window; must divide an hour (one minute, ten minutes, an hour...). */
  windowMs: number;
  /** Hits allowed to every client together in one window; none when absent. */
  globalMax?: number;
}

export interface Taken {
  allowed: boolean;
  /** The client's hits in this window, this one included. */
  hits: number;
  /** Milliseconds until the window ends. */
  resetMs: number;
}

/** Refuses a window that would straddle two throttle keys (or never end). */
export function checkWindow(windowMs: number): void {
  if (!Number.isInteger(windowMs) || windowMs < 1000 || THROTTLE_PERIOD_MS % windowMs !== 0) {
    throw new Error(`throttle window of ${windowMs} ms: it must divide an hour (e.g. 60000, 600000)`);
  }
}

/**
 * Request throttles shared by every Filet process through PostgreSQL: fixed windows counted by one
 * atomic upsert, so limits hold across nodes and restarts. A client is the keyed hash of its address
 * (IPv6 grouped by /64); the key changes every hour and the value it derives from is deleted once the
 * hour is over, so a counter can be linked to an address only during its own hour and only with the
 * master key. No address is ever written anywhere.
 */
export class Throttles {
  readonly #db: Kysely<DB>;
  readonly #secret: Buffer;
  readonly #now: () => Date;
  #period: { start: number; key: Promise<Buffer> } | null = null;

  constructor(options: { db: Kysely<DB>; secret: Buffer; now: () => Date }) {
    this.#db = options.db;
    this.#secret = options.secret;
    this.#now = options.now;
  }

  /**
   * Counts one hit of `clientAddress` in `bucket` and says whether it stays within `limit`. Throws only
   * when the database does (the caller's error handling applies).
   */
  async take(bucket: string, clientAddress: string, limit: Limit): Promise<Taken> {
    checkWindow(limit.windowMs);
    const now = this.#now().getTime();
    const key = await this.#keyOf(now);
    const subject = createHmac('sha256', key)
      .update(`${bucket}\n${normalizeIP(clientAddress)}`)
      .digest('base64url')
      .slice(0, 22);
    const windowStart = Math.floor(now / limit.windowMs) * limit.windowMs;
    const expiresAt = windowStart + limit.windowMs;
    const subjects = limit.globalMax === undefined ? [subject] : [subject, '*'];
    const counts = await repo.countHits(
      this.#db,
      bucket,
      subjects,
      new Date(windowStart),
      new Date(expiresAt),
    );
    const hits = counts.get(subject) ?? 1;
    const everyone = counts.get('*') ?? 0;
    return {
      allowed: hits <= limit.max && (limit.globalMax === undefined || everyone <= limit.globalMax),
      hits,
      resetMs: expiresAt - now,
    };
  }

  /** Deletes counters whose window is over and the nonces of past hours; returns the rows deleted. */
  async cleanup(): Promise<number> {
    const now = this.#now();
    const periodStart = new Date(Math.floor(now.getTime() / THROTTLE_PERIOD_MS) * THROTTLE_PERIOD_MS);
    return (
      (await repo.deleteExpiredCounters(this.#db, now)) +
      (await repo.deleteNoncesBefore(this.#db, periodStart))
    );
  }

  /** The key of the hour holding `now`: read (or written) once per hour and process. */
  #keyOf(now: number): Promise<Buffer> {
    const start = Math.floor(now / THROTTLE_PERIOD_MS) * THROTTLE_PERIOD_MS;
    if (this.#period?.start === start) return this.#period.key;
    const key = (async () => {
      const nonce = await repo.periodNonce(this.#db, new Date(start), randomBytes(32).toString('base64url'));
      // The first process into a new hour destroys the previous hours' nonces at once, even where no
      // process runs the cleanup job.
      await this.cleanup();
      return createHmac('sha256', this.#secret).update(nonce).digest();
    })();
    this.#period = { start, key };
    // A failed read is not kept: the next request tries again.
    key.catch(() => {
      if (this.#period?.key === key) this.#period = null;
    });
    return key;
  }
}

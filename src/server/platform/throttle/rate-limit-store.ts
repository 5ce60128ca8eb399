import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import { checkWindow, type Throttles } from './throttles.js';

interface RouteLimitOptions {
  timeWindow?: unknown;
  routeInfo?: { method?: unknown; url?: unknown };
}

/**
 * A store for `@fastify/rate-limit` backed by the shared throttles: each route with a `rateLimit`
 * config counts in its own bucket (`POST /api/auth/login`), in PostgreSQL, so the limit is the same
 * whichever process answers. A route whose window does not divide an hour stops the start.
 */
export function sharedRateLimitStore(throttles: Throttles): FastifyRateLimitStoreCtor {
  class SharedRateLimitStore implements FastifyRateLimitStore {
    readonly #bucket: string;

    constructor(_options?: unknown, bucket = 'global') {
      this.#bucket = bucket;
    }

    incr(
      key: string,
      callback: (error: Error | null, result?: { current: number; ttl: number }) => void,
      timeWindow: number,
      max: number,
    ): void {
      throttles.take(this.#bucket, key, { max, windowMs: timeWindow }).then(
        (taken) => callback(null, { current: taken.hits, ttl: taken.resetMs }),
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    }

    child(options: unknown): FastifyRateLimitStore {
      const route = options as RouteLimitOptions;
      if (typeof route.timeWindow === 'number') checkWindow(route.timeWindow);
      const methods = [route.routeInfo?.method].flat().map((m) => (m === 'HEAD' ? 'GET' : String(m)));
      return new SharedRateLimitStore(undefined, `${methods.join(',')} ${String(route.routeInfo?.url)}`);
    }
  }
  return SharedRateLimitStore;
}

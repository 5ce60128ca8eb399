import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { sql } from 'kysely';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { MigrationError, pendingMigrations, readMigrations } from '../db/migrate.js';
import { AppError } from '../errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * How the route's requests are counted in `/metrics`. `hourly` (the default of public routes):
     * only in a total published once the hour is over, so no scrape can date one visitor's act (a
     * tip, a follow-up, an outside professional's answer); `live` (the default of every other route):
     * per request, with durations; `none`: not counted (the operations endpoints themselves).
     */
    metrics?: 'live' | 'hourly' | 'none';
  }
}

const HOUR_MS = 3_600_000;

type Labels = { method: string; route: string; status: string };

/**
 * Requests of public pages, kept in memory for the current clock hour and added to a counter only
 * once that hour is over: a scrape shows totals up to the last hour boundary and nothing finer, like
 * the hour-rounded times the tip line stores.
 */
class HourlyTally {
  private hour: number;
  private readonly pending = new Map<string, { labels: Labels; count: number }>();

  constructor(
    private readonly now: () => Date,
    private readonly publish: (labels: Labels, count: number) => void,
  ) {
    this.hour = Math.floor(now().getTime() / HOUR_MS);
  }

  add(labels: Labels): void {
    this.roll();
    const key = `${labels.method} ${labels.route} ${labels.status}`;
    const entry = this.pending.get(key);
    if (entry) entry.count += 1;
    else this.pending.set(key, { labels, count: 1 });
  }

  /** Publishes the totals of hours that are over. */
  roll(): void {
    const hour = Math.floor(this.now().getTime() / HOUR_MS);
    if (hour <= this.hour) return;
    for (const { labels, count } of this.pending.values()) this.publish(labels, count);
    this.pending.clear();
    this.hour = hour;
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** True when the request carries `Authorization: Bearer <token>`, compared in constant time. */
function bearerMatches(request: FastifyRequest, token: string): boolean {
  const header = request.headers.authorization ?? '';
  const sent = /^Bearer[ ]+(\S+)\s*$/i.exec(header)?.[1];
  if (!sent) return false;
  // Digests have one length whatever was sent, so the comparison time tells nothing of the token.
  return timingSafeEqual(digest(sent), digest(token));
}

const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** `/readyz` answers within this long whatever the database does (an orchestrator waits 1–2 s). */
export const READY_CHECK_MS = 1_500;

type NotReady = 'database_unreachable' | 'migrations_pending' | 'migrations_changed';

function statusClass(code: number): string {
  return `${Math.floor(code / 100)}xx`;
}

/**
 * Operations endpoints for orchestrators and monitoring: liveness (`/healthz`), readiness
 * (`/readyz`: the database answers and no migration is pending) and Prometheus metrics (`/metrics`).
 * Metric labels are route patterns and status classes only, never ids, addresses or raw URLs.
 * `/metrics` needs the bearer token of FILET_METRICS_TOKEN (401 otherwise); without one it answers
 * 404, except in demo mode where it is open. Public routes are counted only per hour (see
 * `HourlyTally`). Registered without encapsulation so its request hook counts every route of the app.
 */
export const opsRoutes: FastifyPluginAsync = fp(
  async (app: FastifyInstance) => {
    const { database, db } = app.platform;
    const { config } = app.platform;
    // Per app, never the global registry: tests build many apps in one process.
    const registry = new Registry();
    let defaultMetrics = false;
    // Migration files do not change while the process runs.
    const migrations = readMigrations();
    let closing = false;

    const requests = new Counter({
      name: 'filet_http_requests_total',
      help: 'HTTP requests answered, by method, route pattern and status class.',
      labelNames: ['method', 'route', 'status'] as const,
      registers: [registry],
    });
    const duration = new Histogram({
      name: 'filet_http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by method, route pattern and status class.',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });

    const publicRequests = new Counter({
      name: 'filet_public_requests_hourly_total',
      help: "Requests to public pages (tip line, outside professionals' links, certificates), by method, route pattern and status class, added once per clock hour for the hour just over.",
      labelNames: ['method', 'route', 'status'] as const,
      registers: [registry],
    });
    const hourly = new HourlyTally(app.platform.now, (labels, count) => publicRequests.inc(labels, count));

    async function countRows(query: () => Promise<{ n: number | string | bigint }>): Promise<number | null> {
      try {
        return Number((await query()).n);
      } catch (error) {
        app.log.warn({ error: (error as Error).message }, 'metrics query failed');
        return null;
      }
    }

    new Gauge({
      name: 'filet_email_outbox_pending',
      help: 'E-mails waiting in the outbox for delivery.',
      registers: [registry],
      async collect() {
        const n = await countRows(() =>
          db
            .selectFrom('email_outbox')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('sent_at', 'is', null)
            .where('failed_at', 'is', null)
            .executeTakeFirstOrThrow(),
        );
        if (n !== null) this.set(n);
      },
    });
    new Gauge({
      name: 'filet_email_outbox_failed',
      help: 'E-mails given up after every delivery attempt failed.',
      registers: [registry],
      async collect() {
        const n = await countRows(() =>
          db
            .selectFrom('email_outbox')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('failed_at', 'is not', null)
            .executeTakeFirstOrThrow(),
        );
        if (n !== null) this.set(n);
      },
    });
    new Gauge({
      name: 'filet_jobs_queued',
      help: 'Queued jobs not yet done or failed.',
      registers: [registry],
      async collect() {
        const n = await countRows(() =>
          db
            .selectFrom('job_queue')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('done_at', 'is', null)
            .where('failed_at', 'is', null)
            .executeTakeFirstOrThrow(),
        );
        if (n !== null) this.set(n);
      },
    });
    new Gauge({
      name: 'filet_jobs_failed',
      help: 'Queued jobs that failed after their last attempt.',
      registers: [registry],
      async collect() {
        const n = await countRows(() =>
          db
            .selectFrom('job_queue')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('failed_at', 'is not', null)
            .executeTakeFirstOrThrow(),
        );
        if (n !== null) this.set(n);
      },
    });

    app.addHook('onResponse', async (request, reply) => {
      const routeConfig = request.routeOptions.config ?? {};
      const mode = routeConfig.metrics ?? (routeConfig.access === 'public' ? 'hourly' : 'live');
      if (mode === 'none') return;
      const labels = {
        method: KNOWN_METHODS.has(request.method) ? request.method : 'OTHER',
        // The pattern (`/api/people/:id`), never the URL: ids must not reach the metrics.
        route: request.routeOptions.url ?? 'unmatched',
        status: statusClass(reply.statusCode),
      };
      if (mode === 'hourly') {
        hourly.add(labels);
        return;
      }
      requests.inc(labels);
      duration.observe(labels, reply.elapsedTime / 1000);
    });

    app.addHook('preClose', async () => {
      closing = true;
    });

    const hidden = {
      config: { access: 'public' as const, metrics: 'none' as const },
      schema: { hide: true },
    };

    app.get('/healthz', hidden, async () => ({ status: 'ok' }));

    /** The database answers and no migration is pending; null when ready. */
    async function readiness(): Promise<NotReady | null> {
      try {
        await sql`select 1`.execute(db);
      } catch {
        return 'database_unreachable';
      }
      try {
        const pending = await pendingMigrations(database, migrations);
        return pending.length > 0 ? 'migrations_pending' : null;
      } catch (error) {
        return error instanceof MigrationError ? 'migrations_changed' : 'database_unreachable';
      }
    }

    // One check at a time, shared by the probes that arrive meanwhile: against a silent database,
    // probes every few seconds must not each hold a connection of the pool until the query time-out.
    let running: Promise<NotReady | null> | null = null;
    function checkOnce(): Promise<NotReady | null> {
      running ??= readiness().finally(() => {
        running = null;
      });
      return running;
    }

    app.get('/readyz', hidden, async (_request, reply) => {
      if (closing) return reply.code(503).send({ status: 'unavailable', reason: 'shutting_down' });
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<NotReady>((resolve) => {
        timer = setTimeout(() => resolve('database_unreachable'), READY_CHECK_MS);
      });
      const reason = await Promise.race([checkOnce(), late]).finally(() => clearTimeout(timer));
      if (reason) return reply.code(503).send({ status: 'unavailable', reason });
      return { status: 'ok' };
    });

    app.get('/metrics', hidden, async (request, reply) => {
      if (config.metricsToken === null) {
        if (!config.demo) throw new AppError('not_found', 404);
      } else if (!bearerMatches(request, config.metricsToken)) {
        reply.header('www-authenticate', 'Bearer realm="filet-metrics"');
        throw new AppError('unauthenticated', 401);
      }
      hourly.roll();
      if (!defaultMetrics) {
        // Started on the first scrape: apps that are never scraped (tests) start no event-loop monitor.
        collectDefaultMetrics({ register: registry });
        defaultMetrics = true;
      }
      const text = await registry.metrics();
      return reply.type(registry.contentType).send(text);
    });
  },
  { name: 'filet-ops' },
);

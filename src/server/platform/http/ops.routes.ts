import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { sql } from 'kysely';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { MigrationError, pendingMigrations, readMigrations } from '../db/migrate.js';

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
 * Registered without encapsulation so its request hook counts every route of the app.
 */
export const opsRoutes: FastifyPluginAsync = fp(
  async (app: FastifyInstance) => {
    const { database, db } = app.platform;
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
      const labels = {
        method: KNOWN_METHODS.has(request.method) ? request.method : 'OTHER',
        // The pattern (`/api/people/:id`), never the URL: ids must not reach the metrics.
        route: request.routeOptions.url ?? 'unmatched',
        status: statusClass(reply.statusCode),
      };
      requests.inc(labels);
      duration.observe(labels, reply.elapsedTime / 1000);
    });

    app.addHook('preClose', async () => {
      closing = true;
    });

    const hidden = { config: { access: 'public' as const }, schema: { hide: true } };

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

    app.get('/metrics', hidden, async (_request, reply) => {
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

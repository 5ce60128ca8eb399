import { Cron } from 'croner';
import type { FastifyBaseLogger } from 'fastify';
import { type Kysely, sql } from 'kysely';
import type { Executor } from '../db/database.js';
import type { DB } from '../db/schema.js';
import type { JobHandler, Jobs } from './jobs.js';

/** How long a claimed run is reserved: a process that dies mid-run releases its work after this. */
const LEASE_MS = 5 * 60 * 1000;
/** Queued jobs claimed per round trip. */
const BATCH = 20;
/** A runDue stops after this many batches, so a job that keeps queueing work due at once cannot spin it forever. */
const MAX_BATCHES = 50;
const MAX_ERROR_LENGTH = 500;

/** Delay before the next attempt of a failed queued job: 30 s, 1 min, 2 min, ... capped at one hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 60 * 60 * 1000);
}

function errorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.slice(0, MAX_ERROR_LENGTH);
}

interface ClaimedJob {
  id: number;
  name: string;
  payload: Record<string, unknown>;
  run_at: Date;
  attempts: number;
  max_attempts: number;
}

/**
 * The database-backed scheduler. Recurring runs and queued jobs are claimed with one conditional
 * UPDATE (schedules) or `FOR UPDATE SKIP LOCKED` (queue), so several processes sharing a database
 * never run the same work twice; handlers always run outside the claiming transaction, because on
 * PGlite that transaction holds the only connection.
 */
export function createJobs(options: {
  db: Kysely<DB>;
  logger: FastifyBaseLogger;
  timeZone: string;
  now: () => Date;
  pollMs?: number;
}): Jobs {
  const { db, logger, timeZone, now } = options;
  const pollMs = options.pollMs ?? 5000;
  const handlers = new Map<string, JobHandler>();
  const schedules = new Map<string, { expression: string; cron: Cron }>();
  /** Schedules this process is running right now: never start a second run of one beside itself. */
  const runningSchedules = new Set<string>();
  let synced: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let stopped = true;
  const inFlight = new Set<Promise<unknown>>();

  function track<T>(promise: Promise<T>): Promise<T> {
    inFlight.add(promise);
    void promise.finally(() => inFlight.delete(promise)).catch(() => {});
    return promise;
  }

  function nextRun(cron: Cron, after: Date): Date {
    const next = cron.nextRun(after);
    if (!next) throw new Error('cron expression has no future run');
    return next;
  }

  /** Writes the schedules to the database; an unchanged cron keeps its stored next run. */
  async function sync(): Promise<void> {
    const at = now();
    for (const [name, { expression, cron }] of schedules) {
      await db
        .insertInto('job_schedules')
        .values({ name, cron: expression, next_run_at: nextRun(cron, at) })
        .onConflict((oc) =>
          oc
            .column('name')
            .doUpdateSet({
              cron: (eb) => eb.ref('excluded.cron'),
              next_run_at: (eb) => eb.ref('excluded.next_run_at'),
            })
            .where('job_schedules.cron', '<>', (eb) => eb.ref('excluded.cron')),
        )
        .execute();
    }
  }

  function ensureSynced(): Promise<void> {
    if (!synced) {
      synced = sync().catch((error: unknown) => {
        synced = null;
        throw error;
      });
    }
    return synced;
  }

  /** Claims one due run of a schedule; returns the time it was due, or null when another process has it. */
  async function claimSchedule(name: string, cron: Cron, at: Date): Promise<Date | null> {
    const row = await db
      .selectFrom('job_schedules')
      .select(['next_run_at', 'locked_until'])
      .where('name', '=', name)
      .executeTakeFirst();
    if (!row || row.next_run_at > at || (row.locked_until && row.locked_until >= at)) return null;
    // The stored next_run_at in the condition makes the claim a compare-and-set: of several processes
    // that read the same row, exactly one moves it forward.
    const claimed = await db
      .updateTable('job_schedules')
      .set({
        locked_until: new Date(at.getTime() + LEASE_MS),
        next_run_at: nextRun(cron, at),
        last_started_at: at,
      })
      .where('name', '=', name)
      .where('next_run_at', '=', row.next_run_at)
      .where('next_run_at', '<=', at)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', at)]))
      .executeTakeFirst();
    return Number(claimed.numUpdatedRows) === 1 ? row.next_run_at : null;
  }

  async function runSchedule(name: string, cron: Cron, at: Date): Promise<boolean> {
    if (runningSchedules.has(name)) return false;
    runningSchedules.add(name);
    try {
      const scheduledFor = await claimSchedule(name, cron, at);
      if (!scheduledFor) return false;
      const handler = handlers.get(name);
      let failure: string | null = null;
      try {
        if (!handler) throw new Error(`no handler for job ${name}`);
        await handler({}, { scheduledFor });
      } catch (error) {
        failure = errorMessage(error);
        logger.error({ job: name, error: failure }, 'scheduled job failed');
      }
      await db
        .updateTable('job_schedules')
        .set({ locked_until: null, last_finished_at: now(), last_error: failure })
        .where('name', '=', name)
        .execute();
      return true;
    } finally {
      runningSchedules.delete(name);
    }
  }

  async function claimQueued(at: Date): Promise<ClaimedJob[]> {
    const names = [...handlers.keys()];
    if (names.length === 0) return [];
    return db.transaction().execute(async (trx) => {
      const due = await trx
        .selectFrom('job_queue')
        .select('id')
        .where('done_at', 'is', null)
        .where('failed_at', 'is', null)
        .where('run_at', '<=', at)
        .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', at)]))
        .where('name', 'in', names)
        .orderBy('run_at')
        .orderBy('id')
        .limit(BATCH)
        .forUpdate()
        .skipLocked()
        .execute();
      if (due.length === 0) return [];
      // Counting the attempt at claim time means a job that crashes its process still runs out of attempts.
      return trx
        .updateTable('job_queue')
        .set((eb) => ({ locked_until: new Date(at.getTime() + LEASE_MS), attempts: eb('attempts', '+', 1) }))
        .where(
          'id',
          'in',
          due.map((r) => r.id),
        )
        .returning(['id', 'name', 'payload', 'run_at', 'attempts', 'max_attempts'])
        .execute();
    });
  }

  async function runQueued(job: ClaimedJob): Promise<void> {
    const handler = handlers.get(job.name);
    try {
      if (!handler) throw new Error(`no handler for job ${job.name}`);
      await handler(job.payload ?? {}, { scheduledFor: job.run_at });
      await db
        .updateTable('job_queue')
        .set({ done_at: now(), locked_until: null, last_error: null })
        .where('id', '=', job.id)
        .execute();
    } catch (error) {
      const failure = errorMessage(error);
      const finished = job.attempts >= job.max_attempts;
      logger.error(
        { job: job.name, attempt: job.attempts, final: finished, error: failure },
        'queued job failed',
      );
      const at = now();
      await db
        .updateTable('job_queue')
        .set(
          finished
            ? { failed_at: at, locked_until: null, last_error: failure }
            : {
                run_at: new Date(at.getTime() + retryDelayMs(job.attempts)),
                locked_until: null,
                last_error: failure,
              },
        )
        .where('id', '=', job.id)
        .execute();
    }
  }

  async function runDueOnce(at: Date): Promise<number> {
    await ensureSynced();
    let count = 0;
    const scheduleRuns = await Promise.all(
      [...schedules].map(([name, { cron }]) => runSchedule(name, cron, at)),
    );
    count += scheduleRuns.filter(Boolean).length;
    // Loop until nothing due is left; a job retried later has run_at in the future and is not seen again.
    for (let batch = 0; batch < MAX_BATCHES; batch++) {
      const claimed = await claimQueued(at);
      if (claimed.length === 0) break;
      await Promise.all(claimed.map(runQueued));
      count += claimed.length;
    }
    return count;
  }

  let ticking: Promise<unknown> | null = null;
  function tick(): void {
    timer = null;
    if (stopped) return;
    if (!ticking) {
      ticking = track(
        runDueOnce(now())
          .catch((error: unknown) => {
            logger.error({ error: errorMessage(error) }, 'job polling failed');
          })
          .finally(() => {
            ticking = null;
          }),
      );
    }
    timer = setTimeout(tick, pollMs);
    timer.unref();
  }

  return {
    define(name, handler) {
      if (handlers.has(name)) throw new Error(`job ${name} is already defined`);
      handlers.set(name, handler);
    },

    schedule(name, cronExpression) {
      if (!handlers.has(name)) throw new Error(`job ${name} must be defined before it is scheduled`);
      // Croner throws on an invalid expression: a typo stops the start instead of never running.
      schedules.set(name, {
        expression: cronExpression,
        cron: new Cron(cronExpression, { timezone: timeZone, paused: true }),
      });
      synced = null;
    },

    async enqueue(executor: Executor, name, payload = {}, enqueueOptions = {}) {
      if (!handlers.has(name)) throw new Error(`job ${name} is not defined`);
      await executor
        .insertInto('job_queue')
        .values({
          name,
          payload: JSON.stringify(payload),
          run_at: enqueueOptions.runAt ?? now(),
          singleton_key: enqueueOptions.singletonKey ?? null,
          ...(enqueueOptions.maxAttempts !== undefined ? { max_attempts: enqueueOptions.maxAttempts } : {}),
        })
        .onConflict((oc) =>
          oc
            .columns(['name', 'singleton_key'])
            .where(sql<boolean>`singleton_key is not null and done_at is null and failed_at is null`)
            .doNothing(),
        )
        .execute();
    },

    runDue(at) {
      return track(runDueOnce(at ?? now()));
    },

    async start() {
      if (!stopped) return;
      stopped = false;
      try {
        await ensureSynced();
      } catch (error) {
        stopped = true;
        throw error;
      }
      tick();
    },

    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await Promise.allSettled([...inFlight]);
    },
  };
}

import type { Executor } from '../db/database.js';

export interface JobContext {
  /** When the run was due (for schedules) or asked for (for queued work). */
  scheduledFor: Date;
}

export type JobHandler = (payload: Record<string, unknown>, context: JobContext) => Promise<void>;

/**
 * Recurring schedules and one-off delayed work, kept in the database so they survive restarts and
 * work on both PGlite and PostgreSQL. Modules define handlers and schedules while the app is built.
 */
export interface Jobs {
  define(name: string, handler: JobHandler): void;
  /** A recurring run of a defined job, by cron expression in the region's time zone. */
  schedule(name: string, cron: string): void;
  /** Queues one run of a defined job, inside the caller's transaction when one is given. */
  enqueue(
    db: Executor,
    name: string,
    payload?: Record<string, unknown>,
    options?: { runAt?: Date; singletonKey?: string; maxAttempts?: number },
  ): Promise<void>;
  /** Runs everything due now, once; returns how many runs happened. Tests call it directly. */
  runDue(now?: Date): Promise<number>;
  /** Starts polling (skipped when the config turns jobs off). */
  start(): Promise<void>;
  stop(): Promise<void>;
}

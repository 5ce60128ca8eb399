import { sql } from 'kysely';
import type { Executor } from '../db/database.js';

/**
 * The nonce of an hour: the first process to need it writes it, every other one reads the same value
 * (one statement: an upsert that changes nothing returns the row already there).
 */
export async function periodNonce(db: Executor, periodStart: Date, candidate: string): Promise<string> {
  const row = await db
    .insertInto('throttle_keys')
    .values({ period_start: periodStart, nonce: candidate })
    .onConflict((oc) => oc.column('period_start').doUpdateSet({ nonce: sql`throttle_keys.nonce` }))
    .returning('nonce')
    .executeTakeFirstOrThrow();
  return row.nonce;
}

/** Forgets the nonces of hours before `periodStart`: their counters can no longer be linked to anyone. */
export async function deleteNoncesBefore(db: Executor, periodStart: Date): Promise<number> {
  const result = await db
    .deleteFrom('throttle_keys')
    .where('period_start', '<', periodStart)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * Counts one hit for each subject in one window, atomically, and returns every subject's count after
 * it. Rows are locked in the order given, so two requests never wait on each other in a cycle.
 */
export async function countHits(
  db: Executor,
  bucket: string,
  subjects: readonly string[],
  windowStart: Date,
  expiresAt: Date,
): Promise<Map<string, number>> {
  const rows = await db
    .insertInto('throttle_counters')
    .values(
      subjects.map((subject) => ({
        bucket,
        subject,
        window_start: windowStart,
        hits: 1,
        expires_at: expiresAt,
      })),
    )
    .onConflict((oc) =>
      oc
        .columns(['bucket', 'subject', 'window_start'])
        .doUpdateSet({ hits: sql`throttle_counters.hits + 1` }),
    )
    .returning(['subject', 'hits'])
    .execute();
  return new Map(rows.map((row) => [row.subject, row.hits]));
}

/** Deletes the counters of windows that are over. */
export async function deleteExpiredCounters(db: Executor, now: Date): Promise<number> {
  const result = await db.deleteFrom('throttle_counters').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}

import type { LightMyRequestResponse } from 'fastify';
import type { DB } from '../../src/server/platform/db/schema.js';
import type { TestApp } from './app.js';

/** What a race gave: every response, and how many answered each status code. */
export interface RaceResult {
  responses: LightMyRequestResponse[];
  /** Status code → how many responses had it, e.g. `{ 204: 1, 409: 199 }`. */
  statuses: Record<number, number>;
  /**
   * The most database connections checked out of the pool at one moment during the race (PostgreSQL;
   * 1 on PGlite, which has a single connection): above 1, the requests really ran side by side.
   */
  peakConnections: number;
}

/**
 * Fires `count` requests at once — every one is started before any is awaited — and tallies their
 * status codes. On PostgreSQL they run on the pool's several connections at the same time, so a
 * read-check-write outside a transaction, or an update without its condition, shows up as a second
 * winner, a 500 or a double effect; on PGlite (one connection) the same requests interleave between
 * their statements. Check the effects in the database afterwards (`auditCount`, `outboxCount`).
 */
export async function race(
  t: TestApp,
  count: number,
  send: (index: number) => Promise<LightMyRequestResponse>,
): Promise<RaceResult> {
  const pool = t.database.pool;
  let out = 0;
  let peakConnections = pool ? 0 : 1;
  const acquire = () => {
    out += 1;
    peakConnections = Math.max(peakConnections, out);
  };
  const release = () => {
    out -= 1;
  };
  pool?.on('acquire', acquire);
  pool?.on('release', release);
  try {
    const responses = await Promise.all(Array.from({ length: count }, (_, index) => send(index)));
    const statuses: Record<number, number> = {};
    for (const response of responses)
      statuses[response.statusCode] = (statuses[response.statusCode] ?? 0) + 1;
    return { responses, statuses, peakConnections };
  } finally {
    pool?.off('acquire', acquire);
    pool?.off('release', release);
  }
}

/** The rows of a table, all of them. */
export async function rowCount(t: TestApp, table: keyof DB): Promise<number> {
  const row = await t.platform.db
    .selectFrom(table)
    .select(({ fn }) => fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The audit entries of one action (on one target when given). */
export async function auditCount(t: TestApp, action: string, targetId?: string): Promise<number> {
  let query = t.platform.db
    .selectFrom('audit_log')
    .select(({ fn }) => fn.countAll<number>().as('n'))
    .where('action', '=', action);
  if (targetId !== undefined) query = query.where('target_id', '=', targetId);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

/** The e-mails queued in the outbox (of one template, to one address, when given). */
export async function outboxCount(t: TestApp, filter: { kind?: string; to?: string } = {}): Promise<number> {
  let query = t.platform.db.selectFrom('email_outbox').select(({ fn }) => fn.countAll<number>().as('n'));
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  if (filter.to) query = query.where('to_address', '=', filter.to);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

/** The in-app notifications of one kind (to one person when given). */
export async function notificationCount(t: TestApp, kind: string, personId?: string): Promise<number> {
  let query = t.platform.db
    .selectFrom('notifications')
    .select(({ fn }) => fn.countAll<number>().as('n'))
    .where('kind', '=', kind);
  if (personId) query = query.where('person_id', '=', personId);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

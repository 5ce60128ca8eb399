/**
 * In-app notification fan-out: one `notify` call is one `notification_fanouts` row and one signal.
 * After commit, the writer and every other process write it to their open streams without a query per
 * connection; the per-person rows of large fan-outs and the web pushes follow in the background.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/database.js';
import type { DB } from '../db/schema.js';
import { isUuid, packIds, unpackIds } from './fanout-ids.js';
import type { LiveStreams } from './live-streams.js';
import type { InAppNotification } from './notify.js';
import type { PushSender } from './push.sender.js';
import { shortError } from './short-error.js';
import { NOTIFICATIONS_CHANNEL } from './signals.js';

/**
 * A fan-out this process wrote is kept in memory until its commit signal comes back, so the writer
 * delivers without reading its own rows again. One whose transaction rolled back never signals: it is
 * dropped after this long (or when too many are waiting), and a late signal falls back to the query.
 */
const PENDING_TTL_MS = 5 * 60 * 1000;
const PENDING_MAX = 1000;
/**
 * Up to this many recipients, the notification rows are written in the caller's transaction. Above
 * it, they are written right after the streams were served: 5,000 rows cost ~80 ms of INSERT on
 * PostgreSQL here, which would otherwise sit between the commit the alert waits for and its delivery.
 */
export const INLINE_ROWS_MAX = 200;
/**
 * The rows of a large fan-out are written this long after its delivery, so the INSERT (CPU on the
 * database and here) does not compete with the thousands of streams being written and read. Until
 * then the list (GET /api/notifications) lacks the item the stream already showed.
 */
const MATERIALIZE_DELAY_MS = 500;
/** Notification rows written per statement when a large fan-out is materialized. */
export const MATERIALIZE_SLICE = 2000;
/** A fan-out still unmaterialized this long after its creation is taken over by the outbox flush. */
const MATERIALIZE_TAKEOVER_MS = 60_000;
/** Materialized fan-outs (their recipient lists) are kept this long for late signals, then deleted. */
const FANOUT_KEEP_MS = 24 * 60 * 60 * 1000;
/**
 * After the signal connection comes back, fan-outs created since this long before it was lost are
 * read again: one created (by its writer's clock) just before the loss may have committed after it.
 */
const CATCH_UP_MARGIN_MS = 2 * 60 * 1000;
/** Fan-outs read again after a loss, at most (newest kept). */
const CATCH_UP_MAX = 500;
/** Ids of the fan-outs last delivered to this process's streams, so none is delivered twice. */
const DELIVERED_MEMORY = 5000;

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** One `notify` call: every recipient's notification has the fan-out's id. */
interface Fanout {
  id: string;
  /** True once the rows of `notifications` exist (written in the transaction for small fan-outs). */
  materialized: boolean;
  personIds: string[];
  kind: string;
  params: Record<string, string | number>;
  link: string | null;
  createdAt: Date;
  /** When this process wrote it (monotonic ms), for dropping fan-outs that never committed. */
  stashedAt: number;
}

export interface Fanouts {
  /** Writes the fan-out in the caller's transaction and signals it on commit (see `Notifier.notify`). */
  notify(
    trx: Transaction<DB>,
    recipients: string | readonly string[],
    notification: InAppNotification,
  ): Promise<void>;
  /** A `filet_notifications` signal: a fan-out committed, by this process or another. */
  onSignal(payload: string): Promise<void>;
  /** The signal connection was lost at `lostAt`: delivers the fan-outs committed since. */
  catchUp(lostAt: Date): Promise<void>;
  /** Writes the rows of fan-outs a crashed writer left, deletes old recipient lists; logs, never throws. */
  takeOverAbandoned(): Promise<void>;
  /** Resolves once the background work started so far is done. */
  settled(): Promise<void>;
  /** Forgets the fan-outs waiting for their commit signal (the notifier is closing). */
  stop(): void;
  /** The background work still running, for the notifier's close to wait on. */
  inFlight(): Promise<void>[];
}

export function createFanouts(options: {
  database: Database;
  streams: LiveStreams;
  push: PushSender | null;
  logger: FastifyBaseLogger;
  now: () => Date;
}): Fanouts {
  const { streams, push, logger, now } = options;
  const { db } = options.database;
  /** Fan-outs written by this process, waiting for their commit signal (insertion order = age). */
  const pending = new Map<string, Fanout>();
  /** Work started after a commit (rows of large fan-outs, web pushes), awaited by `settled` and `close`. */
  const background = new Set<Promise<void>>();
  /** Fan-outs already written to this process's streams (insertion order = age). */
  const delivered = new Set<string>();

  /**
   * Writes one fan-out to this process's open streams: no query, and one event for everyone (the
   * notification has the same id for every recipient), so each write is the same string.
   */
  function deliverFanout(fanout: Fanout): void {
    if (delivered.has(fanout.id)) return;
    delivered.add(fanout.id);
    if (delivered.size > DELIVERED_MEMORY) delivered.delete(delivered.values().next().value as string);
    if (streams.isEmpty()) return;
    streams.send(fanout.personIds, 'notification', {
      id: fanout.id,
      kind: fanout.kind,
      params: fanout.params,
      link: fanout.link,
      createdAt: fanout.createdAt.toISOString(),
    });
  }

  /** A committed fan-out read back from its row. */
  function fromRow(row: {
    id: string;
    kind: string;
    params: Record<string, string | number> | null;
    link: string | null;
    created_at: Date;
    recipients: Uint8Array;
  }): Fanout {
    return {
      id: row.id,
      materialized: true,
      personIds: unpackIds(row.recipients),
      kind: row.kind,
      params: row.params ?? {},
      link: row.link,
      createdAt: row.created_at,
      stashedAt: 0,
    };
  }

  /** Another process wrote this fan-out: read its one row (not one query per stream). */
  async function loadFanout(fanoutId: string): Promise<Fanout | null> {
    const row = await db
      .selectFrom('notification_fanouts')
      .select(['id', 'kind', 'params', 'link', 'created_at', 'recipients'])
      .where('id', '=', fanoutId)
      .executeTakeFirst();
    return row ? fromRow(row) : null;
  }

  /**
   * Writes the notification rows of a fan-out, once: the UPDATE claims it (a concurrent claimer waits
   * for the lock, then finds it done), the INSERT skips people who do not exist and rows already there.
   */
  async function materialize(fanoutId: string): Promise<void> {
    await db.transaction().execute(async (trx) => {
      const claimed = await trx
        .updateTable('notification_fanouts')
        .set({ materialized_at: now() })
        .where('id', '=', fanoutId)
        .where('materialized_at', 'is', null)
        .returning('recipient_count')
        .executeTakeFirst();
      if (!claimed) return;
      // In slices: on PGlite a statement runs on the event loop, and 19,000 rows at once would hold
      // every other request (and the streams' writes) for seconds.
      for (let from = 0; from < claimed.recipient_count; from += MATERIALIZE_SLICE) {
        const to = Math.min(from + MATERIALIZE_SLICE, claimed.recipient_count) - 1;
        await sql`
          insert into notifications (id, person_id, kind, params, link, created_at)
          select f.id, r.person_id, f.kind, f.params, f.link, f.created_at
          from notification_fanouts f
          cross join generate_series(${from}::int, ${to}::int) as i
          cross join lateral (
            select encode(substring(f.recipients from i * 16 + 1 for 16), 'hex')::uuid as person_id
          ) r
          join people p on p.id = r.person_id
          where f.id = ${fanoutId}
          on conflict (person_id, id) do nothing
        `.execute(trx);
      }
    });
  }

  function track(work: Promise<unknown>): void {
    const job = work.then(
      () => undefined,
      (error: unknown) => {
        logger.error({ error: shortError(error) }, 'notification background work failed');
      },
    );
    background.add(job);
    void job.finally(() => background.delete(job));
  }

  /** Fan-outs whose writer died before materializing them; and old recipient lists nobody needs. */
  async function materializeAbandoned(): Promise<void> {
    const at = now().getTime();
    const abandoned = await db
      .selectFrom('notification_fanouts')
      .select('id')
      .where('materialized_at', 'is', null)
      .where('created_at', '<', new Date(at - MATERIALIZE_TAKEOVER_MS))
      .orderBy('created_at')
      .limit(20)
      .execute();
    for (const { id } of abandoned) await materialize(id);
    await db
      .deleteFrom('notification_fanouts')
      .where('materialized_at', '<', new Date(at - FANOUT_KEEP_MS))
      .execute();
  }

  /** The writer, and only it, finishes a fan-out once it committed: delivery, the rows, then web pushes. */
  function finishOwn(mine: Fanout): void {
    pending.delete(mine.id);
    deliverFanout(mine);
    if (!mine.materialized) track(delay(MATERIALIZE_DELAY_MS).then(() => materialize(mine.id)));
    if (push) track(push.send(mine.personIds, mine.link));
  }

  function stash(fanoutId: string, fanout: Fanout): void {
    const oldest = performance.now() - PENDING_TTL_MS;
    for (const [id, waiting] of pending) {
      if (waiting.stashedAt >= oldest && pending.size < PENDING_MAX) break;
      pending.delete(id);
    }
    pending.set(fanoutId, fanout);
  }

  return {
    async notify(trx, recipients, notification) {
      const given = typeof recipients === 'string' ? [recipients] : recipients;
      const personIds = [...new Set(given.map((id) => id.toLowerCase()))];
      if (personIds.length === 0) return;
      const packed = packIds(personIds);
      const fanoutId = randomUUID();
      const params = JSON.stringify(notification.params ?? {});
      const link = notification.link ?? null;
      const createdAt = now();
      const inline = personIds.length <= INLINE_ROWS_MAX;
      await trx
        .insertInto('notification_fanouts')
        .values({
          id: fanoutId,
          kind: notification.kind,
          params,
          link,
          created_at: createdAt,
          recipient_count: personIds.length,
          recipients: packed,
          materialized_at: inline ? createdAt : null,
        })
        .execute();
      if (inline) {
        await sql`
          insert into notifications (id, person_id, kind, params, link, created_at)
          select ${fanoutId}::uuid, r.person_id, ${notification.kind}, ${params}::jsonb, ${link}, ${createdAt}
          from unnest(${`{${personIds.join(',')}}`}::uuid[]) as r(person_id)
        `.execute(trx);
      }
      stash(fanoutId, {
        id: fanoutId,
        materialized: inline,
        personIds,
        kind: notification.kind,
        params: notification.params ?? {},
        link,
        createdAt,
        stashedAt: performance.now(),
      });
      await sql`select pg_notify(${NOTIFICATIONS_CHANNEL}, ${JSON.stringify({ fanout: fanoutId })})`.execute(
        trx,
      );
    },

    async onSignal(payload) {
      let signal: { fanout?: unknown };
      try {
        signal = JSON.parse(payload);
      } catch {
        return;
      }
      if (typeof signal.fanout !== 'string' || !isUuid(signal.fanout)) return;
      const mine = pending.get(signal.fanout);
      if (mine) {
        finishOwn(mine);
        return;
      }
      // Most processes hold no stream at all: skip the query.
      if (streams.isEmpty() || delivered.has(signal.fanout)) return;
      const fanout = await loadFanout(signal.fanout);
      if (fanout) deliverFanout(fanout);
    },

    /**
     * Any fan-out committed since the loss may have gone unheard here. One query reads those created
     * since shortly before; this process's own are finished as their signal would have finished them,
     * the others are delivered to its streams unless they already were.
     */
    async catchUp(lostAt) {
      if (streams.isEmpty() && pending.size === 0) return;
      const rows = await db
        .selectFrom('notification_fanouts')
        .select(['id', 'kind', 'params', 'link', 'created_at', 'recipients'])
        .where('created_at', '>=', new Date(lostAt.getTime() - CATCH_UP_MARGIN_MS))
        .orderBy('created_at', 'desc')
        .limit(CATCH_UP_MAX)
        .execute();
      for (const row of rows.reverse()) {
        const mine = pending.get(row.id);
        if (mine) finishOwn(mine);
        else if (!delivered.has(row.id)) deliverFanout(fromRow(row));
      }
    },

    async takeOverAbandoned() {
      // The outbox's periodic pass finishes fan-outs a crashed process left without their rows.
      await materializeAbandoned().catch((error: unknown) => {
        logger.error({ error: shortError(error) }, 'materializing abandoned notification fan-outs failed');
      });
    },

    async settled() {
      while (background.size > 0) await Promise.allSettled([...background]);
    },

    stop() {
      pending.clear();
    },

    inFlight() {
      return [...background];
    },
  };
}

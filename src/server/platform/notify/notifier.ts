import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import type { Agent } from 'node:https';
import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import { sql, type Transaction } from 'kysely';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import type { Locale } from '../../../shared/roles.js';
import type { Config } from '../config.js';
import type { Keyring } from '../crypto/keyring.js';
import type { Database, Executor } from '../db/database.js';
import { createSignalListener, type SignalListener } from '../db/listener.js';
import type { DB } from '../db/schema.js';
import { hasKey, t } from '../i18n/i18n.js';
import { isUuid, packIds, unpackIds } from './fanout-ids.js';
import type { EmailMessage, EventStream, InAppNotification, Notifier, StreamEvent } from './notify.js';
import { createPushSender, type PushSender } from './push.sender.js';

export const NOTIFICATIONS_CHANNEL = 'filet_notifications';
export const OUTBOX_CHANNEL = 'filet_outbox';
export const SESSIONS_CHANNEL = 'filet_sessions';

/** After this many failed deliveries an e-mail is marked failed and left alone. */
export const MAX_EMAIL_ATTEMPTS = 8;
/** A row claimed for delivery is hidden from other processes this long; a crash mid-send retries after it. */
const DELIVERY_LEASE_MS = 5 * 60 * 1000;
const FLUSH_BATCH = 20;
/** One flush delivers at most this many e-mails; the next signal or tick continues. */
const FLUSH_LIMIT = 500;
/** Signals arriving together (a bulk invitation) are served by one flush. */
const FLUSH_DEBOUNCE_MS = 50;
/** A comment line on every open stream keeps proxies and browsers from closing an idle one. */
export const HEARTBEAT_MS = 25_000;
const HEARTBEAT_CHUNK = ': heartbeat\n\n';
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

/** Delay before the next delivery attempt: 1 min, 2, 4, ... capped at 6 h. */
export function emailRetryDelayMs(attempts: number): number {
  return Math.min(60_000 * 2 ** Math.max(0, attempts - 1), 6 * 60 * 60 * 1000);
}

/** A short, address-free description of a delivery error, fit for a log line and the outbox row. */
export function shortError(error: unknown): string {
  const e = error as { code?: unknown; responseCode?: unknown; message?: unknown };
  const parts: string[] = [];
  if (typeof e?.code === 'string') parts.push(e.code);
  if (typeof e?.responseCode === 'number') parts.push(String(e.responseCode));
  if (parts.length === 0) parts.push(typeof e?.message === 'string' ? e.message : String(error));
  return parts
    .join(' ')
    .replace(/[^\s<>@]+@[^\s<>@]+/g, '<address>')
    .slice(0, 200);
}

function renderTemplate(locale: Locale, template: string, params: Record<string, string | number>) {
  const subjectKey = `email.${template}.subject`;
  const bodyKey = `email.${template}.body`;
  if (
    !(hasKey(locale, subjectKey) || hasKey('fr-CA', subjectKey)) ||
    !(hasKey(locale, bodyKey) || hasKey('fr-CA', bodyKey))
  ) {
    throw new Error(`unknown e-mail template ${template}`);
  }
  // A header cannot span lines: whatever a parameter holds, the subject stays on one.
  const subject = t(locale, subjectKey, params).replace(/\s+/g, ' ').trim();
  return { subject, body: t(locale, bodyKey, params) };
}

export interface NotificationView {
  id: string;
  kind: string;
  params: Record<string, string | number>;
  link: string | null;
  createdAt: Date;
  readAt: Date | null;
}

/** The person's latest notifications (newest first) and how many of all theirs are unread. */
export async function listNotifications(
  db: Executor,
  personId: string,
  limit = 50,
): Promise<{ items: NotificationView[]; unread: number }> {
  const rows = await db
    .selectFrom('notifications')
    .select(['id', 'kind', 'params', 'link', 'created_at', 'read_at'])
    .where('person_id', '=', personId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  const unread = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('person_id', '=', personId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return {
    items: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      params: r.params ?? {},
      link: r.link,
      createdAt: r.created_at,
      readAt: r.read_at,
    })),
    unread: Number(unread.n),
  };
}

/**
 * Marks one of the person's notifications read. Returns false when the person has no notification
 * with that id (someone else's looks exactly like a missing one).
 */
export async function markNotificationRead(
  db: Executor,
  personId: string,
  id: string,
  at: Date,
): Promise<boolean> {
  const found = await db
    .selectFrom('notifications')
    .select('read_at')
    .where('id', '=', id)
    .where('person_id', '=', personId)
    .executeTakeFirst();
  if (!found) return false;
  if (!found.read_at) {
    await db
      .updateTable('notifications')
      .set({ read_at: at })
      .where('id', '=', id)
      .where('person_id', '=', personId)
      .where('read_at', 'is', null)
      .execute();
  }
  return true;
}

/** Marks every unread notification of the person read; returns how many changed. */
export async function markAllNotificationsRead(db: Executor, personId: string, at: Date): Promise<number> {
  const result = await db
    .updateTable('notifications')
    .set({ read_at: at })
    .where('person_id', '=', personId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

type Sender = (event: StreamEvent) => void;
/**
 * One open stream: either a raw event stream the notifier writes to (the SSE route: no closure, a few
 * fields per connection) or a callback (tests, other transports).
 */
interface Subscriber {
  personId: string;
  sessionId: string;
  stream: EventStream | null;
  send: Sender | null;
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
type Mailer = {
  sendMail(message: SendMailOptions): Promise<{ message?: unknown }>;
  close(): void;
};

/**
 * The notification service: e-mail through a transactional outbox, in-app notifications pushed live
 * to this process's open streams, and the LISTEN side of every cross-process signal (`filet_outbox`,
 * `filet_notifications`, `filet_sessions`). Signals are sent with pg_notify inside the writer's
 * transaction, so only committed work is ever delivered.
 */
export function createNotifier(options: {
  database: Database;
  keyring: Keyring;
  config: Config;
  logger: FastifyBaseLogger;
  now: () => Date;
  /** Called with the payload of each `filet_sessions` signal (sessions revoked by any process). */
  onSessionMessage?: (payload: string) => void;
  /** TLS agent for push services (tests trust their own push service's certificate with it). */
  pushAgent?: Agent;
  /** Other platform signals to hear on the same connection (channel → handler), e.g. key rotation. */
  extraChannels?: Record<string, (payload: string) => void>;
  /**
   * The signal connection is back after a loss: whatever the owner keeps because of signals (session
   * cache, keys) must be re-read. The notifier has already delivered the fan-outs committed meanwhile.
   */
  onListenerRestored?: () => Promise<void>;
}): Notifier {
  const { database, keyring, config, logger, now } = options;
  const { db } = database;
  const subscribers = new Map<string, Set<Subscriber>>();
  /** Raw streams this process writes to, for the shared heartbeat and the shared close handler. */
  const streams = new Map<EventStream, Subscriber>();
  let heartbeatTimer: NodeJS.Timeout | null = null;
  /** Fan-outs written by this process, waiting for their commit signal (insertion order = age). */
  const pending = new Map<string, Fanout>();
  /** Work started after a commit (rows of large fan-outs, web pushes), awaited by `settled` and `close`. */
  const background = new Set<Promise<void>>();
  const push: PushSender | null = config.vapid
    ? createPushSender({ db, keyring, vapid: config.vapid, logger, now, agent: options.pushAgent })
    : null;

  let closed = false;
  let started = false;
  let mailer: Mailer | null = null;
  let currentFlush: Promise<number> | null = null;
  let nextFlush: Promise<number> | null = null;
  let flushTimer: NodeJS.Timeout | null = null;

  // LISTEN state: PGlite unsubscribe functions, or the dedicated PostgreSQL connection.
  const pgliteUnlisten: Array<() => Promise<void>> = [];
  let listener: SignalListener | null = null;
  /** Fan-outs already written to this process's streams (insertion order = age). */
  const delivered = new Set<string>();

  function getMailer(): Mailer {
    if (mailer) return mailer;
    mailer = config.smtpUrl
      ? nodemailer.createTransport({
          url: config.smtpUrl,
          // One reused connection: a new connection per message cost ~110 ms here (9 e-mails/s against
          // 200/s pooled), and a flush sends one message at a time anyway.
          pool: true,
          maxConnections: 1,
          connectionTimeout: 10_000,
          greetingTimeout: 10_000,
          socketTimeout: 30_000,
        })
      : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
    return mailer;
  }

  async function deliver(row: {
    id: string;
    to_address: string;
    subject: string;
    body: string;
  }): Promise<void> {
    const text = keyring.decrypt(row.body, `email_outbox.body:${row.id}`);
    const info = await getMailer().sendMail({
      from: config.mailFrom,
      to: row.to_address,
      subject: row.subject,
      text,
      headers: { 'Auto-Submitted': 'auto-generated' },
    });
    if (!config.smtpUrl) {
      // Demo mode without SMTP: the message lands in a file the operator can open; the log names the file only.
      const dir = path.join(config.dataDir, 'outbox');
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const file = path.join(dir, `${now().toISOString().replace(/[:.]/g, '-')}-${row.id}.eml`);
      await writeFile(file, info.message as Buffer, { mode: 0o600 });
      logger.info({ file }, 'e-mail written to the outbox folder (no SMTP server configured)');
    }
  }

  /** Claims due rows by pushing next_attempt_at past the lease, so sending happens outside any transaction. */
  async function claimBatch(at: Date) {
    return db.transaction().execute(async (trx) => {
      const due = await trx
        .selectFrom('email_outbox')
        .select('id')
        .where('sent_at', 'is', null)
        .where('failed_at', 'is', null)
        .where('next_attempt_at', '<=', at)
        .orderBy('next_attempt_at')
        .limit(FLUSH_BATCH)
        .forUpdate()
        .skipLocked()
        .execute();
      if (due.length === 0) return [];
      return trx
        .updateTable('email_outbox')
        .set({ next_attempt_at: new Date(at.getTime() + DELIVERY_LEASE_MS) })
        .where(
          'id',
          'in',
          due.map((r) => r.id),
        )
        .returning(['id', 'to_address', 'subject', 'body', 'attempts'])
        .execute();
    });
  }

  async function flushNow(): Promise<number> {
    // The same periodic pass finishes fan-outs a crashed process left without their rows.
    await materializeAbandoned().catch((error: unknown) => {
      logger.error({ error: shortError(error) }, 'materializing abandoned notification fan-outs failed');
    });
    let sent = 0;
    let handled = 0;
    while (handled < FLUSH_LIMIT && !closed) {
      const batch = await claimBatch(now());
      if (batch.length === 0) break;
      for (const row of batch) {
        handled++;
        try {
          if (row.body === null) throw new Error('no body to send');
          await deliver({ ...row, body: row.body });
          // The body may hold a single-use link: once delivered it is wiped.
          await db
            .updateTable('email_outbox')
            .set({ sent_at: now(), body: null, last_error: null })
            .where('id', '=', row.id)
            .execute();
          sent++;
        } catch (error) {
          const attempts = row.attempts + 1;
          const reason = shortError(error);
          const at = now();
          const final = attempts >= MAX_EMAIL_ATTEMPTS;
          logger.warn({ outboxId: row.id, attempts, final, error: reason }, 'e-mail delivery failed');
          await db
            .updateTable('email_outbox')
            .set({
              attempts,
              last_error: reason,
              ...(final
                ? { failed_at: at }
                : { next_attempt_at: new Date(at.getTime() + emailRetryDelayMs(attempts)) }),
            })
            .where('id', '=', row.id)
            .execute();
        }
      }
    }
    return sent;
  }

  function flushOutbox(): Promise<number> {
    if (!currentFlush) {
      currentFlush = flushNow().finally(() => {
        currentFlush = null;
      });
      return currentFlush;
    }
    // A flush is running and may have passed rows committed since: queue exactly one more after it,
    // shared by every caller that arrives meanwhile.
    if (!nextFlush) {
      nextFlush = currentFlush
        .catch(() => 0)
        .then(() => {
          nextFlush = null;
          return flushOutbox();
        });
    }
    return nextFlush;
  }

  function scheduleFlush(): void {
    if (closed || flushTimer) return;
    flushTimer = setTimeout(() => {
      flushTimer = null;
      if (closed) return;
      flushOutbox().catch((error: unknown) => {
        logger.error({ error: shortError(error) }, 'outbox flush failed');
      });
    }, FLUSH_DEBOUNCE_MS);
    flushTimer.unref();
  }

  /**
   * Writes one fan-out to this process's open streams: no query, and one event for everyone (the
   * notification has the same id for every recipient), so each write is the same string.
   */
  function deliverFanout(fanout: Fanout): void {
    if (delivered.has(fanout.id)) return;
    delivered.add(fanout.id);
    if (delivered.size > DELIVERED_MEMORY) delivered.delete(delivered.values().next().value as string);
    if (subscribers.size === 0) return;
    const data = {
      id: fanout.id,
      kind: fanout.kind,
      params: fanout.params,
      link: fanout.link,
      createdAt: fanout.createdAt.toISOString(),
    };
    const chunk = `event: notification\ndata: ${JSON.stringify(data)}\n\n`;
    for (const personId of fanout.personIds) {
      const senders = subscribers.get(personId);
      if (!senders) continue;
      for (const subscriber of senders) {
        try {
          if (subscriber.stream) {
            if (!subscriber.stream.writableEnded) subscriber.stream.write(chunk);
          } else {
            subscriber.send?.({ type: 'notification', data });
          }
        } catch (error) {
          logger.warn({ error: shortError(error) }, 'notification stream write failed');
        }
      }
    }
  }

  /** Another process wrote this fan-out: read its one row (not one query per stream). */
  async function loadFanout(fanoutId: string): Promise<Fanout | null> {
    const row = await db
      .selectFrom('notification_fanouts')
      .select(['id', 'kind', 'params', 'link', 'created_at', 'recipients'])
      .where('id', '=', fanoutId)
      .executeTakeFirst();
    if (!row) return null;
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

  async function onNotificationSignal(payload: string): Promise<void> {
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
    if (subscribers.size === 0 || delivered.has(signal.fanout)) return;
    const fanout = await loadFanout(signal.fanout);
    if (fanout) deliverFanout(fanout);
  }

  /** The writer, and only it, finishes a fan-out once it committed: delivery, the rows, then web pushes. */
  function finishOwn(mine: Fanout): void {
    pending.delete(mine.id);
    deliverFanout(mine);
    if (!mine.materialized) track(delay(MATERIALIZE_DELAY_MS).then(() => materialize(mine.id)));
    if (push) track(push.send(mine.personIds, mine.link));
  }

  /**
   * The signal connection was lost at `lostAt`: any fan-out committed since may have gone unheard here.
   * One query reads those created since shortly before; this process's own are finished as their
   * signal would have finished them, the others are delivered to its streams unless they already were.
   */
  async function catchUp(lostAt: Date): Promise<void> {
    if (subscribers.size === 0 && pending.size === 0) return;
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
      else if (!delivered.has(row.id))
        deliverFanout({
          id: row.id,
          materialized: true,
          personIds: unpackIds(row.recipients),
          kind: row.kind,
          params: row.params ?? {},
          link: row.link,
          createdAt: row.created_at,
          stashedAt: 0,
        });
    }
  }

  function stash(fanoutId: string, fanout: Fanout): void {
    const oldest = performance.now() - PENDING_TTL_MS;
    for (const [id, waiting] of pending) {
      if (waiting.stashedAt >= oldest && pending.size < PENDING_MAX) break;
      pending.delete(id);
    }
    pending.set(fanoutId, fanout);
  }

  function heartbeat(): void {
    if (streams.size === 0 && heartbeatTimer) {
      clearInterval(heartbeatTimer);
      heartbeatTimer = null;
    }
    for (const stream of streams.keys()) {
      if (!stream.writableEnded) stream.write(HEARTBEAT_CHUNK);
    }
  }

  function removeSubscriber(subscriber: Subscriber): void {
    const current = subscribers.get(subscriber.personId);
    if (current) {
      current.delete(subscriber);
      if (current.size === 0) subscribers.delete(subscriber.personId);
    }
    if (subscriber.stream) streams.delete(subscriber.stream);
    if (streams.size === 0 && heartbeatTimer) {
      clearInterval(heartbeatTimer);
      heartbeatTimer = null;
    }
  }

  /** One handler shared by every stream: `this` is the stream that closed. */
  function onStreamClosed(this: EventStream): void {
    const subscriber = streams.get(this);
    if (subscriber) removeSubscriber(subscriber);
  }

  function addSubscriber(subscriber: Subscriber): void {
    let senders = subscribers.get(subscriber.personId);
    if (!senders) {
      senders = new Set();
      subscribers.set(subscriber.personId, senders);
    }
    senders.add(subscriber);
  }

  function dispatch(channel: string, payload: string): void {
    if (closed) return;
    if (channel === NOTIFICATIONS_CHANNEL) {
      onNotificationSignal(payload).catch((error: unknown) => {
        logger.warn({ error: shortError(error) }, 'notification delivery failed');
      });
    } else if (channel === OUTBOX_CHANNEL) {
      scheduleFlush();
    } else if (options.extraChannels?.[channel]) {
      try {
        options.extraChannels[channel](payload);
      } catch (error) {
        logger.warn({ error: shortError(error) }, 'signal handler failed');
      }
    } else if (channel === SESSIONS_CHANNEL) {
      try {
        options.onSessionMessage?.(payload);
      } catch (error) {
        logger.warn({ error: shortError(error) }, 'session signal handler failed');
      }
      // A revoked session loses its open streams; a person whose sessions were all revoked loses all of theirs.
      if (payload.startsWith('person:')) disconnect(payload.slice('person:'.length));
      else if (payload.startsWith('session:')) disconnectSession(payload.slice('session:'.length));
    }
  }

  function close(subscriber: Subscriber): void {
    try {
      if (subscriber.stream) {
        streams.delete(subscriber.stream);
        if (!subscriber.stream.writableEnded) subscriber.stream.end();
      } else subscriber.send?.({ type: 'disconnect', data: {} });
    } catch {
      // The stream is already gone.
    }
  }

  function disconnect(personId: string): void {
    const senders = subscribers.get(personId);
    if (!senders) return;
    subscribers.delete(personId);
    for (const subscriber of senders) close(subscriber);
  }

  function disconnectSession(sessionId: string): void {
    for (const [personId, senders] of subscribers) {
      for (const subscriber of senders) {
        if (subscriber.sessionId !== sessionId) continue;
        senders.delete(subscriber);
        close(subscriber);
      }
      if (senders.size === 0) subscribers.delete(personId);
    }
  }

  async function listenPglite(): Promise<void> {
    const pglite = database.pglite;
    if (!pglite) throw new Error('PGlite database without its handle');
    for (const channel of [
      NOTIFICATIONS_CHANNEL,
      OUTBOX_CHANNEL,
      SESSIONS_CHANNEL,
      ...Object.keys(options.extraChannels ?? {}),
    ]) {
      // LISTEN goes straight to PGlite's single connection: take it through Kysely first, or it could
      // land inside someone's open transaction and vanish with its rollback.
      const unlisten = await db
        .connection()
        .execute(() => pglite.listen(channel, (payload) => dispatch(channel, payload)));
      pgliteUnlisten.push(unlisten);
    }
  }

  /**
   * After the signal connection was lost and is back: e-mails signalled meanwhile wait in the outbox
   * (flush), the owner re-reads what it keeps because of signals (revoked sessions close their streams
   * there), then the fan-outs committed meanwhile reach the streams that are still open.
   */
  async function reconcile(lostAt: Date): Promise<void> {
    scheduleFlush();
    await options.onListenerRestored?.();
    await catchUp(lostAt);
  }

  function listenPostgres(): Promise<void> {
    const connectionString = database.pool?.options.connectionString ?? config.databaseUrl;
    if (!connectionString) throw new Error('no PostgreSQL connection string to listen on');
    const signals = createSignalListener({
      connectionString,
      timeouts: database.timeouts,
      channels: [
        NOTIFICATIONS_CHANNEL,
        OUTBOX_CHANNEL,
        SESSIONS_CHANNEL,
        ...Object.keys(options.extraChannels ?? {}),
      ],
      onSignal: dispatch,
      onRestored: reconcile,
      now,
      log: {
        info: (message) => logger.info(message),
        warn: (details, message) => logger.warn(details, message),
      },
    });
    listener = signals;
    return signals.start();
  }

  async function queueEmails(trx: Transaction<DB>, messages: readonly EmailMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const at = now();
    const rows = messages.map((message) => {
      const { subject, body } = renderTemplate(message.locale, message.template, message.params);
      const id = randomUUID();
      return {
        id,
        to_address: message.to,
        subject,
        body: keyring.encrypt(body, `email_outbox.body:${id}`),
        kind: message.template,
        created_at: at,
        next_attempt_at: at,
      };
    });
    for (let start = 0; start < rows.length; start += 500) {
      await trx
        .insertInto('email_outbox')
        .values(rows.slice(start, start + 500))
        .execute();
    }
    await sql`select pg_notify(${OUTBOX_CHANNEL}, '')`.execute(trx);
  }

  return {
    async queueEmail(trx, message) {
      await queueEmails(trx, [message]);
    },

    queueEmails,

    async notify(trx, recipients, notification: InAppNotification) {
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

    subscribe(personId, sessionId, send) {
      const subscriber: Subscriber = { personId, sessionId, stream: null, send };
      addSubscriber(subscriber);
      return () => removeSubscriber(subscriber);
    },

    attachStream(personId, sessionId, stream) {
      const subscriber: Subscriber = { personId, sessionId, stream, send: null };
      addSubscriber(subscriber);
      streams.set(stream, subscriber);
      // `on`, not `once`: `once` wraps the shared handler in a new closure per stream.
      stream.on('close', onStreamClosed);
      stream.on('error', onStreamClosed);
      if (!heartbeatTimer && !closed) {
        heartbeatTimer = setInterval(heartbeat, HEARTBEAT_MS);
        heartbeatTimer.unref();
      }
    },

    openStreams() {
      return streams.size;
    },

    endStreams() {
      for (const personId of [...subscribers.keys()]) disconnect(personId);
    },

    async settled() {
      while (background.size > 0) await Promise.allSettled([...background]);
    },

    disconnect,

    disconnectSession,

    openSessions() {
      const ids = new Set<string>();
      for (const senders of subscribers.values())
        for (const subscriber of senders) ids.add(subscriber.sessionId);
      return [...ids];
    },

    flushOutbox,

    async start() {
      if (started || closed) return;
      started = true;
      try {
        if (database.engine === 'pglite') await listenPglite();
        else await listenPostgres();
      } catch (error) {
        started = false;
        await listener?.close();
        listener = null;
        throw error;
      }
      // E-mails queued while no process was listening.
      scheduleFlush();
    },

    async close() {
      if (closed) return;
      closed = true;
      if (flushTimer) clearTimeout(flushTimer);
      if (heartbeatTimer) clearInterval(heartbeatTimer);
      heartbeatTimer = null;
      pending.clear();
      flushTimer = null;
      for (const personId of [...subscribers.keys()]) disconnect(personId);
      const pglite = database.pglite;
      if (pglite && !pglite.closed) {
        for (const unlisten of pgliteUnlisten.splice(0)) {
          await db
            .connection()
            .execute(() => unlisten())
            .catch(() => {});
        }
      }
      if (listener) {
        const signals = listener;
        listener = null;
        await signals.close();
      }
      await Promise.allSettled([currentFlush, nextFlush, ...background]);
      mailer?.close();
      mailer = null;
    },
  };
}

/**
 * The e-mail outbox: messages are rows written in the transaction of the change that causes them,
 * signalled on commit, and sent afterwards outside any transaction, each claimed under a lease so
 * several Filet processes never send one twice. Failed sends are retried with back-off.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { sql, type Transaction } from 'kysely';
import type { Keyring } from '../crypto/keyring.js';
import type { Database } from '../db/database.js';
import type { DB } from '../db/schema.js';
import { renderEmailTemplate } from './email-template.js';
import type { MailTransport } from './mail-transport.js';
import type { EmailMessage } from './notify.js';
import { shortError } from './short-error.js';
import { OUTBOX_CHANNEL } from './signals.js';

/** After this many failed deliveries an e-mail is marked failed and left alone. */
export const MAX_EMAIL_ATTEMPTS = 8;
/** A row claimed for delivery is hidden from other processes this long; a crash mid-send retries after it. */
const DELIVERY_LEASE_MS = 5 * 60 * 1000;
const FLUSH_BATCH = 20;
/** One flush delivers at most this many e-mails; the next signal or tick continues. */
const FLUSH_LIMIT = 500;
/** Signals arriving together (a bulk invitation) are served by one flush. */
const FLUSH_DEBOUNCE_MS = 50;

/** Delay before the next delivery attempt: 1 min, 2, 4, ... capped at 6 h. */
export function emailRetryDelayMs(attempts: number): number {
  return Math.min(60_000 * 2 ** Math.max(0, attempts - 1), 6 * 60 * 60 * 1000);
}

export interface Outbox {
  /** Renders and seals the messages, writes them with one insert per 500, and signals the outbox. */
  queueEmails(trx: Transaction<DB>, messages: readonly EmailMessage[]): Promise<void>;
  /** Delivers due e-mails; a call during a flush is served by exactly one more flush after it. */
  flush(): Promise<number>;
  /** Flushes shortly, once for every signal that arrives meanwhile. */
  scheduleFlush(): void;
  /** Cancels a scheduled flush (the notifier is closing). */
  stop(): void;
  /** The flushes still running, for the notifier's close to wait on. */
  inFlight(): Array<Promise<number> | null>;
}

export function createOutbox(options: {
  database: Database;
  keyring: Keyring;
  transport: MailTransport;
  logger: FastifyBaseLogger;
  now: () => Date;
  closed: () => boolean;
  /** Housekeeping the periodic flush also does (it never throws). */
  beforeFlush: () => Promise<void>;
}): Outbox {
  const { keyring, transport, logger, now, closed } = options;
  const { db } = options.database;
  let currentFlush: Promise<number> | null = null;
  let nextFlush: Promise<number> | null = null;
  let flushTimer: NodeJS.Timeout | null = null;

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
    await options.beforeFlush();
    let sent = 0;
    let handled = 0;
    while (handled < FLUSH_LIMIT && !closed()) {
      const batch = await claimBatch(now());
      if (batch.length === 0) break;
      for (const row of batch) {
        handled++;
        try {
          if (row.body === null) throw new Error('no body to send');
          await transport.send({ ...row, body: row.body });
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

  function flush(): Promise<number> {
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
          return flush();
        });
    }
    return nextFlush;
  }

  return {
    async queueEmails(trx, messages) {
      if (messages.length === 0) return;
      const at = now();
      const rows = messages.map((message) => {
        const { subject, body } = renderEmailTemplate(message.locale, message.template, message.params);
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
    },

    flush,

    scheduleFlush() {
      if (closed() || flushTimer) return;
      flushTimer = setTimeout(() => {
        flushTimer = null;
        if (closed()) return;
        flush().catch((error: unknown) => {
          logger.error({ error: shortError(error) }, 'outbox flush failed');
        });
      }, FLUSH_DEBOUNCE_MS);
      flushTimer.unref();
    },

    stop() {
      if (flushTimer) clearTimeout(flushTimer);
      flushTimer = null;
    },

    inFlight() {
      return [currentFlush, nextFlush];
    },
  };
}

/**
 * The LISTEN side of every cross-process signal: new notifications, queued e-mails, revoked sessions
 * and the platform's other channels (key rotation). Signals are sent with pg_notify inside the
 * writer's transaction, so only committed work is ever heard. On PGlite the database's own connection
 * listens; on PostgreSQL a dedicated connection that reconnects and reconciles after a loss.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import { createSignalListener, type SignalListener } from '../db/listener.js';
import type { LiveStreams } from './live-streams.js';
import { shortError } from './short-error.js';

export const NOTIFICATIONS_CHANNEL = 'filet_notifications';
export const OUTBOX_CHANNEL = 'filet_outbox';
export const SESSIONS_CHANNEL = 'filet_sessions';

export interface Signals {
  /** Starts listening on every channel; on failure nothing stays open and the error is thrown. */
  listen(): Promise<void>;
  /** Stops listening. */
  close(): Promise<void>;
}

export function createSignals(options: {
  database: Database;
  config: Config;
  logger: FastifyBaseLogger;
  now: () => Date;
  closed: () => boolean;
  /** The streams a revoked session or person loses. */
  streams: Pick<LiveStreams, 'disconnect' | 'disconnectSession'>;
  onNotification: (payload: string) => Promise<void>;
  onOutbox: () => void;
  /** Called with the payload of each `filet_sessions` signal (sessions revoked by any process). */
  onSessionMessage?: (payload: string) => void;
  /** Other platform signals to hear on the same connection (channel → handler), e.g. key rotation. */
  extraChannels?: Record<string, (payload: string) => void>;
  /** The signal connection is back after being lost at `lostAt`: read again what signals would have said. */
  onRestored: (lostAt: Date) => Promise<void>;
}): Signals {
  const { database, config, logger, now, closed, streams } = options;
  const { db } = database;
  const channels = [
    NOTIFICATIONS_CHANNEL,
    OUTBOX_CHANNEL,
    SESSIONS_CHANNEL,
    ...Object.keys(options.extraChannels ?? {}),
  ];
  // LISTEN state: PGlite unsubscribe functions, or the dedicated PostgreSQL connection.
  const pgliteUnlisten: Array<() => Promise<void>> = [];
  let listener: SignalListener | null = null;

  function dispatch(channel: string, payload: string): void {
    if (closed()) return;
    if (channel === NOTIFICATIONS_CHANNEL) {
      options.onNotification(payload).catch((error: unknown) => {
        logger.warn({ error: shortError(error) }, 'notification delivery failed');
      });
    } else if (channel === OUTBOX_CHANNEL) {
      options.onOutbox();
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
      // A revoked session loses its open streams; a person whose sessions were all revoked loses all of
      // theirs. The payload is `kind:id`, with the change's nonce after a third colon.
      const [kind, id] = payload.split(':');
      if (id && kind === 'person') streams.disconnect(id);
      else if (id && kind === 'session') streams.disconnectSession(id);
    }
  }

  async function listenPglite(): Promise<void> {
    const pglite = database.pglite;
    if (!pglite) throw new Error('PGlite database without its handle');
    for (const channel of channels) {
      // LISTEN goes straight to PGlite's single connection: take it through Kysely first, or it could
      // land inside someone's open transaction and vanish with its rollback.
      const unlisten = await db
        .connection()
        .execute(() => pglite.listen(channel, (payload) => dispatch(channel, payload)));
      pgliteUnlisten.push(unlisten);
    }
  }

  function listenPostgres(): Promise<void> {
    const connectionString = database.pool?.options.connectionString ?? config.databaseUrl;
    if (!connectionString) throw new Error('no PostgreSQL connection string to listen on');
    const signals = createSignalListener({
      connectionString,
      timeouts: database.timeouts,
      channels,
      onSignal: dispatch,
      onRestored: options.onRestored,
      now,
      log: {
        info: (message) => logger.info(message),
        warn: (details, message) => logger.warn(details, message),
      },
    });
    listener = signals;
    return signals.start();
  }

  return {
    async listen() {
      try {
        if (database.engine === 'pglite') await listenPglite();
        else await listenPostgres();
      } catch (error) {
        await listener?.close();
        listener = null;
        throw error;
      }
    },

    async close() {
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
    },
  };
}

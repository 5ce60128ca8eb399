import pg from 'pg';
import { settleWithin } from './database.js';
import { faultCode } from './faults.js';
import { connectionSettings, type DatabaseTimeouts } from './pool.js';

/** First wait before reconnecting; it doubles on each failure up to RECONNECT_MAX_MS. */
const RECONNECT_FIRST_MS = 500;
const RECONNECT_MAX_MS = 30_000;
/** How often the connection is asked to answer: a silent network loses no error, only answers. */
export const LISTEN_HEARTBEAT_MS = 10_000;

export interface SignalListener {
  /** Opens the connection and listens; throws when the database cannot be reached now. */
  start(): Promise<void>;
  /** True while the connection is up and listening. */
  listening(): boolean;
  close(): Promise<void>;
}

interface Log {
  info(message: string): void;
  warn(details: Record<string, unknown>, message: string): void;
}

/**
 * A dedicated PostgreSQL connection that LISTENs to Filet's signal channels and keeps doing so: a
 * connection that drops (restart, failover, reset) or stops answering its heartbeat is replaced with
 * back-off, and the channels are listened to again. Signals sent while it was away are lost — NOTIFY is
 * not queued for absent listeners — so `onRestored` runs after every reconnection for the owner to
 * reconcile (re-read what the signals would have said). A reconciliation that fails drops the connection
 * again, so it is retried with the next one. Nothing it does can throw into the process.
 */
export function createSignalListener(options: {
  connectionString: string;
  timeouts: DatabaseTimeouts;
  channels: readonly string[];
  onSignal: (channel: string, payload: string) => void;
  /** The connection dropped: from now on signals may be missed. */
  onLost?: () => void;
  /** Listening again after a loss (at `lostAt`, by `now`): reconcile what may have been missed since. */
  onRestored: (lostAt: Date) => Promise<void>;
  log: Log;
  now: () => Date;
  heartbeatMs?: number;
}): SignalListener {
  const heartbeatMs = options.heartbeatMs ?? LISTEN_HEARTBEAT_MS;
  // The heartbeat's answer is expected as fast as a connection opens, with a floor for slow networks.
  const answerMs = Math.max(options.timeouts.connectMs || 5_000, 1_000);
  let client: pg.Client | null = null;
  let closed = false;
  /** When the connection was lost, until a reconciliation succeeded. */
  let lostAt: Date | null = null;
  let attempt = 0;
  let reconnectTimer: NodeJS.Timeout | null = null;
  let heartbeatTimer: NodeJS.Timeout | null = null;

  function stopHeartbeat(): void {
    if (heartbeatTimer) clearTimeout(heartbeatTimer);
    heartbeatTimer = null;
  }

  function drop(current: pg.Client, reason: string): void {
    if (client !== current) return;
    client = null;
    stopHeartbeat();
    current.removeAllListeners('notification');
    // `end` on a connection that no longer answers destroys its socket at once.
    void current.end().catch(() => {});
    if (closed) return;
    if (!lostAt) {
      lostAt = options.now();
      options.log.warn({ reason }, 'signal listener lost its connection; reconnecting');
      try {
        options.onLost?.();
      } catch {
        // The owner's bookkeeping must not stop the reconnection.
      }
    }
    scheduleReconnect();
  }

  function scheduleReconnect(): void {
    if (closed || reconnectTimer) return;
    const wait = Math.min(RECONNECT_FIRST_MS * 2 ** attempt, RECONNECT_MAX_MS);
    attempt++;
    // Up to a quarter less, so the nodes of a cluster do not all knock at the same instant.
    reconnectTimer = setTimeout(
      () => {
        reconnectTimer = null;
        connect().catch((error: unknown) => {
          options.log.warn({ reason: faultCode(error) }, 'signal listener could not reconnect yet');
          scheduleReconnect();
        });
      },
      wait - Math.floor(Math.random() * (wait / 4)),
    );
    reconnectTimer.unref();
  }

  /** The next heartbeat, once the previous one was answered (never two at a time). */
  function scheduleHeartbeat(current: pg.Client): void {
    heartbeatTimer = setTimeout(() => heartbeat(current), heartbeatMs);
    heartbeatTimer.unref();
  }

  function heartbeat(current: pg.Client): void {
    heartbeatTimer = null;
    if (client !== current) return;
    let answered = false;
    const timer = setTimeout(() => {
      if (!answered) drop(current, 'no answer to the heartbeat');
    }, answerMs);
    timer.unref();
    current.query('select 1').then(
      () => {
        answered = true;
        clearTimeout(timer);
        if (client === current) scheduleHeartbeat(current);
      },
      (error: unknown) => {
        answered = true;
        clearTimeout(timer);
        drop(current, faultCode(error));
      },
    );
  }

  async function connect(): Promise<void> {
    if (closed) return;
    const candidate = new pg.Client({
      connectionString: options.connectionString,
      application_name: 'filet-listener',
      ...connectionSettings(options.timeouts),
    });
    // From here to its end, the client always has an error listener: an unheard `error` ends the process.
    candidate.on('error', (error) => drop(candidate, faultCode(error)));
    candidate.on('end', () => drop(candidate, 'connection ended'));
    candidate.on('notification', (message) => {
      try {
        options.onSignal(message.channel, message.payload ?? '');
      } catch (error) {
        options.log.warn({ reason: faultCode(error) }, 'signal handler failed');
      }
    });
    // A network that goes silent right after the connection opened must not hold the LISTENs forever:
    // ending the client fails the statement it waits for.
    const setup = setTimeout(() => void candidate.end().catch(() => {}), 2 * answerMs);
    try {
      await candidate.connect();
      for (const channel of options.channels) await candidate.query(`LISTEN ${channel}`);
    } catch (error) {
      candidate.removeAllListeners('notification');
      await candidate.end().catch(() => {});
      throw error;
    } finally {
      clearTimeout(setup);
    }
    if (closed) {
      await candidate.end().catch(() => {});
      return;
    }
    client = candidate;
    scheduleHeartbeat(candidate);
    const since = lostAt;
    if (!since) {
      attempt = 0;
      return;
    }
    try {
      await options.onRestored(since);
    } catch (error) {
      // Still missing what was lost: try again with a fresh connection.
      options.log.warn({ reason: faultCode(error) }, 'reconciliation after reconnecting failed');
      drop(candidate, 'reconciliation failed');
      return;
    }
    if (client !== candidate) return;
    lostAt = null;
    attempt = 0;
    options.log.info('signal listener reconnected');
  }

  return {
    start: () => connect(),
    listening: () => client !== null && lostAt === null,
    async close() {
      closed = true;
      if (reconnectTimer) clearTimeout(reconnectTimer);
      reconnectTimer = null;
      stopHeartbeat();
      const current = client;
      client = null;
      if (current) {
        current.removeAllListeners('notification');
        await settleWithin(current.end(), answerMs);
      }
    },
  };
}

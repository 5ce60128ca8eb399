/**
 * The notification service as one object for the platform: it assembles the e-mail outbox, the
 * open event streams, the in-app fan-out with its web pushes, and the signals that tie Filet's
 * processes together, and owns their start and close.
 */
import type { Agent } from 'node:https';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config.js';
import type { Keyring } from '../crypto/keyring.js';
import type { Database } from '../db/database.js';
import { createFanouts } from './fanout.js';
import { createLiveStreams } from './live-streams.js';
import { createMailTransport } from './mail-transport.js';
import type { Notifier } from './notify.js';
import { createOutbox } from './outbox.js';
import { createPushSender } from './push.sender.js';
import { createSignals } from './signals.js';

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
  let closed = false;
  let started = false;
  const isClosed = () => closed;

  const streams = createLiveStreams({ logger, closed: isClosed });
  const push = config.vapid
    ? createPushSender({
        db: database.db,
        keyring,
        vapid: config.vapid,
        logger,
        now,
        agent: options.pushAgent,
      })
    : null;
  const fanouts = createFanouts({ database, streams, push, logger, now });
  const transport = createMailTransport({ keyring, config, logger, now });
  const outbox = createOutbox({
    database,
    keyring,
    transport,
    logger,
    now,
    closed: isClosed,
    beforeFlush: fanouts.takeOverAbandoned,
  });
  const signals = createSignals({
    database,
    config,
    logger,
    now,
    closed: isClosed,
    streams,
    onNotification: fanouts.onSignal,
    onOutbox: outbox.scheduleFlush,
    onSessionMessage: options.onSessionMessage,
    extraChannels: options.extraChannels,
    /**
     * E-mails signalled meanwhile wait in the outbox (flush), the owner re-reads what it keeps because
     * of signals (revoked sessions close their streams there), then the fan-outs committed meanwhile
     * reach the streams that are still open.
     */
    onRestored: async (lostAt) => {
      outbox.scheduleFlush();
      await options.onListenerRestored?.();
      await fanouts.catchUp(lostAt);
    },
  });

  return {
    async queueEmail(trx, message) {
      await outbox.queueEmails(trx, [message]);
    },
    queueEmails: outbox.queueEmails,
    notify: fanouts.notify,
    subscribe: streams.subscribe,
    attachStream: streams.attach,
    openStreams: streams.count,
    endStreams: streams.endAll,
    settled: fanouts.settled,
    disconnect: streams.disconnect,
    disconnectSession: streams.disconnectSession,
    openSessions: streams.openSessions,
    flushOutbox: outbox.flush,

    async start() {
      if (started || closed) return;
      started = true;
      try {
        await signals.listen();
      } catch (error) {
        started = false;
        throw error;
      }
      // E-mails queued while no process was listening.
      outbox.scheduleFlush();
    },

    async close() {
      if (closed) return;
      closed = true;
      outbox.stop();
      streams.close();
      fanouts.stop();
      await signals.close();
      await Promise.allSettled([...outbox.inFlight(), ...fanouts.inFlight()]);
      transport.close();
    },
  };
}

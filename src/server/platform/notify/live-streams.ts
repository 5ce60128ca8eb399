/**
 * The event streams this process holds open, by person and session: one shared heartbeat, one shared
 * close handler, and writes of the same serialised event to every stream that should have it.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { EventStream, StreamEvent } from './notify.js';
import { shortError } from './short-error.js';

/** A comment line on every open stream keeps proxies and browsers from closing an idle one. */
export const HEARTBEAT_MS = 25_000;
const HEARTBEAT_CHUNK = ': heartbeat\n\n';

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

export interface LiveStreams {
  /** Registers a callback as one session's stream; returns the function that unregisters it. */
  subscribe(personId: string, sessionId: string, send: Sender): () => void;
  /** Registers a raw event stream of one session; it is forgotten when it closes. */
  attach(personId: string, sessionId: string, stream: EventStream): void;
  /** Writes one event to every open stream of these people: serialised once, the same bytes for all. */
  send(personIds: readonly string[], type: string, data: Record<string, unknown>): void;
  /** True when this process holds no stream at all. */
  isEmpty(): boolean;
  /** How many raw streams are open. */
  count(): number;
  /** Closes every open stream of a person. */
  disconnect(personId: string): void;
  /** Closes the open streams of one session. */
  disconnectSession(sessionId: string): void;
  /** The sessions holding an open stream. */
  openSessions(): string[];
  /** Closes every open stream. */
  endAll(): void;
  /** Stops the heartbeat and closes every open stream (the notifier is closing). */
  close(): void;
}

export function createLiveStreams(options: {
  logger: FastifyBaseLogger;
  closed: () => boolean;
}): LiveStreams {
  const { logger, closed } = options;
  const subscribers = new Map<string, Set<Subscriber>>();
  /** Raw streams this process writes to, for the shared heartbeat and the shared close handler. */
  const streams = new Map<EventStream, Subscriber>();
  let heartbeatTimer: NodeJS.Timeout | null = null;

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

  function endAll(): void {
    for (const personId of [...subscribers.keys()]) disconnect(personId);
  }

  return {
    subscribe(personId, sessionId, send) {
      const subscriber: Subscriber = { personId, sessionId, stream: null, send };
      addSubscriber(subscriber);
      return () => removeSubscriber(subscriber);
    },

    attach(personId, sessionId, stream) {
      const subscriber: Subscriber = { personId, sessionId, stream, send: null };
      addSubscriber(subscriber);
      streams.set(stream, subscriber);
      // `on`, not `once`: `once` wraps the shared handler in a new closure per stream.
      stream.on('close', onStreamClosed);
      stream.on('error', onStreamClosed);
      if (!heartbeatTimer && !closed()) {
        heartbeatTimer = setInterval(heartbeat, HEARTBEAT_MS);
        heartbeatTimer.unref();
      }
    },

    send(personIds, type, data) {
      const chunk = `event: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
      for (const personId of personIds) {
        const senders = subscribers.get(personId);
        if (!senders) continue;
        for (const subscriber of senders) {
          try {
            if (subscriber.stream) {
              if (!subscriber.stream.writableEnded) subscriber.stream.write(chunk);
            } else {
              subscriber.send?.({ type, data });
            }
          } catch (error) {
            logger.warn({ error: shortError(error) }, 'notification stream write failed');
          }
        }
      }
    },

    isEmpty() {
      return subscribers.size === 0;
    },

    count() {
      return streams.size;
    },

    disconnect,

    disconnectSession(sessionId) {
      for (const [personId, senders] of subscribers) {
        for (const subscriber of senders) {
          if (subscriber.sessionId !== sessionId) continue;
          senders.delete(subscriber);
          close(subscriber);
        }
        if (senders.size === 0) subscribers.delete(personId);
      }
    },

    openSessions() {
      const ids = new Set<string>();
      for (const senders of subscribers.values())
        for (const subscriber of senders) ids.add(subscriber.sessionId);
      return [...ids];
    },

    endAll,

    close() {
      if (heartbeatTimer) clearInterval(heartbeatTimer);
      heartbeatTimer = null;
      endAll();
    },
  };
}

/**
 * The tab's one connection to the server's event stream (`/api/notifications/stream`), shared by the
 * header and every page: opened with the first subscriber, closed with the last. Subscribers name the
 * event type they want and receive its data parsed. The browser's EventSource reconnects by itself
 * after a drop; a stream the server refused (signed out) is opened again by the next subscriber.
 */

const STREAM_URL = '/api/notifications/stream';

type Handler = (data: unknown) => void;

const handlers = new Map<string, Set<Handler>>();
let source: EventSource | null = null;

function deliver(event: Event): void {
  const subscribers = handlers.get(event.type);
  if (!subscribers || !(event instanceof MessageEvent)) return;
  let data: unknown;
  try {
    data = JSON.parse(String(event.data));
  } catch {
    // Not an event of ours.
    return;
  }
  for (const handler of [...subscribers]) {
    try {
      handler(data);
    } catch {
      // One page's failure does not keep the event from the others.
    }
  }
}

function openSource(): EventSource {
  if (source && source.readyState !== EventSource.CLOSED) return source;
  source?.close();
  const opened = new EventSource(STREAM_URL);
  for (const type of handlers.keys()) opened.addEventListener(type, deliver);
  source = opened;
  return opened;
}

function closeIfUnused(): void {
  if (handlers.size > 0 || !source) return;
  source.close();
  source = null;
}

/**
 * Calls `handler` with the data of every `type` event of the tab's stream; returns the function that
 * stops it. Does nothing where the browser has no EventSource.
 */
export function subscribeToEvents(type: string, handler: Handler): () => void {
  if (typeof EventSource === 'undefined') return () => undefined;
  let subscribers = handlers.get(type);
  const firstOfType = !subscribers;
  if (!subscribers) {
    subscribers = new Set();
    handlers.set(type, subscribers);
  }
  subscribers.add(handler);
  const current = source;
  const opened = openSource();
  // A source just opened already listens to every type; an existing one learns a new type here.
  if (opened === current && firstOfType) opened.addEventListener(type, deliver);
  return () => {
    const set = handlers.get(type);
    if (!set?.delete(handler)) return;
    if (set.size === 0) {
      handlers.delete(type);
      source?.removeEventListener(type, deliver);
    }
    closeIfUnused();
  };
}

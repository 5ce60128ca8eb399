import type { Transaction } from 'kysely';
import type { Locale } from '../../../shared/roles.js';
import type { DB } from '../db/schema.js';

/**
 * An e-mail to queue. The subject and body come from the server catalogue:
 * `email.<template>.subject` and `email.<template>.body`, interpolated with `params`.
 */
export interface EmailMessage {
  to: string;
  locale: Locale;
  template: string;
  params: Record<string, string | number>;
}

export interface InAppNotification {
  /** Catalogue key suffix for the web app: `notifications.<kind>`. */
  kind: string;
  /** Non-restricted values only: the notification links to a record, which checks access itself. */
  params?: Record<string, string | number>;
  /** Path inside the web app, e.g. `/personnes/<id>`. */
  link?: string;
}

/** Delivered to a person's open server-sent-event streams. */
export interface StreamEvent {
  type: string;
  data: Record<string, unknown>;
}

/**
 * Where the notifier writes the server-sent events of one open stream. A Node `ServerResponse`
 * satisfies it: the notifier keeps the stream itself (no closure per connection) and listens to its
 * `close` and `error` with one shared handler.
 */
export interface EventStream {
  write(chunk: string): boolean;
  end(): unknown;
  readonly writableEnded: boolean;
  on(event: 'close' | 'error', listener: (this: EventStream) => void): unknown;
}

/**
 * The one notification service modules call. Both write methods work inside the caller's transaction
 * and signal with pg_notify, which PostgreSQL (and PGlite) delivers only on commit: nothing is pushed
 * or sent for work that rolled back, and every Filet process hears it.
 */
export interface Notifier {
  queueEmail(trx: Transaction<DB>, message: EmailMessage): Promise<void>;
  /** Queues several e-mails with one insert and one signal: what a batch of registrations sends. */
  queueEmails(trx: Transaction<DB>, messages: readonly EmailMessage[]): Promise<void>;
  /**
   * Notifies every recipient of one event and signals the whole fan-out with ONE pg_notify. Pass all
   * the recipients in one call — an alert to 5,000 pivots is one call, not 5,000. After commit, open
   * streams receive it at once and the recipients' opted-in devices get a content-free web push. Each
   * recipient gets a row in `notifications` (the list): written in this transaction up to
   * INLINE_ROWS_MAX recipients, in one batch right after the delivery above it. Duplicate ids count once;
   * throws when a recipient is not a uuid.
   */
  notify(
    trx: Transaction<DB>,
    recipients: string | readonly string[],
    notification: InAppNotification,
  ): Promise<void>;
  /**
   * Registers an open stream of one session; returns the function that unregisters it. The stream is
   * told to close (event `disconnect`) when that session or all of the person's sessions are revoked.
   */
  subscribe(personId: string, sessionId: string, send: (event: StreamEvent) => void): () => void;
  /**
   * Registers an open server-sent-event stream of one session. The notifier writes events and the
   * shared heartbeat to it, ends it when the session is revoked, and forgets it when it closes.
   */
  attachStream(personId: string, sessionId: string, stream: EventStream): void;
  /** How many streams this process holds open (metrics, benchmarks). */
  openStreams(): number;
  /** Ends every open stream (the server is closing). */
  endStreams(): void;
  /** Closes every open stream of a person (sign-out, disabled account). */
  disconnect(personId: string): void;
  /** Closes the open streams of one session (revoked). */
  disconnectSession(sessionId: string): void;
  /** The sessions holding an open stream in this process. */
  openSessions(): string[];
  /** Delivers due e-mails from the outbox; returns how many were sent. */
  flushOutbox(): Promise<number>;
  /**
   * Resolves once the work started after commits so far is done: the rows of large fan-outs and the
   * web pushes (tests, benchmarks; `close` waits for it too).
   */
  settled(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

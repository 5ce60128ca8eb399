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
 * The one notification service modules call. Both methods write inside the caller's transaction and
 * signal with pg_notify, which PostgreSQL (and PGlite) delivers only on commit: nothing is pushed or
 * sent for work that rolled back, and every Filet process hears it.
 */
export interface Notifier {
  queueEmail(trx: Transaction<DB>, message: EmailMessage): Promise<void>;
  notify(trx: Transaction<DB>, personId: string, notification: InAppNotification): Promise<void>;
  /**
   * Registers an open stream of one session; returns the function that unregisters it. The stream is
   * told to close (event `disconnect`) when that session or all of the person's sessions are revoked.
   */
  subscribe(personId: string, sessionId: string, send: (event: StreamEvent) => void): () => void;
  /** Closes every open stream of a person (sign-out, disabled account). */
  disconnect(personId: string): void;
  /** Delivers due e-mails from the outbox; returns how many were sent. */
  flushOutbox(): Promise<number>;
  start(): Promise<void>;
  close(): Promise<void>;
}

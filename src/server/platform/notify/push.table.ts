import type { ColumnType } from 'kysely';

/** Kysely types of the web-push subscription table (migrations/0011_web_push.sql). */
export interface PushSubscriptionsTable {
  id: string;
  person_id: string;
  /** SHA-256 of the endpoint: finds a device again without decrypting every row. */
  endpoint_hash: Buffer;
  /** Sealed with the keyring (`push_subscriptions.endpoint:<id>`). */
  endpoint: string;
  /** Sealed JSON `{ p256dh, auth }` (`push_subscriptions.keys:<id>`). */
  keys: string;
  label: string;
  locale: string;
  created_at: ColumnType<Date, Date | undefined, never>;
  last_success_at: Date | null;
  last_failure_at: Date | null;
  failures: ColumnType<number, number | undefined, number>;
}

export interface PushTables {
  push_subscriptions: PushSubscriptionsTable;
}

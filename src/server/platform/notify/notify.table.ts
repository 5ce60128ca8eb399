import type { ColumnType, Generated } from 'kysely';

export interface EmailOutboxTable {
  id: string;
  to_address: string;
  subject: string;
  body: string | null;
  kind: string;
  created_at: ColumnType<Date, Date | undefined, never>;
  next_attempt_at: ColumnType<Date, Date | undefined, Date>;
  attempts: ColumnType<number, number | undefined, number>;
  sent_at: Date | null;
  failed_at: Date | null;
  last_error: string | null;
}

export interface NotificationsTable {
  id: Generated<string>;
  person_id: string;
  kind: string;
  params: ColumnType<Record<string, string | number>, string | undefined, string>;
  link: string | null;
  created_at: ColumnType<Date, Date | undefined, never>;
  read_at: Date | null;
}

/** One `notify` call (migrations/0011_web_push.sql): its event and its recipients, packed. */
export interface NotificationFanoutsTable {
  id: string;
  kind: string;
  params: ColumnType<Record<string, string | number>, string, never>;
  link: string | null;
  created_at: Date;
  recipient_count: number;
  /** 16 bytes per person id, in order (see `packIds`). */
  recipients: ColumnType<Buffer, Buffer, never>;
  materialized_at: Date | null;
}

export interface NotifyTables {
  email_outbox: EmailOutboxTable;
  notifications: NotificationsTable;
  notification_fanouts: NotificationFanoutsTable;
}

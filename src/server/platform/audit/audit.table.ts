import type { ColumnType } from 'kysely';

type Generated<T> = ColumnType<T, never, never>;

export interface AuditLogTable {
  seq: number;
  entry: string;
  prev_hash: string;
  hash: string;
  at_utc: Generated<string>;
  actor_id: Generated<string | null>;
  action: Generated<string>;
  target_type: Generated<string | null>;
  target_id: Generated<string | null>;
  outcome: Generated<string>;
}

export interface AuditTables {
  audit_log: AuditLogTable;
}

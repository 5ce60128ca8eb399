import type { ColumnType, Generated } from 'kysely';

export interface JobSchedulesTable {
  name: string;
  cron: string;
  next_run_at: Date;
  locked_until: Date | null;
  last_started_at: Date | null;
  last_finished_at: Date | null;
  last_error: string | null;
}

export interface JobQueueTable {
  id: Generated<number>;
  name: string;
  payload: ColumnType<Record<string, unknown>, string | undefined, string>;
  run_at: ColumnType<Date, Date | undefined, Date>;
  singleton_key: string | null;
  attempts: ColumnType<number, number | undefined, number>;
  max_attempts: ColumnType<number, number | undefined, number>;
  locked_until: Date | null;
  done_at: Date | null;
  failed_at: Date | null;
  last_error: string | null;
  created_at: ColumnType<Date, Date | undefined, never>;
}

export interface JobTables {
  job_schedules: JobSchedulesTable;
  job_queue: JobQueueTable;
}

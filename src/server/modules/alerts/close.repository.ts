import type { Executor } from '../../platform/db/database.js';
import type { AlertInsert } from './alerts.table.js';

/** SQL of the close, the return interview, the de-identified facts written then, and the purge. */

/** What the close writes on an alert besides its status. */
export interface CloseValues {
  closed_at: Date;
  closed_by: string;
  outcome: 'found' | 'returned';
  place_type: string;
  found_at: Date;
  purge_after: Date;
}

/** Closes an alert that is still open (its row stays locked until the commit). False when it is not. */
export async function closeAlert(db: Executor, id: string, values: CloseValues): Promise<boolean> {
  const result = await db
    .updateTable('alerts')
    .set({ ...values, status: 'closed' })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

// ---------------------------------------------------------------- return interview

export async function insertInterview(
  db: Executor,
  row: AlertInsert<'alert_return_interviews'>,
): Promise<void> {
  await db.insertInto('alert_return_interviews').values(row).execute();
}

export function findInterview(db: Executor, alertId: string) {
  return db
    .selectFrom('alert_return_interviews')
    .selectAll()
    .where('alert_id', '=', alertId)
    .executeTakeFirst();
}

export async function recordInterview(
  db: Executor,
  alertId: string,
  values: {
    status: 'done' | 'refused';
    done_at: Date;
    exploitation_risks_screened: boolean | null;
    outcome: string | null;
    recorded_by: string;
  },
): Promise<{ due_at: Date } | undefined> {
  return db
    .updateTable('alert_return_interviews')
    .set(values)
    .where('alert_id', '=', alertId)
    .where('status', '=', 'pending')
    .returning('due_at')
    .executeTakeFirst();
}

export async function insertFacts(db: Executor, row: AlertInsert<'alert_facts'>): Promise<void> {
  await db.insertInto('alert_facts').values(row).execute();
}

export async function updateFactsInterview(
  db: Executor,
  alertId: string,
  values: { interview_status: string; interview_within_72h: boolean },
): Promise<void> {
  await db.updateTable('alert_facts').set(values).where('alert_id', '=', alertId).execute();
}

export async function unlinkFacts(db: Executor, alertId: string): Promise<void> {
  await db.updateTable('alert_facts').set({ alert_id: null }).where('alert_id', '=', alertId).execute();
}

export function alertsToPurge(db: Executor, now: Date) {
  return db
    .selectFrom('alerts')
    .select(['id', 'photo_file_id'])
    .where('status', '=', 'closed')
    .where('purge_after', '<=', now)
    .orderBy('purge_after')
    .limit(100)
    .execute();
}

/** Deletes an alert; false when it was gone already (another purge got there first). */
export async function deleteAlert(db: Executor, id: string): Promise<boolean> {
  const result = await db.deleteFrom('alerts').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

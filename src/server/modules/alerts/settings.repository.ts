import type { Executor } from '../../platform/db/database.js';

/** SQL of the table-wide alert settings: escalation delay, purge period, retention of archived profiles. */

/** The defaults of migrations 0010 and 0015, used until the table coordination changes them. */
const DEFAULT_SETTINGS = { ack_delay_minutes: 10, purge_after_days: 30, profile_retention_days: 365 };

export async function getSettings(db: Executor) {
  const row = await db
    .selectFrom('alert_settings')
    .select(['ack_delay_minutes', 'purge_after_days', 'profile_retention_days'])
    .where('id', '=', 1)
    .executeTakeFirst();
  return row ?? DEFAULT_SETTINGS;
}

export async function updateSettings(
  db: Executor,
  values: { ack_delay_minutes?: number; purge_after_days?: number; profile_retention_days?: number },
  by: string,
  at: Date,
): Promise<void> {
  await db
    .insertInto('alert_settings')
    .values({ id: 1, ...DEFAULT_SETTINGS, ...values, updated_by: by, updated_at: at })
    .onConflict((oc) => oc.column('id').doUpdateSet({ ...values, updated_by: by, updated_at: at }))
    .execute();
}

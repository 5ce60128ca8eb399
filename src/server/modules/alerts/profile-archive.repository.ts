import type { Executor } from '../../platform/db/database.js';
import type { ArchiveReason } from './alerts.rules.js';

/** SQL of archived profiles: archiving, restoring, destroying, and the alerts that hold their copies. */

/** Archives an active profile; false when it was archived already (or is gone). */
export async function archiveProfile(
  db: Executor,
  id: string,
  values: {
    archived_at: Date;
    archived_by: string;
    archive_reason: ArchiveReason;
    archive_note: string | null;
  },
): Promise<boolean> {
  const result = await db
    .updateTable('alert_profiles')
    .set({ ...values, updated_at: values.archived_at })
    .where('id', '=', id)
    .where('archived_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Brings an archived profile back to the active list; false when it was not archived (or is gone). */
export async function restoreProfile(db: Executor, id: string, at: Date): Promise<boolean> {
  const result = await db
    .updateTable('alert_profiles')
    .set({ archived_at: null, archived_by: null, archive_reason: null, archive_note: null, updated_at: at })
    .where('id', '=', id)
    .where('archived_at', 'is not', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Deletes an archived profile (archived before `archivedBefore` when given) and returns what the caller
 * must destroy and audit with it; undefined when it is not archived (restored meanwhile) or gone. The
 * alerts raised from it lose their link (ON DELETE SET NULL); their facts never had one.
 */
export function deleteArchivedProfile(db: Executor, id: string, archivedBefore?: Date) {
  let query = db.deleteFrom('alert_profiles').where('id', '=', id).where('archived_at', 'is not', null);
  if (archivedBefore) query = query.where('archived_at', '<=', archivedBefore);
  return query
    .returning(['id', 'organisation_id', 'photo_file_id', 'archive_reason', 'archived_at', 'episode_count'])
    .executeTakeFirst();
}

/** Archived profiles whose retention period ended (archived at or before `archivedBefore`). */
export function profilesToDestroy(db: Executor, archivedBefore: Date, limit: number) {
  return db
    .selectFrom('alert_profiles')
    .select(['id'])
    .where('archived_at', 'is not', null)
    .where('archived_at', '<=', archivedBefore)
    .orderBy('archived_at')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** The alerts raised from a profile (all closed once the profile is archived), for their purge with it. */
export function alertsOfProfile(db: Executor, profileId: string) {
  return db
    .selectFrom('alerts')
    .select(['id', 'photo_file_id', 'status'])
    .where('profile_id', '=', profileId)
    .execute();
}

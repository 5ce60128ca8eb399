import type { Static } from '@sinclair/typebox';
import type { Transaction } from 'kysely';
import type { Actor } from '../../platform/authz/actor.js';
import { authorize } from '../../platform/authz/authorize.js';
import type { DB } from '../../platform/db/schema.js';
import { Errors, type FieldProblem } from '../../platform/errors.js';
import type { Platform } from '../../platform/platform.js';
import { archiveNoteContext, seal } from './alerts.content.js';
import { canDestroyProfile } from './alerts.policy.js';
import { JUSTIFICATION_MIN } from './alerts.rules.js';
import type { ArchiveBody, DestroyBody } from './alerts.schemas.js';
import { purgeAlert } from './close.service.js';
import * as archiveRepo from './profile-archive.repository.js';
import * as profileRepo from './profiles.repository.js';
import { loadProfile } from './profiles.service.js';
import * as settingsRepo from './settings.repository.js';

/**
 * The end of a profile: archiving it when the young person leaves care, restoring it, destroying it at
 * once (its coordination, with a justification) or after the table's retention period (nightly job).
 */

const DAY_MS = 86_400_000;
export const ALERTS_PROFILE_RETENTION_JOB = 'alerts.profile_retention';

const daysBetween = (from: Date, to: Date) =>
  Math.max(0, Math.floor((to.getTime() - from.getTime()) / DAY_MS));

/**
 * Archives a profile of the actor's organisation (the young person left care, reached majority, moved
 * out of the region, or another reason explained in `reasonDetail`, sealed): it leaves the default list, can
 * no longer raise an alert and gets no review reminder; the retention job destroys it after the
 * table's period unless it is restored. Throws not_found for anyone else, a field problem while an
 * alert raised from it is open or when "other" comes without its explanation, conflict when it is
 * archived already. Nothing is stored on a refusal.
 */
export async function archiveProfile(
  platform: Platform,
  actor: Actor,
  id: string,
  input: Static<typeof ArchiveBody>,
): Promise<void> {
  const row = await loadProfile(platform, actor, id);
  if (row.archived_at) throw Errors.conflict();
  const note = input.reasonDetail?.trim() ?? '';
  if (input.reason === 'other' && !note) throw Errors.field('reasonDetail', 'required');
  const openAlert = () => Errors.field('profileId', 'alerts_profile_open_alert');
  if ((await profileRepo.openAlertsOfProfiles(platform.db, [id])).size > 0) throw openAlert();
  const now = platform.now();
  await platform.db.transaction().execute(async (trx) => {
    const archived = await archiveRepo.archiveProfile(trx, id, {
      archived_at: now,
      archived_by: actor.personId,
      archive_reason: input.reason,
      archive_note: note ? seal(platform, note, archiveNoteContext(id)) : null,
    });
    if (!archived) throw Errors.conflict();
    // Checked again after the row is locked: an alert raised meanwhile either committed before (seen
    // here) or waits on the lock and is refused once this commits (raiseAlert's incrementEpisodes).
    if ((await profileRepo.openAlertsOfProfiles(trx, [id])).size > 0) throw openAlert();
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'alerts.profile.archive',
      targetType: 'alert_profile',
      targetId: id,
      meta: { reason: input.reason },
    });
  });
}

/** Brings an archived profile of the actor's organisation back to the active list. Throws not_found, conflict. */
export async function restoreProfile(platform: Platform, actor: Actor, id: string): Promise<void> {
  const row = await loadProfile(platform, actor, id);
  if (!row.archived_at) throw Errors.conflict();
  await platform.db.transaction().execute(async (trx) => {
    if (!(await archiveRepo.restoreProfile(trx, id, platform.now()))) throw Errors.conflict();
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'alerts.profile.restore',
      targetType: 'alert_profile',
      targetId: id,
      meta: { reason: row.archive_reason, archivedDays: daysBetween(row.archived_at!, platform.now()) },
    });
  });
}

/**
 * Destroys a profile and everything personal it holds (row, sealed content and note, photo file), in
 * one transaction with its audit entry (no personal content: the reason, how long it was archived,
 * whether a photo went). The alerts raised from it keep their own life cycle (the purge) and lose
 * their link; their de-identified facts never had one. Returns false when it is no longer archived.
 */
async function destroyArchivedProfile(
  platform: Platform,
  trx: Transaction<DB>,
  id: string,
  how: { actor: Actor | null; archivedBefore?: Date; retentionDays?: number },
): Promise<boolean> {
  // Read before the profile goes (its deletion unlinks them): the alerts raised from it hold copies of
  // its content (and of its photo), purged with it rather than after their own period.
  const copies = await archiveRepo.alertsOfProfile(trx, id);
  const gone = await archiveRepo.deleteArchivedProfile(trx, id, how.archivedBefore);
  if (!gone) return false;
  if (gone.photo_file_id) await platform.files.remove(trx, gone.photo_file_id);
  // Archiving is refused while an alert is open and an archived profile raises none: all are closed.
  for (const alert of copies.filter((a) => a.status === 'closed')) {
    await purgeAlert(platform, trx, alert, 'profile_destroyed');
  }
  await platform.audit.append(trx, {
    actor: how.actor?.personId ?? null,
    action: 'alerts.profile.destroy',
    targetType: 'alert_profile',
    targetId: id,
    meta: {
      mode: how.actor ? 'early' : 'retention',
      reason: gone.archive_reason,
      archivedDays: daysBetween(gone.archived_at!, platform.now()),
      photo: gone.photo_file_id !== null,
      alertsPurged: copies.filter((a) => a.status === 'closed').length,
      ...(how.retentionDays !== undefined ? { retentionDays: how.retentionDays } : {}),
      ...(how.actor ? { justified: true } : {}),
    },
  });
  return true;
}

/**
 * Destroys an archived profile of the actor's organisation at once (its coordination), with a written
 * justification of at least 10 characters. The justification is checked, never kept: it is written at
 * the moment everything about the young person is destroyed and would often name them, so keeping it
 * would keep what the destruction removes; the audit entry records who destroyed which profile, when,
 * and that a justification was given. Throws not_found for anyone else, forbidden for other roles, a
 * field problem for a short justification or a profile that is not archived.
 */
export async function destroyProfile(
  platform: Platform,
  actor: Actor,
  id: string,
  input: Static<typeof DestroyBody>,
): Promise<void> {
  const row = await loadProfile(platform, actor, id);
  authorize(canDestroyProfile(actor, row), { hide: false });
  const problems: FieldProblem[] = [];
  if (!row.archived_at) problems.push({ field: 'profileId', rule: 'alerts_profile_not_archived' });
  if (input.justification.trim().length < JUSTIFICATION_MIN)
    problems.push({ field: 'justification', rule: 'alerts_destroy_justification' });
  if (problems.length > 0) throw Errors.invalid(problems);
  await platform.db.transaction().execute(async (trx) => {
    if (!(await destroyArchivedProfile(platform, trx, id, { actor }))) throw Errors.conflict();
  });
}

/**
 * Retention (job handler): destroys every profile archived longer than the table's period, each in its
 * own transaction with its audit entry; a profile restored meanwhile is left alone. Returns how many
 * profiles were destroyed.
 */
export async function destroyExpiredProfiles(platform: Platform): Promise<number> {
  const { profile_retention_days: retentionDays } = await settingsRepo.getSettings(platform.db);
  const archivedBefore = new Date(platform.now().getTime() - retentionDays * DAY_MS);
  const batch = 100;
  let destroyed = 0;
  for (;;) {
    const due = await archiveRepo.profilesToDestroy(platform.db, archivedBefore, batch);
    for (const { id } of due) {
      const gone = await platform.db
        .transaction()
        .execute((trx) =>
          destroyArchivedProfile(platform, trx, id, { actor: null, archivedBefore, retentionDays }),
        );
      if (gone) destroyed += 1;
    }
    if (due.length < batch) return destroyed;
  }
}

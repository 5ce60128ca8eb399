import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.js';
import type { ProfileStatus } from './alerts.rules.js';
import type { AlertInsert } from './alerts.table.js';

/** SQL of young people's profiles: reading, creating and editing them, review reminders, episodes. */

const PROFILE_COLUMNS = [
  'id',
  'organisation_id',
  'unit',
  'content',
  'photo_file_id',
  'episode_count',
  'reviewed_at',
  'review_reminded_at',
  'created_by',
  'created_at',
  'updated_at',
  'archived_at',
  'archived_by',
  'archive_reason',
  'archive_note',
] as const;

export function findProfile(db: Executor, id: string) {
  return db.selectFrom('alert_profiles').select(PROFILE_COLUMNS).where('id', '=', id).executeTakeFirst();
}
export type ProfileRow = NonNullable<Awaited<ReturnType<typeof findProfile>>>;

/** An active profile, its row locked until the transaction ends (edits are merged one after the other). */
export function lockActiveProfile(db: Executor, id: string) {
  return db
    .selectFrom('alert_profiles')
    .select(PROFILE_COLUMNS)
    .where('id', '=', id)
    .where('archived_at', 'is', null)
    .forUpdate()
    .executeTakeFirst();
}

/** Profiles of one organisation (never any other's): the active ones, or the archived ones. */
export function listProfiles(db: Executor, organisationId: string, status: ProfileStatus = 'active') {
  return db
    .selectFrom('alert_profiles')
    .select(PROFILE_COLUMNS)
    .where('organisation_id', '=', organisationId)
    .where('archived_at', status === 'active' ? 'is' : 'is not', null)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function insertProfile(db: Executor, row: AlertInsert<'alert_profiles'>): Promise<void> {
  await db.insertInto('alert_profiles').values(row).execute();
}

/** Changes an active profile; false when it is archived (archived profiles are read-only) or gone. */
export async function updateProfile(
  db: Executor,
  id: string,
  values: Partial<{
    unit: string;
    content: string;
    photo_file_id: string | null;
    reviewed_at: Date;
    review_reminded_at: Date | null;
    updated_at: Date;
    episode_count: number;
  }>,
): Promise<boolean> {
  const result = await db
    .updateTable('alert_profiles')
    .set(values)
    .where('id', '=', id)
    .where('archived_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Notes the review reminder of a profile still active and still due (the update locks its row, so an
 * archive, a review or another run is ordered before or after it). False when the profile is gone,
 * archived, reviewed or reminded meanwhile.
 */
export async function markReviewReminded(
  db: Executor,
  id: string,
  at: Date,
  reviewedBefore: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('alert_profiles')
    .set({ review_reminded_at: at })
    .where('id', '=', id)
    .where('archived_at', 'is', null)
    .where('reviewed_at', '<=', reviewedBefore)
    .where((eb) =>
      eb.or([eb('review_reminded_at', 'is', null), eb('review_reminded_at', '<', eb.ref('reviewed_at'))]),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Active profiles whose review is overdue and who were not reminded since their last review. */
export function profilesDueForReview(db: Executor, reviewedBefore: Date) {
  return db
    .selectFrom('alert_profiles')
    .select(['id', 'organisation_id'])
    .where('archived_at', 'is', null)
    .where('reviewed_at', '<=', reviewedBefore)
    .where((eb) =>
      eb.or([eb('review_reminded_at', 'is', null), eb('review_reminded_at', '<', eb.ref('reviewed_at'))]),
    )
    .orderBy('id')
    .execute();
}

/** Open alert of each profile (the list shows it). */
export async function openAlertsOfProfiles(db: Executor, profileIds: string[]): Promise<Map<string, string>> {
  if (profileIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('alerts')
    .select(['id', 'profile_id'])
    .where('profile_id', 'in', profileIds)
    .where('status', '=', 'open')
    .execute();
  return new Map(rows.map((r) => [r.profile_id!, r.id]));
}

/**
 * Counts one more runaway episode on an active profile (kept as a de-identified fact at the close).
 * False when the profile was archived meanwhile: its row lock orders this against archiveProfile.
 */
export async function incrementEpisodes(db: Executor, profileId: string): Promise<boolean> {
  const result = await db
    .updateTable('alert_profiles')
    .set({ episode_count: sql<number>`episode_count + 1` })
    .where('id', '=', profileId)
    .where('archived_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

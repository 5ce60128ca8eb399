import { randomUUID } from 'node:crypto';
import type { Static } from '@sinclair/typebox';
import type { Actor } from '../../platform/authz/actor.js';
import { authorize } from '../../platform/authz/authorize.js';
import { Errors } from '../../platform/errors.js';
import type { AcceptedType } from '../../platform/files/file-store.js';
import type { Platform } from '../../platform/platform.js';
import * as accounts from '../accounts/index.js';
import { archiveNoteContext, type ProfileContent, profileContext, seal, unseal } from './alerts.content.js';
import { canDestroyProfile, canUseProfile, isProfileStaff } from './alerts.policy.js';
import { type ArchiveReason, destroyAfter, REVIEW_DAYS, reviewDue } from './alerts.rules.js';
import type { ProfileBody, ProfileListQuery, ProfileUpdateBody } from './alerts.schemas.js';
import * as profileRepo from './profiles.repository.js';
import * as settingsRepo from './settings.repository.js';

/**
 * Young people's profiles, kept by their youth centre's staff: the list, creating, opening (audited with
 * its purpose), editing and moving unit, the photo, and the reminders of profiles not reviewed lately.
 */

const DAY_MS = 86_400_000;
export const ALERTS_REVIEW_JOB = 'alerts.review';

/** Photos: JPEG, PNG or WebP by content, at most 2 MiB. */
export const PHOTO_LIMITS = {
  maxBytes: 2 * 1024 * 1024,
  accept: ['image/jpeg', 'image/png', 'image/webp'] as readonly AcceptedType[],
  /** A face to recognise, not a poster: the longest side once cleaned, in pixels. */
  maxSide: 2048,
};

function displayName(content: Partial<ProfileContent>): string {
  const usual = content.usualNames?.[0];
  const full = [content.givenName, content.familyName].filter(Boolean).join(' ');
  return usual ? `${full} (« ${usual} »)` : full;
}

function emptyContent(): ProfileContent {
  return {
    givenName: '',
    familyName: '',
    usualNames: [],
    dateOfBirth: null,
    description: '',
    phones: [],
    socialHandles: [],
    associates: '',
    places: '',
    pastEpisodes: '',
    medicalNeeds: '',
    exploitationRisks: '',
    sharingBasis: '',
  };
}

function trimmed(list: string[] | undefined): string[] | undefined {
  return list?.map((v) => v.trim()).filter((v) => v !== '');
}

/** A new profile as the form sends it. */
export type NewProfile = Static<typeof ProfileBody>;
/** The fields of a profile to change, its unit, or the review mark. */
export type ProfileChanges = Static<typeof ProfileUpdateBody>;

function mergeContent(base: ProfileContent, input: ProfileChanges): ProfileContent {
  const next: ProfileContent = { ...base };
  for (const key of Object.keys(base) as Array<keyof ProfileContent>) {
    const value = input[key];
    if (value === undefined) continue;
    if (Array.isArray(value)) (next as unknown as Record<string, unknown>)[key] = trimmed(value);
    else if (typeof value === 'string') (next as unknown as Record<string, unknown>)[key] = value.trim();
    else (next as unknown as Record<string, unknown>)[key] = value;
  }
  if (next.dateOfBirth === '') next.dateOfBirth = null;
  return next;
}

export interface ProfileSummary {
  id: string;
  displayName: string;
  unit: string;
  hasPhoto: boolean;
  episodeCount: number;
  reviewedAt: Date;
  reviewDue: boolean;
  openAlertId: string | null;
  /** Archived profiles: when, why, and when the retention job will destroy them. */
  archivedAt: Date | null;
  archiveReason: ArchiveReason | null;
  destroyAfter: Date | null;
}

function summary(
  platform: Platform,
  row: profileRepo.ProfileRow,
  content: ProfileContent,
  open: string | null,
  retentionDays: number,
): ProfileSummary {
  return {
    id: row.id,
    displayName: displayName(content),
    unit: row.unit,
    hasPhoto: row.photo_file_id !== null,
    episodeCount: row.episode_count,
    reviewedAt: row.reviewed_at,
    reviewDue: row.archived_at === null && reviewDue(row.reviewed_at, platform.now()),
    openAlertId: open,
    archivedAt: row.archived_at,
    archiveReason: row.archive_reason,
    destroyAfter: row.archived_at ? destroyAfter(row.archived_at, retentionDays) : null,
  };
}

/**
 * The profiles of the actor's organisation (its authorised staff only): the active ones by default,
 * the archived ones on request. The listing is audited.
 */
export async function listProfiles(
  platform: Platform,
  actor: Actor,
  filter: Static<typeof ProfileListQuery> = {},
): Promise<ProfileSummary[]> {
  authorize(isProfileStaff(actor), { hide: false });
  const status = filter.status ?? 'active';
  const rows = await profileRepo.listProfiles(platform.db, actor.organisationId, status);
  const open = await profileRepo.openAlertsOfProfiles(
    platform.db,
    rows.map((r) => r.id),
  );
  const { profile_retention_days: retentionDays } = await settingsRepo.getSettings(platform.db);
  await platform.db.transaction().execute(async (trx) => {
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'alerts.profile.list',
      targetType: 'organisation',
      targetId: actor.organisationId,
      purpose: 'profile_list',
      meta: { count: rows.length, status },
    });
  });
  return rows.map((row) =>
    summary(
      platform,
      row,
      JSON.parse(unseal(platform, row.content, profileContext(row.id))) as ProfileContent,
      open.get(row.id) ?? null,
      retentionDays,
    ),
  );
}

/** A profile, for its own organisation's staff only; absent and forbidden are both not_found. */
export async function loadProfile(platform: Platform, actor: Actor, id: string) {
  const row = await profileRepo.findProfile(platform.db, id);
  authorize(Boolean(row) && canUseProfile(actor, row!));
  return row!;
}

/** Creates a profile owned by the actor's organisation. */
export async function createProfile(platform: Platform, actor: Actor, input: NewProfile): Promise<string> {
  authorize(isProfileStaff(actor), { hide: false });
  const content = mergeContent(emptyContent(), input);
  if (!content.givenName) throw Errors.field('givenName', 'required');
  const unit = input.unit.trim();
  if (!unit) throw Errors.field('unit', 'required');
  const id = randomUUID();
  const now = platform.now();
  await platform.db.transaction().execute(async (trx) => {
    await profileRepo.insertProfile(trx, {
      id,
      organisation_id: actor.organisationId,
      unit,
      content: seal(platform, JSON.stringify(content), profileContext(id)),
      photo_file_id: null,
      reviewed_at: now,
      review_reminded_at: null,
      created_by: actor.personId,
      created_at: now,
      updated_at: now,
    });
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'alerts.profile.create',
      targetType: 'alert_profile',
      targetId: id,
    });
  });
  return id;
}

export interface ProfileDetail extends ProfileSummary {
  organisationId: string;
  content: ProfileContent;
  /** The explanation given with the reason "other" (sealed at rest). */
  archiveReasonDetail: string | null;
  canEdit: boolean;
  can: { edit: boolean; archive: boolean; restore: boolean; destroy: boolean };
}

/** Opens a profile; every view is audited with its purpose. Throws not_found for anyone else. */
export async function openProfile(
  platform: Platform,
  actor: Actor,
  id: string,
  purpose: string,
): Promise<ProfileDetail> {
  const row = await loadProfile(platform, actor, id);
  const open = await profileRepo.openAlertsOfProfiles(platform.db, [id]);
  const { profile_retention_days: retentionDays } = await settingsRepo.getSettings(platform.db);
  await platform.db.transaction().execute(async (trx) => {
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'alerts.profile.read',
      targetType: 'alert_profile',
      targetId: id,
      purpose,
    });
  });
  const content = JSON.parse(unseal(platform, row.content, profileContext(id))) as ProfileContent;
  const archived = row.archived_at !== null;
  const openAlertId = open.get(id) ?? null;
  const can = {
    edit: !archived,
    archive: !archived && openAlertId === null,
    restore: archived,
    // loadProfile established that the actor is staff of the profile's organisation.
    destroy: archived && canDestroyProfile(actor, row),
  };
  return {
    ...summary(platform, row, content, openAlertId, retentionDays),
    organisationId: row.organisation_id,
    content,
    archiveReasonDetail: row.archive_note ? unseal(platform, row.archive_note, archiveNoteContext(id)) : null,
    canEdit: can.edit,
    can,
  };
}

/**
 * Updates a profile's fields, its unit (the profile follows the young person) or marks it reviewed.
 * The fields given are merged into the content read on the locked row, so two edits at once each
 * keep the other's fields. Throws not_found, a field problem (archived, required fields).
 */
export async function updateProfile(
  platform: Platform,
  actor: Actor,
  id: string,
  input: ProfileChanges,
): Promise<void> {
  const seen = await loadProfile(platform, actor, id);
  if (seen.archived_at) throw Errors.field('profileId', 'alerts_profile_archived');
  const unit = input.unit?.trim();
  if (input.unit !== undefined && !unit) throw Errors.field('unit', 'required');
  const now = platform.now();
  await platform.db.transaction().execute(async (trx) => {
    // Archived (or destroyed) since it was read: nothing is written.
    const row = await profileRepo.lockActiveProfile(trx, id);
    if (!row) throw Errors.field('profileId', 'alerts_profile_archived');
    const content = mergeContent(
      JSON.parse(unseal(platform, row.content, profileContext(id))) as ProfileContent,
      input,
    );
    if (!content.givenName) throw Errors.field('givenName', 'required');
    await profileRepo.updateProfile(trx, id, {
      content: seal(platform, JSON.stringify(content), profileContext(id)),
      updated_at: now,
      ...(unit ? { unit } : {}),
      ...(input.reviewed ? { reviewed_at: now } : {}),
    });
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'alerts.profile.update',
      targetType: 'alert_profile',
      targetId: id,
      meta: {
        fields: Object.keys(input).filter((k) => input[k as keyof ProfileChanges] !== undefined),
        ...(unit && unit !== row.unit ? { unitChanged: true } : {}),
      },
    });
  });
}

function decodePhoto(contentBase64: string): Buffer {
  const content = Buffer.from(contentBase64, 'base64');
  if (content.length === 0) throw Errors.field('contentBase64', 'required');
  return content;
}

/**
 * Replaces a profile's photo (an image by content, at most 2 MiB): re-encoded without any metadata
 * (no place, date or device), then sealed. Throws field errors on `contentBase64` (`file_type`,
 * `file_too_large`, `file_unreadable`) and `profileId` (`alerts_profile_archived`). The photo replaced
 * is the one on the locked row, so of several uploads at once the last stays and every other is removed.
 */
export async function setProfilePhoto(
  platform: Platform,
  actor: Actor,
  id: string,
  contentBase64: string,
): Promise<void> {
  const row = await loadProfile(platform, actor, id);
  if (row.archived_at) throw Errors.field('profileId', 'alerts_profile_archived');
  const photo = await platform.files.prepare(decodePhoto(contentBase64), {
    accept: PHOTO_LIMITS.accept,
    maxBytes: PHOTO_LIMITS.maxBytes,
    maxSide: PHOTO_LIMITS.maxSide,
    field: 'contentBase64',
  });
  await platform.db.transaction().execute(async (trx) => {
    const current = await profileRepo.lockActiveProfile(trx, id);
    if (!current) throw Errors.field('profileId', 'alerts_profile_archived');
    const stored = await platform.files.save(trx, {
      filename: 'photo',
      content: photo.content,
      accept: PHOTO_LIMITS.accept,
      maxBytes: PHOTO_LIMITS.maxBytes,
      restricted: true,
      createdBy: actor.personId,
      field: 'contentBase64',
    });
    await profileRepo.updateProfile(trx, id, { photo_file_id: stored.id, updated_at: platform.now() });
    if (current.photo_file_id) await platform.files.remove(trx, current.photo_file_id);
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'alerts.profile_photo.set',
      targetType: 'alert_profile',
      targetId: id,
    });
  });
}

/** A profile's photo, for its staff; audited with its purpose. */
export async function readProfilePhoto(platform: Platform, actor: Actor, id: string, purpose: string) {
  const row = await loadProfile(platform, actor, id);
  authorize(row.photo_file_id !== null);
  const file = await platform.files.read(platform.db, row.photo_file_id!);
  await platform.db.transaction().execute(async (trx) => {
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'alerts.profile_photo.read',
      targetType: 'alert_profile',
      targetId: id,
      purpose,
    });
  });
  return { mimeType: file.mimeType, content: file.content };
}

/** Reminds the owners (organisation coordinators, else the staff) of profiles not reviewed in 90 days. */
export async function remindProfileReviews(platform: Platform): Promise<number> {
  const now = platform.now();
  const reviewedBefore = new Date(now.getTime() - REVIEW_DAYS * DAY_MS);
  const due = await profileRepo.profilesDueForReview(platform.db, reviewedBefore);
  for (const profile of due) {
    await platform.db.transaction().execute(async (trx) => {
      // Archived, reviewed or reminded by another run since it was listed: no reminder about it.
      if (!(await profileRepo.markReviewReminded(trx, profile.id, now, reviewedBefore))) return;
      let owners = await accounts.peopleWithRole(trx, 'org_coordinator', {
        organisationId: profile.organisation_id,
      });
      if (owners.length === 0)
        owners = await accounts.peopleWithRole(trx, 'worker', { organisationId: profile.organisation_id });
      if (owners.length > 0) {
        await platform.notifier.notify(
          trx,
          owners.map((o) => o.id),
          { kind: 'alerts.review_due', link: `/alertes/fiches/${profile.id}` },
        );
      }
      await platform.audit.append(trx, {
        actor: null,
        action: 'alerts.profile.remind_review',
        targetType: 'alert_profile',
        targetId: profile.id,
        meta: { people: owners.length },
      });
    });
  }
  return due.length;
}

import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { isRole, type Locale, type Role } from '../../../shared/roles.js';
import { type Actor, hasRole } from '../../platform/authz/actor.js';
import { authorize } from '../../platform/authz/authorize.js';
import { KeyringError } from '../../platform/crypto/keyring.js';
import type { Executor } from '../../platform/db/database.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError, Errors, type FieldProblem } from '../../platform/errors.js';
import type { AcceptedType } from '../../platform/files/file-store.js';
import { csvCell } from '../../platform/http/csv.js';
import { localDay } from '../../platform/i18n/time.js';
import type { Platform } from '../../platform/platform.js';
import * as network from '../network/network.service.js';
import {
  canClose,
  canDestroyProfile,
  canEditSettings,
  canOverrideConsent,
  canReadRegister,
  canUseProfile,
  isProfileStaff,
  viewOf,
} from './alerts.policy.js';
import * as repo from './alerts.repository.js';
import {
  type AlertKind,
  type ArchiveReason,
  consentProblem,
  destroyAfter,
  everyMonth,
  INTERVIEW_HOURS,
  JUSTIFICATION_MIN,
  type LegalBasis,
  median,
  minutesBetween,
  type Outcome,
  type PlaceType,
  type ProfileStatus,
  REVIEW_DAYS,
  restrictTo,
  reviewDue,
  type SharedField,
  sharedFields,
  type View,
} from './alerts.rules.js';

const DAY_MS = 86_400_000;
/** Job that queues the content-free e-mails of an alert (kept out of the raising transaction). */
export const ALERTS_EMAIL_JOB = 'alerts.email';
/** The content-free e-mails of alerts (templates under `email.` in server.alerts.json). */
const ALERT_EMAIL_TEMPLATES = ['alerts_new', 'alerts_escalated', 'alerts_escalated_owner'] as const;
export const ALERTS_ESCALATE_JOB = 'alerts.escalate';
export const ALERTS_PURGE_JOB = 'alerts.purge';
export const ALERTS_REVIEW_JOB = 'alerts.review';
export const ALERTS_PROFILE_RETENTION_JOB = 'alerts.profile_retention';

/** Photos: JPEG, PNG or WebP by content, at most 2 MiB. */
export const PHOTO_LIMITS = {
  maxBytes: 2 * 1024 * 1024,
  accept: ['image/jpeg', 'image/png', 'image/webp'] as readonly AcceptedType[],
  /** A face to recognise, not a poster: the longest side once cleaned, in pixels. */
  maxSide: 2048,
};

// ---------------------------------------------------------------- helpers

/** The personal content of a profile (decrypted form). */
export interface ProfileContent {
  givenName: string;
  familyName: string;
  usualNames: string[];
  dateOfBirth: string | null;
  description: string;
  phones: string[];
  socialHandles: string[];
  associates: string;
  places: string;
  pastEpisodes: string;
  medicalNeeds: string;
  exploitationRisks: string;
  sharingBasis: string;
}

/** What an alert carries: a snapshot of the profile's shareable fields and the circumstances. */
export type AlertContent = Partial<Omit<ProfileContent, 'sharingBasis'>> & {
  lastSeenPlace?: string;
  clothing?: string;
  circumstances?: string;
  immediateRisks?: string;
};

function seal(platform: Platform, value: string, context: string): string {
  return platform.keyring.encrypt(value, context);
}

function unseal(platform: Platform, value: string, context: string): string {
  try {
    return platform.keyring.decrypt(value, context);
  } catch (error) {
    if (error instanceof KeyringError) throw new AppError('internal', 500, { cause: error });
    throw error;
  }
}

const profileContext = (id: string) => `alert_profiles.content:${id}`;
const archiveNoteContext = (id: string) => `alert_profiles.archive_note:${id}`;
const alertContext = (id: string) => `alerts.content:${id}`;
const eventContext = (id: string) => `alert_events.body:${id}`;
const interviewContext = (id: string) => `alert_return_interviews.outcome:${id}`;
const justificationContext = (id: string) => `alert_disclosures.justification:${id}`;

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

// ---------------------------------------------------------------- profiles

export type ProfileInput = Partial<Omit<ProfileContent, 'dateOfBirth'>> & {
  dateOfBirth?: string | null | undefined;
  unit?: string | undefined;
  reviewed?: boolean | undefined;
};

function mergeContent(base: ProfileContent, input: ProfileInput): ProfileContent {
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
  row: repo.ProfileRow,
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
  filter: { status?: ProfileStatus | undefined } = {},
): Promise<ProfileSummary[]> {
  authorize(isProfileStaff(actor), { hide: false });
  const status = filter.status ?? 'active';
  const rows = await repo.listProfiles(platform.db, actor.organisationId, status);
  const open = await repo.openAlertsOfProfiles(
    platform.db,
    rows.map((r) => r.id),
  );
  const { profile_retention_days: retentionDays } = await repo.getSettings(platform.db);
  await platform.db.transaction().execute(async (trx) => {
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'alerts.profile_list',
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

async function loadProfile(platform: Platform, actor: Actor, id: string) {
  const row = await repo.findProfile(platform.db, id);
  authorize(Boolean(row) && canUseProfile(actor, row!));
  return row!;
}

/** Creates a profile owned by the actor's organisation. */
export async function createProfile(
  platform: Platform,
  actor: Actor,
  input: ProfileInput & { givenName: string; unit: string },
): Promise<string> {
  authorize(isProfileStaff(actor), { hide: false });
  const content = mergeContent(emptyContent(), input);
  if (!content.givenName) throw Errors.field('givenName', 'required');
  const unit = input.unit.trim();
  if (!unit) throw Errors.field('unit', 'required');
  const id = randomUUID();
  const now = platform.now();
  await platform.db.transaction().execute(async (trx) => {
    await repo.insertProfile(trx, {
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
      action: 'alerts.profile_create',
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
  const open = await repo.openAlertsOfProfiles(platform.db, [id]);
  const { profile_retention_days: retentionDays } = await repo.getSettings(platform.db);
  await platform.db.transaction().execute(async (trx) => {
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'alerts.profile_read',
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
  input: ProfileInput,
): Promise<void> {
  const seen = await loadProfile(platform, actor, id);
  if (seen.archived_at) throw Errors.field('profileId', 'alerts_profile_archived');
  const unit = input.unit?.trim();
  if (input.unit !== undefined && !unit) throw Errors.field('unit', 'required');
  const now = platform.now();
  await platform.db.transaction().execute(async (trx) => {
    // Archived (or destroyed) since it was read: nothing is written.
    const row = await repo.lockActiveProfile(trx, id);
    if (!row) throw Errors.field('profileId', 'alerts_profile_archived');
    const content = mergeContent(
      JSON.parse(unseal(platform, row.content, profileContext(id))) as ProfileContent,
      input,
    );
    if (!content.givenName) throw Errors.field('givenName', 'required');
    await repo.updateProfile(trx, id, {
      content: seal(platform, JSON.stringify(content), profileContext(id)),
      updated_at: now,
      ...(unit ? { unit } : {}),
      ...(input.reviewed ? { reviewed_at: now } : {}),
    });
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'alerts.profile_update',
      targetType: 'alert_profile',
      targetId: id,
      meta: {
        fields: Object.keys(input).filter((k) => input[k as keyof ProfileInput] !== undefined),
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
    const current = await repo.lockActiveProfile(trx, id);
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
    await repo.updateProfile(trx, id, { photo_file_id: stored.id, updated_at: platform.now() });
    if (current.photo_file_id) await platform.files.remove(trx, current.photo_file_id);
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'alerts.profile_photo',
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
      action: 'alerts.profile_photo_read',
      targetType: 'alert_profile',
      targetId: id,
      purpose,
    });
  });
  return { mimeType: file.mimeType, content: file.content };
}

// ---------------------------------------------------------------- archiving and destroying profiles

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
  input: { reason: ArchiveReason; reasonDetail?: string | undefined },
): Promise<void> {
  const row = await loadProfile(platform, actor, id);
  if (row.archived_at) throw Errors.conflict();
  const note = input.reasonDetail?.trim() ?? '';
  if (input.reason === 'other' && !note) throw Errors.field('reasonDetail', 'required');
  const openAlert = () => Errors.field('profileId', 'alerts_profile_open_alert');
  if ((await repo.openAlertsOfProfiles(platform.db, [id])).size > 0) throw openAlert();
  const now = platform.now();
  await platform.db.transaction().execute(async (trx) => {
    const archived = await repo.archiveProfile(trx, id, {
      archived_at: now,
      archived_by: actor.personId,
      archive_reason: input.reason,
      archive_note: note ? seal(platform, note, archiveNoteContext(id)) : null,
    });
    if (!archived) throw Errors.conflict();
    // Checked again after the row is locked: an alert raised meanwhile either committed before (seen
    // here) or waits on the lock and is refused once this commits (raiseAlert's incrementEpisodes).
    if ((await repo.openAlertsOfProfiles(trx, [id])).size > 0) throw openAlert();
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'alerts.profile_archive',
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
    if (!(await repo.restoreProfile(trx, id, platform.now()))) throw Errors.conflict();
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'alerts.profile_restore',
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
  const copies = await repo.alertsOfProfile(trx, id);
  const gone = await repo.deleteArchivedProfile(trx, id, how.archivedBefore);
  if (!gone) return false;
  if (gone.photo_file_id) await platform.files.remove(trx, gone.photo_file_id);
  // Archiving is refused while an alert is open and an archived profile raises none: all are closed.
  for (const alert of copies.filter((a) => a.status === 'closed')) {
    await purgeAlert(platform, trx, alert, 'profile_destroyed');
  }
  await platform.audit.append(trx, {
    actor: how.actor?.personId ?? null,
    action: 'alerts.profile_destroy',
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
  input: { justification: string },
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
  const { profile_retention_days: retentionDays } = await repo.getSettings(platform.db);
  const archivedBefore = new Date(platform.now().getTime() - retentionDays * DAY_MS);
  const batch = 100;
  let destroyed = 0;
  for (;;) {
    const due = await repo.profilesToDestroy(platform.db, archivedBefore, batch);
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

// ---------------------------------------------------------------- raising an alert

export interface RaiseAlertInput {
  kind: AlertKind;
  profileId?: string | undefined;
  subject?:
    | { givenName: string; familyName?: string | undefined; description?: string | undefined }
    | undefined;
  lastSeenAt: string;
  lastSeenPlace?: string | undefined;
  clothing?: string | undefined;
  circumstances?: string | undefined;
  immediateRisks?: string | undefined;
  policeOrganisationId?: string | undefined;
  organisationIds?: string[] | undefined;
  regions?: string[] | undefined;
  legalBasis: LegalBasis;
  withoutConsent?: boolean | undefined;
  justification?: string | undefined;
}

interface RecipientPlan {
  organisations: Array<{ organisationId: string; view: 'police' | 'pivot'; roles: Role[] }>;
  /** Everyone the rule reaches now: notified at once. */
  personIds: string[];
}

/** Today's date in the region (pivot mandates are dated). */
function today(platform: Platform): string {
  return localDay(platform.now(), platform.config.timeZone);
}

/**
 * The people recipient organisations' rules reach now: their people holding one of `roles` (police
 * view) or their pivots with a mandate active today (pivot view), active accounts only; one query.
 */
function peopleReached(
  platform: Platform,
  db: Executor,
  organisations: ReadonlyArray<{ organisationId: string; view: 'police' | 'pivot'; roles: readonly Role[] }>,
): Promise<string[]> {
  return network.peopleReached(
    db,
    {
      byRole: organisations.filter((o) => o.view === 'police'),
      pivotsOf: organisations.filter((o) => o.view === 'pivot').map((o) => o.organisationId),
    },
    today(platform),
  );
}

/** Whether the person holds a pivot mandate active today in their own organisation. */
async function isActivePivot(platform: Platform, db: Executor, actor: Actor): Promise<boolean> {
  if (!hasRole(actor, 'pivot')) return false;
  return network.holdsActiveMandate(db, actor.personId, actor.organisationId, today(platform));
}

/**
 * Delivers one in-app notification (and its live event, and web push where opted in) to every
 * person, in ONE notifier call inside the transaction: an alert to thousands is one fan-out.
 */
async function notifyAll(
  platform: Platform,
  trx: Transaction<DB>,
  personIds: Iterable<string>,
  kind: string,
  alertId: string,
): Promise<void> {
  const recipients = [...new Set(personIds)];
  if (recipients.length === 0) return;
  await platform.notifier.notify(trx, recipients, { kind, link: `/alertes/${alertId}` });
}

/** Checks a raise request and plans its recipients. Throws field problems; reads only. */
async function planRecipients(
  platform: Platform,
  actor: Actor,
  input: RaiseAlertInput,
  problems: FieldProblem[],
): Promise<RecipientPlan> {
  const db = platform.db;
  const organisations: RecipientPlan['organisations'] = [];
  // The table's partners, read once: every organisation the request names must be one of them.
  const active = await network.activeOrganisations(db);
  const partner = new Map(active.map((o) => [o.id, o]));
  const owner = partner.get(actor.organisationId);
  let policeId = input.policeOrganisationId;
  if (policeId) {
    if (partner.get(policeId)?.type !== 'police') {
      problems.push({ field: 'policeOrganisationId', rule: 'alerts_not_police' });
      policeId = undefined;
    }
  } else if (input.kind === 'runaway') {
    // A runaway always goes to the police: the region's police service by default.
    const services = active.filter((o) => o.type === 'police');
    policeId = (services.find((s) => s.region === owner?.region) ?? services[0])?.id;
    if (!policeId) problems.push({ field: 'policeOrganisationId', rule: 'required' });
  }
  if (policeId) {
    // The police service's analysts receive it first; investigators come with the escalation (or at
    // once when the service has no analyst).
    const analysts = await network.peopleReached(
      db,
      { byRole: [{ organisationId: policeId, roles: ['police_analyst'] }], pivotsOf: [] },
      today(platform),
    );
    organisations.push({
      organisationId: policeId,
      view: 'police',
      roles: analysts.length > 0 ? ['police_analyst'] : ['investigator'],
    });
  }

  const partnerIds = new Set<string>();
  for (const [index, id] of (input.organisationIds ?? []).entries()) {
    if (!partner.has(id)) {
      problems.push({ field: `organisationIds.${index}`, rule: 'alerts_not_partner' });
      continue;
    }
    if (id !== policeId && id !== actor.organisationId) partnerIds.add(id);
  }
  for (const [index, region] of (input.regions ?? []).entries()) {
    const inRegion = active.filter((o) => o.region === region);
    if (inRegion.length === 0) problems.push({ field: `regions.${index}`, rule: 'alerts_unknown_region' });
    for (const o of inRegion) {
      if (o.id !== policeId && o.id !== actor.organisationId && o.type !== 'police') partnerIds.add(o.id);
    }
  }
  for (const id of partnerIds) organisations.push({ organisationId: id, view: 'pivot', roles: ['pivot'] });
  if (organisations.length === 0) problems.push({ field: 'organisationIds', rule: 'alerts_no_recipients' });
  if (problems.length > 0) return { organisations, personIds: [] };
  return { organisations, personIds: await peopleReached(platform, db, organisations) };
}

/**
 * Raises an alert in one step, from a profile or from a few emergency fields: checks everything
 * first (nothing is stored on a problem), then in one transaction stores the alert and its sealed
 * content, its recipients, the register of disclosures, notifies every recipient (in-app and live
 * stream) and queues the content-free e-mails. Throws validation_failed with field problems.
 */
export async function raiseAlert(
  platform: Platform,
  actor: Actor,
  input: RaiseAlertInput,
): Promise<{ id: string; recipients: number }> {
  authorize(isProfileStaff(actor), { hide: false });
  const problems: FieldProblem[] = [];
  const now = platform.now();
  const lastSeenAt = new Date(input.lastSeenAt);
  if (Number.isNaN(lastSeenAt.getTime())) problems.push({ field: 'lastSeenAt', rule: 'required' });
  else if (lastSeenAt.getTime() > now.getTime() + 5 * 60_000) {
    problems.push({ field: 'lastSeenAt', rule: 'alerts_last_seen_future' });
  }
  let profile: repo.ProfileRow | undefined;
  let base: Partial<ProfileContent> = {};
  if (input.profileId) {
    profile = await repo.findProfile(platform.db, input.profileId);
    if (!profile || profile.organisation_id !== actor.organisationId) {
      problems.push({ field: 'profileId', rule: 'unknown' });
      profile = undefined;
    } else if (profile.archived_at) {
      problems.push({ field: 'profileId', rule: 'alerts_profile_archived' });
      profile = undefined;
    } else {
      const { sharingBasis: _basis, ...rest } = JSON.parse(
        unseal(platform, profile.content, profileContext(profile.id)),
      ) as ProfileContent;
      base = rest;
    }
  } else if (input.subject?.givenName.trim()) {
    base = {
      givenName: input.subject.givenName.trim(),
      familyName: input.subject.familyName?.trim() ?? '',
      description: input.subject.description?.trim() ?? '',
    };
  } else {
    problems.push({ field: 'subject.givenName', rule: 'required' });
  }
  const withoutConsent = input.withoutConsent ?? false;
  const justification = input.justification?.trim() ?? '';
  const consent = consentProblem({
    legalBasis: input.legalBasis,
    withoutConsent,
    justification,
    mayOverride: canOverrideConsent(actor),
  });
  if (consent) problems.push(consent);
  const plan = await planRecipients(platform, actor, input, problems);
  if (problems.length > 0) throw Errors.invalid(problems);

  const content: AlertContent = { ...base };
  for (const key of ['lastSeenPlace', 'clothing', 'circumstances', 'immediateRisks'] as const) {
    const value = input[key]?.trim();
    if (value) content[key] = value;
  }
  const present = new Set<SharedField>(
    (Object.entries(content) as Array<[SharedField, unknown]>)
      .filter(([, v]) => (Array.isArray(v) ? v.length > 0 : v !== '' && v !== null && v !== undefined))
      .map(([k]) => k),
  );
  if (profile?.photo_file_id) present.add('photo');

  const id = randomUUID();
  const policeId = plan.organisations.find((o) => o.view === 'police')?.organisationId ?? null;
  const personIds = plan.personIds;
  await platform.db.transaction().execute(async (trx) => {
    let photoId: string | null = null;
    if (profile?.photo_file_id) {
      // The alert keeps its own sealed copy, destroyed by the purge while the profile keeps its photo.
      const photo = await platform.files.read(trx, profile.photo_file_id);
      photoId = (
        await platform.files.save(trx, {
          filename: 'photo',
          content: photo.content,
          accept: PHOTO_LIMITS.accept,
          maxBytes: PHOTO_LIMITS.maxBytes,
          restricted: true,
          createdBy: actor.personId,
        })
      ).id;
    }
    await repo.insertAlert(trx, {
      id,
      profile_id: profile?.id ?? null,
      owner_organisation_id: actor.organisationId,
      police_organisation_id: policeId,
      kind: input.kind,
      legal_basis: input.legalBasis,
      without_consent: withoutConsent,
      content: seal(platform, JSON.stringify(content), alertContext(id)),
      photo_file_id: photoId,
      last_seen_at: lastSeenAt,
      raised_by: actor.personId,
      raised_at: now,
      escalated_at: null,
      closed_at: null,
      closed_by: null,
      outcome: null,
      place_type: null,
      found_at: null,
      purge_after: null,
    });
    await repo.insertRecipients(
      trx,
      plan.organisations.map((o) => ({
        alert_id: id,
        organisation_id: o.organisationId,
        view: o.view,
        roles: o.roles,
        acknowledged_at: null,
        acknowledged_by: null,
      })),
    );
    await repo.insertEvent(trx, {
      id: randomUUID(),
      alert_id: id,
      kind: 'raised',
      author_person_id: actor.personId,
      organisation_id: actor.organisationId,
      body: null,
      at: now,
    });
    await recordDisclosures(platform, trx, {
      alertId: id,
      actor,
      at: now,
      legalBasis: input.legalBasis,
      withoutConsent,
      justification,
      present,
      organisations: plan.organisations,
    });
    // Archived since it was read: the whole alert is refused (the row lock orders this against the archive).
    if (profile && !(await repo.incrementEpisodes(trx, profile.id)))
      throw Errors.field('profileId', 'alerts_profile_archived');
    await notifyAll(platform, trx, personIds, 'alerts.raised', id);
    // The e-mail job carries the rules the alert was raised with, not thousands of ids a second time;
    // it reads who they reach when it runs (an escalation meanwhile widens the alert, not this job).
    if (personIds.length > 0) {
      await platform.jobs.enqueue(trx, ALERTS_EMAIL_JOB, { alertId: id, rules: plan.organisations });
    }
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'alerts.raise',
      targetType: 'alert',
      targetId: id,
      meta: {
        kind: input.kind,
        legalBasis: input.legalBasis,
        withoutConsent,
        organisations: plan.organisations.map((o) => o.organisationId),
        people: personIds.length,
        fromProfile: Boolean(profile),
      },
    });
  });
  return { id, recipients: personIds.length };
}

async function recordDisclosures(
  platform: Platform,
  trx: Transaction<DB>,
  input: {
    alertId: string;
    actor: Actor | null;
    fromOrganisationId?: string;
    at: Date;
    legalBasis: LegalBasis;
    withoutConsent: boolean;
    justification: string;
    present: ReadonlySet<SharedField>;
    organisations: Array<{ organisationId: string; view: 'police' | 'pivot' }>;
  },
): Promise<void> {
  await repo.insertDisclosures(
    trx,
    input.organisations.map((o) => {
      const id = randomUUID();
      return {
        id,
        alert_id: input.alertId,
        disclosed_at: input.at,
        disclosed_by: input.actor?.personId ?? null,
        from_organisation_id: input.fromOrganisationId ?? input.actor!.organisationId,
        to_organisation_id: o.organisationId,
        view: o.view,
        fields: sharedFields(o.view, input.present),
        legal_basis: input.legalBasis,
        without_consent: input.withoutConsent,
        justification: input.justification
          ? seal(platform, input.justification, justificationContext(id))
          : null,
        flagged: input.withoutConsent,
      };
    }),
  );
}

/** The recipient rules a raise job carries, checked (a job's payload is data read back from the database). */
function rulesOf(value: unknown): RecipientPlan['organisations'] | null {
  if (!Array.isArray(value)) return null;
  const rules: RecipientPlan['organisations'] = [];
  for (const item of value as Array<Record<string, unknown>>) {
    const { organisationId, view, roles } = item ?? {};
    if (
      typeof organisationId !== 'string' ||
      (view !== 'police' && view !== 'pivot') ||
      !Array.isArray(roles)
    ) {
      return null;
    }
    rules.push({ organisationId, view, roles: roles.filter((r): r is Role => isRole(r)) });
  }
  return rules;
}

/**
 * Queues the content-free e-mail of an alert (job handler): to the people named in the payload, to
 * those the raise's rules reach now, or (a job queued without either) to everyone the alert reaches
 * now. Nothing is sent about an alert closed or purged since. Returns how many e-mails were queued.
 */
export async function sendAlertEmails(
  platform: Platform,
  payload: { alertId?: unknown; personIds?: unknown; rules?: unknown; template?: unknown },
): Promise<number> {
  if (typeof payload.alertId !== 'string') return 0;
  const alertId = payload.alertId;
  const alert = await repo.findAlert(platform.db, alertId);
  if (!alert || alert.closed_at) return 0;
  const rules = rulesOf(payload.rules);
  const ids = Array.isArray(payload.personIds)
    ? payload.personIds.filter((p): p is string => typeof p === 'string')
    : rules
      ? await peopleReached(platform, platform.db, rules)
      : [
          ...(await everyoneReached(
            platform,
            platform.db,
            alertId,
            await repo.recipientsOf(platform.db, [alertId]),
          )),
        ];
  const template = ALERT_EMAIL_TEMPLATES.find((name) => name === payload.template) ?? 'alerts_new';
  const people = await network.activePeopleByIds(platform.db, ids);
  const link = `${platform.config.publicUrl}/alertes/${alertId}`;
  // One transaction for every e-mail: a job that fails and runs again never sends a first part twice.
  await platform.db.transaction().execute((trx) =>
    platform.notifier.queueEmails(
      trx,
      people.map((person) => ({
        to: person.email,
        locale: (person.locale === 'en-CA' ? 'en-CA' : 'fr-CA') as Locale,
        template,
        params: { link },
      })),
    ),
  );
  return people.length;
}

// ---------------------------------------------------------------- reading an alert

interface Readable {
  alert: repo.AlertRow;
  view: View;
  recipients: Awaited<ReturnType<typeof repo.recipientsOf>>;
  /** Whether the reader is a recipient (not only the owner's staff). */
  member: boolean;
}

async function loadAlert(
  platform: Platform,
  actor: Actor,
  id: string,
  db: Executor = platform.db,
): Promise<Readable> {
  const alert = await repo.findAlert(db, id);
  if (!alert) throw Errors.notFound();
  const recipients = await repo.recipientsOf(db, [id]);
  const explicit = await repo.recipientPerson(db, id, actor.personId);
  const own = recipients.find((r) => r.organisation_id === actor.organisationId);
  let byRule = false;
  if (own?.view === 'police') byRule = own.roles.some((role) => actor.roles.has(role as Role));
  else if (own?.view === 'pivot') byRule = await isActivePivot(platform, db, actor);
  const membership =
    byRule || explicit
      ? {
          organisationId: explicit?.organisation_id ?? actor.organisationId,
          view: own && (byRule || explicit?.organisation_id === own.organisation_id) ? own.view : undefined,
        }
      : null;
  const view = viewOf(actor, alert, membership);
  authorize(view !== null);
  return { alert, view, recipients, member: membership !== null };
}

/** Everyone an alert reaches now (rules of its recipient organisations and people passed to one by one). */
async function everyoneReached(
  platform: Platform,
  db: Executor,
  alertId: string,
  recipients: Awaited<ReturnType<typeof repo.recipientsOf>>,
): Promise<Set<string>> {
  const reached = await peopleReached(
    platform,
    db,
    recipients.map((r) => ({ organisationId: r.organisation_id, view: r.view, roles: r.roles as Role[] })),
  );
  return new Set([...reached, ...(await repo.recipientPeopleIds(db, alertId))]);
}

export interface AlertDetail {
  alert: repo.AlertRow;
  view: View;
  content: (AlertContent & { hasPhoto: boolean }) | null;
  recipients: Awaited<ReturnType<typeof repo.recipientsOf>>;
  timeline: Array<{
    id: string;
    kind: string;
    organisationName: string | null;
    body: string | null;
    at: Date;
  }>;
  interview: Awaited<ReturnType<typeof repo.findInterview>> extends infer I
    ? (NonNullable<I> & { outcomeText: string | null }) | null
    : never;
  can: { acknowledge: boolean; addEntry: boolean; close: boolean; recordInterview: boolean };
}

/** Whether the content is readable: the owner always (until the purge), recipients while it is open. */
function contentVisible(view: View, alert: repo.AlertRow): boolean {
  return alert.content !== null && (view === 'owner' || alert.status === 'open');
}

/**
 * Opens an alert with the fields the reader's view allows; after the close, recipients see no
 * personal content. Every read is audited with its purpose. Absent and forbidden are both 404.
 */
export async function openAlert(
  platform: Platform,
  actor: Actor,
  id: string,
  purpose: string,
): Promise<AlertDetail> {
  const { alert, view, recipients } = await loadAlert(platform, actor, id);
  const visible = contentVisible(view, alert);
  const events = await repo.eventsOf(platform.db, id);
  const interview = view === 'owner' ? await repo.findInterview(platform.db, id) : undefined;
  await platform.db.transaction().execute(async (trx) => {
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'alerts.read',
      targetType: 'alert',
      targetId: id,
      purpose,
      meta: { view, content: visible },
    });
  });
  let content: AlertDetail['content'] = null;
  if (visible) {
    const full = JSON.parse(unseal(platform, alert.content!, alertContext(id))) as AlertContent;
    const shown = view === 'owner' ? full : restrictTo(view, full);
    content = { ...shown, hasPhoto: alert.photo_file_id !== null };
  }
  const own = recipients.find((r) => r.organisation_id === actor.organisationId);
  return {
    alert,
    view,
    content,
    recipients,
    timeline: events.map((e) => ({
      id: e.id,
      kind: e.kind,
      organisationName: e.organisation_name,
      body: e.body && visible ? unseal(platform, e.body, eventContext(e.id)) : null,
      at: e.at,
    })),
    interview: interview
      ? {
          ...interview,
          outcomeText: interview.outcome ? unseal(platform, interview.outcome, interviewContext(id)) : null,
        }
      : null,
    can: {
      acknowledge:
        alert.status === 'open' && view !== 'owner' && Boolean(own) && own!.acknowledged_at === null,
      addEntry: alert.status === 'open',
      close: alert.status === 'open' && canClose(view),
      recordInterview: view === 'owner' && interview?.status === 'pending',
    },
  };
}

/** The alert's photo for readers whose view includes it, while they may see content; audited. */
export async function readAlertPhoto(platform: Platform, actor: Actor, id: string, purpose: string) {
  const { alert, view } = await loadAlert(platform, actor, id);
  authorize(contentVisible(view, alert) && alert.photo_file_id !== null);
  const file = await platform.files.read(platform.db, alert.photo_file_id!);
  await platform.db.transaction().execute(async (trx) => {
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'alerts.photo_read',
      targetType: 'alert',
      targetId: id,
      purpose,
    });
  });
  return { mimeType: file.mimeType, content: file.content };
}

export interface AlertListItem {
  alert: repo.AlertRow;
  acknowledged: boolean;
}

/** The alerts the actor may see (own organisation's as its staff, and those delivered to them). */
export async function listAlerts(
  platform: Platform,
  actor: Actor,
  filter: { status?: 'open' | 'closed' | undefined },
): Promise<AlertListItem[]> {
  const rows = await repo.listAlertsFor(
    platform.db,
    {
      personId: actor.personId,
      organisationId: actor.organisationId,
      roles: [...actor.roles],
      activePivot: await isActivePivot(platform, platform.db, actor),
      ownerOrganisationId: isProfileStaff(actor) ? actor.organisationId : null,
    },
    filter.status,
  );
  const recipients = await repo.recipientsOf(
    platform.db,
    rows.map((r) => r.id),
  );
  return rows.map((alert) => {
    const police = recipients.find(
      (r) => r.alert_id === alert.id && r.organisation_id === alert.police_organisation_id,
    );
    return { alert, acknowledged: Boolean(police?.acknowledged_at) };
  });
}

// ---------------------------------------------------------------- acknowledgement, timeline, escalation

/**
 * Acknowledges an open alert for the actor's (recipient) organisation, once: decided on the alert's
 * locked row, so an acknowledgement is ordered before or after a close or an escalation, never beside
 * it. Throws conflict when it is acknowledged already or no longer open (one of several at once wins).
 */
export async function acknowledgeAlert(platform: Platform, actor: Actor, id: string): Promise<void> {
  const { alert, view, recipients, member } = await loadAlert(platform, actor, id);
  const own = recipients.find((r) => r.organisation_id === actor.organisationId);
  authorize(view !== 'owner' && member && Boolean(own), { hide: false });
  if (alert.status !== 'open') throw Errors.conflict();
  const now = platform.now();
  await platform.db.transaction().execute(async (trx) => {
    if (!(await repo.lockOpenAlert(trx, id, 'share'))) throw Errors.conflict();
    if (!(await repo.acknowledge(trx, id, actor.organisationId, actor.personId, now)))
      throw Errors.conflict();
    await repo.insertEvent(trx, {
      id: randomUUID(),
      alert_id: id,
      kind: 'acknowledged',
      author_person_id: actor.personId,
      organisation_id: actor.organisationId,
      body: null,
      at: now,
    });
    if (alert.raised_by)
      await platform.notifier.notify(trx, alert.raised_by, {
        kind: 'alerts.acknowledged',
        link: `/alertes/${id}`,
      });
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'alerts.acknowledge',
      targetType: 'alert',
      targetId: id,
    });
  });
}

/**
 * Adds a sighting or an update to an open alert's timeline (everyone involved); notifies them live.
 * Throws conflict once the alert is closed, including by a close that commits while this one waits.
 */
export async function addTimelineEntry(
  platform: Platform,
  actor: Actor,
  id: string,
  input: { kind: 'sighting' | 'update'; body: string },
): Promise<void> {
  const { alert, recipients } = await loadAlert(platform, actor, id);
  if (alert.status !== 'open') throw Errors.conflict();
  const body = input.body.trim();
  if (!body) throw Errors.field('body', 'required');
  const eventId = randomUUID();
  const now = platform.now();
  await platform.db.transaction().execute(async (trx) => {
    if (!(await repo.lockOpenAlert(trx, id, 'share'))) throw Errors.conflict();
    await repo.insertEvent(trx, {
      id: eventId,
      alert_id: id,
      kind: input.kind,
      author_person_id: actor.personId,
      organisation_id: actor.organisationId,
      body: seal(platform, body, eventContext(eventId)),
      at: now,
    });
    const everyone = await everyoneReached(platform, trx, id, recipients);
    if (alert.raised_by) everyone.add(alert.raised_by);
    everyone.delete(actor.personId);
    await notifyAll(platform, trx, everyone, 'alerts.updated', id);
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: `alerts.${input.kind}`,
      targetType: 'alert',
      targetId: id,
    });
  });
}

/**
 * Escalates every open alert whose police service has not acknowledged within the table's delay: the
 * service's other police people (investigators, analysts) and the coordinators (table coordination,
 * the owner's organisation coordinators) receive it. The list of due alerts is only a candidate list:
 * each alert is checked again on its locked row (still open, not escalated, not acknowledged by the
 * police), so an acknowledgement or a close committed meanwhile, or another run of the job, wins and
 * nothing is escalated twice. `pause` runs between the list and each alert's transaction (tests use it
 * to commit an acknowledgement exactly there). Returns how many alerts escalated.
 */
export async function escalateOverdueAlerts(
  platform: Platform,
  options: { pause?: (alertId: string) => Promise<void> } = {},
): Promise<number> {
  const settings = await repo.getSettings(platform.db);
  const now = platform.now();
  const due = await repo.alertsToEscalate(
    platform.db,
    new Date(now.getTime() - settings.ack_delay_minutes * 60_000),
  );
  let escalated = 0;
  for (const candidate of due) {
    await options.pause?.(candidate.id);
    const done = await platform.db.transaction().execute(async (trx) => {
      const alert = await repo.lockOpenAlert(trx, candidate.id, 'update');
      if (!alert || alert.escalated_at !== null || !alert.police_organisation_id) return false;
      const police = alert.police_organisation_id;
      const recipients = await repo.recipientsOf(trx, [alert.id]);
      if (recipients.find((r) => r.organisation_id === police)?.acknowledged_at) return false;
      const already = await everyoneReached(platform, trx, alert.id, recipients);
      // The whole police service's analysts and investigators now receive it.
      const policeRoles: Role[] = ['police_analyst', 'investigator'];
      await repo.setRecipientRoles(trx, alert.id, police, policeRoles);
      const next = (
        await peopleReached(platform, trx, [{ organisationId: police, view: 'police', roles: policeRoles }])
      ).filter((p) => !already.has(p));
      const tableCoordinators = (await network.peopleWithRole(trx, 'table_coordinator')).filter(
        (p) => !already.has(p.id) && p.organisation_id !== alert.owner_organisation_id,
      );
      const ownerCoordinators = await network.peopleWithRole(
        trx,
        'org_coordinator',
        alert.owner_organisation_id,
      );
      const rows = tableCoordinators.map((p) => ({
        alert_id: alert.id,
        person_id: p.id,
        organisation_id: p.organisation_id,
        reason: 'coordination' as const,
      }));
      await repo.insertRecipientPeople(trx, rows);
      const newOrganisations = [...new Set(tableCoordinators.map((p) => p.organisation_id))].filter(
        (o) => o !== police,
      );
      if (newOrganisations.length > 0) {
        const content = alert.content
          ? (JSON.parse(unseal(platform, alert.content, alertContext(alert.id))) as AlertContent)
          : {};
        const present = new Set<SharedField>(Object.keys(content) as SharedField[]);
        if (alert.photo_file_id) present.add('photo');
        await recordDisclosures(platform, trx, {
          alertId: alert.id,
          actor: null,
          fromOrganisationId: alert.owner_organisation_id,
          at: now,
          legalBasis: alert.legal_basis,
          withoutConsent: alert.without_consent,
          justification: '',
          present,
          organisations: newOrganisations.map((o) => ({ organisationId: o, view: 'pivot' as const })),
        });
      }
      await repo.updateAlert(trx, alert.id, { escalated_at: now });
      await repo.insertEvent(trx, {
        id: randomUUID(),
        alert_id: alert.id,
        kind: 'escalated',
        author_person_id: null,
        organisation_id: null,
        body: null,
        at: now,
      });
      const passedOn = new Set([...next, ...rows.map((r) => r.person_id)]);
      // The youth centre's coordinators are told their alert was escalated, not that it reached them.
      const owners = ownerCoordinators.map((p) => p.id).filter((id) => !passedOn.has(id));
      const notified = new Set([...passedOn, ...owners]);
      await notifyAll(platform, trx, notified, 'alerts.escalated', alert.id);
      if (passedOn.size > 0) {
        await platform.jobs.enqueue(trx, ALERTS_EMAIL_JOB, {
          alertId: alert.id,
          personIds: [...passedOn],
          template: 'alerts_escalated',
        });
      }
      if (owners.length > 0) {
        await platform.jobs.enqueue(trx, ALERTS_EMAIL_JOB, {
          alertId: alert.id,
          personIds: owners,
          template: 'alerts_escalated_owner',
        });
      }
      await platform.audit.append(trx, {
        actor: null,
        action: 'alerts.escalate',
        targetType: 'alert',
        targetId: alert.id,
        meta: { people: notified.size, delayMinutes: settings.ack_delay_minutes },
      });
      return true;
    });
    if (done) escalated += 1;
  }
  return escalated;
}

// ---------------------------------------------------------------- close, return interview, purge

/**
 * Closes an open alert (found or returned, type of place, time missing). Recipients lose its personal
 * content at once and are told live; the youth centre gets a return-interview task due in 72 hours;
 * de-identified facts are written; the purge is scheduled after the table's period. The close is a
 * conditional update of the open alert: of several closes at once one wins and the others get
 * conflict, with nothing written; the facts read the acknowledgements and the escalation on the
 * locked row. Throws not_found, forbidden, conflict, field problems on `foundAt`.
 */
export async function closeAlert(
  platform: Platform,
  actor: Actor,
  id: string,
  input: { outcome: Outcome; placeType: PlaceType; foundAt: string },
): Promise<void> {
  const { alert, view } = await loadAlert(platform, actor, id);
  authorize(canClose(view), { hide: false });
  if (alert.status !== 'open') throw Errors.conflict();
  const now = platform.now();
  const foundAt = new Date(input.foundAt);
  if (foundAt.getTime() < alert.last_seen_at.getTime())
    throw Errors.field('foundAt', 'alerts_found_before_seen');
  if (foundAt.getTime() > now.getTime() + 5 * 60_000) throw Errors.field('foundAt', 'alerts_found_future');
  const settings = await repo.getSettings(platform.db);
  await platform.db.transaction().execute(async (trx) => {
    const closed = await repo.closeAlert(trx, id, {
      closed_at: now,
      closed_by: actor.personId,
      outcome: input.outcome,
      place_type: input.placeType,
      found_at: foundAt,
      purge_after: new Date(now.getTime() + settings.purge_after_days * DAY_MS),
    });
    if (!closed) throw Errors.conflict();
    // Read again under the row lock: an acknowledgement or an escalation committed since the first
    // read is in the facts, and none can land after the close.
    const alert = (await repo.findAlert(trx, id))!;
    const recipients = await repo.recipientsOf(trx, [id]);
    const police = recipients.find((r) => r.organisation_id === alert.police_organisation_id);
    await repo.insertEvent(trx, {
      id: randomUUID(),
      alert_id: id,
      kind: 'closed',
      author_person_id: actor.personId,
      organisation_id: actor.organisationId,
      body: null,
      at: now,
    });
    await repo.insertInterview(trx, {
      alert_id: id,
      due_at: new Date(now.getTime() + INTERVIEW_HOURS * 3_600_000),
      done_at: null,
      exploitation_risks_screened: null,
      outcome: null,
      recorded_by: null,
    });
    const profile = alert.profile_id ? await repo.findProfile(trx, alert.profile_id) : undefined;
    const zone = platform.config.timeZone;
    await repo.insertFacts(trx, {
      owner_organisation_id: alert.owner_organisation_id,
      month: `${localDay(alert.raised_at, zone).slice(0, 7)}-01`,
      closed_month: `${localDay(now, zone).slice(0, 7)}-01`,
      kind: alert.kind,
      minutes_to_police_ack: police?.acknowledged_at
        ? minutesBetween(alert.raised_at, police.acknowledged_at)
        : null,
      minutes_missing: minutesBetween(alert.last_seen_at, foundAt),
      minutes_to_find: minutesBetween(alert.raised_at, foundAt),
      escalated: alert.escalated_at !== null,
      organisations_involved: [alert.owner_organisation_id, ...recipients.map((r) => r.organisation_id)],
      profile_episode_count: profile?.episode_count ?? null,
      interview_status: 'pending',
      interview_within_72h: null,
      alert_id: id,
    });
    // Open screens of the recipients drop the content when this arrives.
    const everyone = await everyoneReached(platform, trx, id, recipients);
    if (alert.raised_by) everyone.add(alert.raised_by);
    everyone.delete(actor.personId);
    await notifyAll(platform, trx, everyone, 'alerts.closed', id);
    // The youth centre's coordinators are told the return interview is due.
    const coordinators = await network.peopleWithRole(trx, 'org_coordinator', alert.owner_organisation_id);
    await notifyAll(
      platform,
      trx,
      coordinators.map((p) => p.id).filter((p) => !everyone.has(p) && p !== actor.personId),
      'alerts.interview_due',
      id,
    );
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'alerts.close',
      targetType: 'alert',
      targetId: id,
      meta: { outcome: input.outcome, placeType: input.placeType },
    });
  });
}

/**
 * Records the return interview (done with its outcome, or the young person's refusal), once: a
 * conditional update of the pending task, so of two records at once the second gets conflict and
 * writes nothing. Throws not_found, forbidden, conflict, a field problem.
 */
export async function recordReturnInterview(
  platform: Platform,
  actor: Actor,
  id: string,
  input: {
    status: 'done' | 'refused';
    exploitationRisksScreened?: boolean | undefined;
    outcome?: string | undefined;
  },
): Promise<void> {
  const { view } = await loadAlert(platform, actor, id);
  authorize(view === 'owner', { hide: false });
  const interview = await repo.findInterview(platform.db, id);
  if (interview?.status !== 'pending') throw Errors.conflict();
  if (input.status === 'done' && input.exploitationRisksScreened === undefined) {
    throw Errors.field('exploitationRisksScreened', 'required');
  }
  const outcome = input.outcome?.trim() ?? '';
  const now = platform.now();
  await platform.db.transaction().execute(async (trx) => {
    const recorded = await repo.recordInterview(trx, id, {
      status: input.status,
      done_at: now,
      exploitation_risks_screened: input.status === 'done' ? (input.exploitationRisksScreened ?? null) : null,
      outcome: outcome ? seal(platform, outcome, interviewContext(id)) : null,
      recorded_by: actor.personId,
    });
    if (!recorded) throw Errors.conflict();
    await repo.updateFactsInterview(trx, id, {
      interview_status: input.status,
      interview_within_72h: input.status === 'done' && now.getTime() <= recorded.due_at.getTime(),
    });
    await repo.insertEvent(trx, {
      id: randomUUID(),
      alert_id: id,
      kind: 'interview',
      author_person_id: actor.personId,
      organisation_id: actor.organisationId,
      body: null,
      at: now,
    });
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'alerts.interview',
      targetType: 'alert',
      targetId: id,
      meta: { status: input.status },
    });
  });
}

/**
 * Destroys the personal data of alerts closed longer than the purge period: the alert row with its
 * sealed content, timeline, recipients and interview, its photo copy, and the justifications in the
 * register. The de-identified facts and the register's rows (fields, parties, legal basis) remain.
 * An alert another run purged meanwhile is left alone (one audit entry each). Returns how many went.
 */
export async function purgeClosedAlerts(platform: Platform): Promise<number> {
  const due = await repo.alertsToPurge(platform.db, platform.now());
  let purged = 0;
  for (const alert of due) {
    if (await platform.db.transaction().execute((trx) => purgeAlert(platform, trx, alert, 'period')))
      purged += 1;
  }
  return purged;
}

/**
 * Destroys a closed alert's personal data (its row with the sealed content, timeline, recipients,
 * interview, photo copy, the register's justification text), keeping its de-identified facts and the
 * register's rows; audited with why (`period` over, or its profile destroyed). Returns false, writing
 * no audit entry, when another transaction purged it first.
 */
async function purgeAlert(
  platform: Platform,
  trx: Transaction<DB>,
  alert: { id: string; photo_file_id: string | null },
  reason: 'period' | 'profile_destroyed',
): Promise<boolean> {
  await repo.wipeJustifications(trx, alert.id);
  await repo.unlinkFacts(trx, alert.id);
  if (!(await repo.deleteAlert(trx, alert.id))) return false;
  if (alert.photo_file_id) await platform.files.remove(trx, alert.photo_file_id);
  await platform.audit.append(trx, {
    actor: null,
    action: 'alerts.purge',
    targetType: 'alert',
    targetId: alert.id,
    meta: { photo: alert.photo_file_id !== null, reason },
  });
  return true;
}

/** Reminds the owners (organisation coordinators, else the staff) of profiles not reviewed in 90 days. */
export async function remindProfileReviews(platform: Platform): Promise<number> {
  const now = platform.now();
  const reviewedBefore = new Date(now.getTime() - REVIEW_DAYS * DAY_MS);
  const due = await repo.profilesDueForReview(platform.db, reviewedBefore);
  for (const profile of due) {
    await platform.db.transaction().execute(async (trx) => {
      // Archived, reviewed or reminded by another run since it was listed: no reminder about it.
      if (!(await repo.markReviewReminded(trx, profile.id, now, reviewedBefore))) return;
      let owners = await network.peopleWithRole(trx, 'org_coordinator', profile.organisation_id);
      if (owners.length === 0) owners = await network.peopleWithRole(trx, 'worker', profile.organisation_id);
      if (owners.length > 0) {
        await platform.notifier.notify(
          trx,
          owners.map((o) => o.id),
          { kind: 'alerts.review_due', link: `/alertes/fiches/${profile.id}` },
        );
      }
      await platform.audit.append(trx, {
        actor: null,
        action: 'alerts.review_reminder',
        targetType: 'alert_profile',
        targetId: profile.id,
        meta: { people: owners.length },
      });
    });
  }
  return due.length;
}

// ---------------------------------------------------------------- settings, register, figures, partners

export async function getSettings(platform: Platform, actor: Actor) {
  const settings = await repo.getSettings(platform.db);
  return {
    ackDelayMinutes: settings.ack_delay_minutes,
    purgeAfterDays: settings.purge_after_days,
    profileRetentionDays: settings.profile_retention_days,
    canEdit: canEditSettings(actor),
  };
}

/**
 * Changes the escalation delay, the purge period or the retention period of archived profiles (table
 * coordination; the ranges are the schema's). A shorter retention applies to every archived profile at
 * the next run of the retention job.
 */
export async function updateSettings(
  platform: Platform,
  actor: Actor,
  input: {
    ackDelayMinutes?: number | undefined;
    purgeAfterDays?: number | undefined;
    profileRetentionDays?: number | undefined;
  },
): Promise<void> {
  authorize(canEditSettings(actor), { hide: false });
  await platform.db.transaction().execute(async (trx) => {
    await repo.updateSettings(
      trx,
      {
        ...(input.ackDelayMinutes !== undefined ? { ack_delay_minutes: input.ackDelayMinutes } : {}),
        ...(input.purgeAfterDays !== undefined ? { purge_after_days: input.purgeAfterDays } : {}),
        ...(input.profileRetentionDays !== undefined
          ? { profile_retention_days: input.profileRetentionDays }
          : {}),
      },
      actor.personId,
      platform.now(),
    );
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'alerts.settings',
      targetType: 'alert_settings',
      targetId: null,
      meta: { ...input },
    });
  });
}

export interface DisclosureView {
  id: string;
  alertId: string | null;
  disclosedAt: Date;
  disclosedByName: string;
  fromOrganisationName: string;
  toOrganisationName: string;
  view: 'police' | 'pivot';
  fields: string[];
  legalBasis: LegalBasis;
  withoutConsent: boolean;
  justification: string | null;
  flagged: boolean;
  reviewedAt: Date | null;
}

/** The register of disclosures made by or to the privacy officer's organisation; reading it is audited. */
export async function listDisclosures(
  platform: Platform,
  actor: Actor,
  filter: { flagged?: boolean | undefined },
  purpose = 'register',
): Promise<DisclosureView[]> {
  authorize(canReadRegister(actor), { hide: false });
  const rows = await repo.listDisclosures(platform.db, actor.organisationId, filter);
  await platform.db.transaction().execute(async (trx) => {
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'alerts.register_read',
      targetType: 'alert_disclosures',
      targetId: null,
      purpose,
      meta: { count: rows.length },
    });
  });
  return rows.map((r) => ({
    id: r.id,
    alertId: r.alert_id,
    disclosedAt: r.disclosed_at,
    disclosedByName: r.by_name,
    fromOrganisationName: r.from_name,
    toOrganisationName: r.to_name,
    view: r.view,
    fields: r.fields,
    legalBasis: r.legal_basis,
    withoutConsent: r.without_consent,
    justification: r.justification ? unseal(platform, r.justification, justificationContext(r.id)) : null,
    flagged: r.flagged,
    reviewedAt: r.reviewed_at,
  }));
}

const CSV_HEADER = [
  'disclosed_at',
  'disclosed_by',
  'from',
  'to',
  'view',
  'fields',
  'legal_basis',
  'without_consent',
  'justification',
  'flagged',
  'reviewed_at',
];

/** The register as CSV (cells neutralised against formula injection). */
export async function disclosuresCsv(platform: Platform, actor: Actor): Promise<string> {
  const rows = await listDisclosures(platform, actor, {}, 'register_export');
  const lines = [CSV_HEADER.join(',')];
  for (const r of rows) {
    lines.push(
      [
        r.disclosedAt.toISOString(),
        r.disclosedByName,
        r.fromOrganisationName,
        r.toOrganisationName,
        r.view,
        r.fields.join(' '),
        r.legalBasis,
        r.withoutConsent ? 'yes' : 'no',
        r.justification ?? '',
        r.flagged ? 'yes' : 'no',
        r.reviewedAt ? r.reviewedAt.toISOString() : '',
      ]
        .map((cell) => csvCell(cell))
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * Marks a flagged disclosure of the officer's organisation reviewed, once (a conditional update).
 * Throws not_found when there is no such flagged disclosure, conflict when it was reviewed already.
 */
export async function reviewDisclosure(platform: Platform, actor: Actor, id: string): Promise<void> {
  authorize(canReadRegister(actor), { hide: false });
  await platform.db.transaction().execute(async (trx) => {
    if (!(await repo.markDisclosureReviewed(trx, id, actor.organisationId, actor.personId, platform.now()))) {
      throw (await repo.disclosureReviewed(trx, id, actor.organisationId))
        ? Errors.conflict()
        : Errors.notFound();
    }
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'alerts.disclosure_review',
      targetType: 'alert_disclosure',
      targetId: id,
    });
  });
}

/** The table's figures, from de-identified facts only; every month from the first alert to now. */
export async function figures(platform: Platform) {
  const facts = await repo.allFacts(platform.db);
  const months = everyMonth(
    await repo.alertsPerMonth(platform.db, platform.config.timeZone),
    localDay(platform.now(), platform.config.timeZone).slice(0, 7),
  );
  return {
    months,
    closedAlerts: facts.length,
    medianMinutesToPoliceAck: median(
      facts.flatMap((f) => (f.minutes_to_police_ack === null ? [] : [f.minutes_to_police_ack])),
    ),
    medianMinutesMissing: median(
      facts.flatMap((f) => (f.minutes_missing === null ? [] : [f.minutes_missing])),
    ),
    interviewsWithin72hShare:
      facts.length === 0 ? null : facts.filter((f) => f.interview_within_72h === true).length / facts.length,
  };
}

/** Alerts per month as CSV (the numbers of the figures page's chart). */
export async function figuresCsv(platform: Platform): Promise<string> {
  const { months } = await figures(platform);
  const lines = ['month,alerts', ...months.map((m) => `${csvCell(m.month)},${m.alerts}`)];
  return `${lines.join('\r\n')}\r\n`;
}

/** Partner organisations and regions a youth centre may address (active organisations of the table). */
export async function listPartners(platform: Platform, actor: Actor) {
  authorize(isProfileStaff(actor), { hide: false });
  const organisations = (await network.activeOrganisations(platform.db)).filter(
    (o) => o.id !== actor.organisationId,
  );
  return {
    organisations: organisations.map((o) => ({ id: o.id, name: o.name, type: o.type, region: o.region })),
    regions: [...new Set(organisations.map((o) => o.region))].sort(),
  };
}

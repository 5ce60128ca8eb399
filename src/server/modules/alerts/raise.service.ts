import { randomUUID } from 'node:crypto';
import type { Static } from '@sinclair/typebox';
import type { Transaction } from 'kysely';
import type { Actor } from '../../platform/authz/actor.js';
import { authorize } from '../../platform/authz/authorize.js';
import type { DB } from '../../platform/db/schema.js';
import { Errors, type FieldProblem } from '../../platform/errors.js';
import type { Platform } from '../../platform/platform.js';
import * as accounts from '../accounts/index.js';
import * as network from '../network/index.js';
import { ALERTS_EMAIL_JOB } from './alert-emails.service.js';
import {
  type AlertContent,
  alertContext,
  type ProfileContent,
  profileContext,
  seal,
  unseal,
} from './alerts.content.js';
import { canOverrideConsent, isProfileStaff } from './alerts.policy.js';
import * as alertRepo from './alerts.repository.js';
import { consentProblem, type SharedField } from './alerts.rules.js';
import type { RaiseAlertBody } from './alerts.schemas.js';
import * as profileRepo from './profiles.repository.js';
import { PHOTO_LIMITS } from './profiles.service.js';
import * as recipientRepo from './recipients.repository.js';
import { notifyAll, peopleReached, type RecipientRule, today } from './recipients.service.js';
import { recordDisclosures } from './register.service.js';

/**
 * Raising an alert in one step, from a profile or from a few emergency fields: the checks, the plan of
 * its recipients, and the one transaction that stores, shares, notifies and audits it; and the
 * partners a youth centre may address.
 */

/** A raise request (the request schema's type). */
export type RaiseAlertInput = Static<typeof RaiseAlertBody>;

interface RecipientPlan {
  organisations: RecipientRule[];
  /** Everyone the rule reaches now: notified at once. */
  personIds: string[];
}

/** Checks a raise request and plans its recipients. Throws field problems; reads only. */
async function planRecipients(
  platform: Platform,
  actor: Actor,
  input: RaiseAlertInput,
  problems: FieldProblem[],
): Promise<RecipientPlan> {
  const db = platform.db;
  const organisations: RecipientRule[] = [];
  // The table's partners, read once: every organisation the request names must be one of them.
  const active = await accounts.activeOrganisations(db);
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

/** When the young person was last seen: a valid time, not in the future (five minutes of clock drift allowed). */
function checkLastSeen(input: RaiseAlertInput, now: Date, problems: FieldProblem[]): Date {
  const lastSeenAt = new Date(input.lastSeenAt);
  if (Number.isNaN(lastSeenAt.getTime())) problems.push({ field: 'lastSeenAt', rule: 'required' });
  else if (lastSeenAt.getTime() > now.getTime() + 5 * 60_000) {
    problems.push({ field: 'lastSeenAt', rule: 'alerts_last_seen_future' });
  }
  return lastSeenAt;
}

/** The young person an alert is about. */
interface Subject {
  /** The active profile of the actor's organisation the alert is raised from, if any. */
  profile: profileRepo.ProfileRow | undefined;
  /** What the alert copies of them: the profile's content, or the few fields of an emergency. */
  base: Partial<ProfileContent>;
}

/**
 * The young person of a raise request: an active profile of the actor's organisation (its content
 * without the sharing basis, which stays with the youth centre), or the emergency fields typed in the
 * form. Notes field problems; reads only.
 */
async function readSubject(
  platform: Platform,
  actor: Actor,
  input: RaiseAlertInput,
  problems: FieldProblem[],
): Promise<Subject> {
  if (input.profileId) {
    const profile = await profileRepo.findProfile(platform.db, input.profileId);
    if (!profile || profile.organisation_id !== actor.organisationId) {
      problems.push({ field: 'profileId', rule: 'unknown' });
      return { profile: undefined, base: {} };
    }
    if (profile.archived_at) {
      problems.push({ field: 'profileId', rule: 'alerts_profile_archived' });
      return { profile: undefined, base: {} };
    }
    const { sharingBasis: _basis, ...rest } = JSON.parse(
      unseal(platform, profile.content, profileContext(profile.id)),
    ) as ProfileContent;
    return { profile, base: rest };
  }
  if (input.subject?.givenName.trim()) {
    return {
      profile: undefined,
      base: {
        givenName: input.subject.givenName.trim(),
        familyName: input.subject.familyName?.trim() ?? '',
        description: input.subject.description?.trim() ?? '',
      },
    };
  }
  problems.push({ field: 'subject.givenName', rule: 'required' });
  return { profile: undefined, base: {} };
}

/** Whether the alert is shared without the young person's consent, and the justification given. */
interface Sharing {
  withoutConsent: boolean;
  justification: string;
}

/**
 * Checks the legal basis of the share: sharing without consent takes a role allowed to override it
 * and a written justification. Notes field problems.
 */
function checkSharing(actor: Actor, input: RaiseAlertInput, problems: FieldProblem[]): Sharing {
  const withoutConsent = input.withoutConsent ?? false;
  const justification = input.justification?.trim() ?? '';
  const consent = consentProblem({
    legalBasis: input.legalBasis,
    withoutConsent,
    justification,
    mayOverride: canOverrideConsent(actor),
  });
  if (consent) problems.push(consent);
  return { withoutConsent, justification };
}

/** The alert's content: what it copies of the young person, and the circumstances given (blank ones left out). */
function alertContent(base: Partial<ProfileContent>, input: RaiseAlertInput): AlertContent {
  const content: AlertContent = { ...base };
  for (const key of ['lastSeenPlace', 'clothing', 'circumstances', 'immediateRisks'] as const) {
    const value = input[key]?.trim();
    if (value) content[key] = value;
  }
  return content;
}

/** The fields an alert carries (blank ones share nothing), its photo included. */
function presentFields(content: AlertContent, profile: profileRepo.ProfileRow | undefined): Set<SharedField> {
  const present = new Set<SharedField>(
    (Object.entries(content) as Array<[SharedField, unknown]>)
      .filter(([, v]) => (Array.isArray(v) ? v.length > 0 : v !== '' && v !== null && v !== undefined))
      .map(([k]) => k),
  );
  if (profile?.photo_file_id) present.add('photo');
  return present;
}

/** An alert checked and ready to be stored. */
interface NewAlert {
  id: string;
  actor: Actor;
  input: RaiseAlertInput;
  profile: profileRepo.ProfileRow | undefined;
  content: AlertContent;
  sharing: Sharing;
  lastSeenAt: Date;
  now: Date;
  plan: RecipientPlan;
}

/**
 * The alert's own sealed copy of the profile's photo: the purge destroys it while the profile keeps
 * its photo. Returns the stored file's id.
 */
async function copyProfilePhoto(
  platform: Platform,
  trx: Transaction<DB>,
  actor: Actor,
  photoFileId: string,
): Promise<string> {
  const photo = await platform.files.read(trx, photoFileId);
  const copy = await platform.files.save(trx, {
    filename: 'photo',
    content: photo.content,
    accept: PHOTO_LIMITS.accept,
    maxBytes: PHOTO_LIMITS.maxBytes,
    restricted: true,
    createdBy: actor.personId,
  });
  return copy.id;
}

/** Stores the alert with its sealed content and photo copy, its recipient organisations and its first timeline entry. */
async function storeAlert(platform: Platform, trx: Transaction<DB>, alert: NewAlert): Promise<void> {
  const { id, actor, input, profile, plan, now } = alert;
  const photoId = profile?.photo_file_id
    ? await copyProfilePhoto(platform, trx, actor, profile.photo_file_id)
    : null;
  await alertRepo.insertAlert(trx, {
    id,
    profile_id: profile?.id ?? null,
    owner_organisation_id: actor.organisationId,
    police_organisation_id: plan.organisations.find((o) => o.view === 'police')?.organisationId ?? null,
    kind: input.kind,
    legal_basis: input.legalBasis,
    without_consent: alert.sharing.withoutConsent,
    content: seal(platform, JSON.stringify(alert.content), alertContext(id)),
    photo_file_id: photoId,
    last_seen_at: alert.lastSeenAt,
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
  await recipientRepo.insertRecipients(
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
  await alertRepo.insertEvent(trx, {
    id: randomUUID(),
    alert_id: id,
    kind: 'raised',
    author_person_id: actor.personId,
    organisation_id: actor.organisationId,
    body: null,
    at: now,
  });
}

/** Notifies everyone the rules reach now (one fan-out) and queues their content-free e-mails. */
async function announceAlert(
  platform: Platform,
  trx: Transaction<DB>,
  alertId: string,
  plan: RecipientPlan,
): Promise<void> {
  await notifyAll(platform, trx, plan.personIds, 'alerts.raised', alertId);
  // The e-mail job carries the rules the alert was raised with, not thousands of ids a second time;
  // it reads who they reach when it runs (an escalation meanwhile widens the alert, not this job).
  if (plan.personIds.length > 0) {
    await platform.jobs.enqueue(trx, ALERTS_EMAIL_JOB, { alertId, rules: plan.organisations });
  }
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
  const lastSeenAt = checkLastSeen(input, now, problems);
  const { profile, base } = await readSubject(platform, actor, input, problems);
  const sharing = checkSharing(actor, input, problems);
  const plan = await planRecipients(platform, actor, input, problems);
  if (problems.length > 0) throw Errors.invalid(problems);

  const content = alertContent(base, input);
  const present = presentFields(content, profile);
  const alert: NewAlert = {
    id: randomUUID(),
    actor,
    input,
    profile,
    content,
    sharing,
    lastSeenAt,
    now,
    plan,
  };
  await platform.db.transaction().execute(async (trx) => {
    await storeAlert(platform, trx, alert);
    await recordDisclosures(platform, trx, {
      alertId: alert.id,
      actor,
      at: now,
      legalBasis: input.legalBasis,
      withoutConsent: sharing.withoutConsent,
      justification: sharing.justification,
      present,
      organisations: plan.organisations,
    });
    // Archived since it was read: the whole alert is refused (the row lock orders this against the archive).
    if (profile && !(await profileRepo.incrementEpisodes(trx, profile.id)))
      throw Errors.field('profileId', 'alerts_profile_archived');
    await announceAlert(platform, trx, alert.id, plan);
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'alerts.alert.raise',
      targetType: 'alert',
      targetId: alert.id,
      meta: {
        kind: input.kind,
        legalBasis: input.legalBasis,
        withoutConsent: sharing.withoutConsent,
        organisations: plan.organisations.map((o) => o.organisationId),
        people: plan.personIds.length,
        fromProfile: Boolean(profile),
      },
    });
  });
  return { id: alert.id, recipients: plan.personIds.length };
}

/** Partner organisations and regions a youth centre may address (active organisations of the table). */
export async function listPartners(platform: Platform, actor: Actor) {
  authorize(isProfileStaff(actor), { hide: false });
  const organisations = (await accounts.activeOrganisations(platform.db)).filter(
    (o) => o.id !== actor.organisationId,
  );
  return {
    organisations: organisations.map((o) => ({ id: o.id, name: o.name, type: o.type, region: o.region })),
    regions: [...new Set(organisations.map((o) => o.region))].sort(),
  };
}

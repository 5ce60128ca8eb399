// Sending a referral (the consent first, then only the fields the service needs), recording one made
// off the platform, and reading them: the lists of each side, a referral, a person's trajectory.

import { randomUUID } from 'node:crypto';
import { dueAfterBusinessDays } from '../../../shared/business-days.js';
import type {
  DisclosedDetails,
  LoggedReferralInput,
  ReferralCounts,
  ReferralDetail,
  ReferralInput,
  ReferralList,
  ReferralListQuery,
  Trajectory,
  TrajectoryEntry,
} from '../../../shared/contracts/referrals.js';
import {
  CLOSED_REFERRAL_STATUSES,
  CONSENT_MIN_AGE,
  type ReferralLegalBasis,
  type ReferralStatus,
  type ResourceTaxonomy,
} from '../../../shared/contracts/resources.values.js';
import type { Actor } from '../../platform/authz/actor.js';
import { authorize } from '../../platform/authz/authorize.js';
import type { Executor } from '../../platform/db/database.js';
import { Errors } from '../../platform/errors.js';
import type { Platform } from '../../platform/platform.js';
import * as accounts from '../accounts/index.js';
import * as directory from './directory.repository.js';
import { disclosedContext, noteContext } from './referrals.fields.js';
import { RECEIVER_ROLES, type ReferralSide, receives, sends, sidesOf } from './referrals.policy.js';
import * as repo from './referrals.repository.js';
import {
  ageOn,
  consentsAlone,
  displayName,
  loadSubject,
  openIdentity,
  recordConsent,
  type SubjectIdentity,
  today,
} from './subjects.service.js';

const DAY_MS = 86_400_000;

export function isClosed(status: ReferralStatus): boolean {
  return CLOSED_REFERRAL_STATUSES.includes(status);
}

/** The moves the receiving service may make from each status. */
const RECEIVER_MOVES: Record<ReferralStatus, ReferralStatus[]> = {
  sent: ['received', 'accepted', 'declined', 'waitlisted'],
  received: ['accepted', 'declined', 'waitlisted'],
  waitlisted: ['accepted', 'declined', 'in_progress'],
  accepted: ['in_progress', 'completed', 'declined'],
  in_progress: ['completed'],
  declined: [],
  completed: [],
  cancelled: [],
};

/**
 * The moves the reader may make: the receiving service's from `RECEIVER_MOVES`; the sender's cancel of
 * an open referral and, for a logged one, every move the service would make.
 */
export function allowedMoves(
  sides: readonly ReferralSide[],
  referral: { status: ReferralStatus; logged: boolean },
  consentHolds = true,
): ReferralStatus[] {
  const moves = new Set<ReferralStatus>();
  // The service acts only on a person it may still see: not once the consent lapsed or was withdrawn.
  if (sides.includes('receiver') && !referral.logged && consentHolds)
    for (const to of RECEIVER_MOVES[referral.status]) moves.add(to);
  if (sides.includes('sender') && !isClosed(referral.status)) {
    if (referral.logged) for (const to of RECEIVER_MOVES[referral.status]) moves.add(to);
    moves.add('cancelled');
  }
  return [...moves];
}

// ── Sending ──────────────────────────────────────────────────────────────────────────────────────

function disclosedOf(
  identity: SubjectIdentity,
  subject: NonNullable<Awaited<ReturnType<typeof repo.findSubject>>>,
  input: ReferralInput,
  day: string,
): DisclosedDetails {
  const fields = new Set(input.disclosedFields);
  const text = (value: string | null | undefined) => value?.trim() || null;
  const details: DisclosedDetails = {};
  if (fields.has('name')) details.name = displayName(identity);
  if (fields.has('age')) details.age = ageOn(identity.birthDate, day);
  if (fields.has('gender')) details.gender = subject.gender;
  if (fields.has('languages')) details.languages = subject.languages;
  if (fields.has('contact'))
    details.contact = {
      doNotContact: subject.do_not_contact,
      safeChannels: subject.safe_channels,
      // "Do not contact": the service goes through the sender, so the person's own numbers stay here.
      phone: subject.do_not_contact ? null : identity.phone,
      email: subject.do_not_contact ? null : identity.email,
      note: identity.contactNote,
    };
  for (const key of ['situation', 'needs', 'risks'] as const) {
    if (!fields.has(key)) continue;
    const value = text(input[key]);
    if (!value) throw Errors.field(key, 'required');
    details[key] = value;
  }
  return details;
}

/**
 * Sends a referral: the person must be followed by the sender's organisation, the service must take
 * referrals through Filet, a consent for the partner that keeps the service must hold (an existing one,
 * or one given now), a service in another region asks for a reason. One transaction writes the referral, its
 * first event, the register's row and the audit, and tells the service's staff.
 */
export async function sendReferral(platform: Platform, actor: Actor, input: ReferralInput): Promise<string> {
  authorize(sends(actor), { hide: false });
  const subject = await loadSubject(platform, actor, input.subjectId);
  const service = await directory.findService(platform.db, input.serviceId);
  if (!service) throw Errors.field('serviceId', 'referrals_unknown_service');
  if (service.status !== 'active') throw Errors.field('serviceId', 'referrals_service_not_active');
  if (!service.accepts_referrals || service.keeper_organisation_id === null)
    throw Errors.field('serviceId', 'referrals_service_not_receiving');
  const home = await accounts.organisationById(platform.db, actor.organisationId);
  const reason = input.outOfRegionReason?.trim() || null;
  if (home && home.region !== service.region && !reason)
    throw Errors.field('outOfRegionReason', 'referrals_region_reason', { region: service.region });
  if (input.consentId && input.consent) throw Errors.field('consent', 'referrals_consent_twice');
  const day = today(platform);
  let existing: Awaited<ReturnType<typeof repo.findConsent>> | undefined;
  if (input.consentId) {
    existing = await repo.findConsent(platform.db, input.consentId);
    if (!existing || existing.subject_id !== subject.id)
      throw Errors.field('consentId', 'referrals_unknown_consent');
    if (existing.for_organisation_id !== service.keeper_organisation_id)
      throw Errors.field('consentId', 'referrals_consent_other_organisation');
    if (existing.revoked_at || existing.expires_on < day)
      throw Errors.field('consentId', 'referrals_consent_not_active');
    // An override answers one situation: each share without consent is decided, and reviewed, anew.
    if (existing.given_by === 'override') throw Errors.field('consentId', 'referrals_override_single_use');
    // The age rule holds with the record as it is now (a birth date corrected since the consent counts).
    if (!consentsAlone(platform, subject, existing.given_by, existing.given_on))
      throw Errors.field('consentId', 'referrals_consent_age', { age: CONSENT_MIN_AGE });
  } else if (!input.consent) {
    throw Errors.field('consent', 'referrals_consent_required');
  }
  // Checked here for a quick answer; checked again below on the locked record.
  disclosedOf(openIdentity(platform, subject), subject, input, day);
  // Recipients are read before the transaction (PGlite has a single connection).
  const recipients = await receiverStaff(platform, service.keeper_organisation_id);
  const id = randomUUID();
  const now = platform.now();
  await platform.db.transaction().execute(async (trx) => {
    let consentId: string;
    let legalBasis: ReferralLegalBasis;
    let flagged = false;
    // The person's record as it stands, locked: a birth date corrected at this moment waits or counts.
    const current = await repo.lockSubject(trx, subject.id);
    if (!current || current.purged_at !== null) throw Errors.notFound();
    const details = disclosedOf(openIdentity(platform, current), current, input, day);
    if (existing) {
      if (!consentsAlone(platform, current, existing.given_by, existing.given_on))
        throw Errors.field('consentId', 'referrals_consent_age', { age: CONSENT_MIN_AGE });
      // Withdrawn meanwhile? Read again under a lock, so a withdrawal and a referral do not cross.
      const locked = await repo.lockConsent(trx, existing.id);
      if (!locked || locked.revoked_at) throw Errors.field('consentId', 'referrals_consent_not_active');
      consentId = existing.id;
      legalBasis =
        existing.given_by === 'override'
          ? 'override'
          : existing.given_by === 'parent' && subject.kind === 'youth'
            ? 'parental_consent'
            : 'consent';
      flagged = existing.given_by === 'override';
    } else {
      const recorded = await recordConsent(
        platform,
        trx,
        actor,
        current,
        { ...input.consent!, forOrganisationId: service.keeper_organisation_id! },
        'consent',
      );
      consentId = recorded.id;
      legalBasis = recorded.legalBasis;
      flagged = legalBasis === 'override';
    }
    await repo.insertReferral(trx, {
      id,
      subject_id: subject.id,
      consent_id: consentId,
      sender_organisation_id: actor.organisationId,
      sender_person_id: actor.personId,
      service_id: service.id,
      receiving_organisation_id: service.keeper_organisation_id,
      service_name: service.name_fr,
      taxonomy: service.taxonomy,
      logged: false,
      disclosed_fields: [...new Set(input.disclosedFields)],
      sealed_disclosed: platform.keyring.encrypt(JSON.stringify(details), disclosedContext(id)),
      out_of_region_reason: home && home.region !== service.region ? reason : null,
      status: 'sent',
      sent_at: now,
      due_at: dueAfterBusinessDays(now, service.response_days, platform.config.timeZone),
      created_by: actor.personId,
      updated_at: now,
    });
    await repo.insertEvents(trx, platform.now(), [
      {
        referral_id: id,
        kind: 'sent',
        actor_person_id: actor.personId,
        actor_organisation_id: actor.organisationId,
        to_status: 'sent',
      },
    ]);
    await repo.insertDisclosure(trx, {
      disclosed_at: now,
      referral_id: id,
      consent_id: consentId,
      disclosed_by: actor.personId,
      from_organisation_id: actor.organisationId,
      to_organisation_id: service.keeper_organisation_id!,
      fields: [...new Set(input.disclosedFields)],
      legal_basis: legalBasis,
      flagged,
    });
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'resources.referral.send',
      targetType: 'referral',
      targetId: id,
      meta: { service: service.id, fields: [...new Set(input.disclosedFields)], legalBasis },
    });
    if (recipients.length > 0)
      await platform.notifier.notify(trx, recipients, {
        kind: 'referrals.received',
        link: `/references/${id}`,
      });
  });
  return id;
}

/** The active staff of a receiving organisation who answer referrals. */
export async function receiverStaff(
  platform: Platform,
  organisationId: string,
  db: Executor = platform.db,
): Promise<string[]> {
  const people = new Set<string>();
  for (const role of RECEIVER_ROLES) {
    for (const person of await accounts.peopleWithRole(db, role, { organisationId })) people.add(person.id);
  }
  return [...people];
}

/**
 * Records a referral made off the platform (by phone, to a service not on Filet) so the trajectory
 * stays complete. Nothing is disclosed and no organisation is told.
 */
export async function logReferral(
  platform: Platform,
  actor: Actor,
  input: LoggedReferralInput,
): Promise<string> {
  authorize(sends(actor), { hide: false });
  const subject = await loadSubject(platform, actor, input.subjectId);
  let serviceName = input.serviceName?.trim() || null;
  let taxonomy: ResourceTaxonomy[] = [];
  if (input.serviceId) {
    const service = await directory.findService(platform.db, input.serviceId);
    if (!service) throw Errors.field('serviceId', 'referrals_unknown_service');
    serviceName = service.name_fr;
    taxonomy = service.taxonomy;
  }
  if (!serviceName) throw Errors.field('serviceName', 'required');
  const day = today(platform);
  const sentOn = input.sentOn ?? day;
  if (sentOn > day) throw Errors.field('sentOn', 'referrals_date_future');
  const status = input.status ?? 'sent';
  if (status === 'completed' && !input.outcome) throw Errors.field('outcome', 'required');
  // What came of a referral is known once it was answered: not while it is sent, received or waiting.
  if (input.outcome && ['sent', 'received', 'waitlisted'].includes(status))
    throw Errors.field('outcome', 'referrals_outcome_too_early');
  const id = randomUUID();
  const now = platform.now();
  const sentAt = sentOn === day ? now : new Date(`${sentOn}T12:00:00Z`);
  const note = input.note?.trim() || null;
  await platform.db.transaction().execute(async (trx) => {
    await repo.insertReferral(trx, {
      id,
      subject_id: subject.id,
      consent_id: null,
      sender_organisation_id: actor.organisationId,
      sender_person_id: actor.personId,
      service_id: input.serviceId ?? null,
      receiving_organisation_id: null,
      service_name: serviceName!,
      taxonomy,
      logged: true,
      status,
      outcome: input.outcome ?? null,
      decline_reason: status === 'declined' ? 'other' : null,
      sent_at: sentAt,
      closed_at: isClosed(status) ? now : null,
      created_by: actor.personId,
      updated_at: now,
    });
    const eventId = randomUUID();
    await repo.insertEvents(trx, platform.now(), [
      {
        id: eventId,
        referral_id: id,
        kind: 'logged',
        actor_person_id: actor.personId,
        actor_organisation_id: actor.organisationId,
        to_status: status,
        outcome: input.outcome ?? null,
        sealed_note: note ? platform.keyring.encrypt(note, noteContext(eventId)) : null,
      },
    ]);
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'resources.referral.log',
      targetType: 'referral',
      targetId: id,
      meta: { status, inDirectory: Boolean(input.serviceId) },
    });
  });
  return id;
}

// ── Reading ──────────────────────────────────────────────────────────────────────────────────────

type Row = NonNullable<Awaited<ReturnType<typeof repo.findReferral>>>;

function isOverdue(row: { status: ReferralStatus; due_at: Date | null; logged: boolean }, now: Date) {
  return !row.logged && row.status === 'sent' && row.due_at !== null && row.due_at < now;
}

/** The disclosed details while the referral is open and its consent holds (the service's view). */
async function openDisclosed(platform: Platform, row: Row): Promise<DisclosedDetails | null> {
  if (!row.sealed_disclosed || isClosed(row.status)) return null;
  if (row.consent_id) {
    const consent = await repo.findConsent(platform.db, row.consent_id);
    if (!consent || consent.revoked_at || consent.expires_on < today(platform)) return null;
  }
  return JSON.parse(
    platform.keyring.decrypt(row.sealed_disclosed, disclosedContext(row.id)),
  ) as DisclosedDetails;
}

function summary(platform: Platform, row: Row, side: 'sender' | 'receiver', label: string) {
  const now = platform.now();
  return {
    id: row.id,
    logged: row.logged,
    serviceId: row.service_id,
    serviceName: row.service_name,
    taxonomy: row.taxonomy,
    senderOrganisationName: row.sender_organisation_name,
    receivingOrganisationName: row.receiving_organisation_name,
    subjectLabel:
      side === 'sender'
        ? displayName(openIdentity(platform, { id: row.subject_id, sealed_identity: row.sealed_identity }))
        : label,
    subjectKind: row.subject_kind,
    status: row.status,
    outcome: row.outcome,
    sentAt: row.sent_at.toISOString(),
    dueAt: row.due_at?.toISOString() ?? null,
    overdue: isOverdue(row, now),
    escalated: row.escalated_at !== null,
    version: row.version,
  };
}

/** Whether the referral's consent still holds today (a logged referral has none and needs none). */
export function consentHolds(
  platform: Platform,
  row: { consent_id: string | null; consent_revoked_at: Date | null; consent_expires_on: string | null },
): boolean {
  if (!row.consent_id) return true;
  return (
    !row.consent_revoked_at && !(row.consent_expires_on !== null && row.consent_expires_on < today(platform))
  );
}

/** The name a receiving service may show: the disclosed one while it may still see it, else none. */
function receiverLabel(platform: Platform, row: Row): string {
  if (!row.sealed_disclosed || isClosed(row.status) || !row.disclosed_fields.includes('name')) return '';
  // Like the details, the name goes once the consent no longer holds (withdrawn or expired).
  if (!consentHolds(platform, row)) return '';
  const details = JSON.parse(
    platform.keyring.decrypt(row.sealed_disclosed, disclosedContext(row.id)),
  ) as DisclosedDetails;
  return details.name ?? '';
}

export async function listReferrals(
  platform: Platform,
  actor: Actor,
  query: ReferralListQuery,
): Promise<ReferralList> {
  authorize(query.side === 'sent' ? sends(actor) : receives(actor), { hide: false });
  const limit = query.limit ?? 50;
  // A service filters its received referrals by person only while it may read that person's path.
  if (
    query.side === 'received' &&
    query.subjectId &&
    (await repo.acceptedReferralsHeld(platform.db, query.subjectId, actor.organisationId, today(platform)))
      .length === 0
  )
    return { total: 0, items: [] };
  const { rows, total } = await repo.listReferrals(platform.db, {
    side: query.side,
    organisationId: actor.organisationId,
    statuses: query.status,
    open: query.open,
    overdueAt: query.overdue ? platform.now() : undefined,
    subjectId: query.subjectId,
    senderPersonId: query.side === 'sent' && query.mine ? actor.personId : undefined,
    limit,
    offset: query.offset ?? 0,
  });
  const side = query.side === 'sent' ? 'sender' : 'receiver';
  await platform.db.transaction().execute((trx) =>
    platform.audit.append(trx, {
      actor: actor.personId,
      action: 'resources.referral.list',
      meta: { side: query.side, shown: rows.length },
    }),
  );
  return {
    total,
    items: rows.map((row) =>
      summary(platform, row, side, side === 'receiver' ? receiverLabel(platform, row) : ''),
    ),
  };
}

/** Loads a referral the actor is a side of (404 otherwise). */
export async function loadReferral(platform: Platform, actor: Actor, id: string) {
  const row = await repo.findReferral(platform.db, id);
  const sides = row ? sidesOf(actor, row) : [];
  if (!row || sides.length === 0) throw Errors.notFound();
  // Both sides (a referral within one organisation): it reads as the sender's, with both sides' moves.
  return { row, side: sides[0]!, sides };
}

/** A referral as one side sees it (after a write, or for a read already audited). */
export async function referralDetail(
  platform: Platform,
  row: Row,
  side: ReferralSide,
  sides: readonly ReferralSide[] = [side],
): Promise<ReferralDetail> {
  const disclosed = await openDisclosed(platform, row);
  const events = await repo.eventsOf(platform.db, row.id);
  const consent = row.consent_id ? await repo.findConsent(platform.db, row.consent_id) : undefined;
  // Once a referral is over, or its consent no longer holds, the service keeps its history without the notes.
  const closedForReceiver = side === 'receiver' && (isClosed(row.status) || !consentHolds(platform, row));
  const moves = allowedMoves(sides, row, consentHolds(platform, row));
  return {
    ...summary(platform, row, side, disclosed?.name ?? ''),
    side,
    // The service reaches the person's trajectory only while its accepted referral and consent hold.
    subjectId:
      side === 'sender' ||
      ((row.status === 'accepted' || row.status === 'in_progress') && consentHolds(platform, row))
        ? row.subject_id
        : null,
    senderPersonName: row.sender_person_name,
    disclosedFields: row.disclosed_fields,
    disclosed,
    legalBasis: consent
      ? consent.given_by === 'override'
        ? 'override'
        : consent.given_by === 'parent' && row.subject_kind === 'youth'
          ? 'parental_consent'
          : 'consent'
      : null,
    consentExpiresOn: consent?.expires_on ?? null,
    declineReason: row.decline_reason,
    outOfRegionReason: closedForReceiver ? null : row.out_of_region_reason,
    answeredAt: row.answered_at?.toISOString() ?? null,
    firstContactOn: row.first_contact_on,
    closedAt: row.closed_at?.toISOString() ?? null,
    events: events.map((e) => ({
      at: e.at.toISOString(),
      kind: e.kind,
      actorName: e.actor_name,
      actorOrganisationName: e.actor_organisation_name,
      fromStatus: e.from_status,
      toStatus: e.to_status,
      outcome: e.outcome,
      // Once a referral is over the service keeps its history, not what was written about the person.
      note:
        e.sealed_note && !closedForReceiver
          ? platform.keyring.decrypt(e.sealed_note, noteContext(e.id))
          : null,
    })),
    allowedStatuses: moves,
    mayRecordOutcome: side === 'sender' || (!row.logged && !closedForReceiver),
    mayAddNote: side === 'sender' || !closedForReceiver,
  };
}

/** Opens a referral: audited with its purpose. */
export async function readReferral(
  platform: Platform,
  actor: Actor,
  id: string,
  purpose: string,
): Promise<ReferralDetail> {
  const { row, side, sides } = await loadReferral(platform, actor, id);
  await platform.db.transaction().execute((trx) =>
    platform.audit.append(trx, {
      actor: actor.personId,
      action: 'resources.referral.read',
      targetType: 'referral',
      targetId: id,
      purpose: purpose.trim(),
      meta: { side },
    }),
  );
  return referralDetail(platform, row, side, sides);
}

// ── Trajectory ───────────────────────────────────────────────────────────────────────────────────

/**
 * A person's referrals, outcomes and gaps in one timeline: for the organisation that follows them, and
 * for the services holding an accepted referral of them (who see the path, not the other services'
 * details). Audited with the purpose.
 */
export async function readTrajectory(
  platform: Platform,
  actor: Actor,
  subjectId: string,
  purpose: string,
): Promise<Trajectory> {
  const subject = await repo.findSubject(platform.db, subjectId);
  if (!subject || subject.purged_at !== null) throw Errors.notFound();
  let side: 'follower' | 'service';
  // A service sees the person's other referrals only when one of its accepted referrals shared the
  // trajectory (a field of the disclosure profile, under consent, in the register); else only its own.
  let wholePath = true;
  if (sends(actor) && subject.organisation_id === actor.organisationId) side = 'follower';
  else {
    const held = receives(actor)
      ? await repo.acceptedReferralsHeld(platform.db, subjectId, actor.organisationId, today(platform))
      : [];
    if (held.length === 0) throw Errors.notFound();
    side = 'service';
    wholePath = held.some((r) => r.disclosed_fields.includes('trajectory'));
  }
  // Without the trajectory, a service sees its own referrals of the person, except those the person
  // withdrew their consent from (they asked for that link to end).
  const rows = (await repo.referralsOfSubject(platform.db, subjectId)).filter(
    (r) =>
      wholePath ||
      (!r.logged && r.receiving_organisation_id === actor.organisationId && r.consent_revoked_at === null),
  );
  await platform.db.transaction().execute((trx) =>
    platform.audit.append(trx, {
      actor: actor.personId,
      action: 'resources.trajectory.read',
      targetType: 'referral_subject',
      targetId: subjectId,
      purpose: purpose.trim(),
      meta: { side, referrals: rows.length },
    }),
  );
  const now = platform.now();
  let label = '';
  if (side === 'follower') label = displayName(openIdentity(platform, subject));
  else {
    const own = rows.find(
      (r) =>
        r.receiving_organisation_id === actor.organisationId &&
        (r.status === 'accepted' || r.status === 'in_progress'),
    );
    if (own) label = receiverLabel(platform, own);
  }
  const entries: TrajectoryEntry[] = [];
  // Coverage: until when some earlier referral was open; a later referral after that left a gap.
  let coveredUntil: number | null = null;
  for (const row of rows) {
    const start = row.sent_at.getTime();
    const gap =
      coveredUntil !== null && start - coveredUntil >= DAY_MS
        ? Math.floor((start - coveredUntil) / DAY_MS)
        : null;
    const end = isClosed(row.status) ? (row.closed_at ?? row.sent_at).getTime() : Number.POSITIVE_INFINITY;
    coveredUntil = coveredUntil === null ? end : Math.max(coveredUntil, end);
    entries.push({
      referralId: row.id,
      serviceName: row.service_name,
      taxonomy: row.taxonomy,
      logged: row.logged,
      senderOrganisationName: row.sender_organisation_name,
      receivingOrganisationName: row.receiving_organisation_name,
      status: row.status,
      outcome: row.outcome,
      sentAt: row.sent_at.toISOString(),
      answeredAt: row.answered_at?.toISOString() ?? null,
      closedAt: row.closed_at?.toISOString() ?? null,
      overdue: isOverdue(row, now),
      gapDaysBefore: gap,
    });
  }
  return { subjectId, subjectKind: subject.kind, subjectLabel: label, side, entries };
}

/** What waits for the reader, for the home page: counts only (not audited: nothing about anyone). */
export async function countsFor(platform: Platform, actor: Actor): Promise<ReferralCounts> {
  const row = await repo.countsFor(platform.db, {
    personId: actor.personId,
    organisationId: actor.organisationId,
    receives: receives(actor),
    sends: sends(actor),
    at: platform.now(),
  });
  return {
    receivedWaiting: row.received_waiting,
    receivedOverdue: row.received_overdue,
    sentOverdue: row.sent_overdue,
    sentOpen: row.sent_open,
  };
}

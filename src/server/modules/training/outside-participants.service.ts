import type { Static } from '@sinclair/typebox';
import type { Transaction } from 'kysely';
import type { Locale } from '../../../shared/roles.js';
import type { Actor } from '../../platform/authz/actor.js';
import { authorize } from '../../platform/authz/authorize.js';
import type { Executor } from '../../platform/db/database.js';
import type { DB } from '../../platform/db/schema.js';
import { isUniqueViolation } from '../../platform/db/unique-violation.js';
import { Errors, type FieldProblem } from '../../platform/errors.js';
import type { EmailMessage } from '../../platform/notify/notify.js';
import type { Platform } from '../../platform/platform.js';
import * as completionRepo from './completions.repository.js';
import { resendOutsideEvaluations } from './evaluation-announcements.service.js';
import * as repo from './outside-participants.repository.js';
import * as registrationRepo from './registration.repository.js';
import * as sessionRepo from './sessions.repository.js';
import { outsideCertificateEmail, outsideOfferEmail, outsideRegistrationEmail } from './training.emails.js';
import {
  canCorrectParticipant,
  canRunSession,
  canSeeRecord,
  type Viewer,
  viewerOf,
} from './training.policy.js';
import { OUTSIDE_EMAIL, OUTSIDE_TYPES } from './training.rules.js';
import type { CorrectParticipantBody } from './training.schemas.js';

/**
 * Outside professionals' records, read and corrected by the table and their trainers; a corrected
 * address moves their personal links on and sends fresh ones.
 */

export interface OutsideParticipantDetail {
  participant: repo.ParticipantRecordRow;
  /** The registrations the reader may see: all for the table, those of their sessions for a trainer. */
  registrations: registrationRepo.MyRegistrationRow[];
  /** The completions the reader may see (canSeeRecord). */
  completions: completionRepo.CompletionRow[];
}

/** A correction of an outside participant's identity: the fields given are set, the others kept. */
export type ParticipantCorrection = Static<typeof CorrectParticipantBody>;

/** The column each correctable field is kept in. */
const IDENTITY_COLUMNS = {
  fullName: 'full_name',
  email: 'email',
  organisationName: 'organisation_name',
  organisationType: 'organisation_type',
  profession: 'profession',
  locale: 'locale',
} as const satisfies Record<keyof ParticipantCorrection, keyof repo.ParticipantIdentity>;

/**
 * Refuses (404) a participant the viewer may not read or correct; else returns the trainers of each
 * session the participant is registered in or completed, to filter what the viewer sees of them.
 */
async function reachParticipant(
  db: Executor,
  viewer: Viewer,
  participant: repo.ParticipantRecordRow,
): Promise<Map<string, string[]>> {
  const rows = await repo.participantSessionTrainers(db, participant.id);
  authorize(
    canCorrectParticipant(viewer, {
      source: participant.source,
      sessionTrainerIds: rows.map((r) => r.person_id),
    }),
  );
  const bySession = new Map<string, string[]>();
  for (const row of rows)
    bySession.set(row.session_id, [...(bySession.get(row.session_id) ?? []), row.person_id]);
  return bySession;
}

/**
 * An outside participant's record: their identity as registered through an invitation link, with the
 * registrations and completions the reader may see. Throws not_found for an unknown id, a member (their
 * identity is their account's), a participant of past years, or an outside participant out of reach.
 */
export async function getOutsideParticipant(
  platform: Platform,
  actor: Actor,
  id: string,
): Promise<OutsideParticipantDetail> {
  const db = platform.db;
  const viewer = viewerOf(actor);
  const participant = await repo.findParticipantRecord(db, id);
  if (!participant) throw Errors.notFound();
  const trainers = await reachParticipant(db, viewer, participant);
  const trainersOf = (sessionId: string | null) => (sessionId ? (trainers.get(sessionId) ?? []) : []);
  return {
    participant,
    registrations: (await registrationRepo.registrationsOfParticipant(db, id)).filter((r) =>
      canRunSession(viewer, { trainerIds: trainersOf(r.session_id) }),
    ),
    completions: (await completionRepo.completionsOfParticipant(db, id)).filter((c) =>
      canSeeRecord(viewer, {
        personId: c.person_id,
        organisationId: c.participant_organisation_id,
        sessionTrainerIds: trainersOf(c.session_id),
      }),
    ),
  };
}

/**
 * Corrects an outside participant's name, e-mail address, employer (name and type), profession or
 * language — what the anonymous invitation form may never change — for the table, or for a trainer of
 * one of their sessions. Only what differs from the record is written, under the participant's row
 * lock, in one transaction with the audit entry last; the entry names the fields changed, never their
 * values. Certificates and the public verification page read the name from this record: whatever is
 * generated afterwards carries the corrected name, under the same verification code. Completions keep
 * the organisation type they were counted under (the figures of past years do not move).
 * A new address (not the same one in other capitals) moves the personal links on, in the same
 * transaction (see relinkOutsideParticipant): those sent to the earlier address stop working, and
 * fresh ones go to the new address in the participant's language; the audit entry counts the e-mails
 * sent again, never an address.
 * Returns the fields changed (none when nothing differed: nothing written, nothing audited).
 * Throws not_found (unknown, a member, out of reach) or validation_failed (an empty value, an address
 * another outside participant uses), storing nothing.
 */
export async function correctOutsideParticipant(
  platform: Platform,
  actor: Actor,
  id: string,
  input: ParticipantCorrection,
): Promise<Array<keyof ParticipantCorrection>> {
  const viewer = viewerOf(actor);
  return platform.db.transaction().execute(async (trx) => {
    const participant = await repo.findParticipantRecord(trx, id, { lock: true });
    if (!participant) throw Errors.notFound();
    await reachParticipant(trx, viewer, participant);
    const problems: FieldProblem[] = [];
    const wanted: Partial<repo.ParticipantIdentity> = {};
    const text = (field: 'fullName' | 'organisationName' | 'profession', max: number) => {
      const value = input[field]?.trim();
      if (value === undefined) return;
      if (!value) problems.push({ field, rule: 'required' });
      else if (value.length > max) problems.push({ field, rule: 'too_long', params: { max } });
      else wanted[IDENTITY_COLUMNS[field]] = value;
    };
    text('fullName', 200);
    text('organisationName', 200);
    text('profession', 120);
    if (input.email !== undefined) {
      const email = input.email.trim();
      if (!OUTSIDE_EMAIL.test(email) || email.length > 254)
        problems.push({ field: 'email', rule: 'format_email' });
      else wanted.email = email;
    }
    if (input.organisationType !== undefined) {
      if ((OUTSIDE_TYPES as readonly string[]).includes(input.organisationType))
        wanted.organisation_type = input.organisationType;
      else problems.push({ field: 'organisationType', rule: 'one_of' });
    }
    if (input.locale !== undefined) wanted.locale = input.locale;
    const fields = (Object.keys(IDENTITY_COLUMNS) as Array<keyof ParticipantCorrection>).filter((field) => {
      const column = IDENTITY_COLUMNS[field];
      return wanted[column] !== undefined && wanted[column] !== participant[column];
    });
    // Their own address in other letters is no clash: the check leaves their own row out.
    if (fields.includes('email') && (await repo.outsideEmailTaken(trx, wanted.email!, id))) {
      problems.push({ field: 'email', rule: 'training_outside_email_taken' });
    }
    if (problems.length > 0) throw Errors.invalid(problems);
    if (fields.length === 0) return [];
    const values = Object.fromEntries(
      fields.map((field) => [IDENTITY_COLUMNS[field], wanted[IDENTITY_COLUMNS[field]]]),
    ) as Partial<repo.ParticipantIdentity>;
    // A new mailbox, not the same address in other capitals (one mailbox, as the unique index has it).
    const moving =
      values.email !== undefined && values.email.toLowerCase() !== participant.email.toLowerCase();
    // Every change to a session's registrations takes the session's lock first. Taken before the
    // participant's row is written: a registration through the public form holds a session's lock
    // when it meets this row's address in the unique index, so the other order could deadlock.
    if (moving) await lockHeldSessions(trx, id);
    try {
      await repo.updateParticipant(trx, id, values);
    } catch (error) {
      // The same address given to someone else at this very moment (a correction or a first
      // registration): the unique index keeps one, this one gets the same answer as above.
      if (isUniqueViolation(error)) throw Errors.field('email', 'training_outside_email_taken');
      throw error;
    }
    const relinked = moving
      ? await relinkOutsideParticipant(platform, trx, { ...participant, ...values })
      : undefined;
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'training.participant.correct',
      targetType: 'training_participant',
      targetId: id,
      meta: { fields, ...relinked },
    });
    return fields;
  });
}

/**
 * Locks the session of every registration in which a participant holds or awaits a seat, in the order
 * of their ids; a registration made meanwhile in another session is locked in a further round.
 */
async function lockHeldSessions(trx: Transaction<DB>, participantId: string): Promise<void> {
  const locked = new Set<string>();
  for (;;) {
    const more = (await repo.activeSessionIdsOf(trx, participantId)).filter((id) => !locked.has(id));
    if (more.length === 0) return;
    await sessionRepo.lockSessions(trx, more);
    for (const id of more) locked.add(id);
  }
}

/**
 * An outside participant's address was corrected (their sessions locked, their row written): the link
 * version of each registration holding or awaiting a seat moves on, so every personal link sent before
 * (cancellation, seat offer, evaluation) stops working, and certificate links, made for the holder's
 * address, stop too. Queued to the new address, in the participant's language, with fresh links: for
 * each registration of a session not started yet, the e-mail of where it stands (the confirmation or
 * wait-list e-mail with the cancellation link; the offer with its answer link and deadline while the
 * offer stands); for a session over whose evaluation link was sent and still stands, that e-mail
 * again; for each certificate, the certificate e-mail. Returns what the audit entry counts.
 */
async function relinkOutsideParticipant(
  platform: Platform,
  trx: Transaction<DB>,
  holder: { id: string; email: string; full_name: string; locale: Locale },
): Promise<{
  movedRegistrations: number;
  resentRegistrations: number;
  resentEvaluations: number;
  resentCertificates: number;
}> {
  const now = platform.now();
  const moved = await repo.moveLinkVersions(trx, holder.id);
  const held = await repo.heldRegistrationsOf(trx, holder.id);
  const emails: EmailMessage[] = [];
  for (const registration of held) {
    const session = (await sessionRepo.findSession(trx, registration.session_id))!;
    // Once a session has started, its registrations are no longer cancelled or offered by link.
    if (session.status !== 'planned' || !session.starts_at || session.starts_at.getTime() <= now.getTime())
      continue;
    const linked = { id: registration.id, version: registration.link_version };
    if (registration.status === 'offered') {
      const deadline = registration.offer_expires_at;
      // An offer past its deadline is the expiry job's: nothing to answer any more.
      if (!deadline || deadline.getTime() <= now.getTime()) continue;
      const days = await sessionRepo.sessionDays(trx, session.id);
      emails.push(outsideOfferEmail(platform, holder, session, days, linked, deadline));
    } else {
      emails.push(
        outsideRegistrationEmail(platform, holder, session, linked, {
          status: registration.status === 'confirmed' ? 'confirmed' : 'waitlisted',
          position: registration.position,
        }),
      );
    }
  }
  const registrations = emails.length;
  const evaluations = await resendOutsideEvaluations(
    platform,
    trx,
    held.filter((r) => r.status === 'confirmed').map((r) => r.id),
  );
  let certificates = 0;
  for (const completion of await completionRepo.completionsOfParticipant(trx, holder.id)) {
    if (!completion.certificate_code) continue;
    emails.push(
      outsideCertificateEmail(platform, holder, {
        ...completion,
        certificate_code: completion.certificate_code,
      }),
    );
    certificates += 1;
  }
  await platform.notifier.queueEmails(trx, emails);
  return {
    movedRegistrations: moved,
    resentRegistrations: registrations,
    resentEvaluations: evaluations,
    resentCertificates: certificates,
  };
}

import type { Locale } from '../../../shared/roles.js';
import type { Actor } from '../../platform/authz/actor.js';
import { AppError, Errors, type FieldProblem } from '../../platform/errors.js';
import type { Platform } from '../../platform/platform.js';
import * as courseRepo from './courses.repository.js';
import * as participantRepo from './participants.repository.js';
import * as registrationRepo from './registration.repository.js';
import * as sessionRepo from './sessions.repository.js';
import { alreadyRegisteredEmail, outsideRegistrationEmail } from './training.emails.js';
import { runnableSession } from './training.guards.js';
import { linkSecret, linkUrl, readLink, signLink } from './training.links.js';
import { isActive, OUTSIDE_EMAIL, OUTSIDE_TYPES, placeRegistration } from './training.rules.js';

/**
 * Outside professionals invited by link: the signed invitation to a session open to them, and their
 * registration through it, without an account.
 */

/** The signed link outside professionals register with: the session and an expiry, nothing else. */
export function invitationToken(secret: Buffer, sessionId: string, expiresAt: Date): string {
  return signLink(secret, 'training-invitation', sessionId, expiresAt);
}

/** The session a token opens, or null when it is forged, malformed or expired. */
export function readInvitationToken(secret: Buffer, token: string, now: Date): string | null {
  return readLink(secret, 'training-invitation', token, now)?.id ?? null;
}

function invitationSecret(platform: Platform): Buffer {
  return linkSecret(platform, 'training-invitation');
}

/**
 * A registration link for outside professionals (courses open to them only), valid until the session's
 * registration deadline. The table and the session's trainers make it; making one is audited.
 */
export async function createInvitation(
  platform: Platform,
  actor: Actor,
  sessionId: string,
): Promise<{ url: string; expiresAt: Date }> {
  const session = await runnableSession(platform.db, actor, sessionId);
  if (!session.open_to_outside) throw Errors.field('sessionId', 'training_not_open');
  const expiresAt = session.registration_deadline;
  const token = invitationToken(invitationSecret(platform), sessionId, expiresAt);
  await platform.db.transaction().execute((trx) =>
    platform.audit.append(trx, {
      actor: actor.personId,
      action: 'training.invitation.create',
      targetType: 'training_session',
      targetId: sessionId,
    }),
  );
  return { url: linkUrl(platform, 'training-invitation', 'fr-CA', token), expiresAt };
}

/** What the public invitation page shows about the session: course, first day, place. */
export async function invitationSession(
  platform: Platform,
  token: string,
): Promise<sessionRepo.SessionRow | null> {
  const sessionId = readInvitationToken(invitationSecret(platform), token, platform.now());
  if (!sessionId) return null;
  const session = await sessionRepo.findSession(platform.db, sessionId);
  return session?.open_to_outside && session.status === 'planned' ? session : null;
}

export interface InvitedInput {
  fullName: string;
  email: string;
  organisationName: string;
  organisationType: string;
  profession: string;
}

/**
 * An outside professional registers through an invitation link: no account is created, only a
 * participant row (for a new address) and the registration, under the session's row lock like every
 * registration. Every accepted submission ends the same way for the visitor: the outcome goes by e-mail
 * to the address given (confirmed or wait-listed with the cancellation link, or already registered),
 * so nothing here tells whoever holds the link whether an address is known. An existing participant's
 * name, employer, profession and language are never changed by this anonymous form, and the e-mails
 * use what is on record. Throws token_invalid for a forged or expired link, validation_failed for bad
 * input or a closed session (nothing stored).
 */
export async function registerInvited(
  platform: Platform,
  token: string,
  input: InvitedInput,
  locale: Locale,
): Promise<void> {
  const sessionId = readInvitationToken(invitationSecret(platform), token, platform.now());
  if (!sessionId) throw new AppError('token_invalid', 400);
  const problems: FieldProblem[] = [];
  const fullName = input.fullName.trim();
  const email = input.email.trim();
  if (!fullName || fullName.length > 200) problems.push({ field: 'fullName', rule: 'required' });
  if (!OUTSIDE_EMAIL.test(email) || email.length > 254)
    problems.push({ field: 'email', rule: 'format_email' });
  if (!input.organisationName.trim() || input.organisationName.length > 200)
    problems.push({ field: 'organisationName', rule: 'required' });
  if (!(OUTSIDE_TYPES as readonly string[]).includes(input.organisationType))
    problems.push({ field: 'organisationType', rule: 'one_of' });
  if (!input.profession.trim() || input.profession.length > 120)
    problems.push({ field: 'profession', rule: 'required' });
  if (problems.length > 0) throw Errors.invalid(problems);
  await platform.db.transaction().execute(async (trx) => {
    const session = await sessionRepo.lockSession(trx, sessionId);
    const full = await sessionRepo.findSession(trx, sessionId);
    const now = platform.now();
    if (!session || !full?.open_to_outside) throw new AppError('token_invalid', 400);
    if (session.status !== 'planned' || now.getTime() > session.registration_deadline.getTime()) {
      throw Errors.field('sessionId', 'training_registration_closed');
    }
    const course = await courseRepo.findCourse(trx, session.course_id);
    if ((course?.prerequisite_ids.length ?? 0) > 0) throw Errors.field('sessionId', 'training_not_open');
    const participant = await participantRepo.findOrCreateInvitedParticipant(trx, {
      full_name: fullName,
      email,
      organisation_type: input.organisationType,
      organisation_name: input.organisationName.trim(),
      profession: input.profession.trim(),
      locale,
    });
    const previous = await registrationRepo.findRegistrationOf(trx, sessionId, participant.id);
    if (previous && isActive(previous.status)) {
      await platform.notifier.queueEmail(trx, alreadyRegisteredEmail(platform, participant, full, previous));
      await platform.audit.append(trx, {
        actor: null,
        action: 'training.registration.renew_invited',
        targetType: 'training_registration',
        targetId: previous.id,
        meta: { sessionId, status: previous.status },
      });
      return;
    }
    const held = await registrationRepo.heldCounts(trx, sessionId);
    const status = placeRegistration(session.capacity, held);
    const queueNumber = status === 'waitlisted' ? session.next_queue_number : null;
    if (queueNumber !== null) {
      await sessionRepo.updateSession(trx, sessionId, { next_queue_number: queueNumber + 1 }, now);
    }
    const values = { status, queue_number: queueNumber, waitlisted_at: status === 'waitlisted' ? now : null };
    let id: string;
    let version = 0;
    if (previous) {
      // A renewed registration: the links sent for the earlier one stop acting on it.
      id = previous.id;
      version = await registrationRepo.renewRegistration(trx, id, values, now);
    } else {
      id = await registrationRepo.insertRegistration(trx, {
        session_id: sessionId,
        participant_id: participant.id,
        ...values,
        created_at: now,
        updated_at: now,
      });
    }
    const position = status === 'waitlisted' ? held.waitlisted + 1 : null;
    await platform.notifier.queueEmail(
      trx,
      outsideRegistrationEmail(platform, participant, full, { id, version }, { status, position }),
    );
    await platform.audit.append(trx, {
      actor: null,
      action: 'training.registration.create_invited',
      targetType: 'training_registration',
      targetId: id,
      meta: { sessionId, status, participant: participant.created ? 'new' : 'existing' },
    });
  });
}

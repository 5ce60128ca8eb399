import type { Transaction } from 'kysely';
import type { Actor } from '../../platform/authz/actor.js';
import type { DB } from '../../platform/db/schema.js';
import { Errors } from '../../platform/errors.js';
import type { Platform } from '../../platform/platform.js';
import * as participantRepo from './participants.repository.js';
import * as registrationRepo from './registration.repository.js';
import * as sessionRepo from './sessions.repository.js';
import { appLink, outsideOfferEmail, outsideRegistrationEmail, pick, when } from './training.emails.js';
import { ownedRegistration, stale } from './training.guards.js';
import { freeSeats, nextInLine, offerDeadline } from './training.rules.js';
import * as repo from './waitlist.repository.js';

/**
 * The wait list: free seats offered to the next in line, offers accepted or declined by their holders,
 * and offers left unanswered past their deadline (a job), each going on to the next person.
 */

/**
 * Offers every free seat of a locked session to the first people of its wait list, in order, each
 * with a deadline to confirm, and tells them by e-mail: members to answer in the app, outside
 * professionals through a personal link to a public page (see answerOutsideOffer). Call with the
 * session's row lock held.
 */
export async function fillFreeSeats(
  platform: Platform,
  trx: Transaction<DB>,
  sessionId: string,
  now: Date,
): Promise<number> {
  const session = await sessionRepo.findSession(trx, sessionId);
  if (session?.status !== 'planned' || !session.starts_at) return 0;
  const held = await registrationRepo.heldCounts(trx, sessionId);
  const seats = freeSeats(session.capacity, held);
  const deadline = offerDeadline(now, session.starts_at);
  if (seats === 0 || !deadline) return 0;
  const line = nextInLine(
    (await repo.waitlist(trx, sessionId, seats)).map((w) => ({ ...w, queueNumber: w.queue_number })),
    seats,
  );
  let days: sessionRepo.DayRow[] | null = null;
  for (const waiting of line) {
    await registrationRepo.setRegistration(
      trx,
      waiting.id,
      { status: 'offered', offer_expires_at: deadline },
      now,
    );
    const course = pick(waiting.locale, session.course_title_fr, session.course_title_en);
    if (!waiting.person_id) {
      days ??= await sessionRepo.sessionDays(trx, sessionId);
      await platform.notifier.queueEmail(
        trx,
        outsideOfferEmail(
          platform,
          waiting,
          session,
          days,
          { id: waiting.id, version: waiting.link_version },
          deadline,
        ),
      );
      continue;
    }
    await platform.notifier.queueEmail(trx, {
      to: waiting.email,
      locale: waiting.locale,
      template: 'training_offered',
      params: {
        name: waiting.full_name,
        course,
        date: when(platform, waiting.locale, session.starts_at),
        deadline: when(platform, waiting.locale, deadline),
        link: appLink(platform, '/formation/mes-formations'),
      },
    });
    await platform.notifier.notify(trx, waiting.person_id, {
      kind: 'training.offered',
      link: '/formation/mes-formations',
    });
  }
  return line.length;
}

export type OfferAnswer = 'accept' | 'decline';

/**
 * Answers the seat offered to a registration whose session row the caller holds locked. Accepting
 * before the deadline confirms it; an outside participant, who has no account, is sent the
 * confirmation e-mail with their cancellation link. Declining frees the seat, which goes to the next
 * in line. The audit entry is written last. Every answer to an offer goes through here (a member in
 * the app, an outside professional through their link). Throws conflict when there is no offer (any
 * more: answered, expired or withdrawn, even at the same moment), or when accepting after its deadline.
 */
export async function answerLockedOffer(
  platform: Platform,
  trx: Transaction<DB>,
  registration: registrationRepo.RegistrationHolderRow,
  answer: OfferAnswer,
  actorId: string | null,
  extra: Record<string, string> = {},
): Promise<void> {
  if (registration.status !== 'offered') throw stale('registrationId', 'training_no_offer');
  const now = platform.now();
  let offered: number | undefined;
  if (answer === 'decline') {
    await registrationRepo.setRegistration(trx, registration.id, { status: 'declined' }, now);
    offered = await fillFreeSeats(platform, trx, registration.session_id, now);
  } else {
    if (registration.offer_expires_at && registration.offer_expires_at.getTime() <= now.getTime()) {
      throw stale('registrationId', 'training_offer_expired');
    }
    await registrationRepo.setRegistration(trx, registration.id, { status: 'confirmed' }, now);
    if (!registration.person_id) {
      const participant = (await participantRepo.findParticipant(trx, registration.participant_id))!;
      const session = (await sessionRepo.findSession(trx, registration.session_id))!;
      await platform.notifier.queueEmail(
        trx,
        outsideRegistrationEmail(
          platform,
          participant,
          session,
          { id: registration.id, version: registration.link_version },
          { status: 'confirmed', position: null },
        ),
      );
    }
  }
  await platform.audit.append(trx, {
    actor: actorId,
    action: answer === 'accept' ? 'training.offer.accept' : 'training.offer.decline',
    targetType: 'training_registration',
    targetId: registration.id,
    meta: {
      sessionId: registration.session_id,
      ...(offered === undefined ? {} : { offered }),
      ...extra,
    },
  });
}

/** The holder of an offer takes the seat before its deadline. */
export async function acceptOffer(platform: Platform, actor: Actor, id: string): Promise<void> {
  await platform.db.transaction().execute(async (trx) => {
    const { registration } = await ownedRegistration(trx, actor, id);
    if (registration.person_id !== actor.personId) throw Errors.notFound();
    await answerLockedOffer(platform, trx, registration, 'accept', actor.personId);
  });
}

/** The holder of an offer lets it go; the next person in line gets it. */
export async function declineOffer(platform: Platform, actor: Actor, id: string): Promise<void> {
  await platform.db.transaction().execute(async (trx) => {
    const { registration } = await ownedRegistration(trx, actor, id);
    if (registration.person_id !== actor.personId) throw Errors.notFound();
    await answerLockedOffer(platform, trx, registration, 'decline', actor.personId);
  });
}

/**
 * Job: offers left unanswered past their deadline expire and go to the next in line. One session per
 * transaction, under its row lock; a registration answered meanwhile is left alone.
 */
export async function expireOffers(platform: Platform): Promise<number> {
  const now = platform.now();
  const due = await repo.expiredOffers(platform.db, now);
  const sessions = [...new Set(due.map((d) => d.session_id))];
  let expired = 0;
  for (const sessionId of sessions) {
    expired += await platform.db.transaction().execute(async (trx) => {
      await sessionRepo.lockSession(trx, sessionId);
      const still = (await repo.expiredOffers(trx, now)).filter((d) => d.session_id === sessionId);
      for (const offer of still)
        await registrationRepo.setRegistration(trx, offer.id, { status: 'expired' }, now);
      if (still.length === 0) return 0;
      const offered = await fillFreeSeats(platform, trx, sessionId, now);
      await platform.audit.append(trx, {
        actor: null,
        action: 'training.offer.expire',
        targetType: 'training_session',
        targetId: sessionId,
        meta: { expired: still.length, offered },
      });
      return still.length;
    });
  }
  return expired;
}

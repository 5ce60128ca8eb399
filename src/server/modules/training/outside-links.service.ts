import type { Locale } from '../../../shared/roles.js';
import type { Executor } from '../../platform/db/database.js';
import type { Platform } from '../../platform/platform.js';
import * as completionRepo from './completions.repository.js';
import * as registrationRepo from './registration.repository.js';
import { cancelLockedRegistration } from './registration.service.js';
import * as sessionRepo from './sessions.repository.js';
import { certificatePdf } from './training.documents.js';
import { holderVersion, inspectLink, isCurrent, type LinkClaims, openLink } from './training.links.js';
import { isActive } from './training.rules.js';
import { answerLockedOffer, type OfferAnswer } from './waitlist.service.js';

/**
 * Outside professionals acting through the personal links of their e-mails: downloading their
 * certificate, cancelling their registration, answering a seat offered from the wait list.
 */

/**
 * What an outside participant's certificate link gives: the PDF (`ready`), or `replaced` (the link was
 * sent to an address corrected since), or `invalid` (forged, malformed, expired, made for another page,
 * or naming no certificate of an outside participant).
 */
export type OutsideCertificate = { state: 'ready'; pdf: Uint8Array } | { state: 'replaced' | 'invalid' };

/**
 * The certificate PDF an outside participant's link opens, in the language of the page — the same
 * document members download, with the name as recorded now. Each download is audited (the
 * completion, never the name); nothing of the visitor is stored.
 */
export async function outsideCertificateFile(
  platform: Platform,
  token: string,
  locale: Locale,
): Promise<OutsideCertificate> {
  const link = openLink(platform, 'training-certificate', token);
  if (!link) return { state: 'invalid' };
  const completion = await completionRepo.findOutsideCompletion(platform.db, link.id);
  if (!completion) return { state: 'invalid' };
  const holder = { id: completion.participant_id, email: completion.email };
  if (!isCurrent(link, { link_version: holderVersion(platform, holder) })) return { state: 'replaced' };
  // Made before the audit entry, outside its transaction (no connection held while drawing): a
  // document that fails is neither sent nor audited; one that is sent always is.
  const pdf = await certificatePdf(locale, completion, platform.config.publicUrl);
  await platform.db.transaction().execute((trx) =>
    platform.audit.append(trx, {
      actor: null,
      action: 'training.certificate.download',
      targetType: 'training_completion',
      targetId: completion.id,
      meta: { by: 'outside_link', locale },
    }),
  );
  return { state: 'ready', pdf };
}

/**
 * What the public cancellation page may show: the course, the first day and the place. `replaced`:
 * the link was sent for an earlier version of the registration (since cancelled and renewed, or sent
 * to an address corrected since).
 */
export type OutsideCancellation =
  | { state: 'open'; session: sessionRepo.SessionRow }
  | { state: 'inactive'; session: sessionRepo.SessionRow }
  | { state: 'replaced' }
  | { state: 'invalid' };

/** Whether a cancellation link still works: forged, expired, replaced, started, or already used. */
function cancellationState(
  now: Date,
  link: LinkClaims,
  registration: registrationRepo.OutsideRegistrationRow | undefined,
  session: sessionRepo.SessionRow | undefined,
): OutsideCancellation {
  if (!registration || !session) return { state: 'invalid' };
  if (!isCurrent(link, registration)) return { state: 'replaced' };
  if (session.starts_at && session.starts_at.getTime() <= now.getTime()) return { state: 'invalid' };
  if (!isActive(registration.status)) return { state: 'inactive', session };
  return { state: 'open', session };
}

/** The registration an outside professional's cancellation link opens, and whether it can still be cancelled. */
export async function outsideCancellation(platform: Platform, token: string): Promise<OutsideCancellation> {
  const link = openLink(platform, 'training-cancellation', token);
  if (!link) return { state: 'invalid' };
  const registration = await registrationRepo.findOutsideRegistration(platform.db, link.id);
  const session = registration
    ? await sessionRepo.findSession(platform.db, registration.session_id)
    : undefined;
  return cancellationState(platform.now(), link, registration, session);
}

/**
 * An outside professional cancels their registration through the link of their confirmation e-mail,
 * under the session's row lock, exactly as a member's cancellation (the freed seat goes to the wait
 * list). Nothing of the visitor is stored. Returns the state after the attempt: `inactive` when it
 * was already cancelled (nothing changes), `replaced` for a link of an earlier version, `invalid`
 * for a forged or expired link or a started session.
 */
export async function cancelOutsideRegistration(
  platform: Platform,
  token: string,
): Promise<OutsideCancellation & { cancelled: boolean }> {
  const link = openLink(platform, 'training-cancellation', token);
  if (!link) return { state: 'invalid', cancelled: false };
  return platform.db.transaction().execute(async (trx) => {
    const found = await registrationRepo.findOutsideRegistration(trx, link.id);
    if (!found) return { state: 'invalid' as const, cancelled: false };
    await sessionRepo.lockSession(trx, found.session_id);
    const registration = await registrationRepo.findOutsideRegistration(trx, link.id);
    const session = await sessionRepo.findSession(trx, found.session_id);
    const state = cancellationState(platform.now(), link, registration, session);
    if (state.state !== 'open') return { ...state, cancelled: false };
    await cancelLockedRegistration(platform, trx, registration!, null, { by: 'outside_link' });
    return { state: 'inactive' as const, session: state.session, cancelled: true };
  });
}

/** What the public offer page shows: the course, every day with its hours, the place, the deadline. */
export interface OfferView {
  session: sessionRepo.SessionRow;
  days: sessionRepo.DayRow[];
  deadline: Date;
}

/**
 * Where an outside professional's seat offer stands: `open` (they may answer), `accepted` or
 * `declined` (answered just now), `alreadyAccepted` or `alreadyDeclined` (answered before), `expired`
 * (its deadline passed), `closed` (the registration was cancelled, or the session cancelled or
 * started), `replaced` (a link of an earlier version: since renewed, or address corrected), `invalid`
 * (forged, malformed, made for another page).
 */
export type OutsideOffer =
  | ({
      state: 'open' | 'accepted' | 'declined' | 'alreadyAccepted' | 'alreadyDeclined' | 'expired' | 'closed';
    } & OfferView)
  | { state: 'replaced' | 'invalid' };

async function outsideOfferOf(
  platform: Platform,
  db: Executor,
  link: (LinkClaims & { expired: boolean }) | null,
): Promise<{ offer: OutsideOffer; registration?: registrationRepo.OutsideRegistrationRow }> {
  if (!link) return { offer: { state: 'invalid' } };
  const registration = await registrationRepo.findOutsideRegistration(db, link.id);
  const session = registration ? await sessionRepo.findSession(db, registration.session_id) : undefined;
  if (!registration || !session) return { offer: { state: 'invalid' } };
  if (!isCurrent(link, registration)) return { offer: { state: 'replaced' } };
  const now = platform.now().getTime();
  const view: OfferView = {
    session,
    days: await sessionRepo.sessionDays(db, session.id),
    deadline: registration.offer_expires_at ?? link.expiresAt,
  };
  const state = ((): Extract<OutsideOffer, OfferView>['state'] => {
    switch (registration.status) {
      case 'confirmed':
        return 'alreadyAccepted';
      case 'declined':
        return 'alreadyDeclined';
      case 'expired':
        return 'expired';
      case 'offered':
        if (session.status !== 'planned' || (session.starts_at && session.starts_at.getTime() <= now))
          return 'closed';
        if (link.expired || view.deadline.getTime() <= now) return 'expired';
        return 'open';
      default:
        return 'closed';
    }
  })();
  return { offer: { state, ...view }, registration };
}

/** The seat offer an outside professional's link opens, and where it stands. Changes nothing. */
export async function outsideOffer(platform: Platform, token: string): Promise<OutsideOffer> {
  return (await outsideOfferOf(platform, platform.db, inspectLink(platform, 'training-offer', token))).offer;
}

/**
 * An outside professional accepts or declines the seat offered to them, through the personal link of
 * their offer e-mail, under the session's row lock and exactly as a member's answer (see
 * answerLockedOffer): accepting confirms the seat and sends the confirmation with their cancellation
 * link; declining offers the seat to the next in line. Nothing of the visitor is stored. A link that
 * is forged, expired, replaced or already answered changes nothing: the state says why.
 */
export async function answerOutsideOffer(
  platform: Platform,
  token: string,
  answer: OfferAnswer,
): Promise<OutsideOffer> {
  const link = inspectLink(platform, 'training-offer', token);
  if (!link) return { state: 'invalid' };
  return platform.db.transaction().execute(async (trx) => {
    const found = await registrationRepo.findOutsideRegistration(trx, link.id);
    if (!found) return { state: 'invalid' as const };
    await sessionRepo.lockSession(trx, found.session_id);
    const { offer, registration } = await outsideOfferOf(platform, trx, link);
    if (offer.state !== 'open') return offer;
    await answerLockedOffer(platform, trx, registration!, answer, null, { by: 'outside_link' });
    return { ...offer, state: answer === 'accept' ? ('accepted' as const) : ('declined' as const) };
  });
}

import type { Locale } from '../../../shared/roles.js';
import { t } from '../../platform/i18n/i18n.js';
import type { EmailMessage } from '../../platform/notify/notify.js';
import type { Platform } from '../../platform/platform.js';
import type * as participantRepo from './participants.repository.js';
import type * as registrationRepo from './registration.repository.js';
import type * as sessionRepo from './sessions.repository.js';
import { verificationUrl } from './training.documents.js';
import { holderVersion, type LinkedRecord, makeLink } from './training.links.js';
import type { SessionChange } from './training.rules.js';

/**
 * What every training e-mail shares (the reader's language, dates in the region's time zone, links into
 * the app) and the e-mails outside professionals receive with their personal links: seat confirmed or
 * wait-listed, seat offered, already registered, certificate.
 */

/** The French or the English text, in the reader's language. */
export const pick = (locale: Locale, fr: string, en: string) => (locale === 'en-CA' ? en : fr);

// Building a date formatter is costly (a batch of 200 registrations formats 200 dates): keep one per
// locale and time zone.
const formatters = new Map<string, Intl.DateTimeFormat>();

/** A date and time for an e-mail, in the region's time zone and the reader's language. */
export function when(platform: Platform, locale: Locale, instant: Date | null): string {
  if (!instant) return '';
  const key = `${locale}|${platform.config.timeZone}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, {
      dateStyle: 'long',
      timeStyle: 'short',
      timeZone: platform.config.timeZone,
    });
    formatters.set(key, format);
  }
  return format.format(instant);
}

/** The full address of a page or file of Filet, for a link in an e-mail. */
export function appLink(platform: Platform, path: string): string {
  return `${platform.config.publicUrl}${path}`;
}

/** Where a session takes place, one line each for its place and its video link, in the reader's language. */
export function whereLines(locale: Locale, place: string | null, videoUrl: string | null): string {
  return [
    ...(place ? [t(locale, 'training.mail.place', { place })] : []),
    ...(videoUrl ? [t(locale, 'training.mail.videoUrl', { url: videoUrl })] : []),
  ].join('\n');
}

/** What changed in a session, as words of a sentence in the reader's language. */
export function changeList(locale: Locale, changes: readonly SessionChange[]): string {
  return new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(
    changes.map((change) => t(locale, `training.mail.changes.${change}`)),
  );
}

/** Each day of a session with its hours, in the reader's language and the region's time zone. */
export function dayList(platform: Platform, locale: Locale, days: readonly sessionRepo.DayRow[]): string {
  const format = new Intl.DateTimeFormat(locale, {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: platform.config.timeZone,
  });
  return days.map((d) => `- ${format.formatRange(d.starts_at, d.ends_at)}`).join('\n');
}

/**
 * The e-mail offering a seat to an outside participant: without an account, they answer on a public
 * page through a personal link that expires with the offer, valid for this version of the registration.
 */
export function outsideOfferEmail(
  platform: Platform,
  participant: { email: string; full_name: string; locale: Locale },
  session: sessionRepo.SessionRow,
  days: readonly sessionRepo.DayRow[],
  registration: LinkedRecord,
  deadline: Date,
): EmailMessage {
  const locale = participant.locale;
  return {
    to: participant.email,
    locale,
    template: 'training_offered_outside',
    params: {
      name: participant.full_name,
      course: pick(locale, session.course_title_fr, session.course_title_en),
      dates: dayList(platform, locale, days),
      where: whereLines(locale, session.place, session.video_url),
      deadline: when(platform, locale, deadline),
      link: makeLink(platform, 'training-offer', registration, deadline, locale),
    },
  };
}

/**
 * The e-mail telling an outside participant that their seat is confirmed or where they stand on the
 * wait list, with their own cancellation link, valid until the session starts: they have no account
 * to cancel in.
 */
export function outsideRegistrationEmail(
  platform: Platform,
  participant: { email: string; full_name: string; locale: Locale },
  session: sessionRepo.SessionRow,
  registration: LinkedRecord,
  placed: { status: 'confirmed' | 'waitlisted'; position: number | null },
): EmailMessage {
  const locale = participant.locale;
  return {
    to: participant.email,
    locale,
    template: placed.status === 'confirmed' ? 'training_confirmed_outside' : 'training_waitlisted_outside',
    params: {
      name: participant.full_name,
      course: pick(locale, session.course_title_fr, session.course_title_en),
      date: when(platform, locale, session.starts_at),
      place: session.place ?? session.video_url ?? '',
      position: placed.position ?? 0,
      cancelLink: makeLink(
        platform,
        'training-cancellation',
        registration,
        session.starts_at ?? session.registration_deadline,
        locale,
      ),
    },
  };
}

/**
 * The e-mail telling an outside participant that someone (most likely themselves) asked again for a
 * session they already hold a registration in: nothing changed, where they stand, and their current
 * cancellation link. The answer goes to the address, never to the page, so the invitation page does not
 * tell whoever holds the link which addresses are registered.
 */
export function alreadyRegisteredEmail(
  platform: Platform,
  participant: participantRepo.ParticipantRow,
  session: sessionRepo.SessionRow,
  registration: registrationRepo.RegistrationCore,
): EmailMessage {
  const locale = participant.locale;
  return {
    to: participant.email,
    locale,
    template: 'training_already_registered_outside',
    params: {
      name: participant.full_name,
      course: pick(locale, session.course_title_fr, session.course_title_en),
      date: when(platform, locale, session.starts_at),
      place: session.place ?? session.video_url ?? '',
      standing: t(locale, `training.mail.standing.${registration.status}`),
      cancelLink: makeLink(
        platform,
        'training-cancellation',
        { id: registration.id, version: registration.link_version },
        session.starts_at ?? session.registration_deadline,
        locale,
      ),
    },
  };
}

/**
 * How long an outside participant's certificate link stays valid: two years from its e-mail. Long
 * enough for the moments a certificate is asked for (a new employer, a yearly review, the renewal of a
 * course valid one or two years); bounded, so a forgotten or forwarded e-mail does not open the
 * holder's certificate for ever. The public verification page, whose address the e-mail also gives,
 * never expires, and the table or a trainer can still download the certificate from the record.
 */
export const CERTIFICATE_LINK_MS = 730 * 86_400_000;

/**
 * The e-mail giving an outside participant (no account) their certificate: a personal link to the PDF,
 * for this completion and the holder's current address (see holderVersion), valid two years, and the
 * public verification address with the code.
 */
export function outsideCertificateEmail(
  platform: Platform,
  holder: { id: string; email: string; full_name: string; locale: Locale },
  completion: { id: string; course_title_fr: string; course_title_en: string; certificate_code: string },
): EmailMessage {
  const locale = holder.locale;
  const expires = new Date(platform.now().getTime() + CERTIFICATE_LINK_MS);
  const until = new Intl.DateTimeFormat(locale, {
    dateStyle: 'long',
    timeZone: platform.config.timeZone,
  }).format(expires);
  return {
    to: holder.email,
    locale,
    template: 'training_completed_outside',
    params: {
      name: holder.full_name,
      course: pick(locale, completion.course_title_fr, completion.course_title_en),
      code: completion.certificate_code,
      until,
      link: makeLink(
        platform,
        'training-certificate',
        { id: completion.id, version: holderVersion(platform, holder) },
        expires,
        locale,
      ),
      verifyLink: verificationUrl(platform.config.publicUrl, locale, completion.certificate_code),
    },
  };
}

import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Locale } from '../../../shared/roles.js';
import type { Platform } from '../../platform/platform.js';

/**
 * The signed links of people without a Filet account: outside professionals register through an
 * invitation link, then cancel their registration, answer a seat offered from the wait list and fill the
 * session's evaluation through personal links sent by e-mail. A link names one record (a session, a
 * registration), the version of that record it was made for, and an expiry, signed with a secret derived
 * from the master key for its purpose: a link made for one purpose opens nothing else, and nothing in it
 * can be changed without the signature failing. A registration renewed after a cancellation, or whose
 * holder's e-mail address was corrected, has a new version, so the links sent before no longer act on
 * it. Once a course is completed, the certificate link names the completion and its holder's address
 * (see holderVersion), and opens the certificate PDF.
 */

export type LinkPurpose =
  | 'training-invitation'
  | 'training-cancellation'
  | 'training-offer'
  | 'training-evaluation'
  | 'training-certificate';

/** The public pages each link opens, in French and in English. */
export const LINK_PATHS: Record<LinkPurpose, Record<Locale, string>> = {
  'training-invitation': { 'fr-CA': '/inscription-formation', 'en-CA': '/en/training-registration' },
  'training-cancellation': {
    'fr-CA': '/inscription-formation/annulation',
    'en-CA': '/en/training-registration/cancel',
  },
  'training-offer': {
    'fr-CA': '/inscription-formation/offre',
    'en-CA': '/en/training-registration/offer',
  },
  'training-evaluation': { 'fr-CA': '/evaluation-formation', 'en-CA': '/en/training-evaluation' },
  'training-certificate': { 'fr-CA': '/attestation-formation', 'en-CA': '/en/training-certificate' },
};

/** What a well-signed link says. */
export interface LinkClaims {
  /** The record it names. */
  id: string;
  /** The version of the record it was made for (0 for records without versions, such as sessions). */
  version: number;
  expiresAt: Date;
}

/** A record and the version of it a link is made for. */
export interface LinkedRecord {
  id: string;
  version: number;
}

function mac(secret: Buffer, purpose: LinkPurpose, payload: string): Buffer {
  return createHmac('sha256', secret).update(`${purpose}:${payload}`).digest();
}

/**
 * `<base64url(id[.version].expiry-seconds)>.<base64url(HMAC-SHA256(purpose:payload))>`. Version 0 is
 * left out, which is exactly the form of the links made before records had versions: those keep
 * opening the records still at version 0.
 */
export function signLink(
  secret: Buffer,
  purpose: LinkPurpose,
  id: string,
  expiresAt: Date,
  version = 0,
): string {
  const seconds = Math.floor(expiresAt.getTime() / 1000);
  const payload = version === 0 ? `${id}.${seconds}` : `${id}.${version}.${seconds}`;
  return `${Buffer.from(payload).toString('base64url')}.${mac(secret, purpose, payload).toString('base64url')}`;
}

/**
 * What a link says when its signature holds, expired or not; null when it is forged, malformed or made
 * for another purpose.
 */
export function verifyLink(secret: Buffer, purpose: LinkPurpose, token: string): LinkClaims | null {
  if (token.length > 300) return null;
  const [encoded, signature, extra] = token.split('.');
  if (!encoded || !signature || extra !== undefined) return null;
  const payload = Buffer.from(encoded, 'base64url').toString('utf8');
  const expected = mac(secret, purpose, payload);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const match = /^([0-9a-f-]{36})(?:\.([1-9]\d{0,8}))?\.(\d{1,12})$/.exec(payload);
  if (!match) return null;
  return { id: match[1]!, version: Number(match[2] ?? 0), expiresAt: new Date(Number(match[3]) * 1000) };
}

/** What a link says, or null when it is forged, malformed, made for another purpose or expired. */
export function readLink(secret: Buffer, purpose: LinkPurpose, token: string, now: Date): LinkClaims | null {
  const claims = verifyLink(secret, purpose, token);
  return claims && claims.expiresAt.getTime() >= now.getTime() ? claims : null;
}

/** The secret of one purpose (never stored; it changes only with the master key). */
export function linkSecret(platform: Platform, purpose: LinkPurpose): Buffer {
  return platform.keyring.derive(purpose);
}

/** The absolute address of a signed link's page, in the reader's language. */
export function linkUrl(platform: Platform, purpose: LinkPurpose, locale: Locale, token: string): string {
  return `${platform.config.publicUrl}${LINK_PATHS[purpose][locale]}/${token}`;
}

/** Signs a link for a version of a record and gives its address in the reader's language. */
export function makeLink(
  platform: Platform,
  purpose: LinkPurpose,
  record: LinkedRecord,
  expiresAt: Date,
  locale: Locale,
): string {
  return linkUrl(
    platform,
    purpose,
    locale,
    signLink(linkSecret(platform, purpose), purpose, record.id, expiresAt, record.version),
  );
}

/** What a link opens now, or null (see readLink). */
export function openLink(platform: Platform, purpose: LinkPurpose, token: string): LinkClaims | null {
  return readLink(linkSecret(platform, purpose), purpose, token, platform.now());
}

/** What a link says, expired or not, and whether it has expired; null when forged (see verifyLink). */
export function inspectLink(
  platform: Platform,
  purpose: LinkPurpose,
  token: string,
): (LinkClaims & { expired: boolean }) | null {
  const claims = verifyLink(linkSecret(platform, purpose), purpose, token);
  if (!claims) return null;
  return { ...claims, expired: claims.expiresAt.getTime() < platform.now().getTime() };
}

/** Does a link still stand for the record as it is now (same version)? */
export function isCurrent(claims: LinkClaims, record: { link_version: number }): boolean {
  return claims.version === record.link_version;
}

/**
 * The version a certificate link is made for: a keyed fingerprint of its holder (the participant and
 * their e-mail address, case aside), from 1 to 999,999,999 like every version a link can carry. It
 * binds the link to the completion (its id) and to the person as they are reached now: when the table
 * or a trainer corrects the address, the fingerprint changes and the links sent to the earlier address
 * stop working, with no column to keep. Being keyed, it tells nothing about the address.
 */
export function holderVersion(platform: Platform, holder: { id: string; email: string }): number {
  const digest = createHmac('sha256', platform.keyring.derive('training-certificate-holder'))
    .update(`${holder.id}:${holder.email.trim().toLowerCase()}`)
    .digest();
  return (digest.readUInt32BE(0) % 999_999_999) + 1;
}

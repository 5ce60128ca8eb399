// The people a partner follows (the subjects of its referrals) and the consents they give: kept by the
// following organisation only, identity and contact details sealed, each read of a record audited.

import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type {
  ConsentInput,
  ReferralConsent,
  SubjectDetail,
  SubjectInput,
  SubjectList,
  SubjectListQuery,
  SubjectUpdate,
} from '../../../shared/contracts/referrals.js';
import {
  CONSENT_DEFAULT_DAYS,
  CONSENT_MAX_DAYS,
  CONSENT_MIN_AGE,
} from '../../../shared/contracts/resources.values.js';
import { localDay } from '../../../shared/time-zone.js';
import type { Actor } from '../../platform/authz/actor.js';
import { authorize } from '../../platform/authz/authorize.js';
import type { Executor } from '../../platform/db/database.js';
import type { DB } from '../../platform/db/schema.js';
import { Errors } from '../../platform/errors.js';
import type { Platform } from '../../platform/platform.js';
import * as accounts from '../accounts/index.js';
import { identityContext, justificationContext } from './referrals.fields.js';
import { canKeepSubject, canOverrideConsent, sends } from './referrals.policy.js';
import * as repo from './referrals.repository.js';
import * as names from './subject-names.js';

/** What is sealed of a person followed. */
export interface SubjectIdentity {
  givenName: string;
  familyName: string | null;
  preferredName: string | null;
  birthDate: string | null;
  phone: string | null;
  email: string | null;
  contactNote: string | null;
}

/**
 * Whether the person may give this consent on `givenOn` with what their record says today: a young
 * person from 14, a parent for themselves never under 14 (read again each time a consent is used, so a
 * birth date corrected afterwards is taken into account).
 */
export function consentsAlone(
  platform: Platform,
  subject: { id: string; kind: 'youth' | 'parent'; sealed_identity: string },
  givenBy: 'youth' | 'parent' | 'override',
  givenOn: string,
): boolean {
  const selfConsent = givenBy === 'youth' || (givenBy === 'parent' && subject.kind === 'parent');
  if (!selfConsent) return true;
  const age = ageOn(openIdentity(platform, subject).birthDate, givenOn);
  if (givenBy === 'youth') return age !== null && age >= CONSENT_MIN_AGE;
  return age === null || age >= CONSENT_MIN_AGE;
}

/** A justification of a share without consent says why, in at least this many characters. */
export const JUSTIFICATION_MIN = 10;

const blank = (value: string | null | undefined): string | null => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
};

export function today(platform: Platform): string {
  return localDay(platform.now(), platform.config.timeZone);
}

function addDays(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Age in whole years on `day` (both `YYYY-MM-DD`). */
export function ageOn(birthDate: string | null, day: string): number | null {
  if (!birthDate) return null;
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

export function openIdentity(platform: Platform, subject: { id: string; sealed_identity: string }) {
  return JSON.parse(
    platform.keyring.decrypt(subject.sealed_identity, identityContext(subject.id)),
  ) as SubjectIdentity;
}

export function displayName(identity: SubjectIdentity): string {
  const full = [identity.givenName, identity.familyName].filter(Boolean).join(' ');
  return identity.preferredName ? `${identity.preferredName} (${full})` : full;
}

function identityOf(input: Partial<SubjectInput>, before?: SubjectIdentity): SubjectIdentity {
  const pick = <K extends keyof SubjectIdentity>(key: K, value: string | null | undefined) =>
    value === undefined ? (before?.[key] ?? null) : blank(value);
  return {
    givenName: input.givenName !== undefined ? input.givenName.trim() : (before?.givenName ?? ''),
    familyName: pick('familyName', input.familyName),
    preferredName: pick('preferredName', input.preferredName),
    birthDate: input.birthDate !== undefined ? (input.birthDate ?? null) : (before?.birthDate ?? null),
    phone: pick('phone', input.phone),
    email: pick('email', input.email),
    contactNote: pick('contactNote', input.contactNote),
  };
}

function checkIdentity(platform: Platform, kind: 'youth' | 'parent', identity: SubjectIdentity): void {
  if (!identity.givenName) throw Errors.field('givenName', 'required');
  if (kind === 'youth' && !identity.birthDate) throw Errors.field('birthDate', 'required');
  if (identity.birthDate) {
    const age = ageOn(identity.birthDate, today(platform));
    if (age === null || age < 0 || age > 120) throw Errors.field('birthDate', 'referrals_birth_date');
    // A child is followed as a young person, never as a parent consenting for themselves.
    if (kind === 'parent' && age < CONSENT_MIN_AGE)
      throw Errors.field('birthDate', 'referrals_parent_age', { age: CONSENT_MIN_AGE });
  }
}

/** Loads a person followed by the actor's organisation; anyone else gets a 404. */
export async function loadSubject(platform: Platform | { db: Executor }, actor: Actor, id: string) {
  const subject = await repo.findSubject(platform.db, id);
  if (!subject || subject.purged_at !== null || !canKeepSubject(actor, subject)) throw Errors.notFound();
  return subject;
}

export async function createSubject(platform: Platform, actor: Actor, input: SubjectInput): Promise<string> {
  authorize(sends(actor), { hide: false });
  const identity = identityOf(input);
  checkIdentity(platform, input.kind, identity);
  const id = randomUUID();
  await platform.db.transaction().execute(async (trx) => {
    await repo.insertSubject(trx, {
      id,
      organisation_id: actor.organisationId,
      kind: input.kind,
      sealed_identity: platform.keyring.encrypt(JSON.stringify(identity), identityContext(id)),
      name_index: names.nameIndex(platform, actor.organisationId, identity),
      name_index_key: names.indexKeyFingerprint(platform),
      gender: input.gender ?? null,
      languages: [...new Set(input.languages ?? [])],
      do_not_contact: input.doNotContact ?? false,
      safe_channels: [...new Set(input.safeChannels ?? [])],
      created_by: actor.personId,
      created_at: platform.now(),
      updated_at: platform.now(),
    });
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'resources.subject.create',
      targetType: 'referral_subject',
      targetId: id,
      meta: { kind: input.kind },
    });
  });
  return id;
}

/**
 * The organisation's people followed, newest first. A search by name goes through the blind index of
 * their sealed names (subject-names.ts): only the records holding every word typed are opened, to check
 * the words for real.
 */
export async function listSubjects(
  platform: Platform,
  actor: Actor,
  query: SubjectListQuery,
): Promise<SubjectList> {
  authorize(sends(actor), { hide: false });
  const offset = query.offset ?? 0;
  const limit = query.limit ?? 50;
  const searched = names.nameWords(query.q ?? '');
  const open = (row: { id: string; sealed_identity: string }) => {
    const identity = openIdentity(platform, row);
    return { identity, name: displayName(identity) };
  };
  let total: number;
  let page: Array<Awaited<ReturnType<typeof repo.subjectsIndexed>>[number]>;
  if (searched.length === 0) {
    ({ rows: page, total } = await repo.subjectsPage(platform.db, actor.organisationId, query.kind, {
      limit,
      offset,
    }));
  } else {
    await names.reindexStale(platform, actor.organisationId, (row) => openIdentity(platform, row));
    const entries = names.searchEntries(platform, actor.organisationId, searched);
    const found = (await repo.subjectsIndexed(platform.db, actor.organisationId, query.kind, entries)).filter(
      (row) => names.nameMatches(open(row).name, searched),
    );
    total = found.length;
    page = found.slice(offset, offset + limit);
  }
  await platform.db.transaction().execute((trx) =>
    platform.audit.append(trx, {
      actor: actor.personId,
      action: 'resources.subject.list',
      meta: { shown: page.length, searched: searched.length > 0 },
    }),
  );
  const day = today(platform);
  return {
    total,
    items: page.map((row) => {
      const { identity, name } = open(row);
      return {
        id: row.id,
        kind: row.kind,
        displayName: name,
        age: ageOn(identity.birthDate, day),
        openReferrals: row.open_referrals,
        lastReferralAt: row.last_referral_at?.toISOString() ?? null,
        createdAt: row.created_at.toISOString(),
      };
    }),
  };
}

export function presentConsent(
  platform: Platform,
  row: Awaited<ReturnType<typeof repo.consentsOf>>[number],
): ReferralConsent {
  const day = today(platform);
  return {
    id: row.id,
    forOrganisationId: row.for_organisation_id,
    forOrganisationName: row.for_organisation_name,
    givenBy: row.given_by,
    givenOn: row.given_on,
    expiresOn: row.expires_on,
    state: row.revoked_at ? 'revoked' : row.expires_on < day ? 'expired' : 'active',
    flagged: row.flagged,
    revokedAt: row.revoked_at?.toISOString() ?? null,
    recordedByName: row.recorded_by_name ?? '',
  };
}

async function subjectDetail(
  platform: Platform,
  subject: Awaited<ReturnType<typeof loadSubject>>,
): Promise<SubjectDetail> {
  const identity = openIdentity(platform, subject);
  const consents = await repo.consentsOf(platform.db, subject.id);
  return {
    id: subject.id,
    kind: subject.kind,
    givenName: identity.givenName,
    familyName: identity.familyName,
    preferredName: identity.preferredName,
    birthDate: identity.birthDate,
    age: ageOn(identity.birthDate, today(platform)),
    gender: subject.gender,
    languages: subject.languages,
    doNotContact: subject.do_not_contact,
    safeChannels: subject.safe_channels,
    phone: identity.phone,
    email: identity.email,
    contactNote: identity.contactNote,
    consents: consents.map((c) => presentConsent(platform, c)),
    version: subject.version,
  };
}

/** Opens a person's record: audited with the purpose. */
export async function readSubject(
  platform: Platform,
  actor: Actor,
  id: string,
  purpose: string,
): Promise<SubjectDetail> {
  const subject = await loadSubject(platform, actor, id);
  await platform.db.transaction().execute((trx) =>
    platform.audit.append(trx, {
      actor: actor.personId,
      action: 'resources.subject.read',
      targetType: 'referral_subject',
      targetId: id,
      purpose: purpose.trim(),
    }),
  );
  return subjectDetail(platform, subject);
}

export async function updateSubject(
  platform: Platform,
  actor: Actor,
  id: string,
  input: SubjectUpdate,
): Promise<SubjectDetail> {
  const subject = await loadSubject(platform, actor, id);
  const identity = identityOf(input, openIdentity(platform, subject));
  checkIdentity(platform, subject.kind, identity);
  const changed = Object.keys(input).filter((k) => k !== 'version');
  await platform.db.transaction().execute(async (trx) => {
    const ok = await repo.updateSubject(trx, id, input.version, {
      sealed_identity: platform.keyring.encrypt(JSON.stringify(identity), identityContext(id)),
      name_index: names.nameIndex(platform, subject.organisation_id, identity),
      name_index_key: names.indexKeyFingerprint(platform),
      ...(input.gender !== undefined ? { gender: input.gender } : {}),
      ...(input.languages !== undefined ? { languages: [...new Set(input.languages)] } : {}),
      ...(input.doNotContact !== undefined ? { do_not_contact: input.doNotContact } : {}),
      ...(input.safeChannels !== undefined ? { safe_channels: [...new Set(input.safeChannels)] } : {}),
      updated_at: platform.now(),
    });
    if (!ok) throw Errors.conflict();
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'resources.subject.update',
      targetType: 'referral_subject',
      targetId: id,
      meta: { fields: changed },
    });
  });
  return subjectDetail(platform, (await repo.findSubject(platform.db, id))!);
}

// ── Consents ─────────────────────────────────────────────────────────────────────────────────────

/**
 * Checks a consent against the rules and writes it in `trx`: a young person consents alone from 14; a
 * parent subject consents for themselves (`parent`); an override needs the coordinator's role and a
 * justification, is flagged for the privacy officer. Returns the consent's id and legal basis.
 */
export async function recordConsent(
  platform: Platform,
  trx: Transaction<DB>,
  actor: Actor,
  subject: { id: string; kind: 'youth' | 'parent'; sealed_identity: string },
  input: ConsentInput,
  field = '',
): Promise<{ id: string; legalBasis: 'consent' | 'parental_consent' | 'override'; expiresOn: string }> {
  const at = (name: string) => (field ? `${field}.${name}` : name);
  const day = today(platform);
  const givenOn = input.givenOn ?? day;
  if (givenOn > day) throw Errors.field(at('givenOn'), 'referrals_consent_future');
  const expiresOn = input.expiresOn ?? addDays(givenOn, CONSENT_DEFAULT_DAYS);
  if (expiresOn < day) throw Errors.field(at('expiresOn'), 'referrals_consent_expired');
  if (expiresOn > addDays(givenOn, CONSENT_MAX_DAYS))
    throw Errors.field(at('expiresOn'), 'referrals_consent_too_long', { days: CONSENT_MAX_DAYS });
  const justification = blank(input.justification);
  if (input.givenBy === 'override') {
    if (!canOverrideConsent(actor)) throw Errors.field(at('givenBy'), 'referrals_override_role');
    if (!justification || justification.length < JUSTIFICATION_MIN)
      throw Errors.field(at('justification'), 'referrals_justification', { min: JUSTIFICATION_MIN });
  } else if (justification) {
    throw Errors.field(at('justification'), 'referrals_justification_without_override');
  }
  if (input.givenBy === 'youth' && subject.kind !== 'youth')
    throw Errors.field(at('givenBy'), 'referrals_consent_giver');
  if (!consentsAlone(platform, subject, input.givenBy, givenOn))
    throw Errors.field(at('givenBy'), 'referrals_consent_age', { age: CONSENT_MIN_AGE });
  const organisation = await accounts.organisationById(trx, input.forOrganisationId);
  if (!organisation?.active) throw Errors.field(at('forOrganisationId'), 'referrals_unknown_organisation');
  const id = randomUUID();
  await repo.insertConsent(trx, {
    id,
    subject_id: subject.id,
    organisation_id: actor.organisationId,
    for_organisation_id: input.forOrganisationId,
    given_by: input.givenBy,
    given_on: givenOn,
    expires_on: expiresOn,
    sealed_justification:
      input.givenBy === 'override'
        ? platform.keyring.encrypt(justification!, justificationContext(id))
        : null,
    flagged: input.givenBy === 'override',
    recorded_by: actor.personId,
    recorded_at: platform.now(),
  });
  await platform.audit.append(trx, {
    actor: actor.personId,
    action: 'resources.consent.record',
    targetType: 'referral_subject',
    targetId: subject.id,
    meta: { givenBy: input.givenBy, consent: id },
  });
  const legalBasis =
    input.givenBy === 'override'
      ? 'override'
      : input.givenBy === 'parent' && subject.kind === 'youth'
        ? 'parental_consent'
        : 'consent';
  return { id, legalBasis, expiresOn };
}

export async function addConsent(
  platform: Platform,
  actor: Actor,
  subjectId: string,
  input: ConsentInput,
): Promise<ReferralConsent> {
  const subject = await loadSubject(platform, actor, subjectId);
  const { id } = await platform.db
    .transaction()
    .execute((trx) => recordConsent(platform, trx, actor, subject, input));
  const rows = await repo.consentsOf(platform.db, subjectId);
  return presentConsent(platform, rows.find((r) => r.id === id)!);
}

// Observations of the phenomenon, recorded by pivots for their organisation: structured fields, code
// words that feed the glossary, and a free text checked for identifiers, sealed and held for the
// table's review. Verification by the table. No names, no exact places, no date finer than the month.

import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type {
  ObservationDetail,
  ObservationInput,
  ObservationList,
  ObservationListQuery,
  ObservationUpdate,
  VerificationChange,
} from '../../../shared/contracts/observatory.js';
import { findIdentifiers, identifierKinds } from '../../../shared/deidentify.js';
import { localDay } from '../../../shared/time-zone.js';
import type { Actor } from '../../platform/authz/actor.js';
import { hasRole } from '../../platform/authz/actor.js';
import { authorize } from '../../platform/authz/authorize.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError, Errors, type FieldProblem } from '../../platform/errors.js';
import type { Platform } from '../../platform/platform.js';
import { holdsActiveMandate } from '../network/index.js';
import * as glossary from './glossary.repository.js';
import * as repo from './observations.repository.js';
import { observationTextContext } from './observatory.fields.js';
import {
  canEditObservation,
  canReadObservation,
  isTable,
  OBSERVATION_READERS,
  RECORDER_ROLES,
} from './observatory.policy.js';
import {
  cleanCodeWords,
  currentMonth,
  facetsOf,
  foldTerm,
  monthOf,
  monthStart,
  yearClose,
} from './observatory.rules.js';

/** The free text, trimmed; null when it says nothing. */
function cleanText(text: string | null | undefined): string | null {
  const trimmed = text?.trim();
  return trimmed ? trimmed : null;
}

/**
 * Refuses identifying content with one problem per kind found (the excerpt itself is never echoed,
 * logged or stored): the free text and the code words.
 */
function refuseIdentifiers(text: string | null, codeWords: readonly string[]): void {
  const problems: FieldProblem[] = [];
  if (text) {
    for (const kind of identifierKinds(findIdentifiers(text)))
      problems.push({ field: 'text', rule: `observatory_identifier_${kind}` });
  }
  const inWords = new Set(codeWords.flatMap((word) => identifierKinds(findIdentifiers(word))));
  for (const kind of inWords) problems.push({ field: 'codeWords', rule: `observatory_identifier_${kind}` });
  if (problems.length > 0) throw Errors.invalid(problems);
}

function checkMonth(platform: Platform, month: string): void {
  if (month > currentMonth(platform.now(), platform.config.timeZone))
    throw Errors.field('month', 'observatory_month_future');
}

/** The platform must be one of the table's active platforms, for an online place; locked against deletion. */
async function checkPlatform(
  trx: Transaction<DB>,
  placeType: string,
  platformId: string | null,
  keptId: string | null,
): Promise<void> {
  if (!platformId) return;
  if (placeType !== 'online') throw Errors.field('platformId', 'observatory_platform_online_only');
  const row = await trx
    .selectFrom('observatory_platforms')
    .select(['id', 'status'])
    .where('id', '=', platformId)
    .forShare()
    .executeTakeFirst();
  // An observation keeps a platform retired since it was recorded; a new choice must be active.
  if (!row || (row.status !== 'active' && platformId !== keptId))
    throw Errors.field('platformId', 'observatory_unknown_platform');
}

const languageOf = (actor: Actor) => (actor.locale === 'en-CA' ? 'en' : 'fr');

/** Records an observation for the pivot's organisation (an active mandate there is required). */
export async function recordObservation(
  platform: Platform,
  actor: Actor,
  input: ObservationInput,
): Promise<ObservationDetail> {
  authorize(hasRole(actor, ...RECORDER_ROLES), { hide: false });
  const day = localDay(platform.now(), platform.config.timeZone);
  if (!(await holdsActiveMandate(platform.db, actor.personId, actor.organisationId, day)))
    throw Errors.forbidden();
  checkMonth(platform, input.month);
  const text = cleanText(input.text);
  const codeWords = cleanCodeWords(input.codeWords ?? []);
  refuseIdentifiers(text, codeWords);
  const id = randomUUID();
  const now = platform.now();
  const platformId = input.platformId ?? null;
  await platform.db.transaction().execute(async (trx) => {
    await checkPlatform(trx, input.placeType, platformId, null);
    const fields = {
      month: monthStart(input.month),
      place_type: input.placeType,
      platform_id: platformId,
      recruitment_methods: [...new Set(input.recruitmentMethods ?? [])],
      modus_operandi: [...new Set(input.modusOperandi ?? [])],
      code_words: codeWords,
      age_ranges: [...new Set(input.ageRanges ?? [])],
      genders: [...new Set(input.genders ?? [])],
      exploiter_profiles: [...new Set(input.exploiterProfiles ?? [])],
      girls_seen: input.girlsSeen ?? null,
      boys_seen: input.boysSeen ?? null,
    };
    await repo.insertObservation(trx, {
      id,
      organisation_id: actor.organisationId,
      author_id: actor.personId,
      ...fields,
      sealed_text: text === null ? null : platform.keyring.encrypt(text, observationTextContext(id)),
      text_status: text === null ? 'none' : 'pending',
      text_submitted_at: text === null ? null : now,
      created_at: now,
      updated_at: now,
    });
    await repo.replaceFacets(
      trx,
      { id, organisationId: actor.organisationId, month: fields.month, createdAt: now },
      facetsOf({
        placeType: fields.place_type,
        platformId,
        recruitmentMethods: fields.recruitment_methods,
        modusOperandi: fields.modus_operandi,
        ageRanges: fields.age_ranges,
        genders: fields.genders,
      }),
    );
    await glossary.recordSightings(trx, codeWords, {
      month: fields.month,
      placeType: fields.place_type,
      language: languageOf(actor),
      by: actor.personId,
      at: now,
    });
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'observatory.observation.record',
      targetType: 'observation',
      targetId: id,
      meta: { placeType: input.placeType, text: text !== null, codeWords: codeWords.length },
    });
  });
  return readObservation(platform, actor, id);
}

/** Loads an observation the actor may read; anyone else gets a 404. */
async function loadReadable(platform: Platform, actor: Actor, id: string) {
  const row = await repo.findObservation(platform.db, id);
  authorize(row !== undefined && canReadObservation(actor, row));
  return row;
}

function present(platform: Platform, actor: Actor, row: repo.ObservationRow): ObservationDetail {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    organisationName: row.organisation_name,
    authorName: row.author_name,
    month: monthOf(row.month),
    placeType: row.place_type,
    platformId: row.platform_id,
    platformName: row.platform_name,
    recruitmentMethods: row.recruitment_methods as ObservationDetail['recruitmentMethods'],
    modusOperandi: row.modus_operandi as ObservationDetail['modusOperandi'],
    codeWords: row.code_words,
    ageRanges: row.age_ranges as ObservationDetail['ageRanges'],
    genders: row.genders as ObservationDetail['genders'],
    exploiterProfiles: row.exploiter_profiles as ObservationDetail['exploiterProfiles'],
    girlsSeen: row.girls_seen,
    boysSeen: row.boys_seen,
    text: row.sealed_text ? platform.keyring.decrypt(row.sealed_text, observationTextContext(row.id)) : null,
    textStatus: row.text_status,
    textReviewedAt: row.text_reviewed_at?.toISOString() ?? null,
    textRejectionReason: row.text_rejection_reason,
    verification: row.verification,
    verifiedAt: row.verified_at?.toISOString() ?? null,
    canEdit: canEditObservation(actor, row),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    version: row.version,
  };
}

/** One observation: its organisation's pivots and coordinators, or the table. */
export async function readObservation(
  platform: Platform,
  actor: Actor,
  id: string,
): Promise<ObservationDetail> {
  return present(platform, actor, await loadReadable(platform, actor, id));
}

/** The observations the actor reads: their organisation's, or (the table) all or one organisation's. */
export async function listObservations(
  platform: Platform,
  actor: Actor,
  query: ObservationListQuery,
): Promise<ObservationList> {
  authorize(hasRole(actor, ...OBSERVATION_READERS), { hide: false });
  if (query.from && query.to && query.from > query.to) throw Errors.field('from', 'observatory_span');
  const { rows, total } = await repo.listObservations(platform.db, {
    organisationId: isTable(actor) ? query.organisationId : actor.organisationId,
    from: query.from ? monthStart(query.from) : undefined,
    to: query.to ? monthStart(query.to) : undefined,
    placeType: query.placeType,
    verification: query.verification,
    textStatus: query.textStatus,
    limit: query.limit ?? 50,
    offset: query.offset ?? 0,
  });
  return {
    total,
    items: rows.map((row) => ({
      id: row.id,
      organisationId: row.organisation_id,
      organisationName: row.organisation_name,
      month: monthOf(row.month),
      placeType: row.place_type,
      platformName: row.platform_name,
      recruitmentMethods: row.recruitment_methods as ObservationDetail['recruitmentMethods'],
      ageRanges: row.age_ranges as ObservationDetail['ageRanges'],
      genders: row.genders as ObservationDetail['genders'],
      verification: row.verification,
      textStatus: row.text_status,
      createdAt: row.created_at.toISOString(),
    })),
  };
}

/**
 * Changes an observation (its organisation's pivots, while it is not verified), conditional on its
 * version. A changed text is checked again and goes back to the table's review; new code words are
 * proposed to the glossary.
 */
export async function updateObservation(
  platform: Platform,
  actor: Actor,
  id: string,
  input: ObservationUpdate,
): Promise<ObservationDetail> {
  const row = await loadReadable(platform, actor, id);
  authorize(hasRole(actor, ...RECORDER_ROLES) && row.organisation_id === actor.organisationId);
  if (row.verification === 'verified') throw Errors.conflict();
  const month = input.month ?? monthOf(row.month);
  if (input.month !== undefined) checkMonth(platform, month);
  // An observation counted in a closed year (research exports, the annual report) stays as it was
  // counted, or the same export asked again would show what changed.
  const countedInClosedYear = (m: string) => {
    const close = yearClose(Number(m.slice(0, 4)), platform.config.timeZone);
    return row.created_at < close && platform.now() >= close;
  };
  if (countedInClosedYear(monthOf(row.month)) || countedInClosedYear(month))
    throw new AppError('conflict', 409, { details: [{ field: 'month', rule: 'observatory_year_closed' }] });
  const textChanged = input.text !== undefined;
  const text = textChanged ? cleanText(input.text) : null;
  const codeWords = input.codeWords !== undefined ? cleanCodeWords(input.codeWords) : row.code_words;
  refuseIdentifiers(textChanged ? text : null, input.codeWords !== undefined ? codeWords : []);
  const placeType = input.placeType ?? row.place_type;
  const platformId = input.platformId !== undefined ? input.platformId : row.platform_id;
  const now = platform.now();
  const list = <T>(value: T[] | undefined, before: T[]) =>
    value !== undefined ? [...new Set(value)] : before;
  await platform.db.transaction().execute(async (trx) => {
    await checkPlatform(trx, placeType, platformId, row.platform_id);
    const fields = {
      month: monthStart(month),
      place_type: placeType,
      platform_id: platformId,
      recruitment_methods: list(input.recruitmentMethods, row.recruitment_methods),
      modus_operandi: list(input.modusOperandi, row.modus_operandi),
      code_words: codeWords,
      age_ranges: list(input.ageRanges, row.age_ranges),
      genders: list(input.genders, row.genders),
      exploiter_profiles: list(input.exploiterProfiles, row.exploiter_profiles),
      girls_seen: input.girlsSeen !== undefined ? input.girlsSeen : row.girls_seen,
      boys_seen: input.boysSeen !== undefined ? input.boysSeen : row.boys_seen,
    };
    const changed = await repo.updateObservation(trx, id, input.version, {
      ...fields,
      ...(textChanged
        ? {
            sealed_text: text === null ? null : platform.keyring.encrypt(text, observationTextContext(id)),
            text_status: text === null ? 'none' : 'pending',
            text_submitted_at: text === null ? null : now,
            text_reviewed_at: null,
            text_reviewed_by: null,
            text_rejection_reason: null,
          }
        : {}),
      updated_at: now,
    });
    if (!changed) throw Errors.conflict();
    await repo.replaceFacets(
      trx,
      { id, organisationId: row.organisation_id, month: fields.month, createdAt: row.created_at },
      facetsOf({
        placeType: fields.place_type,
        platformId: fields.platform_id,
        recruitmentMethods: fields.recruitment_methods,
        modusOperandi: fields.modus_operandi,
        ageRanges: fields.age_ranges,
        genders: fields.genders,
      }),
    );
    const known = new Set(row.code_words.map(foldTerm));
    await glossary.recordSightings(
      trx,
      codeWords.filter((word) => !known.has(foldTerm(word))),
      {
        month: fields.month,
        placeType: fields.place_type,
        language: languageOf(actor),
        by: actor.personId,
        at: now,
      },
    );
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'observatory.observation.update',
      targetType: 'observation',
      targetId: id,
      meta: { fields: Object.keys(input).filter((key) => key !== 'version'), text: textChanged },
    });
  });
  return readObservation(platform, actor, id);
}

/** The table marks an observation verified, not verified, or pending again; conditional on its version. */
export async function changeVerification(
  platform: Platform,
  actor: Actor,
  id: string,
  input: VerificationChange,
): Promise<ObservationDetail> {
  authorize(isTable(actor), { hide: false });
  await platform.db.transaction().execute(async (trx) => {
    if (!(await repo.findObservation(trx, id))) throw Errors.notFound();
    const pending = input.status === 'pending';
    const changed = await repo.setVerification(trx, id, input.version, {
      verification: input.status,
      verified_at: pending ? null : platform.now(),
      verified_by: pending ? null : actor.personId,
      updated_at: platform.now(),
    });
    if (!changed) throw Errors.conflict();
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'observatory.observation.verify',
      targetType: 'observation',
      targetId: id,
      meta: { status: input.status },
    });
  });
  return readObservation(platform, actor, id);
}

// The shared glossary of recruitment language and code words: proposed by observations (or the
// table), curated and published by the table, searched by every member, printed for training.

import { randomUUID } from 'node:crypto';
import type {
  GlossaryInput,
  GlossaryList,
  GlossaryQuery,
  GlossaryTerm,
  GlossaryUpdate,
} from '../../../shared/contracts/observatory.js';
import type { GlossaryStatus } from '../../../shared/contracts/observatory.values.js';
import type { Actor } from '../../platform/authz/actor.js';
import { authorize } from '../../platform/authz/authorize.js';
import { isUniqueViolation } from '../../platform/db/unique-violation.js';
import { Errors } from '../../platform/errors.js';
import type { Platform } from '../../platform/platform.js';
import * as repo from './glossary.repository.js';
import { isTable } from './observatory.policy.js';
import { currentMonth, monthOf, monthStart } from './observatory.rules.js';

/**
 * A term as the actor may see it: how often it was sighted and when it last changed move when an
 * observation is recorded, so only the table's coordination sees them (with whether it may be deleted).
 */
function present(row: repo.GlossaryRow, table: boolean): GlossaryTerm {
  return {
    id: row.id,
    term: row.term,
    language: row.language,
    meaningFr: row.meaning_fr,
    meaningEn: row.meaning_en,
    placeTypes: row.place_types as GlossaryTerm['placeTypes'],
    firstSeen: row.first_seen ? monthOf(row.first_seen) : null,
    lastSeen: row.last_seen ? monthOf(row.last_seen) : null,
    status: row.status,
    ...(table
      ? {
          sightings: row.sightings,
          updatedAt: row.updated_at.toISOString(),
          canDelete: row.first_published_at === null,
        }
      : {}),
    version: row.version,
  };
}

/** Published terms for every member; the table searches every status (or the one it asks for). */
export async function searchGlossary(
  platform: Platform,
  actor: Actor,
  query: GlossaryQuery,
): Promise<GlossaryList> {
  const statuses: GlossaryStatus[] = isTable(actor)
    ? query.status
      ? [query.status]
      : ['proposed', 'published', 'retired']
    : ['published'];
  const { rows, total } = await repo.searchTerms(platform.db, {
    q: query.q,
    statuses,
    placeType: query.placeType,
    limit: query.limit ?? 100,
    offset: query.offset ?? 0,
  });
  return { total, items: rows.map((row) => present(row, isTable(actor))) };
}

/** One term: published for every member, any status for the table (otherwise 404). */
export async function readTerm(platform: Platform, actor: Actor, id: string): Promise<GlossaryTerm> {
  const row = await repo.findTerm(platform.db, id);
  authorize(row !== undefined && (row.status === 'published' || isTable(actor)));
  return present(row, isTable(actor));
}

function checkSeen(platform: Platform, firstSeen: string | null, lastSeen: string | null): void {
  const now = currentMonth(platform.now(), platform.config.timeZone);
  if (firstSeen && firstSeen > now) throw Errors.field('firstSeen', 'observatory_month_future');
  if (lastSeen && lastSeen > now) throw Errors.field('lastSeen', 'observatory_month_future');
  if (firstSeen && lastSeen && firstSeen > lastSeen) throw Errors.field('firstSeen', 'observatory_span');
}

const taken = () => Errors.field('term', 'observatory_term_taken');

/** The table adds a term (proposed); a term already in the glossary (ignoring case and accents) is a 400. */
export async function createTerm(
  platform: Platform,
  actor: Actor,
  input: GlossaryInput,
): Promise<GlossaryTerm> {
  authorize(isTable(actor), { hide: false });
  const term = input.term.trim().replace(/\s+/g, ' ');
  const firstSeen = input.firstSeen ?? null;
  const lastSeen = input.lastSeen ?? null;
  checkSeen(platform, firstSeen, lastSeen);
  const id = randomUUID();
  await platform.db
    .transaction()
    .execute(async (trx) => {
      if (await repo.termTaken(trx, term)) throw taken();
      await repo.insertTerm(trx, {
        id,
        term,
        language: input.language,
        meaning_fr: input.meaningFr?.trim() ?? '',
        meaning_en: input.meaningEn?.trim() ?? '',
        place_types: [...new Set(input.placeTypes ?? [])],
        first_seen: firstSeen ? monthStart(firstSeen) : null,
        last_seen: lastSeen ? monthStart(lastSeen) : null,
        created_by: actor.personId,
        created_at: platform.now(),
        updated_at: platform.now(),
      });
      await platform.audit.append(trx, {
        actor: actor.personId,
        action: 'observatory.glossary_term.create',
        targetType: 'glossary_term',
        targetId: id,
      });
    })
    .catch((error: unknown) => {
      throw isUniqueViolation(error) ? taken() : error;
    });
  return readTerm(platform, actor, id);
}

/**
 * The table curates a term: its wording, meanings, places and months, and its status (publishing
 * needs both meanings). Conditional on the term's version (409 otherwise).
 */
export async function updateTerm(
  platform: Platform,
  actor: Actor,
  id: string,
  input: GlossaryUpdate,
): Promise<GlossaryTerm> {
  authorize(isTable(actor), { hide: false });
  await platform.db
    .transaction()
    .execute(async (trx) => {
      const row = await repo.findTerm(trx, id);
      if (!row) throw Errors.notFound();
      const term = input.term !== undefined ? input.term.trim().replace(/\s+/g, ' ') : undefined;
      if (term !== undefined && (await repo.termTaken(trx, term, id))) throw taken();
      const firstSeen =
        input.firstSeen !== undefined ? input.firstSeen : row.first_seen ? monthOf(row.first_seen) : null;
      const lastSeen =
        input.lastSeen !== undefined ? input.lastSeen : row.last_seen ? monthOf(row.last_seen) : null;
      checkSeen(platform, firstSeen, lastSeen);
      const meaningFr = input.meaningFr !== undefined ? input.meaningFr.trim() : row.meaning_fr;
      const meaningEn = input.meaningEn !== undefined ? input.meaningEn.trim() : row.meaning_en;
      const status = input.status ?? row.status;
      if (status === 'published') {
        if (!meaningFr) throw Errors.field('meaningFr', 'observatory_meaning_required');
        if (!meaningEn) throw Errors.field('meaningEn', 'observatory_meaning_required');
      }
      const changed = await repo.updateTerm(trx, id, input.version, {
        ...(term !== undefined ? { term } : {}),
        ...(input.language !== undefined ? { language: input.language } : {}),
        meaning_fr: meaningFr,
        meaning_en: meaningEn,
        ...(input.placeTypes !== undefined ? { place_types: [...new Set(input.placeTypes)] } : {}),
        first_seen: firstSeen ? monthStart(firstSeen) : null,
        last_seen: lastSeen ? monthStart(lastSeen) : null,
        status,
        ...(status === 'published' && row.first_published_at === null
          ? { first_published_at: platform.now() }
          : {}),
        updated_at: platform.now(),
      });
      if (!changed) throw Errors.conflict();
      await platform.audit.append(trx, {
        actor: actor.personId,
        action: 'observatory.glossary_term.update',
        targetType: 'glossary_term',
        targetId: id,
        meta: { fields: Object.keys(input).filter((key) => key !== 'version'), status },
      });
    })
    .catch((error: unknown) => {
      throw isUniqueViolation(error) ? taken() : error;
    });
  return readTerm(platform, actor, id);
}

/**
 * The table deletes a term that was never published (a code word naming a place or a person must not
 * stay), conditional on its version; audited without the term. A term once published is a translated
 * 400 (retire it instead); a stale version or a publication meanwhile, 409.
 */
export async function deleteTerm(
  platform: Platform,
  actor: Actor,
  id: string,
  version: number,
): Promise<void> {
  authorize(isTable(actor), { hide: false });
  await platform.db.transaction().execute(async (trx) => {
    const row = await repo.findTerm(trx, id);
    if (!row) throw Errors.notFound();
    if (row.first_published_at !== null) throw Errors.field('term', 'observatory_term_was_published');
    if (!(await repo.deleteUnpublishedTerm(trx, id, version))) throw Errors.conflict();
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'observatory.glossary_term.delete',
      targetType: 'glossary_term',
      targetId: id,
      meta: { status: row.status },
    });
  });
}

/** Every published term matching the search, for the printable glossary (at most 2,000). */
export async function publishedTerms(platform: Platform, q: string | undefined): Promise<GlossaryTerm[]> {
  const { rows } = await repo.searchTerms(platform.db, {
    q,
    statuses: ['published'],
    limit: 2000,
    offset: 0,
  });
  // Printed for every member: what only the table sees is left out.
  return rows.map((row) => present(row, false));
}

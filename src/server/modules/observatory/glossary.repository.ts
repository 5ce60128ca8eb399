// SQL of the glossary: terms proposed by observations' code words (or extended when already known,
// matched through `filet_fold`), curated by the table, searched accent-insensitively.

import { type Insertable, sql, type Updateable } from 'kysely';
import type { Executor } from '../../platform/db/database.js';
import { containsPattern } from '../../platform/db/search.js';
import type { GlossaryTermsTable } from './observatory.table.js';

/**
 * Proposes each code word as a term, or extends an existing one (first and last seen, where heard,
 * one more sighting). The curation's version is left alone, so the table's edits never lose to a sighting.
 */
export async function recordSightings(
  db: Executor,
  words: readonly string[],
  sighting: { month: string; placeType: string; language: string; by: string; at: Date },
): Promise<void> {
  if (words.length === 0) return;
  // Each word once as the database folds it (œ and oe alike, which the cleaning in memory cannot
  // know), the first one written kept; one statement per word.
  const { rows } = await sql<{ term: string }>`
    select distinct on (filet_fold(w)) w as term
    from unnest(${[...words]}::text[]) with ordinality as u(w, i)
    order by filet_fold(w), i
  `.execute(db);
  for (const { term } of rows) {
    await db
      .insertInto('glossary_terms')
      .values({
        term,
        language: sighting.language,
        place_types: [sighting.placeType],
        first_seen: sighting.month,
        last_seen: sighting.month,
        sightings: 1,
        created_by: sighting.by,
        created_at: sighting.at,
        updated_at: sighting.at,
      })
      .onConflict((oc) =>
        oc.column('term_key').doUpdateSet({
          first_seen: sql`least(glossary_terms.first_seen, excluded.first_seen)`,
          last_seen: sql`greatest(glossary_terms.last_seen, excluded.last_seen)`,
          sightings: sql`glossary_terms.sightings + 1`,
          place_types: sql`(select coalesce(array_agg(distinct p order by p), '{}') from unnest(glossary_terms.place_types || excluded.place_types) p)`,
          updated_at: sql`excluded.updated_at`,
        }),
      )
      .execute();
  }
}

export interface GlossaryFilter {
  q?: string | undefined;
  statuses: readonly string[];
  placeType?: string | undefined;
  limit: number;
  offset: number;
}

/** Terms matching the filter, alphabetically (folded), and how many match. */
export async function searchTerms(db: Executor, filter: GlossaryFilter) {
  let query = db.selectFrom('glossary_terms as g').where('g.status', 'in', filter.statuses as never[]);
  const q = filter.q?.trim();
  if (q) query = query.where(sql<boolean>`g.search_key like filet_fold(${containsPattern(q)})`);
  if (filter.placeType) query = query.where(sql<boolean>`${filter.placeType} = any(g.place_types)`);
  const [rows, count] = await Promise.all([
    query
      .selectAll('g')
      .orderBy('g.term_key')
      .orderBy('g.id')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    query.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: count.n };
}

export function findTerm(db: Executor, id: string) {
  return db.selectFrom('glossary_terms').selectAll().where('id', '=', id).executeTakeFirst();
}
export type GlossaryRow = NonNullable<Awaited<ReturnType<typeof findTerm>>>;

/** Whether another term has this folded form. */
export async function termTaken(db: Executor, term: string, exceptId?: string): Promise<boolean> {
  let query = db
    .selectFrom('glossary_terms')
    .select('id')
    .where('term_key', '=', sql<string>`filet_fold(${term})`);
  if (exceptId) query = query.where('id', '<>', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

export function insertTerm(db: Executor, row: Insertable<GlossaryTermsTable>) {
  return db.insertInto('glossary_terms').values(row).execute();
}

export async function updateTerm(
  db: Executor,
  id: string,
  version: number,
  changes: Updateable<GlossaryTermsTable>,
): Promise<boolean> {
  const result = await db
    .updateTable('glossary_terms')
    .set({ ...changes, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/**
 * Deletes a term never published, conditional on its version; false when it changed, was published
 * meanwhile or is gone.
 */
export async function deleteUnpublishedTerm(db: Executor, id: string, version: number): Promise<boolean> {
  const result = await db
    .deleteFrom('glossary_terms')
    .where('id', '=', id)
    .where('version', '=', version)
    .where('first_published_at', 'is', null)
    .executeTakeFirst();
  return result.numDeletedRows === 1n;
}

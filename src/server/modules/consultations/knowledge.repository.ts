// SQL of the know-how: entries drawn from closed consultations, their French full-text search.

import { type Insertable, type SqlBool, sql, type Updateable } from 'kysely';
import type { Executor } from '../../platform/db/database.js';
import type { DB } from '../../platform/db/schema.js';
import { organisationName, personName } from '../accounts/index.js';

export function insertEntry(db: Executor, row: Insertable<DB['consultation_knowledge']>) {
  return db.insertInto('consultation_knowledge').values(row).execute();
}

export function findEntry(db: Executor, id: string) {
  return db
    .selectFrom('consultation_knowledge as k')
    .select([
      'k.id',
      'k.question',
      'k.answer',
      'k.tags',
      'k.language',
      'k.author_person_id',
      'k.created_at',
      'k.updated_at',
      'k.version',
      personName('k.author_person_id').as('author_name'),
      organisationName('k.author_organisation_id').as('author_organisation_name'),
    ])
    .where('k.id', '=', id)
    .executeTakeFirst();
}

export async function updateEntry(
  db: Executor,
  id: string,
  version: number,
  values: Updateable<DB['consultation_knowledge']>,
): Promise<boolean> {
  const row = await db
    .updateTable('consultation_knowledge')
    .set({ ...values, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Links a closed consultation to the entry drawn from it, once (false when one already exists). */
export async function linkEntry(
  db: Executor,
  consultationId: string,
  entryId: string,
  at: Date,
): Promise<boolean> {
  const row = await db
    .updateTable('consultations')
    .set({ knowledge_id: entryId, updated_at: at })
    .where('id', '=', consultationId)
    .where('status', '=', 'closed')
    .where('knowledge_id', 'is', null)
    .where('destroyed_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Entries matching a French full-text query (stemmed, accents ignored) on the question and the answer,
 * best first; without a query, newest first.
 */
export async function searchEntries(
  db: Executor,
  options: {
    q?: string | undefined;
    tag?: string | undefined;
    language?: string | undefined;
    limit: number;
    offset: number;
  },
) {
  const q = options.q?.trim();
  const query = sql`plainto_tsquery('filet_french'::regconfig, ${q ?? ''})`;
  let base = db.selectFrom('consultation_knowledge as k');
  if (q) base = base.where(sql<SqlBool>`k.search_document @@ ${query}`);
  if (options.tag) base = base.where(sql<SqlBool>`${options.tag} = any(k.tags)`);
  if (options.language) base = base.where('k.language', '=', options.language as 'fr' | 'en');
  const total = await base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  const rows = await base
    .select(['k.id', 'k.question', 'k.answer', 'k.tags', 'k.language', 'k.created_at', 'k.updated_at'])
    .orderBy(q ? sql`ts_rank(k.search_document, ${query})` : sql`k.created_at`, 'desc')
    .orderBy('k.id')
    .limit(options.limit)
    .offset(options.offset)
    .execute();
  return { rows, total: total.n };
}

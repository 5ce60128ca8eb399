// SQL of the platforms list the table keeps.

import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.js';

export function listPlatforms(db: Executor, includeRetired: boolean) {
  let query = db
    .selectFrom('observatory_platforms as pl')
    .select([
      'pl.id',
      'pl.name',
      'pl.status',
      'pl.version',
      sql<number>`(select count(*)::int from observations ob where ob.platform_id = pl.id)`.as(
        'observations',
      ),
    ]);
  if (!includeRetired) query = query.where('pl.status', '=', 'active');
  return query.orderBy('pl.name_key').execute();
}

export function findPlatform(db: Executor, id: string) {
  return db.selectFrom('observatory_platforms').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Whether another platform already has this name (case- and accent-insensitively). */
export async function nameTaken(db: Executor, name: string, exceptId?: string): Promise<boolean> {
  let query = db
    .selectFrom('observatory_platforms')
    .select('id')
    .where('name_key', '=', sql<string>`filet_fold(${name})`);
  if (exceptId) query = query.where('id', '<>', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

export function insertPlatform(
  db: Executor,
  row: { id: string; name: string; created_by: string; created_at: Date; updated_at: Date },
) {
  return db.insertInto('observatory_platforms').values(row).execute();
}

export async function updatePlatform(
  db: Executor,
  id: string,
  version: number,
  changes: { name?: string; status?: 'active' | 'retired'; updated_at: Date },
): Promise<boolean> {
  const result = await db
    .updateTable('observatory_platforms')
    .set({ ...changes, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** Deletes a platform no observation names; false when one does (or it is gone). */
export async function deleteUnusedPlatform(db: Executor, id: string): Promise<boolean> {
  const result = await db
    .deleteFrom('observatory_platforms')
    .where('id', '=', id)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('observations').select('id').where('platform_id', '=', id))),
    )
    .executeTakeFirst();
  return result.numDeletedRows === 1n;
}

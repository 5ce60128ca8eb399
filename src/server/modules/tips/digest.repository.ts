import type { Executor } from '../../platform/db/database.js';

/** SQL of the "new items" digest: which services received tips not announced yet, and taking them. */

/** The police services that received tips not announced yet. */
export async function servicesWithUnannounced(db: Executor): Promise<string[]> {
  const rows = await db
    .selectFrom('tips')
    .select('service_id')
    .distinct()
    .where('announced', '=', false)
    .execute();
  return rows.map((r) => r.service_id);
}

/**
 * Marks a service's tips not yet announced as announced and returns how many there were.
 * Rows are locked so two processes running the digest never announce the same tips twice.
 */
export async function takeUnannounced(db: Executor, serviceId: string): Promise<number> {
  const rows = await db
    .selectFrom('tips')
    .select(['id', 'service_id'])
    .where('announced', '=', false)
    .where('service_id', '=', serviceId)
    .forUpdate()
    .skipLocked()
    .execute();
  if (rows.length === 0) return 0;
  await db
    .updateTable('tips')
    .set({ announced: true })
    .where(
      'id',
      'in',
      rows.map((r) => r.id),
    )
    .execute();
  return rows.length;
}

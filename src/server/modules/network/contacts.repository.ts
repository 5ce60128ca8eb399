// The SQL of partners' contact entries.
import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.js';

export function listContacts(db: Executor, organisationId: string) {
  return db
    .selectFrom('network_contacts')
    .select(['id', 'organisation_id', 'name', 'role', 'email', 'phone'])
    .where('organisation_id', '=', organisationId)
    .orderBy(sql`filet_fold(name)`)
    .orderBy('id')
    .execute();
}

export function listContactsOf(db: Executor, organisationIds: string[]) {
  if (organisationIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('network_contacts')
    .select(['id', 'organisation_id', 'name', 'role', 'email', 'phone'])
    .where('organisation_id', 'in', organisationIds)
    .orderBy(sql`filet_fold(name)`)
    .execute();
}

export function findContact(db: Executor, id: string) {
  return db
    .selectFrom('network_contacts')
    .select(['id', 'organisation_id', 'name', 'role', 'email', 'phone'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function insertContact(
  db: Executor,
  row: { organisation_id: string; name: string; role: string; email: string | null; phone: string | null },
): Promise<string> {
  const inserted = await db
    .insertInto('network_contacts')
    .values(row)
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

export async function updateContact(
  db: Executor,
  id: string,
  values: Partial<{ name: string; role: string; email: string | null; phone: string | null }>,
  at: Date,
): Promise<void> {
  await db
    .updateTable('network_contacts')
    .set({ ...values, updated_at: at })
    .where('id', '=', id)
    .execute();
}

/** Deletes a contact; false when it was gone already. */
export async function deleteContact(db: Executor, id: string): Promise<boolean> {
  const result = await db.deleteFrom('network_contacts').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.js';

/** SQL of a police service's units and their members. */

/** The units a person belongs to. */
export async function unitsOf(db: Executor, personId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('tip_unit_members')
    .select('unit_id')
    .where('person_id', '=', personId)
    .execute();
  return rows.map((r) => r.unit_id);
}

export interface UnitRow {
  id: string;
  service_id: string;
  name: string;
  member_ids: string[];
}

export async function listUnits(db: Executor, serviceId: string): Promise<UnitRow[]> {
  return db
    .selectFrom('tip_units as u')
    .select([
      'u.id',
      'u.service_id',
      'u.name',
      sql<
        string[]
      >`coalesce((select array_agg(m.person_id::text) from tip_unit_members m where m.unit_id = u.id), '{}')`.as(
        'member_ids',
      ),
    ])
    .where('u.service_id', '=', serviceId)
    .orderBy('u.name')
    .execute();
}

export async function unitsByIds(
  db: Executor,
  ids: string[],
): Promise<Array<{ id: string; service_id: string }>> {
  if (ids.length === 0) return [];
  return db.selectFrom('tip_units').select(['id', 'service_id']).where('id', 'in', ids).execute();
}

export async function unitNameTaken(db: Executor, serviceId: string, name: string): Promise<boolean> {
  const row = await db
    .selectFrom('tip_units')
    .select('id')
    .where('service_id', '=', serviceId)
    .where('name', '=', name)
    .executeTakeFirst();
  return Boolean(row);
}

export async function insertUnit(
  db: Executor,
  values: { service_id: string; name: string; memberIds: string[] },
): Promise<string> {
  const row = await db
    .insertInto('tip_units')
    .values({ service_id: values.service_id, name: values.name })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (values.memberIds.length > 0) {
    await db
      .insertInto('tip_unit_members')
      .values(values.memberIds.map((person_id) => ({ unit_id: row.id, person_id })))
      .execute();
  }
  return row.id;
}

/** A unit; `forUpdate` holds its row until the transaction ends (changes to it queue behind). */
export async function findUnit(db: Executor, id: string, options: { forUpdate?: boolean } = {}) {
  const query = db.selectFrom('tip_units').select(['id', 'service_id', 'name']).where('id', '=', id);
  return (options.forUpdate ? query.forUpdate() : query).executeTakeFirst();
}

export async function renameUnit(db: Executor, id: string, name: string): Promise<void> {
  await db.updateTable('tip_units').set({ name }).where('id', '=', id).execute();
}

export async function replaceMembers(db: Executor, unitId: string, personIds: string[]): Promise<void> {
  await db.deleteFrom('tip_unit_members').where('unit_id', '=', unitId).execute();
  if (personIds.length > 0) {
    await db
      .insertInto('tip_unit_members')
      .values(personIds.map((person_id) => ({ unit_id: unitId, person_id })))
      .execute();
  }
}

/** Whether another unit of the service already has this name. */
export async function unitNameTakenByOther(
  db: Executor,
  serviceId: string,
  name: string,
  unitId: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('tip_units')
    .select('id')
    .where('service_id', '=', serviceId)
    .where('name', '=', name)
    .where('id', '!=', unitId)
    .executeTakeFirst();
  return Boolean(row);
}

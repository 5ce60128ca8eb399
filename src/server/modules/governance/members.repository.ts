// What governance reads of the table's people and partner organisations (tables of the accounts
// module), to check references and to find the table's delegates.
import type { Role } from '../../../shared/roles.js';
import type { Executor } from '../../platform/db/database.js';

export async function rolesOf(db: Executor, personId: string): Promise<Role[]> {
  const rows = await db.selectFrom('person_roles').select('role').where('person_id', '=', personId).execute();
  return rows.map((r) => r.role);
}

export async function activePeopleExist(db: Executor, ids: readonly string[]): Promise<boolean> {
  if (ids.length === 0) return true;
  const row = await db
    .selectFrom('people')
    .select(({ fn }) => fn.countAll<string>().as('n'))
    .where('id', 'in', [...ids])
    .where('status', '<>', 'disabled')
    .executeTakeFirstOrThrow();
  return Number(row.n) === new Set(ids).size;
}

export async function organisationsExist(db: Executor, ids: readonly string[]): Promise<boolean> {
  if (ids.length === 0) return true;
  const row = await db
    .selectFrom('organisations')
    .select(({ fn }) => fn.countAll<string>().as('n'))
    .where('id', 'in', [...ids])
    .executeTakeFirstOrThrow();
  return Number(row.n) === new Set(ids).size;
}

/** The table's delegates, invited by default: active coordinators of active partner organisations. */
export async function delegates(db: Executor): Promise<string[]> {
  const rows = await db
    .selectFrom('people as p')
    .innerJoin('organisations as o', 'o.id', 'p.organisation_id')
    .select('p.id')
    .where('p.status', '=', 'active')
    .where('o.active', '=', true)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('person_roles as r')
          .select('r.person_id')
          .whereRef('r.person_id', '=', 'p.id')
          .where('r.role', 'in', ['org_coordinator', 'table_coordinator']),
      ),
    )
    .orderBy('p.family_name')
    .execute();
  return rows.map((r) => r.id);
}

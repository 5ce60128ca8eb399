// The SQL of the action plan: items and their tree, owners, history, milestones and the reminders of
// overdue items.
import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.js';
import { activePeopleOrCoordinators, organisationName, personColumn, personName } from '../accounts/index.js';
import type { PlanKind, PlanStatus } from './governance.table.js';

/** What the editors of the action plan set on an item. */
export interface PlanValues {
  parent_id: string | null;
  kind: PlanKind;
  title_fr: string;
  title_en: string;
  description: string | null;
  start_date: string | null;
  due_date: string | null;
  status: PlanStatus;
  progress: number;
  weight: number;
  position: number;
}

export interface PlanItemRow extends PlanValues {
  id: string;
  updated_at: Date;
}

const PLAN_COLUMNS = [
  'id',
  'parent_id',
  'kind',
  'title_fr',
  'title_en',
  'description',
  'start_date',
  'due_date',
  'status',
  'progress',
  'weight',
  'position',
  'updated_at',
] as const;

export async function listPlanItems(db: Executor): Promise<PlanItemRow[]> {
  return db
    .selectFrom('gov_plan_items')
    .select(PLAN_COLUMNS)
    .orderBy('position')
    .orderBy('created_at')
    .execute();
}

export async function findPlanItem(
  db: Executor,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<PlanItemRow | undefined> {
  let query = db.selectFrom('gov_plan_items').select(PLAN_COLUMNS).where('id', '=', id);
  if (options.forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}

export async function planParents(db: Executor): Promise<Map<string, string | null>> {
  const rows = await db.selectFrom('gov_plan_items').select(['id', 'parent_id']).execute();
  return new Map(rows.map((r) => [r.id, r.parent_id]));
}

export async function nextPlanPosition(db: Executor, parentId: string | null): Promise<number> {
  let query = db
    .selectFrom('gov_plan_items')
    .select(sql<number>`coalesce(max(position), 0)::int + 1`.as('n'));
  query = parentId === null ? query.where('parent_id', 'is', null) : query.where('parent_id', '=', parentId);
  const row = await query.executeTakeFirstOrThrow();
  return row.n;
}

export async function insertPlanItem(db: Executor, values: PlanValues): Promise<string> {
  const row = await db.insertInto('gov_plan_items').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updatePlanItem(db: Executor, id: string, values: Partial<PlanValues>, now: Date) {
  await db
    .updateTable('gov_plan_items')
    .set({ ...values, updated_at: now })
    .where('id', '=', id)
    .execute();
}

export interface OwnerRow {
  item_id: string;
  id: string;
  name: string;
}

export async function planOwners(db: Executor, itemIds?: readonly string[]) {
  if (itemIds && itemIds.length === 0) return { organisations: [] as OwnerRow[], people: [] as OwnerRow[] };
  let orgs = db
    .selectFrom('gov_plan_item_organisations as x')
    .select([
      'x.item_id',
      'x.organisation_id as id',
      organisationName<string>('x.organisation_id').as('name'),
    ])
    .orderBy(organisationName('x.organisation_id'));
  let people = db
    .selectFrom('gov_plan_item_people as x')
    .select(['x.item_id', 'x.person_id as id', personName<string>('x.person_id').as('name')])
    .orderBy(personColumn('x.person_id', 'family_name'));
  if (itemIds) {
    orgs = orgs.where('x.item_id', 'in', [...itemIds]);
    people = people.where('x.item_id', 'in', [...itemIds]);
  }
  return { organisations: await orgs.execute(), people: await people.execute() };
}

export async function setPlanOwners(
  db: Executor,
  itemId: string,
  owners: { organisationIds?: readonly string[] | undefined; personIds?: readonly string[] | undefined },
) {
  if (owners.organisationIds) {
    await db.deleteFrom('gov_plan_item_organisations').where('item_id', '=', itemId).execute();
    const ids = [...new Set(owners.organisationIds)];
    if (ids.length > 0) {
      await db
        .insertInto('gov_plan_item_organisations')
        .values(ids.map((organisation_id) => ({ item_id: itemId, organisation_id })))
        .execute();
    }
  }
  if (owners.personIds) {
    await db.deleteFrom('gov_plan_item_people').where('item_id', '=', itemId).execute();
    const ids = [...new Set(owners.personIds)];
    if (ids.length > 0) {
      await db
        .insertInto('gov_plan_item_people')
        .values(ids.map((person_id) => ({ item_id: itemId, person_id })))
        .execute();
    }
  }
}

export async function insertHistory(
  db: Executor,
  rows: ReadonlyArray<{ item_id: string; field: string; old_value: string | null; new_value: string | null }>,
  actorId: string,
  now: Date,
) {
  if (rows.length === 0) return;
  await db
    .insertInto('gov_plan_history')
    .values(rows.map((r) => ({ ...r, changed_by: actorId, changed_at: now })))
    .execute();
}

export async function listHistory(db: Executor, itemId: string) {
  return db
    .selectFrom('gov_plan_history as h')
    .select([
      'h.id',
      'h.field',
      'h.old_value',
      'h.new_value',
      'h.changed_at',
      personName('h.changed_by').as('changed_by_name'),
    ])
    .where('h.item_id', '=', itemId)
    .orderBy('h.id', 'desc')
    .execute();
}

export interface MilestoneRow {
  id: string;
  item_id: string;
  title: string;
  due_date: string;
  done_date: string | null;
}

export async function listMilestones(db: Executor, itemId: string): Promise<MilestoneRow[]> {
  return db
    .selectFrom('gov_plan_milestones')
    .select(['id', 'item_id', 'title', 'due_date', 'done_date'])
    .where('item_id', '=', itemId)
    .orderBy('due_date')
    .orderBy('id')
    .execute();
}

export async function findMilestone(db: Executor, id: string): Promise<MilestoneRow | undefined> {
  return db
    .selectFrom('gov_plan_milestones')
    .select(['id', 'item_id', 'title', 'due_date', 'done_date'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function insertMilestone(
  db: Executor,
  values: { item_id: string; title: string; due_date: string; done_date: string | null },
): Promise<string> {
  const row = await db
    .insertInto('gov_plan_milestones')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateMilestone(
  db: Executor,
  id: string,
  values: { title?: string; due_date?: string; done_date?: string | null },
) {
  await db.updateTable('gov_plan_milestones').set(values).where('id', '=', id).execute();
}

/** Owners to remind of an overdue item: owner people, and coordinators of owner organisations. */
export async function overdueOwners(db: Executor, itemId: string) {
  // One query still: the accounts module reads the people, given the item's owners as sub-queries.
  return activePeopleOrCoordinators(
    db,
    sql`select x.person_id from gov_plan_item_people x where x.item_id = ${itemId}`,
    sql`select x.organisation_id from gov_plan_item_organisations x where x.item_id = ${itemId}`,
  );
}

export async function lastReminder(db: Executor, itemId: string, personId: string) {
  const row = await db
    .selectFrom('gov_plan_reminders')
    .select('sent_at')
    .where('item_id', '=', itemId)
    .where('person_id', '=', personId)
    .executeTakeFirst();
  return row?.sent_at ?? null;
}

export async function recordReminder(db: Executor, itemId: string, personId: string, at: Date) {
  await db
    .insertInto('gov_plan_reminders')
    .values({ item_id: itemId, person_id: personId, sent_at: at })
    .onConflict((oc) => oc.columns(['item_id', 'person_id']).doUpdateSet({ sent_at: at }))
    .execute();
}

// SQL of observations and their facets (the rows trends count), the review of free texts and the
// table's verification. Every state change is conditional on the row's version.

import { type Insertable, sql, type Updateable } from 'kysely';
import type { Executor } from '../../platform/db/database.js';
import { organisationName, personName } from '../accounts/index.js';
import type { FacetDimension } from './observatory.rules.js';
import type { ObservationsTable } from './observatory.table.js';

export function insertObservation(db: Executor, row: Insertable<ObservationsTable>) {
  return db.insertInto('observations').values(row).execute();
}

type FacetRow = { organisation_id: string; month: string; dimension: string; value: string };

/** The rows' order in `observation_counts`'s key, so concurrent writers lock them in the same order. */
const keyOrder = (a: FacetRow, b: FacetRow) =>
  a.dimension.localeCompare(b.dimension) ||
  a.month.localeCompare(b.month) ||
  a.value.localeCompare(b.value) ||
  a.organisation_id.localeCompare(b.organisation_id);

/** Adds `delta` to the counts of these facets, one row each, in key order. */
async function count(db: Executor, facets: FacetRow[], delta: 1 | -1): Promise<void> {
  if (facets.length === 0) return;
  await db
    .insertInto('observation_counts')
    .values(
      [...facets].sort(keyOrder).map((f) => ({
        dimension: f.dimension,
        month: f.month,
        value: f.value,
        organisation_id: f.organisation_id,
        n: delta === 1 ? 1 : 0,
      })),
    )
    .onConflict((oc) =>
      oc
        .columns(['dimension', 'month', 'value', 'organisation_id'])
        .doUpdateSet({ n: sql`observation_counts.n + ${delta}` }),
    )
    .execute();
}

/**
 * Replaces an observation's facets and keeps the counts trends read (same transaction as the
 * observation's write): the old facets are taken off, the new ones added.
 */
export async function replaceFacets(
  db: Executor,
  observation: { id: string; organisationId: string; month: string; createdAt: Date },
  facets: Array<{ dimension: FacetDimension; value: string }>,
): Promise<void> {
  // Every count this write touches is of the observation's organisation: one lock per organisation
  // keeps two writers from taking the same rows in crossed order (no deadlock); it is held to the end
  // of the transaction, taken before the audit log's lock as every write of the module does.
  await sql`select pg_advisory_xact_lock(hashtext(${`observation_counts:${observation.organisationId}`}))`.execute(
    db,
  );
  const gone = await db
    .deleteFrom('observation_facets')
    .where('observation_id', '=', observation.id)
    .returning(['organisation_id', 'month', 'dimension', 'value'])
    .execute();
  await count(db, gone, -1);
  const rows = facets.map((facet) => ({
    observation_id: observation.id,
    organisation_id: observation.organisationId,
    month: observation.month,
    created_at: observation.createdAt,
    dimension: facet.dimension,
    value: facet.value,
  }));
  await db.insertInto('observation_facets').values(rows).execute();
  await count(db, rows, 1);
}

const detailColumns = [
  'ob.id',
  'ob.organisation_id',
  'ob.author_id',
  'ob.month',
  'ob.place_type',
  'ob.platform_id',
  'ob.recruitment_methods',
  'ob.modus_operandi',
  'ob.code_words',
  'ob.age_ranges',
  'ob.genders',
  'ob.exploiter_profiles',
  'ob.girls_seen',
  'ob.boys_seen',
  'ob.sealed_text',
  'ob.text_status',
  'ob.text_submitted_at',
  'ob.text_reviewed_at',
  'ob.text_rejection_reason',
  'ob.verification',
  'ob.verified_at',
  'ob.created_at',
  'ob.updated_at',
  'ob.version',
] as const;

/** One observation with its organisation's, author's and platform's names. */
export function findObservation(db: Executor, id: string) {
  return db
    .selectFrom('observations as ob')
    .leftJoin('observatory_platforms as pl', 'pl.id', 'ob.platform_id')
    .select(detailColumns)
    .select([
      'pl.name as platform_name',
      organisationName<string>('ob.organisation_id').as('organisation_name'),
      personName('ob.author_id').as('author_name'),
    ])
    .where('ob.id', '=', id)
    .executeTakeFirst();
}
export type ObservationRow = NonNullable<Awaited<ReturnType<typeof findObservation>>>;

export interface ObservationFilter {
  organisationId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  placeType?: string | undefined;
  verification?: string | undefined;
  textStatus?: string | undefined;
  limit: number;
  offset: number;
}

/** A page of observations, newest month first, and how many match. */
export async function listObservations(db: Executor, filter: ObservationFilter) {
  let query = db.selectFrom('observations as ob');
  if (filter.organisationId) query = query.where('ob.organisation_id', '=', filter.organisationId);
  if (filter.from) query = query.where('ob.month', '>=', filter.from);
  if (filter.to) query = query.where('ob.month', '<=', filter.to);
  if (filter.placeType) query = query.where('ob.place_type', '=', filter.placeType as never);
  if (filter.verification) query = query.where('ob.verification', '=', filter.verification as never);
  if (filter.textStatus) query = query.where('ob.text_status', '=', filter.textStatus as never);
  const [rows, count] = await Promise.all([
    query
      .leftJoin('observatory_platforms as pl', 'pl.id', 'ob.platform_id')
      .select([
        'ob.id',
        'ob.organisation_id',
        'ob.month',
        'ob.place_type',
        'ob.recruitment_methods',
        'ob.age_ranges',
        'ob.genders',
        'ob.verification',
        'ob.text_status',
        'ob.created_at',
        'pl.name as platform_name',
        organisationName<string>('ob.organisation_id').as('organisation_name'),
      ])
      .orderBy('ob.month', 'desc')
      .orderBy('ob.created_at', 'desc')
      .orderBy('ob.id')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    query.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: count.n };
}

/** Changes an observation still at `version` and not verified; false when another change came first. */
export async function updateObservation(
  db: Executor,
  id: string,
  version: number,
  changes: Updateable<ObservationsTable>,
): Promise<boolean> {
  const result = await db
    .updateTable('observations')
    .set({ ...changes, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('verification', '<>', 'verified')
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** The table's verification, conditional on `version`. */
export async function setVerification(
  db: Executor,
  id: string,
  version: number,
  changes: Pick<Updateable<ObservationsTable>, 'verification' | 'verified_at' | 'verified_by' | 'updated_at'>,
): Promise<boolean> {
  const result = await db
    .updateTable('observations')
    .set({ ...changes, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** The review of a pending text, conditional on `version` and on the text still pending. */
export async function reviewText(
  db: Executor,
  id: string,
  version: number,
  changes: Pick<
    Updateable<ObservationsTable>,
    'text_status' | 'text_reviewed_at' | 'text_reviewed_by' | 'text_rejection_reason' | 'updated_at'
  >,
): Promise<boolean> {
  const result = await db
    .updateTable('observations')
    .set({ ...changes, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('text_status', '=', 'pending')
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** Free texts waiting for the table, oldest first. */
export async function pendingTexts(db: Executor, limit: number, offset: number) {
  const base = db.selectFrom('observations as ob').where('ob.text_status', '=', 'pending');
  const [rows, count] = await Promise.all([
    base
      .select([
        'ob.id',
        'ob.month',
        'ob.place_type',
        'ob.sealed_text',
        'ob.text_submitted_at',
        'ob.created_at',
        'ob.version',
        organisationName<string>('ob.organisation_id').as('organisation_name'),
      ])
      .orderBy('ob.text_submitted_at')
      .orderBy('ob.id')
      .limit(limit)
      .offset(offset)
      .execute(),
    base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: count.n };
}

/**
 * The observations of a span whose texts are approved now and that were created before `createdBefore`
 * (the year's close): the set a research export's texts are frozen to when the table allows them.
 */
export async function approvedTextIds(
  db: Executor,
  from: string,
  to: string,
  createdBefore: Date,
): Promise<string[]> {
  const rows = await db
    .selectFrom('observations')
    .select('id')
    .where('text_status', '=', 'approved')
    .where('month', '>=', from)
    .where('month', '<=', to)
    .where('created_at', '<', createdBefore)
    .orderBy('id')
    .limit(5000)
    .execute();
  return rows.map((row) => row.id);
}

/**
 * The texts of these observations still approved as they were at `approvedBy` (a text changed and
 * approved again since is another text: left out), sealed, in no useful order.
 */
export function approvedTexts(db: Executor, ids: readonly string[], approvedBy: Date) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('observations')
    .select(['id', 'sealed_text'])
    .where('id', 'in', ids)
    .where('text_status', '=', 'approved')
    .where('text_reviewed_at', '<=', approvedBy)
    .orderBy(sql`md5(id::text)`)
    .execute();
}

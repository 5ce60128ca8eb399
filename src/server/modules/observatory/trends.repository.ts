// The counts trends and research exports read: trends sum `observation_counts` (kept with the facets);
// exports cross two dimensions over `observation_facets`, served by its (dimension, month, value) index.

import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.js';
import type { FacetDimension } from './observatory.rules.js';

/**
 * Observations counted under each value of a dimension, by month (`YYYY-MM`), over a span of months,
 * from the counts kept with the facets (a few rows per organisation and month).
 */
export async function countsByMonth(
  db: Executor,
  options: { dimension: FacetDimension; from: string; to: string; organisationId: string | null },
): Promise<Array<{ month: string; value: string; n: number }>> {
  let query = db
    .selectFrom('observation_counts')
    .select([sql<string>`to_char(month, 'YYYY-MM')`.as('month'), 'value', sql<number>`sum(n)::int`.as('n')])
    .where('dimension', '=', options.dimension)
    .where('month', '>=', options.from)
    .where('month', '<=', options.to)
    .where('n', '>', 0);
  if (options.organisationId) query = query.where('organisation_id', '=', options.organisationId);
  return query.groupBy(['month', 'value']).execute();
}

/**
 * Observations counted under each pair of values of two dimensions over a span (an observation counts
 * once under each pair it names); one dimension when `second` is null. Only observations created
 * before `createdBefore` count (a closed year's figures never move).
 */
export async function crossCounts(
  db: Executor,
  options: {
    first: FacetDimension;
    second: FacetDimension | null;
    from: string;
    to: string;
    createdBefore: Date;
  },
): Promise<Array<{ a: string; b: string; n: number }>> {
  if (options.second === null) {
    return db
      .selectFrom('observation_facets')
      .select(['value as a', sql<string>`''`.as('b'), sql<number>`count(*)::int`.as('n')])
      .where('dimension', '=', options.first)
      .where('month', '>=', options.from)
      .where('month', '<=', options.to)
      .where('created_at', '<', options.createdBefore)
      .groupBy('value')
      .execute();
  }
  return db
    .selectFrom('observation_facets as f1')
    .innerJoin('observation_facets as f2', (join) =>
      join.onRef('f2.observation_id', '=', 'f1.observation_id').on('f2.dimension', '=', options.second!),
    )
    .select(['f1.value as a', 'f2.value as b', sql<number>`count(*)::int`.as('n')])
    .where('f1.dimension', '=', options.first)
    .where('f1.month', '>=', options.from)
    .where('f1.month', '<=', options.to)
    .where('f1.created_at', '<', options.createdBefore)
    .groupBy(['f1.value', 'f2.value'])
    .execute();
}

/**
 * Observations of a span created before `createdBefore` (a year's close), by month (`YYYY-MM`): the
 * annual report's totals, which must not move once the year is closed.
 */
export function totalsByMonthBefore(
  db: Executor,
  options: { from: string; to: string; createdBefore: Date },
): Promise<Array<{ month: string; n: number }>> {
  return db
    .selectFrom('observation_facets')
    .select([sql<string>`to_char(month, 'YYYY-MM')`.as('month'), sql<number>`count(*)::int`.as('n')])
    .where('dimension', '=', 'all')
    .where('month', '>=', options.from)
    .where('month', '<=', options.to)
    .where('created_at', '<', options.createdBefore)
    .groupBy('month')
    .execute();
}

/** Platform names by id (retired ones included: old observations name them). */
export async function platformNames(db: Executor): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('observatory_platforms')
    .select(['id', 'name'])
    .orderBy('name_key')
    .execute();
  return new Map(rows.map((row) => [row.id, row.name]));
}

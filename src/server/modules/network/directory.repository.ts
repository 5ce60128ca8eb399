// The SQL of the directory: partners and the pivots active on a day, searched and paged.
import { type SelectQueryBuilder, type SqlBool, sql } from 'kysely';
import type { OrganisationType } from '../../../shared/roles.js';
import type { Executor } from '../../platform/db/database.js';
import {
  activeOrganisationRegions,
  directoryOrganisations,
  directoryPeople,
  organisationsNamed,
  peopleNamed,
} from '../accounts/index.js';
import { MANDATE_COLUMNS } from './mandates.repository.js';

export interface DirectoryFilter {
  q?: string | undefined;
  type?: OrganisationType | undefined;
  region?: string | undefined;
  expertise?: string | undefined;
  limit: number;
  offset: number;
}

/**
 * How many rows a search matches: a first page shorter than the limit is the whole answer, so the
 * database counts only otherwise.
 */
async function matchCount<D, TB extends keyof D>(
  query: SelectQueryBuilder<D, TB, object>,
  pageLength: number,
  filter: DirectoryFilter,
): Promise<number> {
  if (pageLength < filter.limit && filter.offset === 0) return pageLength;
  const row = await query
    .select(({ fn }) => fn.countAll<number>().as('n'))
    // The compiler cannot follow a selection through a query of any table; the count is one number.
    .$castTo<{ n: number }>()
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Organisations matching the directory search (accent- and case-insensitive substring on name, short
 * name and region through trigram indexes, or French full-text on the name), one page and the total.
 */
export async function searchOrganisations(db: Executor, filter: DirectoryFilter, today: string) {
  // The organisations (alias `o`) and their name search are the accounts module's.
  let query = directoryOrganisations(db, filter);
  if (filter.expertise) {
    const expertise = filter.expertise;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('pivot_mandates as m')
          .select(sql`1`.as('one'))
          .whereRef('m.organisation_id', '=', 'o.id')
          .where('m.start_on', '<=', today)
          .where((e) => e.or([e('m.end_on', 'is', null), e('m.end_on', '>=', today)]))
          .where(sql<SqlBool>`m.expertise @> array[${expertise}]::text[]`),
      ),
    );
  }
  const page = await query
    .select(['o.id', 'o.name', 'o.short_name', 'o.type', 'o.region'])
    .orderBy(sql`filet_fold(o.name)`)
    .orderBy('o.id')
    .limit(filter.limit)
    .offset(filter.offset)
    .execute();
  const total = await matchCount(query, page.length, filter);
  const counts = new Map<string, number>();
  if (page.length > 0) {
    const rows = await db
      .selectFrom('pivot_mandates')
      .select(['organisation_id', ({ fn }) => fn.countAll<number>().as('n')])
      .where(
        'organisation_id',
        'in',
        page.map((o) => o.id),
      )
      .where('start_on', '<=', today)
      .where((e) => e.or([e('end_on', 'is', null), e('end_on', '>=', today)]))
      .groupBy('organisation_id')
      .execute();
    for (const row of rows) counts.set(row.organisation_id, Number(row.n));
  }
  return { rows: page.map((o) => ({ ...o, active_pivots: counts.get(o.id) ?? 0 })), total };
}

/**
 * Pivots with a mandate active today matching the search (their name, or their organisation's name),
 * one page and the total. Matching people and organisations are found through their trigram indexes
 * first, so the search stays fast over tens of thousands of people.
 */
export async function searchPivots(db: Executor, filter: DirectoryFilter, today: string) {
  // People (alias `p`, not disabled) and organisations (alias `o`, type and region) come from the
  // accounts module; each mandate joins its person and its organisation.
  let query = directoryPeople(db, filter)
    .innerJoin('pivot_mandates as m', 'm.organisation_id', 'o.id')
    .whereRef('m.person_id', '=', 'p.id')
    .where('m.start_on', '<=', today)
    .where((eb) => eb.or([eb('m.end_on', 'is', null), eb('m.end_on', '>=', today)]));
  const q = filter.q?.trim();
  if (q) {
    query = query.where(
      sql<SqlBool>`(m.person_id in (${peopleNamed(q)}) or m.organisation_id in (${organisationsNamed(q)}))`,
    );
  }
  if (filter.expertise) query = query.where(sql<SqlBool>`m.expertise @> array[${filter.expertise}]::text[]`);
  const page = await query
    .select([
      ...MANDATE_COLUMNS,
      'p.given_name',
      'p.family_name',
      'p.email',
      'p.phone',
      'o.name as organisation_name',
    ])
    .orderBy('p.family_name')
    .orderBy('p.given_name')
    .orderBy('m.id')
    .limit(filter.limit)
    .offset(filter.offset)
    .execute();
  const total = await matchCount(query, page.length, filter);
  const absentUntil = new Map<string, string>();
  if (page.length > 0) {
    const absences = await db
      .selectFrom('pivot_absences')
      .select(['mandate_id', 'to_on'])
      .where(
        'mandate_id',
        'in',
        page.map((m) => m.id),
      )
      .where('from_on', '<=', today)
      .where('to_on', '>=', today)
      .execute();
    for (const absence of absences) {
      const current = absentUntil.get(absence.mandate_id);
      if (!current || absence.to_on > current) absentUntil.set(absence.mandate_id, absence.to_on);
    }
  }
  return { rows: page.map((m) => ({ ...m, absent_until: absentUntil.get(m.id) ?? null })), total };
}

/** The distinct regions of active organisations (directory filter). */
export function regions(db: Executor): Promise<string[]> {
  return activeOrganisationRegions(db);
}

import { sql } from 'kysely';
import type { OrganisationType, Role } from '../../../shared/roles.js';
import type { Executor } from '../../platform/db/database.js';

// Counts of the table's organisations and members over time, for the annual report's overview (the
// reports module reads them through people.read.ts).

/** A half-open span of time [from, to). */
export interface Span {
  from: Date;
  to: Date;
}

export interface OrganisationTypeCount {
  type: OrganisationType;
  total: number;
  active: number;
  joined: number;
}

/**
 * Partner organisations registered before the end of the span, by type: how many, how many are
 * active (organisations keep no history of their active flag: this is today's), how many joined
 * during the span.
 */
export async function countOrganisationsByType(db: Executor, span: Span): Promise<OrganisationTypeCount[]> {
  const rows = await db
    .selectFrom('organisations')
    .select([
      'type',
      sql<number>`count(*)::int`.as('total'),
      sql<number>`(count(*) filter (where active))::int`.as('active'),
      sql<number>`(count(*) filter (where created_at >= ${span.from}))::int`.as('joined'),
    ])
    .where('created_at', '<', span.to)
    .groupBy('type')
    .execute();
  return rows.map((row) => ({
    ...row,
    total: Number(row.total),
    active: Number(row.active),
    joined: Number(row.joined),
  }));
}

/** People who were members at some time during the span: signed up before its end, not disabled before its start. */
function membersDuring(db: Executor, span: Span) {
  return db
    .selectFrom('people as p')
    .where('p.status', '<>', 'invited')
    .where('p.created_at', '<', span.to)
    .where((eb) => eb.or([eb('p.disabled_at', 'is', null), eb('p.disabled_at', '>=', span.from)]));
}

export async function countMembers(
  db: Executor,
  span: Span,
): Promise<{ members: number; joined: number; left: number }> {
  const row = await membersDuring(db, span)
    .select([
      sql<number>`count(*)::int`.as('members'),
      sql<number>`(count(*) filter (where p.created_at >= ${span.from}))::int`.as('joined'),
      sql<number>`(count(*) filter (where p.disabled_at is not null and p.disabled_at < ${span.to}))::int`.as(
        'left',
      ),
    ])
    .executeTakeFirstOrThrow();
  return { members: Number(row.members), joined: Number(row.joined), left: Number(row.left) };
}

/** Members during the span by role (roles granted before its end); a person holding two roles counts in each. */
export async function countMembersByRole(
  db: Executor,
  span: Span,
): Promise<Array<{ role: Role; members: number }>> {
  const rows = await membersDuring(db, span)
    .innerJoin('person_roles as r', 'r.person_id', 'p.id')
    .where('r.granted_at', '<', span.to)
    .select(['r.role', sql<number>`count(distinct p.id)::int`.as('members')])
    .groupBy('r.role')
    .execute();
  return rows.map((row) => ({ role: row.role, members: Number(row.members) }));
}

/** Members at each instant: signed up before it and not disabled at it. One query for all instants. */
export async function countMembersAt(db: Executor, instants: Date[]): Promise<number[]> {
  if (instants.length === 0) return [];
  const points = sql.join(
    instants.map((instant, index) => sql`(${index}::int, ${instant.toISOString()}::timestamptz)`),
  );
  const result = await sql<{ idx: number; members: number }>`
    select pts.idx, (
      select count(*)::int from people p
      where p.status <> 'invited' and p.created_at < pts.at
        and (p.disabled_at is null or p.disabled_at >= pts.at)
    ) as members
    from (values ${points}) as pts(idx, at)
    order by pts.idx`.execute(db);
  return result.rows.map((row) => Number(row.members));
}

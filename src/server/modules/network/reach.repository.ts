// Who a set of recipient rules reaches: the network's pivot mandates composed with the accounts
// module's pieces of SQL on people and their roles, in one query.
import { sql } from 'kysely';
import type { Role } from '../../../shared/roles.js';
import type { Executor } from '../../platform/db/database.js';
import {
  activePeopleWithRolesIn,
  activePersonOrganisation,
  holdsRole,
  organisationColumn,
  personName,
} from '../accounts/index.js';

/** Who a set of recipient rules reaches (see `peopleReached` in the service). */
export interface ReachRules {
  /** People of an organisation holding one of the roles. */
  byRole: ReadonlyArray<{ organisationId: string; roles: readonly Role[] }>;
  /** Pivots (role and a mandate active on `day` in their own organisation) of these organisations. */
  pivotsOf: readonly string[];
}

/**
 * Active people reached by the rules on `day`, each once, in ONE query whose answer is one text value:
 * thousands of ids cost one row to parse, not thousands.
 */
export async function idsReached(db: Executor, rules: ReachRules, day: string): Promise<string[]> {
  const parts = [];
  for (const rule of rules.byRole) {
    if (rule.roles.length === 0) continue;
    parts.push(activePeopleWithRolesIn(rule.organisationId, rule.roles));
  }
  if (rules.pivotsOf.length > 0) {
    // A pivot of an organisation: holds the pivot role and a mandate active that day in their own
    // organisation (the rule the alerts module applies when the person opens what they received).
    // Each mandate is checked against its person by primary key, in a scalar subquery the planner never
    // turns into a join: joined directly, a stale estimate (statistics lag behind a bulk load) once made
    // it scan an organisation's mandates for every person, 2 s for 19,000 pivots instead of 30 ms.
    parts.push(sql`
      select m.person_id as id from pivot_mandates m
      where m.organisation_id = any(${`{${rules.pivotsOf.join(',')}}`}::uuid[])
        and m.start_on <= ${day} and (m.end_on is null or m.end_on >= ${day})
        and ${activePersonOrganisation('m.person_id')} = m.organisation_id
        and ${holdsRole('m.person_id', 'pivot')}`);
  }
  if (parts.length === 0) return [];
  // `union all` then a Set: cheaper than letting the database hash 19,000 ids to drop the rare duplicate.
  const result = await sql<{ ids: string | null }>`
    select string_agg(id::text, ',') as ids from (${sql.join(parts, sql` union all `)}) reached
  `.execute(db);
  const ids = result.rows[0]?.ids;
  return ids ? [...new Set(ids.split(','))] : [];
}

/** A pivot on duty on a day: the pivot role, an active account, a mandate active in their own organisation. */
export interface PivotOnDuty {
  person_id: string;
  name: string;
  organisation_id: string;
  organisation_name: string;
  region: string;
  expertise: string[];
  languages: string[];
  /** An absence recorded on the mandate covers the day. */
  absent: boolean;
}

/**
 * The pivots on duty on `day` (each once: a person with two active mandates in their organisation keeps
 * the union of their expertise and languages), with whether an absence covers the day.
 */
export async function pivotsOnDuty(db: Executor, day: string): Promise<PivotOnDuty[]> {
  const result = await sql<PivotOnDuty>`
    select m.person_id, ${personName<string>('m.person_id')} as name, m.organisation_id,
      ${organisationColumn<string>('m.organisation_id', 'name')} as organisation_name,
      ${organisationColumn<string>('m.organisation_id', 'region')} as region,
      m.expertise, m.languages,
      exists (select 1 from pivot_absences a where a.mandate_id = m.id
        and a.from_on <= ${day} and a.to_on >= ${day}) as absent
    from pivot_mandates m
    where m.start_on <= ${day} and (m.end_on is null or m.end_on >= ${day})
      and ${activePersonOrganisation('m.person_id')} = m.organisation_id
      and ${holdsRole('m.person_id', 'pivot')}
    order by m.person_id, m.start_on`.execute(db);
  // A person with two overlapping mandates comes out twice: one pivot, both mandates' tags.
  const byPerson = new Map<string, PivotOnDuty>();
  for (const row of result.rows) {
    const seen = byPerson.get(row.person_id);
    if (!seen) byPerson.set(row.person_id, { ...row });
    else
      byPerson.set(row.person_id, {
        ...seen,
        expertise: [...new Set([...seen.expertise, ...row.expertise])],
        languages: [...new Set([...seen.languages, ...row.languages])],
        absent: seen.absent && row.absent,
      });
  }
  return [...byPerson.values()];
}

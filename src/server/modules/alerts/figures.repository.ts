import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.js';

/** SQL of the table's figures and the annual report's section: de-identified facts and monthly counts. */

export function allFacts(db: Executor) {
  return db
    .selectFrom('alert_facts')
    .select(['month', 'minutes_to_police_ack', 'minutes_missing', 'interview_status', 'interview_within_72h'])
    .execute();
}

/** Alerts raised per month, from the open alerts and the facts of closed ones (never double counted). */
export async function alertsPerMonth(db: Executor, timeZone: string) {
  const open = await db
    .selectFrom('alerts')
    .select(
      sql<string>`to_char(date_trunc('month', raised_at at time zone ${timeZone}), 'YYYY-MM')`.as('month'),
    )
    .where('status', '=', 'open')
    .execute();
  const closed = await db
    .selectFrom('alert_facts')
    .select(sql<string>`to_char(month, 'YYYY-MM')`.as('month'))
    .execute();
  const counts = new Map<string, number>();
  for (const row of [...open, ...closed]) counts.set(row.month, (counts.get(row.month) ?? 0) + 1);
  return [...counts.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([month, alerts]) => ({ month, alerts }));
}

/** De-identified facts of the alerts raised in one calendar year (by their month). */
export function factsOfYear(db: Executor, year: number) {
  return db
    .selectFrom('alert_facts')
    .select([
      sql<string>`to_char(month, 'YYYY-MM')`.as('month'),
      'minutes_to_police_ack',
      'minutes_missing',
      'interview_within_72h',
    ])
    .where('month', '>=', `${year}-01-01`)
    .where('month', '<', `${year + 1}-01-01`)
    .execute();
}

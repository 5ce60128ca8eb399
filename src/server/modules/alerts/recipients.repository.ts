import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.js';
import { organisationName } from '../accounts/index.js';
import type { AlertInsert } from './alerts.table.js';

/** SQL of an alert's recipients: organisations with their rule, people passed the alert one by one. */

export async function insertRecipients(db: Executor, rows: AlertInsert<'alert_recipients'>[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('alert_recipients').values(rows).execute();
}

/** Records the people an alert went to, in one statement whatever their number (arrays, not rows of parameters). */
export async function insertRecipientPeople(
  db: Executor,
  rows: AlertInsert<'alert_recipient_people'>[],
): Promise<void> {
  if (rows.length === 0) return;
  await sql`
    insert into alert_recipient_people (alert_id, person_id, organisation_id, reason)
    select * from unnest(
      ${rows.map((r) => r.alert_id)}::uuid[],
      ${rows.map((r) => r.person_id)}::uuid[],
      ${rows.map((r) => r.organisation_id)}::uuid[],
      ${rows.map((r) => r.reason)}::text[]
    )
    on conflict (alert_id, person_id) do nothing`.execute(db);
}

export function recipientsOf(db: Executor, alertIds: string[]) {
  if (alertIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('alert_recipients as r')
    .select([
      'r.alert_id',
      'r.organisation_id',
      'r.view',
      'r.roles',
      'r.acknowledged_at',
      'r.acknowledged_by',
      organisationName<string>('r.organisation_id').as('name'),
    ])
    .where('r.alert_id', 'in', alertIds)
    .orderBy(organisationName('r.organisation_id'))
    .execute();
}

export function recipientPerson(db: Executor, alertId: string, personId: string) {
  return db
    .selectFrom('alert_recipient_people')
    .select(['organisation_id', 'reason'])
    .where('alert_id', '=', alertId)
    .where('person_id', '=', personId)
    .executeTakeFirst();
}

export async function recipientPeopleIds(db: Executor, alertId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('alert_recipient_people')
    .select('person_id')
    .where('alert_id', '=', alertId)
    .execute();
  return rows.map((r) => r.person_id);
}

export async function acknowledge(
  db: Executor,
  alertId: string,
  organisationId: string,
  by: string,
  at: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('alert_recipients')
    .set({ acknowledged_at: at, acknowledged_by: by })
    .where('alert_id', '=', alertId)
    .where('organisation_id', '=', organisationId)
    .where('acknowledged_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Widens who receives an alert in a recipient organisation (escalation). */
export async function setRecipientRoles(
  db: Executor,
  alertId: string,
  organisationId: string,
  roles: string[],
): Promise<void> {
  await db
    .updateTable('alert_recipients')
    .set({ roles })
    .where('alert_id', '=', alertId)
    .where('organisation_id', '=', organisationId)
    .execute();
}

import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.js';
import { organisationName, personName } from '../accounts/index.js';
import type { AlertInsert } from './alerts.table.js';

/** SQL of the register of disclosures: who shared which fields with whom, on what legal basis. */

export async function insertDisclosures(
  db: Executor,
  rows: AlertInsert<'alert_disclosures'>[],
): Promise<void> {
  if (rows.length > 0) await db.insertInto('alert_disclosures').values(rows).execute();
}

/** The register, scoped to disclosures made by or to one organisation. */
export function listDisclosures(
  db: Executor,
  organisationId: string,
  filter: { flagged?: boolean | undefined },
) {
  let query = db
    .selectFrom('alert_disclosures as d')
    .select([
      'd.id',
      'd.alert_id',
      'd.disclosed_at',
      'd.view',
      'd.fields',
      'd.legal_basis',
      'd.without_consent',
      'd.justification',
      'd.flagged',
      'd.reviewed_at',
      organisationName<string>('d.from_organisation_id').as('from_name'),
      organisationName<string>('d.to_organisation_id').as('to_name'),
      sql<string>`coalesce(${personName('d.disclosed_by')}, '')`.as('by_name'),
    ]);
  query = query.where((eb) =>
    eb.or([
      eb('d.from_organisation_id', '=', organisationId),
      eb('d.to_organisation_id', '=', organisationId),
    ]),
  );
  if (filter.flagged !== undefined) query = query.where('d.flagged', '=', filter.flagged);
  return query.orderBy('d.disclosed_at', 'desc').orderBy('d.id').limit(5000).execute();
}

export async function markDisclosureReviewed(
  db: Executor,
  id: string,
  organisationId: string,
  by: string,
  at: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('alert_disclosures')
    .set({ reviewed_at: at, reviewed_by: by })
    .where('id', '=', id)
    .where('from_organisation_id', '=', organisationId)
    .where('flagged', '=', true)
    .where('reviewed_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Whether a flagged disclosure of the organisation was reviewed already (a review that came second). */
export async function disclosureReviewed(db: Executor, id: string, organisationId: string): Promise<boolean> {
  const row = await db
    .selectFrom('alert_disclosures')
    .select('id')
    .where('id', '=', id)
    .where('from_organisation_id', '=', organisationId)
    .where('flagged', '=', true)
    .where('reviewed_at', 'is not', null)
    .executeTakeFirst();
  return row !== undefined;
}

export async function wipeJustifications(db: Executor, alertId: string): Promise<void> {
  await db
    .updateTable('alert_disclosures')
    .set({ justification: null })
    .where('alert_id', '=', alertId)
    .execute();
}

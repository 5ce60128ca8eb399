// The SQL of the network's warnings (coverage under target, pivots leaving soon).
import type { Executor } from '../../platform/db/database.js';

export interface WarningRow {
  id: string;
  organisation_id: string;
  kind: 'coverage' | 'pivot_ending';
  mandate_id: string | null;
  subject_key: string;
  params: Record<string, string | number>;
  opened_at: Date;
}

export function openWarnings(db: Executor, organisationId?: string): Promise<WarningRow[]> {
  let query = db
    .selectFrom('network_warnings')
    .select(['id', 'organisation_id', 'kind', 'mandate_id', 'subject_key', 'params', 'opened_at'])
    .where('closed_at', 'is', null);
  if (organisationId) query = query.where('organisation_id', '=', organisationId);
  return query.orderBy('opened_at').orderBy('id').execute();
}

export async function insertWarning(
  db: Executor,
  row: {
    organisation_id: string;
    kind: 'coverage' | 'pivot_ending';
    mandate_id: string | null;
    subject_key: string;
    params: Record<string, string | number>;
  },
): Promise<void> {
  await db
    .insertInto('network_warnings')
    .values({ ...row, params: JSON.stringify(row.params) })
    .execute();
}

export async function updateWarningParams(db: Executor, id: string, params: Record<string, string | number>) {
  await db
    .updateTable('network_warnings')
    .set({ params: JSON.stringify(params) })
    .where('id', '=', id)
    .execute();
}

export async function closeWarnings(db: Executor, ids: string[], at: Date): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable('network_warnings').set({ closed_at: at }).where('id', 'in', ids).execute();
}

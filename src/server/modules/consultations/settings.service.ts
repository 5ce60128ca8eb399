// The table's settings of consultations: due times by urgency and the retention of closed threads.

import type {
  ConsultationSettings,
  ConsultationSettingsInput,
} from '../../../shared/contracts/consultations.js';
import type { Actor } from '../../platform/authz/actor.js';
import { authorize } from '../../platform/authz/authorize.js';
import { Errors } from '../../platform/errors.js';
import type { Platform } from '../../platform/platform.js';
import { keepsTable } from './consultations.policy.js';
import * as repo from './consultations.repository.js';

export async function readSettings(platform: Platform, actor: Actor): Promise<ConsultationSettings> {
  const row = await repo.getSettings(platform.db);
  return {
    urgentDueHours: row.urgent_due_hours,
    normalDueDays: row.normal_due_days,
    retentionMonths: row.retention_months,
    updatedAt: row.updated_at?.toISOString() ?? null,
    mayEdit: keepsTable(actor),
  };
}

/**
 * The table's coordination changes the settings (bounds checked by the schema and the database). New
 * due times apply to consultations asked from now on; a new retention applies at the next night's run.
 * A request naming no setting is a 400 ("nothing to change"); one whose values are those in force
 * changes nothing and audits nothing (a PUT repeated is harmless).
 */
export async function updateSettings(
  platform: Platform,
  actor: Actor,
  input: ConsultationSettingsInput,
): Promise<ConsultationSettings> {
  authorize(keepsTable(actor), { hide: false });
  const values = {
    ...(input.urgentDueHours !== undefined ? { urgent_due_hours: input.urgentDueHours } : {}),
    ...(input.normalDueDays !== undefined ? { normal_due_days: input.normalDueDays } : {}),
    ...(input.retentionMonths !== undefined ? { retention_months: input.retentionMonths } : {}),
  };
  if (Object.keys(values).length === 0) throw Errors.field('settings', 'consultations_nothing_to_change');
  const current = await repo.getSettings(platform.db);
  const changes = Object.entries(values).filter(
    ([key, value]) => current[key as keyof typeof values] !== value,
  );
  if (changes.length === 0) return readSettings(platform, actor);
  await platform.db.transaction().execute(async (trx) => {
    await repo.updateSettings(trx, values, actor.personId, platform.now());
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'consultations.settings.update',
      targetType: 'consultation_settings',
      meta: { ...input },
    });
  });
  return readSettings(platform, actor);
}

// The table's settings of consultations: due times by urgency and the retention of closed threads.

import type {
  ConsultationSettings,
  ConsultationSettingsInput,
} from '../../../shared/contracts/consultations.js';
import type { Actor } from '../../platform/authz/actor.js';
import { authorize } from '../../platform/authz/authorize.js';
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

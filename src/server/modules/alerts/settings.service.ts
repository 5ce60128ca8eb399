import type { Static } from '@sinclair/typebox';
import type { Actor } from '../../platform/authz/actor.js';
import { authorize } from '../../platform/authz/authorize.js';
import type { Platform } from '../../platform/platform.js';
import { canEditSettings } from './alerts.policy.js';
import type { SettingsBody } from './alerts.schemas.js';
import * as settingsRepo from './settings.repository.js';

/** The table-wide alert settings: escalation delay, purge period, retention of archived profiles. */

/** The settings as they are now, and whether the actor may change them. */
export async function getSettings(platform: Platform, actor: Actor) {
  const settings = await settingsRepo.getSettings(platform.db);
  return {
    ackDelayMinutes: settings.ack_delay_minutes,
    purgeAfterDays: settings.purge_after_days,
    profileRetentionDays: settings.profile_retention_days,
    canEdit: canEditSettings(actor),
  };
}

/**
 * Changes the escalation delay, the purge period or the retention period of archived profiles (table
 * coordination; the ranges are the schema's). A shorter retention applies to every archived profile at
 * the next run of the retention job.
 */
export async function updateSettings(
  platform: Platform,
  actor: Actor,
  input: Static<typeof SettingsBody>,
): Promise<void> {
  authorize(canEditSettings(actor), { hide: false });
  await platform.db.transaction().execute(async (trx) => {
    await settingsRepo.updateSettings(
      trx,
      {
        ...(input.ackDelayMinutes !== undefined ? { ack_delay_minutes: input.ackDelayMinutes } : {}),
        ...(input.purgeAfterDays !== undefined ? { purge_after_days: input.purgeAfterDays } : {}),
        ...(input.profileRetentionDays !== undefined
          ? { profile_retention_days: input.profileRetentionDays }
          : {}),
      },
      actor.personId,
      platform.now(),
    );
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'alerts.settings.update',
      targetType: 'alert_settings',
      targetId: null,
      meta: { ...input },
    });
  });
}

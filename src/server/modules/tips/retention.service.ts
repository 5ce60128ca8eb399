import type { Actor } from '../../platform/authz/actor.js';
import { authorize } from '../../platform/authz/authorize.js';
import type { Platform } from '../../platform/platform.js';
import * as retentionRepo from './retention.repository.js';
import { canManageRetention } from './tips.policy.js';
import { CHANNELS, type Channel } from './tips.table.js';

/**
 * How long tips are kept: each channel's period for a police service (its own or the default), and
 * the nightly destruction of tips past their date, which keeps only de-identified counts.
 */

/**
 * How long each channel's tips are kept, in days, from their receipt, until the police service sets
 * its own period (table tip_retention_periods).
 */
export const RETENTION_DAYS: Record<Channel, number> = {
  solicitation: 730,
  place: 730,
  online: 730,
  pimp_network: 1095,
  youth_at_risk: 730,
  other: 365,
};

/**
 * Destroys every tip past its retention date, with its dialogue, identity vault, links and copies
 * (cascades), keeping only de-identified counts (month, channel, outcome). Audited per batch.
 */
export async function destroyExpiredTips(platform: Platform): Promise<number> {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: platform.config.timeZone }).format(
    platform.now(),
  );
  let total = 0;
  for (;;) {
    const destroyed = await platform.db.transaction().execute(async (trx) => {
      const rows = await retentionRepo.expiredTips(trx, today, 200);
      if (rows.length === 0) return 0;
      const counts = new Map<string, { month: string; channel: string; outcome: string; count: number }>();
      for (const row of rows) {
        const month = `${new Intl.DateTimeFormat('en-CA', { timeZone: platform.config.timeZone, year: 'numeric', month: '2-digit' }).format(row.received_at).slice(0, 7)}-01`;
        const key = `${month}|${row.channel}|${row.status}`;
        const entry = counts.get(key) ?? { month, channel: row.channel, outcome: row.status, count: 0 };
        entry.count += 1;
        counts.set(key, entry);
      }
      await retentionRepo.addCounts(trx, [...counts.values()]);
      const ids = rows.map((r) => r.id);
      const files = await retentionRepo.attachmentFileIds(trx, ids);
      await retentionRepo.deleteTips(trx, ids);
      for (const fileId of files) await platform.files.remove(trx, fileId);
      await platform.audit.append(trx, {
        actor: null,
        action: 'tips.tip.destroy_expired',
        targetType: 'tip',
        targetId: null,
        meta: { count: rows.length, files: files.length, ids },
      });
      return rows.length;
    });
    total += destroyed;
    if (destroyed < 200) return total;
  }
}

export interface RetentionPeriod {
  channel: Channel;
  days: number;
  defaultDays: number;
  updatedAt: Date | null;
}

/** The retention period of each channel for the actor's police service (its own or the default). */
export async function listRetention(platform: Platform, actor: Actor): Promise<RetentionPeriod[]> {
  authorize(canManageRetention(actor, actor.organisationId), { hide: false });
  const set = await retentionRepo.retentionPeriods(platform.db, actor.organisationId);
  return CHANNELS.map((channel) => {
    const row = set.find((r) => r.channel === channel);
    return {
      channel,
      days: row?.days ?? RETENTION_DAYS[channel],
      defaultDays: RETENTION_DAYS[channel],
      updatedAt: row?.updated_at ?? null,
    };
  });
}

/**
 * Sets a channel's retention period for the actor's service. New tips take it at once; existing tips
 * take it only when `applyToExisting` is true (their expiry dates are recomputed from their receipt,
 * so a shortened period makes the next retention run destroy those already past it). Audited.
 */
export async function setRetention(
  platform: Platform,
  actor: Actor,
  channel: Channel,
  input: { days: number; applyToExisting: boolean },
): Promise<{ period: RetentionPeriod; updatedTips: number }> {
  authorize(canManageRetention(actor, actor.organisationId), { hide: false });
  const serviceId = actor.organisationId;
  const now = platform.now();
  const updatedTips = await platform.db.transaction().execute(async (trx) => {
    const previous =
      (await retentionRepo.retentionPeriod(trx, serviceId, channel)) ?? RETENTION_DAYS[channel];
    await retentionRepo.upsertRetentionPeriod(trx, {
      service_id: serviceId,
      channel,
      days: input.days,
      updated_at: now,
      updated_by: actor.personId,
    });
    const updated = input.applyToExisting
      ? await retentionRepo.reapplyRetention(trx, serviceId, channel, input.days)
      : 0;
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'tips.retention.set',
      targetType: 'organisation',
      targetId: serviceId,
      meta: {
        channel,
        days: input.days,
        previous,
        applyToExisting: input.applyToExisting,
        updatedTips: updated,
      },
    });
    return updated;
  });
  return {
    period: { channel, days: input.days, defaultDays: RETENTION_DAYS[channel], updatedAt: now },
    updatedTips,
  };
}

import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.js';
import type { Channel } from './tips.table.js';

/**
 * SQL of the tips' retention: the periods a service sets, the destruction of expired tips, and the
 * de-identified counts kept of them.
 */

/** Tips whose retention date has passed, with what the de-identified counts keep of them. */
export async function expiredTips(db: Executor, today: string, limit: number) {
  return db
    .selectFrom('tips')
    .select(['id', 'channel', 'status', 'received_at'])
    .where('expires_at', '<', today)
    .orderBy('expires_at')
    .limit(limit)
    .execute();
}

export async function addCounts(
  db: Executor,
  rows: Array<{ month: string; channel: string; outcome: string; count: number }>,
): Promise<void> {
  for (const row of rows) {
    await db
      .insertInto('tip_counts')
      .values(row)
      .onConflict((oc) =>
        oc
          .columns(['month', 'channel', 'outcome'])
          .doUpdateSet({ count: sql`tip_counts.count + ${row.count}` }),
      )
      .execute();
  }
}

/** The files of some tips (to destroy them with the tips). */
export async function attachmentFileIds(db: Executor, tipIds: string[]): Promise<string[]> {
  if (tipIds.length === 0) return [];
  const rows = await db
    .selectFrom('tip_attachments')
    .select('file_id')
    .where('tip_id', 'in', tipIds)
    .execute();
  return rows.map((r) => r.file_id);
}

export async function deleteTips(db: Executor, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.deleteFrom('tips').where('id', 'in', ids).execute();
}

/**
 * De-identified counts for a calendar year: live tips grouped by month (region's time), channel and
 * outcome, plus the counts kept from destroyed tips.
 */
export async function yearCounts(db: Executor, year: number, timeZone: string) {
  const live = await db
    .selectFrom('tips')
    .select([
      sql<string>`to_char(received_at at time zone ${timeZone}, 'YYYY-MM')`.as('month'),
      'channel',
      'status as outcome',
      sql<number>`count(*)::int`.as('count'),
    ])
    .where(sql`extract(year from received_at at time zone ${timeZone})`, '=', year)
    .groupBy(['month', 'channel', 'status'])
    .execute();
  const kept = await db
    .selectFrom('tip_counts')
    .select([sql<string>`to_char(month, 'YYYY-MM')`.as('month'), 'channel', 'outcome', 'count'])
    .where(sql`extract(year from month)`, '=', year)
    .execute();
  return [...live, ...kept];
}

/** The periods a service set (channels without a row keep the default). */
export async function retentionPeriods(
  db: Executor,
  serviceId: string,
): Promise<Array<{ channel: Channel; days: number; updated_at: Date }>> {
  return db
    .selectFrom('tip_retention_periods')
    .select(['channel', 'days', 'updated_at'])
    .where('service_id', '=', serviceId)
    .execute();
}

export async function retentionPeriod(
  db: Executor,
  serviceId: string,
  channel: Channel,
): Promise<number | null> {
  const row = await db
    .selectFrom('tip_retention_periods')
    .select('days')
    .where('service_id', '=', serviceId)
    .where('channel', '=', channel)
    .executeTakeFirst();
  return row?.days ?? null;
}

export async function upsertRetentionPeriod(
  db: Executor,
  values: { service_id: string; channel: Channel; days: number; updated_at: Date; updated_by: string },
): Promise<void> {
  await db
    .insertInto('tip_retention_periods')
    .values(values)
    .onConflict((oc) =>
      oc.columns(['service_id', 'channel']).doUpdateSet({
        days: values.days,
        updated_at: values.updated_at,
        updated_by: values.updated_by,
      }),
    )
    .execute();
}

/**
 * Gives every existing tip of a service and channel the expiry date of a new period, counted from its
 * (hour-rounded) receipt, in UTC days like the date set at intake. Returns how many tips changed.
 */
export async function reapplyRetention(
  db: Executor,
  serviceId: string,
  channel: Channel,
  days: number,
): Promise<number> {
  const result = await db
    .updateTable('tips')
    .set({
      expires_at: sql<string>`((received_at at time zone 'UTC')::date + ${days}::int)`,
    })
    .where('service_id', '=', serviceId)
    .where('channel', '=', channel)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

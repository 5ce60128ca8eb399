import { createHash } from 'node:crypto';
import { type Selectable, sql } from 'kysely';
import type { Executor } from '../db/database.js';
import type { PushSubscriptionsTable } from './push.table.js';

/** SQL of the web-push subscriptions (platform table `push_subscriptions`). */

export function endpointHash(endpoint: string): Buffer {
  return createHash('sha256').update(endpoint).digest();
}

/** A subscription as read back: every column but the failure count. */
export type PushSubscriptionRow = Omit<Selectable<PushSubscriptionsTable>, 'failures'>;

const COLUMNS = [
  'id',
  'person_id',
  'endpoint_hash',
  'endpoint',
  'keys',
  'label',
  'locale',
  'created_at',
  'last_success_at',
  'last_failure_at',
] as const;

/** Beside the audit (…611) and migration (…610) locks of the platform. */
const SUBSCRIPTIONS_LOCK = 7_461_202_620;

/**
 * Serialises the writers of subscriptions (subscribe, renew) until the transaction ends: two of them
 * replacing the same endpoint at once would otherwise both insert it (a unique violation) or wait on
 * each other's rows. Subscriptions change rarely, so one lock for all costs nothing.
 */
export async function lockSubscriptions(trx: Executor): Promise<void> {
  await sql`select pg_advisory_xact_lock(${SUBSCRIPTIONS_LOCK})`.execute(trx);
}

export function findSubscriptionByEndpoint(db: Executor, hash: Buffer) {
  return db
    .selectFrom('push_subscriptions')
    .select(COLUMNS)
    .where('endpoint_hash', '=', hash)
    .executeTakeFirst();
}

/** Whether the person's account is active (a disabled account's devices receive and renew nothing). */
export async function isActivePerson(db: Executor, personId: string): Promise<boolean> {
  const row = await db.selectFrom('people').select('status').where('id', '=', personId).executeTakeFirst();
  return row?.status === 'active';
}

export function listSubscriptionsOfPerson(db: Executor, personId: string): Promise<PushSubscriptionRow[]> {
  return db
    .selectFrom('push_subscriptions')
    .select(COLUMNS)
    .where('person_id', '=', personId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
}

/** Every device of these people whose account is active, with one query whatever their number. */
export async function listSubscriptionsOfPeople(
  db: Executor,
  personIds: readonly string[],
): Promise<PushSubscriptionRow[]> {
  if (personIds.length === 0) return [];
  const result = await sql<PushSubscriptionRow>`
    select s.id, s.person_id, s.endpoint_hash, s.endpoint, s.keys, s.label, s.locale, s.created_at,
           s.last_success_at, s.last_failure_at
    from push_subscriptions s
    join people p on p.id = s.person_id and p.status = 'active'
    where s.person_id = any(${`{${personIds.join(',')}}`}::uuid[])
  `.execute(db);
  return result.rows;
}

export async function insertSubscription(
  db: Executor,
  row: Omit<PushSubscriptionRow, 'last_success_at' | 'last_failure_at'>,
): Promise<void> {
  await db.insertInto('push_subscriptions').values(row).execute();
}

/** Deletes one subscription; false when it was already gone. */
export async function deleteSubscription(db: Executor, id: string): Promise<boolean> {
  const result = await db.deleteFrom('push_subscriptions').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function deleteSubscriptions(db: Executor, ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await db.deleteFrom('push_subscriptions').where('id', 'in', ids).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Records the outcome of a round of pushes; returns the failing devices that reached `maxFailures`. */
export async function recordDeliveries(
  db: Executor,
  outcome: { succeeded: readonly string[]; failed: readonly string[] },
  at: Date,
  maxFailures: number,
): Promise<string[]> {
  if (outcome.succeeded.length > 0) {
    await db
      .updateTable('push_subscriptions')
      .set({ last_success_at: at, failures: 0 })
      .where('id', 'in', outcome.succeeded)
      .execute();
  }
  if (outcome.failed.length === 0) return [];
  const rows = await db
    .updateTable('push_subscriptions')
    .set((eb) => ({ last_failure_at: at, failures: eb('failures', '+', 1) }))
    .where('id', 'in', outcome.failed)
    .returning(['id', 'failures'])
    .execute();
  return rows.filter((r) => r.failures >= maxFailures).map((r) => r.id);
}

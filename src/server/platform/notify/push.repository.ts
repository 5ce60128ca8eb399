import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Executor } from '../db/database.js';

/** SQL of the web-push subscriptions (platform table `push_subscriptions`). */

export function endpointHash(endpoint: string): Buffer {
  return createHash('sha256').update(endpoint).digest();
}

export interface PushSubscriptionRow {
  id: string;
  person_id: string;
  endpoint: string;
  keys: string;
  label: string;
  locale: string;
  created_at: Date;
  last_success_at: Date | null;
  last_failure_at: Date | null;
}

const COLUMNS = [
  'id',
  'person_id',
  'endpoint',
  'keys',
  'label',
  'locale',
  'created_at',
  'last_success_at',
  'last_failure_at',
] as const;

export function findSubscriptionByEndpoint(db: Executor, hash: Buffer) {
  return db
    .selectFrom('push_subscriptions')
    .select(COLUMNS)
    .where('endpoint_hash', '=', hash)
    .executeTakeFirst();
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

/** Every device of these people, with one query whatever their number. */
export async function listSubscriptionsOfPeople(
  db: Executor,
  personIds: readonly string[],
): Promise<PushSubscriptionRow[]> {
  if (personIds.length === 0) return [];
  const result = await sql<PushSubscriptionRow>`
    select id, person_id, endpoint, keys, label, locale, created_at, last_success_at, last_failure_at
    from push_subscriptions
    where person_id = any(${`{${personIds.join(',')}}`}::uuid[])
  `.execute(db);
  return result.rows;
}

export async function insertSubscription(
  db: Executor,
  row: {
    id: string;
    person_id: string;
    endpoint_hash: Buffer;
    endpoint: string;
    keys: string;
    label: string;
    locale: string;
    created_at: Date;
  },
): Promise<void> {
  await db.insertInto('push_subscriptions').values(row).execute();
}

export async function deleteSubscription(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('push_subscriptions').where('id', '=', id).execute();
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

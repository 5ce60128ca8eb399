import { randomUUID } from 'node:crypto';
import type { Actor } from '../authz/actor.js';
import { inTransaction } from '../db/database.js';
import { Errors } from '../errors.js';
import type { Platform } from '../platform.js';
import {
  deleteSubscription,
  endpointHash,
  findSubscriptionByEndpoint,
  insertSubscription,
  listSubscriptionsOfPerson,
  type PushSubscriptionRow,
} from './push.repository.js';

/** A person keeps at most this many devices subscribed; each costs one request per notification. */
export const MAX_PUSH_DEVICES = 10;

export interface PushDevice {
  id: string;
  label: string;
  createdAt: string;
  lastSuccessAt: string | null;
  lastFailureAt: string | null;
}

function present(row: PushSubscriptionRow): PushDevice {
  return {
    id: row.id,
    label: row.label,
    createdAt: row.created_at.toISOString(),
    lastSuccessAt: row.last_success_at?.toISOString() ?? null,
    lastFailureAt: row.last_failure_at?.toISOString() ?? null,
  };
}

/** Whether this server sends web push, and the key browsers must subscribe with. */
export function pushSettings(platform: Platform): { enabled: boolean; publicKey: string | null } {
  const vapid = platform.config.vapid;
  return { enabled: vapid !== null, publicKey: vapid?.publicKey ?? null };
}

/** The devices the actor opted in, newest first. Endpoints and keys never leave the server. */
export async function listMyDevices(platform: Platform, actor: Actor): Promise<PushDevice[]> {
  return (await listSubscriptionsOfPerson(platform.db, actor.personId)).map(present);
}

function isP256PublicKey(value: string): boolean {
  const bytes = Buffer.from(value, 'base64url');
  return bytes.length === 65 && bytes[0] === 4;
}

/**
 * Opts one device (a browser's push subscription) in for the actor. The endpoint and keys are sealed
 * with the keyring. A browser subscribes once per site: the same endpoint seen again replaces the
 * earlier row, whoever it belonged to (the device now answers to the person signed in on it).
 * Throws validation_failed when push is off, the endpoint is not https or the keys are not a browser's,
 * or the person already has MAX_PUSH_DEVICES other devices.
 */
export async function subscribeDevice(
  platform: Platform,
  actor: Actor,
  input: { endpoint: string; keys: { p256dh: string; auth: string }; deviceLabel: string },
): Promise<PushDevice> {
  if (!platform.config.vapid) throw Errors.field('endpoint', 'push_disabled');
  let endpoint: URL;
  try {
    endpoint = new URL(input.endpoint);
  } catch {
    throw Errors.field('endpoint', 'push_endpoint_https');
  }
  if (endpoint.protocol !== 'https:' || endpoint.username || endpoint.password) {
    throw Errors.field('endpoint', 'push_endpoint_https');
  }
  if (!isP256PublicKey(input.keys.p256dh)) throw Errors.field('keys.p256dh', 'push_key_invalid');
  if (Buffer.from(input.keys.auth, 'base64url').length !== 16) {
    throw Errors.field('keys.auth', 'push_key_invalid');
  }
  const hash = endpointHash(input.endpoint);
  const label = input.deviceLabel.trim().replace(/\s+/g, ' ');
  return inTransaction(platform.db, async (trx) => {
    const existing = await findSubscriptionByEndpoint(trx, hash);
    const mine = await listSubscriptionsOfPerson(trx, actor.personId);
    if (mine.filter((row) => row.id !== existing?.id).length >= MAX_PUSH_DEVICES) {
      throw Errors.field('deviceLabel', 'push_too_many_devices', { max: MAX_PUSH_DEVICES });
    }
    if (existing) await deleteSubscription(trx, existing.id);
    const id = randomUUID();
    const createdAt = platform.now();
    await insertSubscription(trx, {
      id,
      person_id: actor.personId,
      endpoint_hash: hash,
      endpoint: platform.keyring.encrypt(input.endpoint, `push_subscriptions.endpoint:${id}`),
      keys: platform.keyring.encrypt(
        JSON.stringify({ p256dh: input.keys.p256dh, auth: input.keys.auth }),
        `push_subscriptions.keys:${id}`,
      ),
      label,
      locale: actor.locale,
      created_at: createdAt,
    });
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'push.subscribe',
      targetType: 'push_subscription',
      targetId: id,
      meta: { replaced: existing ? existing.id : null },
    });
    return {
      id,
      label,
      createdAt: createdAt.toISOString(),
      lastSuccessAt: null,
      lastFailureAt: null,
    };
  });
}

/** Removes one of the actor's devices by id; someone else's device answers not_found. */
export async function unsubscribeDevice(platform: Platform, actor: Actor, id: string): Promise<void> {
  await inTransaction(platform.db, async (trx) => {
    const mine = await listSubscriptionsOfPerson(trx, actor.personId);
    if (!mine.some((row) => row.id === id)) throw Errors.notFound();
    await deleteSubscription(trx, id);
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'push.unsubscribe',
      targetType: 'push_subscription',
      targetId: id,
    });
  });
}

/**
 * Removes the actor's device with this endpoint (the browser turning push off knows only its
 * endpoint). Idempotent: an unknown endpoint, or another person's, changes nothing and says nothing.
 */
export async function unsubscribeEndpoint(platform: Platform, actor: Actor, endpoint: string): Promise<void> {
  await inTransaction(platform.db, async (trx) => {
    const row = await findSubscriptionByEndpoint(trx, endpointHash(endpoint));
    if (!row || row.person_id !== actor.personId) return;
    await deleteSubscription(trx, row.id);
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'push.unsubscribe',
      targetType: 'push_subscription',
      targetId: row.id,
    });
  });
}

import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import type {
  PushDevice,
  PushSubscription,
  RenewBody,
  SubscribeBody,
} from '../../../shared/contracts/notify.js';
import type { Actor } from '../authz/actor.js';
import { inTransaction } from '../db/database.js';
import { Errors } from '../errors.js';
import type { Platform } from '../platform.js';
import {
  deleteSubscription,
  endpointHash,
  findSubscriptionByEndpoint,
  insertSubscription,
  isActivePerson,
  listSubscriptionsOfPerson,
  lockSubscriptions,
  type PushSubscriptionRow,
} from './push.repository.js';

/** A person keeps at most this many devices subscribed; each costs one request per notification. */
export const MAX_PUSH_DEVICES = 10;

function present(row: PushSubscriptionRow): PushDevice {
  return {
    id: row.id,
    label: row.label,
    // PGlite returns bytea as a Uint8Array, PostgreSQL as a Buffer.
    fingerprint: Buffer.from(row.endpoint_hash).toString('base64url'),
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
 * The checks every subscription Filet stores must pass, new or renewed: push is on, the endpoint is
 * an https URL without credentials, the keys are a browser's (RFC 8291). Throws validation_failed.
 */
function checkSubscription(platform: Platform, input: PushSubscription): void {
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
}

/** The row of a subscription, its endpoint and keys sealed for that row. */
function sealedRow(
  platform: Platform,
  input: PushSubscription,
  row: { id: string; person_id: string; label: string; locale: string; created_at: Date },
) {
  return {
    ...row,
    endpoint_hash: endpointHash(input.endpoint),
    endpoint: platform.keyring.encrypt(input.endpoint, `push_subscriptions.endpoint:${row.id}`),
    keys: platform.keyring.encrypt(
      JSON.stringify({ p256dh: input.keys.p256dh, auth: input.keys.auth }),
      `push_subscriptions.keys:${row.id}`,
    ),
  };
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
  input: SubscribeBody,
): Promise<PushDevice> {
  checkSubscription(platform, input);
  const hash = endpointHash(input.endpoint);
  const label = input.deviceLabel.trim().replace(/\s+/g, ' ');
  return inTransaction(platform.db, async (trx) => {
    await lockSubscriptions(trx);
    const existing = await findSubscriptionByEndpoint(trx, hash);
    const mine = await listSubscriptionsOfPerson(trx, actor.personId);
    if (mine.filter((row) => row.id !== existing?.id).length >= MAX_PUSH_DEVICES) {
      throw Errors.field('deviceLabel', 'push_too_many_devices', { max: MAX_PUSH_DEVICES });
    }
    if (existing) await deleteSubscription(trx, existing.id);
    const id = randomUUID();
    const createdAt = platform.now();
    await insertSubscription(
      trx,
      sealedRow(platform, input, {
        id,
        person_id: actor.personId,
        label,
        locale: actor.locale,
        created_at: createdAt,
      }),
    );
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'push.subscription.create',
      targetType: 'push_subscription',
      targetId: id,
      meta: { replaced: existing ? existing.id : null },
    });
    return {
      id,
      label,
      fingerprint: hash.toString('base64url'),
      createdAt: createdAt.toISOString(),
      lastSuccessAt: null,
      lastFailureAt: null,
    };
  });
}

/** Whether the `auth` secret presented matches the stored one, in time independent of both. */
function sameSecret(presented: string, stored: string): boolean {
  const digest = (value: string) => createHash('sha256').update(Buffer.from(value, 'base64url')).digest();
  return timingSafeEqual(digest(presented), digest(stored));
}

/** The stored `auth` secret of a row, or null when it cannot be read (never a 500 for a caller). */
function storedAuth(platform: Platform, row: PushSubscriptionRow): string | null {
  try {
    const keys = JSON.parse(platform.keyring.decrypt(row.keys, `push_subscriptions.keys:${row.id}`)) as {
      auth?: unknown;
    };
    return typeof keys.auth === 'string' ? keys.auth : null;
  } catch {
    return null;
  }
}

/**
 * Replaces a subscription the browser renewed on its own (`pushsubscriptionchange` in the service
 * worker, which has no session to speak for it). The caller proves it holds the old subscription with
 * its endpoint and `auth` secret, which only that browser and Filet know; the new subscription then
 * takes the old one's place for the same person, label and language, in one transaction, audited as
 * `push.renew`. A row already holding the new endpoint for the same person is replaced too.
 * Throws validation_failed when the new subscription would be refused by `subscribeDevice`, and
 * not_found — saying nothing more — when the proof does not match or the new endpoint is another
 * person's device.
 */
export async function renewSubscription(platform: Platform, input: RenewBody): Promise<void> {
  checkSubscription(platform, input);
  await inTransaction(platform.db, async (trx) => {
    await lockSubscriptions(trx);
    const old = await findSubscriptionByEndpoint(trx, endpointHash(input.oldEndpoint));
    const secret = old ? storedAuth(platform, old) : null;
    if (!old || secret === null || !sameSecret(input.oldAuth, secret)) throw Errors.notFound();
    // A disabled account keeps no device alive: the renewal fails like a wrong proof.
    if (!(await isActivePerson(trx, old.person_id))) throw Errors.notFound();
    const taken = await findSubscriptionByEndpoint(trx, endpointHash(input.endpoint));
    if (taken && taken.id !== old.id && taken.person_id !== old.person_id) throw Errors.notFound();
    // Under the lock the row read above is still there; should it not be, the person removed the
    // device meanwhile and the renewal must not bring it back.
    if (!(await deleteSubscription(trx, old.id))) throw Errors.notFound();
    if (taken && taken.id !== old.id) await deleteSubscription(trx, taken.id);
    const id = randomUUID();
    await insertSubscription(
      trx,
      sealedRow(platform, input, {
        id,
        person_id: old.person_id,
        label: old.label,
        locale: old.locale,
        // The person turned push on for this device then; the browser only changed its address.
        created_at: old.created_at,
      }),
    );
    await platform.audit.append(trx, {
      actor: old.person_id,
      action: 'push.subscription.renew',
      targetType: 'push_subscription',
      targetId: id,
      meta: { replaced: old.id, duplicate: taken && taken.id !== old.id ? taken.id : null },
    });
  });
}

/** Removes one of the actor's devices by id; someone else's device answers not_found. */
export async function unsubscribeDevice(platform: Platform, actor: Actor, id: string): Promise<void> {
  await inTransaction(platform.db, async (trx) => {
    // Serialised with renewals: a device removed here cannot come back through one in flight.
    await lockSubscriptions(trx);
    const mine = await listSubscriptionsOfPerson(trx, actor.personId);
    if (!mine.some((row) => row.id === id)) throw Errors.notFound();
    await deleteSubscription(trx, id);
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'push.subscription.delete',
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
    await lockSubscriptions(trx);
    const row = await findSubscriptionByEndpoint(trx, endpointHash(endpoint));
    if (!row || row.person_id !== actor.personId) return;
    await deleteSubscription(trx, row.id);
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'push.subscription.delete',
      targetType: 'push_subscription',
      targetId: row.id,
    });
  });
}

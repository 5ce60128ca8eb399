import type { Agent } from 'node:https';
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import webpush from 'web-push';
import type { Locale } from '../../../shared/roles.js';
import type { VapidConfig } from '../config.js';
import type { Keyring } from '../crypto/keyring.js';
import { registerEncryptedField } from '../crypto/rotate.js';
import type { DB } from '../db/schema.js';
import { t } from '../i18n/i18n.js';
import {
  deleteSubscriptions,
  listSubscriptionsOfPeople,
  type PushSubscriptionRow,
  recordDeliveries,
} from './push.repository.js';

registerEncryptedField({
  table: 'push_subscriptions',
  idColumn: 'id',
  column: 'endpoint',
  context: (id) => `push_subscriptions.endpoint:${id}`,
});
registerEncryptedField({
  table: 'push_subscriptions',
  idColumn: 'id',
  column: 'keys',
  context: (id) => `push_subscriptions.keys:${id}`,
});

/** How long a push service keeps a message for a device that is offline. */
const PUSH_TTL_S = 24 * 60 * 60;
/** Requests in flight at once to push services. */
const CONCURRENCY = 16;
/** After this many failures in a row (other than "gone"), a device is dropped. */
const MAX_FAILURES = 20;

export interface PushSender {
  /**
   * Sends the content-free push to every opted-in device of these people. Never rejects: failures are
   * logged and counted on the device.
   */
  send(personIds: readonly string[], link: string | null): Promise<void>;
}

/**
 * What a device receives: the words "new item" in its language and a link inside Filet — never a name,
 * a kind of record or any content, because a lock screen is visible to whoever holds the phone.
 */
export function pushPayload(locale: string, link: string | null): string {
  const language: Locale = locale === 'en-CA' ? 'en-CA' : 'fr-CA';
  return JSON.stringify({
    title: 'Filet',
    body: t(language, 'push.new_item'),
    url: link?.startsWith('/') && !link.startsWith('//') ? link : '/',
  });
}

/**
 * The web-push sender (RFC 8030 with VAPID, RFC 8292, payloads encrypted per RFC 8291 by `web-push`).
 * A device whose push service answers 404 or 410 has unsubscribed: its row is deleted.
 */
export function createPushSender(options: {
  db: Kysely<DB>;
  keyring: Keyring;
  vapid: VapidConfig;
  logger: FastifyBaseLogger;
  now: () => Date;
  agent?: Agent | undefined;
}): PushSender {
  const { db, keyring, vapid, logger, now, agent } = options;

  async function deliver(row: PushSubscriptionRow, link: string | null): Promise<'ok' | 'gone' | 'failed'> {
    let subscription: webpush.PushSubscription;
    try {
      subscription = {
        endpoint: keyring.decrypt(row.endpoint, `push_subscriptions.endpoint:${row.id}`),
        keys: JSON.parse(keyring.decrypt(row.keys, `push_subscriptions.keys:${row.id}`)),
      };
    } catch {
      return 'gone';
    }
    try {
      await webpush.sendNotification(subscription, pushPayload(row.locale, link), {
        vapidDetails: vapid,
        TTL: PUSH_TTL_S,
        urgency: 'high',
        contentEncoding: 'aes128gcm',
        timeout: 10_000,
        ...(agent ? { agent } : {}),
      });
      return 'ok';
    } catch (error) {
      const status = (error as { statusCode?: unknown }).statusCode;
      if (status === 404 || status === 410) return 'gone';
      logger.warn({ status: typeof status === 'number' ? status : null }, 'web push delivery failed');
      return 'failed';
    }
  }

  async function run(personIds: readonly string[], link: string | null): Promise<void> {
    const rows = await listSubscriptionsOfPeople(db, personIds);
    if (rows.length === 0) return;
    const succeeded: string[] = [];
    const failed: string[] = [];
    const gone: string[] = [];
    let next = 0;
    const worker = async () => {
      while (next < rows.length) {
        const row = rows[next++]!;
        const outcome = await deliver(row, link);
        (outcome === 'ok' ? succeeded : outcome === 'gone' ? gone : failed).push(row.id);
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, rows.length) }, worker));
    const worn = await recordDeliveries(db, { succeeded, failed }, now(), MAX_FAILURES);
    const removed = await deleteSubscriptions(db, [...gone, ...worn]);
    if (removed > 0) logger.info({ removed }, 'web push subscriptions removed (gone or failing)');
  }

  return {
    send(personIds, link) {
      return run(personIds, link).catch((error: unknown) => {
        logger.warn({ error: error instanceof Error ? error.message : String(error) }, 'web push failed');
      });
    },
  };
}

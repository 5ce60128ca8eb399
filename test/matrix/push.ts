import { createECDH, randomBytes, randomUUID } from 'node:crypto';
import { endpointHash } from '../../src/server/platform/notify/push.repository.js';
import type { Context, Matrix } from './platform.js';

/** A device of the agent, written as the subscribe route would write it. */
async function device({ t, agent }: Context): Promise<{ id: string; endpoint: string }> {
  const id = randomUUID();
  const endpoint = `https://push.exemple.test/send/${randomUUID()}`;
  await t.platform.db
    .insertInto('push_subscriptions')
    .values({
      id,
      person_id: agent.person.id,
      endpoint_hash: endpointHash(endpoint),
      endpoint: t.platform.keyring.encrypt(endpoint, `push_subscriptions.endpoint:${id}`),
      keys: t.platform.keyring.encrypt('{}', `push_subscriptions.keys:${id}`),
      label: 'Téléphone fictif',
      locale: 'fr-CA',
    })
    .execute();
  return { id, endpoint };
}

/**
 * Web push: the public key, my devices, subscribe and unsubscribe, and the service worker's renewal
 * (platform routes under /api/push).
 */
export const pushMatrix: Matrix = {
  'GET /api/push/key': { access: 'staff', request: () => ({ method: 'GET', url: '/api/push/key' }) },
  'GET /api/push/subscriptions': {
    access: 'staff',
    request: () => ({ method: 'GET', url: '/api/push/subscriptions' }),
  },
  'POST /api/push/subscriptions': {
    access: 'staff',
    request: () => {
      const ecdh = createECDH('prime256v1');
      ecdh.generateKeys();
      return {
        method: 'POST',
        url: '/api/push/subscriptions',
        payload: {
          endpoint: `https://push.exemple.test/send/${randomUUID()}`,
          keys: {
            p256dh: ecdh.getPublicKey().toString('base64url'),
            auth: randomBytes(16).toString('base64url'),
          },
          deviceLabel: 'Navigateur fictif',
        },
      };
    },
    // Without VAPID keys in the test configuration, the gate lets the caller through to a 400.
    through: [400],
  },
  // The service worker's renewal: no session, the old subscription's endpoint and auth secret prove it.
  'POST /api/push/renew': { access: 'public' },
  'POST /api/push/unsubscribe': {
    access: 'staff',
    request: async (ctx) => ({
      method: 'POST',
      url: '/api/push/unsubscribe',
      payload: { endpoint: (await device(ctx)).endpoint },
    }),
  },
  'DELETE /api/push/subscriptions/:id': {
    access: 'staff',
    request: async (ctx) => ({ method: 'DELETE', url: `/api/push/subscriptions/${(await device(ctx)).id}` }),
  },
};

import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import { ErrorResponse, IdParams, IsoDateTime, Nullable, Strict } from '../http/schemas.js';
import {
  listMyDevices,
  pushSettings,
  renewSubscription,
  subscribeDevice,
  unsubscribeDevice,
  unsubscribeEndpoint,
} from './push.service.js';

const Base64Url = (maxLength: number) =>
  Type.String({ minLength: 1, maxLength, pattern: '^[A-Za-z0-9_-]+=*$' });
const Endpoint = Type.String({ minLength: 8, maxLength: 1000 });

const Keys = Strict({ p256dh: Base64Url(200), auth: Base64Url(100) });

const PushDevice = Type.Object({
  id: Type.String(),
  label: Type.String(),
  fingerprint: Type.String({
    description: 'SHA-256 of the endpoint (base64url), for the browser holding it',
  }),
  createdAt: IsoDateTime,
  lastSuccessAt: Nullable(IsoDateTime),
  lastFailureAt: Nullable(IsoDateTime),
});

/**
 * Web push of the signed-in person, device by device (opt-in): the server's public VAPID key, my
 * devices, subscribe and unsubscribe, and the service worker's renewal of a subscription the browser
 * replaced. Endpoints and keys go in and never come out.
 */
export const pushRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const platform = app.platform;
  const tags = ['push'];
  const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse };

  app.get(
    '/key',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Whether web push is on, and the public key to subscribe with',
        response: {
          200: Type.Object({ enabled: Type.Boolean(), publicKey: Nullable(Type.String()) }),
          ...errors,
        },
      },
    },
    async () => pushSettings(platform),
  );

  app.get(
    '/subscriptions',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'My devices that receive web push',
        response: { 200: Type.Object({ items: Type.Array(PushDevice) }), ...errors },
      },
    },
    async (request) => ({ items: await listMyDevices(platform, request.actor!) }),
  );

  app.post(
    '/subscriptions',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Receive web push on this device',
        body: Strict({
          endpoint: Endpoint,
          keys: Keys,
          deviceLabel: Type.String({ minLength: 1, maxLength: 80, pattern: '\\S' }),
        }),
        response: { 201: PushDevice, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await subscribeDevice(platform, request.actor!, request.body)),
  );

  app.post(
    '/renew',
    {
      // The service worker renews a subscription the browser replaced; it has no CSRF token and may
      // have no session. The old subscription's endpoint and auth secret are the credentials.
      config: { access: 'public', csrf: false, rateLimit: {}, metrics: 'live' },
      schema: {
        tags,
        summary: 'Replace a subscription the browser renewed, proven by the old one',
        description:
          'For the service worker (`pushsubscriptionchange`). `oldEndpoint` and `oldAuth` are the endpoint and `auth` secret of the subscription Filet knows; any mismatch answers 404.',
        body: Strict({ oldEndpoint: Endpoint, oldAuth: Base64Url(100), endpoint: Endpoint, keys: Keys }),
        response: { 204: Type.Null(), 400: ErrorResponse, 404: ErrorResponse, 429: ErrorResponse },
      },
    },
    async (request, reply) => {
      await renewSubscription(platform, request.body);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/unsubscribe',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Stop web push on the device with this endpoint (mine only)',
        body: Strict({ endpoint: Endpoint }),
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await unsubscribeEndpoint(platform, request.actor!, request.body.endpoint);
      return reply.code(204).send(null);
    },
  );

  app.delete(
    '/subscriptions/:id',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Stop web push on one of my devices',
        params: IdParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await unsubscribeDevice(platform, request.actor!, request.params.id);
      return reply.code(204).send(null);
    },
  );
};

import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import {
  PushDevice,
  PushDeviceList,
  PushSettings,
  RenewBody,
  SubscribeBody,
  UnsubscribeBody,
} from '../../../shared/contracts/notify.js';
import { ErrorResponse, IdParams } from '../http/schemas.js';
import {
  listMyDevices,
  pushSettings,
  renewSubscription,
  subscribeDevice,
  unsubscribeDevice,
  unsubscribeEndpoint,
} from './push.service.js';

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
        response: { 200: PushSettings, ...errors },
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
        response: { 200: PushDeviceList, ...errors },
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
        body: SubscribeBody,
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
        summary: 'Replace a renewed push subscription',
        description:
          'For the service worker (`pushsubscriptionchange`). `oldEndpoint` and `oldAuth` are the endpoint and `auth` secret of the subscription Filet knows; any mismatch answers 404.',
        body: RenewBody,
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
        body: UnsubscribeBody,
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

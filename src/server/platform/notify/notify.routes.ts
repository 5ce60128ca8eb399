import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import { NotificationList } from '../../../shared/contracts/notify.js';
import { Errors } from '../errors.js';
import { CONTENT_SECURITY_POLICY } from '../http/http.plugin.js';
import { EmptyBody, ErrorResponse, IdParams } from '../http/schemas.js';
import { listNotifications, markAllNotificationsRead, markNotificationRead } from './notification-list.js';

/**
 * The signed-in person's in-app notifications: the list, marking read, and a server-sent-event
 * stream of new ones. Every query is scoped to the actor, so another person's notification is
 * indistinguishable from a missing one.
 */
export const notifyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { notifier, db, now, config } = app.platform;
  const tags = ['notifications'];
  const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse };

  // Open streams never end by themselves: end them so the server can close.
  app.addHook('preClose', async () => {
    notifier.endStreams();
  });

  app.get(
    '/',
    {
      config: { access: 'staff' },
      schema: { tags, summary: 'My latest notifications', response: { 200: NotificationList, ...errors } },
    },
    async (request) => {
      const { items, unread } = await listNotifications(db, request.actor!.personId, 50);
      return {
        unread,
        items: items.map((n) => ({
          id: n.id,
          kind: n.kind,
          params: n.params,
          link: n.link,
          createdAt: n.createdAt.toISOString(),
          readAt: n.readAt ? n.readAt.toISOString() : null,
        })),
      };
    },
  );

  app.post(
    '/:id/read',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Mark one of my notifications read',
        params: IdParams,
        body: EmptyBody,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      const found = await markNotificationRead(db, request.actor!.personId, request.params.id, now());
      if (!found) throw Errors.notFound();
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/read-all',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Mark all my notifications read',
        body: EmptyBody,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await markAllNotificationsRead(db, request.actor!.personId, now());
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/stream',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Stream of my new notifications (server-sent events)',
        description: 'Server-sent events: `notification` events carry the same fields as the list items.',
      },
    },
    async (request, reply) => {
      const personId = request.actor!.personId;
      // The reply leaves Fastify's hands here, so the onSend hook cannot add its headers: set them.
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        'content-security-policy': CONTENT_SECURITY_POLICY,
        'referrer-policy': 'no-referrer',
        'x-frame-options': 'DENY',
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-resource-policy': 'same-origin',
        'permissions-policy': 'camera=(), microphone=(), geolocation=(), interest-cohort=()',
        // Reverse proxies (nginx) would otherwise buffer the stream.
        'x-accel-buffering': 'no',
        ...(config.secureCookies
          ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' }
          : {}),
      });
      res.write('retry: 5000\n\n');
      // The notifier keeps the stream (a few fields per connection, no closure, no timer): it writes
      // events and the shared heartbeat, and forgets the stream when it closes.
      notifier.attachStream(personId, request.actor!.sessionId, res);
    },
  );
};

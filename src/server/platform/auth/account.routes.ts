import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import { ErrorResponse, LocaleSchema, Nullable, Strict } from '../http/schemas.js';
import { endSession, getAccount, listSessions, updateAccount } from './account.service.js';
import { clearSessionCookie } from './auth.plugin.js';
import { changePassword } from './auth.service.js';
import { MAX_PASSWORD_LENGTH } from './passwords.js';

const Account = Type.Object({
  id: Type.String(),
  givenName: Type.String(),
  familyName: Type.String(),
  email: Type.String(),
  phone: Nullable(Type.String()),
  jobTitle: Nullable(Type.String()),
  locale: Type.String(),
  organisation: Type.Object({ id: Type.String(), name: Type.String() }),
  roles: Type.Array(Type.String()),
});

const SessionItem = Type.Object({
  id: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  lastSeenAt: Type.String({ format: 'date-time' }),
  expiresAt: Type.String({ format: 'date-time' }),
  userAgent: Nullable(Type.String()),
  current: Type.Boolean(),
});

/** The signed-in person's own account: profile, language, password and sessions, under /api/account. */
export const accountRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const platform = app.platform;
  const tags = ['account'];

  app.get(
    '/',
    { config: { access: 'staff' }, schema: { tags, summary: 'My account', response: { 200: Account } } },
    async (request) => getAccount(platform, request.actor!.personId),
  );

  app.patch(
    '/',
    {
      config: { access: 'enrolment' },
      schema: {
        tags,
        summary: 'Change my language, phone or job title',
        body: Strict({
          locale: Type.Optional(LocaleSchema),
          phone: Type.Optional(Nullable(Type.String({ maxLength: 40, pattern: '^[0-9+() .-]*$' }))),
          jobTitle: Type.Optional(Nullable(Type.String({ maxLength: 120 }))),
        }),
        response: { 200: Account, 400: ErrorResponse },
      },
    },
    async (request) => {
      await updateAccount(platform, request.actor!, request.body);
      return getAccount(platform, request.actor!.personId);
    },
  );

  app.post(
    '/password',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Change my password (ends my other sessions)',
        body: Strict({
          currentPassword: Type.String({ minLength: 1, maxLength: MAX_PASSWORD_LENGTH }),
          newPassword: Type.String({ minLength: 1, maxLength: MAX_PASSWORD_LENGTH }),
        }),
        response: { 204: Type.Null(), 400: ErrorResponse },
      },
    },
    async (request, reply) => {
      await changePassword(platform, request.actor!, request.body);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/sessions',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'My active sessions',
        response: { 200: Type.Object({ items: Type.Array(SessionItem) }) },
      },
    },
    async (request) => ({ items: await listSessions(platform, request.actor!) }),
  );

  app.delete(
    '/sessions/:id',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'End one of my sessions',
        params: Strict({ id: Type.String({ pattern: '^[0-9a-f]{64}$' }) }),
        response: { 204: Type.Null(), 404: ErrorResponse },
      },
    },
    async (request, reply) => {
      const actor = request.actor!;
      await endSession(platform, actor, request.params.id);
      if (request.params.id === actor.sessionId) clearSessionCookie(app, reply);
      return reply.status(204).send(null);
    },
  );
};

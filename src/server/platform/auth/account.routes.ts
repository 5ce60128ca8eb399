import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import {
  Account,
  AccountSessionList,
  AccountUpdateBody,
  PasswordChangeBody,
  SessionParams,
} from '../../../shared/contracts/auth.js';
import { ErrorResponse } from '../http/schemas.js';
import { endSession, getAccount, listSessions, updateAccount } from './account.service.js';
import { clearSessionCookie } from './auth.plugin.js';
import { changePassword } from './auth.service.js';

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
        body: AccountUpdateBody,
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
        body: PasswordChangeBody,
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
        response: { 200: AccountSessionList },
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
        params: SessionParams,
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

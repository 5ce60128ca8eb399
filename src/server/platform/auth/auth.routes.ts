import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import {
  Invitation,
  LoginBody,
  PasswordBody,
  PasswordResetRequestBody,
  SessionView,
  SignedIn,
  TokenParams,
  TotpConfirmBody,
  TotpSetup,
} from '../../../shared/contracts/auth.js';
import { ErrorResponse } from '../http/schemas.js';
import { getSessionView } from './account.service.js';
import { clearSessionCookie, setSessionCookie } from './auth.plugin.js';
import {
  acceptInvitation,
  beginTotpEnrolment,
  confirmTotpEnrolment,
  describeInvitation,
  requestPasswordReset,
  resetPassword,
  signIn,
  signOut,
} from './auth.service.js';

/** Sign-in, sign-out, TOTP enrolment, invitations and password reset under /api/auth. */
export const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const platform = app.platform;
  const tags = ['auth'];

  app.post(
    '/login',
    {
      config: { access: 'public', csrf: false, rateLimit: {}, metrics: 'live' },
      schema: {
        tags,
        summary: 'Sign in with e-mail, password and TOTP code',
        description:
          'Without `code` for an account with TOTP, answers 401 `mfa_required`. An account without TOTP gets a session limited to enrolment (`enrolment_required`).',
        body: LoginBody,
        response: { 200: SignedIn, 400: ErrorResponse, 401: ErrorResponse, 429: ErrorResponse },
      },
    },
    async (request, reply) => {
      const session = await signIn(platform, { ...request.body, userAgent: request.headers['user-agent'] });
      setSessionCookie(app, reply, session.token, session.expiresAt);
      return { status: session.status, csrfToken: session.csrfToken };
    },
  );

  app.post(
    '/logout',
    {
      config: { access: 'enrolment' },
      schema: { tags, summary: 'End the current session', response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      await signOut(platform, request.actor!);
      clearSessionCookie(app, reply);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/session',
    {
      config: { access: 'enrolment' },
      schema: {
        tags,
        summary: 'The signed-in person, roles and permissions',
        response: { 200: SessionView, 401: ErrorResponse },
      },
    },
    async (request) => getSessionView(platform, request.actor!),
  );

  app.post(
    '/totp/setup',
    {
      config: { access: 'enrolment' },
      schema: {
        tags,
        summary: 'Start TOTP enrolment',
        response: { 200: TotpSetup },
      },
    },
    async (request) => beginTotpEnrolment(platform, request.actor!),
  );

  app.post(
    '/totp/confirm',
    {
      config: { access: 'enrolment' },
      schema: {
        tags,
        summary: 'Confirm TOTP enrolment with a first code',
        body: TotpConfirmBody,
        response: { 200: SignedIn, 400: ErrorResponse, 401: ErrorResponse },
      },
    },
    async (request, reply) => {
      const session = await confirmTotpEnrolment(platform, request.actor!, {
        code: request.body.code,
        userAgent: request.headers['user-agent'],
      });
      setSessionCookie(app, reply, session.token, session.expiresAt);
      return { status: session.status, csrfToken: session.csrfToken };
    },
  );

  app.get(
    '/invitations/:token',
    {
      config: { access: 'public', rateLimit: {}, metrics: 'live' },
      schema: {
        tags,
        summary: 'Who an invitation is for',
        params: TokenParams,
        response: { 200: Invitation, 404: ErrorResponse },
      },
    },
    async (request) => describeInvitation(platform, request.params.token),
  );

  app.post(
    '/invitations/:token/accept',
    {
      config: { access: 'public', csrf: false, rateLimit: {}, metrics: 'live' },
      schema: {
        tags,
        summary: 'Accept an invitation by choosing a password',
        params: TokenParams,
        body: PasswordBody,
        response: { 200: SignedIn, 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request, reply) => {
      const session = await acceptInvitation(platform, {
        token: request.params.token,
        password: request.body.password,
        userAgent: request.headers['user-agent'],
      });
      setSessionCookie(app, reply, session.token, session.expiresAt);
      return { status: session.status, csrfToken: session.csrfToken };
    },
  );

  app.post(
    '/password-reset',
    {
      config: { access: 'public', csrf: false, rateLimit: {}, metrics: 'live' },
      schema: {
        tags,
        summary: 'Ask for a password-reset link (always 202)',
        body: PasswordResetRequestBody,
        response: { 202: Type.Null(), 400: ErrorResponse },
      },
    },
    async (request, reply) => {
      await requestPasswordReset(platform, request.body.email);
      return reply.status(202).send(null);
    },
  );

  app.post(
    '/password-reset/:token',
    {
      config: { access: 'public', csrf: false, rateLimit: {}, metrics: 'live' },
      schema: {
        tags,
        summary: 'Set a new password from a reset link',
        params: TokenParams,
        body: PasswordBody,
        response: { 204: Type.Null(), 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request, reply) => {
      await resetPassword(platform, { token: request.params.token, password: request.body.password });
      return reply.status(204).send(null);
    },
  );
};

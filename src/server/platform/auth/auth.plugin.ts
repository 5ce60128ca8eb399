import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Access } from '../authz/access.js';
import { AppError } from '../errors.js';

export const SESSION_COOKIE = 'filet_session';
export const SECURE_SESSION_COOKIE = '__Host-filet_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function sessionCookieName(secure: boolean): string {
  return secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
}

/** Sets the session cookie: HttpOnly, SameSite=Strict, Secure (and the __Host- prefix) over https. */
export function setSessionCookie(
  app: FastifyInstance,
  reply: FastifyReply,
  token: string,
  expiresAt: Date,
): void {
  const secure = app.platform.config.secureCookies;
  reply.setCookie(sessionCookieName(secure), token, {
    httpOnly: true,
    sameSite: 'strict',
    secure,
    path: '/',
    expires: expiresAt,
  });
}

export function clearSessionCookie(app: FastifyInstance, reply: FastifyReply): void {
  const secure = app.platform.config.secureCookies;
  reply.clearCookie(sessionCookieName(secure), { httpOnly: true, sameSite: 'strict', secure, path: '/' });
}

export function sessionToken(app: FastifyInstance, request: FastifyRequest): string | undefined {
  return request.cookies[sessionCookieName(app.platform.config.secureCookies)];
}

function requiresFullSession(access: Access): boolean {
  return access !== 'public' && access !== 'enrolment';
}

/**
 * Authentication and the first gate of authorization, for every route: resolves the session cookie
 * into `request.actor`, enforces the route's declared access, and checks the CSRF token on every
 * state-changing request made with a session. State-changing requests must be JSON (a cross-site
 * form cannot send it without a CORS preflight, which Filet never grants) and, when the browser says
 * where they come from, come from Filet's own origin.
 */
export const authPlugin = fp(async (app: FastifyInstance) => {
  const { sessions, config } = app.platform;
  const ownOrigin = config.publicUrl;

  app.decorateRequest('actor', null);

  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config?.access ?? 'public';
    const token = sessionToken(app, request);
    let expired = false;
    if (token) {
      const outcome = await sessions.resolve(token);
      if (outcome.ok) {
        request.actor = outcome.actor;
        request.locale = outcome.actor.locale;
      } else {
        expired = outcome.reason === 'expired';
      }
    }

    if (!SAFE_METHODS.has(request.method)) {
      const origin = request.headers.origin;
      if (origin && origin !== ownOrigin && origin !== `${request.protocol}://${request.host}`) {
        throw new AppError('csrf_failed', 403);
      }
      if (request.actor && request.routeOptions.config?.csrf !== false) {
        const presented = request.headers['x-csrf-token'];
        if (
          !sessions.checkCsrf(request.actor.sessionId, typeof presented === 'string' ? presented : undefined)
        ) {
          throw new AppError('csrf_failed', 403);
        }
      }
    }

    if (access === 'public') return;
    const actor = request.actor;
    if (!actor) throw new AppError(expired ? 'session_expired' : 'unauthenticated', 401);
    if (requiresFullSession(access) && !actor.mfaVerified) throw new AppError('mfa_enrolment_required', 403);
    if (Array.isArray(access) && !access.some((role) => actor.roles.has(role))) {
      throw new AppError('forbidden', 403);
    }
  });

  // Cross-site requests with a body other than JSON are refused before parsing.
  app.addHook('preValidation', async (request) => {
    if (SAFE_METHODS.has(request.method) || request.method === 'DELETE') return;
    if (!request.url.startsWith('/api/')) return;
    const type = request.headers['content-type'] ?? '';
    if (request.body !== undefined && !type.toLowerCase().startsWith('application/json')) {
      throw new AppError('unsupported_media_type', 415);
    }
  });
});

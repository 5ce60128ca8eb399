import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../errors.js';
import { negotiateLocale } from '../i18n/i18n.js';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Content Security Policy: nothing from another origin, no inline script, no framing. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The HTTP conventions of every response: the requester's language, strict JSON bodies (invalid
 * UTF-8 refused rather than silently repaired), security headers, and no caching of API answers.
 */
export const httpPlugin = fp(async (app: FastifyInstance) => {
  app.decorateRequest('locale', 'fr-CA');
  app.addHook('onRequest', async (request) => {
    request.locale = negotiateLocale(request.headers['accept-language']);
  });

  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body: Buffer, done) => {
    let text: string;
    try {
      text = strictUtf8.decode(body);
    } catch {
      done(new AppError('invalid_encoding', 400), undefined);
      return;
    }
    if (text.trim() === '') {
      done(new AppError('invalid_json', 400), undefined);
      return;
    }
    try {
      done(null, parseJsonSafely(text));
    } catch (error) {
      done(error instanceof AppError ? error : new AppError('invalid_json', 400), undefined);
    }
  });

  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
    reply.header('cross-origin-opener-policy', 'same-origin');
    reply.header('cross-origin-resource-policy', 'same-origin');
    reply.header('permissions-policy', 'camera=(), microphone=(), geolocation=(), interest-cohort=()');
    if (request.protocol === 'https' || app.platform.config.secureCookies) {
      reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    }
    if (!reply.hasHeader('cache-control') || isPrivate(request)) {
      reply.header('cache-control', 'no-store');
    }
    return payload;
  });
});

function isPrivate(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/') || request.url === '/api';
}

/**
 * JSON.parse that refuses prototype pollution keys and the null character (PostgreSQL cannot store it
 * in text: refused here with a clear message rather than by the database halfway through a request).
 */
function parseJsonSafely(text: string): unknown {
  return JSON.parse(text, (key, value) => {
    if (key === '__proto__') throw new SyntaxError('forbidden key');
    if (key.includes('\u0000') || (typeof value === 'string' && value.includes('\u0000'))) {
      throw new AppError('invalid_characters', 400);
    }
    return value;
  });
}

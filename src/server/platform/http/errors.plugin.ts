import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { faultCode, isDatabaseUnavailable } from '../db/faults.js';
import { AppError, type ErrorCode, type FieldProblem } from '../errors.js';
import { hasKey, t } from '../i18n/i18n.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** index.html of the built web app, when it is served. */
    webAppIndex: () => Buffer | null;
  }
}

interface AjvLikeError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
}

function joinPath(base: string, child: string | undefined): string {
  const path = base.replace(/^\//, '').replace(/\//g, '.');
  if (!child) return path;
  return path ? `${path}.${child}` : child;
}

/** Turns schema-validation errors into field problems named after the request field. */
export function problemsFromValidation(errors: AjvLikeError[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const error of errors) {
    const p = error.params;
    switch (error.keyword) {
      case 'required':
        problems.push({ field: joinPath(error.instancePath, String(p.missingProperty)), rule: 'required' });
        break;
      case 'additionalProperties':
        problems.push({
          field: joinPath(error.instancePath, String(p.additionalProperty)),
          rule: 'unknown_field',
        });
        break;
      case 'type':
        problems.push({
          field: joinPath(error.instancePath, undefined),
          rule: 'type',
          params: { type: String(p.type) },
        });
        break;
      case 'minLength':
        problems.push({
          field: joinPath(error.instancePath, undefined),
          rule: Number(p.limit) === 1 ? 'required' : 'too_short',
          params: { min: Number(p.limit) },
        });
        break;
      case 'maxLength':
        problems.push({
          field: joinPath(error.instancePath, undefined),
          rule: 'too_long',
          params: { max: Number(p.limit) },
        });
        break;
      case 'minimum':
      case 'exclusiveMinimum':
        problems.push({
          field: joinPath(error.instancePath, undefined),
          rule: 'too_small',
          params: { min: Number(p.limit) },
        });
        break;
      case 'maximum':
      case 'exclusiveMaximum':
        problems.push({
          field: joinPath(error.instancePath, undefined),
          rule: 'too_large',
          params: { max: Number(p.limit) },
        });
        break;
      case 'minItems':
        problems.push({
          field: joinPath(error.instancePath, undefined),
          rule: 'too_few',
          params: { min: Number(p.limit) },
        });
        break;
      case 'maxItems':
        problems.push({
          field: joinPath(error.instancePath, undefined),
          rule: 'too_many',
          params: { max: Number(p.limit) },
        });
        break;
      case 'format':
        problems.push({ field: joinPath(error.instancePath, undefined), rule: `format_${String(p.format)}` });
        break;
      case 'enum':
      case 'const':
      case 'anyOf':
      case 'oneOf':
        problems.push({ field: joinPath(error.instancePath, undefined), rule: 'one_of' });
        break;
      case 'pattern':
        problems.push({ field: joinPath(error.instancePath, undefined), rule: 'pattern' });
        break;
      default:
        problems.push({ field: joinPath(error.instancePath, undefined), rule: 'invalid' });
    }
  }
  // anyOf/oneOf report one error per branch: a nullable count of 1000 fails its number branch (too
  // large) and its null branch (type). A field with a precise problem keeps only that one; otherwise
  // the first problem per field.
  const precise = new Set(
    problems.filter((p) => p.rule !== 'type' && p.rule !== 'one_of').map((p) => p.field),
  );
  const seen = new Set<string>();
  return problems.filter((problem) => {
    if ((problem.rule === 'type' || problem.rule === 'one_of') && precise.has(problem.field)) return false;
    const key = `${problem.field}:${problem.rule}`;
    if (
      seen.has(key) ||
      (problem.rule === 'one_of' && [...seen].some((s) => s.startsWith(`${problem.field}:`)))
    ) {
      return false;
    }
    seen.add(key);
    return true;
  });
}

const STATUS_CODES: Record<number, ErrorCode> = {
  400: 'validation_failed',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

/** Seconds a client is asked to wait (Retry-After) when the database is out of reach. */
export const RETRY_AFTER_SECONDS = 5;

/**
 * Maps whatever was thrown to an AppError: a database out of reach (connection refused, reset or lost,
 * a time-out, a server shutting down) is a 503 `unavailable`; anything else unknown becomes a bare 500.
 */
export function toAppError(error: FastifyError | AppError | Error): AppError {
  if (error instanceof AppError) return error;
  if (isDatabaseUnavailable(error)) return new AppError('unavailable', 503, { cause: error });
  const fastifyError = error as FastifyError & { validation?: AjvLikeError[] };
  if (fastifyError.validation) {
    return new AppError('validation_failed', 400, {
      details: problemsFromValidation(fastifyError.validation),
    });
  }
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('payload_too_large', 413);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('unsupported_media_type', 415);
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new AppError('invalid_json', 400);
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('validation_failed', 400);
  }
  if (error instanceof SyntaxError) return new AppError('invalid_json', 400);
  // PostgreSQL refuses the null character in text (22021) or in a JSON string (22P05): whatever path
  // carried it this far, it is the client's input, not a server fault.
  if (fastifyError.code === '22021' || fastifyError.code === '22P05') {
    return new AppError('invalid_characters', 400);
  }
  // A number beyond what its column holds (22003) that a schema let through: still the client's input.
  if (fastifyError.code === '22003') return new AppError('validation_failed', 400);
  const status = fastifyError.statusCode;
  if (status && status >= 400 && status < 500) {
    return new AppError(STATUS_CODES[status] ?? 'validation_failed', status);
  }
  return new AppError('internal', 500, { cause: error });
}

function fieldLabel(locale: FastifyRequest['locale'], field: string): string {
  const last =
    field
      .split('.')
      .filter((part) => !/^\d+$/.test(part))
      .pop() ?? field;
  const key = `fields.${last}`;
  return hasKey(locale, key) ? t(locale, key) : field;
}

/** The JSON body of an error, translated for the requester. */
export function presentError(request: FastifyRequest, error: AppError) {
  const locale = request.locale;
  return {
    error: {
      code: error.code,
      message: t(locale, `errors.${error.code}`, error.params),
      ...(error.details
        ? {
            details: error.details.map((d) => ({
              field: d.field,
              rule: d.rule,
              message: t(locale, `validation.${d.rule}`, { ...d.params, field: fieldLabel(locale, d.field) }),
            })),
          }
        : {}),
    },
  };
}

/**
 * One error handler for the whole server: every error leaves as `{ error: { code, message } }` in the
 * requester's language; nothing of a 5xx's internals (stack, SQL, path) reaches the client.
 */
export const errorsPlugin = fp(async (app: FastifyInstance) => {
  // The web app plugin fills this with index.html so the client router answers its own paths.
  app.decorate('webAppIndex', (): Buffer | null => null);
  app.setNotFoundHandler(async (request, reply) => {
    const page = request.method === 'GET' || request.method === 'HEAD';
    const own =
      request.url.startsWith('/api/') || request.url === '/api' || request.url.startsWith('/assets/');
    const index = page && !own ? app.webAppIndex() : null;
    if (!index) throw new AppError('not_found', 404);
    return reply.header('cache-control', 'no-store').type('text/html; charset=utf-8').send(index);
  });

  app.setErrorHandler(async (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const appError = toAppError(error);
    if (appError.code === 'unavailable') {
      // An outage answers every request the same way: one short line each, no stack, no query.
      request.log.warn({ reason: faultCode(error) }, 'database unavailable');
      reply.header('retry-after', String(RETRY_AFTER_SECONDS));
    } else if (appError.status >= 500) {
      request.log.error({ err: error }, 'request failed');
    } else if (appError.code === 'internal') {
      request.log.warn({ err: error }, 'request refused');
    }
    reply.header('cache-control', 'no-store');
    if (reply.getHeader('content-type')?.toString().startsWith('text/html') && request.method === 'GET') {
      reply.removeHeader('content-type');
    }
    return reply
      .status(appError.status)
      .type('application/json; charset=utf-8')
      .send(presentError(request, appError));
  });
});

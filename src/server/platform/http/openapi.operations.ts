import type { FastifySchema, RouteOptions } from 'fastify';
import { ErrorResponse } from './schemas.js';

/**
 * What the API document says of every operation beyond its own schemas: a stable operationId, who may
 * call it (the session cookie, or nobody in particular) and the errors it can answer, as references to
 * shared response components. Derived from how the route is declared, so a new route is documented
 * the same way without anyone listing it.
 */

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The session cookie, the only way to call an operation that is not public. */
export const SESSION_SCHEME = 'session';

type Status = '400' | '401' | '403' | '404' | '409' | '413' | '429' | '503';

const retryAfter = {
  'Retry-After': { description: 'Seconds to wait before trying again.', schema: { type: 'integer' } },
};

function jsonError(description: string, headers?: typeof retryAfter) {
  return {
    description,
    ...(headers ? { headers } : {}),
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  };
}

/** The shared error answers of the API, each with the error body every API error has. */
export const API_ERROR_RESPONSES = {
  BadRequest: jsonError(
    'The request is malformed or a field breaks a rule: `validation_failed` (with one `details` entry ' +
      'per field), `invalid_json`, `invalid_encoding` or `invalid_characters`.',
  ),
  Unauthorized: jsonError(
    'No session, or it has ended: `unauthenticated`, `session_expired`; on sign-in, ' +
      '`invalid_credentials`, `mfa_required` or `invalid_code`.',
  ),
  Forbidden: jsonError(
    '`forbidden` (role or record-level rule), `mfa_enrolment_required` (the second factor is not set ' +
      'up yet) or `csrf_failed` (a change sent from another origin or without the X-CSRF-Token of the session).',
  ),
  NotFound: jsonError(
    '`not_found`: absent, or a case record the caller may not see; the two answers are the same.',
  ),
  Conflict: jsonError(
    '`conflict` (or a more precise code): the record is no longer in a state that allows the change.',
  ),
  PayloadTooLarge: jsonError('`payload_too_large`: the body is larger than this operation accepts.'),
  TooManyRequests: jsonError(
    '`rate_limited` or `too_many_attempts`: too many requests from this client for now.',
    retryAfter,
  ),
  Unavailable: jsonError('`unavailable`: the database is out of reach for the moment.', retryAfter),
} as const;

/** Server-rendered pages (tip line, certificates, outside professionals' links) answer errors as pages. */
export const ERROR_PAGE_RESPONSE = {
  ErrorPage: {
    description:
      "A page in the visitor's language saying what went wrong (an unknown or expired link, too many " +
      'attempts, a form to correct, the service unavailable for the moment).',
    content: { 'text/html': { schema: { type: 'string' } } },
  },
} as const;

const API_COMPONENT: Record<Status, keyof typeof API_ERROR_RESPONSES> = {
  '400': 'BadRequest',
  '401': 'Unauthorized',
  '403': 'Forbidden',
  '404': 'NotFound',
  '409': 'Conflict',
  '413': 'PayloadTooLarge',
  '429': 'TooManyRequests',
  '503': 'Unavailable',
};

function pascal(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/**
 * `GET /api/alerts/:id/timeline` → `getAlertsByIdTimeline`: the method, then each segment of the path
 * without `/api`, a parameter read as `By<Name>`. A route may set its own in `schema.operationId`.
 */
export function operationIdOf(method: string, url: string, schema?: FastifySchema): string {
  if (typeof schema?.operationId === 'string') return schema.operationId;
  const segments = url.split('/').filter((segment, index) => segment && !(index === 1 && segment === 'api'));
  const words = segments.flatMap((segment) =>
    segment.startsWith(':')
      ? [`By${pascal(segment.slice(1))}`]
      : segment
          .split(/[^A-Za-z0-9]+/)
          .filter(Boolean)
          .map(pascal),
  );
  return `${method.toLowerCase()}${words.join('')}`;
}

/** Whether the API document shows the route (the documentation's own files and ops routes are hidden). */
export function isDocumented(route: Pick<RouteOptions, 'method' | 'schema'>): boolean {
  return route.method !== 'HEAD' && route.schema?.hide !== true;
}

function isPage(url: string): boolean {
  return !url.startsWith('/api/');
}

/**
 * The error statuses an operation can answer, from how its route is declared: 400 when it takes
 * input or a body; 401 and 403 when it needs a session; 403 for any change too (origin and CSRF
 * token); 404 when its path names a record; 409 where the route declares it; 413 for a body; 429
 * with a request limit; 503 always, since any request may find the database away.
 */
function errorStatuses(route: RouteOptions, method: string, declared: Set<string>): Status[] {
  const schema = route.schema;
  const unsafe = UNSAFE_METHODS.has(method);
  const needsSession = (route.config?.access ?? 'public') !== 'public';
  const statuses = new Set<Status>();
  for (const status of Object.keys(API_COMPONENT) as Status[]) if (declared.has(status)) statuses.add(status);
  if (unsafe || schema?.body || schema?.querystring || schema?.params) statuses.add('400');
  if (needsSession) statuses.add('401');
  if (needsSession || unsafe) statuses.add('403');
  if (route.url.includes(':')) statuses.add('404');
  if (unsafe) statuses.add('413');
  if (route.config?.rateLimit) statuses.add('429');
  statuses.add('503');
  return [...statuses].sort();
}

/** A response reference, as the document holds it once the operations are complete. */
export type ResponseRef = { $ref: string };

export interface OperationAdditions {
  operationId: string;
  security: Array<Record<string, string[]>>;
  /** Status → shared response, for the statuses the route does not describe with its own schema. */
  errors: Record<string, ResponseRef>;
  /** The route's schema for the document: its error bodies given as the shared error are left to `errors`. */
  schema: FastifySchema;
}

/** What the document adds to the operation of one route and method. */
export function operationAdditions(route: RouteOptions, method: string): OperationAdditions {
  const schema = route.schema ?? {};
  const response = (schema.response ?? {}) as Record<string, unknown>;
  // Error bodies declared as the platform's error are described once, by the shared components.
  const shared = new Set(Object.keys(response).filter((status) => response[status] === ErrorResponse));
  const own = Object.fromEntries(Object.entries(response).filter(([status]) => !shared.has(status)));
  const errors: Record<string, ResponseRef> = {};
  for (const status of errorStatuses(route, method, shared)) {
    if (status in own) continue;
    const component = isPage(route.url) ? 'ErrorPage' : API_COMPONENT[status];
    errors[status] = { $ref: `#/components/responses/${component}` };
  }
  const needsSession = (route.config?.access ?? 'public') !== 'public';
  return {
    operationId: operationIdOf(method, route.url, route.schema),
    security: needsSession ? [{ [SESSION_SCHEME]: [] }] : [],
    errors,
    schema: { ...schema, ...(schema.response ? { response: own } : {}) },
  };
}

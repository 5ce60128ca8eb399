/**
 * Telling a database that is out of reach from a query that is wrong. The first is the operator's
 * problem and passes by itself (a restart, a failover, a network reset): requests answer 503 with
 * Retry-After. The second stays a bug (500) or the client's input (400).
 */

/** No answer from the database within the query time-out: Filet gave up on that connection. */
export class DatabaseTimeoutError extends Error {
  readonly code = 'FILET_DB_TIMEOUT';
  constructor(ms: number) {
    super(`no answer from the database within ${ms} ms`);
    this.name = 'DatabaseTimeoutError';
  }
}

/** Errors of the socket under a connection (Node's codes). */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
  'FILET_DB_TIMEOUT',
]);

/**
 * SQLSTATE classes and codes that say "not now" rather than "not this": connection exceptions (08,
 * except a protocol violation, which is a bug), a statement cancelled by its time-out or an operator
 * (57014), the server shutting down or starting (57P01–57P05), an idle transaction ended (25P03),
 * insufficient resources (53: disk, memory, connections).
 */
function unavailableSqlState(code: string): boolean {
  return (
    (code.startsWith('08') && code !== '08P01') ||
    code.startsWith('53') ||
    code === '57014' ||
    /^57P0[1-5]$/.test(code) ||
    code === '25P03'
  );
}

/** What node-postgres and pg-pool say when a connection is gone or never came; PGlite once closed. */
const DRIVER_MESSAGES = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect/,
  /^Query read timeout/,
  /is not queryable/,
  /^Cannot use a pool after calling end/,
  /^PGlite is clos(ed|ing)/,
];

/**
 * True when `error` (or what it was caused by) says the database cannot be reached or cannot answer
 * now: refused, reset or lost connections, connection and query time-outs, a statement cancelled by
 * its time-out, a server shutting down or out of resources, a closed embedded database.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const current = queue.shift();
    if (!current || typeof current !== 'object' || seen.has(current) || seen.size > 10) continue;
    seen.add(current);
    const { code, message, cause, errors } = current as {
      code?: unknown;
      message?: unknown;
      cause?: unknown;
      errors?: unknown;
    };
    if (typeof code === 'string') {
      if (NETWORK_CODES.has(code)) return true;
      if (/^[0-9A-Z]{5}$/.test(code) && unavailableSqlState(code)) return true;
    }
    if (typeof message === 'string' && DRIVER_MESSAGES.some((pattern) => pattern.test(message))) return true;
    queue.push(cause);
    // A refused connection to a name with several addresses comes as an AggregateError.
    if (Array.isArray(errors)) queue.push(...errors);
  }
  return false;
}

/** A short description of a database fault for a log line: a code, never a query or a value. */
export function faultCode(error: unknown): string {
  const { code, name } = (error ?? {}) as { code?: unknown; name?: unknown };
  if (typeof code === 'string' && code) return code;
  const message = (error as { message?: unknown })?.message;
  if (typeof message === 'string') {
    const known = DRIVER_MESSAGES.find((pattern) => pattern.test(message));
    if (known) return message.slice(0, 60);
  }
  return typeof name === 'string' ? name : 'unknown';
}

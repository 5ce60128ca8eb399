import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { REGION_TIME_ZONE } from '../../shared/time-zone.js';
import { type DatabaseTimeouts, DEFAULT_DB_TIMEOUTS } from './db/pool.js';

/** Everything Filet reads from its environment, validated once at start. */
export interface Config {
  /** PostgreSQL connection string; absent means the embedded PGlite database in `dataDir`. */
  databaseUrl: string | null;
  /** How long the server waits on PostgreSQL (the command line lifts the statement and query limits). */
  dbTimeouts: DatabaseTimeouts;
  dataDir: string;
  port: number;
  host: string;
  /** The address people reach Filet at; links in e-mails are built on it. */
  publicUrl: string;
  /** True when `publicUrl` is https: cookies get the Secure flag. */
  secureCookies: boolean;
  smtpUrl: string | null;
  mailFrom: string;
  /** 32 bytes; wraps the data keys of field encryption and keys the audit chain. */
  masterKey: Buffer;
  demo: boolean;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Region time zone for dates shown to people and for schedules. */
  timeZone: string;
  /** Directory holding the built web app (Vite output). */
  webDist: string;
  /** Run recurring jobs in this process (off in most tests). */
  runJobs: boolean;
  /** Requests per minute and client address on sign-in and other unauthenticated forms. */
  authRateLimit: number;
  /**
   * The reverse proxies believed about the client address (`X-Forwarded-For`), as addresses and CIDR
   * ranges; false: none, the client address is the connection's peer.
   */
  trustProxy: false | string[];
  /** Web-push (VAPID) identity of this Filet; null turns web push off. */
  vapid: VapidConfig | null;
  /**
   * Bearer token a Prometheus scraper must send to read `/metrics`. Null: `/metrics` answers 404,
   * except in demo mode, where it is open (invented data, listening on loopback by default).
   */
  metricsToken: string | null;
}

/** The application-server keys of web push (RFC 8292), base64url as `web-push generate-vapid-keys` prints them. */
export interface VapidConfig {
  publicKey: string;
  privateKey: string;
  /** `mailto:` or `https:` contact the push services can reach the operator at. */
  subject: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration invalide / invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/**
 * Every `FILET_*` variable Filet reads, here or in the command line: any other one stops the start, so a
 * misspelt setting is never silently ignored. Add a new setting here, one per line. The prefix
 * `FILET_TEST_` is reserved for the test harness (template databases, keys of test runs): Filet never
 * reads it, and it is not checked.
 */
export const KNOWN_SETTINGS: readonly string[] = [
  'FILET_ADMIN_PASSWORD',
  'FILET_AUTH_RATE_LIMIT',
  'FILET_DATA_DIR',
  'FILET_DB_CONNECT_TIMEOUT_MS',
  'FILET_DB_QUERY_TIMEOUT_MS',
  'FILET_DB_STATEMENT_TIMEOUT_MS',
  'FILET_DEBUG',
  'FILET_DEMO',
  'FILET_JOBS',
  'FILET_MASTER_KEY',
  'FILET_MASTER_KEY_FILE',
  'FILET_METRICS_TOKEN',
  'FILET_TRUST_PROXY',
  'FILET_VAPID_PRIVATE_KEY',
  'FILET_VAPID_PUBLIC_KEY',
  'FILET_VAPID_SUBJECT',
  'FILET_WEB_DIST',
];

/** Variables of the test harness, never read by Filet. */
const TEST_HARNESS_PREFIX = 'FILET_TEST_';

/** The built web app inside the package, wherever the command is run from. */
const PACKAGE_WEB_DIST = fileURLToPath(new URL('../../../dist/web', import.meta.url));

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function decodeMasterKey(raw: string, source: string, problems: string[]): Buffer | null {
  const trimmed = raw.trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed)) {
    problems.push(`${source}: must be 32 random bytes encoded in base64 (openssl rand -base64 32)`);
    return null;
  }
  const key = Buffer.from(trimmed, 'base64');
  if (key.length !== 32) {
    problems.push(`${source}: decodes to ${key.length} bytes; 32 are required (openssl rand -base64 32)`);
    return null;
  }
  return key;
}

/**
 * Reads and validates the configuration. Collects every problem before failing so an operator
 * fixes them in one pass. In demo mode a master key is generated into the data folder when none
 * is given; outside demo mode Filet refuses to start without one.
 */
export function loadConfig(env: Env = process.env, options: { demo?: boolean } = {}): Config {
  const problems: string[] = [];
  const demo = options.demo ?? env.FILET_DEMO === '1';

  const databaseUrl = env.DATABASE_URL?.trim() || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL: must start with postgres:// or postgresql://');
  }
  const dataDir = path.resolve(env.FILET_DATA_DIR?.trim() || './data');

  const port = Number(env.PORT ?? '3000');
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    problems.push(`PORT: "${env.PORT}" is not a port number (0–65535)`);
  }
  const host = env.HOST?.trim() || '127.0.0.1';

  let publicUrl = env.PUBLIC_URL?.trim() || `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  try {
    const url = new URL(publicUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
    publicUrl = url.origin;
  } catch {
    problems.push(`PUBLIC_URL: "${env.PUBLIC_URL}" is not an http(s) address`);
  }

  const smtpUrl = env.SMTP_URL?.trim() || null;
  if (smtpUrl && !/^smtps?:\/\//.test(smtpUrl))
    problems.push('SMTP_URL: must start with smtp:// or smtps://');
  if (!smtpUrl && !demo && env.NODE_ENV === 'production') {
    problems.push('SMTP_URL: required in production (invitations and password resets are sent by e-mail)');
  }
  const mailFrom = env.MAIL_FROM?.trim() || 'Filet <filet@filet.test>';

  const logLevel = (env.LOG_LEVEL?.trim() || 'info') as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL: must be one of ${LOG_LEVELS.join(', ')}`);

  let masterKey: Buffer | null = null;
  if (env.FILET_MASTER_KEY && env.FILET_MASTER_KEY_FILE) {
    problems.push('FILET_MASTER_KEY and FILET_MASTER_KEY_FILE: give one, not both');
  } else if (env.FILET_MASTER_KEY) {
    masterKey = decodeMasterKey(env.FILET_MASTER_KEY, 'FILET_MASTER_KEY', problems);
  } else if (env.FILET_MASTER_KEY_FILE) {
    const file = path.resolve(env.FILET_MASTER_KEY_FILE);
    if (!existsSync(file)) problems.push(`FILET_MASTER_KEY_FILE: ${file} does not exist`);
    else masterKey = decodeMasterKey(readFileSync(file, 'utf8'), 'FILET_MASTER_KEY_FILE', problems);
  } else if (demo) {
    masterKey = demoMasterKey(dataDir);
  } else {
    problems.push(
      'FILET_MASTER_KEY or FILET_MASTER_KEY_FILE: required outside demo mode (32 random bytes in base64: openssl rand -base64 32)',
    );
  }

  const authRateLimit = Number(env.FILET_AUTH_RATE_LIMIT ?? '30');
  if (!Number.isInteger(authRateLimit) || authRateLimit < 1) {
    problems.push('FILET_AUTH_RATE_LIMIT: must be a positive whole number of requests per minute');
  }

  const trustProxy = readTrustProxy(env.FILET_TRUST_PROXY, problems);

  const vapid = readVapid(env, mailFrom, problems);
  const dbTimeouts = readDbTimeouts(env, problems);

  const metricsToken = env.FILET_METRICS_TOKEN?.trim() || null;
  if (metricsToken !== null && !/^[A-Za-z0-9._~+/=-]{32,512}$/.test(metricsToken)) {
    problems.push(
      'FILET_METRICS_TOKEN: must be at least 32 characters without spaces (openssl rand -hex 32)',
    );
  }

  problems.push(...unknownSettings(env));

  if (problems.length > 0 || !masterKey) throw new ConfigError(problems);

  return {
    databaseUrl,
    dbTimeouts,
    dataDir,
    port,
    host,
    publicUrl,
    secureCookies: publicUrl.startsWith('https:'),
    smtpUrl,
    mailFrom,
    masterKey,
    demo,
    logLevel,
    timeZone: REGION_TIME_ZONE,
    webDist: env.FILET_WEB_DIST?.trim() ? path.resolve(env.FILET_WEB_DIST.trim()) : PACKAGE_WEB_DIST,
    runJobs: env.FILET_JOBS !== '0',
    authRateLimit,
    trustProxy,
    vapid,
    metricsToken,
  };
}

/** A whole number of milliseconds within bounds; null (and a problem) otherwise. */
function readMilliseconds(
  env: Env,
  name: string,
  fallback: number,
  bounds: { min: number; max: number; zeroMeans?: string },
  problems: string[],
): number | null {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  const zeroAllowed = bounds.zeroMeans !== undefined;
  if (
    !/^\d+$/.test(raw) ||
    (value !== 0 && (value < bounds.min || value > bounds.max)) ||
    (value === 0 && !zeroAllowed)
  ) {
    problems.push(
      `${name}: "${raw}" must be a whole number of milliseconds from ${bounds.min} to ${bounds.max}${zeroAllowed ? ` (0: ${bounds.zeroMeans})` : ''}`,
    );
    return null;
  }
  return value;
}

/**
 * The database time-outs. The query time-out (how long Filet waits for any answer) defaults to the
 * statement time-out plus five seconds, so PostgreSQL's own cancellation, with its clear error, comes
 * first; given both, it must be the longer.
 */
function readDbTimeouts(env: Env, problems: string[]): DatabaseTimeouts {
  const connectMs = readMilliseconds(
    env,
    'FILET_DB_CONNECT_TIMEOUT_MS',
    DEFAULT_DB_TIMEOUTS.connectMs,
    { min: 100, max: 120_000 },
    problems,
  );
  const statementMs = readMilliseconds(
    env,
    'FILET_DB_STATEMENT_TIMEOUT_MS',
    DEFAULT_DB_TIMEOUTS.statementMs,
    { min: 100, max: 3_600_000, zeroMeans: 'no limit' },
    problems,
  );
  const derivedQueryMs =
    statementMs === null ? DEFAULT_DB_TIMEOUTS.queryMs : statementMs === 0 ? 0 : statementMs + 5_000;
  const queryMs = readMilliseconds(
    env,
    'FILET_DB_QUERY_TIMEOUT_MS',
    derivedQueryMs,
    { min: 100, max: 3_600_000, zeroMeans: 'no limit' },
    problems,
  );
  if (
    statementMs !== null &&
    queryMs !== null &&
    env.FILET_DB_QUERY_TIMEOUT_MS?.trim() &&
    (statementMs === 0 ? queryMs !== 0 : queryMs !== 0 && queryMs <= statementMs)
  ) {
    problems.push(
      `FILET_DB_QUERY_TIMEOUT_MS: must be longer than FILET_DB_STATEMENT_TIMEOUT_MS (${statementMs === 0 ? 'no limit' : `${statementMs} ms`}), so PostgreSQL cancels a long statement before Filet stops waiting`,
    );
  }
  return {
    connectMs: connectMs ?? DEFAULT_DB_TIMEOUTS.connectMs,
    statementMs: statementMs ?? DEFAULT_DB_TIMEOUTS.statementMs,
    queryMs: queryMs ?? DEFAULT_DB_TIMEOUTS.queryMs,
  };
}

/** One line per `FILET_*` variable Filet does not know, naming the closest known one when there is one. */
export function unknownSettings(env: Env): string[] {
  const problems: string[] = [];
  for (const name of Object.keys(env).sort()) {
    if (!name.startsWith('FILET_') || name.startsWith(TEST_HARNESS_PREFIX)) continue;
    if (KNOWN_SETTINGS.includes(name)) continue;
    const near = closest(name, KNOWN_SETTINGS);
    problems.push(`${name}: unknown setting${near ? ` (did you mean ${near}?)` : ''}`);
  }
  return problems;
}

/** The known name within a few typing mistakes of `name`, if any. */
function closest(name: string, known: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of known) {
    const distance = editDistance(name, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= 3 ? best : null;
}

/** Levenshtein distance (insertions, deletions, substitutions), two rows at a time. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * `FILET_TRUST_PROXY`: absent means the client address is the peer of the connection and
 * `X-Forwarded-For` is ignored; otherwise a comma-separated list of the proxies' addresses or CIDR
 * ranges. A bare number of proxies is refused: it cannot tell a proxy from a client that reaches Filet
 * directly and writes its own X-Forwarded-For (Fastify itself no longer honours it).
 */
function readTrustProxy(raw: string | undefined, problems: string[]): Config['trustProxy'] {
  const value = raw?.trim() ?? '';
  if (value === '') return false;
  if (/^\d+$/.test(value)) {
    problems.push(
      'FILET_TRUST_PROXY: a number of proxies cannot tell a proxy from a client that reaches Filet directly; give the proxies’ addresses or CIDR ranges, separated by commas (e.g. 127.0.0.1 or 10.0.0.5,10.0.1.0/24)',
    );
    return false;
  }
  const entries = value.split(',').map((entry) => entry.trim());
  const bad = entries.filter((entry) => !isAddressOrRange(entry));
  if (bad.length > 0) {
    problems.push(
      `FILET_TRUST_PROXY: ${bad.map((entry) => `"${entry}"`).join(', ')} is not an IP address or CIDR range (give the number of proxies, or their addresses separated by commas, e.g. 10.0.0.5,10.0.1.0/24)`,
    );
    return false;
  }
  return entries;
}

function isAddressOrRange(entry: string): boolean {
  const [address = '', prefix, ...rest] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (version === 4 ? 32 : 128);
}

/** Both keys or neither; the subject defaults to the sender address of Filet's e-mails. */
function readVapid(env: Env, mailFrom: string, problems: string[]): VapidConfig | null {
  const publicKey = env.FILET_VAPID_PUBLIC_KEY?.trim() || '';
  const privateKey = env.FILET_VAPID_PRIVATE_KEY?.trim() || '';
  const given = env.FILET_VAPID_SUBJECT?.trim() || '';
  if (!publicKey && !privateKey) {
    if (given)
      problems.push(
        'FILET_VAPID_SUBJECT: only meaningful with FILET_VAPID_PUBLIC_KEY and FILET_VAPID_PRIVATE_KEY',
      );
    return null;
  }
  const before = problems.length;
  const base64url = /^[A-Za-z0-9_-]+$/;
  if (!publicKey || !privateKey) {
    problems.push(
      'FILET_VAPID_PUBLIC_KEY and FILET_VAPID_PRIVATE_KEY: give both (npx web-push generate-vapid-keys) or neither',
    );
    return null;
  }
  const pub = base64url.test(publicKey) ? Buffer.from(publicKey, 'base64url') : null;
  if (pub?.length !== 65 || pub[0] !== 4) {
    problems.push('FILET_VAPID_PUBLIC_KEY: must be an uncompressed P-256 public key in base64url (65 bytes)');
  }
  const priv = base64url.test(privateKey) ? Buffer.from(privateKey, 'base64url') : null;
  if (priv?.length !== 32) {
    problems.push('FILET_VAPID_PRIVATE_KEY: must be a P-256 private key in base64url (32 bytes)');
  }
  const address = /<([^<>\s]+@[^<>\s]+)>/.exec(mailFrom)?.[1] ?? mailFrom.trim();
  const subject = given || `mailto:${address}`;
  if (!/^mailto:[^\s@]+@[^\s@]+$/.test(subject) && !/^https:\/\/[^\s]+$/.test(subject)) {
    problems.push('FILET_VAPID_SUBJECT: must be a mailto: address or an https:// address');
  }
  return problems.length > before ? null : { publicKey, privateKey, subject };
}

/** The demo keeps its generated key beside its data, readable by the owner only. */
function demoMasterKey(dataDir: string): Buffer {
  const file = path.join(dataDir, 'master.key');
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return key;
}

import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/server/app.js';
import { sessionCookieName } from '../../src/server/platform/auth/auth.plugin.js';
import { hashPassword } from '../../src/server/platform/auth/passwords.js';
import { newTotpSecret } from '../../src/server/platform/auth/totp.js';
import { type Config, loadConfig } from '../../src/server/platform/config.js';
import { type Database, openDatabase } from '../../src/server/platform/db/database.js';
import type { Platform } from '../../src/server/platform/platform.js';
import type { Locale, OrganisationType, Role } from '../../src/shared/roles.js';
import { createTestDatabase, testDatabaseUrlFor } from './database.js';

export const TEST_PASSWORD = 'Correct-cheval-pile-agrafe';
let passwordHash: Promise<string> | null = null;

export interface TestPerson {
  id: string;
  email: string;
  organisationId: string;
  roles: Role[];
  totpSecret: string | null;
}

/** A signed-in client: every request carries the session cookie and the CSRF token. */
export interface Agent {
  person: TestPerson;
  /** The stored session id (hash of the cookie token). */
  sessionId: string;
  cookie: string;
  csrfToken: string;
  inject(options: InjectOptions): Promise<LightMyRequestResponse>;
}

export interface TestApp {
  app: FastifyInstance;
  platform: Platform;
  database: Database;
  config: Config;
  close(): Promise<void>;
  createOrganisation(
    overrides?: Partial<{ name: string; type: OrganisationType; region: string }>,
  ): Promise<string>;
  createPerson(options?: {
    roles?: Role[];
    organisationId?: string;
    email?: string;
    status?: 'active' | 'invited' | 'disabled';
    locale?: Locale;
    totp?: boolean;
    givenName?: string;
    familyName?: string;
  }): Promise<TestPerson>;
  /** A session for a person (TOTP verified), created as a sign-in would create it. */
  signIn(person: TestPerson, options?: { mfaVerified?: boolean }): Promise<Agent>;
  /** Shorthand: a new person with these roles, signed in. */
  as(roles: Role[] | Role, options?: { organisationId?: string }): Promise<Agent>;
}

let counter = 0;
function unique(prefix: string): string {
  counter += 1;
  return `${prefix}-${process.pid}-${counter}-${Math.random().toString(36).slice(2, 7)}`;
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  const base = loadConfig(
    {
      FILET_MASTER_KEY: process.env.FILET_TEST_MASTER_KEY,
      FILET_DATA_DIR: process.env.FILET_TEST_DIR ?? '/tmp/filet-test',
      LOG_LEVEL: 'silent',
      PUBLIC_URL: 'http://filet.test',
      FILET_AUTH_RATE_LIMIT: '10000',
      FILET_JOBS: '0',
    },
    { demo: false },
  );
  return { ...base, ...overrides };
}

/** Builds the real Filet app over a fresh real database (PGlite, or PostgreSQL with DATABASE_URL). */
export async function createTestApp(
  options: { config?: Partial<Config>; now?: () => Date; database?: Database; serveWebApp?: boolean } = {},
): Promise<TestApp> {
  const config = testConfig(options.config);
  const database = options.database ?? (await createTestDatabase());
  const app = await buildApp({
    config,
    database,
    logger: false,
    serveWebApp: options.serveWebApp ?? false,
    ...(options.now ? { now: options.now } : {}),
  });
  await app.ready();
  const platform = app.platform;
  let defaultOrganisation: string | null = null;

  const testApp: TestApp = {
    app,
    platform,
    database,
    config,
    async close() {
      await app.close();
      await database.close();
    },
    async createOrganisation(overrides = {}) {
      const row = await platform.db
        .insertInto('organisations')
        .values({
          name: overrides.name ?? unique('Organisation fictive'),
          type: overrides.type ?? 'community',
          region: overrides.region ?? 'Région fictive',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },
    async createPerson(opts = {}) {
      if (!opts.organisationId && !defaultOrganisation)
        defaultOrganisation = await testApp.createOrganisation();
      const organisationId = opts.organisationId ?? defaultOrganisation!;
      const email = opts.email ?? `${unique('personne')}@exemple.test`;
      const status = opts.status ?? 'active';
      const roles = opts.roles ?? ['worker'];
      passwordHash ??= hashPassword(TEST_PASSWORD);
      const hash = await passwordHash;
      const totpSecret = opts.totp === false || status === 'invited' ? null : newTotpSecret();
      const id = await platform.db.transaction().execute(async (trx) => {
        const person = await trx
          .insertInto('people')
          .values({
            organisation_id: organisationId,
            given_name: opts.givenName ?? 'Test',
            family_name: opts.familyName ?? 'Fictif',
            email,
            status,
            locale: opts.locale ?? 'fr-CA',
            ...(status === 'disabled' ? { disabled_at: new Date() } : {}),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        if (roles.length > 0) {
          await trx
            .insertInto('person_roles')
            .values(roles.map((role) => ({ person_id: person.id, role })))
            .execute();
        }
        if (status !== 'invited') {
          await trx
            .insertInto('credentials')
            .values({
              person_id: person.id,
              password_hash: hash,
              totp_secret: totpSecret
                ? platform.keyring.encrypt(totpSecret, `credentials.totp_secret:${person.id}`)
                : null,
              totp_enrolled_at: totpSecret ? new Date() : null,
            })
            .execute();
        }
        return person.id;
      });
      return { id, email, organisationId, roles, totpSecret };
    },
    async signIn(person, signInOptions = {}) {
      const session = await platform.db.transaction().execute((trx) =>
        platform.sessions.create(trx, person.id, {
          mfaVerified: signInOptions.mfaVerified ?? true,
          userAgent: 'vitest',
        }),
      );
      const cookie = `${sessionCookieName(config.secureCookies)}=${session.token}`;
      const csrfToken = platform.sessions.csrfToken(session.id);
      return {
        person,
        sessionId: session.id,
        cookie,
        csrfToken,
        inject(injectOptions) {
          const headers = { ...(injectOptions.headers ?? {}), cookie, 'x-csrf-token': csrfToken };
          return app.inject({ ...injectOptions, headers });
        },
      };
    },
    async as(roles, asOptions = {}) {
      const person = await testApp.createPerson({
        roles: Array.isArray(roles) ? roles : [roles],
        ...(asOptions.organisationId ? { organisationId: asOptions.organisationId } : {}),
      });
      return testApp.signIn(person);
    },
  };
  return testApp;
}

/**
 * Another Filet node over the database of `t`, as a second process behind the same proxy would be: its
 * own app and memory and, on PostgreSQL, its own connection pool (PGlite lives inside one process, so
 * the nodes share it). `close()` stops this node only; the database stays with `t`.
 */
export async function createSiblingApp(
  t: TestApp,
  options: { config?: Partial<Config>; now?: () => Date } = {},
): Promise<TestApp> {
  const url = testDatabaseUrlFor(t.database);
  const database: Database = url
    ? await openDatabase({ databaseUrl: url, dataDir: '', poolSize: 5 })
    : { ...t.database, close: async () => {} };
  return createTestApp({ ...options, database });
}

/** Reads the Set-Cookie session token of a response (sign-in, invitation, enrolment). */
export function sessionCookieFrom(response: LightMyRequestResponse): string | null {
  const cookie = response.cookies.find((c) => c.name.endsWith('filet_session'));
  return cookie ? `${cookie.name}=${cookie.value}` : null;
}

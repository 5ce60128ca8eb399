import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { AuditWriter } from './audit/audit.js';
import type { SessionStore } from './auth/session-store.js';
import type { PermissionRegistry } from './authz/permissions.js';
import type { Config } from './config.js';
import type { Keyring } from './crypto/keyring.js';
import type { Database } from './db/database.js';
import type { DB } from './db/schema.js';
import type { FileStore } from './files/file-store.js';
import type { HandoverRegistry } from './handover/handover.js';
import type { Jobs } from './jobs/jobs.js';
import type { Notifier } from './notify/notify.js';
import type { AnnualReportRegistry } from './reports/annual-report.js';
import type { Throttles } from './throttle/throttles.js';

/** What every module receives from the platform. Built once in `createPlatform`. */
export interface Platform {
  config: Config;
  database: Database;
  db: Kysely<DB>;
  keyring: Keyring;
  audit: AuditWriter;
  notifier: Notifier;
  jobs: Jobs;
  sessions: SessionStore;
  permissions: PermissionRegistry;
  files: FileStore;
  handover: HandoverRegistry;
  annualReport: AnnualReportRegistry;
  /** Request throttles shared by every process (PostgreSQL); they never store a client address. */
  throttles: Throttles;
  logger: FastifyBaseLogger;
  now: () => Date;
}

declare module 'fastify' {
  interface FastifyInstance {
    platform: Platform;
  }
  interface FastifyRequest {
    locale: import('../../shared/roles.js').Locale;
    actor: import('./authz/actor.js').Actor | null;
  }
}

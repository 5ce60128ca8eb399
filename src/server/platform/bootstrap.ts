import type { FastifyBaseLogger } from 'fastify';
import { createAuditWriter } from './audit/audit.js';
import { SessionStore } from './auth/session-store.js';
import { PermissionRegistry } from './authz/permissions.js';
import type { Config } from './config.js';
import { Keyring } from './crypto/keyring.js';
import type { Database } from './db/database.js';
import { FileStore } from './files/file-store.js';
import { HandoverRegistry } from './handover/handover.js';
import { createJobs } from './jobs/scheduler.js';
import { createNotifier } from './notify/notifier.js';
import type { Platform } from './platform.js';
import { AnnualReportRegistry } from './reports/annual-report.js';
import { Throttles } from './throttle/throttles.js';

/**
 * Assembles the platform services over an open, migrated database: keyring (loaded, so a wrong master
 * key stops the start here), audit writer, sessions, notifications, jobs and the shared throttles.
 */
export async function createPlatform(
  config: Config,
  database: Database,
  logger: FastifyBaseLogger,
  options: { now?: () => Date } = {},
): Promise<Platform> {
  const now = options.now ?? (() => new Date());
  const keyring = new Keyring(config.masterKey);
  await keyring.load(database.db);
  const audit = createAuditWriter(() => keyring.auditChainKey(), now);
  const sessions = new SessionStore({ database, keyring, now });
  // Revocations made by other processes reach this one's session cache through the notifier's LISTEN.
  const notifier = createNotifier({
    database,
    keyring,
    config,
    logger,
    now,
    onSessionMessage: (m) => sessions.forget(m),
  });
  const jobs = createJobs({ db: database.db, logger, timeZone: config.timeZone, now });
  return {
    config,
    database,
    db: database.db,
    keyring,
    audit,
    notifier,
    jobs,
    sessions,
    permissions: new PermissionRegistry(),
    files: new FileStore(keyring),
    handover: new HandoverRegistry(),
    annualReport: new AnnualReportRegistry(),
    throttles: new Throttles({ db: database.db, secret: keyring.derive('throttle'), now }),
    logger,
    now,
  };
}
export { openMigratedDatabase } from './db/database-setup.js';

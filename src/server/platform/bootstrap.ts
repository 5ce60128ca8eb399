import type { FastifyBaseLogger } from 'fastify';
import { createAuditWriter } from './audit/audit.js';
import { SessionStore } from './auth/session-store.js';
import { PermissionRegistry } from './authz/permissions.js';
import type { Config } from './config.js';
import { Keyring } from './crypto/keyring.js';
import { KEYRING_CHANNEL } from './crypto/rotate.js';
import type { Database } from './db/database.js';
import { faultCode } from './db/faults.js';
import { FileStore } from './files/file-store.js';
import { HandoverRegistry } from './handover/handover.js';
import { createJobs } from './jobs/scheduler.js';
import { createNotifier } from './notify/notifier.js';
import type { Notifier } from './notify/notify.js';
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
  // Revocations made by other processes reach this one's session cache through the notifier's LISTEN,
  // and a key rotation (`filet keys rotate`) makes every server read the keys again.
  const reloadKeys = () =>
    keyring.reload(database.db).catch((error: unknown) => {
      logger.error({ reason: faultCode(error) }, 'reloading the keys after a rotation failed');
    });
  const notifier: Notifier = createNotifier({
    database,
    keyring,
    config,
    logger,
    now,
    onSessionMessage: (m) => sessions.forget(m),
    extraChannels: { [KEYRING_CHANNEL]: () => void reloadKeys() },
    // The signals sent while the connection was lost never come: read again what they would have said.
    onListenerRestored: async () => {
      sessions.forgetAll();
      const open = notifier.openSessions();
      const live = await sessions.liveAmong(open);
      for (const id of open) if (!live.has(id)) notifier.disconnectSession(id);
      await keyring.reload(database.db);
    },
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

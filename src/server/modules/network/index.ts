import type { FastifyPluginAsync } from 'fastify';
import { networkPermissions } from './network.policy.js';
import { networkReportContributor } from './network.report.js';
import { networkRoutes } from './network.routes.js';
import { queueDigests, refreshWarnings } from './warnings.service.js';

// What other modules read of the network: pivots and their mandates, and where the count of trained
// pivots reads the prerequisite training.
export {
  type ActivePivot,
  activePivots,
  holdsActiveMandate,
  peopleReached,
  type ReachRules,
} from './network.service.js';
export { type PivotOnDuty, pivotsOnDuty } from './reach.repository.js';
export {
  DeclaredTrainingSource,
  type PrerequisiteTrainingSource,
  prerequisiteTrainingSource,
  setPrerequisiteTrainingSource,
} from './training-source.js';

/**
 * The network module: partners' agreements, contacts and zones of contribution, pivot mandates and
 * their coverage against targets, warnings and the weekly digest, succession with hand-over, the
 * directory, and the network's section of the annual report.
 */
export const networkModule: FastifyPluginAsync = async (app) => {
  const platform = app.platform;
  platform.permissions.add(networkPermissions);
  platform.annualReport.register(networkReportContributor);

  // Daily: open warnings for organisations under target and pivots leaving within 60 days.
  platform.jobs.define('network.warnings', async () => {
    await platform.db.transaction().execute(async (trx) => {
      const opened = await refreshWarnings(platform, trx);
      if (opened > 0)
        await platform.audit.append(trx, {
          actor: null,
          action: 'network.warnings.refresh',
          meta: { opened },
        });
    });
  });
  platform.jobs.schedule('network.warnings', '30 6 * * *');
  // Weekly digest, Monday 7:00 in the region's time zone.
  platform.jobs.define('network.digest', async () => {
    await queueDigests(platform);
  });
  platform.jobs.schedule('network.digest', '0 7 * * 1');

  await app.register(networkRoutes);
};

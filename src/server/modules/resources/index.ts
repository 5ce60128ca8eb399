import type { FastifyPluginAsync } from 'fastify';
import { flagStaleServices } from './directory.service.js';
import { hsdsRoutes } from './hsds.routes.js';
import { resourcesPermissions } from './resources.policy.js';
import { directoryRoutes } from './resources.routes.js';
import './resources.table.js';
import { publicDirectoryRoutes } from './public.routes.js';
import { referralsReportContributor } from './referral-figures.service.js';
import { purgeFollowedPeople } from './referral-retention.service.js';
import { escalateOverdue, referralsHandover } from './referral-workflow.service.js';
import './referrals.fields.js';
import { referralsPermissions } from './referrals.policy.js';
import { referralRoutes } from './referrals.routes.js';
import './referrals.table.js';
import { searchRoutes } from './search.routes.js';

// What other modules read of the directory: the names of services (a consultation's suggested resources).
export { serviceNames } from './directory.repository.js';

/**
 * The resources module: the service trajectory. Today: a directory of help resources kept by the
 * partners and the table (organisations, services, locations with sealed addresses, safe places and
 * their capacity, stale entries), its search, the public directory pages, and the Open Referral
 * (HSDS 3.0) export and import; closed-loop referrals under a recorded consent (people followed,
 * consents, referrals and their workflow, trajectories, the register of disclosures, the table's
 * figures).
 */
export const resourcesModule: FastifyPluginAsync = async (app) => {
  const platform = app.platform;
  platform.permissions.add(resourcesPermissions);

  // Keeping the directory. Daily: entries not confirmed for the table's period are flagged once to
  // their keepers.
  platform.jobs.define('resources.stale', async () => {
    await flagStaleServices(platform);
  });
  platform.jobs.schedule('resources.stale', '15 6 * * *');
  await app.register(directoryRoutes, { prefix: '/api' });

  // The staff search (GET /api/resources/services) and the public directory's server-rendered pages.
  await app.register(searchRoutes, { prefix: '/api' });
  await app.register(publicDirectoryRoutes);

  // Open Referral (HSDS 3.0) export (the public subset, and every entry for the table coordination)
  // and import (the table coordination: dry run, then apply).
  await app.register(hsdsRoutes);

  // Referrals. Every 15 minutes: referrals left without an answer past their due time are escalated
  // to the receiving organisation's coordinators. Open referrals follow a pivot's successor.
  platform.permissions.add(referralsPermissions);
  platform.jobs.define('resources.referrals_overdue', async () => {
    await escalateOverdue(platform);
  });
  platform.jobs.schedule('resources.referrals_overdue', '*/15 * * * *');
  // Nightly: people followed with nothing open for two years lose what identifies them.
  platform.jobs.define('resources.referrals_retention', async () => {
    await purgeFollowedPeople(platform);
  });
  platform.jobs.schedule('resources.referrals_retention', '40 3 * * *');
  platform.handover.register(referralsHandover(platform));
  platform.annualReport.register(referralsReportContributor);
  await app.register(referralRoutes, { prefix: '/api' });
};

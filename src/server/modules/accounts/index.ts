import type { FastifyPluginAsync } from 'fastify';
import { accessPermissions } from './access.policy.js';
import { accessRoutes } from './access.routes.js';
import { remindAccessReviews } from './access-review.service.js';
import { accountsPermissions } from './accounts.policy.js';
import { accountsRoutes } from './accounts.routes.js';

// What other modules read of organisations: the resources search ranks services of the reader's region first.
export { getOrganisation } from './accounts.service.js';

/**
 * The accounts module: partner organisations and the people of the table, with their roles; consent
 * of each organisation to the roles that open its cases, its access review, and emergency access.
 */
export const accountsModule: FastifyPluginAsync = async (app) => {
  const platform = app.platform;
  platform.permissions.add(accountsPermissions);
  platform.permissions.add(accessPermissions);
  // Daily at 8:00: organisations whose access review is due are reminded to attest it.
  platform.jobs.define('accounts.access_review_reminders', async () => {
    await remindAccessReviews(platform);
  });
  platform.jobs.schedule('accounts.access_review_reminders', '0 8 * * *');
  await app.register(accountsRoutes);
  await app.register(accessRoutes);
};

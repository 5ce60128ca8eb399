import type { FastifyPluginAsync } from 'fastify';
import { publishDue } from './announcements.service.js';
import { governancePermissions } from './governance.policy.js';
import { governanceReportContributor } from './governance.report.js';
import { governanceRoutes } from './governance.routes.js';
import { remindOverdue } from './plan.service.js';

/** The governance module: the table's meetings and calendar, action plan, announcements, annual report. */
export const governanceModule: FastifyPluginAsync = async (app) => {
  const platform = app.platform;
  platform.permissions.add(governancePermissions);
  platform.annualReport.register(governanceReportContributor(platform.now));
  platform.jobs.define('governance.plan_overdue', async () => {
    await remindOverdue(platform);
  });
  platform.jobs.schedule('governance.plan_overdue', '0 7 * * *');
  platform.jobs.define('governance.publish_announcements', async () => {
    await publishDue(platform);
  });
  platform.jobs.schedule('governance.publish_announcements', '*/5 * * * *');
  await app.register(governanceRoutes);
};

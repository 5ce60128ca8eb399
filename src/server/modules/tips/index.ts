import type { FastifyPluginAsync } from 'fastify';
import './tips.fields.js';
import { tipsPermissions } from './tips.policy.js';
import { tipsPublicRoutes } from './tips.public.routes.js';
import { tipsReportContributor } from './tips.report.js';
import { tipsApiRoutes } from './tips.routes.js';
import { DIGEST_CRON, DIGEST_JOB, destroyExpiredTips, sendTipDigests } from './tips.service.js';

/** Name of the daily retention job. */
export const TIPS_RETENTION_JOB = 'tips.retention';

/**
 * The tips module: the public confidential tip line (/signalement, /en/report) and the police triage
 * desk (/api/tips). Registered without a prefix because it serves public pages as well as its API.
 */
export const tipsModule: FastifyPluginAsync = async (app) => {
  const platform = app.platform;
  platform.permissions.add(tipsPermissions);
  platform.annualReport.register(tipsReportContributor);
  platform.jobs.define(TIPS_RETENTION_JOB, async () => {
    await destroyExpiredTips(platform);
  });
  platform.jobs.schedule(TIPS_RETENTION_JOB, '17 3 * * *');
  // "New items" notices on a fixed schedule, never at submission time (timing must not point at a tip).
  platform.jobs.define(DIGEST_JOB, async () => {
    await sendTipDigests(platform);
  });
  platform.jobs.schedule(DIGEST_JOB, DIGEST_CRON);
  await app.register(tipsApiRoutes, { prefix: '/api' });
  await app.register(tipsPublicRoutes);
};

import type { FastifyPluginAsync } from 'fastify';
import './tips.fields.js';
import { DIGEST_CRON, DIGEST_JOB, sendTipDigests } from './digest.service.js';
import { destroyExpiredTips } from './retention.service.js';
import { destroyExpiredHandoffs } from './tips.line.service.js';
import { tipsPermissions } from './tips.policy.js';
import { tipsPublicRoutes } from './tips.public.routes.js';
import { tipsReportContributor } from './tips.report.js';
import { tipsApiRoutes } from './tips.routes.js';

/** Name of the daily retention job. */
export const TIPS_RETENTION_JOB = 'tips.retention';
/** Name of the job that deletes receipt pages past their window and spent form tokens past expiry. */
export const TIPS_HANDOFF_CLEANUP_JOB = 'tips.handoff_cleanup';

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
  // The receipt page also refuses a ticket past its window; the job removes the sealed row itself.
  platform.jobs.define(TIPS_HANDOFF_CLEANUP_JOB, async () => {
    await destroyExpiredHandoffs(platform);
  });
  platform.jobs.schedule(TIPS_HANDOFF_CLEANUP_JOB, '*/5 * * * *');
  await app.register(tipsApiRoutes, { prefix: '/api' });
  await app.register(tipsPublicRoutes);
};

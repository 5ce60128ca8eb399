import type { FastifyPluginAsync } from 'fastify';
import { ALERTS_EMAIL_JOB, sendAlertEmails } from './alert-emails.service.js';
import { ALERTS_ESCALATE_JOB, escalateOverdueAlerts } from './alert-life.service.js';
import { alertsPermissions } from './alerts.policy.js';
import { alertsReportContributor } from './alerts.report.js';
import { alertsRoutes } from './alerts.routes.js';
import { ALERTS_PURGE_JOB, purgeClosedAlerts } from './close.service.js';
import { ALERTS_PROFILE_RETENTION_JOB, destroyExpiredProfiles } from './profile-archive.service.js';
import { ALERTS_REVIEW_JOB, remindProfileReviews } from './profiles.service.js';

/** Rapid alerts on young people at risk: profiles, alerts, acknowledgement, escalation, close, purge. */
export const alertsModule: FastifyPluginAsync = async (app) => {
  const platform = app.platform;
  platform.permissions.add(alertsPermissions);
  platform.annualReport.register(alertsReportContributor);
  platform.jobs.define(ALERTS_EMAIL_JOB, async (payload) => {
    await sendAlertEmails(platform, payload);
  });
  platform.jobs.define(ALERTS_ESCALATE_JOB, async () => {
    await escalateOverdueAlerts(platform);
  });
  platform.jobs.define(ALERTS_PURGE_JOB, async () => {
    await purgeClosedAlerts(platform);
  });
  platform.jobs.define(ALERTS_REVIEW_JOB, async () => {
    await remindProfileReviews(platform);
  });
  platform.jobs.define(ALERTS_PROFILE_RETENTION_JOB, async () => {
    await destroyExpiredProfiles(platform);
  });
  // Escalation is checked every minute; the purge hourly; review reminders each morning; archived
  // profiles past their retention period are destroyed each night.
  platform.jobs.schedule(ALERTS_ESCALATE_JOB, '* * * * *');
  platform.jobs.schedule(ALERTS_PURGE_JOB, '23 * * * *');
  platform.jobs.schedule(ALERTS_REVIEW_JOB, '7 8 * * *');
  platform.jobs.schedule(ALERTS_PROFILE_RETENTION_JOB, '41 3 * * *');
  await app.register(alertsRoutes);
};

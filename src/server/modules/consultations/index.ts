import type { FastifyPluginAsync } from 'fastify';
import './consultations.fields.js';
import { consultationsPermissions } from './consultations.policy.js';
import { consultationRoutes } from './consultations.routes.js';
import './consultations.table.js';
import { consultationsReportContributor } from './figures.service.js';
import { knowledgeRoutes } from './knowledge.routes.js';
import { consultationsHandover, destroyExpiredThreads, escalateOverdue } from './lifecycle.service.js';

/**
 * The consultations module (the expertise cell): workers ask the pivots for advice on de-identified
 * situations; routing by expertise, language, organisation and region; taking, the thread, bringing in
 * and handing over, the close; due times and escalation; know-how entries; retention of threads; the
 * table's settings and figures.
 */
export const consultationsModule: FastifyPluginAsync = async (app) => {
  const platform = app.platform;
  platform.permissions.add(consultationsPermissions);
  // Every 15 minutes: overdue consultations are escalated once to the asked pivots' coordinators.
  platform.jobs.define('consultations.overdue', async () => {
    await escalateOverdue(platform);
  });
  platform.jobs.schedule('consultations.overdue', '*/15 * * * *');
  // Nightly: threads closed longer than the table's retention period are destroyed (tombstones stay).
  platform.jobs.define('consultations.retention', async () => {
    await destroyExpiredThreads(platform);
  });
  platform.jobs.schedule('consultations.retention', '50 3 * * *');
  platform.handover.register(consultationsHandover(platform));
  platform.annualReport.register(consultationsReportContributor);
  await app.register(consultationRoutes, { prefix: '/api' });
  await app.register(knowledgeRoutes, { prefix: '/api' });
};

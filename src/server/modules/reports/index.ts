import type { FastifyPluginAsync } from 'fastify';
import { overviewContributor } from './reports.overview.js';
import { reportsPermissions } from './reports.policy.js';
import { reportsRoutes } from './reports.routes.js';

/**
 * The reports module: the table's annual report as a web page, a PDF and a CSV. Other modules add
 * their sections through `platform.annualReport`; this one contributes the year at a glance.
 */
export const reportsModule: FastifyPluginAsync = async (app) => {
  app.platform.permissions.add(reportsPermissions);
  app.platform.annualReport.register(overviewContributor);
  await app.register(reportsRoutes);
};

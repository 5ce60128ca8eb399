import type { FastifyPluginAsync } from 'fastify';
import { glossaryRoutes } from './glossary.routes.js';
import './observatory.fields.js';
import { observatoryPermissions } from './observatory.policy.js';
import './observatory.table.js';
import { observationRoutes } from './observations.routes.js';
import { researchRoutes } from './research.routes.js';
import { observatoryReportContributor } from './trends.service.js';

/**
 * The observatory module: pivots' de-identified observations of the phenomenon (free texts reviewed
 * by the table, verification), the platforms list, the shared bilingual glossary, trends for the table
 * and the organisations' coordinators (and the annual report), research exports with small-cell
 * suppression and research questions.
 */
export const observatoryModule: FastifyPluginAsync = async (app) => {
  const platform = app.platform;
  platform.permissions.add(observatoryPermissions);
  platform.annualReport.register(observatoryReportContributor);
  await app.register(observationRoutes, { prefix: '/api' });
  await app.register(glossaryRoutes, { prefix: '/api' });
  await app.register(researchRoutes, { prefix: '/api' });
};

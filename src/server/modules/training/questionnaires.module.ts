import type { FastifyPluginAsync } from 'fastify';
import { evaluationPages } from './evaluation.pages.js';
import { announceEvaluations } from './evaluation-announcements.service.js';
import { trainingReportContributor } from './figures.report.js';
import { questionnairePermissions } from './questionnaires.policy.js';
import { questionnairesRoutes } from './questionnaires.routes.js';

/** Evaluations and needs surveys (one questionnaire engine) and the trained-worker figures. */
export const questionnairesModule: FastifyPluginAsync = async (app) => {
  const platform = app.platform;
  platform.permissions.add(questionnairePermissions);
  platform.annualReport.register(trainingReportContributor);
  // Hourly: participants of sessions that just ended are told, once, that the evaluation is open (outside
  // professionals by e-mail, with the link to the public form).
  platform.jobs.define('training.evaluations_announce', async () => {
    await announceEvaluations(platform);
  });
  platform.jobs.schedule('training.evaluations_announce', '20 * * * *');
  await app.register(questionnairesRoutes, { prefix: '/api' });
  await app.register(evaluationPages);
};

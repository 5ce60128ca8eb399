import type { FastifyPluginAsync } from 'fastify';
import { questionnairesModule } from './questionnaires.module.js';
import { trainingCoreModule } from './training.module.js';

/**
 * The training programme: catalogue, sessions, registrations and wait lists, attendance, certificates
 * (training.module.ts), and the questionnaire engine behind evaluations and needs surveys, with the
 * trained-worker figures (questionnaires.module.ts).
 */
export const trainingModule: FastifyPluginAsync = async (app) => {
  await app.register(trainingCoreModule);
  await app.register(questionnairesModule);
};

import type { FastifyPluginAsync } from 'fastify';

/** Evaluations and needs surveys (one questionnaire engine) and the trained-worker figures. */
export const questionnairesModule: FastifyPluginAsync = async () => {};

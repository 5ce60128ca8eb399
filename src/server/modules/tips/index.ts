import type { FastifyPluginAsync } from 'fastify';

/** The tips module (being built): the confidential tip line and its police triage desk. */
export const tipsModule: FastifyPluginAsync = async () => {};

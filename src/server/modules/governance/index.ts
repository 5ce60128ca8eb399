import type { FastifyPluginAsync } from 'fastify';

/** The governance module (being built). */
export const governanceModule: FastifyPluginAsync = async () => {};

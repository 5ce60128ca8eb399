import type { FastifyPluginAsync } from 'fastify';

/** The network module (being built). */
export const networkModule: FastifyPluginAsync = async () => {};

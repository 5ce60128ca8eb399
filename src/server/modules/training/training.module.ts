import type { FastifyPluginAsync } from 'fastify';

/** Catalogue, sessions, registrations, attendance and certificates. */
export const trainingCoreModule: FastifyPluginAsync = async () => {};

import type { FastifyPluginAsync } from 'fastify';

/** Rapid alerts on young people at risk: profiles, alerts, acknowledgement, escalation, close, purge. */
export const alertsModule: FastifyPluginAsync = async () => {};

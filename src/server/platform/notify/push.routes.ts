import type { FastifyPluginAsync } from 'fastify';

/** Web-push subscriptions of the signed-in person (opt-in per device). */
export const pushRoutes: FastifyPluginAsync = async () => {};

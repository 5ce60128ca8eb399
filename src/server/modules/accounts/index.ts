import type { FastifyPluginAsync } from 'fastify';
import { accountsPermissions } from './accounts.policy.js';
import { accountsRoutes } from './accounts.routes.js';

/** The accounts module: partner organisations and the people of the table, with their roles. */
export const accountsModule: FastifyPluginAsync = async (app) => {
  app.platform.permissions.add(accountsPermissions);
  await app.register(accountsRoutes);
};

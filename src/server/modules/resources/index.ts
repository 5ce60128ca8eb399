import type { FastifyPluginAsync } from 'fastify';
import { flagStaleServices } from './directory.service.js';
import { resourcesPermissions } from './resources.policy.js';
import { directoryRoutes } from './resources.routes.js';
import './resources.table.js';
import { publicDirectoryRoutes } from './public.routes.js';
import { searchRoutes } from './search.routes.js';

/**
 * The resources module: the service trajectory. A directory of help resources kept by the partners and
 * the table (services, locations, safe places and their capacity), its search and its public pages,
 * Open Referral (HSDS 3.0) export and import, and closed-loop referrals of young people and parents to
 * those services under a recorded consent.
 */
export const resourcesModule: FastifyPluginAsync = async (app) => {
  const platform = app.platform;

  // ── The directory: services, locations, capacity, search, stale entries ──────────────────────────
  platform.permissions.add(resourcesPermissions);
  // Daily: entries not confirmed for the table's period are flagged once to their keepers.
  platform.jobs.define('resources.stale', async () => {
    await flagStaleServices(platform);
  });
  platform.jobs.schedule('resources.stale', '15 6 * * *');
  await app.register(directoryRoutes, { prefix: '/api' });

  // ────────────────────────────────────────────────────────────────────────────────────────────────────
  //
  // ── Open Referral (HSDS 3.0) export and import; the public directory pages ──────────────────────
  // (routes of the exchange and of /ressources, /en/resources)
  // The staff search (GET /api/resources/services) and the public directory's server-rendered pages.
  await app.register(searchRoutes, { prefix: '/api' });
  await app.register(publicDirectoryRoutes);

  // ────────────────────────────────────────────────────────────────────────────────────────────────────
  //
  // ── Referrals: consent, closed loop, trajectory, escalation ──────────────────────────────────────
  // (routes, permissions and jobs of referrals)

  // ────────────────────────────────────────────────────────────────────────────────────────────────────
  void platform;
};

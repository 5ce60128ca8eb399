import type { FastifyPluginAsync } from 'fastify';
import { hsdsRoutes } from './hsds.routes.js';
import './resources.table.js';

/**
 * The resources module: the service trajectory. A directory of help resources kept by the partners and
 * the table (services, locations, safe places and their capacity), its search and its public pages,
 * Open Referral (HSDS 3.0) export and import, and closed-loop referrals of young people and parents to
 * those services under a recorded consent.
 */
export const resourcesModule: FastifyPluginAsync = async (app) => {
  const platform = app.platform;

  // ── The directory: services, locations, capacity, search, stale entries ──────────────────────────
  // (routes, permissions and jobs of the directory)

  // ────────────────────────────────────────────────────────────────────────────────────────────────────
  //
  // ── Open Referral (HSDS 3.0) export and import; the public directory pages ──────────────────────
  // (routes of the exchange and of /ressources, /en/resources)
  // Open Referral (HSDS 3.0) export: the public subset, and every entry for the table coordination.
  await app.register(hsdsRoutes);

  // ────────────────────────────────────────────────────────────────────────────────────────────────────
  //
  // ── Referrals: consent, closed loop, trajectory, escalation ──────────────────────────────────────
  // (routes, permissions and jobs of referrals)

  // ────────────────────────────────────────────────────────────────────────────────────────────────────
  void platform;
};

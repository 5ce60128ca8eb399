import type { Role } from '../../../shared/roles.js';
import { type Actor, hasRole } from '../../platform/authz/actor.js';

/**
 * Who may do what in the directory of help resources. Every signed-in member of the table reads it;
 * an entry is kept (created, edited, confirmed, retired) by the table's coordination, or by the
 * coordinators and pivots of the partner that keeps it; a safe place's staff update its free places;
 * a confidential address opens, audited, only to the keeper's people and the table's coordination.
 * `admin` is technical: it reads the directory and nothing more.
 */

/** Roles that may keep an entry (for their own organisation, or any entry for the table coordination). */
export const KEEPER_ROLES: readonly Role[] = ['table_coordinator', 'org_coordinator', 'pivot'];
/** A keeper organisation's staff (capacity, sealed addresses), and the table coordination. */
export const STAFF_ROLES: readonly Role[] = ['table_coordinator', 'org_coordinator', 'pivot', 'worker'];

function isTableCoordination(actor: Actor): boolean {
  return hasRole(actor, 'table_coordinator');
}

/** Keeping an entry kept by `keeperOrganisationId` (null: the table's coordination keeps it). */
export function canKeep(actor: Actor, keeperOrganisationId: string | null): boolean {
  if (isTableCoordination(actor)) return true;
  return (
    keeperOrganisationId !== null &&
    actor.organisationId === keeperOrganisationId &&
    hasRole(actor, 'org_coordinator', 'pivot')
  );
}

/** Whether the actor keeps entries at all (the "our entries" page, the new entry forms). */
export function keepsEntries(actor: Actor): boolean {
  return hasRole(actor, 'table_coordinator', 'org_coordinator', 'pivot');
}

/** A service: every member reads it, except a defunct one (only its keepers). */
export function canReadService(
  actor: Actor,
  service: { status: string; keeper_organisation_id: string | null },
): boolean {
  if (service.status !== 'defunct') return true;
  return canKeep(actor, service.keeper_organisation_id);
}

/** Whether the actor is one of the keeper organisation's staff (any of its working roles). */
function isStaffOf(actor: Actor, organisationId: string | null): boolean {
  return (
    organisationId !== null &&
    actor.organisationId === organisationId &&
    hasRole(actor, 'worker', 'pivot', 'org_coordinator')
  );
}

/** A safe place's free places: its keeper organisation's staff and the table coordination. */
export function canUpdateCapacity(actor: Actor, service: { keeper_organisation_id: string | null }): boolean {
  return isTableCoordination(actor) || isStaffOf(actor, service.keeper_organisation_id);
}

/**
 * Opening a confidential location's sealed address: the staff of the organisation that keeps the
 * location or a service given there, and the table coordination.
 */
export function canRevealAddress(actor: Actor, keeperOrganisationIds: readonly (string | null)[]): boolean {
  return isTableCoordination(actor) || keeperOrganisationIds.some((id) => isStaffOf(actor, id));
}

/** The table's directory settings (the staleness period). */
export function canEditSettings(actor: Actor): boolean {
  return isTableCoordination(actor);
}

/** What the web app may show. */
export function resourcesPermissions(actor: Actor): Record<string, boolean> {
  return {
    'resources.keep': keepsEntries(actor),
    'resources.settings': canEditSettings(actor),
    'resources.hsdsImport': isTableCoordination(actor),
  };
}

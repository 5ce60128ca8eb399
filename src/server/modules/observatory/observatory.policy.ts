import type { Role } from '../../../shared/roles.js';
import { type Actor, hasRole } from '../../platform/authz/actor.js';

/**
 * Who may do what in the observatory. An observation belongs to its organisation: its pivots record
 * and edit it (while not verified), its coordinators read it, the table's coordination reads every
 * one, reviews free texts and verifies. Researchers get aggregates only, never one observation.
 * An observation of another organisation is a 404 that says nothing of it.
 */

/** Who records observations (with an active mandate, checked by the service). */
export const RECORDER_ROLES: readonly Role[] = ['pivot'];
/** Who reads observations one by one (scoped to their organisation, except the table). */
export const OBSERVATION_READERS: readonly Role[] = ['pivot', 'org_coordinator', 'table_coordinator'];
/** The table's coordination: review, verification, platforms, glossary curation, settings. */
export const TABLE_ROLES: readonly Role[] = ['table_coordinator'];
/** Who reads the trends (org_coordinator: their own organisation's). */
export const TREND_READERS: readonly Role[] = ['table_coordinator', 'org_coordinator'];
/** Research partners: exports and questions. */
export const RESEARCH_ROLES: readonly Role[] = ['researcher'];
/** Who lists research exports and questions (a researcher sees their own). */
export const RESEARCH_READERS: readonly Role[] = ['researcher', 'table_coordinator'];
/** Who reads the settings (the threshold of exports). */
export const SETTINGS_READERS: readonly Role[] = ['table_coordinator', 'researcher'];

export function isTable(actor: Actor): boolean {
  return hasRole(actor, 'table_coordinator');
}

export function isResearcher(actor: Actor): boolean {
  return hasRole(actor, 'researcher');
}

/** Whether the actor reads this observation: the table, or its own organisation's pivots and coordinators. */
export function canReadObservation(actor: Actor, observation: { organisation_id: string }): boolean {
  if (isTable(actor)) return true;
  return hasRole(actor, 'pivot', 'org_coordinator') && actor.organisationId === observation.organisation_id;
}

/** Whether the actor may change this observation (its organisation's pivot; not once verified). */
export function canEditObservation(
  actor: Actor,
  observation: { organisation_id: string; verification: string },
): boolean {
  return (
    hasRole(actor, 'pivot') &&
    actor.organisationId === observation.organisation_id &&
    observation.verification !== 'verified'
  );
}

/** Whether the actor reads the free text whatever its review (its organisation, the table). */
export function readsUnreviewedText(actor: Actor, observation: { organisation_id: string }): boolean {
  return canReadObservation(actor, observation);
}

/** What the web app may show. */
export function observatoryPermissions(actor: Actor): Record<string, boolean> {
  return {
    'observatory.record': hasRole(actor, ...RECORDER_ROLES),
    'observatory.read': hasRole(actor, ...OBSERVATION_READERS),
    'observatory.curate': isTable(actor),
    'observatory.trends': hasRole(actor, ...TREND_READERS),
    'observatory.research': isResearcher(actor),
    'observatory.exports': hasRole(actor, ...RESEARCH_READERS),
    'observatory.glossary': true,
  };
}

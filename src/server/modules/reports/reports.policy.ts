import type { Role } from '../../../shared/roles.js';
import { type Actor, hasRole } from '../../platform/authz/actor.js';

/**
 * Who reads the table's annual report: the table coordination, administrators, organisation
 * coordinators (who report to their organisation on the table's work) and the research partners.
 * Its sections are aggregates by construction (counts, sums, percentages; no names, no contact
 * details, no case content), so research partners may read it; other roles have no need for it.
 */
export const REPORT_READERS: readonly Role[] = [
  'admin',
  'table_coordinator',
  'org_coordinator',
  'researcher',
];

export function canReadAnnualReport(actor: Actor): boolean {
  return hasRole(actor, ...REPORT_READERS);
}

/** The permissions the web app receives for this module. */
export function reportsPermissions(actor: Actor): Record<string, boolean> {
  return { 'reports.read': canReadAnnualReport(actor) };
}

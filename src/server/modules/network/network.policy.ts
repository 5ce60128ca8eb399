import { type Actor, hasRole } from '../../platform/authz/actor.js';

/**
 * Who may do what in the network. Every signed-in member reads the directory, the coverage matrix,
 * the partners' agreements and contributions; the table coordination (and administration) edits the
 * network; an organisation coordinator manages their own organisation's pivots and contacts.
 */

/** Table coordination and administration: edit agreements, contributions and targets everywhere. */
export function canEditNetwork(actor: Actor): boolean {
  return hasRole(actor, 'admin', 'table_coordinator');
}

/** Name, replace and end pivots, record absences, keep contacts: coordination, or the organisation's coordinator. */
export function canManageOrganisationPivots(actor: Actor, organisationId: string): boolean {
  if (canEditNetwork(actor)) return true;
  return hasRole(actor, 'org_coordinator') && actor.organisationId === organisationId;
}

/** Personal contact details (e-mail, phone) of contacts and pivots: coordination and that organisation's coordinator. */
export function canSeeContactDetails(
  actor: Actor,
  subject: { organisationId: string; personId?: string },
): boolean {
  if (subject.personId !== undefined && subject.personId === actor.personId) return true;
  return canManageOrganisationPivots(actor, subject.organisationId);
}

/** Coverage warnings of an organisation: for those who are warned (its coordinators, the table coordination). */
export function canSeeWarnings(actor: Actor, organisationId: string): boolean {
  return canManageOrganisationPivots(actor, organisationId);
}

/** The permissions the web app receives for this module. */
export function networkPermissions(actor: Actor): Record<string, boolean> {
  return {
    'network.edit': canEditNetwork(actor),
    'network.pivots.manage': canEditNetwork(actor) || hasRole(actor, 'org_coordinator'),
  };
}

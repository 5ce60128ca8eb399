import {
  APPROVER_ROLES,
  isOrganisationRole,
  ORGANISATION_ROLES,
  type Role,
  type RoleConsent,
} from '../../../shared/roles.js';
import { type Actor, hasRole } from '../../platform/authz/actor.js';

/**
 * How a role given by `actor` to a person of `organisation` takes effect:
 * - a role of the table (coordination, trainer, researcher, admin) opens no organisation's cases: at once;
 * - a role inside an organisation granted by that organisation's own coordination: at once, with its consent;
 * - the first coordinator of an organisation that never had anyone to consent for it: at once, marked
 *   as the organisation's one bootstrap grant;
 * - any other role inside an organisation: a proposal, until its coordinator or privacy officer approves.
 * An administrator acting under emergency access never consents for the organisation they opened.
 */
export function grantPath(
  actor: Actor,
  organisationId: string,
  role: Role,
  options: { bootstrapAvailable: boolean },
): RoleConsent | 'proposal' {
  if (!isOrganisationRole(role)) return 'not_required';
  if (speaksFor(actor, organisationId, ['org_coordinator'])) return 'own_organisation';
  if (role === 'org_coordinator' && options.bootstrapAvailable) return 'bootstrap';
  return 'proposal';
}

/** Whether the actor speaks for the organisation: one of its own approvers, never through emergency access. */
function speaksFor(actor: Actor, organisationId: string, roles: readonly Role[] = APPROVER_ROLES): boolean {
  return !actor.emergency && actor.organisationId === organisationId && hasRole(actor, ...roles);
}

/** The organisation's coordinators and privacy officers read, export and attest its access review. */
export function canReadAccessReview(actor: Actor, organisationId: string): boolean {
  return speaksFor(actor, organisationId);
}

/**
 * Approving or refusing a proposed role: the organisation's coordinator or privacy officer, never the
 * person who proposed it nor the person it is for.
 */
export function canDecideRequest(
  actor: Actor,
  request: { organisation_id: string; proposed_by: string; person_id: string },
): boolean {
  return (
    speaksFor(actor, request.organisation_id) &&
    request.proposed_by !== actor.personId &&
    request.person_id !== actor.personId
  );
}

/** Withdrawing a proposal: whoever made it, or the table's coordination and the administration. */
export function canCancelRequest(actor: Actor, request: { proposed_by: string }): boolean {
  return request.proposed_by === actor.personId || hasRole(actor, 'admin', 'table_coordinator');
}

/** Roles an emergency access may open: casework roles, never those that consent for the organisation. */
export const EMERGENCY_ROLES: readonly Role[] = ORGANISATION_ROLES.filter(
  (role) => !(APPROVER_ROLES as readonly Role[]).includes(role),
);

/** Emergency access is the administration's, into another organisation than their own. */
export function canOpenEmergency(actor: Actor, organisationId: string): boolean {
  const home = actor.emergency?.homeOrganisationId ?? actor.organisationId;
  return hasRole(actor, 'admin') && home !== organisationId;
}

/** Reviewing an emergency access: the organisation it opened, through its coordinators or privacy officer. */
export function canReviewEmergency(
  actor: Actor,
  access: { organisation_id: string; person_id: string },
): boolean {
  return speaksFor(actor, access.organisation_id) && access.person_id !== actor.personId;
}

/** What the web app may show. */
export function accessPermissions(actor: Actor): Record<string, boolean> {
  return {
    'access.review': !actor.emergency && hasRole(actor, ...APPROVER_ROLES),
    'access.emergency': hasRole(actor, 'admin'),
  };
}

import { type OrganisationType, ROLES, type Role } from '../../../shared/roles.js';
import { type Actor, hasRole } from '../../platform/authz/actor.js';

/** A person as the policies see them. */
export interface PersonSubject {
  id: string;
  organisationId: string;
  roles: readonly Role[];
}

const POLICE_TYPES: readonly OrganisationType[] = ['police', 'provincial_police'];
const TABLE_GRANTABLE: readonly Role[] = [
  'worker',
  'pivot',
  'org_coordinator',
  'table_coordinator',
  'trainer',
  'researcher',
  'privacy_officer',
];

/**
 * The roles an actor may grant or withdraw for a person of the given organisation.
 * - admin: every role, everywhere.
 * - table coordination: the table's roles everywhere, never admin nor the police roles.
 * - organisation coordinator: worker and pivot in their own organisation; analyst and investigator too
 *   when that organisation is a police service.
 */
export function grantableRoles(actor: Actor, organisation: { id: string; type: OrganisationType }): Role[] {
  if (hasRole(actor, 'admin')) {
    return [...ROLES];
  }
  const roles = new Set<Role>();
  if (hasRole(actor, 'table_coordinator')) for (const role of TABLE_GRANTABLE) roles.add(role);
  if (hasRole(actor, 'org_coordinator') && actor.organisationId === organisation.id) {
    roles.add('worker');
    roles.add('pivot');
    if (POLICE_TYPES.includes(organisation.type)) {
      roles.add('police_analyst');
      roles.add('investigator');
    }
  }
  return [...roles];
}

/** May the actor manage this person's account (disable, enable, roles, MFA reset, invitation)? Never themselves. */
export function canManagePerson(
  actor: Actor,
  person: PersonSubject,
  organisationType: OrganisationType,
): boolean {
  if (person.id === actor.personId) return false;
  if (hasRole(actor, 'admin')) return true;
  const grantable = new Set(grantableRoles(actor, { id: person.organisationId, type: organisationType }));
  if (grantable.size === 0) return false;
  // Someone holding a role the actor could not grant is out of the actor's reach.
  return person.roles.every((role) => grantable.has(role));
}

/** Admin-only: resetting a second factor hands the account to whoever holds the password. */
export function canResetMfa(actor: Actor, person: PersonSubject): boolean {
  return person.id !== actor.personId && hasRole(actor, 'admin');
}

/** Contact details (e-mail, phone) are for those who need them: the person, coordination, administration. */
export function canSeeContacts(actor: Actor, person: { id: string; organisationId: string }): boolean {
  if (person.id === actor.personId) return true;
  if (hasRole(actor, 'admin', 'table_coordinator')) return true;
  return hasRole(actor, 'org_coordinator') && actor.organisationId === person.organisationId;
}

export function canManageOrganisations(actor: Actor): boolean {
  return hasRole(actor, 'admin', 'table_coordinator');
}

export function canInvite(actor: Actor): boolean {
  return hasRole(actor, 'admin', 'table_coordinator', 'org_coordinator');
}

/** Whether the actor's reach over people is limited to their own organisation. */
export function invitationScope(actor: Actor): 'all' | 'own_organisation' | 'none' {
  if (hasRole(actor, 'admin', 'table_coordinator')) return 'all';
  if (hasRole(actor, 'org_coordinator')) return 'own_organisation';
  return 'none';
}

/** The permissions the web app receives for this module. */
export function accountsPermissions(actor: Actor): Record<string, boolean> {
  return {
    'people.invite': canInvite(actor),
    'people.manage': invitationScope(actor) !== 'none',
    'organisations.manage': canManageOrganisations(actor),
  };
}

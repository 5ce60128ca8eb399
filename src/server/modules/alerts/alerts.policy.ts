import type { Role } from '../../../shared/roles.js';
import { type Actor, hasRole } from '../../platform/authz/actor.js';
import type { View } from './alerts.rules.js';

/** Roles of a youth-protection organisation's staff who keep profiles and raise alerts. */
export const PROFILE_ROLES: readonly Role[] = ['worker', 'pivot', 'org_coordinator'];
/** Who may share without the young person's consent (with a written justification). */
export const OVERRIDE_ROLES: readonly Role[] = ['org_coordinator'];
/** Who may destroy an archived profile at once, before its retention period ends (with a justification). */
export const DESTROY_ROLES: readonly Role[] = ['org_coordinator'];

/** Whether the actor acts for a youth-protection organisation (a youth centre). */
function actsForYouthCentre(actor: Actor): boolean {
  return actor.organisationType === 'youth_protection';
}

/** Staff of a youth-protection organisation allowed to keep its profiles. */
export function isProfileStaff(actor: Actor): boolean {
  return actsForYouthCentre(actor) && hasRole(actor, ...PROFILE_ROLES);
}

/** A profile: only its own organisation's authorised staff, before any alert. */
export function canUseProfile(actor: Actor, profile: { organisation_id: string }): boolean {
  return isProfileStaff(actor) && actor.organisationId === profile.organisation_id;
}

/**
 * Destroying a profile at once: its own organisation's coordination only (archiving and restoring are
 * for every staff member who keeps profiles, through canUseProfile).
 */
export function canDestroyProfile(actor: Actor, profile: { organisation_id: string }): boolean {
  return canUseProfile(actor, profile) && hasRole(actor, ...DESTROY_ROLES);
}

export function canOverrideConsent(actor: Actor): boolean {
  return hasRole(actor, ...OVERRIDE_ROLES);
}

/**
 * The view a person has of an alert, or null when they may not read it: the owner's staff see
 * everything, recipients see their organisation's view; after the close only the owner keeps content.
 */
export function viewOf(
  actor: Actor,
  alert: { owner_organisation_id: string; police_organisation_id: string | null },
  membership: { organisationId: string; view: View | undefined } | null,
): View | null {
  if (isProfileStaff(actor) && actor.organisationId === alert.owner_organisation_id) return 'owner';
  if (!membership) return null;
  if (membership.view) return membership.view;
  return membership.organisationId === alert.police_organisation_id ? 'police' : 'pivot';
}

/** Closing: the owner's staff, or the police service. */
export function canClose(view: View): boolean {
  return view === 'owner' || view === 'police';
}

/** The register of disclosures: privacy officers (of the organisations involved). */
export function canReadRegister(actor: Actor): boolean {
  return hasRole(actor, 'privacy_officer');
}

/** The escalation delay, the purge period and the profiles' retention period: the table's coordination. */
export function canEditSettings(actor: Actor): boolean {
  return hasRole(actor, 'table_coordinator');
}

/** De-identified figures. */
export const FIGURES_ROLES: readonly Role[] = [
  'table_coordinator',
  'org_coordinator',
  'researcher',
  'privacy_officer',
];

/** What the web app may show. */
export function alertsPermissions(actor: Actor): Record<string, boolean> {
  return {
    'alerts.profiles': isProfileStaff(actor),
    'alerts.inbox': true,
    'alerts.override': canOverrideConsent(actor) && actsForYouthCentre(actor),
    'alerts.register': canReadRegister(actor),
    'alerts.figures': hasRole(actor, ...FIGURES_ROLES),
    'alerts.settings': canEditSettings(actor),
  };
}

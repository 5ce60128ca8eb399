import type { Role } from '../../../shared/roles.js';
import { type Actor, hasRole } from '../../platform/authz/actor.js';

/**
 * Who may do what with referrals. A referral belongs to the organisation that follows the person (the
 * sender) and, while it is open, is shared with the organisation that keeps the service (the
 * receiver). Nobody else reads it: not the table's coordination, not an administrator. Every refusal
 * about a referral or a person of another organisation is a 404 that says nothing of them.
 */

/** People who follow young people and parents and refer them (any partner organisation). */
export const SENDER_ROLES: readonly Role[] = ['worker', 'pivot', 'org_coordinator', 'investigator'];
/** The staff of the organisation keeping a service, who answer its referrals. */
export const RECEIVER_ROLES: readonly Role[] = ['worker', 'pivot', 'org_coordinator'];
/** Everyone who is on one side of a referral or the other. */
export const REFERRAL_ROLES: readonly Role[] = [...new Set([...SENDER_ROLES, ...RECEIVER_ROLES])];
/** The register of disclosures. */
export const REGISTER_ROLES: readonly Role[] = ['privacy_officer'];
/** De-identified figures for the table. */
export const FIGURES_ROLES: readonly Role[] = [
  'table_coordinator',
  'org_coordinator',
  'researcher',
  'privacy_officer',
];

export function sends(actor: Actor): boolean {
  return hasRole(actor, ...SENDER_ROLES);
}

export function receives(actor: Actor): boolean {
  return hasRole(actor, ...RECEIVER_ROLES);
}

/** A person followed: the staff of the organisation that follows them. */
export function canKeepSubject(actor: Actor, subject: { organisation_id: string }): boolean {
  return sends(actor) && actor.organisationId === subject.organisation_id;
}

/** Sharing without consent: the sender organisation's coordinator, with a justification. */
export function canOverrideConsent(actor: Actor): boolean {
  return hasRole(actor, 'org_coordinator');
}

/** Which side of a referral the actor is on, or null when it is none of their business. */
export function sideOf(
  actor: Actor,
  referral: { sender_organisation_id: string; receiving_organisation_id: string | null; logged: boolean },
): 'sender' | 'receiver' | null {
  if (actor.organisationId === referral.sender_organisation_id && sends(actor)) return 'sender';
  if (
    !referral.logged &&
    referral.receiving_organisation_id !== null &&
    actor.organisationId === referral.receiving_organisation_id &&
    receives(actor)
  )
    return 'receiver';
  return null;
}

export function readsRegister(actor: Actor): boolean {
  return hasRole(actor, ...REGISTER_ROLES);
}

export function readsFigures(actor: Actor): boolean {
  return hasRole(actor, ...FIGURES_ROLES);
}

/** What the web app may show. */
export function referralsPermissions(actor: Actor): Record<string, boolean> {
  return {
    'referrals.send': sends(actor),
    'referrals.receive': receives(actor),
    'referrals.override': canOverrideConsent(actor),
    'referrals.register': readsRegister(actor),
    'referrals.figures': readsFigures(actor),
  };
}

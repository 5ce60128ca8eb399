import type { Locale, OrganisationType, Role } from '../../../shared/roles.js';

/** Who is making a request: a signed-in person with their organisation and roles. */
export interface Actor {
  personId: string;
  organisationId: string;
  /**
   * The type of `organisationId`'s organisation (during an emergency access, of the organisation it
   * opens), read with the session.
   */
  organisationType: OrganisationType;
  roles: ReadonlySet<Role>;
  locale: Locale;
  sessionId: string;
  /** False while the session waits for TOTP enrolment: only enrolment routes accept it. */
  mfaVerified: boolean;
  /**
   * An administrator's emergency access: for its duration `organisationId` is the organisation it
   * opens and `roles` include the roles it names. Null the rest of the time.
   */
  emergency?: {
    id: string;
    organisationId: string;
    until: Date;
    homeOrganisationId: string;
  } | null;
}

export function hasRole(actor: Actor | null, ...roles: Role[]): boolean {
  if (!actor) return false;
  return roles.some((role) => actor.roles.has(role));
}

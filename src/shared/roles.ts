/** The roles of DESIGN.md; a person may hold several. */
export const ROLES = [
  'worker',
  'pivot',
  'org_coordinator',
  'table_coordinator',
  'police_analyst',
  'investigator',
  'trainer',
  'researcher',
  'privacy_officer',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];

/** Whether a value read back from storage or a request is one of Filet's roles. */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export const ORGANISATION_TYPES = [
  'police',
  'youth_protection',
  'health_social_services',
  'school_service_centre',
  'community',
  'research',
  'provincial_police',
  'crown_prosecution',
  'other',
] as const;
export type OrganisationType = (typeof ORGANISATION_TYPES)[number];

export const LOCALES = ['fr-CA', 'en-CA'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'fr-CA';

export const PERSON_STATUSES = ['invited', 'active', 'disabled'] as const;
export type PersonStatus = (typeof PERSON_STATUSES)[number];

/**
 * Roles held inside one organisation. Each of them opens some of that organisation's cases (profiles
 * and alerts of a youth centre, tips of a police service, and the records of later modules), so none
 * takes effect without the organisation's consent: granted by its own coordination, or proposed by
 * the table or the administration and approved by its coordinator or privacy officer.
 */
export const ORGANISATION_ROLES = [
  'worker',
  'pivot',
  'org_coordinator',
  'police_analyst',
  'investigator',
  'privacy_officer',
] as const satisfies readonly Role[];

/** Roles of the table as a whole; they open no organisation's cases. */
export const TABLE_ROLES = [
  'table_coordinator',
  'trainer',
  'researcher',
  'admin',
] as const satisfies readonly Role[];

/** The roles that speak for an organisation: they approve the roles proposed for its people. */
export const APPROVER_ROLES = ['org_coordinator', 'privacy_officer'] as const satisfies readonly Role[];

/** How a role came to be held (the access review shows it). */
export const ROLE_CONSENTS = [
  'legacy',
  'not_required',
  'own_organisation',
  'approved',
  'bootstrap',
  'recovery',
] as const;
export type RoleConsent = (typeof ROLE_CONSENTS)[number];

export function isOrganisationRole(role: Role): boolean {
  return (ORGANISATION_ROLES as readonly Role[]).includes(role);
}

/** Longest emergency access an administrator may open, in minutes. */
export const EMERGENCY_MAX_MINUTES = 240;

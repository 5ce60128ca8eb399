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

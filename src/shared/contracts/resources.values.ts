/**
 * The allowed values of the resources module (the directory of help resources and the referrals made
 * to them), as plain lists the web app imports without bundling the schema builder.
 */

/**
 * The directory's taxonomy: what a service offers. Exported to Open Referral as the terms of the
 * `filet` taxonomy; the codes never change once used (labels live in the catalogues).
 */
export const RESOURCE_TAXONOMY = [
  'safe_place',
  'therapy',
  'sexology',
  'parent_support',
  'boys',
  'legal_accompaniment',
  'health',
  'sexual_health',
  'addiction',
  'housing',
  'crisis_line',
  'cyber_exploitation',
  'trafficking',
  'education_employment',
  'basic_needs',
  'cultural_community',
] as const;
export type ResourceTaxonomy = (typeof RESOURCE_TAXONOMY)[number];

/** Who may ask a service for help. */
export const RESOURCE_AUDIENCES = ['youth', 'parents', 'workers', 'police'] as const;
export type ResourceAudience = (typeof RESOURCE_AUDIENCES)[number];

/** Whom a service takes in; an empty list means everyone. */
export const RESOURCE_GENDERS = ['girls', 'boys', 'gender_diverse'] as const;
export type ResourceGender = (typeof RESOURCE_GENDERS)[number];

/** A service's status, as Open Referral names it. */
export const SERVICE_STATUSES = ['active', 'inactive', 'defunct', 'temporarily closed'] as const;
export type ServiceStatus = (typeof SERVICE_STATUSES)[number];

/** Kinds of location, as Open Referral names them. */
export const LOCATION_TYPES = ['physical', 'postal', 'virtual'] as const;
export type LocationType = (typeof LOCATION_TYPES)[number];

/** Kinds of phone line. */
export const PHONE_KINDS = ['voice', 'text', 'hotline', 'fax'] as const;
export type PhoneKind = (typeof PHONE_KINDS)[number];

/** Languages a service may be given in: ISO 639-1 codes the forms offer (others are kept on import). */
export const RESOURCE_LANGUAGES = [
  'fr',
  'en',
  'es',
  'ar',
  'ht',
  'cr',
  'iu',
  'fa',
  'zh',
  'pt',
  'ro',
  'ru',
] as const;

/** Days of an ISO week, Monday = 1; Open Referral writes them MO … SU. */
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Entries not confirmed by their keepers for this many days are flagged to them (six months). */
export const DEFAULT_STALE_AFTER_DAYS = 182;
/** Business days a receiving service has to answer a referral unless it sets its own (2 to 14). */
export const DEFAULT_RESPONSE_DAYS = 2;
export const MIN_RESPONSE_DAYS = 1;
export const MAX_RESPONSE_DAYS = 14;

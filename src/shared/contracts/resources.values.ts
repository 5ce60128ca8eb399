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

// ------------------------------------------------------------------------------------------------
// Referrals

/** Whom a referral is for: a young person, or a parent supported without becoming a case. */
export const SUBJECT_KINDS = ['youth', 'parent'] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];

/**
 * Who consented to the share: the young person (from `CONSENT_MIN_AGE`), a parent, or an authorised
 * person overriding with a justification (flagged for the privacy officer's review).
 */
export const CONSENT_GIVERS = ['youth', 'parent', 'override'] as const;
export type ConsentGiver = (typeof CONSENT_GIVERS)[number];
/** A young person consents alone from this age (Québec: 14). */
export const CONSENT_MIN_AGE = 14;
/** A consent lasts this many days unless the sender sets a shorter time (at most a year). */
export const CONSENT_DEFAULT_DAYS = 90;
export const CONSENT_MAX_DAYS = 365;

/** Ways the receiving service may reach the person; `through_sender` goes through the referring worker. */
export const SAFE_CHANNELS = ['through_sender', 'in_person', 'phone', 'text', 'email'] as const;
export type SafeChannel = (typeof SAFE_CHANNELS)[number];

/**
 * What a referral may disclose to the receiving service: the sender picks the fields the service
 * needs (its disclosure profile); the rest stays with the sender.
 */
export const DISCLOSABLE_FIELDS = [
  'name',
  'age',
  'gender',
  'languages',
  'contact',
  'situation',
  'needs',
  'risks',
  /** The person's other referrals (services, statuses, outcomes): the trajectory, for the service. */
  'trajectory',
] as const;
export type DisclosableField = (typeof DISCLOSABLE_FIELDS)[number];

/** Where a referral stands (the workflow), kept apart from what came of it (the outcome). */
export const REFERRAL_STATUSES = [
  'sent',
  'received',
  'accepted',
  'declined',
  'waitlisted',
  'in_progress',
  'completed',
  'cancelled',
] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];
/** A referral in one of these is over: the receiving service no longer sees the person's details. */
export const CLOSED_REFERRAL_STATUSES: readonly ReferralStatus[] = ['declined', 'completed', 'cancelled'];

/** What came of a referral. */
export const REFERRAL_OUTCOMES = [
  'got_help',
  'no_capacity',
  'not_eligible',
  'could_not_contact',
  'referred_elsewhere',
  'no_longer_interested',
] as const;
export type ReferralOutcome = (typeof REFERRAL_OUTCOMES)[number];

/** Why a service declines a referral. */
export const DECLINE_REASONS = [
  'no_capacity',
  'not_eligible',
  'out_of_area',
  'could_not_contact',
  'duplicate',
  'other',
] as const;
export type DeclineReason = (typeof DECLINE_REASONS)[number];

/** The legal ground of a referral's disclosure. */
export const REFERRAL_LEGAL_BASES = ['consent', 'parental_consent', 'override'] as const;
export type ReferralLegalBasis = (typeof REFERRAL_LEGAL_BASES)[number];

/** Figures for the table: a count under this is shown as "fewer than" (small-cell suppression). */
export const REFERRAL_SMALL_CELL = 5;

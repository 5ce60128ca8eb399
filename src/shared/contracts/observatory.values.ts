/**
 * The allowed values of the observatory module (observations of the phenomenon, the glossary of
 * recruitment language, trends and research exports), as plain lists the web app imports without
 * bundling the schema builder. Codes never change once used; labels live in the catalogues.
 */

/** The type of place where something was observed (never the place itself). */
export const PLACE_TYPES = [
  'school',
  'youth_centre',
  'shopping_centre',
  'hotel',
  'bar',
  'online',
  'street',
  'transit',
  'other',
] as const;
export type PlaceType = (typeof PLACE_TYPES)[number];

/** How young people are approached and drawn in. */
export const RECRUITMENT_METHODS = [
  'romantic_partner',
  'peer_friend',
  'online_contact',
  'party_invitation',
  'gifts_money',
  'drugs_alcohol',
  'debt',
  'job_offer',
  'family_member',
  'gang',
  'other',
] as const;
export type RecruitmentMethod = (typeof RECRUITMENT_METHODS)[number];

/** How the exploitation is carried out and kept going. */
export const MODUS_OPERANDI = [
  'isolation',
  'sextortion',
  'threats_violence',
  'substance_supply',
  'housing_offered',
  'moving_between_cities',
  'online_advertising',
  'hotel_rotation',
  'phone_control',
  'quotas',
  'other',
] as const;
export type ModusOperandi = (typeof MODUS_OPERANDI)[number];

/** Who the exploiters appear to be (profiles, never people). */
export const EXPLOITER_PROFILES = [
  'peer_minor',
  'young_adult',
  'adult',
  'intimate_partner',
  'family_member',
  'gang_member',
  'organised_network',
  'woman_recruiter',
  'buyer',
  'unknown',
] as const;
export type ExploiterProfile = (typeof EXPLOITER_PROFILES)[number];

/** Age ranges of the young people involved. */
export const AGE_RANGES = ['under_12', '12_13', '14_15', '16_17', '18_plus'] as const;
export type AgeRange = (typeof AGE_RANGES)[number];

/** Genders of the young people involved. */
export const OBSERVED_GENDERS = ['girls', 'boys', 'gender_diverse'] as const;
export type ObservedGender = (typeof OBSERVED_GENDERS)[number];

/** Where an observation's free text stands: none written, waiting for the table, shared or refused. */
export const TEXT_REVIEW_STATUSES = ['none', 'pending', 'approved', 'rejected'] as const;
export type TextReviewStatus = (typeof TEXT_REVIEW_STATUSES)[number];

/** Verification by the table (in the manner of Primero's MRM): not yet looked at, verified, not verified. */
export const VERIFICATION_STATUSES = ['pending', 'verified', 'not_verified'] as const;
export type VerificationStatus = (typeof VERIFICATION_STATUSES)[number];

/** A platform named in observations: kept by the table; a used one is retired, never deleted. */
export const PLATFORM_STATUSES = ['active', 'retired'] as const;
export type PlatformStatus = (typeof PLATFORM_STATUSES)[number];

/** A glossary term: proposed (by an observation or the table), published to every member, retired. */
export const GLOSSARY_STATUSES = ['proposed', 'published', 'retired'] as const;
export type GlossaryStatus = (typeof GLOSSARY_STATUSES)[number];

/** The dimensions trends and research exports split counts by. */
export const TREND_DIMENSIONS = [
  'method',
  'place_type',
  'platform',
  'age_range',
  'gender',
  'modus_operandi',
] as const;
export type TrendDimension = (typeof TREND_DIMENSIONS)[number];

/** The period trends are counted by. */
export const TREND_PERIODS = ['month', 'quarter'] as const;
export type TrendPeriod = (typeof TREND_PERIODS)[number];

/** Whether a research export may carry the approved free texts of its span (the table decides). */
export const EXPORT_TEXT_STATUSES = ['not_requested', 'requested', 'allowed', 'refused'] as const;
export type ExportTextStatus = (typeof EXPORT_TEXT_STATUSES)[number];

/** A question a research partner proposes to the table. */
export const RESEARCH_QUESTION_STATUSES = ['proposed', 'accepted', 'declined'] as const;
export type ResearchQuestionStatus = (typeof RESEARCH_QUESTION_STATUSES)[number];

/** The smallest count a research export shows; the table may raise it, never lower it. */
export const MIN_SUPPRESSION_THRESHOLD = 10;
/** Limits of an observation's lists and counts. */
export const MAX_CODE_WORDS = 20;
export const MAX_CODE_WORD_LENGTH = 60;
export const MAX_COUNT_SEEN = 999;
export const MAX_OBSERVATION_TEXT = 4000;

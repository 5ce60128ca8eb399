/**
 * The allowed values of the consultations module, as plain lists the web app imports without bundling
 * the schema builder: the situation's structured facts, urgency, targets, statuses, limits.
 */
export {
  EXPERTISE as CONSULTATION_EXPERTISE,
  type Expertise as ConsultationExpertise,
} from './network.values.js';

/** The young person's age, as a range (never a birth date). */
export const CONSULTATION_AGE_RANGES = ['under_12', '12_13', '14_15', '16_17', '18_plus', 'unknown'] as const;
export type ConsultationAgeRange = (typeof CONSULTATION_AGE_RANGES)[number];

export const CONSULTATION_GENDERS = ['girl', 'boy', 'gender_diverse', 'unknown'] as const;
export type ConsultationGender = (typeof CONSULTATION_GENDERS)[number];

/** Where the situation was met: a type of place, never the place itself. */
export const CONSULTATION_SETTINGS = [
  'school',
  'youth_centre',
  'home',
  'street',
  'online',
  'hotel',
  'shopping_centre',
  'group_home',
  'community_organisation',
  'other',
] as const;
export type ConsultationSetting = (typeof CONSULTATION_SETTINGS)[number];

export const CONSULTATION_URGENCIES = ['urgent', 'normal'] as const;
export type ConsultationUrgency = (typeof CONSULTATION_URGENCIES)[number];

/** The language of the exchange: routing asks pivots who speak it. */
export const CONSULTATION_LANGUAGES = ['fr', 'en'] as const;
export type ConsultationLanguage = (typeof CONSULTATION_LANGUAGES)[number];

/** What the asker aims at: one pivot, an organisation's pivots, an expertise, or Filet's routing. */
export const CONSULTATION_TARGETS = ['automatic', 'expertise', 'organisation', 'pivot'] as const;
export type ConsultationTarget = (typeof CONSULTATION_TARGETS)[number];

/**
 * `open`: waiting for a pivot to take it; `taken`: a lead pivot answers it; `closed`: answered and
 * closed by the lead pivot; `withdrawn`: by the asker before anyone took it.
 */
export const CONSULTATION_STATUSES = ['open', 'taken', 'closed', 'withdrawn'] as const;
export type ConsultationStatus = (typeof CONSULTATION_STATUSES)[number];

/**
 * The lists of the consultations page. `asked`: the reader's own questions; `inbox`: those routed to the
 * reader (pivot) still open, or taken by someone else (stub); `mine`: those the reader is a participant
 * of; `coordination`: those of the reader's organisation (as asker's or lead's), for org coordinators,
 * and those waiting with no pivot found, for the table coordination.
 */
export const CONSULTATION_BOXES = ['asked', 'inbox', 'mine', 'coordination'] as const;
export type ConsultationBox = (typeof CONSULTATION_BOXES)[number];

/** Lengths of the free texts (every one goes through the de-identification checker). */
export const CONSULTATION_TEXT_MAX = {
  observed: 4000,
  tried: 4000,
  question: 2000,
  message: 4000,
  summary: 4000,
} as const;
export const KNOWLEDGE_TEXT_MAX = { question: 4000, answer: 8000 } as const;

/** Bounds of the table's settings. */
export const CONSULTATION_SETTING_BOUNDS = {
  urgentDueHours: { min: 1, max: 40 },
  normalDueDays: { min: 1, max: 15 },
  retentionMonths: { min: 6, max: 120 },
} as const;
export const CONSULTATION_SETTING_DEFAULTS = {
  urgentDueHours: 4,
  normalDueDays: 2,
  retentionMonths: 24,
} as const;

/** At most this many pivots are asked by one routing. */
export const CONSULTATION_MAX_RECIPIENTS = 5;
/** At most this many services suggested at the close. */
export const CONSULTATION_MAX_SUGGESTED = 10;

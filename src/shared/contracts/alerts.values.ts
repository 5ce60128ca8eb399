/**
 * The allowed values of runaway alerts and youth-centre profiles, as plain lists: the web app imports
 * them from here without bundling the schema builder.
 */

/** The legal ground on which an alert shares a young person's information. */
export const LEGAL_BASES = ['youth_protection', 'consent', 'serious_risk'] as const;
export type LegalBasis = (typeof LEGAL_BASES)[number];
export const ALERT_KINDS = ['runaway', 'at_risk'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];
export const ALERT_STATUSES = ['open', 'closed'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];
export const OUTCOMES = ['found', 'returned'] as const;
export type Outcome = (typeof OUTCOMES)[number];
/** Where the young person was found: a type of place, never an address. */
export const PLACE_TYPES = [
  'family',
  'friends',
  'street',
  'hotel',
  'private_home',
  'public_place',
  'hospital',
  'police',
  'youth_centre',
  'other',
] as const;
export type PlaceType = (typeof PLACE_TYPES)[number];
/**
 * What a reader of an alert sees: `owner` (the youth centre: everything), `police` (everything
 * shared), `pivot` (what a partner needs to recognise and protect the young person).
 */
export const VIEWS = ['owner', 'police', 'pivot'] as const;
export type View = (typeof VIEWS)[number];
/** Why a profile is archived: the young person left care, reached majority, moved out of the region. */
export const ARCHIVE_REASONS = ['left_care', 'reached_majority', 'moved_out', 'other'] as const;
export type ArchiveReason = (typeof ARCHIVE_REASONS)[number];
export const PROFILE_STATUSES = ['active', 'archived'] as const;
export type ProfileStatus = (typeof PROFILE_STATUSES)[number];
/**
 * How long an archived profile is kept before the retention job destroys it (days, table-wide): at
 * least a month, so an archive made by mistake can still be restored; at most five years.
 */
export const PROFILE_RETENTION = { min: 30, max: 1825, default: 365 } as const;

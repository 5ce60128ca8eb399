import { subscribeToEvents } from '../../app/event-stream';
export const LEGAL_BASES = ['youth_protection', 'consent', 'serious_risk'] as const;
export const OUTCOMES = ['found', 'returned'] as const;
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

/** Why a profile is archived (the reason "other" comes with its explanation). */
export const ARCHIVE_REASONS = ['left_care', 'reached_majority', 'moved_out', 'other'] as const;
export type ArchiveReason = (typeof ARCHIVE_REASONS)[number];

export interface ProfileContent {
  givenName: string;
  familyName: string;
  usualNames: string[];
  dateOfBirth: string | null;
  description: string;
  phones: string[];
  socialHandles: string[];
  associates: string;
  places: string;
  pastEpisodes: string;
  medicalNeeds: string;
  exploitationRisks: string;
  sharingBasis: string;
}

export interface ProfileSummary {
  id: string;
  displayName: string;
  unit: string;
  hasPhoto: boolean;
  episodeCount: number;
  reviewedAt: string;
  reviewDue: boolean;
  openAlertId: string | null;
  archivedAt: string | null;
  archiveReason: ArchiveReason | null;
  /** When the retention job will destroy the archived profile. */
  destroyAfter: string | null;
}

export interface ProfileDetail extends ProfileSummary {
  organisationId: string;
  content: ProfileContent;
  archiveReasonDetail: string | null;
  canEdit: boolean;
  can: { edit: boolean; archive: boolean; restore: boolean; destroy: boolean };
}

export interface AlertSummary {
  id: string;
  kind: 'runaway' | 'at_risk';
  status: 'open' | 'closed';
  raisedAt: string;
  lastSeenAt: string;
  ownerOrganisationName: string;
  acknowledged: boolean;
  escalated: boolean;
}

export interface AlertContent {
  givenName?: string;
  familyName?: string;
  usualNames?: string[];
  dateOfBirth?: string | null;
  description?: string;
  phones?: string[];
  socialHandles?: string[];
  associates?: string;
  places?: string;
  pastEpisodes?: string;
  medicalNeeds?: string;
  exploitationRisks?: string;
  lastSeenPlace?: string;
  clothing?: string;
  circumstances?: string;
  immediateRisks?: string;
  hasPhoto: boolean;
}

export interface AlertDetail {
  id: string;
  kind: 'runaway' | 'at_risk';
  status: 'open' | 'closed';
  view: 'owner' | 'police' | 'pivot';
  raisedAt: string;
  lastSeenAt: string;
  ownerOrganisationId: string;
  ownerOrganisationName: string;
  profileId: string | null;
  legalBasis: string;
  withoutConsent: boolean;
  escalatedAt: string | null;
  closedAt: string | null;
  outcome: string | null;
  placeType: string | null;
  minutesMissing: number | null;
  content: AlertContent | null;
  recipients: Array<{
    organisationId: string;
    organisationName: string;
    view: string;
    acknowledgedAt: string | null;
  }>;
  timeline: Array<{
    id: string;
    kind: string;
    organisationName: string | null;
    body: string | null;
    at: string;
  }>;
  returnInterview: {
    dueAt: string;
    status: 'pending' | 'done' | 'refused';
    doneAt: string | null;
    exploitationRisksScreened: boolean | null;
    outcome: string | null;
  } | null;
  can: { acknowledge: boolean; addEntry: boolean; close: boolean; recordInterview: boolean };
}

export interface Partners {
  organisations: Array<{ id: string; name: string; type: string; region: string }>;
  regions: string[];
}

export interface Disclosure {
  id: string;
  alertId: string | null;
  disclosedAt: string;
  disclosedByName: string;
  fromOrganisationName: string;
  toOrganisationName: string;
  view: 'police' | 'pivot';
  fields: string[];
  legalBasis: string;
  withoutConsent: boolean;
  justification: string | null;
  flagged: boolean;
  reviewedAt: string | null;
}

export interface Figures {
  months: Array<{ month: string; alerts: number }>;
  closedAlerts: number;
  medianMinutesToPoliceAck: number | null;
  medianMinutesMissing: number | null;
  interviewsWithin72hShare: number | null;
}

export interface Settings {
  ackDelayMinutes: number;
  purgeAfterDays: number;
  profileRetentionDays: number;
  canEdit: boolean;
}

/** Calls `onAlert` when a notification of the tab's event stream links to an alert page. */
export function subscribeToAlerts(onAlert: (link: string) => void): () => void {
  return subscribeToEvents('notification', (data) => {
    if (typeof data === 'object' && data !== null && 'link' in data && typeof data.link === 'string') {
      if (data.link.startsWith('/alertes/')) onAlert(data.link);
    }
  });
}

/** A local date-time input value ('YYYY-MM-DDTHH:mm') for now. */
export function localInputNow(date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** An ISO instant from a local date-time input, or the raw text (the server then explains). */
export function isoFromInput(value: string): string {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toISOString();
}

export function lines(value: string): string[] {
  return value
    .split('\n')
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

import type { ColumnType, Insertable } from 'kysely';
import type { AlertKind, AlertStatus, ArchiveReason, LegalBasis, Outcome } from './alerts.rules.js';

/** Kysely types of the alert tables (migrations/0010_alerts.sql, 0015_alert_profile_retention.sql). */
export interface AlertSettingsTable {
  id: ColumnType<number, number | undefined, never>;
  ack_delay_minutes: number;
  purge_after_days: number;
  profile_retention_days: ColumnType<number, number | undefined, number>;
  updated_by: string | null;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface AlertProfilesTable {
  id: string;
  organisation_id: string;
  unit: string;
  content: string;
  photo_file_id: string | null;
  episode_count: ColumnType<number, number | undefined, number>;
  reviewed_at: Date;
  review_reminded_at: Date | null;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
  archived_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  archived_by: ColumnType<string | null, string | null | undefined, string | null>;
  archive_reason: ColumnType<ArchiveReason | null, ArchiveReason | null | undefined, ArchiveReason | null>;
  /** Sealed (alert_profiles.archive_note:<id>). */
  archive_note: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface AlertsTable {
  id: string;
  profile_id: string | null;
  owner_organisation_id: string;
  police_organisation_id: string | null;
  kind: AlertKind;
  status: ColumnType<AlertStatus, AlertStatus | undefined, AlertStatus>;
  legal_basis: LegalBasis;
  without_consent: boolean;
  content: string | null;
  photo_file_id: string | null;
  last_seen_at: Date;
  raised_by: string | null;
  raised_at: Date;
  escalated_at: Date | null;
  closed_at: Date | null;
  closed_by: string | null;
  outcome: Outcome | null;
  place_type: string | null;
  found_at: Date | null;
  purge_after: Date | null;
}

export interface AlertRecipientsTable {
  alert_id: string;
  organisation_id: string;
  view: 'police' | 'pivot';
  roles: ColumnType<string[], string[] | undefined, string[]>;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
}

export interface AlertRecipientPeopleTable {
  alert_id: string;
  person_id: string;
  organisation_id: string;
  reason: 'police' | 'pivot' | 'escalation' | 'coordination';
}

export interface AlertEventsTable {
  id: string;
  alert_id: string;
  kind: 'raised' | 'acknowledged' | 'sighting' | 'update' | 'escalated' | 'closed' | 'interview';
  author_person_id: string | null;
  organisation_id: string | null;
  body: string | null;
  at: Date;
}

export interface AlertReturnInterviewsTable {
  alert_id: string;
  due_at: Date;
  status: ColumnType<'pending' | 'done' | 'refused', 'pending' | 'done' | 'refused' | undefined>;
  done_at: Date | null;
  exploitation_risks_screened: boolean | null;
  outcome: string | null;
  recorded_by: string | null;
}

export interface AlertDisclosuresTable {
  id: ColumnType<string, string | undefined, never>;
  alert_id: string | null;
  disclosed_at: Date;
  disclosed_by: string | null;
  from_organisation_id: string;
  to_organisation_id: string;
  view: 'police' | 'pivot';
  fields: string[];
  legal_basis: LegalBasis;
  without_consent: boolean;
  justification: string | null;
  flagged: boolean;
  reviewed_at: Date | null;
  reviewed_by: string | null;
}

export interface AlertFactsTable {
  id: ColumnType<string, string | undefined, never>;
  owner_organisation_id: string;
  month: ColumnType<string, string, string>;
  kind: string;
  minutes_to_police_ack: number | null;
  minutes_missing: number | null;
  minutes_to_find: number | null;
  escalated: boolean;
  organisations_involved: string[];
  profile_episode_count: number | null;
  interview_status: string | null;
  interview_within_72h: boolean | null;
  closed_month: ColumnType<string, string, string>;
  alert_id: string | null;
}

export interface AlertTables {
  alert_settings: AlertSettingsTable;
  alert_profiles: AlertProfilesTable;
  alerts: AlertsTable;
  alert_recipients: AlertRecipientsTable;
  alert_recipient_people: AlertRecipientPeopleTable;
  alert_events: AlertEventsTable;
  alert_return_interviews: AlertReturnInterviewsTable;
  alert_disclosures: AlertDisclosuresTable;
  alert_facts: AlertFactsTable;
}

// The tables of the alerts module join the database type the platform declares, without the platform knowing them.
declare module '../../platform/db/schema.js' {
  interface DB extends AlertTables {}
}

/** A row as a repository inserts it into one of the alert tables. */
export type AlertInsert<T extends keyof AlertTables> = Insertable<AlertTables[T]>;

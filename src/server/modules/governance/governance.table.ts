import type { ColumnType, Generated } from 'kysely';

type CreatedAt = ColumnType<Date, Date | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | undefined, Date>;

export type PlanKind = 'mandate' | 'means' | 'action';
export type PlanStatus = 'not_started' | 'in_progress' | 'done' | 'blocked' | 'abandoned';
export type MeetingStatus = 'planned' | 'closed' | 'cancelled';
export type Attendance = 'unknown' | 'present' | 'absent' | 'excused';
export type AudienceKind = 'all' | 'pivots' | 'organisation_type' | 'organisation';

export interface GovPlanItemsTable {
  id: Generated<string>;
  parent_id: string | null;
  kind: PlanKind;
  title_fr: string;
  title_en: string;
  description: string | null;
  start_date: string | null;
  due_date: string | null;
  status: Generated<PlanStatus>;
  progress: Generated<number>;
  weight: Generated<number>;
  position: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface GovPlanItemOrganisationsTable {
  item_id: string;
  organisation_id: string;
}

export interface GovPlanItemPeopleTable {
  item_id: string;
  person_id: string;
}

export interface GovPlanMilestonesTable {
  id: Generated<string>;
  item_id: string;
  title: string;
  due_date: string;
  done_date: string | null;
  created_at: CreatedAt;
}

export interface GovPlanHistoryTable {
  id: Generated<string>;
  item_id: string;
  field: string;
  old_value: string | null;
  new_value: string | null;
  changed_by: string | null;
  changed_at: CreatedAt;
}

export interface GovPlanRemindersTable {
  item_id: string;
  person_id: string;
  sent_at: Date;
}

export interface GovMeetingsTable {
  id: Generated<string>;
  title: string;
  starts_at: Date;
  ends_at: Date;
  place: string | null;
  video_url: string | null;
  restricted: Generated<boolean>;
  status: Generated<MeetingStatus>;
  minutes: string | null;
  closed_at: Date | null;
  closed_by: string | null;
  minutes_approved_at: Date | null;
  minutes_approved_in: string | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface GovAgendaItemsTable {
  id: Generated<string>;
  meeting_id: string;
  parent_id: string | null;
  position: number;
  title: string;
  presenter_id: string | null;
  plan_item_id: string | null;
  approves_meeting_id: string | null;
}

export interface GovInvitationsTable {
  meeting_id: string;
  person_id: string;
  attendance: Generated<Attendance>;
}

export interface GovDecisionsTable {
  id: Generated<string>;
  meeting_id: string;
  text: string;
  plan_item_id: string | null;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface GovCalendarTokensTable {
  person_id: string;
  token_hash: string;
  created_at: ColumnType<Date, Date | undefined, Date>;
}

export interface GovAnnouncementsTable {
  id: Generated<string>;
  title_fr: string;
  title_en: string;
  body_fr: string;
  body_en: string;
  audience: AudienceKind;
  audience_type: string | null;
  audience_organisation_id: string | null;
  publish_at: Date;
  published_at: Date | null;
  author_id: string | null;
  created_at: CreatedAt;
}

export interface GovAnnouncementRecipientsTable {
  announcement_id: string;
  person_id: string;
  read_at: Date | null;
}

/** Tables of the governance module (migration 0006). */
export interface GovernanceTables {
  gov_plan_items: GovPlanItemsTable;
  gov_plan_item_organisations: GovPlanItemOrganisationsTable;
  gov_plan_item_people: GovPlanItemPeopleTable;
  gov_plan_milestones: GovPlanMilestonesTable;
  gov_plan_history: GovPlanHistoryTable;
  gov_plan_reminders: GovPlanRemindersTable;
  gov_meetings: GovMeetingsTable;
  gov_agenda_items: GovAgendaItemsTable;
  gov_invitations: GovInvitationsTable;
  gov_decisions: GovDecisionsTable;
  gov_calendar_tokens: GovCalendarTokensTable;
  gov_announcements: GovAnnouncementsTable;
  gov_announcement_recipients: GovAnnouncementRecipientsTable;
}

// The tables of the governance module join the database type the platform declares, without the platform knowing them.
declare module '../../platform/db/schema.js' {
  interface DB extends GovernanceTables {}
}

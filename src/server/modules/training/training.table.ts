import type { ColumnType, Generated } from 'kysely';

/**
 * Kysely types of the training tables (migrations/0008_training.sql, 0014_training_outside_followup.sql,
 * 0016_training_link_versions.sql).
 */

type CreatedAt = ColumnType<Date, Date | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | undefined, Date>;
type TextArray = ColumnType<string[], string[] | undefined, string[]>;

export type CourseKind = 'course' | 'information_session';
export type SessionStatus = 'planned' | 'cancelled' | 'completed';
export type RegistrationStatus =
  | 'confirmed'
  | 'waitlisted'
  | 'offered'
  | 'cancelled'
  | 'declined'
  | 'expired';
export type AttendanceStatus = 'present' | 'absent' | 'late' | 'excused';
export type ParticipantSource = 'member' | 'invited' | 'history';

export interface TrainingCoursesTable {
  id: Generated<string>;
  code: string;
  kind: Generated<CourseKind>;
  title_fr: string;
  title_en: string;
  description_fr: Generated<string>;
  description_en: Generated<string>;
  objectives_fr: Generated<string>;
  objectives_en: Generated<string>;
  /** numeric(4,1), parsed to a number by the database layer. */
  duration_days: number;
  audiences: TextArray;
  open_to_outside: Generated<boolean>;
  certificate_validity_months: number | null;
  network_prerequisite: Generated<boolean>;
  active: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface TrainingCoursePrerequisitesTable {
  course_id: string;
  prerequisite_id: string;
}

export interface TrainingSessionsTable {
  id: Generated<string>;
  course_id: string;
  place: string | null;
  video_url: string | null;
  capacity: number;
  registration_deadline: Date;
  status: Generated<SessionStatus>;
  next_queue_number: Generated<number>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface TrainingSessionDaysTable {
  session_id: string;
  /** A date (YYYY-MM-DD) in the region's time zone. */
  day: string;
  starts_at: Date;
  ends_at: Date;
}

export interface TrainingSessionTrainersTable {
  session_id: string;
  person_id: string;
}

export interface TrainingParticipantsTable {
  id: Generated<string>;
  person_id: string | null;
  full_name: string;
  email: string;
  organisation_id: string | null;
  organisation_type: string;
  organisation_name: string | null;
  profession: string | null;
  locale: Generated<'fr-CA' | 'en-CA'>;
  source: Generated<ParticipantSource>;
  created_at: CreatedAt;
}

export interface TrainingRegistrationsTable {
  id: Generated<string>;
  session_id: string;
  participant_id: string;
  status: RegistrationStatus;
  queue_number: number | null;
  waitlisted_at: Date | null;
  offer_expires_at: Date | null;
  reminded_at: Date | null;
  /** When an outside participant was sent the link to the session's evaluation (migration 0014). */
  evaluation_invited_at: Date | null;
  /**
   * Version of the registration the personal links of outside participants are signed for; moved on
   * when a cancelled registration is renewed, so earlier links stop working (migration 0016).
   */
  link_version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface TrainingAttendanceTable {
  registration_id: string;
  day: string;
  status: AttendanceStatus;
  marked_by: string | null;
  marked_at: ColumnType<Date, Date | undefined, Date>;
}

export interface TrainingCompletionsTable {
  id: Generated<string>;
  participant_id: string;
  course_id: string;
  session_id: string | null;
  /** A date (YYYY-MM-DD). */
  completed_on: string;
  organisation_id: string | null;
  organisation_type: string;
  certificate_code: string | null;
  expires_on: string | null;
  expiry_reminded_at: Date | null;
  created_by: string | null;
  created_at: CreatedAt;
}

/** Tables of the training module (migration 0008). */
export interface TrainingTables {
  training_courses: TrainingCoursesTable;
  training_course_prerequisites: TrainingCoursePrerequisitesTable;
  training_sessions: TrainingSessionsTable;
  training_session_days: TrainingSessionDaysTable;
  training_session_trainers: TrainingSessionTrainersTable;
  training_participants: TrainingParticipantsTable;
  training_registrations: TrainingRegistrationsTable;
  training_attendance: TrainingAttendanceTable;
  training_completions: TrainingCompletionsTable;
}

// The tables of the training module join the database type the platform declares, without the platform knowing them.
declare module '../../platform/db/schema.js' {
  interface DB extends TrainingTables {}
}

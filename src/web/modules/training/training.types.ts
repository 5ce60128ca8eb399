/** Shapes of the training API, as the screens use them. */
export const AUDIENCES = [
  'partner_workers',
  'police',
  'probation',
  'health_social_services',
  'hotel_staff',
  'shopping_centre_staff',
  'students',
] as const;

export type RegistrationStatus =
  | 'confirmed'
  | 'waitlisted'
  | 'offered'
  | 'cancelled'
  | 'declined'
  | 'expired';
export type AttendanceStatus = 'present' | 'absent' | 'late' | 'excused';
export const ATTENDANCE_STATUSES: AttendanceStatus[] = ['present', 'absent', 'late', 'excused'];

export interface Course {
  id: string;
  code: string;
  kind: 'course' | 'information_session';
  title: string;
  titleFr: string;
  titleEn: string;
  description: string;
  descriptionFr: string;
  descriptionEn: string;
  objectives: string;
  objectivesFr: string;
  objectivesEn: string;
  durationDays: number;
  audiences: string[];
  openToOutside: boolean;
  certificateValidityMonths: number | null;
  networkPrerequisite: boolean;
  active: boolean;
  prerequisiteIds: string[];
}

export interface CourseDetail extends Course {
  prerequisites: Array<{ id: string; title: string }>;
}

export interface SessionSummary {
  id: string;
  courseId: string;
  courseCode: string;
  courseTitle: string;
  courseKind: 'course' | 'information_session';
  openToOutside: boolean;
  place: string | null;
  videoUrl: string | null;
  capacity: number;
  registrationDeadline: string;
  status: 'planned' | 'cancelled' | 'completed';
  startsAt: string | null;
  endsAt: string | null;
  confirmed: number;
  offered: number;
  waitlisted: number;
  seatsLeft: number;
}

export interface SessionDetail extends SessionSummary {
  days: Array<{ day: string; startsAt: string; endsAt: string }>;
  trainers: Array<{ id: string; name: string }>;
  trainerIds: string[];
  mine: { id: string; status: RegistrationStatus; offerExpiresAt: string | null } | null;
  canRun: boolean;
  missingPrerequisites: Array<{ id: string; title: string }>;
}

export interface ParticipantRow {
  registrationId: string;
  participantId: string;
  personId: string | null;
  /** An outside professional registered through an invitation link: their record can be corrected. */
  outside: boolean;
  name: string;
  email: string;
  organisationName: string | null;
  organisationType: string;
  profession: string | null;
  status: RegistrationStatus;
  queueNumber: number | null;
  offerExpiresAt: string | null;
  completed: boolean;
  attendance: Record<string, AttendanceStatus>;
}

export interface Participants {
  days: string[];
  items: ParticipantRow[];
}

export interface Completion {
  id: string;
  participantId: string;
  outside: boolean;
  name: string;
  courseId: string;
  courseTitle: string;
  sessionId: string | null;
  completedOn: string;
  expiresOn: string | null;
  certificateCode: string | null;
  organisationName: string | null;
  organisationType: string;
}

export interface MyTraining {
  registrations: Array<{
    id: string;
    sessionId: string;
    status: RegistrationStatus;
    position: number | null;
    offerExpiresAt: string | null;
    courseId: string;
    courseTitle: string;
    place: string | null;
    videoUrl: string | null;
    sessionStatus: 'planned' | 'cancelled' | 'completed';
    startsAt: string | null;
    endsAt: string | null;
  }>;
  completions: Completion[];
}

/** Where an outside professional works, as the invitation form offers it. */
export const OUTSIDE_TYPES = [
  'police',
  'probation',
  'health_social_services',
  'hotel',
  'shopping_centre',
  'education',
  'other',
] as const;

/** An outside professional's record, with the registrations and completions the reader may see. */
export interface OutsideParticipant {
  id: string;
  fullName: string;
  email: string;
  organisationName: string | null;
  organisationType: string;
  profession: string | null;
  locale: 'fr-CA' | 'en-CA';
  registeredAt: string;
  registrations: Array<{
    id: string;
    sessionId: string;
    courseTitle: string;
    status: RegistrationStatus;
    sessionStatus: 'planned' | 'cancelled' | 'completed';
    startsAt: string | null;
  }>;
  completions: Completion[];
}

/** The address of an outside participant's record (the table and their trainers correct it there). */
export function participantPath(participantId: string): string {
  return `/formation/participants/${encodeURIComponent(participantId)}`;
}

/** A calendar day (YYYY-MM-DD) in the reader's language, without time zone shifts. */
export function formatDay(day: string | null, locale: string): string {
  if (!day) return '—';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(`${day}T12:00:00Z`),
  );
}

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
  personId: string | null;
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

/** A calendar day (YYYY-MM-DD) in the reader's language, without time zone shifts. */
export function formatDay(day: string | null, locale: string): string {
  if (!day) return '—';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(`${day}T12:00:00Z`),
  );
}

/**
 * The allowed values of the training programme, as plain lists the web app imports without bundling
 * the schema builder: audiences, outside professionals' workplaces, kinds and statuses.
 */

/** Who a course is for. */
export const AUDIENCES = [
  'partner_workers',
  'police',
  'probation',
  'health_social_services',
  'hotel_staff',
  'shopping_centre_staff',
  'students',
] as const;
export type Audience = (typeof AUDIENCES)[number];

/** Where an outside professional works, as the invitation form and the correction screen offer it. */
export const OUTSIDE_TYPES = [
  'police',
  'probation',
  'health_social_services',
  'hotel',
  'shopping_centre',
  'education',
  'other',
] as const;
export type OutsideType = (typeof OUTSIDE_TYPES)[number];

export const COURSE_KINDS = ['course', 'information_session'] as const;
export type CourseKind = (typeof COURSE_KINDS)[number];
export const SESSION_STATUSES = ['planned', 'cancelled', 'completed'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];
export const REGISTRATION_STATUSES = [
  'confirmed',
  'waitlisted',
  'offered',
  'cancelled',
  'declined',
  'expired',
] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];
export const ATTENDANCE_STATUSES = ['present', 'absent', 'late', 'excused'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];

/**
 * The contract of the training programme (catalogue, sessions, registration, attendance, records,
 * outside participants): request and response schemas, the types derived from them, and (from
 * `training.values.ts`) the allowed values; shared by the server and the web app. Questionnaires
 * have their own contract (`questionnaires.ts`).
 */
import { type Static, Type } from '@sinclair/typebox';
import { DateOnly, Email, IsoDateTime, LocaleSchema, literals, Nullable, Strict, Uuid } from './common.js';
import {
  ATTENDANCE_STATUSES,
  AUDIENCES,
  COURSE_KINDS,
  OUTSIDE_TYPES,
  REGISTRATION_STATUSES,
  SESSION_STATUSES,
} from './training.values.js';

export * from './training.values.js';

const HttpsUrl = Type.String({ format: 'uri', maxLength: 500, pattern: '^https://' });
const Title = Type.String({ minLength: 1, maxLength: 200 });
const LongText = Type.String({ maxLength: 4000 });

// ------------------------------------------------------------------------------------------------
// Courses

const courseFields = {
  code: Type.String({ minLength: 1, maxLength: 20, pattern: '^[A-Z0-9][A-Z0-9-]*$' }),
  kind: Type.Optional(literals(COURSE_KINDS)),
  titleFr: Title,
  titleEn: Title,
  descriptionFr: Type.Optional(LongText),
  descriptionEn: Type.Optional(LongText),
  objectivesFr: Type.Optional(LongText),
  objectivesEn: Type.Optional(LongText),
  durationDays: Type.Number({ minimum: 0.5, maximum: 30, multipleOf: 0.5 }),
  audiences: Type.Optional(Type.Array(literals(AUDIENCES), { maxItems: AUDIENCES.length })),
  openToOutside: Type.Optional(Type.Boolean()),
  certificateValidityMonths: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 240 }))),
  networkPrerequisite: Type.Optional(Type.Boolean()),
  active: Type.Optional(Type.Boolean()),
  prerequisiteIds: Type.Optional(Type.Array(Uuid, { maxItems: 20 })),
};

export const CreateCourseBody = Strict(courseFields);
export type CreateCourseBody = Static<typeof CreateCourseBody>;
export const UpdateCourseBody = Strict({
  ...courseFields,
  code: Type.Optional(courseFields.code),
  titleFr: Type.Optional(Title),
  titleEn: Type.Optional(Title),
  durationDays: Type.Optional(courseFields.durationDays),
});
export type UpdateCourseBody = Static<typeof UpdateCourseBody>;

export const CourseRef = Type.Object({ id: Type.String(), title: Type.String() });
export type CourseRef = Static<typeof CourseRef>;

export const Course = Type.Object({
  id: Type.String(),
  code: Type.String(),
  kind: literals(COURSE_KINDS),
  title: Type.String(),
  titleFr: Type.String(),
  titleEn: Type.String(),
  description: Type.String(),
  descriptionFr: Type.String(),
  descriptionEn: Type.String(),
  objectives: Type.String(),
  objectivesFr: Type.String(),
  objectivesEn: Type.String(),
  durationDays: Type.Number(),
  audiences: Type.Array(Type.String()),
  openToOutside: Type.Boolean(),
  certificateValidityMonths: Nullable(Type.Integer()),
  networkPrerequisite: Type.Boolean(),
  active: Type.Boolean(),
  prerequisiteIds: Type.Array(Type.String()),
});
export type Course = Static<typeof Course>;
export const CourseDetail = Type.Object({ ...Course.properties, prerequisites: Type.Array(CourseRef) });
export type CourseDetail = Static<typeof CourseDetail>;
export const CourseList = Type.Object({ items: Type.Array(Course) });
export type CourseList = Static<typeof CourseList>;

// ------------------------------------------------------------------------------------------------
// Sessions

const Day = Strict({ startsAt: IsoDateTime, endsAt: IsoDateTime });
const sessionFields = {
  courseId: Uuid,
  place: Type.Optional(Nullable(Type.String({ maxLength: 300 }))),
  videoUrl: Type.Optional(Nullable(HttpsUrl)),
  capacity: Type.Integer({ minimum: 1, maximum: 1000 }),
  registrationDeadline: IsoDateTime,
  days: Type.Array(Day, { minItems: 1, maxItems: 10 }),
  trainerIds: Type.Optional(Type.Array(Uuid, { maxItems: 10 })),
};
export const CreateSessionBody = Strict(sessionFields);
export type CreateSessionBody = Static<typeof CreateSessionBody>;
export const UpdateSessionBody = Strict({
  place: sessionFields.place,
  videoUrl: sessionFields.videoUrl,
  capacity: Type.Optional(sessionFields.capacity),
  registrationDeadline: Type.Optional(IsoDateTime),
  days: Type.Optional(sessionFields.days),
  trainerIds: sessionFields.trainerIds,
  status: Type.Optional(literals(SESSION_STATUSES)),
});
export type UpdateSessionBody = Static<typeof UpdateSessionBody>;
export const SessionQuery = Type.Object(
  {
    from: Type.Optional(IsoDateTime),
    courseId: Type.Optional(Uuid),
    mine: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type SessionQuery = Static<typeof SessionQuery>;

export const SessionSummary = Type.Object({
  id: Type.String(),
  courseId: Type.String(),
  courseCode: Type.String(),
  courseTitle: Type.String(),
  courseKind: literals(COURSE_KINDS),
  openToOutside: Type.Boolean(),
  place: Nullable(Type.String()),
  videoUrl: Nullable(Type.String()),
  capacity: Type.Integer(),
  registrationDeadline: Type.String(),
  status: literals(SESSION_STATUSES),
  startsAt: Nullable(Type.String()),
  endsAt: Nullable(Type.String()),
  confirmed: Type.Integer(),
  offered: Type.Integer(),
  waitlisted: Type.Integer(),
  seatsLeft: Type.Integer(),
});
export type SessionSummary = Static<typeof SessionSummary>;
export const SessionList = Type.Object({ items: Type.Array(SessionSummary) });
export type SessionList = Static<typeof SessionList>;

export const MyRegistration = Type.Object({
  id: Type.String(),
  status: literals(REGISTRATION_STATUSES),
  offerExpiresAt: Nullable(Type.String()),
});
export type MyRegistration = Static<typeof MyRegistration>;
export const SessionDetail = Type.Object({
  ...SessionSummary.properties,
  days: Type.Array(Type.Object({ day: Type.String(), startsAt: Type.String(), endsAt: Type.String() })),
  trainers: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
  trainerIds: Type.Array(Type.String()),
  mine: Nullable(MyRegistration),
  canRun: Type.Boolean(),
  missingPrerequisites: Type.Array(CourseRef),
});
export type SessionDetail = Static<typeof SessionDetail>;

export const Trainers = Type.Object({
  items: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), organisationName: Type.String() })),
});
export type Trainers = Static<typeof Trainers>;

export const Participants = Type.Object({
  days: Type.Array(Type.String()),
  items: Type.Array(
    Type.Object({
      registrationId: Type.String(),
      participantId: Type.String(),
      personId: Nullable(Type.String()),
      /** An outside professional registered through an invitation link (their record can be corrected). */
      outside: Type.Boolean(),
      name: Type.String(),
      email: Type.String(),
      organisationName: Nullable(Type.String()),
      organisationType: Type.String(),
      profession: Nullable(Type.String()),
      status: literals(REGISTRATION_STATUSES),
      queueNumber: Nullable(Type.Integer()),
      offerExpiresAt: Nullable(Type.String()),
      completed: Type.Boolean(),
      attendance: Type.Record(Type.String(), literals(ATTENDANCE_STATUSES)),
    }),
  ),
});
export type Participants = Static<typeof Participants>;
/** One registration of a session's participant list. */
export type ParticipantRow = Participants['items'][number];

export const AttendanceBody = Strict({
  entries: Type.Array(
    Strict({ registrationId: Uuid, day: DateOnly, status: literals(ATTENDANCE_STATUSES) }),
    { minItems: 1, maxItems: 2000 },
  ),
});
export type AttendanceBody = Static<typeof AttendanceBody>;
export const CompletionBody = Strict({ registrationIds: Type.Array(Uuid, { minItems: 1, maxItems: 1000 }) });
export type CompletionBody = Static<typeof CompletionBody>;
export const Completed = Type.Object({ completed: Type.Integer() });
export type Completed = Static<typeof Completed>;

export const Registration = Type.Object({
  id: Type.String(),
  status: literals(REGISTRATION_STATUSES),
  position: Nullable(Type.Integer()),
});
export type Registration = Static<typeof Registration>;

// ------------------------------------------------------------------------------------------------
// My training, records

export const CompletionView = Type.Object({
  id: Type.String(),
  participantId: Type.String(),
  /** The holder is an outside professional (no account). */
  outside: Type.Boolean(),
  name: Type.String(),
  courseId: Type.String(),
  courseTitle: Type.String(),
  sessionId: Nullable(Type.String()),
  completedOn: Type.String(),
  expiresOn: Nullable(Type.String()),
  certificateCode: Nullable(Type.String()),
  organisationName: Nullable(Type.String()),
  organisationType: Type.String(),
});
export type CompletionView = Static<typeof CompletionView>;

export const MyTraining = Type.Object({
  registrations: Type.Array(
    Type.Object({
      id: Type.String(),
      sessionId: Type.String(),
      status: literals(REGISTRATION_STATUSES),
      position: Nullable(Type.Integer()),
      offerExpiresAt: Nullable(Type.String()),
      courseId: Type.String(),
      courseTitle: Type.String(),
      place: Nullable(Type.String()),
      videoUrl: Nullable(Type.String()),
      sessionStatus: literals(SESSION_STATUSES),
      startsAt: Nullable(Type.String()),
      endsAt: Nullable(Type.String()),
    }),
  ),
  completions: Type.Array(CompletionView),
});
export type MyTraining = Static<typeof MyTraining>;

export const RecordQuery = Type.Object(
  {
    courseId: Type.Optional(Uuid),
    q: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: false },
);
export type RecordQuery = Static<typeof RecordQuery>;
export const RecordList = Type.Object({ items: Type.Array(CompletionView) });
export type RecordList = Static<typeof RecordList>;

// ------------------------------------------------------------------------------------------------
// Outside participants: their record, corrected by the table and their trainers

export const CorrectParticipantBody = Strict({
  fullName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  email: Type.Optional(Email),
  organisationName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  organisationType: Type.Optional(literals(OUTSIDE_TYPES)),
  profession: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
  locale: Type.Optional(LocaleSchema),
});
export type CorrectParticipantBody = Static<typeof CorrectParticipantBody>;

export const OutsideParticipant = Type.Object({
  id: Type.String(),
  fullName: Type.String(),
  email: Type.String(),
  organisationName: Nullable(Type.String()),
  organisationType: Type.String(),
  profession: Nullable(Type.String()),
  locale: LocaleSchema,
  registeredAt: Type.String(),
  registrations: Type.Array(
    Type.Object({
      id: Type.String(),
      sessionId: Type.String(),
      courseTitle: Type.String(),
      status: literals(REGISTRATION_STATUSES),
      sessionStatus: literals(SESSION_STATUSES),
      startsAt: Nullable(Type.String()),
    }),
  ),
  completions: Type.Array(CompletionView),
});
export type OutsideParticipant = Static<typeof OutsideParticipant>;

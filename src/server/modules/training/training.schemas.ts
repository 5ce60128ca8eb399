import { Type } from '@sinclair/typebox';
import { Email, IsoDateTime, LocaleSchema, Nullable, Strict, Uuid } from '../../platform/http/schemas.js';
import { AUDIENCES, OUTSIDE_TYPES } from './training.rules.js';

const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));

export const COURSE_KINDS = ['course', 'information_session'] as const;
export const SESSION_STATUSES = ['planned', 'cancelled', 'completed'] as const;
export const REGISTRATION_STATUSES = [
  'confirmed',
  'waitlisted',
  'offered',
  'cancelled',
  'declined',
  'expired',
] as const;
export const ATTENDANCE_STATUSES = ['present', 'absent', 'late', 'excused'] as const;

const DateOnly = Type.String({ format: 'date' });
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
export const UpdateCourseBody = Strict({
  ...courseFields,
  code: Type.Optional(courseFields.code),
  titleFr: Type.Optional(Title),
  titleEn: Type.Optional(Title),
  durationDays: Type.Optional(courseFields.durationDays),
});

const CourseRef = Type.Object({ id: Type.String(), title: Type.String() });

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
export const CourseDetail = Type.Object({ ...Course.properties, prerequisites: Type.Array(CourseRef) });
export const CourseList = Type.Object({ items: Type.Array(Course) });

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
export const UpdateSessionBody = Strict({
  place: sessionFields.place,
  videoUrl: sessionFields.videoUrl,
  capacity: Type.Optional(sessionFields.capacity),
  registrationDeadline: Type.Optional(IsoDateTime),
  days: Type.Optional(sessionFields.days),
  trainerIds: sessionFields.trainerIds,
  status: Type.Optional(literals(SESSION_STATUSES)),
});
export const SessionQuery = Type.Object(
  {
    from: Type.Optional(IsoDateTime),
    courseId: Type.Optional(Uuid),
    mine: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

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
export const SessionList = Type.Object({ items: Type.Array(SessionSummary) });

const MyRegistration = Type.Object({
  id: Type.String(),
  status: literals(REGISTRATION_STATUSES),
  offerExpiresAt: Nullable(Type.String()),
});
export const SessionDetail = Type.Object({
  ...SessionSummary.properties,
  days: Type.Array(Type.Object({ day: Type.String(), startsAt: Type.String(), endsAt: Type.String() })),
  trainers: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
  trainerIds: Type.Array(Type.String()),
  mine: Nullable(MyRegistration),
  canRun: Type.Boolean(),
  missingPrerequisites: Type.Array(CourseRef),
});

export const Trainers = Type.Object({
  items: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), organisationName: Type.String() })),
});

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

export const AttendanceBody = Strict({
  entries: Type.Array(
    Strict({ registrationId: Uuid, day: DateOnly, status: literals(ATTENDANCE_STATUSES) }),
    { minItems: 1, maxItems: 2000 },
  ),
});
export const CompletionBody = Strict({ registrationIds: Type.Array(Uuid, { minItems: 1, maxItems: 1000 }) });
export const Completed = Type.Object({ completed: Type.Integer() });

export const Registration = Type.Object({
  id: Type.String(),
  status: literals(REGISTRATION_STATUSES),
  position: Nullable(Type.Integer()),
});

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

export const RecordQuery = Type.Object(
  {
    courseId: Type.Optional(Uuid),
    q: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: false },
);
export const RecordList = Type.Object({ items: Type.Array(CompletionView) });

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

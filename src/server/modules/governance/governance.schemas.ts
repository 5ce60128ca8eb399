import { Type } from '@sinclair/typebox';
import { ORGANISATION_TYPES } from '../../../shared/roles.js';
import { IsoDateTime, Nullable, Strict, Uuid } from '../../platform/http/schemas.js';

const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));

export const PLAN_KINDS = ['mandate', 'means', 'action'] as const;
export const PLAN_STATUSES = ['not_started', 'in_progress', 'done', 'blocked', 'abandoned'] as const;
export const ATTENDANCES = ['unknown', 'present', 'absent', 'excused'] as const;
export const AUDIENCES = ['all', 'pivots', 'organisation_type', 'organisation'] as const;

const DateOnly = Type.String({ format: 'date' });
const HttpsUrl = Type.String({ format: 'uri', maxLength: 500, pattern: '^https://' });
const Title = Type.String({ minLength: 1, maxLength: 200 });

// ------------------------------------------------------------------------------------------------
// Meetings

/** An agenda item, nested at most three levels. */
const AgendaLeaf = Strict({
  title: Type.String({ minLength: 1, maxLength: 300 }),
  presenterId: Type.Optional(Nullable(Uuid)),
  planItemId: Type.Optional(Nullable(Uuid)),
  approvesMeetingId: Type.Optional(Nullable(Uuid)),
});
const AgendaMiddle = Strict({
  ...AgendaLeaf.properties,
  children: Type.Optional(Type.Array(AgendaLeaf, { maxItems: 30 })),
});
export const AgendaInput = Strict({
  ...AgendaLeaf.properties,
  children: Type.Optional(Type.Array(AgendaMiddle, { maxItems: 30 })),
});
export interface AgendaInputItem {
  title: string;
  presenterId?: string | null | undefined;
  planItemId?: string | null | undefined;
  approvesMeetingId?: string | null | undefined;
  children?: AgendaInputItem[] | undefined;
}

const meetingFields = {
  title: Title,
  startsAt: IsoDateTime,
  endsAt: IsoDateTime,
  place: Type.Optional(Nullable(Type.String({ maxLength: 300 }))),
  videoUrl: Type.Optional(Nullable(HttpsUrl)),
  restricted: Type.Optional(Type.Boolean()),
  agenda: Type.Optional(Type.Array(AgendaInput, { maxItems: 50 })),
  inviteeIds: Type.Optional(Type.Array(Uuid, { maxItems: 500 })),
};

export const CreateMeetingBody = Strict(meetingFields);
export const UpdateMeetingBody = Strict({
  title: Type.Optional(Title),
  startsAt: Type.Optional(IsoDateTime),
  endsAt: Type.Optional(IsoDateTime),
  place: meetingFields.place,
  videoUrl: meetingFields.videoUrl,
  restricted: meetingFields.restricted,
  agenda: meetingFields.agenda,
  inviteeIds: meetingFields.inviteeIds,
});

export const AttendanceBody = Strict({
  entries: Type.Array(Strict({ personId: Uuid, attendance: literals(ATTENDANCES) }), {
    minItems: 1,
    maxItems: 500,
  }),
});
export const CloseMeetingBody = Strict({ minutes: Type.String({ minLength: 1, maxLength: 50000 }) });
export const ApproveMinutesBody = Strict({ minutesOf: Uuid });
export const DecisionBody = Strict({
  text: Type.String({ minLength: 1, maxLength: 2000 }),
  planItemId: Type.Optional(Nullable(Uuid)),
});
export const UpdateDecisionBody = Strict({
  text: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
  planItemId: Type.Optional(Nullable(Uuid)),
});
export const MeetingQuery = Type.Object(
  { from: Type.Optional(IsoDateTime), to: Type.Optional(IsoDateTime) },
  { additionalProperties: false },
);

export const MeetingSummary = Type.Object({
  id: Type.String(),
  title: Type.String(),
  startsAt: Type.String(),
  endsAt: Type.String(),
  place: Nullable(Type.String()),
  videoUrl: Nullable(Type.String()),
  restricted: Type.Boolean(),
  status: Type.String(),
  minutesApproved: Type.Boolean(),
  invited: Type.Boolean(),
  invitedCount: Type.Integer(),
  presentCount: Type.Integer(),
});
export const MeetingList = Type.Object({ items: Type.Array(MeetingSummary) });

const AgendaOut = Type.Object({
  id: Type.String(),
  parentId: Nullable(Type.String()),
  title: Type.String(),
  presenterId: Nullable(Type.String()),
  presenterName: Nullable(Type.String()),
  planItemId: Nullable(Type.String()),
  approvesMeetingId: Nullable(Type.String()),
});
export const Decision = Type.Object({
  id: Type.String(),
  meetingId: Type.String(),
  text: Type.String(),
  planItemId: Nullable(Type.String()),
  planItemTitle: Nullable(Type.String()),
  createdAt: Type.String(),
});
export const MeetingDetail = Type.Object({
  ...MeetingSummary.properties,
  agenda: Type.Array(AgendaOut),
  invitations: Type.Array(
    Type.Object({
      personId: Type.String(),
      name: Type.String(),
      organisationId: Type.String(),
      organisationName: Type.String(),
      attendance: Type.String(),
    }),
  ),
  organisationsPresent: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
  decisions: Type.Array(Decision),
  minutes: Nullable(Type.String()),
  minutesVisible: Type.Boolean(),
  closedAt: Nullable(Type.String()),
  minutesApprovedAt: Nullable(Type.String()),
  minutesApprovedIn: Nullable(Type.String()),
});

export const CalendarFeed = Type.Object({ active: Type.Boolean(), createdAt: Nullable(Type.String()) });
export const NewCalendarFeed = Type.Object({ url: Type.String(), createdAt: Type.String() });
export const TokenParams = Type.Object(
  { token: Type.String({ minLength: 1, maxLength: 100 }) },
  { additionalProperties: false },
);

// ------------------------------------------------------------------------------------------------
// Action plan

const planFields = {
  titleFr: Type.String({ minLength: 1, maxLength: 300 }),
  titleEn: Type.String({ minLength: 1, maxLength: 300 }),
  description: Type.Optional(Nullable(Type.String({ maxLength: 4000 }))),
  startDate: Type.Optional(Nullable(DateOnly)),
  dueDate: Type.Optional(Nullable(DateOnly)),
  status: Type.Optional(literals(PLAN_STATUSES)),
  // Range checked by the service, so the message names the 0–100 rule.
  progress: Type.Optional(Type.Integer()),
  weight: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  ownerOrganisationIds: Type.Optional(Type.Array(Uuid, { maxItems: 50 })),
  ownerPersonIds: Type.Optional(Type.Array(Uuid, { maxItems: 50 })),
};

export const CreatePlanItemBody = Strict({
  parentId: Nullable(Uuid),
  kind: literals(PLAN_KINDS),
  ...planFields,
});
export const UpdatePlanItemBody = Strict({
  parentId: Type.Optional(Nullable(Uuid)),
  titleFr: Type.Optional(planFields.titleFr),
  titleEn: Type.Optional(planFields.titleEn),
  description: planFields.description,
  startDate: planFields.startDate,
  dueDate: planFields.dueDate,
  status: planFields.status,
  progress: planFields.progress,
  weight: planFields.weight,
  ownerOrganisationIds: planFields.ownerOrganisationIds,
  ownerPersonIds: planFields.ownerPersonIds,
});

const Owner = Type.Object({ id: Type.String(), name: Type.String() });
export const PlanItem = Type.Object({
  id: Type.String(),
  parentId: Nullable(Type.String()),
  kind: Type.String(),
  title: Type.String(),
  titleFr: Type.String(),
  titleEn: Type.String(),
  description: Nullable(Type.String()),
  startDate: Nullable(Type.String()),
  dueDate: Nullable(Type.String()),
  status: Type.String(),
  progress: Type.Integer(),
  ownProgress: Type.Integer(),
  weight: Type.Integer(),
  overdue: Type.Boolean(),
  ownerOrganisations: Type.Array(Owner),
  ownerPeople: Type.Array(Owner),
});
export const PlanTree = Type.Object({ today: Type.String(), items: Type.Array(PlanItem) });
export const Milestone = Type.Object({
  id: Type.String(),
  title: Type.String(),
  dueDate: Type.String(),
  doneDate: Nullable(Type.String()),
  overdue: Type.Boolean(),
});
export const PlanItemDetail = Type.Object({
  ...PlanItem.properties,
  milestones: Type.Array(Milestone),
  history: Type.Array(
    Type.Object({
      field: Type.String(),
      oldValue: Nullable(Type.String()),
      newValue: Nullable(Type.String()),
      changedBy: Nullable(Type.String()),
      changedAt: Type.String(),
    }),
  ),
  decisions: Type.Array(
    Type.Object({
      id: Type.String(),
      text: Type.String(),
      meetingId: Type.String(),
      meetingTitle: Type.String(),
      meetingStartsAt: Type.String(),
    }),
  ),
});
export const MilestoneBody = Strict({
  title: Type.String({ minLength: 1, maxLength: 300 }),
  dueDate: DateOnly,
  doneDate: Type.Optional(Nullable(DateOnly)),
});
export const UpdateMilestoneBody = Strict({
  title: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
  dueDate: Type.Optional(DateOnly),
  doneDate: Type.Optional(Nullable(DateOnly)),
});

// ------------------------------------------------------------------------------------------------
// Announcements

export const CreateAnnouncementBody = Strict({
  titleFr: Title,
  titleEn: Title,
  bodyFr: Type.String({ minLength: 1, maxLength: 10000 }),
  bodyEn: Type.String({ minLength: 1, maxLength: 10000 }),
  audience: literals(AUDIENCES),
  organisationType: Type.Optional(literals(ORGANISATION_TYPES)),
  organisationId: Type.Optional(Uuid),
  publishAt: Type.Optional(IsoDateTime),
});

export const MyAnnouncement = Type.Object({
  id: Type.String(),
  title: Type.String(),
  body: Type.String(),
  author: Nullable(Type.String()),
  publishedAt: Type.String(),
  read: Type.Boolean(),
});
export const MyAnnouncementList = Type.Object({ items: Type.Array(MyAnnouncement) });

export const SentAnnouncement = Type.Object({
  id: Type.String(),
  titleFr: Type.String(),
  titleEn: Type.String(),
  bodyFr: Type.String(),
  bodyEn: Type.String(),
  audience: Type.String(),
  organisationType: Nullable(Type.String()),
  organisationId: Nullable(Type.String()),
  organisationName: Nullable(Type.String()),
  publishAt: Type.String(),
  publishedAt: Nullable(Type.String()),
  author: Nullable(Type.String()),
  recipientCount: Type.Integer(),
  readCount: Type.Integer(),
});
export const SentAnnouncementList = Type.Object({ items: Type.Array(SentAnnouncement) });
export const Receipts = Type.Object({
  total: Type.Integer(),
  read: Type.Integer(),
  people: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      organisationName: Type.String(),
      readAt: Nullable(Type.String()),
    }),
  ),
});

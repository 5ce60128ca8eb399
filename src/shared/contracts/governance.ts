/**
 * The contract of governance (meetings and their calendar feed, the action plan, announcements):
 * request and response schemas, the types derived from them, and (from `governance.values.ts`) the
 * allowed values; shared by the server and the web app.
 */
import { type Static, Type } from '@sinclair/typebox';
import { ORGANISATION_TYPES } from '../roles.js';
import { DateOnly, IsoDateTime, literals, Nullable, Strict, Uuid } from './common.js';
import { ATTENDANCES, AUDIENCES, PLAN_KINDS, PLAN_STATUSES } from './governance.values.js';

export * from './governance.values.js';

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
export type AgendaInput = Static<typeof AgendaInput>;
/** An agenda item as the service walks it: the schema's three levels seen as one recursive shape. */
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
export type CreateMeetingBody = Static<typeof CreateMeetingBody>;
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
export type UpdateMeetingBody = Static<typeof UpdateMeetingBody>;

export const AttendanceBody = Strict({
  entries: Type.Array(Strict({ personId: Uuid, attendance: literals(ATTENDANCES) }), {
    minItems: 1,
    maxItems: 500,
  }),
});
export type AttendanceBody = Static<typeof AttendanceBody>;
export const CloseMeetingBody = Strict({ minutes: Type.String({ minLength: 1, maxLength: 50000 }) });
export type CloseMeetingBody = Static<typeof CloseMeetingBody>;
export const ApproveMinutesBody = Strict({ minutesOf: Uuid });
export type ApproveMinutesBody = Static<typeof ApproveMinutesBody>;
export const DecisionBody = Strict({
  text: Type.String({ minLength: 1, maxLength: 2000 }),
  planItemId: Type.Optional(Nullable(Uuid)),
});
export type DecisionBody = Static<typeof DecisionBody>;
export const UpdateDecisionBody = Strict({
  text: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
  planItemId: Type.Optional(Nullable(Uuid)),
});
export type UpdateDecisionBody = Static<typeof UpdateDecisionBody>;
export const MeetingQuery = Type.Object(
  { from: Type.Optional(IsoDateTime), to: Type.Optional(IsoDateTime) },
  { additionalProperties: false },
);
export type MeetingQuery = Static<typeof MeetingQuery>;

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
export type MeetingSummary = Static<typeof MeetingSummary>;
export const MeetingList = Type.Object({ items: Type.Array(MeetingSummary) });
export type MeetingList = Static<typeof MeetingList>;

/** An agenda item as the meeting page shows it, flat with its parent. */
export const AgendaItem = Type.Object({
  id: Type.String(),
  parentId: Nullable(Type.String()),
  title: Type.String(),
  presenterId: Nullable(Type.String()),
  presenterName: Nullable(Type.String()),
  planItemId: Nullable(Type.String()),
  approvesMeetingId: Nullable(Type.String()),
});
export type AgendaItem = Static<typeof AgendaItem>;
export const Decision = Type.Object({
  id: Type.String(),
  meetingId: Type.String(),
  text: Type.String(),
  planItemId: Nullable(Type.String()),
  planItemTitle: Nullable(Type.String()),
  createdAt: Type.String(),
});
export type Decision = Static<typeof Decision>;
export const MeetingDetail = Type.Object({
  ...MeetingSummary.properties,
  agenda: Type.Array(AgendaItem),
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
export type MeetingDetail = Static<typeof MeetingDetail>;

export const CalendarFeed = Type.Object({ active: Type.Boolean(), createdAt: Nullable(Type.String()) });
export type CalendarFeed = Static<typeof CalendarFeed>;
export const NewCalendarFeed = Type.Object({ url: Type.String(), createdAt: Type.String() });
export type NewCalendarFeed = Static<typeof NewCalendarFeed>;
export const TokenParams = Type.Object(
  { token: Type.String({ minLength: 1, maxLength: 100 }) },
  { additionalProperties: false },
);
export type TokenParams = Static<typeof TokenParams>;

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
export type CreatePlanItemBody = Static<typeof CreatePlanItemBody>;
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
export type UpdatePlanItemBody = Static<typeof UpdatePlanItemBody>;

export const Owner = Type.Object({ id: Type.String(), name: Type.String() });
export type Owner = Static<typeof Owner>;
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
export type PlanItem = Static<typeof PlanItem>;
export const PlanTree = Type.Object({ today: Type.String(), items: Type.Array(PlanItem) });
export type PlanTree = Static<typeof PlanTree>;
export const Milestone = Type.Object({
  id: Type.String(),
  title: Type.String(),
  dueDate: Type.String(),
  doneDate: Nullable(Type.String()),
  overdue: Type.Boolean(),
});
export type Milestone = Static<typeof Milestone>;
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
export type PlanItemDetail = Static<typeof PlanItemDetail>;
export const MilestoneBody = Strict({
  title: Type.String({ minLength: 1, maxLength: 300 }),
  dueDate: DateOnly,
  doneDate: Type.Optional(Nullable(DateOnly)),
});
export type MilestoneBody = Static<typeof MilestoneBody>;
export const UpdateMilestoneBody = Strict({
  title: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
  dueDate: Type.Optional(DateOnly),
  doneDate: Type.Optional(Nullable(DateOnly)),
});
export type UpdateMilestoneBody = Static<typeof UpdateMilestoneBody>;

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
export type CreateAnnouncementBody = Static<typeof CreateAnnouncementBody>;

export const MyAnnouncement = Type.Object({
  id: Type.String(),
  title: Type.String(),
  body: Type.String(),
  author: Nullable(Type.String()),
  publishedAt: Type.String(),
  read: Type.Boolean(),
});
export type MyAnnouncement = Static<typeof MyAnnouncement>;
export const MyAnnouncementList = Type.Object({ items: Type.Array(MyAnnouncement) });
export type MyAnnouncementList = Static<typeof MyAnnouncementList>;

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
export type SentAnnouncement = Static<typeof SentAnnouncement>;
export const SentAnnouncementList = Type.Object({ items: Type.Array(SentAnnouncement) });
export type SentAnnouncementList = Static<typeof SentAnnouncementList>;
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
export type Receipts = Static<typeof Receipts>;

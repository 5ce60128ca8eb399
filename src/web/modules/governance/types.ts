/** Shapes of the governance API, as the screens use them. */
export interface MeetingSummary {
  id: string;
  title: string;
  startsAt: string;
  endsAt: string;
  place: string | null;
  videoUrl: string | null;
  restricted: boolean;
  status: 'planned' | 'closed' | 'cancelled';
  minutesApproved: boolean;
  invited: boolean;
  invitedCount: number;
  presentCount: number;
}

export interface AgendaItem {
  id: string;
  parentId: string | null;
  title: string;
  presenterId: string | null;
  presenterName: string | null;
  planItemId: string | null;
  approvesMeetingId: string | null;
}

export interface Decision {
  id: string;
  meetingId: string;
  text: string;
  planItemId: string | null;
  planItemTitle: string | null;
  createdAt: string;
}

export interface MeetingDetail extends MeetingSummary {
  agenda: AgendaItem[];
  invitations: Array<{
    personId: string;
    name: string;
    organisationId: string;
    organisationName: string;
    attendance: Attendance;
  }>;
  organisationsPresent: Array<{ id: string; name: string }>;
  decisions: Decision[];
  minutes: string | null;
  minutesVisible: boolean;
  closedAt: string | null;
  minutesApprovedAt: string | null;
  minutesApprovedIn: string | null;
}

export type Attendance = 'unknown' | 'present' | 'absent' | 'excused';
export const ATTENDANCES: Attendance[] = ['unknown', 'present', 'absent', 'excused'];

export type PlanKind = 'mandate' | 'means' | 'action';
export type PlanStatus = 'not_started' | 'in_progress' | 'done' | 'blocked' | 'abandoned';
export const PLAN_STATUSES: PlanStatus[] = ['not_started', 'in_progress', 'done', 'blocked', 'abandoned'];

export interface PlanItem {
  id: string;
  parentId: string | null;
  kind: PlanKind;
  title: string;
  titleFr: string;
  titleEn: string;
  description: string | null;
  startDate: string | null;
  dueDate: string | null;
  status: PlanStatus;
  progress: number;
  ownProgress: number;
  weight: number;
  overdue: boolean;
  ownerOrganisations: Array<{ id: string; name: string }>;
  ownerPeople: Array<{ id: string; name: string }>;
}

export interface PlanItemDetail extends PlanItem {
  milestones: Array<{
    id: string;
    title: string;
    dueDate: string;
    doneDate: string | null;
    overdue: boolean;
  }>;
  history: Array<{
    field: string;
    oldValue: string | null;
    newValue: string | null;
    changedBy: string | null;
    changedAt: string;
  }>;
  decisions: Array<{
    id: string;
    text: string;
    meetingId: string;
    meetingTitle: string;
    meetingStartsAt: string;
  }>;
}

export interface MyAnnouncement {
  id: string;
  title: string;
  body: string;
  author: string | null;
  publishedAt: string;
  read: boolean;
}

export interface SentAnnouncement {
  id: string;
  titleFr: string;
  titleEn: string;
  audience: 'all' | 'pivots' | 'organisation_type' | 'organisation';
  organisationType: string | null;
  organisationName: string | null;
  publishAt: string;
  publishedAt: string | null;
  author: string | null;
  recipientCount: number;
  readCount: number;
}

export interface Receipts {
  total: number;
  read: number;
  people: Array<{ id: string; name: string; organisationName: string; readAt: string | null }>;
}

import {
  type FastifyPluginAsyncTypebox,
  type Static,
  type TSchema,
  Type,
} from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import type { Locale } from '../../../shared/roles.js';
import type { Actor } from '../../platform/authz/actor.js';
import { EmptyBody, ErrorResponse, IdParams } from '../../platform/http/schemas.js';
import * as announcements from './announcements.service.js';
import * as calendar from './calendar.service.js';
import {
  presentAnnouncementForReader,
  presentDecision,
  presentMeeting,
  presentMeetingSummary,
  presentPlanItem,
  presentSentAnnouncement,
} from './governance.presenter.js';
import {
  ApproveMinutesBody,
  AttendanceBody,
  CalendarFeed,
  CloseMeetingBody,
  CreateAnnouncementBody,
  CreateMeetingBody,
  CreatePlanItemBody,
  Decision,
  DecisionBody,
  MeetingDetail,
  MeetingList,
  MeetingQuery,
  MilestoneBody,
  MyAnnouncementList,
  NewCalendarFeed,
  PlanItemDetail,
  PlanTree,
  Receipts,
  SentAnnouncement,
  SentAnnouncementList,
  TokenParams,
  UpdateDecisionBody,
  UpdateMeetingBody,
  UpdateMilestoneBody,
  UpdatePlanItemBody,
} from './governance.schemas.js';
import * as meetings from './meetings.service.js';
import * as plan from './plan.service.js';

const COORDINATION = ['admin', 'table_coordinator'] as const;
const errors = { 400: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };
const Created = Type.Object({ id: Type.String() });
const IcsText = Type.String({ description: 'text/calendar (RFC 5545)' });

function sendIcs(reply: FastifyReply, filename: string, text: string) {
  return reply
    .type('text/calendar; charset=utf-8')
    .header('content-disposition', `attachment; filename="${filename}"`)
    .header('cache-control', 'private, no-store')
    .send(text);
}

/** Meetings, the calendar, the action plan and announcements of the table. */
export const governanceRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const platform = app.platform;
  const meetingTags = ['governance: meetings'];
  const planTags = ['governance: action plan'];
  const newsTags = ['governance: announcements'];

  const meetingDetail = async (locale: Locale, actor: Actor, id: string) =>
    presentMeeting(locale, await meetings.getMeeting(platform, actor, id));

  /**
   * A change the coordination makes to the meeting `:id`; the answer is the meeting `change` returns
   * the id of, as it now stands.
   */
  function meetingChange<Body extends TSchema>(
    method: 'PATCH' | 'PUT' | 'POST',
    url: string,
    summary: string,
    body: Body,
    change: (request: { actor: Actor; id: string; body: Static<Body> }) => Promise<string>,
  ) {
    app.route({
      method,
      url,
      config: { access: COORDINATION },
      schema: {
        tags: meetingTags,
        summary,
        params: IdParams,
        body,
        response: { 200: MeetingDetail, ...errors },
      },
      handler: async (request) => {
        const shown = await change({ actor: request.actor!, id: request.params.id, body: request.body });
        return meetingDetail(request.locale, request.actor!, shown);
      },
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Meetings

  app.get(
    '/governance/meetings',
    {
      config: { access: 'staff' },
      schema: {
        tags: meetingTags,
        summary: "List the table's meetings I may see",
        querystring: MeetingQuery,
        response: { 200: MeetingList, 400: ErrorResponse },
      },
    },
    async (request) => ({
      items: (await meetings.listMeetings(platform, request.actor!, request.query)).map(
        presentMeetingSummary,
      ),
    }),
  );

  app.post(
    '/governance/meetings',
    {
      config: { access: COORDINATION },
      schema: {
        tags: meetingTags,
        summary: 'Plan a meeting of the table',
        body: CreateMeetingBody,
        response: { 201: MeetingDetail, ...errors },
      },
    },
    async (request, reply) => {
      const id = await meetings.createMeeting(platform, request.actor!, request.body);
      return reply.status(201).send(await meetingDetail(request.locale, request.actor!, id));
    },
  );

  app.get(
    '/governance/meetings/:id',
    {
      config: { access: 'staff' },
      schema: {
        tags: meetingTags,
        summary: 'Read a meeting',
        params: IdParams,
        response: { 200: MeetingDetail, ...errors },
      },
    },
    async (request) => meetingDetail(request.locale, request.actor!, request.params.id),
  );

  meetingChange('PATCH', '/governance/meetings/:id', 'Edit a meeting', UpdateMeetingBody, async (change) => {
    await meetings.updateMeeting(platform, change.actor, change.id, change.body);
    return change.id;
  });

  meetingChange(
    'PUT',
    '/governance/meetings/:id/attendance',
    'Record who attended a meeting',
    AttendanceBody,
    async (change) => {
      await meetings.setAttendance(platform, change.actor, change.id, change.body.entries);
      return change.id;
    },
  );

  meetingChange(
    'POST',
    '/governance/meetings/:id/close',
    'Close a meeting with its minutes',
    CloseMeetingBody,
    async (change) => {
      await meetings.closeMeeting(platform, change.actor, change.id, change.body.minutes);
      return change.id;
    },
  );

  meetingChange(
    'POST',
    '/governance/meetings/:id/approve-minutes',
    "Approve an earlier meeting's minutes",
    ApproveMinutesBody,
    async (change) => {
      await meetings.approveMinutes(platform, change.actor, change.id, change.body.minutesOf);
      // The answer is the earlier meeting, whose minutes are now approved.
      return change.body.minutesOf;
    },
  );

  app.post(
    '/governance/meetings/:id/decisions',
    {
      config: { access: COORDINATION },
      schema: {
        tags: meetingTags,
        summary: 'Record a decision taken at a meeting',
        params: IdParams,
        body: DecisionBody,
        response: { 201: Created, ...errors },
      },
    },
    async (request, reply) => {
      const id = await meetings.addDecision(platform, request.actor!, request.params.id, request.body);
      return reply.status(201).send({ id });
    },
  );

  app.patch(
    '/governance/decisions/:id',
    {
      config: { access: COORDINATION },
      schema: {
        tags: meetingTags,
        summary: 'Edit a decision',
        params: IdParams,
        body: UpdateDecisionBody,
        response: { 200: Decision, ...errors },
      },
    },
    async (request) =>
      presentDecision(
        request.locale,
        await meetings.updateDecision(platform, request.actor!, request.params.id, request.body),
      ),
  );

  // ---------------------------------------------------------------------------------------------
  // iCalendar

  app.get(
    '/governance/meetings/:id/meeting.ics',
    {
      config: { access: 'staff' },
      schema: {
        tags: meetingTags,
        summary: 'Download a meeting as iCalendar',
        params: IdParams,
        response: { 200: IcsText, ...errors },
      },
    },
    async (request, reply) =>
      sendIcs(
        reply,
        `rencontre-${request.params.id}.ics`,
        await calendar.meetingIcs(platform, request.actor!, request.params.id),
      ),
  );

  app.get(
    '/governance/calendar.ics',
    {
      config: { access: 'staff' },
      schema: {
        tags: meetingTags,
        summary: 'Download my meetings as an iCalendar file',
        response: { 200: IcsText },
      },
    },
    async (request, reply) =>
      sendIcs(reply, 'filet-table.ics', await calendar.calendarIcs(platform, request.actor!)),
  );

  app.get(
    '/governance/calendar/feed',
    {
      config: { access: 'staff' },
      schema: {
        tags: meetingTags,
        summary: 'Read the address of my private calendar feed',
        response: { 200: CalendarFeed },
      },
    },
    async (request) => {
      const feed = await calendar.calendarFeed(platform, request.actor!);
      return { active: feed !== null, createdAt: feed ? feed.created_at.toISOString() : null };
    },
  );

  app.post(
    '/governance/calendar/feed',
    {
      config: { access: 'staff' },
      schema: {
        tags: meetingTags,
        summary: 'Issue a new private calendar feed address',
        body: EmptyBody,
        response: { 201: NewCalendarFeed },
      },
    },
    async (request, reply) => {
      const feed = await calendar.regenerateCalendarFeed(platform, request.actor!);
      return reply.status(201).send({ url: feed.url, createdAt: feed.createdAt.toISOString() });
    },
  );

  app.get(
    '/calendar/:token.ics',
    {
      config: { access: 'public', rateLimit: { max: 30, timeWindow: 60_000 } },
      schema: {
        tags: meetingTags,
        summary: 'Subscribe to a private calendar feed',
        params: TokenParams,
        response: { 200: IcsText, 404: ErrorResponse },
      },
    },
    async (request, reply) =>
      sendIcs(reply, 'filet-table.ics', await calendar.feedIcs(platform, request.params.token)),
  );

  // ---------------------------------------------------------------------------------------------
  // Action plan

  app.get(
    '/governance/plan',
    {
      config: { access: 'staff' },
      schema: {
        tags: planTags,
        summary: 'Read the action plan with its progress',
        response: { 200: PlanTree },
      },
    },
    async (request) => {
      const tree = await plan.planTree(platform);
      return { today: tree.today, items: tree.items.map((item) => presentPlanItem(request.locale, item)) };
    },
  );

  const planDetail = async (locale: Parameters<typeof presentPlanItem>[0], id: string) => {
    const detail = await plan.getPlanItem(platform, id);
    return {
      ...presentPlanItem(locale, detail.view),
      milestones: detail.milestones.map((m) => ({
        id: m.id,
        title: m.title,
        dueDate: m.due_date,
        doneDate: m.done_date,
        overdue: m.overdue,
      })),
      history: detail.history.map((h) => ({
        field: h.field,
        oldValue: h.old_value,
        newValue: h.new_value,
        changedBy: h.changed_by_name,
        changedAt: h.changed_at.toISOString(),
      })),
      decisions: detail.decisions.map((d) => ({
        id: d.id,
        text: d.text,
        meetingId: d.meeting_id,
        meetingTitle: d.meeting_title,
        meetingStartsAt: d.starts_at.toISOString(),
      })),
    };
  };

  app.post(
    '/governance/plan',
    {
      config: { access: COORDINATION },
      schema: {
        tags: planTags,
        summary: 'Add an item to the action plan',
        body: CreatePlanItemBody,
        response: { 201: PlanItemDetail, ...errors },
      },
    },
    async (request, reply) => {
      const id = await plan.createPlanItem(platform, request.actor!, request.body);
      return reply.status(201).send(await planDetail(request.locale, id));
    },
  );

  app.get(
    '/governance/plan/:id',
    {
      config: { access: 'staff' },
      schema: {
        tags: planTags,
        summary: 'Read an action-plan item with its history',
        params: IdParams,
        response: { 200: PlanItemDetail, ...errors },
      },
    },
    async (request) => planDetail(request.locale, request.params.id),
  );

  app.patch(
    '/governance/plan/:id',
    {
      config: { access: COORDINATION },
      schema: {
        tags: planTags,
        summary: 'Edit an action-plan item',
        params: IdParams,
        body: UpdatePlanItemBody,
        response: { 200: PlanItemDetail, ...errors },
      },
    },
    async (request) => {
      await plan.updatePlanItem(platform, request.actor!, request.params.id, request.body);
      return planDetail(request.locale, request.params.id);
    },
  );

  app.post(
    '/governance/plan/:id/milestones',
    {
      config: { access: COORDINATION },
      schema: {
        tags: planTags,
        summary: 'Add a milestone to an action-plan item',
        params: IdParams,
        body: MilestoneBody,
        response: { 201: PlanItemDetail, ...errors },
      },
    },
    async (request, reply) => {
      await plan.addMilestone(platform, request.actor!, request.params.id, request.body);
      return reply.status(201).send(await planDetail(request.locale, request.params.id));
    },
  );

  app.patch(
    '/governance/milestones/:id',
    {
      config: { access: COORDINATION },
      schema: {
        tags: planTags,
        summary: 'Edit a milestone',
        params: IdParams,
        body: UpdateMilestoneBody,
        response: { 200: PlanItemDetail, ...errors },
      },
    },
    async (request) => {
      const itemId = await plan.updateMilestone(platform, request.actor!, request.params.id, request.body);
      return planDetail(request.locale, itemId);
    },
  );

  // ---------------------------------------------------------------------------------------------
  // Announcements

  app.get(
    '/governance/announcements',
    {
      config: { access: 'staff' },
      schema: {
        tags: newsTags,
        summary: 'List the announcements addressed to me',
        response: { 200: MyAnnouncementList },
      },
    },
    async (request) => ({
      items: (await announcements.myAnnouncements(platform, request.actor!)).map((row) =>
        presentAnnouncementForReader(request.locale, row),
      ),
    }),
  );

  app.get(
    '/governance/announcements/sent',
    {
      config: { access: COORDINATION },
      schema: {
        tags: newsTags,
        summary: 'List every announcement of the table, to manage them',
        response: { 200: SentAnnouncementList, 403: ErrorResponse },
      },
    },
    async (request) => ({
      items: (await announcements.allAnnouncements(platform, request.actor!)).map(presentSentAnnouncement),
    }),
  );

  app.post(
    '/governance/announcements',
    {
      config: { access: COORDINATION },
      schema: {
        tags: newsTags,
        summary: 'Write an announcement to the table',
        body: CreateAnnouncementBody,
        response: { 201: SentAnnouncement, ...errors },
      },
    },
    async (request, reply) => {
      const id = await announcements.createAnnouncement(platform, request.actor!, request.body);
      return reply
        .status(201)
        .send(presentSentAnnouncement(await announcements.getAnnouncement(platform, request.actor!, id)));
    },
  );

  app.post(
    '/governance/announcements/:id/read',
    {
      config: { access: 'staff' },
      schema: {
        tags: newsTags,
        summary: 'Mark an announcement read',
        params: IdParams,
        body: EmptyBody,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await announcements.markAnnouncementRead(platform, request.actor!, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/governance/announcements/:id/receipts',
    {
      config: { access: COORDINATION },
      schema: {
        tags: newsTags,
        summary: 'List who has read an announcement',
        params: IdParams,
        response: { 200: Receipts, ...errors },
      },
    },
    async (request) => {
      const rows = await announcements.announcementReceipts(platform, request.actor!, request.params.id);
      return {
        total: rows.length,
        read: rows.filter((r) => r.read_at !== null).length,
        people: rows.map((r) => ({
          id: r.id,
          name: r.name,
          organisationName: r.organisation_name,
          readAt: r.read_at ? r.read_at.toISOString() : null,
        })),
      };
    },
  );
};

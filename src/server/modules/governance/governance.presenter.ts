import type { Locale } from '../../../shared/roles.js';
import type { AnnouncementDetailRow, listAnnouncementsFor } from './announcements.repository.js';
import type { DecisionRow, MeetingRow } from './meetings.repository.js';
import type { MeetingDetail } from './meetings.service.js';
import type { PlanItemView } from './plan.service.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const pick = (locale: Locale, fr: string, en: string) => (locale === 'en-CA' ? en : fr);

export function presentMeetingSummary(row: MeetingRow) {
  return {
    id: row.id,
    title: row.title,
    startsAt: row.starts_at.toISOString(),
    endsAt: row.ends_at.toISOString(),
    place: row.place,
    videoUrl: row.video_url,
    restricted: row.restricted,
    status: row.status,
    minutesApproved: row.minutes_approved_at !== null,
    invited: row.invited,
    invitedCount: row.invited_count,
    presentCount: row.present_count,
  };
}

export function presentDecision(locale: Locale, row: DecisionRow) {
  return {
    id: row.id,
    meetingId: row.meeting_id,
    text: row.text,
    planItemId: row.plan_item_id,
    planItemTitle:
      row.plan_title_fr && row.plan_title_en ? pick(locale, row.plan_title_fr, row.plan_title_en) : null,
    createdAt: row.created_at.toISOString(),
  };
}

export function presentMeeting(locale: Locale, detail: MeetingDetail) {
  const { meeting } = detail;
  const organisations = new Map<string, string>();
  for (const invitation of detail.invitations) {
    if (invitation.attendance === 'present')
      organisations.set(invitation.organisation_id, invitation.organisation_name);
  }
  return {
    ...presentMeetingSummary(meeting),
    agenda: detail.agenda.map((item) => ({
      id: item.id,
      parentId: item.parent_id,
      title: item.title,
      presenterId: item.presenter_id,
      presenterName: item.presenter_name,
      planItemId: item.plan_item_id,
      approvesMeetingId: item.approves_meeting_id,
    })),
    invitations: detail.invitations.map((i) => ({
      personId: i.person_id,
      name: i.name,
      organisationId: i.organisation_id,
      organisationName: i.organisation_name,
      attendance: i.attendance,
    })),
    organisationsPresent: [...organisations].map(([id, name]) => ({ id, name })),
    decisions: detail.decisions.map((d) => presentDecision(locale, d)),
    minutes: detail.minutesVisible ? meeting.minutes : null,
    minutesVisible: detail.minutesVisible,
    closedAt: iso(meeting.closed_at),
    minutesApprovedAt: iso(meeting.minutes_approved_at),
    minutesApprovedIn: meeting.minutes_approved_in,
  };
}

export function presentPlanItem(locale: Locale, view: PlanItemView) {
  const { row } = view;
  return {
    id: row.id,
    parentId: row.parent_id,
    kind: row.kind,
    title: pick(locale, row.title_fr, row.title_en),
    titleFr: row.title_fr,
    titleEn: row.title_en,
    description: row.description,
    startDate: row.start_date,
    dueDate: row.due_date,
    status: row.status,
    progress: view.progress,
    ownProgress: row.progress,
    weight: row.weight,
    overdue: view.overdue,
    ownerOrganisations: view.organisations.map((o) => ({ id: o.id, name: o.name })),
    ownerPeople: view.people.map((p) => ({ id: p.id, name: p.name })),
  };
}

export function presentAnnouncementForReader(
  locale: Locale,
  row: Awaited<ReturnType<typeof listAnnouncementsFor>>[number],
) {
  return {
    id: row.id,
    title: pick(locale, row.title_fr, row.title_en),
    body: pick(locale, row.body_fr, row.body_en),
    author: row.author_name,
    publishedAt: row.published_at!.toISOString(),
    read: row.read_at !== null,
  };
}

export function presentSentAnnouncement(row: AnnouncementDetailRow) {
  return {
    id: row.id,
    titleFr: row.title_fr,
    titleEn: row.title_en,
    bodyFr: row.body_fr,
    bodyEn: row.body_en,
    audience: row.audience,
    organisationType: row.audience_type,
    organisationId: row.audience_organisation_id,
    organisationName: row.audience_organisation_name,
    publishAt: row.publish_at.toISOString(),
    publishedAt: iso(row.published_at),
    author: row.author_name,
    recipientCount: row.recipient_count,
    readCount: row.read_count,
  };
}

// Meetings of the table: planning them with their agenda and invitees, attendance, closing them with
// their minutes, approving earlier minutes, and the decisions taken.
import type { Static } from '@sinclair/typebox';
import type { Transaction } from 'kysely';
import type { Actor } from '../../platform/authz/actor.js';
import { authorize } from '../../platform/authz/authorize.js';
import type { Executor } from '../../platform/db/database.js';
import type { DB } from '../../platform/db/schema.js';
import { Errors, type FieldProblem } from '../../platform/errors.js';
import type { Platform } from '../../platform/platform.js';
import { enabledPeopleExist, tableDelegates } from '../accounts/index.js';
import { canManage, canSeeMeeting, canSeeMinutes, manageOrThrow, viewerOf } from './governance.policy.js';
import type {
  AgendaInputItem,
  AttendanceBody,
  CreateMeetingBody,
  DecisionBody,
  MeetingQuery,
  UpdateDecisionBody,
  UpdateMeetingBody,
} from './governance.schemas.js';
import * as repo from './meetings.repository.js';
import { findPlanItem } from './plan.repository.js';

export interface MeetingDetail {
  meeting: repo.MeetingRow;
  agenda: repo.AgendaRow[];
  invitations: repo.InvitationRow[];
  decisions: repo.DecisionRow[];
  minutesVisible: boolean;
}

export function listMeetings(
  platform: Platform,
  actor: Actor,
  filter: Static<typeof MeetingQuery>,
): Promise<repo.MeetingRow[]> {
  return repo.listMeetings(
    platform.db,
    { personId: actor.personId, all: canManage(viewerOf(actor)) },
    {
      from: filter.from ? new Date(filter.from) : undefined,
      to: filter.to ? new Date(filter.to) : undefined,
    },
  );
}

/** A meeting the actor may see; one they may not see is not found (404), like an absent one. */
export async function visibleMeeting(
  db: Executor,
  actor: Actor,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<repo.MeetingRow> {
  const meeting = await repo.findMeeting(db, id, actor.personId, options);
  if (!meeting) throw Errors.notFound();
  authorize(canSeeMeeting(viewerOf(actor), meeting));
  return meeting;
}

/** A meeting the actor may see, with its agenda, invitations, decisions and (if allowed) minutes. */
export async function getMeeting(platform: Platform, actor: Actor, id: string): Promise<MeetingDetail> {
  const meeting = await visibleMeeting(platform.db, actor, id);
  const minutesVisible = canSeeMinutes(viewerOf(actor), {
    ...meeting,
    approved: meeting.minutes_approved_at !== null,
  });
  return {
    meeting,
    agenda: await repo.listAgenda(platform.db, id),
    invitations: await repo.listInvitations(platform.db, id),
    decisions: await repo.listDecisions(platform.db, id),
    minutesVisible,
  };
}

/** Flattens a nested agenda (parents before children) and collects what it references. */
function flattenAgenda(items: readonly AgendaInputItem[]): {
  rows: repo.AgendaInsert[];
  problems: FieldProblem[];
  people: Set<string>;
  planItems: Set<string>;
  meetings: Set<string>;
} {
  const rows: repo.AgendaInsert[] = [];
  const people = new Set<string>();
  const planItems = new Set<string>();
  const meetings = new Set<string>();
  const problems: FieldProblem[] = [];
  let key = 0;
  const walk = (list: readonly AgendaInputItem[], parentKey: number | null, path: string) => {
    list.forEach((item, index) => {
      key += 1;
      const own = key;
      const title = item.title.trim();
      if (!title) problems.push({ field: `${path}.${index}.title`, rule: 'required' });
      rows.push({
        key: own,
        parentKey,
        title,
        presenterId: item.presenterId ?? null,
        planItemId: item.planItemId ?? null,
        approvesMeetingId: item.approvesMeetingId ?? null,
      });
      if (item.presenterId) people.add(item.presenterId);
      if (item.planItemId) planItems.add(item.planItemId);
      if (item.approvesMeetingId) meetings.add(item.approvesMeetingId);
      if (item.children) walk(item.children, own, `${path}.${index}.children`);
    });
  };
  walk(items, null, 'agenda');
  return { rows, problems, people, planItems, meetings };
}

async function checkMeetingInput(
  trx: Transaction<DB>,
  input: Static<typeof UpdateMeetingBody>,
  current: { starts_at: Date; ends_at: Date; id?: string } | null,
): Promise<repo.AgendaInsert[] | undefined> {
  const problems: FieldProblem[] = [];
  if (input.title !== undefined && !input.title.trim()) problems.push({ field: 'title', rule: 'required' });
  const starts = input.startsAt ? new Date(input.startsAt) : current?.starts_at;
  const ends = input.endsAt ? new Date(input.endsAt) : current?.ends_at;
  if (starts && ends && ends.getTime() <= starts.getTime()) {
    problems.push({ field: 'endsAt', rule: 'ends_before_start' });
  }
  let agenda: repo.AgendaInsert[] | undefined;
  if (input.agenda) {
    const flat = flattenAgenda(input.agenda);
    problems.push(...flat.problems);
    if (!(await enabledPeopleExist(trx, [...flat.people]))) {
      problems.push({ field: 'presenterId', rule: 'unknown' });
    }
    for (const planId of flat.planItems) {
      if (!(await findPlanItem(trx, planId))) problems.push({ field: 'planItemId', rule: 'unknown' });
    }
    for (const meetingId of flat.meetings) {
      const other = await repo.meetingExists(trx, meetingId);
      if (!other || meetingId === current?.id) {
        problems.push({ field: 'approvesMeetingId', rule: 'unknown' });
      }
    }
    agenda = flat.rows;
  }
  if (input.inviteeIds && !(await enabledPeopleExist(trx, input.inviteeIds))) {
    problems.push({ field: 'inviteeIds', rule: 'unknown' });
  }
  if (problems.length > 0) throw Errors.invalid(dedupe(problems));
  return agenda;
}

function dedupe(problems: FieldProblem[]): FieldProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.field}:${p.rule}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Plans a meeting; without a list of invitees, the table's delegates are invited. */
export async function createMeeting(
  platform: Platform,
  actor: Actor,
  input: Static<typeof CreateMeetingBody>,
): Promise<string> {
  manageOrThrow(actor);
  return platform.db.transaction().execute(async (trx) => {
    const agenda = await checkMeetingInput(trx, input, null);
    const id = await repo.insertMeeting(trx, {
      title: input.title.trim(),
      starts_at: new Date(input.startsAt),
      ends_at: new Date(input.endsAt),
      place: input.place?.trim() || null,
      video_url: input.videoUrl || null,
      restricted: input.restricted ?? false,
      created_by: actor.personId,
    });
    if (agenda) await repo.replaceAgenda(trx, id, agenda);
    await repo.setInvitations(trx, id, input.inviteeIds ?? (await tableDelegates(trx)));
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'governance.meeting.create',
      targetType: 'meeting',
      targetId: id,
    });
    return id;
  });
}

/** Edits a planned meeting (a closed one keeps its record: only its minutes' approval changes). */
export async function updateMeeting(
  platform: Platform,
  actor: Actor,
  id: string,
  input: Static<typeof UpdateMeetingBody>,
): Promise<void> {
  manageOrThrow(actor);
  await platform.db.transaction().execute(async (trx) => {
    const meeting = await repo.findMeeting(trx, id, actor.personId, { forUpdate: true });
    if (!meeting) throw Errors.notFound();
    if (meeting.status !== 'planned') throw Errors.conflict();
    const agenda = await checkMeetingInput(trx, input, meeting);
    await repo.updateMeeting(
      trx,
      id,
      {
        ...(input.title !== undefined ? { title: input.title.trim() } : {}),
        ...(input.startsAt !== undefined ? { starts_at: new Date(input.startsAt) } : {}),
        ...(input.endsAt !== undefined ? { ends_at: new Date(input.endsAt) } : {}),
        ...(input.place !== undefined ? { place: input.place?.trim() || null } : {}),
        ...(input.videoUrl !== undefined ? { video_url: input.videoUrl || null } : {}),
        ...(input.restricted !== undefined ? { restricted: input.restricted } : {}),
      },
      platform.now(),
    );
    if (agenda) await repo.replaceAgenda(trx, id, agenda);
    if (input.inviteeIds) await repo.setInvitations(trx, id, input.inviteeIds);
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'governance.meeting.update',
      targetType: 'meeting',
      targetId: id,
      meta: { fields: Object.keys(input) },
    });
  });
}

/** Records who was present, absent or excused (invitees only). */
export async function setAttendance(
  platform: Platform,
  actor: Actor,
  id: string,
  entries: Static<typeof AttendanceBody>['entries'],
): Promise<void> {
  manageOrThrow(actor);
  await platform.db.transaction().execute(async (trx) => {
    const meeting = await repo.findMeeting(trx, id, actor.personId, { forUpdate: true });
    if (!meeting) throw Errors.notFound();
    if (meeting.status === 'cancelled') throw Errors.conflict();
    const invited = await repo.invitedIds(trx, id);
    const problems = entries.flatMap((entry, index) =>
      invited.has(entry.personId) ? [] : [{ field: `entries.${index}.personId`, rule: 'not_invited' }],
    );
    if (problems.length > 0) throw Errors.invalid(problems);
    for (const entry of entries) await repo.setAttendance(trx, id, entry.personId, entry.attendance);
    await repo.updateMeeting(trx, id, {}, platform.now());
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'governance.meeting.record_attendance',
      targetType: 'meeting',
      targetId: id,
      meta: { entries: entries.length },
    });
  });
}

/**
 * Closes a planned meeting with its minutes. The minutes of earlier meetings that the agenda puts up
 * for approval are approved at the same time.
 */
export async function closeMeeting(
  platform: Platform,
  actor: Actor,
  id: string,
  minutes: string,
): Promise<void> {
  manageOrThrow(actor);
  if (!minutes.trim()) throw Errors.field('minutes', 'required');
  await platform.db.transaction().execute(async (trx) => {
    const meeting = await repo.findMeeting(trx, id, actor.personId, { forUpdate: true });
    if (!meeting) throw Errors.notFound();
    if (meeting.status !== 'planned') throw Errors.conflict();
    const now = platform.now();
    await repo.updateMeeting(
      trx,
      id,
      { status: 'closed', minutes: minutes.trim(), closed_at: now, closed_by: actor.personId },
      now,
    );
    const approvals = (await repo.listAgenda(trx, id))
      .map((item) => item.approves_meeting_id)
      .filter((x): x is string => x !== null);
    const approved: string[] = [];
    for (const earlierId of new Set(approvals)) {
      const earlier = await repo.findMeeting(trx, earlierId, actor.personId, { forUpdate: true });
      if (
        earlier &&
        earlier.status === 'closed' &&
        earlier.minutes_approved_at === null &&
        earlier.starts_at < meeting.starts_at
      ) {
        await repo.updateMeeting(trx, earlierId, { minutes_approved_at: now, minutes_approved_in: id }, now);
        approved.push(earlierId);
      }
    }
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'governance.meeting.close',
      targetType: 'meeting',
      targetId: id,
      meta: { approvedMinutesOf: approved },
    });
  });
}

/** Approves, at meeting `id`, the minutes of an earlier closed meeting. */
export async function approveMinutes(
  platform: Platform,
  actor: Actor,
  id: string,
  minutesOf: string,
): Promise<void> {
  manageOrThrow(actor);
  await platform.db.transaction().execute(async (trx) => {
    const meeting = await repo.findMeeting(trx, id, actor.personId, { forUpdate: true });
    if (!meeting) throw Errors.notFound();
    const earlier = await repo.findMeeting(trx, minutesOf, actor.personId, { forUpdate: true });
    if (!earlier || earlier.id === id) throw Errors.field('minutesOf', 'unknown');
    if (earlier.status !== 'closed') throw Errors.field('minutesOf', 'minutes_not_closed');
    if (earlier.starts_at >= meeting.starts_at) throw Errors.field('minutesOf', 'minutes_not_earlier');
    if (earlier.minutes_approved_at !== null) throw Errors.conflict();
    const now = platform.now();
    await repo.updateMeeting(trx, minutesOf, { minutes_approved_at: now, minutes_approved_in: id }, now);
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'governance.minutes.approve',
      targetType: 'meeting',
      targetId: minutesOf,
      meta: { at: id },
    });
  });
}

export async function addDecision(
  platform: Platform,
  actor: Actor,
  meetingId: string,
  input: Static<typeof DecisionBody>,
): Promise<string> {
  manageOrThrow(actor);
  if (!input.text.trim()) throw Errors.field('text', 'required');
  return platform.db.transaction().execute(async (trx) => {
    const meeting = await repo.findMeeting(trx, meetingId, actor.personId, { forUpdate: true });
    if (!meeting) throw Errors.notFound();
    if (meeting.status === 'cancelled') throw Errors.conflict();
    if (input.planItemId && !(await findPlanItem(trx, input.planItemId))) {
      throw Errors.field('planItemId', 'unknown');
    }
    const id = await repo.insertDecision(trx, {
      meeting_id: meetingId,
      text: input.text.trim(),
      plan_item_id: input.planItemId ?? null,
      created_by: actor.personId,
    });
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'governance.decision.create',
      targetType: 'decision',
      targetId: id,
      meta: { meeting: meetingId, planItem: input.planItemId ?? null },
    });
    return id;
  });
}

/** Edits a decision's text or the action-plan item it is linked to. */
export async function updateDecision(
  platform: Platform,
  actor: Actor,
  id: string,
  input: Static<typeof UpdateDecisionBody>,
): Promise<repo.DecisionRow> {
  manageOrThrow(actor);
  await platform.db.transaction().execute(async (trx) => {
    const decision = await repo.findDecision(trx, id);
    if (!decision) throw Errors.notFound();
    if (input.text !== undefined && !input.text.trim()) throw Errors.field('text', 'required');
    if (input.planItemId && !(await findPlanItem(trx, input.planItemId))) {
      throw Errors.field('planItemId', 'unknown');
    }
    await repo.updateDecision(trx, id, {
      ...(input.text !== undefined ? { text: input.text.trim() } : {}),
      ...(input.planItemId !== undefined ? { plan_item_id: input.planItemId } : {}),
    });
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'governance.decision.update',
      targetType: 'decision',
      targetId: id,
      meta: { fields: Object.keys(input), planItem: input.planItemId ?? null },
    });
  });
  return (await repo.findDecision(platform.db, id))!;
}

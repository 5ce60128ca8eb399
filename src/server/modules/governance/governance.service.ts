import { createHash, randomBytes } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Locale, OrganisationType } from '../../../shared/roles.js';
import type { Actor } from '../../platform/authz/actor.js';
import { authorize } from '../../platform/authz/authorize.js';
import type { Executor } from '../../platform/db/database.js';
import type { DB } from '../../platform/db/schema.js';
import { Errors, type FieldProblem } from '../../platform/errors.js';
import { t } from '../../platform/i18n/i18n.js';
import type { Platform } from '../../platform/platform.js';
import { meetingsCalendar } from './governance.calendar.js';
import { canManage, canSeeMeeting, canSeeMinutes, canSeeReceipts, type Viewer } from './governance.policy.js';
import * as repo from './governance.repository.js';
import type { AgendaInputItem } from './governance.schemas.js';
import type { Attendance, AudienceKind, PlanKind, PlanStatus } from './governance.table.js';
import { isOverdue, kindFits, localDate, rollUp, wouldCycle } from './plan.rules.js';

function viewerOf(actor: Actor): Viewer {
  return { personId: actor.personId, roles: actor.roles };
}

function manageOrThrow(actor: Actor): void {
  authorize(canManage(viewerOf(actor)), { hide: false });
}

// ================================================================================================
// Meetings

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
  filter: { from?: string | undefined; to?: string | undefined },
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

async function visibleMeeting(
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

interface MeetingInput {
  title?: string | undefined;
  startsAt?: string | undefined;
  endsAt?: string | undefined;
  place?: string | null | undefined;
  videoUrl?: string | null | undefined;
  restricted?: boolean | undefined;
  agenda?: AgendaInputItem[] | undefined;
  inviteeIds?: string[] | undefined;
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
  input: MeetingInput,
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
    if (!(await repo.activePeopleExist(trx, [...flat.people]))) {
      problems.push({ field: 'presenterId', rule: 'unknown' });
    }
    for (const planId of flat.planItems) {
      if (!(await repo.findPlanItem(trx, planId))) problems.push({ field: 'planItemId', rule: 'unknown' });
    }
    for (const meetingId of flat.meetings) {
      const other = await repo.meetingExists(trx, meetingId);
      if (!other || meetingId === current?.id) {
        problems.push({ field: 'approvesMeetingId', rule: 'unknown' });
      }
    }
    agenda = flat.rows;
  }
  if (input.inviteeIds && !(await repo.activePeopleExist(trx, input.inviteeIds))) {
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
  input: MeetingInput & { title: string; startsAt: string; endsAt: string },
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
    await repo.setInvitations(trx, id, input.inviteeIds ?? (await repo.delegates(trx)));
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'governance.meeting_create',
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
  input: MeetingInput,
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
      action: 'governance.meeting_update',
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
  entries: ReadonlyArray<{ personId: string; attendance: Attendance }>,
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
      action: 'governance.meeting_attendance',
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
      action: 'governance.meeting_close',
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
      action: 'governance.minutes_approve',
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
  input: { text: string; planItemId?: string | null | undefined },
): Promise<string> {
  manageOrThrow(actor);
  if (!input.text.trim()) throw Errors.field('text', 'required');
  return platform.db.transaction().execute(async (trx) => {
    const meeting = await repo.findMeeting(trx, meetingId, actor.personId, { forUpdate: true });
    if (!meeting) throw Errors.notFound();
    if (meeting.status === 'cancelled') throw Errors.conflict();
    if (input.planItemId && !(await repo.findPlanItem(trx, input.planItemId))) {
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
      action: 'governance.decision_create',
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
  input: { text?: string | undefined; planItemId?: string | null | undefined },
): Promise<repo.DecisionRow> {
  manageOrThrow(actor);
  await platform.db.transaction().execute(async (trx) => {
    const decision = await repo.findDecision(trx, id);
    if (!decision) throw Errors.notFound();
    if (input.text !== undefined && !input.text.trim()) throw Errors.field('text', 'required');
    if (input.planItemId && !(await repo.findPlanItem(trx, input.planItemId))) {
      throw Errors.field('planItemId', 'unknown');
    }
    await repo.updateDecision(trx, id, {
      ...(input.text !== undefined ? { text: input.text.trim() } : {}),
      ...(input.planItemId !== undefined ? { plan_item_id: input.planItemId } : {}),
    });
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'governance.decision_update',
      targetType: 'decision',
      targetId: id,
      meta: { fields: Object.keys(input), planItem: input.planItemId ?? null },
    });
  });
  return (await repo.findDecision(platform.db, id))!;
}

// ------------------------------------------------------------------------------------------------
// iCalendar

function calendarText(platform: Platform, meetings: readonly repo.MeetingRow[], locale: Locale): string {
  return meetingsCalendar(meetings, {
    name: t(locale, 'governance.calendarName'),
    publicUrl: platform.config.publicUrl,
    now: platform.now(),
  });
}

/** One meeting as iCalendar; a meeting the actor may not see answers 404 like an absent one. */
export async function meetingIcs(platform: Platform, actor: Actor, id: string): Promise<string> {
  const meeting = await visibleMeeting(platform.db, actor, id);
  return calendarText(platform, [meeting], actor.locale);
}

export async function calendarIcs(platform: Platform, actor: Actor): Promise<string> {
  const meetings = await listMeetings(platform, actor, {});
  return calendarText(
    platform,
    meetings.filter((m) => m.status !== 'cancelled'),
    actor.locale,
  );
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function calendarFeed(platform: Platform, actor: Actor) {
  return (await repo.calendarToken(platform.db, actor.personId)) ?? null;
}

/** Issues a new private feed address for the actor; the previous one stops working at once. */
export async function regenerateCalendarFeed(
  platform: Platform,
  actor: Actor,
): Promise<{ url: string; createdAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const now = platform.now();
  await platform.db.transaction().execute(async (trx) => {
    await repo.replaceCalendarToken(trx, actor.personId, hashToken(token), now);
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'governance.calendar_feed_regenerate',
      targetType: 'person',
      targetId: actor.personId,
    });
  });
  return { url: `${platform.config.publicUrl}/api/calendar/${token}.ics`, createdAt: now };
}

/** The private feed of the token's owner: the meetings that person may see. Unknown token: 404. */
export async function feedIcs(platform: Platform, token: string): Promise<string> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw Errors.notFound();
  const owner = await repo.personByCalendarToken(platform.db, hashToken(token));
  if (!owner) throw Errors.notFound();
  const roles = new Set(await repo.rolesOf(platform.db, owner.id));
  const meetings = await repo.listMeetings(platform.db, {
    personId: owner.id,
    all: canManage({ personId: owner.id, roles }),
  });
  return calendarText(
    platform,
    meetings.filter((m) => m.status !== 'cancelled'),
    owner.locale,
  );
}

// ================================================================================================
// Action plan

export interface PlanItemView {
  row: repo.PlanItemRow;
  progress: number;
  overdue: boolean;
  organisations: repo.OwnerRow[];
  people: repo.OwnerRow[];
}

function today(platform: Platform): string {
  return localDate(platform.now(), platform.config.timeZone);
}

/** The whole plan with rolled-up progress and overdue flags (every member reads it). */
export async function planTree(platform: Platform): Promise<{ today: string; items: PlanItemView[] }> {
  const rows = await repo.listPlanItems(platform.db);
  const owners = await repo.planOwners(platform.db);
  return { today: today(platform), items: views(platform, rows, owners) };
}

function views(
  platform: Platform,
  rows: readonly repo.PlanItemRow[],
  owners: { organisations: repo.OwnerRow[]; people: repo.OwnerRow[] },
  all: readonly repo.PlanItemRow[] = rows,
): PlanItemView[] {
  const rolled = rollUp(
    all.map((r) => ({
      id: r.id,
      parentId: r.parent_id,
      weight: r.weight,
      progress: r.progress,
      status: r.status,
    })),
  );
  const date = today(platform);
  return rows.map((row) => ({
    row,
    progress: rolled.get(row.id) ?? row.progress,
    overdue: isOverdue({ dueDate: row.due_date, status: row.status }, date),
    organisations: owners.organisations.filter((o) => o.item_id === row.id),
    people: owners.people.filter((p) => p.item_id === row.id),
  }));
}

export async function getPlanItem(platform: Platform, id: string) {
  const all = await repo.listPlanItems(platform.db);
  const row = all.find((r) => r.id === id);
  if (!row) throw Errors.notFound();
  const owners = await repo.planOwners(platform.db, [id]);
  const [view] = views(platform, [row], owners, all);
  const date = today(platform);
  return {
    view: view!,
    milestones: (await repo.listMilestones(platform.db, id)).map((m) => ({
      ...m,
      overdue: m.done_date === null && m.due_date < date,
    })),
    history: await repo.listHistory(platform.db, id),
    decisions: await repo.decisionsForPlanItem(platform.db, id),
  };
}

interface PlanInput {
  parentId?: string | null | undefined;
  kind?: PlanKind | undefined;
  titleFr?: string | undefined;
  titleEn?: string | undefined;
  description?: string | null | undefined;
  startDate?: string | null | undefined;
  dueDate?: string | null | undefined;
  status?: PlanStatus | undefined;
  progress?: number | undefined;
  weight?: number | undefined;
  ownerOrganisationIds?: string[] | undefined;
  ownerPersonIds?: string[] | undefined;
}

async function checkPlanInput(
  trx: Transaction<DB>,
  input: PlanInput,
  merged: { start: string | null; due: string | null },
): Promise<void> {
  const problems: FieldProblem[] = [];
  if (input.titleFr !== undefined && !input.titleFr.trim())
    problems.push({ field: 'titleFr', rule: 'required' });
  if (input.titleEn !== undefined && !input.titleEn.trim())
    problems.push({ field: 'titleEn', rule: 'required' });
  if (input.progress !== undefined && (input.progress < 0 || input.progress > 100)) {
    problems.push({ field: 'progress', rule: 'progress_range', params: { min: 0, max: 100 } });
  }
  if (merged.start && merged.due && merged.due < merged.start) {
    problems.push({ field: 'dueDate', rule: 'due_before_start' });
  }
  if (input.ownerOrganisationIds && !(await repo.organisationsExist(trx, input.ownerOrganisationIds))) {
    problems.push({ field: 'ownerOrganisationIds', rule: 'unknown' });
  }
  if (input.ownerPersonIds && !(await repo.activePeopleExist(trx, input.ownerPersonIds))) {
    problems.push({ field: 'ownerPersonIds', rule: 'unknown' });
  }
  if (problems.length > 0) throw Errors.invalid(problems);
}

async function checkParent(
  trx: Transaction<DB>,
  kind: PlanKind,
  parentId: string | null,
  itemId: string | null,
): Promise<void> {
  if (itemId !== null && parentId !== null) {
    if (wouldCycle(itemId, parentId, await repo.planParents(trx)))
      throw Errors.field('parentId', 'plan_cycle');
  }
  let parentKind: PlanKind | null = null;
  if (parentId !== null) {
    const parent = await repo.findPlanItem(trx, parentId);
    if (!parent) throw Errors.field('parentId', 'unknown');
    parentKind = parent.kind;
  }
  if (!kindFits(kind, parentKind))
    throw Errors.field('kind', 'plan_kind', { kind, parent: parentKind ?? '-' });
}

export async function createPlanItem(
  platform: Platform,
  actor: Actor,
  input: PlanInput & { parentId: string | null; kind: PlanKind; titleFr: string; titleEn: string },
): Promise<string> {
  manageOrThrow(actor);
  return platform.db.transaction().execute(async (trx) => {
    await checkPlanInput(trx, input, { start: input.startDate ?? null, due: input.dueDate ?? null });
    await checkParent(trx, input.kind, input.parentId, null);
    const id = await repo.insertPlanItem(trx, {
      parent_id: input.parentId,
      kind: input.kind,
      title_fr: input.titleFr.trim(),
      title_en: input.titleEn.trim(),
      description: input.description?.trim() || null,
      start_date: input.startDate ?? null,
      due_date: input.dueDate ?? null,
      status: input.status ?? 'not_started',
      progress: input.status === 'done' ? 100 : (input.progress ?? 0),
      weight: input.weight ?? 1,
      position: await repo.nextPlanPosition(trx, input.parentId),
    });
    await repo.setPlanOwners(trx, id, {
      organisationIds: input.ownerOrganisationIds,
      personIds: input.ownerPersonIds,
    });
    await repo.insertHistory(
      trx,
      [{ item_id: id, field: 'created', old_value: null, new_value: input.titleFr }],
      actor.personId,
      platform.now(),
    );
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'governance.plan_create',
      targetType: 'plan_item',
      targetId: id,
      meta: { kind: input.kind, parent: input.parentId },
    });
    return id;
  });
}

function ownerNames(rows: readonly repo.OwnerRow[]): string {
  return rows
    .map((r) => r.name)
    .sort()
    .join(', ');
}

/** Edits a plan item; every changed field goes to its history. Moving checks kinds and cycles. */
export async function updatePlanItem(
  platform: Platform,
  actor: Actor,
  id: string,
  input: PlanInput,
): Promise<void> {
  manageOrThrow(actor);
  await platform.db.transaction().execute(async (trx) => {
    const item = await repo.findPlanItem(trx, id, { forUpdate: true });
    if (!item) throw Errors.notFound();
    const start = input.startDate !== undefined ? input.startDate : item.start_date;
    const due = input.dueDate !== undefined ? input.dueDate : item.due_date;
    await checkPlanInput(trx, input, { start, due });
    if (input.parentId !== undefined && input.parentId !== item.parent_id) {
      await checkParent(trx, item.kind, input.parentId, id);
    }
    const values: Partial<repo.PlanValues> = {};
    const history: Array<{
      item_id: string;
      field: string;
      old_value: string | null;
      new_value: string | null;
    }> = [];
    const change = <K extends keyof repo.PlanValues>(
      field: K,
      value: repo.PlanValues[K] | undefined,
      label: string,
    ) => {
      if (value === undefined || value === item[field as keyof repo.PlanItemRow]) return;
      values[field] = value;
      const old = item[field as keyof repo.PlanItemRow];
      history.push({
        item_id: id,
        field: label,
        old_value: old === null ? null : String(old),
        new_value: value === null ? null : String(value),
      });
    };
    change('title_fr', input.titleFr?.trim(), 'titleFr');
    change('title_en', input.titleEn?.trim(), 'titleEn');
    change(
      'description',
      input.description === undefined ? undefined : input.description?.trim() || null,
      'description',
    );
    change('start_date', input.startDate, 'startDate');
    change('due_date', input.dueDate, 'dueDate');
    change('status', input.status, 'status');
    change(
      'progress',
      input.status === 'done' && input.progress === undefined ? 100 : input.progress,
      'progress',
    );
    change('weight', input.weight, 'weight');
    if (input.parentId !== undefined && input.parentId !== item.parent_id) {
      values.parent_id = input.parentId;
      values.position = await repo.nextPlanPosition(trx, input.parentId);
      history.push({ item_id: id, field: 'parentId', old_value: item.parent_id, new_value: input.parentId });
    }
    if (input.ownerOrganisationIds || input.ownerPersonIds) {
      const before = await repo.planOwners(trx, [id]);
      await repo.setPlanOwners(trx, id, {
        organisationIds: input.ownerOrganisationIds,
        personIds: input.ownerPersonIds,
      });
      const after = await repo.planOwners(trx, [id]);
      for (const [field, kind] of [
        ['ownerOrganisations', 'organisations'],
        ['ownerPeople', 'people'],
      ] as const) {
        const old = ownerNames(before[kind]);
        const now = ownerNames(after[kind]);
        if (old !== now) history.push({ item_id: id, field, old_value: old || null, new_value: now || null });
      }
    }
    if (history.length === 0) return;
    const now = platform.now();
    await repo.updatePlanItem(trx, id, values, now);
    await repo.insertHistory(trx, history, actor.personId, now);
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'governance.plan_update',
      targetType: 'plan_item',
      targetId: id,
      meta: { fields: history.map((h) => h.field) },
    });
  });
}

export async function addMilestone(
  platform: Platform,
  actor: Actor,
  itemId: string,
  input: { title: string; dueDate: string; doneDate?: string | null | undefined },
): Promise<string> {
  manageOrThrow(actor);
  if (!input.title.trim()) throw Errors.field('title', 'required');
  return platform.db.transaction().execute(async (trx) => {
    if (!(await repo.findPlanItem(trx, itemId, { forUpdate: true }))) throw Errors.notFound();
    const id = await repo.insertMilestone(trx, {
      item_id: itemId,
      title: input.title.trim(),
      due_date: input.dueDate,
      done_date: input.doneDate ?? null,
    });
    await repo.insertHistory(
      trx,
      [
        {
          item_id: itemId,
          field: 'milestone',
          old_value: null,
          new_value: `${input.title.trim()} (${input.dueDate})`,
        },
      ],
      actor.personId,
      platform.now(),
    );
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'governance.milestone_create',
      targetType: 'plan_item',
      targetId: itemId,
      meta: { milestone: id },
    });
    return id;
  });
}

export async function updateMilestone(
  platform: Platform,
  actor: Actor,
  id: string,
  input: { title?: string | undefined; dueDate?: string | undefined; doneDate?: string | null | undefined },
): Promise<string> {
  manageOrThrow(actor);
  if (input.title !== undefined && !input.title.trim()) throw Errors.field('title', 'required');
  return platform.db.transaction().execute(async (trx) => {
    const milestone = await repo.findMilestone(trx, id);
    if (!milestone) throw Errors.notFound();
    await repo.updateMilestone(trx, id, {
      ...(input.title !== undefined ? { title: input.title.trim() } : {}),
      ...(input.dueDate !== undefined ? { due_date: input.dueDate } : {}),
      ...(input.doneDate !== undefined ? { done_date: input.doneDate } : {}),
    });
    const describe = (m: { title: string; due_date: string; done_date: string | null }) =>
      `${m.title} (${m.due_date}${m.done_date ? ` → ${m.done_date}` : ''})`;
    const after = { ...milestone, ...(await repo.findMilestone(trx, id))! };
    await repo.insertHistory(
      trx,
      [
        {
          item_id: milestone.item_id,
          field: 'milestone',
          old_value: describe(milestone),
          new_value: describe(after),
        },
      ],
      actor.personId,
      platform.now(),
    );
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'governance.milestone_update',
      targetType: 'plan_item',
      targetId: milestone.item_id,
      meta: { milestone: id },
    });
    return milestone.item_id;
  });
}

/**
 * Daily: reminds the owners of every overdue item (in the app and by e-mail), at most once a week per
 * item and person. Each item's reminders are decided under its row lock, so two runs at once remind
 * each owner once. Returns how many reminders went out.
 */
export async function remindOverdue(platform: Platform): Promise<number> {
  const now = platform.now();
  const date = today(platform);
  const weekAgo = new Date(now.getTime() - 7 * 24 * 3600 * 1000);
  const items = (await repo.listPlanItems(platform.db)).filter((item) =>
    isOverdue({ dueDate: item.due_date, status: item.status }, date),
  );
  let sent = 0;
  for (const item of items) {
    sent += await platform.db.transaction().execute(async (trx) => {
      if (!(await repo.findPlanItem(trx, item.id, { forUpdate: true }))) return 0;
      let count = 0;
      for (const owner of await repo.overdueOwners(trx, item.id)) {
        const last = await repo.lastReminder(trx, item.id, owner.id);
        if (last && last > weekAgo) continue;
        const locale = owner.locale as Locale;
        const title = locale === 'en-CA' ? item.title_en : item.title_fr;
        await platform.notifier.notify(trx, owner.id, {
          kind: 'governance.plan_overdue',
          params: { title, dueDate: item.due_date ?? '' },
          link: `/table/plan?item=${item.id}`,
        });
        await platform.notifier.queueEmail(trx, {
          to: owner.email,
          locale,
          template: 'governance_plan_overdue',
          params: {
            name: owner.given_name,
            title,
            dueDate: item.due_date ?? '',
            link: `${platform.config.publicUrl}/table/plan?item=${item.id}`,
          },
        });
        await repo.recordReminder(trx, item.id, owner.id, now);
        count += 1;
      }
      if (count > 0) {
        await platform.audit.append(trx, {
          actor: null,
          action: 'governance.plan_overdue_remind',
          targetType: 'plan_item',
          targetId: item.id,
          meta: { reminded: count },
        });
      }
      return count;
    });
  }
  return sent;
}

// ================================================================================================
// Announcements

interface AnnouncementInput {
  titleFr: string;
  titleEn: string;
  bodyFr: string;
  bodyEn: string;
  audience: AudienceKind;
  organisationType?: OrganisationType | undefined;
  organisationId?: string | undefined;
  publishAt?: string | undefined;
}

async function publish(
  platform: Platform,
  trx: Transaction<DB>,
  id: string,
  audience: Parameters<typeof repo.audiencePeople>[1],
) {
  const people = await repo.audiencePeople(trx, audience);
  await repo.addRecipients(
    trx,
    id,
    people.map((p) => p.id),
  );
  await repo.markPublished(trx, id, platform.now());
  const titles = await repo.announcementTitles(trx, id);
  for (const person of people) {
    await platform.notifier.notify(trx, person.id, {
      kind: 'governance.announcement',
      params: { title: person.locale === 'en-CA' ? titles.title_en : titles.title_fr },
      link: `/table/annonces#annonce-${id}`,
    });
  }
  return people.length;
}

/** Writes an announcement (both languages); published now, or by the job at `publishAt`. */
export async function createAnnouncement(
  platform: Platform,
  actor: Actor,
  input: AnnouncementInput,
): Promise<string> {
  manageOrThrow(actor);
  const problems: FieldProblem[] = [];
  for (const field of ['titleFr', 'titleEn', 'bodyFr', 'bodyEn'] as const) {
    if (!input[field].trim()) problems.push({ field, rule: 'required' });
  }
  if (input.audience === 'organisation_type' && !input.organisationType) {
    problems.push({ field: 'organisationType', rule: 'required' });
  }
  if (input.audience === 'organisation' && !input.organisationId) {
    problems.push({ field: 'organisationId', rule: 'required' });
  }
  if (problems.length > 0) throw Errors.invalid(problems);
  const now = platform.now();
  const publishAt = input.publishAt ? new Date(input.publishAt) : now;
  return platform.db.transaction().execute(async (trx) => {
    if (input.audience === 'organisation' && !(await repo.organisationsExist(trx, [input.organisationId!]))) {
      throw Errors.field('organisationId', 'unknown');
    }
    const audience = {
      audience: input.audience,
      audience_type: input.audience === 'organisation_type' ? input.organisationType! : null,
      audience_organisation_id: input.audience === 'organisation' ? input.organisationId! : null,
    };
    const id = await repo.insertAnnouncement(trx, {
      title_fr: input.titleFr.trim(),
      title_en: input.titleEn.trim(),
      body_fr: input.bodyFr.trim(),
      body_en: input.bodyEn.trim(),
      ...audience,
      publish_at: publishAt,
      author_id: actor.personId,
    });
    const recipients = publishAt <= now ? await publish(platform, trx, id, audience) : null;
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'governance.announcement_create',
      targetType: 'announcement',
      targetId: id,
      meta: { audience: input.audience, scheduled: recipients === null, recipients },
    });
    return id;
  });
}

/** Publishes scheduled announcements whose time has come (a job every few minutes). */
export async function publishDue(platform: Platform): Promise<number> {
  return platform.db.transaction().execute(async (trx) => {
    const due = await repo.dueAnnouncements(trx, platform.now());
    for (const announcement of due) {
      const recipients = await publish(platform, trx, announcement.id, announcement);
      await platform.audit.append(trx, {
        actor: null,
        action: 'governance.announcement_publish',
        targetType: 'announcement',
        targetId: announcement.id,
        meta: { recipients },
      });
    }
    return due.length;
  });
}

export function myAnnouncements(platform: Platform, actor: Actor) {
  return repo.listAnnouncementsFor(platform.db, actor.personId);
}

export function allAnnouncements(platform: Platform, actor: Actor) {
  manageOrThrow(actor);
  return repo.listAllAnnouncements(platform.db);
}

export async function getAnnouncement(platform: Platform, actor: Actor, id: string) {
  manageOrThrow(actor);
  const row = await repo.findAnnouncement(platform.db, id);
  if (!row) throw Errors.notFound();
  return row;
}

/** Marks an announcement read by the actor (a recipient; anyone else: 404). */
export async function markAnnouncementRead(platform: Platform, actor: Actor, id: string): Promise<void> {
  await platform.db.transaction().execute(async (trx) => {
    authorize(await repo.isRecipient(trx, id, actor.personId));
    const changed = await repo.markRead(trx, id, actor.personId, platform.now());
    if (changed === 0) return;
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'governance.announcement_read',
      targetType: 'announcement',
      targetId: id,
    });
  });
}

export async function announcementReceipts(platform: Platform, actor: Actor, id: string) {
  authorize(canSeeReceipts(viewerOf(actor)), { hide: false });
  if (!(await repo.findAnnouncement(platform.db, id))) throw Errors.notFound();
  return repo.receipts(platform.db, id);
}

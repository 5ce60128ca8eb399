import { sql } from 'kysely';
import type { OrganisationType, Role } from '../../../shared/roles.js';
import type { Executor } from '../../platform/db/database.js';
import type { Attendance, AudienceKind, MeetingStatus, PlanKind, PlanStatus } from './governance.table.js';

// ---------------------------------------------------------------------------------------------
// People and organisations (read only: platform identity)

export async function rolesOf(db: Executor, personId: string): Promise<Role[]> {
  const rows = await db.selectFrom('person_roles').select('role').where('person_id', '=', personId).execute();
  return rows.map((r) => r.role);
}

export async function activePeopleExist(db: Executor, ids: readonly string[]): Promise<boolean> {
  if (ids.length === 0) return true;
  const row = await db
    .selectFrom('people')
    .select(({ fn }) => fn.countAll<string>().as('n'))
    .where('id', 'in', [...ids])
    .where('status', '<>', 'disabled')
    .executeTakeFirstOrThrow();
  return Number(row.n) === new Set(ids).size;
}

export async function organisationsExist(db: Executor, ids: readonly string[]): Promise<boolean> {
  if (ids.length === 0) return true;
  const row = await db
    .selectFrom('organisations')
    .select(({ fn }) => fn.countAll<string>().as('n'))
    .where('id', 'in', [...ids])
    .executeTakeFirstOrThrow();
  return Number(row.n) === new Set(ids).size;
}

/** The table's delegates, invited by default: active coordinators of active partner organisations. */
export async function delegates(db: Executor): Promise<string[]> {
  const rows = await db
    .selectFrom('people as p')
    .innerJoin('organisations as o', 'o.id', 'p.organisation_id')
    .select('p.id')
    .where('p.status', '=', 'active')
    .where('o.active', '=', true)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('person_roles as r')
          .select('r.person_id')
          .whereRef('r.person_id', '=', 'p.id')
          .where('r.role', 'in', ['org_coordinator', 'table_coordinator']),
      ),
    )
    .orderBy('p.family_name')
    .execute();
  return rows.map((r) => r.id);
}

// ---------------------------------------------------------------------------------------------
// Meetings

export interface MeetingRow {
  id: string;
  title: string;
  starts_at: Date;
  ends_at: Date;
  place: string | null;
  video_url: string | null;
  restricted: boolean;
  status: MeetingStatus;
  minutes: string | null;
  closed_at: Date | null;
  minutes_approved_at: Date | null;
  minutes_approved_in: string | null;
  updated_at: Date;
  invited: boolean;
  present: boolean;
  invited_count: number;
  present_count: number;
}

function meetingQuery(db: Executor, viewerId: string) {
  return db
    .selectFrom('gov_meetings as m')
    .select([
      'm.id',
      'm.title',
      'm.starts_at',
      'm.ends_at',
      'm.place',
      'm.video_url',
      'm.restricted',
      'm.status',
      'm.minutes',
      'm.closed_at',
      'm.minutes_approved_at',
      'm.minutes_approved_in',
      'm.updated_at',
      sql<boolean>`exists (select 1 from gov_invitations i where i.meeting_id = m.id and i.person_id = ${viewerId})`.as(
        'invited',
      ),
      sql<boolean>`exists (select 1 from gov_invitations i where i.meeting_id = m.id and i.person_id = ${viewerId} and i.attendance = 'present')`.as(
        'present',
      ),
      sql<number>`(select count(*)::int from gov_invitations i where i.meeting_id = m.id)`.as(
        'invited_count',
      ),
      sql<number>`(select count(*)::int from gov_invitations i where i.meeting_id = m.id and i.attendance = 'present')`.as(
        'present_count',
      ),
    ]);
}

/** Meetings the viewer may see, in date order; restricted ones only for invitees unless `all`. */
export async function listMeetings(
  db: Executor,
  viewer: { personId: string; all: boolean },
  filter: { from?: Date | undefined; to?: Date | undefined } = {},
): Promise<MeetingRow[]> {
  let query = meetingQuery(db, viewer.personId);
  if (!viewer.all) {
    query = query.where((eb) =>
      eb.or([
        eb('m.restricted', '=', false),
        eb.exists(
          eb
            .selectFrom('gov_invitations as vi')
            .select('vi.person_id')
            .whereRef('vi.meeting_id', '=', 'm.id')
            .where('vi.person_id', '=', viewer.personId),
        ),
      ]),
    );
  }
  if (filter.from) query = query.where('m.starts_at', '>=', filter.from);
  if (filter.to) query = query.where('m.starts_at', '<', filter.to);
  return query.orderBy('m.starts_at').orderBy('m.id').execute();
}

export async function findMeeting(
  db: Executor,
  id: string,
  viewerId: string,
  options: { forUpdate?: boolean } = {},
): Promise<MeetingRow | undefined> {
  if (options.forUpdate) {
    await db.selectFrom('gov_meetings').select('id').where('id', '=', id).forUpdate().execute();
  }
  return meetingQuery(db, viewerId).where('m.id', '=', id).executeTakeFirst();
}

export interface MeetingValues {
  title: string;
  starts_at: Date;
  ends_at: Date;
  place: string | null;
  video_url: string | null;
  restricted: boolean;
}

export async function insertMeeting(db: Executor, values: MeetingValues & { created_by: string }) {
  const row = await db.insertInto('gov_meetings').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateMeeting(
  db: Executor,
  id: string,
  values: Partial<MeetingValues> & {
    status?: MeetingStatus;
    minutes?: string | null;
    closed_at?: Date;
    closed_by?: string;
    minutes_approved_at?: Date;
    minutes_approved_in?: string;
  },
  now: Date,
): Promise<void> {
  await db
    .updateTable('gov_meetings')
    .set({ ...values, updated_at: now })
    .where('id', '=', id)
    .execute();
}

export interface AgendaRow {
  id: string;
  parent_id: string | null;
  position: number;
  title: string;
  presenter_id: string | null;
  presenter_name: string | null;
  plan_item_id: string | null;
  approves_meeting_id: string | null;
}

export async function listAgenda(db: Executor, meetingId: string): Promise<AgendaRow[]> {
  return db
    .selectFrom('gov_agenda_items as a')
    .leftJoin('people as p', 'p.id', 'a.presenter_id')
    .select([
      'a.id',
      'a.parent_id',
      'a.position',
      'a.title',
      'a.presenter_id',
      sql<string | null>`p.given_name || ' ' || p.family_name`.as('presenter_name'),
      'a.plan_item_id',
      'a.approves_meeting_id',
    ])
    .where('a.meeting_id', '=', meetingId)
    .orderBy('a.position')
    .execute();
}

export interface AgendaInsert {
  key: number;
  parentKey: number | null;
  title: string;
  presenterId: string | null;
  planItemId: string | null;
  approvesMeetingId: string | null;
}

/** Replaces a meeting's agenda by the given items (parents listed before their children). */
export async function replaceAgenda(db: Executor, meetingId: string, items: readonly AgendaInsert[]) {
  await db.deleteFrom('gov_agenda_items').where('meeting_id', '=', meetingId).execute();
  const ids = new Map<number, string>();
  let position = 0;
  for (const item of items) {
    position += 1;
    const row = await db
      .insertInto('gov_agenda_items')
      .values({
        meeting_id: meetingId,
        parent_id: item.parentKey === null ? null : (ids.get(item.parentKey) ?? null),
        position,
        title: item.title,
        presenter_id: item.presenterId,
        plan_item_id: item.planItemId,
        approves_meeting_id: item.approvesMeetingId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.set(item.key, row.id);
  }
}

export interface InvitationRow {
  person_id: string;
  name: string;
  organisation_id: string;
  organisation_name: string;
  attendance: Attendance;
}

export async function listInvitations(db: Executor, meetingId: string): Promise<InvitationRow[]> {
  return db
    .selectFrom('gov_invitations as i')
    .innerJoin('people as p', 'p.id', 'i.person_id')
    .innerJoin('organisations as o', 'o.id', 'p.organisation_id')
    .select([
      'i.person_id',
      sql<string>`p.given_name || ' ' || p.family_name`.as('name'),
      'p.organisation_id',
      'o.name as organisation_name',
      'i.attendance',
    ])
    .where('i.meeting_id', '=', meetingId)
    .orderBy('o.name')
    .orderBy('p.family_name')
    .orderBy('p.given_name')
    .execute();
}

/** Sets the invitees: new ones are added, absent ones removed, others keep their attendance. */
export async function setInvitations(db: Executor, meetingId: string, personIds: readonly string[]) {
  const unique = [...new Set(personIds)];
  let remove = db.deleteFrom('gov_invitations').where('meeting_id', '=', meetingId);
  if (unique.length > 0) remove = remove.where('person_id', 'not in', unique);
  await remove.execute();
  if (unique.length === 0) return;
  await db
    .insertInto('gov_invitations')
    .values(unique.map((person_id) => ({ meeting_id: meetingId, person_id })))
    .onConflict((oc) => oc.columns(['meeting_id', 'person_id']).doNothing())
    .execute();
}

export async function invitedIds(db: Executor, meetingId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('gov_invitations')
    .select('person_id')
    .where('meeting_id', '=', meetingId)
    .execute();
  return new Set(rows.map((r) => r.person_id));
}

export async function setAttendance(
  db: Executor,
  meetingId: string,
  personId: string,
  attendance: Attendance,
) {
  await db
    .updateTable('gov_invitations')
    .set({ attendance })
    .where('meeting_id', '=', meetingId)
    .where('person_id', '=', personId)
    .execute();
}

export interface DecisionRow {
  id: string;
  meeting_id: string;
  text: string;
  plan_item_id: string | null;
  plan_title_fr: string | null;
  plan_title_en: string | null;
  created_at: Date;
}

function decisionQuery(db: Executor) {
  return db
    .selectFrom('gov_decisions as d')
    .leftJoin('gov_plan_items as pi', 'pi.id', 'd.plan_item_id')
    .select([
      'd.id',
      'd.meeting_id',
      'd.text',
      'd.plan_item_id',
      'pi.title_fr as plan_title_fr',
      'pi.title_en as plan_title_en',
      'd.created_at',
    ]);
}

export async function listDecisions(db: Executor, meetingId: string): Promise<DecisionRow[]> {
  return decisionQuery(db)
    .where('d.meeting_id', '=', meetingId)
    .orderBy('d.created_at')
    .orderBy('d.id')
    .execute();
}

export async function findDecision(db: Executor, id: string): Promise<DecisionRow | undefined> {
  return decisionQuery(db).where('d.id', '=', id).executeTakeFirst();
}

export async function insertDecision(
  db: Executor,
  values: { meeting_id: string; text: string; plan_item_id: string | null; created_by: string },
): Promise<string> {
  const row = await db.insertInto('gov_decisions').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateDecision(
  db: Executor,
  id: string,
  values: { text?: string; plan_item_id?: string | null },
): Promise<void> {
  await db.updateTable('gov_decisions').set(values).where('id', '=', id).execute();
}

export async function decisionsForPlanItem(db: Executor, planItemId: string) {
  return db
    .selectFrom('gov_decisions as d')
    .innerJoin('gov_meetings as m', 'm.id', 'd.meeting_id')
    .select(['d.id', 'd.text', 'd.meeting_id', 'm.title as meeting_title', 'm.starts_at', 'm.restricted'])
    .where('d.plan_item_id', '=', planItemId)
    .orderBy('m.starts_at')
    .execute();
}

// ---------------------------------------------------------------------------------------------
// Calendar feeds

export async function replaceCalendarToken(db: Executor, personId: string, tokenHash: string, now: Date) {
  await db
    .insertInto('gov_calendar_tokens')
    .values({ person_id: personId, token_hash: tokenHash, created_at: now })
    .onConflict((oc) => oc.column('person_id').doUpdateSet({ token_hash: tokenHash, created_at: now }))
    .execute();
}

export async function calendarToken(db: Executor, personId: string) {
  return db
    .selectFrom('gov_calendar_tokens')
    .select(['created_at'])
    .where('person_id', '=', personId)
    .executeTakeFirst();
}

/** The active person owning a feed token (by its hash). */
export async function personByCalendarToken(db: Executor, tokenHash: string) {
  return db
    .selectFrom('gov_calendar_tokens as c')
    .innerJoin('people as p', 'p.id', 'c.person_id')
    .select(['p.id', 'p.locale'])
    .where('c.token_hash', '=', tokenHash)
    .where('p.status', '=', 'active')
    .executeTakeFirst();
}

// ---------------------------------------------------------------------------------------------
// Action plan

export interface PlanItemRow {
  id: string;
  parent_id: string | null;
  kind: PlanKind;
  title_fr: string;
  title_en: string;
  description: string | null;
  start_date: string | null;
  due_date: string | null;
  status: PlanStatus;
  progress: number;
  weight: number;
  position: number;
  updated_at: Date;
}

const PLAN_COLUMNS = [
  'id',
  'parent_id',
  'kind',
  'title_fr',
  'title_en',
  'description',
  'start_date',
  'due_date',
  'status',
  'progress',
  'weight',
  'position',
  'updated_at',
] as const;

export async function listPlanItems(db: Executor): Promise<PlanItemRow[]> {
  return db
    .selectFrom('gov_plan_items')
    .select(PLAN_COLUMNS)
    .orderBy('position')
    .orderBy('created_at')
    .execute();
}

export async function findPlanItem(
  db: Executor,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<PlanItemRow | undefined> {
  let query = db.selectFrom('gov_plan_items').select(PLAN_COLUMNS).where('id', '=', id);
  if (options.forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}

export async function planParents(db: Executor): Promise<Map<string, string | null>> {
  const rows = await db.selectFrom('gov_plan_items').select(['id', 'parent_id']).execute();
  return new Map(rows.map((r) => [r.id, r.parent_id]));
}

export async function hasChildren(db: Executor, id: string): Promise<boolean> {
  const row = await db
    .selectFrom('gov_plan_items')
    .select('id')
    .where('parent_id', '=', id)
    .executeTakeFirst();
  return row !== undefined;
}

export async function nextPlanPosition(db: Executor, parentId: string | null): Promise<number> {
  let query = db
    .selectFrom('gov_plan_items')
    .select(sql<number>`coalesce(max(position), 0)::int + 1`.as('n'));
  query = parentId === null ? query.where('parent_id', 'is', null) : query.where('parent_id', '=', parentId);
  const row = await query.executeTakeFirstOrThrow();
  return row.n;
}

export interface PlanValues {
  parent_id: string | null;
  kind: PlanKind;
  title_fr: string;
  title_en: string;
  description: string | null;
  start_date: string | null;
  due_date: string | null;
  status: PlanStatus;
  progress: number;
  weight: number;
  position: number;
}

export async function insertPlanItem(db: Executor, values: PlanValues): Promise<string> {
  const row = await db.insertInto('gov_plan_items').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updatePlanItem(db: Executor, id: string, values: Partial<PlanValues>, now: Date) {
  await db
    .updateTable('gov_plan_items')
    .set({ ...values, updated_at: now })
    .where('id', '=', id)
    .execute();
}

export interface OwnerRow {
  item_id: string;
  id: string;
  name: string;
}

export async function planOwners(db: Executor, itemIds?: readonly string[]) {
  if (itemIds && itemIds.length === 0) return { organisations: [] as OwnerRow[], people: [] as OwnerRow[] };
  let orgs = db
    .selectFrom('gov_plan_item_organisations as x')
    .innerJoin('organisations as o', 'o.id', 'x.organisation_id')
    .select(['x.item_id', 'o.id', 'o.name'])
    .orderBy('o.name');
  let people = db
    .selectFrom('gov_plan_item_people as x')
    .innerJoin('people as p', 'p.id', 'x.person_id')
    .select(['x.item_id', 'p.id', sql<string>`p.given_name || ' ' || p.family_name`.as('name')])
    .orderBy('p.family_name');
  if (itemIds) {
    orgs = orgs.where('x.item_id', 'in', [...itemIds]);
    people = people.where('x.item_id', 'in', [...itemIds]);
  }
  return { organisations: await orgs.execute(), people: await people.execute() };
}

export async function setPlanOwners(
  db: Executor,
  itemId: string,
  owners: { organisationIds?: readonly string[] | undefined; personIds?: readonly string[] | undefined },
) {
  if (owners.organisationIds) {
    await db.deleteFrom('gov_plan_item_organisations').where('item_id', '=', itemId).execute();
    const ids = [...new Set(owners.organisationIds)];
    if (ids.length > 0) {
      await db
        .insertInto('gov_plan_item_organisations')
        .values(ids.map((organisation_id) => ({ item_id: itemId, organisation_id })))
        .execute();
    }
  }
  if (owners.personIds) {
    await db.deleteFrom('gov_plan_item_people').where('item_id', '=', itemId).execute();
    const ids = [...new Set(owners.personIds)];
    if (ids.length > 0) {
      await db
        .insertInto('gov_plan_item_people')
        .values(ids.map((person_id) => ({ item_id: itemId, person_id })))
        .execute();
    }
  }
}

export async function insertHistory(
  db: Executor,
  rows: ReadonlyArray<{ item_id: string; field: string; old_value: string | null; new_value: string | null }>,
  actorId: string,
  now: Date,
) {
  if (rows.length === 0) return;
  await db
    .insertInto('gov_plan_history')
    .values(rows.map((r) => ({ ...r, changed_by: actorId, changed_at: now })))
    .execute();
}

export async function listHistory(db: Executor, itemId: string) {
  return db
    .selectFrom('gov_plan_history as h')
    .leftJoin('people as p', 'p.id', 'h.changed_by')
    .select([
      'h.id',
      'h.field',
      'h.old_value',
      'h.new_value',
      'h.changed_at',
      sql<string | null>`p.given_name || ' ' || p.family_name`.as('changed_by_name'),
    ])
    .where('h.item_id', '=', itemId)
    .orderBy('h.id', 'desc')
    .execute();
}

export interface MilestoneRow {
  id: string;
  item_id: string;
  title: string;
  due_date: string;
  done_date: string | null;
}

export async function listMilestones(db: Executor, itemId: string): Promise<MilestoneRow[]> {
  return db
    .selectFrom('gov_plan_milestones')
    .select(['id', 'item_id', 'title', 'due_date', 'done_date'])
    .where('item_id', '=', itemId)
    .orderBy('due_date')
    .orderBy('id')
    .execute();
}

export async function findMilestone(db: Executor, id: string): Promise<MilestoneRow | undefined> {
  return db
    .selectFrom('gov_plan_milestones')
    .select(['id', 'item_id', 'title', 'due_date', 'done_date'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function insertMilestone(
  db: Executor,
  values: { item_id: string; title: string; due_date: string; done_date: string | null },
): Promise<string> {
  const row = await db
    .insertInto('gov_plan_milestones')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateMilestone(
  db: Executor,
  id: string,
  values: { title?: string; due_date?: string; done_date?: string | null },
) {
  await db.updateTable('gov_plan_milestones').set(values).where('id', '=', id).execute();
}

/** Owners to remind of an overdue item: owner people, and coordinators of owner organisations. */
export async function overdueOwners(db: Executor, itemId: string) {
  return db
    .selectFrom('people as p')
    .select(['p.id', 'p.email', 'p.locale', 'p.given_name'])
    .where('p.status', '=', 'active')
    .where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom('gov_plan_item_people as x')
            .select('x.person_id')
            .whereRef('x.person_id', '=', 'p.id')
            .where('x.item_id', '=', itemId),
        ),
        eb.exists(
          eb
            .selectFrom('gov_plan_item_organisations as x')
            .innerJoin('person_roles as r', (join) => join.on('r.role', '=', 'org_coordinator'))
            .select('x.item_id')
            .whereRef('x.organisation_id', '=', 'p.organisation_id')
            .whereRef('r.person_id', '=', 'p.id')
            .where('x.item_id', '=', itemId),
        ),
      ]),
    )
    .execute();
}

export async function lastReminder(db: Executor, itemId: string, personId: string) {
  const row = await db
    .selectFrom('gov_plan_reminders')
    .select('sent_at')
    .where('item_id', '=', itemId)
    .where('person_id', '=', personId)
    .executeTakeFirst();
  return row?.sent_at ?? null;
}

export async function recordReminder(db: Executor, itemId: string, personId: string, at: Date) {
  await db
    .insertInto('gov_plan_reminders')
    .values({ item_id: itemId, person_id: personId, sent_at: at })
    .onConflict((oc) => oc.columns(['item_id', 'person_id']).doUpdateSet({ sent_at: at }))
    .execute();
}

// ---------------------------------------------------------------------------------------------
// Announcements

export interface AnnouncementValues {
  title_fr: string;
  title_en: string;
  body_fr: string;
  body_en: string;
  audience: AudienceKind;
  audience_type: OrganisationType | null;
  audience_organisation_id: string | null;
  publish_at: Date;
  author_id: string;
}

export async function insertAnnouncement(db: Executor, values: AnnouncementValues): Promise<string> {
  const row = await db
    .insertInto('gov_announcements')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findAnnouncement(db: Executor, id: string) {
  return db
    .selectFrom('gov_announcements as a')
    .leftJoin('people as p', 'p.id', 'a.author_id')
    .leftJoin('organisations as o', 'o.id', 'a.audience_organisation_id')
    .selectAll('a')
    .select([
      sql<string | null>`p.given_name || ' ' || p.family_name`.as('author_name'),
      'o.name as audience_organisation_name',
      sql<number>`(select count(*)::int from gov_announcement_recipients r where r.announcement_id = a.id)`.as(
        'recipient_count',
      ),
      sql<number>`(select count(*)::int from gov_announcement_recipients r where r.announcement_id = a.id and r.read_at is not null)`.as(
        'read_count',
      ),
    ])
    .where('a.id', '=', id)
    .executeTakeFirst();
}

export type AnnouncementDetailRow = NonNullable<Awaited<ReturnType<typeof findAnnouncement>>>;

/** Every announcement, newest first (the coordination's view). */
export async function listAllAnnouncements(db: Executor) {
  const ids = await db.selectFrom('gov_announcements').select('id').orderBy('publish_at', 'desc').execute();
  const rows: AnnouncementDetailRow[] = [];
  for (const { id } of ids) {
    const row = await findAnnouncement(db, id);
    if (row) rows.push(row);
  }
  return rows;
}

/** Announcements addressed to a person, published, newest first. */
export async function listAnnouncementsFor(db: Executor, personId: string) {
  return db
    .selectFrom('gov_announcement_recipients as r')
    .innerJoin('gov_announcements as a', 'a.id', 'r.announcement_id')
    .leftJoin('people as p', 'p.id', 'a.author_id')
    .select([
      'a.id',
      'a.title_fr',
      'a.title_en',
      'a.body_fr',
      'a.body_en',
      'a.published_at',
      'r.read_at',
      sql<string | null>`p.given_name || ' ' || p.family_name`.as('author_name'),
    ])
    .where('r.person_id', '=', personId)
    .where('a.published_at', 'is not', null)
    .orderBy('a.published_at', 'desc')
    .execute();
}

export async function markRead(db: Executor, announcementId: string, personId: string, now: Date) {
  const result = await db
    .updateTable('gov_announcement_recipients')
    .set({ read_at: now })
    .where('announcement_id', '=', announcementId)
    .where('person_id', '=', personId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function isRecipient(db: Executor, announcementId: string, personId: string): Promise<boolean> {
  const row = await db
    .selectFrom('gov_announcement_recipients as r')
    .innerJoin('gov_announcements as a', 'a.id', 'r.announcement_id')
    .select('r.person_id')
    .where('r.announcement_id', '=', announcementId)
    .where('r.person_id', '=', personId)
    .where('a.published_at', 'is not', null)
    .executeTakeFirst();
  return row !== undefined;
}

export async function receipts(db: Executor, announcementId: string) {
  return db
    .selectFrom('gov_announcement_recipients as r')
    .innerJoin('people as p', 'p.id', 'r.person_id')
    .innerJoin('organisations as o', 'o.id', 'p.organisation_id')
    .select([
      'p.id',
      sql<string>`p.given_name || ' ' || p.family_name`.as('name'),
      'o.name as organisation_name',
      'r.read_at',
    ])
    .where('r.announcement_id', '=', announcementId)
    .orderBy('o.name')
    .orderBy('p.family_name')
    .execute();
}

/** The active people an audience names, resolved at publication. */
export async function audiencePeople(
  db: Executor,
  audience: { audience: AudienceKind; audience_type: string | null; audience_organisation_id: string | null },
) {
  let query = db
    .selectFrom('people as p')
    .innerJoin('organisations as o', 'o.id', 'p.organisation_id')
    .select(['p.id', 'p.locale'])
    .where('p.status', '=', 'active');
  if (audience.audience === 'pivots') {
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('person_roles as r')
          .select('r.person_id')
          .whereRef('r.person_id', '=', 'p.id')
          .where('r.role', '=', 'pivot'),
      ),
    );
  } else if (audience.audience === 'organisation_type') {
    query = query.where('o.type', '=', audience.audience_type as OrganisationType);
  } else if (audience.audience === 'organisation') {
    query = query.where('o.id', '=', audience.audience_organisation_id ?? '');
  }
  return query.execute();
}

export async function addRecipients(db: Executor, announcementId: string, personIds: readonly string[]) {
  if (personIds.length === 0) return;
  await db
    .insertInto('gov_announcement_recipients')
    .values(personIds.map((person_id) => ({ announcement_id: announcementId, person_id })))
    .onConflict((oc) => oc.columns(['announcement_id', 'person_id']).doNothing())
    .execute();
}

export async function markPublished(db: Executor, id: string, at: Date) {
  await db.updateTable('gov_announcements').set({ published_at: at }).where('id', '=', id).execute();
}

export async function dueAnnouncements(db: Executor, now: Date) {
  return db
    .selectFrom('gov_announcements')
    .select(['id', 'audience', 'audience_type', 'audience_organisation_id'])
    .where('published_at', 'is', null)
    .where('publish_at', '<=', now)
    .orderBy('publish_at')
    .forUpdate()
    .skipLocked()
    .execute();
}

// ---------------------------------------------------------------------------------------------
// Annual report

export async function closedMeetingsBetween(db: Executor, from: Date, to: Date) {
  return db
    .selectFrom('gov_meetings as m')
    .select([
      'm.id',
      sql<number>`(select count(*)::int from gov_invitations i where i.meeting_id = m.id and i.attendance = 'present')`.as(
        'people_present',
      ),
      sql<number>`(select count(distinct p.organisation_id)::int from gov_invitations i join people p on p.id = i.person_id where i.meeting_id = m.id and i.attendance = 'present')`.as(
        'organisations_present',
      ),
      sql<number>`(select count(*)::int from gov_decisions d where d.meeting_id = m.id)`.as('decisions'),
    ])
    .where('m.status', '=', 'closed')
    .where('m.starts_at', '>=', from)
    .where('m.starts_at', '<', to)
    .execute();
}

export async function announcementTitles(db: Executor, id: string) {
  return db
    .selectFrom('gov_announcements')
    .select(['title_fr', 'title_en'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

export async function meetingExists(db: Executor, id: string): Promise<boolean> {
  const row = await db.selectFrom('gov_meetings').select('id').where('id', '=', id).executeTakeFirst();
  return row !== undefined;
}

// The SQL of meetings: the meetings themselves, their agenda, invitations and attendance, decisions,
// and the figures of closed meetings for the annual report.
import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.js';
import { personColumn, personName, personOrganisationName } from '../accounts/index.js';
import type { Attendance, MeetingStatus } from './governance.table.js';

/** What is set on a meeting when it is scheduled or edited. */
export interface MeetingValues {
  title: string;
  starts_at: Date;
  ends_at: Date;
  place: string | null;
  video_url: string | null;
  restricted: boolean;
}

export interface MeetingRow extends MeetingValues {
  id: string;
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

export async function meetingExists(db: Executor, id: string): Promise<boolean> {
  const row = await db.selectFrom('gov_meetings').select('id').where('id', '=', id).executeTakeFirst();
  return row !== undefined;
}

// ---------------------------------------------------------------------------------------------
// Agenda

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
    .select([
      'a.id',
      'a.parent_id',
      'a.position',
      'a.title',
      'a.presenter_id',
      personName('a.presenter_id').as('presenter_name'),
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

// ---------------------------------------------------------------------------------------------
// Invitations and attendance

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
    .select([
      'i.person_id',
      personName<string>('i.person_id').as('name'),
      personColumn<string>('i.person_id', 'organisation_id').as('organisation_id'),
      personOrganisationName<string>('i.person_id').as('organisation_name'),
      'i.attendance',
    ])
    .where('i.meeting_id', '=', meetingId)
    .orderBy(personOrganisationName('i.person_id'))
    .orderBy(personColumn('i.person_id', 'family_name'))
    .orderBy(personColumn('i.person_id', 'given_name'))
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

// ---------------------------------------------------------------------------------------------
// Decisions

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
// Annual report

export async function closedMeetingsBetween(db: Executor, from: Date, to: Date) {
  return db
    .selectFrom('gov_meetings as m')
    .select([
      'm.id',
      sql<number>`(select count(*)::int from gov_invitations i where i.meeting_id = m.id and i.attendance = 'present')`.as(
        'people_present',
      ),
      sql<number>`(select count(distinct ${personColumn('i.person_id', 'organisation_id')})::int from gov_invitations i where i.meeting_id = m.id and i.attendance = 'present')`.as(
        'organisations_present',
      ),
      sql<number>`(select count(*)::int from gov_decisions d where d.meeting_id = m.id)`.as('decisions'),
    ])
    .where('m.status', '=', 'closed')
    .where('m.starts_at', '>=', from)
    .where('m.starts_at', '<', to)
    .execute();
}

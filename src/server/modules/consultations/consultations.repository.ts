// SQL of consultations: the consultation, who was asked, who takes part, the thread, the lists and
// counts, escalation, retention and hand-over. Names of people and organisations come from the
// accounts module's SQL pieces.

import { type Insertable, type SqlBool, sql, type Updateable } from 'kysely';
import type { ConsultationBox, ConsultationStatus } from '../../../shared/contracts/consultations.values.js';
import { CONSULTATION_SETTING_DEFAULTS } from '../../../shared/contracts/consultations.values.js';
import type { Executor } from '../../platform/db/database.js';
import type { DB } from '../../platform/db/schema.js';
import { organisationName, personName } from '../accounts/index.js';

// ── Settings ─────────────────────────────────────────────────────────────────────────────────────

export interface SettingsRow {
  urgent_due_hours: number;
  normal_due_days: number;
  retention_months: number;
  updated_at: Date | null;
}

/** The table's settings, or the migration's defaults until the table's coordination changes one. */
export async function getSettings(db: Executor): Promise<SettingsRow> {
  const row = await db
    .selectFrom('consultation_settings')
    .select(['urgent_due_hours', 'normal_due_days', 'retention_months', 'updated_at'])
    .where('id', '=', 1)
    .executeTakeFirst();
  return (
    row ?? {
      urgent_due_hours: CONSULTATION_SETTING_DEFAULTS.urgentDueHours,
      normal_due_days: CONSULTATION_SETTING_DEFAULTS.normalDueDays,
      retention_months: CONSULTATION_SETTING_DEFAULTS.retentionMonths,
      updated_at: null,
    }
  );
}

export async function updateSettings(
  db: Executor,
  values: { urgent_due_hours?: number; normal_due_days?: number; retention_months?: number },
  by: string,
  at: Date,
): Promise<void> {
  const current = await getSettings(db);
  await db
    .insertInto('consultation_settings')
    .values({
      urgent_due_hours: current.urgent_due_hours,
      normal_due_days: current.normal_due_days,
      retention_months: current.retention_months,
      ...values,
      updated_by: by,
      updated_at: at,
    })
    .onConflict((oc) => oc.column('id').doUpdateSet({ ...values, updated_by: by, updated_at: at }))
    .execute();
}

// ── A consultation ───────────────────────────────────────────────────────────────────────────────

export function insertConsultation(db: Executor, row: Insertable<DB['consultations']>) {
  return db.insertInto('consultations').values(row).execute();
}

export function insertRecipients(db: Executor, rows: Insertable<DB['consultation_recipients']>[]) {
  if (rows.length === 0) return Promise.resolve();
  return db.insertInto('consultation_recipients').values(rows).execute();
}

export async function insertParticipant(
  db: Executor,
  row: Insertable<DB['consultation_participants']>,
): Promise<boolean> {
  const inserted = await db
    .insertInto('consultation_participants')
    .values(row)
    .onConflict((oc) => oc.columns(['consultation_id', 'person_id']).doNothing())
    .returning('person_id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** A consultation with the names its screens show. */
export function findConsultation(db: Executor, id: string) {
  return db
    .selectFrom('consultations as c')
    .selectAll('c')
    .select([
      personName('c.asker_person_id').as('asker_name'),
      organisationName<string>('c.asker_organisation_id').as('asker_organisation_name'),
      personName('c.lead_person_id').as('lead_name'),
      organisationName('c.lead_organisation_id').as('lead_organisation_name'),
      personName('c.target_person_id').as('target_person_name'),
      organisationName('c.target_organisation_id').as('target_organisation_name'),
      sql<Date | null>`(select max(m.at) from consultation_messages m where m.consultation_id = c.id)`.as(
        'last_message_at',
      ),
    ])
    .where('c.id', '=', id)
    .executeTakeFirst();
}
export type ConsultationRow = NonNullable<Awaited<ReturnType<typeof findConsultation>>>;

/** Where a person stands in a consultation: asked by routing, taking part. */
export async function placeOf(
  db: Executor,
  id: string,
  personId: string,
): Promise<{ recipient: boolean; participant: boolean }> {
  const row = await sql<{ recipient: boolean; participant: boolean }>`
    select
      exists (select 1 from consultation_recipients r where r.consultation_id = ${id} and r.person_id = ${personId}) as recipient,
      exists (select 1 from consultation_participants p where p.consultation_id = ${id} and p.person_id = ${personId}) as participant
  `.execute(db);
  return row.rows[0] ?? { recipient: false, participant: false };
}

/** Whether some recipient of the consultation belongs to the organisation (its coordinators see a stub). */
export async function hasRecipientIn(db: Executor, id: string, organisationId: string): Promise<boolean> {
  const row = await db
    .selectFrom('consultation_recipients')
    .select('person_id')
    .where('consultation_id', '=', id)
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
  return row !== undefined;
}

export function recipientsOf(db: Executor, id: string) {
  return db
    .selectFrom('consultation_recipients as r')
    .select([
      'r.person_id',
      'r.organisation_id',
      'r.rank',
      personName<string>('r.person_id').as('name'),
      organisationName<string>('r.organisation_id').as('organisation_name'),
    ])
    .where('r.consultation_id', '=', id)
    .orderBy('r.rank')
    .execute();
}

export function participantsOf(db: Executor, id: string) {
  return db
    .selectFrom('consultation_participants as cp')
    .select([
      'cp.person_id',
      'cp.organisation_id',
      personName<string>('cp.person_id').as('name'),
      organisationName<string>('cp.organisation_id').as('organisation_name'),
    ])
    .where('cp.consultation_id', '=', id)
    .orderBy('cp.added_at')
    .orderBy('cp.person_id')
    .execute();
}

export function messagesOf(db: Executor, id: string) {
  return db
    .selectFrom('consultation_messages as m')
    .select([
      'm.id',
      'm.author_person_id',
      'm.author_side',
      'm.at',
      'm.sealed_body',
      personName('m.author_person_id').as('author_name'),
    ])
    .where('m.consultation_id', '=', id)
    .orderBy('m.seq')
    .execute();
}

export function insertMessage(db: Executor, row: Insertable<DB['consultation_messages']>) {
  return db.insertInto('consultation_messages').values(row).execute();
}

/**
 * A conditional update: only the row still in one of `statuses` (and at `version` when given) changes,
 * and its version moves on; false for the loser of a race.
 */
export async function updateConsultation(
  db: Executor,
  id: string,
  expect: { statuses: readonly ConsultationStatus[]; version?: number | undefined; leadPersonId?: string },
  values: Updateable<DB['consultations']>,
): Promise<boolean> {
  let query = db
    .updateTable('consultations')
    .set({ ...values, version: sql<number>`version + 1` })
    .where('id', '=', id)
    .where('status', 'in', [...expect.statuses])
    .where('destroyed_at', 'is', null);
  if (expect.version !== undefined) query = query.where('version', '=', expect.version);
  if (expect.leadPersonId !== undefined) query = query.where('lead_person_id', '=', expect.leadPersonId);
  const row = await query.returning('id').executeTakeFirst();
  return row !== undefined;
}

/** The first answer of a pivot, once. */
export function markFirstAnswer(db: Executor, id: string, at: Date) {
  return db
    .updateTable('consultations')
    .set({ first_answer_at: at, updated_at: at })
    .where('id', '=', id)
    .where('first_answer_at', 'is', null)
    .execute();
}

// ── Lists and counts ─────────────────────────────────────────────────────────────────────────────

export interface ListScope {
  personId: string;
  organisationId: string;
  /** org_coordinator */
  coordinates: boolean;
  /** table_coordinator */
  table: boolean;
}

const isRecipient = (personId: string) =>
  sql<SqlBool>`exists (select 1 from consultation_recipients r where r.consultation_id = c.id and r.person_id = ${personId})`;
const isParticipant = (personId: string) =>
  sql<SqlBool>`exists (select 1 from consultation_participants p where p.consultation_id = c.id and p.person_id = ${personId})`;
const recipientIn = (organisationId: string) =>
  sql<SqlBool>`exists (select 1 from consultation_recipients r where r.consultation_id = c.id and r.organisation_id = ${organisationId})`;
// A tombstone (a thread destroyed by retention, maybe never closed) is never overdue nor waiting.
const OVERDUE = (now: Date) =>
  sql<SqlBool>`c.status in ('open', 'taken') and c.first_answer_at is null and c.due_at < ${now} and c.destroyed_at is null`;
const UNROUTED_WAITING = sql<SqlBool>`c.unrouted and c.status = 'open' and c.destroyed_at is null`;

/** The rows of one box for the reader; `null` when the box is not theirs (an empty list). */
function boxFilter(box: ConsultationBox, scope: ListScope) {
  switch (box) {
    case 'asked':
      return sql<SqlBool>`c.asker_person_id = ${scope.personId}`;
    case 'inbox':
      return sql<SqlBool>`${isRecipient(scope.personId)} and not ${isParticipant(scope.personId)}`;
    case 'mine':
      return isParticipant(scope.personId);
    case 'coordination': {
      const parts = [];
      if (scope.coordinates)
        parts.push(
          sql<SqlBool>`(c.asker_organisation_id = ${scope.organisationId} or c.lead_organisation_id = ${scope.organisationId}
            or (c.escalated_at is not null and ${recipientIn(scope.organisationId)}))`,
        );
      if (scope.table) parts.push(sql<SqlBool>`(${UNROUTED_WAITING})`);
      return parts.length > 0 ? sql<SqlBool>`(${sql.join(parts, sql` or `)})` : null;
    }
  }
}

/**
 * The overdue consultations of the reader's coordination box: what the home card counts
 * (`overdueForCoordination`) and what `?box=coordination&overdue=true` lists, one condition for both.
 */
function coordinationOverdue(scope: ListScope, now: Date) {
  const box = boxFilter('coordination', scope);
  return box ? sql<SqlBool>`(${box} and ${OVERDUE(now)})` : null;
}

export async function listConsultations(
  db: Executor,
  scope: ListScope,
  options: {
    box: ConsultationBox;
    statuses?: readonly ConsultationStatus[] | undefined;
    overdue?: boolean | undefined;
    now: Date;
    limit: number;
    offset: number;
  },
) {
  const overdueCoordination = options.box === 'coordination' && options.overdue === true;
  const filter = overdueCoordination
    ? coordinationOverdue(scope, options.now)
    : boxFilter(options.box, scope);
  if (!filter) return { rows: [], total: 0 };
  let query = db.selectFrom('consultations as c').where(filter);
  if (options.statuses && options.statuses.length > 0)
    query = query.where('c.status', 'in', [...options.statuses]);
  if (options.overdue && !overdueCoordination) query = query.where(OVERDUE(options.now));
  const total = await query.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  const rows = await query
    .selectAll('c')
    .select([
      personName('c.asker_person_id').as('asker_name'),
      organisationName<string>('c.asker_organisation_id').as('asker_organisation_name'),
      personName('c.lead_person_id').as('lead_name'),
      organisationName('c.lead_organisation_id').as('lead_organisation_name'),
      sql<Date | null>`(select max(m.at) from consultation_messages m where m.consultation_id = c.id)`.as(
        'last_message_at',
      ),
      isParticipant(scope.personId).as('participant'),
      isRecipient(scope.personId).as('recipient'),
    ])
    .orderBy(sql`case when c.status in ('open', 'taken') then 0 else 1 end`)
    .orderBy('c.due_at')
    .orderBy('c.id')
    .limit(options.limit)
    .offset(options.offset)
    .execute();
  return { rows, total: total.n };
}
export type ListRow = Awaited<ReturnType<typeof listConsultations>>['rows'][number];

export async function countsFor(db: Executor, scope: ListScope, now: Date) {
  const coordination = boxFilter('coordination', scope);
  const overdue = coordinationOverdue(scope, now);
  const result = await sql<{
    waiting_for_me: number;
    mine_open: number;
    asked_open: number;
    asked_answered: number;
    overdue_for_coordination: number;
    unrouted_for_coordination: number;
  }>`
    select
      (select count(*)::int from consultations c join consultation_recipients r on r.consultation_id = c.id
        where r.person_id = ${scope.personId} and c.status = 'open') as waiting_for_me,
      (select count(*)::int from consultations c join consultation_participants p on p.consultation_id = c.id
        where p.person_id = ${scope.personId} and c.status = 'taken') as mine_open,
      (select count(*)::int from consultations c
        where c.asker_person_id = ${scope.personId} and c.status in ('open', 'taken')) as asked_open,
      (select count(*)::int from consultations c
        where c.asker_person_id = ${scope.personId} and c.status in ('taken', 'closed')
          and c.first_answer_at is not null and c.destroyed_at is null) as asked_answered,
      ${
        overdue ? sql`(select count(*)::int from consultations c where ${overdue})` : sql`0`
      } as overdue_for_coordination,
      ${
        coordination
          ? sql`(select count(*)::int from consultations c where ${UNROUTED_WAITING}
              and (${scope.table ? sql`true` : sql`false`} or ${scope.coordinates ? sql`c.asker_organisation_id = ${scope.organisationId}` : sql`false`}))`
          : sql`0`
      } as unrouted_for_coordination
  `.execute(db);
  return result.rows[0]!;
}

// ── Escalation, retention, hand-over ─────────────────────────────────────────────────────────────

/** Consultations past their due time without a pivot's answer, not yet escalated. */
export function overdueUnescalated(db: Executor, now: Date) {
  return db
    .selectFrom('consultations as c')
    .select(['c.id'])
    .where(OVERDUE(now))
    .where('c.escalated_at', 'is', null)
    .where('c.destroyed_at', 'is', null)
    .orderBy('c.due_at')
    .limit(1000)
    .execute();
}

/** Marks them escalated (those still overdue and unmarked), returning who their coordinators are told of. */
export async function markEscalated(db: Executor, ids: readonly string[], now: Date) {
  if (ids.length === 0) return [];
  return db
    .updateTable('consultations as c')
    .set({ escalated_at: now })
    .where('c.id', 'in', [...ids])
    .where('c.escalated_at', 'is', null)
    .where(OVERDUE(now))
    .returning([
      'c.id',
      'c.lead_organisation_id',
      'c.asker_organisation_id',
      sql<
        string[]
      >`array(select distinct r.organisation_id from consultation_recipients r where r.consultation_id = c.id)`.as(
        'recipient_organisations',
      ),
    ])
    .execute();
}

/**
 * Consultations whose thread is past the retention period: closed or withdrawn before `before`, and
 * those never closed (open, or taken and abandoned) whose last activity — the asking, the taking, the
 * last message — is before it (`greatest` skips the times not set).
 */
export function expiredThreads(db: Executor, before: Date) {
  return db
    .selectFrom('consultations as c')
    .select(['c.id'])
    .where('c.destroyed_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb.and([eb('c.status', '=', 'closed'), eb('c.closed_at', '<', before)]),
        eb.and([eb('c.status', '=', 'withdrawn'), eb('c.withdrawn_at', '<', before)]),
        eb.and([
          eb('c.status', 'in', ['open', 'taken']),
          sql<SqlBool>`greatest(c.created_at, c.taken_at,
            (select max(m.at) from consultation_messages m where m.consultation_id = c.id)) < ${before}`,
        ]),
      ]),
    )
    .limit(2000)
    .execute();
}

/**
 * Destroys the threads: texts, summary, messages, who was asked and who took part; the row stays as a
 * tombstone with urgency, expertise, times and organisations for the figures.
 */
export async function destroyThreads(db: Executor, ids: readonly string[], at: Date): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .updateTable('consultations')
    .set({
      sealed_texts: null,
      sealed_summary: null,
      suggested_service_ids: [],
      asker_person_id: null,
      lead_person_id: null,
      target_person_id: null,
      destroyed_at: at,
      updated_at: at,
    })
    .where('id', 'in', [...ids])
    .where('destroyed_at', 'is', null)
    .returning('id')
    .execute();
  const destroyed = rows.map((r) => r.id);
  if (destroyed.length === 0) return [];
  await db.deleteFrom('consultation_messages').where('consultation_id', 'in', destroyed).execute();
  await db.deleteFrom('consultation_recipients').where('consultation_id', 'in', destroyed).execute();
  await db.deleteFrom('consultation_participants').where('consultation_id', 'in', destroyed).execute();
  return destroyed;
}

/**
 * Taken consultations a person leads for an organisation and open ones routed to them as its pivot
 * (what a hand-over of that organisation moves).
 */
export async function countOpenOf(db: Executor, personId: string, organisationId: string): Promise<number> {
  const row = await db
    .selectFrom('consultations as c')
    .select(sql<number>`count(*)::int`.as('n'))
    .where((eb) =>
      eb.or([
        eb.and([
          eb('c.lead_person_id', '=', personId),
          eb('c.lead_organisation_id', '=', organisationId),
          eb('c.status', '=', 'taken'),
        ]),
        eb.and([
          eb('c.status', '=', 'open'),
          eb.exists(
            eb
              .selectFrom('consultation_recipients as r')
              .select('r.person_id')
              .whereRef('r.consultation_id', '=', 'c.id')
              .where('r.person_id', '=', personId)
              .where('r.organisation_id', '=', organisationId),
          ),
        ]),
      ]),
    )
    .executeTakeFirstOrThrow();
  return row.n;
}

/**
 * Moves the lead of a person's taken consultations for their successor's organisation to the successor,
 * who joins the thread.
 */
export async function moveLead(
  db: Executor,
  fromPersonId: string,
  to: { personId: string; organisationId: string },
  at: Date,
): Promise<string[]> {
  const rows = await db
    .updateTable('consultations')
    .set({
      lead_person_id: to.personId,
      lead_organisation_id: to.organisationId,
      updated_at: at,
      version: sql<number>`version + 1`,
    })
    .where('lead_person_id', '=', fromPersonId)
    .where('lead_organisation_id', '=', to.organisationId)
    .where('status', '=', 'taken')
    .returning('id')
    .execute();
  const ids = rows.map((r) => r.id);
  if (ids.length > 0)
    await db
      .insertInto('consultation_participants')
      .values(
        ids.map((id) => ({
          consultation_id: id,
          person_id: to.personId,
          organisation_id: to.organisationId,
          added_at: at,
          added_by: null,
        })),
      )
      .onConflict((oc) => oc.columns(['consultation_id', 'person_id']).doNothing())
      .execute();
  return ids;
}

/** Open consultations routed to a person who leaves: their successor is asked in their place. */
export async function moveOpenRecipient(
  db: Executor,
  fromPersonId: string,
  to: { personId: string; organisationId: string },
  at: Date,
): Promise<string[]> {
  const rows = await sql<{ consultation_id: string }>`
    update consultation_recipients r
    set person_id = ${to.personId}, organisation_id = ${to.organisationId}, notified_at = ${at}
    where r.person_id = ${fromPersonId}
      and r.organisation_id = ${to.organisationId}
      and exists (select 1 from consultations c where c.id = r.consultation_id and c.status = 'open')
      and not exists (select 1 from consultation_recipients o where o.consultation_id = r.consultation_id and o.person_id = ${to.personId})
    returning r.consultation_id`.execute(db);
  return rows.rows.map((r) => r.consultation_id);
}

// ── Figures ──────────────────────────────────────────────────────────────────────────────────────

/** The non-identifying facts of the consultations asked in a span (tombstones included). */
export function factsBetween(db: Executor, from: string, to: string, timeZone: string) {
  return db
    .selectFrom('consultations as c')
    .select([
      sql<string>`to_char(c.created_at at time zone ${timeZone}, 'YYYY-MM')`.as('month'),
      'c.urgency',
      'c.expertise',
      'c.unrouted',
      'c.status',
      'c.created_at',
      'c.due_at',
      'c.taken_at',
      'c.first_answer_at',
    ])
    .where(sql<boolean>`(c.created_at at time zone ${timeZone})::date between ${from}::date and ${to}::date`)
    .execute();
}

/** The consultation's status, its row locked until the writer's transaction ends. */
export async function lockConsultation(db: Executor, id: string) {
  return db
    .selectFrom('consultations')
    .select(['status', 'destroyed_at', 'first_answer_at', 'lead_person_id', 'knowledge_id'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

/** Adds a pivot to those asked (ranked last) and marks the consultation routed; false when already asked. */
export async function addRecipient(
  db: Executor,
  id: string,
  pivot: { personId: string; organisationId: string },
  at: Date,
): Promise<boolean> {
  const inserted = await sql<{ person_id: string }>`
    insert into consultation_recipients (consultation_id, person_id, organisation_id, rank, notified_at)
    select ${id}, ${pivot.personId}, ${pivot.organisationId},
      coalesce((select max(rank) from consultation_recipients where consultation_id = ${id}), 0) + 1, ${at}
    on conflict (consultation_id, person_id) do nothing
    returning person_id`.execute(db);
  if (inserted.rows.length === 0) return false;
  await db
    .updateTable('consultations')
    .set({ unrouted: false, updated_at: at, version: sql<number>`version + 1` })
    .where('id', '=', id)
    .execute();
  return true;
}

// SQL of the closed-loop referrals: people followed, consents, referrals, their events and the register
// of disclosures. Names of people and organisations come from the accounts module's SQL pieces.

import { type Insertable, sql, type Updateable } from 'kysely';
import { CLOSED_REFERRAL_STATUSES, type ReferralStatus } from '../../../shared/contracts/resources.values.js';
import type { Executor } from '../../platform/db/database.js';
import type { DB } from '../../platform/db/schema.js';
import { organisationName, personName } from '../accounts/index.js';

const OPEN = sql<boolean>`r.status not in ('declined', 'completed', 'cancelled')`;
const CLOSED_LIST = [...CLOSED_REFERRAL_STATUSES];

// ── People followed ──────────────────────────────────────────────────────────────────────────────

export function insertSubject(db: Executor, row: Insertable<DB['referral_subjects']>) {
  return db.insertInto('referral_subjects').values(row).execute();
}

export function findSubject(db: Executor, id: string) {
  return db.selectFrom('referral_subjects').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A person's record read under a row lock, inside the writer's transaction. */
export function lockSubject(db: Executor, id: string) {
  return db.selectFrom('referral_subjects').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function updateSubject(
  db: Executor,
  id: string,
  version: number,
  values: Updateable<DB['referral_subjects']>,
): Promise<boolean> {
  const row = await db
    .updateTable('referral_subjects')
    .set({ ...values, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** The people an organisation follows, newest first, with their open referrals and last referral. */
function subjectsQuery(db: Executor, organisationId: string, kind: 'youth' | 'parent' | undefined) {
  let query = db
    .selectFrom('referral_subjects as s')
    .select([
      's.id',
      's.kind',
      's.sealed_identity',
      's.created_at',
      sql<number>`(select count(*)::int from referrals r where r.subject_id = s.id and ${OPEN})`.as(
        'open_referrals',
      ),
      sql<Date | null>`(select max(r.sent_at) from referrals r where r.subject_id = s.id)`.as(
        'last_referral_at',
      ),
    ])
    .where('s.organisation_id', '=', organisationId)
    .where('s.purged_at', 'is', null);
  if (kind) query = query.where('s.kind', '=', kind);
  return query.orderBy('s.created_at', 'desc').orderBy('s.id');
}

/** One page of the people an organisation follows, and how many there are. */
export async function subjectsPage(
  db: Executor,
  organisationId: string,
  kind: 'youth' | 'parent' | undefined,
  page: { limit: number; offset: number },
) {
  const rows = await subjectsQuery(db, organisationId, kind).limit(page.limit).offset(page.offset).execute();
  let count = db
    .selectFrom('referral_subjects')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('organisation_id', '=', organisationId)
    .where('purged_at', 'is', null);
  if (kind) count = count.where('kind', '=', kind);
  return { rows, total: (await count.executeTakeFirstOrThrow()).n };
}

/** The people an organisation follows whose name index holds every entry (subject-names.ts). */
export function subjectsIndexed(
  db: Executor,
  organisationId: string,
  kind: 'youth' | 'parent' | undefined,
  entries: string[],
) {
  return subjectsQuery(db, organisationId, kind)
    .where(sql<boolean>`s.name_index @> ${sql.val(entries)}::text[]`)
    .execute();
}

// ── Consents ─────────────────────────────────────────────────────────────────────────────────────

export function insertConsent(db: Executor, row: Insertable<DB['referral_consents']>) {
  return db.insertInto('referral_consents').values(row).execute();
}

export function findConsent(db: Executor, id: string) {
  return db.selectFrom('referral_consents').selectAll().where('id', '=', id).executeTakeFirst();
}

export function consentsOf(db: Executor, subjectId: string) {
  return db
    .selectFrom('referral_consents as c')
    .selectAll('c')
    .select([
      organisationName<string>('c.for_organisation_id').as('for_organisation_name'),
      personName('c.recorded_by').as('recorded_by_name'),
    ])
    .where('c.subject_id', '=', subjectId)
    .orderBy('c.recorded_at', 'desc')
    .execute();
}

/** Marks a consent revoked unless it already is; false when it was. */
export async function revokeConsent(db: Executor, id: string, by: string, at: Date): Promise<boolean> {
  const row = await db
    .updateTable('referral_consents')
    .set({ revoked_at: at, revoked_by: by })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function reviewConsent(db: Executor, id: string, by: string, at: Date): Promise<boolean> {
  const row = await db
    .updateTable('referral_consents')
    .set({ reviewed_at: at, reviewed_by: by })
    .where('id', '=', id)
    .where('flagged', '=', true)
    .where('reviewed_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  if (row)
    await db
      .updateTable('referral_disclosures')
      .set({ reviewed_at: at, reviewed_by: by })
      .where('consent_id', '=', id)
      .execute();
  return row !== undefined;
}

// ── Referrals ────────────────────────────────────────────────────────────────────────────────────

export function insertReferral(db: Executor, row: Insertable<DB['referrals']>) {
  return db.insertInto('referrals').values(row).execute();
}

const referralColumns = [
  'r.id',
  'r.subject_id',
  'r.consent_id',
  'r.sender_organisation_id',
  'r.sender_person_id',
  'r.service_id',
  'r.receiving_organisation_id',
  'r.service_name',
  'r.taxonomy',
  'r.logged',
  'r.disclosed_fields',
  'r.sealed_disclosed',
  'r.out_of_region_reason',
  'r.status',
  'r.outcome',
  'r.decline_reason',
  'r.sent_at',
  'r.due_at',
  'r.answered_at',
  'r.first_contact_on',
  'r.escalated_at',
  'r.closed_at',
  'r.version',
] as const;

function referralRows(db: Executor) {
  return db
    .selectFrom('referrals as r')
    .innerJoin('referral_subjects as s', 's.id', 'r.subject_id')
    .leftJoin('referral_consents as c', 'c.id', 'r.consent_id')
    .select(referralColumns)
    .select([
      'c.expires_on as consent_expires_on',
      'c.revoked_at as consent_revoked_at',
      's.kind as subject_kind',
      's.sealed_identity',
      organisationName<string>('r.sender_organisation_id').as('sender_organisation_name'),
      organisationName('r.receiving_organisation_id').as('receiving_organisation_name'),
      personName('r.sender_person_id').as('sender_person_name'),
    ]);
}

export type ReferralRow = Awaited<ReturnType<typeof findReferral>> & {};

export function findReferral(db: Executor, id: string) {
  return referralRows(db).where('r.id', '=', id).executeTakeFirst();
}

export interface ReferralFilter {
  side: 'sent' | 'received';
  organisationId: string;
  statuses?: ReferralStatus[] | undefined;
  open?: boolean | undefined;
  overdueAt?: Date | undefined;
  subjectId?: string | undefined;
  /** Only the referrals this person is in charge of (sent side). */
  senderPersonId?: string | undefined;
  limit: number;
  offset: number;
}

export async function listReferrals(db: Executor, filter: ReferralFilter) {
  let query = referralRows(db);
  query =
    filter.side === 'sent'
      ? query.where('r.sender_organisation_id', '=', filter.organisationId)
      : query.where('r.receiving_organisation_id', '=', filter.organisationId).where('r.logged', '=', false);
  if (filter.statuses?.length) query = query.where('r.status', 'in', filter.statuses);
  if (filter.open) query = query.where('r.status', 'not in', CLOSED_LIST);
  if (filter.overdueAt) query = query.where('r.status', '=', 'sent').where('r.due_at', '<', filter.overdueAt);
  if (filter.subjectId) query = query.where('r.subject_id', '=', filter.subjectId);
  if (filter.senderPersonId) query = query.where('r.sender_person_id', '=', filter.senderPersonId);
  const [rows, count] = await Promise.all([
    query.orderBy('r.sent_at', 'desc').orderBy('r.id').limit(filter.limit).offset(filter.offset).execute(),
    query.clearSelect().select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: count.n };
}

/** Conditional update of a referral (the loser of a race gets nothing back: a 409). */
export async function updateReferral(
  db: Executor,
  id: string,
  version: number,
  values: Updateable<DB['referrals']>,
): Promise<boolean> {
  const row = await db
    .updateTable('referrals')
    .set({ ...values, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Every referral of a person, oldest first (the trajectory). */
export function referralsOfSubject(db: Executor, subjectId: string) {
  return referralRows(db)
    .where('r.subject_id', '=', subjectId)
    .orderBy('r.sent_at')
    .orderBy('r.id')
    .execute();
}

/**
 * The accepted (or in-progress) referrals an organisation holds of a person whose consent still holds on
 * `today` (not withdrawn, not expired), with what each disclosed: none, and the trajectory is closed to it.
 */
export async function acceptedReferralsHeld(
  db: Executor,
  subjectId: string,
  organisationId: string,
  today: string,
) {
  return db
    .selectFrom('referrals as r')
    .innerJoin('referral_consents as c', 'c.id', 'r.consent_id')
    .select(['r.id', 'r.disclosed_fields'])
    .where('r.subject_id', '=', subjectId)
    .where('r.receiving_organisation_id', '=', organisationId)
    .where('r.logged', '=', false)
    .where('r.status', 'in', ['accepted', 'in_progress'])
    .where('c.revoked_at', 'is', null)
    .where('c.expires_on', '>=', today)
    .execute();
}

// ── Events ───────────────────────────────────────────────────────────────────────────────────────

/** Writes events at `at` (the platform's clock, so a timeline and its referral agree). */
export function insertEvents(db: Executor, at: Date, rows: Omit<Insertable<DB['referral_events']>, 'at'>[]) {
  if (rows.length === 0) return Promise.resolve();
  return db
    .insertInto('referral_events')
    .values(rows.map((row) => ({ ...row, at })))
    .execute();
}

export function eventsOf(db: Executor, referralId: string) {
  return db
    .selectFrom('referral_events as e')
    .selectAll('e')
    .select([
      personName('e.actor_person_id').as('actor_name'),
      organisationName('e.actor_organisation_id').as('actor_organisation_name'),
    ])
    .where('e.referral_id', '=', referralId)
    .orderBy('e.at')
    .orderBy('e.seq')
    .execute();
}

// ── Escalation and hand-over ─────────────────────────────────────────────────────────────────────

/** Referrals still waiting for their first answer past their due time, not yet escalated. */
export function overdueUnescalated(db: Executor, at: Date) {
  return db
    .selectFrom('referrals')
    .select(['id', 'receiving_organisation_id', 'sender_person_id', 'version'])
    .where('status', '=', 'sent')
    .where('logged', '=', false)
    .where('escalated_at', 'is', null)
    .where('due_at', '<', at)
    .orderBy('due_at')
    .limit(1000)
    .execute();
}

/** Marks referrals escalated (those still waiting); returns them as they stand now. */
export function markEscalated(db: Executor, ids: string[], at: Date) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .updateTable('referrals')
    .set({ escalated_at: at })
    .where('id', 'in', ids)
    .where('escalated_at', 'is', null)
    .where('status', '=', 'sent')
    .returning(['id', 'receiving_organisation_id', 'sender_person_id'])
    .execute();
}

/** Open referrals a person sent for an organisation. */
export async function countOpenOf(db: Executor, personId: string, organisationId: string): Promise<number> {
  const row = await db
    .selectFrom('referrals as r')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('r.sender_person_id', '=', personId)
    .where('r.sender_organisation_id', '=', organisationId)
    .where(OPEN)
    .executeTakeFirstOrThrow();
  return row.n;
}

/** Hands a person's open referrals sent for an organisation to another person of it. */
export async function moveOpen(
  db: Executor,
  input: { fromPersonId: string; toPersonId: string; organisationId: string },
): Promise<string[]> {
  const rows = await db
    .updateTable('referrals as r')
    .set({ sender_person_id: input.toPersonId, version: sql`r.version + 1` })
    .where('r.sender_person_id', '=', input.fromPersonId)
    .where('r.sender_organisation_id', '=', input.organisationId)
    .where(OPEN)
    .returning('r.id')
    .execute();
  return rows.map((r) => r.id);
}

// ── Register of disclosures ──────────────────────────────────────────────────────────────────────

export function insertDisclosure(db: Executor, row: Insertable<DB['referral_disclosures']>) {
  return db.insertInto('referral_disclosures').values(row).execute();
}

export async function disclosuresFor(
  db: Executor,
  organisationId: string,
  options: { flagged?: boolean | undefined; limit: number; offset: number },
) {
  let query = db
    .selectFrom('referral_disclosures as d')
    .leftJoin('referral_consents as c', 'c.id', 'd.consent_id')
    .where((eb) =>
      eb.or([
        eb('d.from_organisation_id', '=', organisationId),
        eb('d.to_organisation_id', '=', organisationId),
      ]),
    );
  if (options.flagged !== undefined) query = query.where('d.flagged', '=', options.flagged);
  const [rows, count] = await Promise.all([
    query
      .selectAll('d')
      .select([
        'c.sealed_justification',
        personName('d.disclosed_by').as('disclosed_by_name'),
        organisationName<string>('d.from_organisation_id').as('from_organisation_name'),
        organisationName<string>('d.to_organisation_id').as('to_organisation_name'),
      ])
      .orderBy('d.disclosed_at', 'desc')
      .orderBy('d.id')
      .limit(options.limit)
      .offset(options.offset)
      .execute(),
    query.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: count.n };
}

// ── Retention ────────────────────────────────────────────────────────────────────────────────────

/**
 * People followed with no open referral and nothing new since `before` (their record, their last
 * referral sent or closed): what the retention job destroys.
 */
export function subjectsToPurge(db: Executor, before: Date) {
  return db
    .selectFrom('referral_subjects as s')
    .select('s.id')
    .where('s.purged_at', 'is', null)
    .where('s.updated_at', '<', before)
    .where('s.created_at', '<', before)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('referrals as r')
            .select('r.id')
            .whereRef('r.subject_id', '=', 's.id')
            .where((eb) =>
              eb.or([
                // A logged referral keeps nothing of the person outside Filet's own record: it never holds one.
                eb.and([eb('r.logged', '=', false), eb('r.status', 'not in', CLOSED_LIST)]),
                eb('r.sent_at', '>=', before),
                eb('r.closed_at', '>=', before),
              ]),
            ),
        ),
      ),
    )
    .orderBy('s.id')
    .limit(500)
    .execute();
}

/** Destroys what identifies the people followed: identity, notes, justifications, disclosed details. */
export async function purgeSubjects(
  db: Executor,
  ids: string[],
  emptyIdentity: (id: string) => string,
  at: Date,
) {
  if (ids.length === 0) return 0;
  for (const id of ids)
    await db
      .updateTable('referral_subjects')
      .set({
        sealed_identity: emptyIdentity(id),
        gender: null,
        languages: [],
        safe_channels: [],
        do_not_contact: false,
        name_index: [],
        name_index_key: null,
        purged_at: at,
        version: sql`version + 1`,
      })
      .where('id', '=', id)
      .where('purged_at', 'is', null)
      .execute();
  await db
    .updateTable('referral_consents')
    .set({ sealed_justification: null })
    .where('subject_id', 'in', ids)
    .execute();
  const referrals = db.selectFrom('referrals').select('id').where('subject_id', 'in', ids);
  await db
    .updateTable('referrals')
    .set({ sealed_disclosed: null, out_of_region_reason: null })
    .where('subject_id', 'in', ids)
    .execute();
  await db
    .updateTable('referral_events')
    .set({ sealed_note: null })
    .where('referral_id', 'in', referrals)
    .execute();
  return ids.length;
}

/** What waits for a person (home page): counts only. */
export async function countsFor(
  db: Executor,
  input: { personId: string; organisationId: string; receives: boolean; sends: boolean; at: Date },
) {
  const row = await db
    .selectFrom('referrals as r')
    .select([
      sql<number>`count(*) filter (where ${input.receives} and r.receiving_organisation_id = ${input.organisationId} and not r.logged and r.status = 'sent')::int`.as(
        'received_waiting',
      ),
      sql<number>`count(*) filter (where ${input.receives} and r.receiving_organisation_id = ${input.organisationId} and not r.logged and r.status = 'sent' and r.due_at < ${input.at})::int`.as(
        'received_overdue',
      ),
      sql<number>`count(*) filter (where ${input.sends} and r.sender_person_id = ${input.personId} and r.sender_organisation_id = ${input.organisationId} and not r.logged and r.status = 'sent' and r.due_at < ${input.at})::int`.as(
        'sent_overdue',
      ),
      sql<number>`count(*) filter (where ${input.sends} and r.sender_person_id = ${input.personId} and r.sender_organisation_id = ${input.organisationId} and ${OPEN})::int`.as(
        'sent_open',
      ),
    ])
    .where((eb) =>
      eb.or([
        eb('r.receiving_organisation_id', '=', input.organisationId),
        eb('r.sender_organisation_id', '=', input.organisationId),
      ]),
    )
    .executeTakeFirstOrThrow();
  return row;
}

/** A consent read under a row lock, inside the writer's transaction. */
export function lockConsent(db: Executor, id: string) {
  return db
    .selectFrom('referral_consents')
    .select(['id', 'revoked_at'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

/** Wipes the details shared under consents that no longer hold (expired before `today`, or withdrawn). */
export async function wipeLapsedDisclosures(db: Executor, today: string): Promise<number> {
  const rows = await db
    .updateTable('referrals as r')
    .set({ sealed_disclosed: null })
    .where('r.sealed_disclosed', 'is not', null)
    .where('r.consent_id', 'in', (eb) =>
      eb
        .selectFrom('referral_consents as c')
        .select('c.id')
        .where((w) => w.or([w('c.expires_on', '<', today), w('c.revoked_at', 'is not', null)])),
    )
    .returning('r.id')
    .execute();
  return rows.length;
}

/**
 * Cancels every open referral made under a consent in one statement, whatever their version: a
 * withdrawal wins over any move in flight. Returns each referral with the status it had.
 */
export async function cancelUnderConsent(db: Executor, consentId: string, at: Date) {
  const result = await sql<{
    id: string;
    from_status: ReferralStatus;
    receiving_organisation_id: string | null;
  }>`
    with open as (
      select id, status from referrals
      where consent_id = ${consentId} and status not in ('declined', 'completed', 'cancelled')
      for update
    )
    update referrals r
      set status = 'cancelled', closed_at = ${at}, sealed_disclosed = null, updated_at = ${at},
        version = r.version + 1
      from open
      where r.id = open.id
      returning r.id, open.status as from_status, r.receiving_organisation_id`.execute(db);
  return result.rows;
}

/** Open referrals through Filet whose consent expired before `today`: the nightly job cancels them. */
export async function cancelLapsed(db: Executor, today: string, at: Date) {
  const result = await sql<{ id: string; from_status: ReferralStatus }>`
    with lapsed as (
      select r.id, r.status from referrals r join referral_consents c on c.id = r.consent_id
      where not r.logged and r.status not in ('declined', 'completed', 'cancelled')
        and (c.expires_on < ${today}::date or c.revoked_at is not null)
      for update of r
    )
    update referrals r
      set status = 'cancelled', closed_at = ${at}, sealed_disclosed = null, updated_at = ${at},
        version = r.version + 1
      from lapsed
      where r.id = lapsed.id
      returning r.id, lapsed.status as from_status`.execute(db);
  return result.rows;
}

import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.js';
import type { AlertStatus, ArchiveReason, ProfileStatus } from './alerts.rules.js';
import type { AlertTables } from './alerts.table.js';

type Insert<T extends keyof AlertTables> = import('kysely').Insertable<AlertTables[T]>;

// ---------------------------------------------------------------- settings

/** The defaults of migrations 0010 and 0015, used until the table coordination changes them. */
const DEFAULT_SETTINGS = { ack_delay_minutes: 10, purge_after_days: 30, profile_retention_days: 365 };

export async function getSettings(db: Executor) {
  const row = await db
    .selectFrom('alert_settings')
    .select(['ack_delay_minutes', 'purge_after_days', 'profile_retention_days'])
    .where('id', '=', 1)
    .executeTakeFirst();
  return row ?? DEFAULT_SETTINGS;
}

export async function updateSettings(
  db: Executor,
  values: { ack_delay_minutes?: number; purge_after_days?: number; profile_retention_days?: number },
  by: string,
  at: Date,
): Promise<void> {
  await db
    .insertInto('alert_settings')
    .values({ id: 1, ...DEFAULT_SETTINGS, ...values, updated_by: by, updated_at: at })
    .onConflict((oc) => oc.column('id').doUpdateSet({ ...values, updated_by: by, updated_at: at }))
    .execute();
}

// ---------------------------------------------------------------- profiles

const PROFILE_COLUMNS = [
  'id',
  'organisation_id',
  'unit',
  'content',
  'photo_file_id',
  'episode_count',
  'reviewed_at',
  'review_reminded_at',
  'created_by',
  'created_at',
  'updated_at',
  'archived_at',
  'archived_by',
  'archive_reason',
  'archive_note',
] as const;

export function findProfile(db: Executor, id: string) {
  return db.selectFrom('alert_profiles').select(PROFILE_COLUMNS).where('id', '=', id).executeTakeFirst();
}
export type ProfileRow = NonNullable<Awaited<ReturnType<typeof findProfile>>>;

/** An active profile, its row locked until the transaction ends (edits are merged one after the other). */
export function lockActiveProfile(db: Executor, id: string) {
  return db
    .selectFrom('alert_profiles')
    .select(PROFILE_COLUMNS)
    .where('id', '=', id)
    .where('archived_at', 'is', null)
    .forUpdate()
    .executeTakeFirst();
}

/** Profiles of one organisation (never any other's): the active ones, or the archived ones. */
export function listProfiles(db: Executor, organisationId: string, status: ProfileStatus = 'active') {
  return db
    .selectFrom('alert_profiles')
    .select(PROFILE_COLUMNS)
    .where('organisation_id', '=', organisationId)
    .where('archived_at', status === 'active' ? 'is' : 'is not', null)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function insertProfile(db: Executor, row: Insert<'alert_profiles'>): Promise<void> {
  await db.insertInto('alert_profiles').values(row).execute();
}

/** Changes an active profile; false when it is archived (archived profiles are read-only) or gone. */
export async function updateProfile(
  db: Executor,
  id: string,
  values: Partial<{
    unit: string;
    content: string;
    photo_file_id: string | null;
    reviewed_at: Date;
    review_reminded_at: Date | null;
    updated_at: Date;
    episode_count: number;
  }>,
): Promise<boolean> {
  const result = await db
    .updateTable('alert_profiles')
    .set(values)
    .where('id', '=', id)
    .where('archived_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Archives an active profile; false when it was archived already (or is gone). */
export async function archiveProfile(
  db: Executor,
  id: string,
  values: {
    archived_at: Date;
    archived_by: string;
    archive_reason: ArchiveReason;
    archive_note: string | null;
  },
): Promise<boolean> {
  const result = await db
    .updateTable('alert_profiles')
    .set({ ...values, updated_at: values.archived_at })
    .where('id', '=', id)
    .where('archived_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Brings an archived profile back to the active list; false when it was not archived (or is gone). */
export async function restoreProfile(db: Executor, id: string, at: Date): Promise<boolean> {
  const result = await db
    .updateTable('alert_profiles')
    .set({ archived_at: null, archived_by: null, archive_reason: null, archive_note: null, updated_at: at })
    .where('id', '=', id)
    .where('archived_at', 'is not', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Deletes an archived profile (archived before `archivedBefore` when given) and returns what the caller
 * must destroy and audit with it; undefined when it is not archived (restored meanwhile) or gone. The
 * alerts raised from it lose their link (ON DELETE SET NULL); their facts never had one.
 */
export function deleteArchivedProfile(db: Executor, id: string, archivedBefore?: Date) {
  let query = db.deleteFrom('alert_profiles').where('id', '=', id).where('archived_at', 'is not', null);
  if (archivedBefore) query = query.where('archived_at', '<=', archivedBefore);
  return query
    .returning(['id', 'organisation_id', 'photo_file_id', 'archive_reason', 'archived_at', 'episode_count'])
    .executeTakeFirst();
}

/**
 * Notes the review reminder of a profile still active and still due (the update locks its row, so an
 * archive, a review or another run is ordered before or after it). False when the profile is gone,
 * archived, reviewed or reminded meanwhile.
 */
export async function markReviewReminded(
  db: Executor,
  id: string,
  at: Date,
  reviewedBefore: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('alert_profiles')
    .set({ review_reminded_at: at })
    .where('id', '=', id)
    .where('archived_at', 'is', null)
    .where('reviewed_at', '<=', reviewedBefore)
    .where((eb) =>
      eb.or([eb('review_reminded_at', 'is', null), eb('review_reminded_at', '<', eb.ref('reviewed_at'))]),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Archived profiles whose retention period ended (archived at or before `archivedBefore`). */
export function profilesToDestroy(db: Executor, archivedBefore: Date, limit: number) {
  return db
    .selectFrom('alert_profiles')
    .select(['id'])
    .where('archived_at', 'is not', null)
    .where('archived_at', '<=', archivedBefore)
    .orderBy('archived_at')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Active profiles whose review is overdue and who were not reminded since their last review. */
export function profilesDueForReview(db: Executor, reviewedBefore: Date) {
  return db
    .selectFrom('alert_profiles')
    .select(['id', 'organisation_id'])
    .where('archived_at', 'is', null)
    .where('reviewed_at', '<=', reviewedBefore)
    .where((eb) =>
      eb.or([eb('review_reminded_at', 'is', null), eb('review_reminded_at', '<', eb.ref('reviewed_at'))]),
    )
    .orderBy('id')
    .execute();
}

/** Open alert of each profile (the list shows it). */
export async function openAlertsOfProfiles(db: Executor, profileIds: string[]): Promise<Map<string, string>> {
  if (profileIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('alerts')
    .select(['id', 'profile_id'])
    .where('profile_id', 'in', profileIds)
    .where('status', '=', 'open')
    .execute();
  return new Map(rows.map((r) => [r.profile_id!, r.id]));
}

// ---------------------------------------------------------------- alerts

const ALERT_COLUMNS = [
  'a.id',
  'a.profile_id',
  'a.owner_organisation_id',
  'a.police_organisation_id',
  'a.kind',
  'a.status',
  'a.legal_basis',
  'a.without_consent',
  'a.content',
  'a.photo_file_id',
  'a.last_seen_at',
  'a.raised_by',
  'a.raised_at',
  'a.escalated_at',
  'a.closed_at',
  'a.closed_by',
  'a.outcome',
  'a.place_type',
  'a.found_at',
  'a.purge_after',
] as const;

export function findAlert(db: Executor, id: string) {
  return db
    .selectFrom('alerts as a')
    .innerJoin('organisations as o', 'o.id', 'a.owner_organisation_id')
    .select([...ALERT_COLUMNS, 'o.name as owner_name'])
    .where('a.id', '=', id)
    .executeTakeFirst();
}
export type AlertRow = NonNullable<Awaited<ReturnType<typeof findAlert>>>;

/**
 * Locks an open alert's row until the transaction ends and reads it as it is now; undefined when it is
 * absent or no longer open. Acknowledgements and timeline entries take it `share` (they go side by
 * side), the close and the escalation `update`: each waits for the others, so a decision read after
 * the lock cannot be overtaken by one of them.
 */
export function lockOpenAlert(db: Executor, id: string, mode: 'update' | 'share') {
  const query = db
    .selectFrom('alerts as a')
    .innerJoin('organisations as o', 'o.id', 'a.owner_organisation_id')
    .select([...ALERT_COLUMNS, 'o.name as owner_name'])
    .where('a.id', '=', id)
    .where('a.status', '=', 'open');
  return (mode === 'update' ? query.forUpdate(['a']) : query.forShare(['a'])).executeTakeFirst();
}

export async function insertAlert(db: Executor, row: Insert<'alerts'>): Promise<void> {
  await db.insertInto('alerts').values(row).execute();
}

export async function updateAlert(
  db: Executor,
  id: string,
  values: Partial<{
    status: AlertStatus;
    content: string | null;
    photo_file_id: string | null;
    escalated_at: Date;
    closed_at: Date;
    closed_by: string;
    outcome: 'found' | 'returned';
    place_type: string;
    found_at: Date;
    purge_after: Date;
  }>,
): Promise<void> {
  await db.updateTable('alerts').set(values).where('id', '=', id).execute();
}

/** Closes an alert that is still open (its row stays locked until the commit). False when it is not. */
export async function closeAlert(
  db: Executor,
  id: string,
  values: {
    closed_at: Date;
    closed_by: string;
    outcome: 'found' | 'returned';
    place_type: string;
    found_at: Date;
    purge_after: Date;
  },
): Promise<boolean> {
  const result = await db
    .updateTable('alerts')
    .set({ ...values, status: 'closed' })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Alerts a person may list: those of their own organisation (for its staff), those whose recipient
 * organisation is theirs and whose rule they meet (a delivered role, or being an active pivot), and
 * those passed to them one by one. Scoped in SQL: nothing else is loaded.
 */
export function listAlertsFor(
  db: Executor,
  scope: {
    personId: string;
    organisationId: string;
    roles: string[];
    activePivot: boolean;
    ownerOrganisationId: string | null;
  },
  status?: AlertStatus,
) {
  let query = db
    .selectFrom('alerts as a')
    .innerJoin('organisations as o', 'o.id', 'a.owner_organisation_id')
    .select([...ALERT_COLUMNS, 'o.name as owner_name'])
    .where((eb) =>
      eb.or([
        ...(scope.ownerOrganisationId ? [eb('a.owner_organisation_id', '=', scope.ownerOrganisationId)] : []),
        eb(
          'a.id',
          'in',
          eb.selectFrom('alert_recipient_people').select('alert_id').where('person_id', '=', scope.personId),
        ),
        eb(
          'a.id',
          'in',
          eb
            .selectFrom('alert_recipients as r')
            .select('r.alert_id')
            .where('r.organisation_id', '=', scope.organisationId)
            .where((inner) =>
              inner.or([
                inner.and([
                  inner('r.view', '=', 'police'),
                  sql<boolean>`r.roles && ${scope.roles.length > 0 ? scope.roles : ['']}::text[]`,
                ]),
                ...(scope.activePivot ? [inner('r.view', '=', 'pivot')] : []),
              ]),
            ),
        ),
      ]),
    );
  if (status) query = query.where('a.status', '=', status);
  return query.orderBy('a.raised_at', 'desc').orderBy('a.id').limit(200).execute();
}

export async function insertRecipients(db: Executor, rows: Insert<'alert_recipients'>[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('alert_recipients').values(rows).execute();
}

/** Records the people an alert went to, in one statement whatever their number (arrays, not rows of parameters). */
export async function insertRecipientPeople(
  db: Executor,
  rows: Insert<'alert_recipient_people'>[],
): Promise<void> {
  if (rows.length === 0) return;
  await sql`
    insert into alert_recipient_people (alert_id, person_id, organisation_id, reason)
    select * from unnest(
      ${rows.map((r) => r.alert_id)}::uuid[],
      ${rows.map((r) => r.person_id)}::uuid[],
      ${rows.map((r) => r.organisation_id)}::uuid[],
      ${rows.map((r) => r.reason)}::text[]
    )
    on conflict (alert_id, person_id) do nothing`.execute(db);
}

export function recipientsOf(db: Executor, alertIds: string[]) {
  if (alertIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('alert_recipients as r')
    .innerJoin('organisations as o', 'o.id', 'r.organisation_id')
    .select([
      'r.alert_id',
      'r.organisation_id',
      'r.view',
      'r.roles',
      'r.acknowledged_at',
      'r.acknowledged_by',
      'o.name',
    ])
    .where('r.alert_id', 'in', alertIds)
    .orderBy('o.name')
    .execute();
}

export function recipientPerson(db: Executor, alertId: string, personId: string) {
  return db
    .selectFrom('alert_recipient_people')
    .select(['organisation_id', 'reason'])
    .where('alert_id', '=', alertId)
    .where('person_id', '=', personId)
    .executeTakeFirst();
}

export async function recipientPeopleIds(db: Executor, alertId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('alert_recipient_people')
    .select('person_id')
    .where('alert_id', '=', alertId)
    .execute();
  return rows.map((r) => r.person_id);
}

export async function acknowledge(
  db: Executor,
  alertId: string,
  organisationId: string,
  by: string,
  at: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('alert_recipients')
    .set({ acknowledged_at: at, acknowledged_by: by })
    .where('alert_id', '=', alertId)
    .where('organisation_id', '=', organisationId)
    .where('acknowledged_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Open alerts raised before `raisedBefore` whose police service has not acknowledged, not escalated yet. */
export function alertsToEscalate(db: Executor, raisedBefore: Date) {
  return db
    .selectFrom('alerts as a')
    .innerJoin('alert_recipients as r', (join) =>
      join.onRef('r.alert_id', '=', 'a.id').onRef('r.organisation_id', '=', 'a.police_organisation_id'),
    )
    .select(['a.id', 'a.owner_organisation_id', 'a.police_organisation_id'])
    .where('a.status', '=', 'open')
    .where('a.escalated_at', 'is', null)
    .where('a.raised_at', '<=', raisedBefore)
    .where('r.acknowledged_at', 'is', null)
    .orderBy('a.raised_at')
    .execute();
}

export function alertsToPurge(db: Executor, now: Date) {
  return db
    .selectFrom('alerts')
    .select(['id', 'photo_file_id'])
    .where('status', '=', 'closed')
    .where('purge_after', '<=', now)
    .orderBy('purge_after')
    .limit(100)
    .execute();
}

/** The alerts raised from a profile (all closed once the profile is archived), for their purge with it. */
export function alertsOfProfile(db: Executor, profileId: string) {
  return db
    .selectFrom('alerts')
    .select(['id', 'photo_file_id', 'status'])
    .where('profile_id', '=', profileId)
    .execute();
}

/** Deletes an alert; false when it was gone already (another purge got there first). */
export async function deleteAlert(db: Executor, id: string): Promise<boolean> {
  const result = await db.deleteFrom('alerts').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

// ---------------------------------------------------------------- timeline

export async function insertEvent(db: Executor, row: Insert<'alert_events'>): Promise<void> {
  await db.insertInto('alert_events').values(row).execute();
}

export function eventsOf(db: Executor, alertId: string) {
  return db
    .selectFrom('alert_events as e')
    .leftJoin('organisations as o', 'o.id', 'e.organisation_id')
    .select(['e.id', 'e.kind', 'e.body', 'e.at', 'e.author_person_id', 'o.name as organisation_name'])
    .where('e.alert_id', '=', alertId)
    .orderBy('e.at')
    .orderBy('e.id')
    .execute();
}

// ---------------------------------------------------------------- return interview

export async function insertInterview(db: Executor, row: Insert<'alert_return_interviews'>): Promise<void> {
  await db.insertInto('alert_return_interviews').values(row).execute();
}

export function findInterview(db: Executor, alertId: string) {
  return db
    .selectFrom('alert_return_interviews')
    .selectAll()
    .where('alert_id', '=', alertId)
    .executeTakeFirst();
}

export async function recordInterview(
  db: Executor,
  alertId: string,
  values: {
    status: 'done' | 'refused';
    done_at: Date;
    exploitation_risks_screened: boolean | null;
    outcome: string | null;
    recorded_by: string;
  },
): Promise<{ due_at: Date } | undefined> {
  return db
    .updateTable('alert_return_interviews')
    .set(values)
    .where('alert_id', '=', alertId)
    .where('status', '=', 'pending')
    .returning('due_at')
    .executeTakeFirst();
}

// ---------------------------------------------------------------- register of disclosures

export async function insertDisclosures(db: Executor, rows: Insert<'alert_disclosures'>[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('alert_disclosures').values(rows).execute();
}

/** The register, scoped to disclosures made by or to one organisation. */
export function listDisclosures(
  db: Executor,
  organisationId: string,
  filter: { flagged?: boolean | undefined },
) {
  let query = db
    .selectFrom('alert_disclosures as d')
    .innerJoin('organisations as f', 'f.id', 'd.from_organisation_id')
    .innerJoin('organisations as t', 't.id', 'd.to_organisation_id')
    .leftJoin('people as p', 'p.id', 'd.disclosed_by')
    .select([
      'd.id',
      'd.alert_id',
      'd.disclosed_at',
      'd.view',
      'd.fields',
      'd.legal_basis',
      'd.without_consent',
      'd.justification',
      'd.flagged',
      'd.reviewed_at',
      'f.name as from_name',
      't.name as to_name',
      sql<string>`coalesce(p.given_name || ' ' || p.family_name, '')`.as('by_name'),
    ]);
  query = query.where((eb) =>
    eb.or([
      eb('d.from_organisation_id', '=', organisationId),
      eb('d.to_organisation_id', '=', organisationId),
    ]),
  );
  if (filter.flagged !== undefined) query = query.where('d.flagged', '=', filter.flagged);
  return query.orderBy('d.disclosed_at', 'desc').orderBy('d.id').limit(5000).execute();
}

export async function markDisclosureReviewed(
  db: Executor,
  id: string,
  organisationId: string,
  by: string,
  at: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('alert_disclosures')
    .set({ reviewed_at: at, reviewed_by: by })
    .where('id', '=', id)
    .where('from_organisation_id', '=', organisationId)
    .where('flagged', '=', true)
    .where('reviewed_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Whether a flagged disclosure of the organisation was reviewed already (a review that came second). */
export async function disclosureReviewed(db: Executor, id: string, organisationId: string): Promise<boolean> {
  const row = await db
    .selectFrom('alert_disclosures')
    .select('id')
    .where('id', '=', id)
    .where('from_organisation_id', '=', organisationId)
    .where('flagged', '=', true)
    .where('reviewed_at', 'is not', null)
    .executeTakeFirst();
  return row !== undefined;
}

export async function wipeJustifications(db: Executor, alertId: string): Promise<void> {
  await db
    .updateTable('alert_disclosures')
    .set({ justification: null })
    .where('alert_id', '=', alertId)
    .execute();
}

// ---------------------------------------------------------------- de-identified facts

export async function insertFacts(db: Executor, row: Insert<'alert_facts'>): Promise<void> {
  await db.insertInto('alert_facts').values(row).execute();
}

export async function updateFactsInterview(
  db: Executor,
  alertId: string,
  values: { interview_status: string; interview_within_72h: boolean },
): Promise<void> {
  await db.updateTable('alert_facts').set(values).where('alert_id', '=', alertId).execute();
}

export async function unlinkFacts(db: Executor, alertId: string): Promise<void> {
  await db.updateTable('alert_facts').set({ alert_id: null }).where('alert_id', '=', alertId).execute();
}

export function allFacts(db: Executor) {
  return db
    .selectFrom('alert_facts')
    .select(['month', 'minutes_to_police_ack', 'minutes_missing', 'interview_status', 'interview_within_72h'])
    .execute();
}

/** Alerts raised per month, from the open alerts and the facts of closed ones (never double counted). */
export async function alertsPerMonth(db: Executor, timeZone: string) {
  const open = await db
    .selectFrom('alerts')
    .select(
      sql<string>`to_char(date_trunc('month', raised_at at time zone ${timeZone}), 'YYYY-MM')`.as('month'),
    )
    .where('status', '=', 'open')
    .execute();
  const closed = await db
    .selectFrom('alert_facts')
    .select(sql<string>`to_char(month, 'YYYY-MM')`.as('month'))
    .execute();
  const counts = new Map<string, number>();
  for (const row of [...open, ...closed]) counts.set(row.month, (counts.get(row.month) ?? 0) + 1);
  return [...counts.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([month, alerts]) => ({ month, alerts }));
}

/** De-identified facts of the alerts raised in one calendar year (by their month). */
export function factsOfYear(db: Executor, year: number) {
  return db
    .selectFrom('alert_facts')
    .select([
      sql<string>`to_char(month, 'YYYY-MM')`.as('month'),
      'minutes_to_police_ack',
      'minutes_missing',
      'interview_within_72h',
    ])
    .where('month', '>=', `${year}-01-01`)
    .where('month', '<', `${year + 1}-01-01`)
    .execute();
}

/**
 * Counts one more runaway episode on an active profile (kept as a de-identified fact at the close).
 * False when the profile was archived meanwhile: its row lock orders this against archiveProfile.
 */
export async function incrementEpisodes(db: Executor, profileId: string): Promise<boolean> {
  const result = await db
    .updateTable('alert_profiles')
    .set({ episode_count: sql<number>`episode_count + 1` })
    .where('id', '=', profileId)
    .where('archived_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Widens who receives an alert in a recipient organisation (escalation). */
export async function setRecipientRoles(
  db: Executor,
  alertId: string,
  organisationId: string,
  roles: string[],
): Promise<void> {
  await db
    .updateTable('alert_recipients')
    .set({ roles })
    .where('alert_id', '=', alertId)
    .where('organisation_id', '=', organisationId)
    .execute();
}

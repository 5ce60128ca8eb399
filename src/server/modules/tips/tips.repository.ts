import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.js';
import type { Channel, Disposition, Priority, TipStatus } from './tips.table.js';

/** SQL of the tips module. Content columns come and go encrypted: the service seals and opens them. */

export interface TipRow {
  id: string;
  service_id: string;
  channel: Channel;
  source: 'web' | 'phone';
  content: string;
  status: TipStatus;
  priority: Priority;
  category: Channel;
  unit_id: string | null;
  has_identity: boolean;
  received_at: Date;
  tipster_access_until: Date;
  expires_at: string;
  disposition: Disposition | null;
  disposition_note: string | null;
  copied_unit_ids: string[];
  linked_tip_ids: string[];
}

export interface TipSummaryRow {
  id: string;
  channel: Channel;
  source: 'web' | 'phone';
  status: TipStatus;
  priority: Priority;
  category: Channel;
  unit_id: string | null;
  received_at: Date;
  expires_at: string;
  unread_answers: number;
}

export async function insertTip(
  db: Executor,
  values: {
    id: string;
    service_id: string;
    channel: Channel;
    source: 'web' | 'phone';
    receipt_hash: string;
    content: string;
    received_at: Date;
    tipster_access_until: Date;
    expires_at: string;
    has_identity: boolean;
    entered_by: string | null;
  },
): Promise<void> {
  await db
    .insertInto('tips')
    .values({ ...values, category: values.channel })
    .execute();
}

export async function insertIdentity(db: Executor, tipId: string, contact: string): Promise<void> {
  await db.insertInto('tip_identities').values({ tip_id: tipId, contact }).execute();
}

export async function findIdentity(db: Executor, tipId: string): Promise<string | null> {
  const row = await db
    .selectFrom('tip_identities')
    .select('contact')
    .where('tip_id', '=', tipId)
    .executeTakeFirst();
  return row?.contact ?? null;
}

/** The units a person belongs to. */
export async function unitsOf(db: Executor, personId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('tip_unit_members')
    .select('unit_id')
    .where('person_id', '=', personId)
    .execute();
  return rows.map((r) => r.unit_id);
}

export async function findTip(db: Executor, id: string): Promise<TipRow | undefined> {
  return db
    .selectFrom('tips as t')
    .select([
      't.id',
      't.service_id',
      't.channel',
      't.source',
      't.content',
      't.status',
      't.priority',
      't.category',
      't.unit_id',
      't.has_identity',
      't.received_at',
      't.tipster_access_until',
      't.expires_at',
      't.disposition',
      't.disposition_note',
      sql<
        string[]
      >`coalesce((select array_agg(c.unit_id::text) from tip_unit_copies c where c.tip_id = t.id), '{}')`.as(
        'copied_unit_ids',
      ),
      sql<string[]>`coalesce((select array_agg(case when l.tip_a = t.id then l.tip_b else l.tip_a end::text)
        from tip_links l where l.tip_a = t.id or l.tip_b = t.id), '{}')`.as('linked_tip_ids'),
    ])
    .where('t.id', '=', id)
    .executeTakeFirst();
}

/** Locks a tip's row until the transaction ends and reads it as it is now (triage decides on it). */
export async function lockTip(db: Executor, id: string): Promise<TipRow | undefined> {
  const locked = await db.selectFrom('tips').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
  return locked ? findTip(db, id) : undefined;
}

export async function findTipIdByReceiptHash(
  db: Executor,
  hash: string,
): Promise<{ id: string; tipster_access_until: Date } | undefined> {
  return db
    .selectFrom('tips')
    .select(['id', 'tipster_access_until'])
    .where('receipt_hash', '=', hash)
    .executeTakeFirst();
}

export async function touchTipsterAccess(db: Executor, id: string, until: Date): Promise<void> {
  await db.updateTable('tips').set({ tipster_access_until: until }).where('id', '=', id).execute();
}

/**
 * The queue: an analyst's whole service, or the tips of an investigator's units (responsible or
 * copied). Forbidden rows are never loaded.
 */
export async function listTips(
  db: Executor,
  scope: { serviceId: string } | { unitIds: string[] },
  filter: { status?: TipStatus | undefined; channel?: Channel | undefined },
): Promise<TipSummaryRow[]> {
  let query = db.selectFrom('tips as t').select([
    't.id',
    't.channel',
    't.source',
    't.status',
    't.priority',
    't.category',
    't.unit_id',
    't.received_at',
    't.expires_at',
    sql<number>`(select count(*)::int from tip_messages m where m.tip_id = t.id and m.author = 'tipster'
        and m.position > coalesce((select max(q.position) from tip_messages q
          where q.tip_id = t.id and q.author = 'police'), 0))`.as('unread_answers'),
  ]);
  if ('serviceId' in scope) {
    query = query.where('t.service_id', '=', scope.serviceId);
  } else {
    if (scope.unitIds.length === 0) return [];
    query = query.where((eb) =>
      eb.or([
        eb('t.unit_id', 'in', scope.unitIds),
        eb.exists(
          eb
            .selectFrom('tip_unit_copies as c')
            .select('c.tip_id')
            .whereRef('c.tip_id', '=', 't.id')
            .where('c.unit_id', 'in', scope.unitIds),
        ),
      ]),
    );
  }
  if (filter.status) query = query.where('t.status', '=', filter.status);
  if (filter.channel) query = query.where('t.channel', '=', filter.channel);
  return query
    .orderBy(sql`case t.priority when 'urgent' then 0 when 'high' then 1 when 'normal' then 2 else 3 end`)
    .orderBy('t.received_at', 'desc')
    .orderBy('t.id')
    .limit(500)
    .execute();
}

export async function updateTriage(
  db: Executor,
  id: string,
  values: Partial<{
    status: TipStatus;
    priority: Priority;
    category: Channel;
    unit_id: string | null;
    disposition: Disposition | null;
    disposition_note: string | null;
  }>,
): Promise<void> {
  if (Object.keys(values).length === 0) return;
  await db.updateTable('tips').set(values).where('id', '=', id).execute();
}

export async function replaceCopies(db: Executor, tipId: string, unitIds: string[]): Promise<void> {
  await db.deleteFrom('tip_unit_copies').where('tip_id', '=', tipId).execute();
  if (unitIds.length > 0) {
    await db
      .insertInto('tip_unit_copies')
      .values(unitIds.map((unit_id) => ({ tip_id: tipId, unit_id })))
      .execute();
  }
}

export async function insertMessage(
  db: Executor,
  values: {
    id: string;
    tip_id: string;
    author: 'police' | 'tipster';
    author_person_id: string | null;
    body: string;
    created_at: Date;
  },
): Promise<void> {
  // Serialises the messages of one tip: the row lock makes the next position unique.
  await db.selectFrom('tips').select('id').where('id', '=', values.tip_id).forUpdate().execute();
  const last = await db
    .selectFrom('tip_messages')
    .select(sql<number>`coalesce(max(position), 0)::int`.as('n'))
    .where('tip_id', '=', values.tip_id)
    .executeTakeFirstOrThrow();
  await db
    .insertInto('tip_messages')
    .values({ ...values, position: last.n + 1 })
    .execute();
}

export async function listMessages(db: Executor, tipId: string, author?: 'police' | 'tipster') {
  let query = db
    .selectFrom('tip_messages')
    .select(['id', 'author', 'author_person_id', 'body', 'created_at'])
    .where('tip_id', '=', tipId);
  if (author) query = query.where('author', '=', author);
  return query.orderBy('position').execute();
}

export async function linkTips(db: Executor, a: string, b: string): Promise<void> {
  const [tip_a, tip_b] = a < b ? [a, b] : [b, a];
  await db
    .insertInto('tip_links')
    .values({ tip_a, tip_b })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export interface UnitRow {
  id: string;
  service_id: string;
  name: string;
  member_ids: string[];
}

export async function listUnits(db: Executor, serviceId: string): Promise<UnitRow[]> {
  return db
    .selectFrom('tip_units as u')
    .select([
      'u.id',
      'u.service_id',
      'u.name',
      sql<
        string[]
      >`coalesce((select array_agg(m.person_id::text) from tip_unit_members m where m.unit_id = u.id), '{}')`.as(
        'member_ids',
      ),
    ])
    .where('u.service_id', '=', serviceId)
    .orderBy('u.name')
    .execute();
}

export async function unitsByIds(
  db: Executor,
  ids: string[],
): Promise<Array<{ id: string; service_id: string }>> {
  if (ids.length === 0) return [];
  return db.selectFrom('tip_units').select(['id', 'service_id']).where('id', 'in', ids).execute();
}

export async function unitNameTaken(db: Executor, serviceId: string, name: string): Promise<boolean> {
  const row = await db
    .selectFrom('tip_units')
    .select('id')
    .where('service_id', '=', serviceId)
    .where('name', '=', name)
    .executeTakeFirst();
  return Boolean(row);
}

export async function insertUnit(
  db: Executor,
  values: { service_id: string; name: string; memberIds: string[] },
): Promise<string> {
  const row = await db
    .insertInto('tip_units')
    .values({ service_id: values.service_id, name: values.name })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (values.memberIds.length > 0) {
    await db
      .insertInto('tip_unit_members')
      .values(values.memberIds.map((person_id) => ({ unit_id: row.id, person_id })))
      .execute();
  }
  return row.id;
}

/** Tips whose retention date has passed, with what the de-identified counts keep of them. */
export async function expiredTips(db: Executor, today: string, limit: number) {
  return db
    .selectFrom('tips')
    .select(['id', 'channel', 'status', 'received_at'])
    .where('expires_at', '<', today)
    .orderBy('expires_at')
    .limit(limit)
    .execute();
}

export async function addCounts(
  db: Executor,
  rows: Array<{ month: string; channel: string; outcome: string; count: number }>,
): Promise<void> {
  for (const row of rows) {
    await db
      .insertInto('tip_counts')
      .values(row)
      .onConflict((oc) =>
        oc
          .columns(['month', 'channel', 'outcome'])
          .doUpdateSet({ count: sql`tip_counts.count + ${row.count}` }),
      )
      .execute();
  }
}

export async function insertAttachment(db: Executor, tipId: string, fileId: string): Promise<void> {
  await db.insertInto('tip_attachments').values({ tip_id: tipId, file_id: fileId }).execute();
}

export async function listAttachments(db: Executor, tipId: string) {
  return db
    .selectFrom('tip_attachments as a')
    .innerJoin('files as f', 'f.id', 'a.file_id')
    .select(['f.id', 'f.filename', 'f.mime_type', 'f.size_bytes'])
    .where('a.tip_id', '=', tipId)
    .orderBy('f.filename')
    .execute();
}

/** One attachment's stored file (sealed), if it belongs to the tip. */
/** Whether a file is one of a tip's attachments (the file itself is read through the file store). */
export async function isAttachmentOf(db: Executor, tipId: string, fileId: string): Promise<boolean> {
  const row = await db
    .selectFrom('tip_attachments')
    .select('file_id')
    .where('tip_id', '=', tipId)
    .where('file_id', '=', fileId)
    .executeTakeFirst();
  return Boolean(row);
}

/** The files of some tips (to destroy them with the tips). */
export async function attachmentFileIds(db: Executor, tipIds: string[]): Promise<string[]> {
  if (tipIds.length === 0) return [];
  const rows = await db
    .selectFrom('tip_attachments')
    .select('file_id')
    .where('tip_id', 'in', tipIds)
    .execute();
  return rows.map((r) => r.file_id);
}

export async function deleteTips(db: Executor, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.deleteFrom('tips').where('id', 'in', ids).execute();
}

/**
 * De-identified counts for a calendar year: live tips grouped by month (region's time), channel and
 * outcome, plus the counts kept from destroyed tips.
 */
export async function yearCounts(db: Executor, year: number, timeZone: string) {
  const live = await db
    .selectFrom('tips')
    .select([
      sql<string>`to_char(received_at at time zone ${timeZone}, 'YYYY-MM')`.as('month'),
      'channel',
      'status as outcome',
      sql<number>`count(*)::int`.as('count'),
    ])
    .where(sql`extract(year from received_at at time zone ${timeZone})`, '=', year)
    .groupBy(['month', 'channel', 'status'])
    .execute();
  const kept = await db
    .selectFrom('tip_counts')
    .select([sql<string>`to_char(month, 'YYYY-MM')`.as('month'), 'channel', 'outcome', 'count'])
    .where(sql`extract(year from month)`, '=', year)
    .execute();
  return [...live, ...kept];
}

// ——— Retention periods ———

/** The periods a service set (channels without a row keep the default). */
export async function retentionPeriods(
  db: Executor,
  serviceId: string,
): Promise<Array<{ channel: Channel; days: number; updated_at: Date }>> {
  return db
    .selectFrom('tip_retention_periods')
    .select(['channel', 'days', 'updated_at'])
    .where('service_id', '=', serviceId)
    .execute();
}

export async function retentionPeriod(
  db: Executor,
  serviceId: string,
  channel: Channel,
): Promise<number | null> {
  const row = await db
    .selectFrom('tip_retention_periods')
    .select('days')
    .where('service_id', '=', serviceId)
    .where('channel', '=', channel)
    .executeTakeFirst();
  return row?.days ?? null;
}

export async function upsertRetentionPeriod(
  db: Executor,
  values: { service_id: string; channel: Channel; days: number; updated_at: Date; updated_by: string },
): Promise<void> {
  await db
    .insertInto('tip_retention_periods')
    .values(values)
    .onConflict((oc) =>
      oc.columns(['service_id', 'channel']).doUpdateSet({
        days: values.days,
        updated_at: values.updated_at,
        updated_by: values.updated_by,
      }),
    )
    .execute();
}

/**
 * Gives every existing tip of a service and channel the expiry date of a new period, counted from its
 * (hour-rounded) receipt, in UTC days like the date set at intake. Returns how many tips changed.
 */
export async function reapplyRetention(
  db: Executor,
  serviceId: string,
  channel: Channel,
  days: number,
): Promise<number> {
  const result = await db
    .updateTable('tips')
    .set({
      expires_at: sql<string>`((received_at at time zone 'UTC')::date + ${days}::int)`,
    })
    .where('service_id', '=', serviceId)
    .where('channel', '=', channel)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

// ——— Internal notes ———

export async function insertNote(
  db: Executor,
  values: { id: string; tip_id: string; author_person_id: string; body: string; created_at: Date },
): Promise<void> {
  await db.insertInto('tip_notes').values(values).execute();
}

export async function listNotes(db: Executor, tipId: string) {
  return db
    .selectFrom('tip_notes')
    .select(['id', 'author_person_id', 'body', 'created_at'])
    .where('tip_id', '=', tipId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

// ——— Digest ———

/**
 * Marks a service's tips not yet announced as announced and returns how many there were.
 * Rows are locked so two processes running the digest never announce the same tips twice.
 */
export async function servicesWithUnannounced(db: Executor): Promise<string[]> {
  const rows = await db
    .selectFrom('tips')
    .select('service_id')
    .distinct()
    .where('announced', '=', false)
    .execute();
  return rows.map((r) => r.service_id);
}

export async function takeUnannounced(db: Executor, serviceId: string): Promise<number> {
  const rows = await db
    .selectFrom('tips')
    .select(['id', 'service_id'])
    .where('announced', '=', false)
    .where('service_id', '=', serviceId)
    .forUpdate()
    .skipLocked()
    .execute();
  if (rows.length === 0) return 0;
  await db
    .updateTable('tips')
    .set({ announced: true })
    .where(
      'id',
      'in',
      rows.map((r) => r.id),
    )
    .execute();
  return rows.length;
}

// ——— Units ———

/** A unit; `forUpdate` holds its row until the transaction ends (changes to it queue behind). */
export async function findUnit(db: Executor, id: string, options: { forUpdate?: boolean } = {}) {
  const query = db.selectFrom('tip_units').select(['id', 'service_id', 'name']).where('id', '=', id);
  return (options.forUpdate ? query.forUpdate() : query).executeTakeFirst();
}

export async function renameUnit(db: Executor, id: string, name: string): Promise<void> {
  await db.updateTable('tip_units').set({ name }).where('id', '=', id).execute();
}

export async function replaceMembers(db: Executor, unitId: string, personIds: string[]): Promise<void> {
  await db.deleteFrom('tip_unit_members').where('unit_id', '=', unitId).execute();
  if (personIds.length > 0) {
    await db
      .insertInto('tip_unit_members')
      .values(personIds.map((person_id) => ({ unit_id: unitId, person_id })))
      .execute();
  }
}

/** Whether another unit of the service already has this name. */
export async function unitNameTakenByOther(
  db: Executor,
  serviceId: string,
  name: string,
  unitId: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('tip_units')
    .select('id')
    .where('service_id', '=', serviceId)
    .where('name', '=', name)
    .where('id', '!=', unitId)
    .executeTakeFirst();
  return Boolean(row);
}

import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.js';
import type { Channel, Disposition, Priority, TipStatus } from './tips.table.js';

/**
 * SQL of the tip record as the police desk works on it: the tip and its identity vault, the queue,
 * triage, links, attachments and internal notes. Content columns come and go encrypted: the services
 * seal and open them.
 */

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

export async function linkTips(db: Executor, a: string, b: string): Promise<void> {
  const [tip_a, tip_b] = a < b ? [a, b] : [b, a];
  await db
    .insertInto('tip_links')
    .values({ tip_a, tip_b })
    .onConflict((oc) => oc.doNothing())
    .execute();
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

import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.js';

/** SQL of the dialogue with the tipster: finding a tip by its receipt, the tipster's access, the messages. */

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

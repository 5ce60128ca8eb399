/**
 * A person's list of in-app notifications (what the bell menu shows): the latest ones, how many are
 * unread, and marking them read. A person only ever reaches their own rows.
 */
import type { Executor } from '../db/database.js';

export interface NotificationView {
  id: string;
  kind: string;
  params: Record<string, string | number>;
  link: string | null;
  createdAt: Date;
  readAt: Date | null;
}

/** The person's latest notifications (newest first) and how many of all theirs are unread. */
export async function listNotifications(
  db: Executor,
  personId: string,
  limit = 50,
): Promise<{ items: NotificationView[]; unread: number }> {
  const rows = await db
    .selectFrom('notifications')
    .select(['id', 'kind', 'params', 'link', 'created_at', 'read_at'])
    .where('person_id', '=', personId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  const unread = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('person_id', '=', personId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return {
    items: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      params: r.params ?? {},
      link: r.link,
      createdAt: r.created_at,
      readAt: r.read_at,
    })),
    unread: Number(unread.n),
  };
}

/**
 * Marks one of the person's notifications read. Returns false when the person has no notification
 * with that id (someone else's looks exactly like a missing one).
 */
export async function markNotificationRead(
  db: Executor,
  personId: string,
  id: string,
  at: Date,
): Promise<boolean> {
  const found = await db
    .selectFrom('notifications')
    .select('read_at')
    .where('id', '=', id)
    .where('person_id', '=', personId)
    .executeTakeFirst();
  if (!found) return false;
  if (!found.read_at) {
    await db
      .updateTable('notifications')
      .set({ read_at: at })
      .where('id', '=', id)
      .where('person_id', '=', personId)
      .where('read_at', 'is', null)
      .execute();
  }
  return true;
}

/** Marks every unread notification of the person read; returns how many changed. */
export async function markAllNotificationsRead(db: Executor, personId: string, at: Date): Promise<number> {
  const result = await db
    .updateTable('notifications')
    .set({ read_at: at })
    .where('person_id', '=', personId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

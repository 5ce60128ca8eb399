import { sql } from 'kysely';
import type { Locale } from '../../../shared/roles.js';
import type { Executor } from '../../platform/db/database.js';

/**
 * The reminder jobs' SQL: who is due a reminder before their session or before their certificate
 * expires, each marked once sent.
 */

/** Confirmed registrations of sessions starting in the window, not yet reminded. */
export async function dueReminders(
  db: Executor,
  from: Date,
  to: Date,
): Promise<
  Array<{
    id: string;
    session_id: string;
    email: string;
    full_name: string;
    locale: Locale;
    course_title_fr: string;
    course_title_en: string;
    starts_at: Date;
    place: string | null;
    video_url: string | null;
  }>
> {
  return db
    .selectFrom('training_registrations as r')
    .innerJoin('training_participants as p', 'p.id', 'r.participant_id')
    .innerJoin('training_sessions as s', 's.id', 'r.session_id')
    .innerJoin('training_courses as c', 'c.id', 's.course_id')
    .innerJoin(
      (eb) =>
        eb
          .selectFrom('training_session_days')
          .select(['session_id', sql<Date>`min(starts_at)`.as('starts_at')])
          .groupBy('session_id')
          .as('f'),
      (join) => join.onRef('f.session_id', '=', 's.id'),
    )
    .select([
      'r.id',
      'r.session_id',
      'p.email',
      'p.full_name',
      'p.locale',
      'c.title_fr as course_title_fr',
      'c.title_en as course_title_en',
      'f.starts_at',
      's.place',
      's.video_url',
    ])
    .where('r.status', '=', 'confirmed')
    .where('r.reminded_at', 'is', null)
    .where('s.status', '=', 'planned')
    .where('f.starts_at', '>', from)
    .where('f.starts_at', '<=', to)
    .limit(1000)
    .execute();
}

/**
 * Notes the reminder of confirmed registrations not reminded yet; returns the ids this call marked
 * (those another run marked first are left out, so each reminder goes once).
 */
export async function markReminded(db: Executor, ids: readonly string[], now: Date): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .updateTable('training_registrations')
    .set({ reminded_at: now })
    .where('id', 'in', [...ids])
    .where('status', '=', 'confirmed')
    .where('reminded_at', 'is', null)
    .returning('id')
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** Forgets the reminders already sent for a session's registrations (its dates moved). */
export async function clearReminders(db: Executor, sessionId: string): Promise<void> {
  await db
    .updateTable('training_registrations')
    .set({ reminded_at: null })
    .where('session_id', '=', sessionId)
    .where('reminded_at', 'is not', null)
    .execute();
}

export async function expiringCertificates(
  db: Executor,
  until: string,
): Promise<
  Array<{
    id: string;
    email: string;
    full_name: string;
    locale: Locale;
    course_title_fr: string;
    course_title_en: string;
    expires_on: string;
    source: string;
    certificate_code: string | null;
  }>
> {
  return db
    .selectFrom('training_completions as k')
    .innerJoin('training_participants as p', 'p.id', 'k.participant_id')
    .innerJoin('training_courses as c', 'c.id', 'k.course_id')
    .select([
      'k.id',
      'p.email',
      'p.full_name',
      'p.locale',
      'p.source',
      'k.certificate_code',
      'c.title_fr as course_title_fr',
      'c.title_en as course_title_en',
      'k.expires_on',
    ])
    .where('k.expires_on', 'is not', null)
    .where('k.expires_on', '<=', until)
    .where('k.expiry_reminded_at', 'is', null)
    .where('p.source', '<>', 'history')
    .limit(1000)
    .execute()
    .then((rows) => rows.map((r) => ({ ...r, expires_on: r.expires_on! })));
}

/** Notes the expiry reminder of completions not reminded yet; returns the ids this call marked. */
export async function markExpiryReminded(
  db: Executor,
  ids: readonly string[],
  now: Date,
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .updateTable('training_completions')
    .set({ expiry_reminded_at: now })
    .where('id', 'in', [...ids])
    .where('expiry_reminded_at', 'is', null)
    .returning('id')
    .execute();
  return new Set(rows.map((r) => r.id));
}

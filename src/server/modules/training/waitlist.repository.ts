import type { Locale } from '../../../shared/roles.js';
import type { Executor } from '../../platform/db/database.js';

/** The wait list's SQL: who is next in line for a session, and the offers left unanswered. */

export interface WaitingRow {
  id: string;
  queue_number: number;
  link_version: number;
  email: string;
  full_name: string;
  locale: Locale;
  person_id: string | null;
}

export async function waitlist(db: Executor, sessionId: string, limit: number): Promise<WaitingRow[]> {
  if (limit <= 0) return [];
  const rows = await db
    .selectFrom('training_registrations as r')
    .innerJoin('training_participants as p', 'p.id', 'r.participant_id')
    .select(['r.id', 'r.queue_number', 'r.link_version', 'p.email', 'p.full_name', 'p.locale', 'p.person_id'])
    .where('r.session_id', '=', sessionId)
    .where('r.status', '=', 'waitlisted')
    .orderBy('r.queue_number')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...r, queue_number: r.queue_number ?? 0 }));
}

export async function expiredOffers(
  db: Executor,
  now: Date,
): Promise<Array<{ id: string; session_id: string }>> {
  return db
    .selectFrom('training_registrations')
    .select(['id', 'session_id'])
    .where('status', '=', 'offered')
    .where('offer_expires_at', '<=', now)
    .orderBy('offer_expires_at')
    .limit(500)
    .execute();
}

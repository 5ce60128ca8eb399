import type { Executor } from '../../platform/db/database.js';
import { ATTENDED, answeredOutside, daySpans, lastEnd } from './questionnaires.queries.js';

/**
 * The SQL of telling participants that an evaluation is open: who is due the notice or the e-mail,
 * each claimed once.
 */

/**
 * Participants (Filet people with a confirmed seat) of sessions that ended between `since` and `now`,
 * not yet told that the evaluation is open and who have not answered it.
 */
export async function evaluationsToAnnounce(
  db: Executor,
  since: Date,
  now: Date,
): Promise<Array<{ session_id: string; course_id: string; course_code: string; person_id: string }>> {
  const rows = await db
    .selectFrom('training_sessions as s')
    .innerJoin('training_courses as c', 'c.id', 's.course_id')
    .innerJoin('training_registrations as g', 'g.session_id', 's.id')
    .innerJoin('training_participants as p', 'p.id', 'g.participant_id')
    .select(['s.id as session_id', 's.course_id', 'c.code as course_code', 'p.person_id'])
    .where('s.status', '<>', 'cancelled')
    .where('g.status', '=', 'confirmed')
    .where('p.person_id', 'is not', null)
    .where((eb) => eb(lastEnd(eb), '<=', now))
    .where((eb) => eb(lastEnd(eb), '>=', since))
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('questionnaire_evaluation_notices as n')
            .select('n.person_id')
            .whereRef('n.session_id', '=', 's.id')
            .whereRef('n.person_id', '=', 'p.person_id'),
        ),
      ),
    )
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('questionnaire_responses as r')
            .select('r.id')
            .whereRef('r.session_id', '=', 's.id')
            .whereRef('r.person_id', '=', 'p.person_id'),
        ),
      ),
    )
    .orderBy('s.id')
    .orderBy('p.person_id')
    .limit(2000)
    .execute();
  return rows.flatMap((r) => (r.person_id ? [{ ...r, person_id: r.person_id }] : []));
}

/**
 * Notes that these people were told their session's evaluation is open; returns the notices this call
 * wrote (one another run wrote first is left out, so nobody is told twice).
 */
export async function insertEvaluationNotices(
  db: Executor,
  rows: ReadonlyArray<{ session_id: string; person_id: string }>,
  at: Date,
): Promise<Array<{ session_id: string; person_id: string }>> {
  if (rows.length === 0) return [];
  return db
    .insertInto('questionnaire_evaluation_notices')
    .values(rows.map((r) => ({ ...r, notified_at: at })))
    .onConflict((oc) => oc.doNothing())
    .returning(['session_id', 'person_id'])
    .execute();
}

export interface OutsideInvitationRow {
  registration_id: string;
  link_version: number;
  session_id: string;
  course_id: string;
  course_title_fr: string;
  course_title_en: string;
  first_start: Date;
  last_end: Date;
  email: string;
  full_name: string;
  locale: 'fr-CA' | 'en-CA';
}

/** Outside participants' confirmed registrations that attended a session not cancelled, not answered. */
function outsideInvitations(db: Executor) {
  return db
    .selectFrom('training_registrations as g')
    .innerJoin('training_participants as p', 'p.id', 'g.participant_id')
    .innerJoin('training_sessions as s', 's.id', 'g.session_id')
    .innerJoin('training_courses as c', 'c.id', 's.course_id')
    .innerJoin(daySpans(db), (join) => join.onRef('d.session_id', '=', 's.id'))
    .select([
      'g.id as registration_id',
      'g.link_version',
      's.id as session_id',
      's.course_id',
      'c.title_fr as course_title_fr',
      'c.title_en as course_title_en',
      'd.first_start',
      'd.last_end',
      'p.email',
      'p.full_name',
      'p.locale',
    ])
    .where('p.source', '=', 'invited')
    .where('g.status', '=', 'confirmed')
    .where('s.status', '<>', 'cancelled')
    .where(ATTENDED)
    .where((eb) => eb.not(answeredOutside(eb)));
}

/**
 * Outside participants who attended a session that ended between `since` and `now`, not yet sent the
 * link to its evaluation and who have not answered it.
 */
export async function outsideEvaluationsToInvite(
  db: Executor,
  since: Date,
  now: Date,
): Promise<OutsideInvitationRow[]> {
  const rows = await outsideInvitations(db)
    .where('g.evaluation_invited_at', 'is', null)
    .where('d.last_end', '<=', now)
    .where('d.last_end', '>=', since)
    .orderBy('g.id')
    .limit(2000)
    .execute();
  return rows as OutsideInvitationRow[];
}

/**
 * Among these registrations, those of outside participants already sent the link to an evaluation
 * they have not answered, of a session that ended between `since` and `now` (their link still valid).
 */
export async function outsideEvaluationsToResend(
  db: Executor,
  registrationIds: readonly string[],
  since: Date,
  now: Date,
): Promise<OutsideInvitationRow[]> {
  if (registrationIds.length === 0) return [];
  const rows = await outsideInvitations(db)
    .where('g.id', 'in', [...registrationIds])
    .where('g.evaluation_invited_at', 'is not', null)
    .where('d.last_end', '<=', now)
    .where('d.last_end', '>', since)
    .orderBy('g.id')
    .execute();
  return rows as OutsideInvitationRow[];
}

/** Notes the evaluation e-mail of registrations not invited yet; returns the ids this call marked. */
export async function markEvaluationInvited(
  db: Executor,
  registrationIds: readonly string[],
  at: Date,
): Promise<Set<string>> {
  if (registrationIds.length === 0) return new Set();
  const rows = await db
    .updateTable('training_registrations')
    .set({ evaluation_invited_at: at })
    .where('id', 'in', [...registrationIds])
    .where('evaluation_invited_at', 'is', null)
    .returning('id')
    .execute();
  return new Set(rows.map((r) => r.id));
}

import type { Transaction } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import type { EmailMessage } from '../../platform/notify/notify.js';
import type { Platform } from '../../platform/platform.js';
import * as repo from './evaluation-announcements.repository.js';
import * as designRepo from './questionnaire-design.repository.js';
import { makeLink } from './training.links.js';

/**
 * Telling participants that a session's evaluation is open: members in the app, outside participants
 * by e-mail with their personal link; sent again when their address is corrected.
 */

/** How far back a session's end may lie for its participants still to be told the evaluation is open. */
const ANNOUNCE_WINDOW_MS = 14 * 86_400_000;

/** How long after a session's last day an outside participant's evaluation link stays valid. */
export const OUTSIDE_EVALUATION_LINK_MS = 30 * 86_400_000;

/**
 * The e-mail inviting an outside participant to a session's evaluation, with their personal link
 * (for the registration's current version), valid until thirty days after the last day.
 */
function outsideEvaluationEmail(platform: Platform, row: repo.OutsideInvitationRow): EmailMessage {
  const expires = new Date(new Date(row.last_end).getTime() + OUTSIDE_EVALUATION_LINK_MS);
  const format = new Intl.DateTimeFormat(row.locale, {
    dateStyle: 'long',
    timeZone: platform.config.timeZone,
  });
  return {
    to: row.email,
    locale: row.locale,
    template: 'training_evaluation_outside',
    params: {
      name: row.full_name,
      course: row.locale === 'en-CA' ? row.course_title_en : row.course_title_fr,
      date: format.format(new Date(row.first_start)),
      until: format.format(expires),
      link: makeLink(
        platform,
        'training-evaluation',
        { id: row.registration_id, version: row.link_version },
        expires,
        row.locale,
      ),
    },
  };
}

/**
 * Sends the evaluation e-mail again, with a link for the registration's current version, to the
 * outside participant of each of these registrations whose evaluation link was already sent and still
 * stands (attended, not answered, not expired, the course has an evaluation questionnaire), at their
 * address and in their language as recorded now. For the correction of their address, whose
 * transaction (holding the sessions' locks) moved the registrations' versions on: the link sent to the
 * earlier address no longer opens the form. Returns how many e-mails were queued.
 */
export async function resendOutsideEvaluations(
  platform: Platform,
  trx: Transaction<DB>,
  registrationIds: readonly string[],
): Promise<number> {
  const now = platform.now();
  const rows = await repo.outsideEvaluationsToResend(
    trx,
    registrationIds,
    new Date(now.getTime() - OUTSIDE_EVALUATION_LINK_MS),
    now,
  );
  const withQuestionnaire = new Map<string, boolean>();
  const emails: EmailMessage[] = [];
  for (const row of rows) {
    if (!withQuestionnaire.has(row.course_id)) {
      withQuestionnaire.set(
        row.course_id,
        (await designRepo.evaluationQuestionnaireOf(trx, row.course_id)) !== null,
      );
    }
    if (withQuestionnaire.get(row.course_id)) emails.push(outsideEvaluationEmail(platform, row));
  }
  await platform.notifier.queueEmails(trx, emails);
  return emails.length;
}

/**
 * Tells each participant of a session that ended in the last two weeks, once, that its evaluation is
 * open (scheduled hourly): Filet people in the app; outside professionals who attended, by e-mail with
 * their personal link to the public form. Each notice is claimed (written, or marked) before anyone is
 * told, so two runs at once tell each person once. Returns how many people were told.
 */
export async function announceEvaluations(platform: Platform): Promise<number> {
  const now = platform.now();
  return platform.db.transaction().execute(async (trx) => {
    const due = await repo.evaluationsToAnnounce(trx, new Date(now.getTime() - ANNOUNCE_WINDOW_MS), now);
    const withQuestionnaire = new Map<string, boolean>();
    const eligible: typeof due = [];
    for (const row of due) {
      if (!withQuestionnaire.has(row.course_id)) {
        withQuestionnaire.set(
          row.course_id,
          (await designRepo.evaluationQuestionnaireOf(trx, row.course_id)) !== null,
        );
      }
      if (withQuestionnaire.get(row.course_id)) eligible.push(row);
    }
    const written = await repo.insertEvaluationNotices(
      trx,
      eligible.map((row) => ({ session_id: row.session_id, person_id: row.person_id })),
      now,
    );
    const claimed = new Set(written.map((w) => `${w.session_id}:${w.person_id}`));
    const told = eligible.filter((row) => claimed.has(`${row.session_id}:${row.person_id}`));
    for (const row of told) {
      await platform.notifier.notify(trx, row.person_id, {
        kind: 'training-questionnaires.evaluation_open',
        params: { course: row.course_code },
        link: `/formation/evaluations/${row.session_id}`,
      });
    }
    const outside = await repo.outsideEvaluationsToInvite(
      trx,
      new Date(now.getTime() - ANNOUNCE_WINDOW_MS),
      now,
    );
    const inviting: repo.OutsideInvitationRow[] = [];
    for (const row of outside) {
      if (!withQuestionnaire.has(row.course_id)) {
        withQuestionnaire.set(
          row.course_id,
          (await designRepo.evaluationQuestionnaireOf(trx, row.course_id)) !== null,
        );
      }
      if (withQuestionnaire.get(row.course_id)) inviting.push(row);
    }
    const marked = await repo.markEvaluationInvited(
      trx,
      inviting.map((row) => row.registration_id),
      now,
    );
    const invited = inviting.filter((row) => marked.has(row.registration_id));
    await platform.notifier.queueEmails(
      trx,
      invited.map((row) => outsideEvaluationEmail(platform, row)),
    );
    if (told.length + invited.length > 0) {
      await platform.audit.append(trx, {
        actor: null,
        action: 'training.evaluation.announce',
        meta: { people: told.length, outside: invited.length },
      });
    }
    return told.length + invited.length;
  });
}

import { randomUUID } from 'node:crypto';
import type { Static } from '@sinclair/typebox';
import type { Transaction } from 'kysely';
import { localDay } from '../../../shared/time-zone.js';
import type { Actor } from '../../platform/authz/actor.js';
import { authorize } from '../../platform/authz/authorize.js';
import type { DB } from '../../platform/db/schema.js';
import { Errors } from '../../platform/errors.js';
import type { Platform } from '../../platform/platform.js';
import * as accounts from '../accounts/index.js';
import { loadAlert } from './alert-reading.service.js';
import { interviewContext, seal } from './alerts.content.js';
import { canClose } from './alerts.policy.js';
import * as alertRepo from './alerts.repository.js';
import { INTERVIEW_HOURS, minutesBetween } from './alerts.rules.js';
import type { CloseBody, InterviewBody } from './alerts.schemas.js';
import * as closeRepo from './close.repository.js';
import * as profileRepo from './profiles.repository.js';
import * as recipientRepo from './recipients.repository.js';
import { everyoneReached, notifyAll } from './recipients.service.js';
import * as registerRepo from './register.repository.js';
import * as settingsRepo from './settings.repository.js';

/**
 * The end of an alert: the close (de-identified facts kept, content withdrawn from recipients), the
 * return interview that follows, and the purge of its personal data after the table's period.
 */

const DAY_MS = 86_400_000;
export const ALERTS_PURGE_JOB = 'alerts.purge';

/**
 * Closes an open alert (found or returned, type of place, time missing). Recipients lose its personal
 * content at once and are told live; the youth centre gets a return-interview task due in 72 hours;
 * de-identified facts are written; the purge is scheduled after the table's period. The close is a
 * conditional update of the open alert: of several closes at once one wins and the others get
 * conflict, with nothing written; the facts read the acknowledgements and the escalation on the
 * locked row. Throws not_found, forbidden, conflict, field problems on `foundAt`.
 */
export async function closeAlert(
  platform: Platform,
  actor: Actor,
  id: string,
  input: Static<typeof CloseBody>,
): Promise<void> {
  const { alert, view } = await loadAlert(platform, actor, id);
  authorize(canClose(view), { hide: false });
  if (alert.status !== 'open') throw Errors.conflict();
  const now = platform.now();
  const foundAt = new Date(input.foundAt);
  if (foundAt.getTime() < alert.last_seen_at.getTime())
    throw Errors.field('foundAt', 'alerts_found_before_seen');
  if (foundAt.getTime() > now.getTime() + 5 * 60_000) throw Errors.field('foundAt', 'alerts_found_future');
  const settings = await settingsRepo.getSettings(platform.db);
  await platform.db.transaction().execute(async (trx) => {
    const closed = await closeRepo.closeAlert(trx, id, {
      closed_at: now,
      closed_by: actor.personId,
      outcome: input.outcome,
      place_type: input.placeType,
      found_at: foundAt,
      purge_after: new Date(now.getTime() + settings.purge_after_days * DAY_MS),
    });
    if (!closed) throw Errors.conflict();
    // Read again under the row lock: an acknowledgement or an escalation committed since the first
    // read is in the facts, and none can land after the close.
    const alert = (await alertRepo.findAlert(trx, id))!;
    const recipients = await recipientRepo.recipientsOf(trx, [id]);
    const police = recipients.find((r) => r.organisation_id === alert.police_organisation_id);
    await alertRepo.insertEvent(trx, {
      id: randomUUID(),
      alert_id: id,
      kind: 'closed',
      author_person_id: actor.personId,
      organisation_id: actor.organisationId,
      body: null,
      at: now,
    });
    await closeRepo.insertInterview(trx, {
      alert_id: id,
      due_at: new Date(now.getTime() + INTERVIEW_HOURS * 3_600_000),
      done_at: null,
      exploitation_risks_screened: null,
      outcome: null,
      recorded_by: null,
    });
    const profile = alert.profile_id ? await profileRepo.findProfile(trx, alert.profile_id) : undefined;
    const zone = platform.config.timeZone;
    await closeRepo.insertFacts(trx, {
      owner_organisation_id: alert.owner_organisation_id,
      month: `${localDay(alert.raised_at, zone).slice(0, 7)}-01`,
      closed_month: `${localDay(now, zone).slice(0, 7)}-01`,
      kind: alert.kind,
      minutes_to_police_ack: police?.acknowledged_at
        ? minutesBetween(alert.raised_at, police.acknowledged_at)
        : null,
      minutes_missing: minutesBetween(alert.last_seen_at, foundAt),
      minutes_to_find: minutesBetween(alert.raised_at, foundAt),
      escalated: alert.escalated_at !== null,
      organisations_involved: [alert.owner_organisation_id, ...recipients.map((r) => r.organisation_id)],
      profile_episode_count: profile?.episode_count ?? null,
      interview_status: 'pending',
      interview_within_72h: null,
      alert_id: id,
    });
    // Open screens of the recipients drop the content when this arrives.
    const everyone = await everyoneReached(platform, trx, id, recipients);
    if (alert.raised_by) everyone.add(alert.raised_by);
    everyone.delete(actor.personId);
    await notifyAll(platform, trx, everyone, 'alerts.closed', id);
    // The youth centre's coordinators are told the return interview is due.
    const coordinators = await accounts.peopleWithRole(trx, 'org_coordinator', {
      organisationId: alert.owner_organisation_id,
    });
    await notifyAll(
      platform,
      trx,
      coordinators.map((p) => p.id).filter((p) => !everyone.has(p) && p !== actor.personId),
      'alerts.interview_due',
      id,
    );
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'alerts.alert.close',
      targetType: 'alert',
      targetId: id,
      meta: { outcome: input.outcome, placeType: input.placeType },
    });
  });
}

/**
 * Records the return interview (done with its outcome, or the young person's refusal), once: a
 * conditional update of the pending task, so of two records at once the second gets conflict and
 * writes nothing. Throws not_found, forbidden, conflict, a field problem.
 */
export async function recordReturnInterview(
  platform: Platform,
  actor: Actor,
  id: string,
  input: Static<typeof InterviewBody>,
): Promise<void> {
  const { view } = await loadAlert(platform, actor, id);
  authorize(view === 'owner', { hide: false });
  const interview = await closeRepo.findInterview(platform.db, id);
  if (interview?.status !== 'pending') throw Errors.conflict();
  if (input.status === 'done' && input.exploitationRisksScreened === undefined) {
    throw Errors.field('exploitationRisksScreened', 'required');
  }
  const outcome = input.outcome?.trim() ?? '';
  const now = platform.now();
  await platform.db.transaction().execute(async (trx) => {
    const recorded = await closeRepo.recordInterview(trx, id, {
      status: input.status,
      done_at: now,
      exploitation_risks_screened: input.status === 'done' ? (input.exploitationRisksScreened ?? null) : null,
      outcome: outcome ? seal(platform, outcome, interviewContext(id)) : null,
      recorded_by: actor.personId,
    });
    if (!recorded) throw Errors.conflict();
    await closeRepo.updateFactsInterview(trx, id, {
      interview_status: input.status,
      interview_within_72h: input.status === 'done' && now.getTime() <= recorded.due_at.getTime(),
    });
    await alertRepo.insertEvent(trx, {
      id: randomUUID(),
      alert_id: id,
      kind: 'interview',
      author_person_id: actor.personId,
      organisation_id: actor.organisationId,
      body: null,
      at: now,
    });
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'alerts.interview.record',
      targetType: 'alert',
      targetId: id,
      meta: { status: input.status },
    });
  });
}

/**
 * Destroys the personal data of alerts closed longer than the purge period: the alert row with its
 * sealed content, timeline, recipients and interview, its photo copy, and the justifications in the
 * register. The de-identified facts and the register's rows (fields, parties, legal basis) remain.
 * An alert another run purged meanwhile is left alone (one audit entry each). Returns how many went.
 */
export async function purgeClosedAlerts(platform: Platform): Promise<number> {
  const due = await closeRepo.alertsToPurge(platform.db, platform.now());
  let purged = 0;
  for (const alert of due) {
    if (await platform.db.transaction().execute((trx) => purgeAlert(platform, trx, alert, 'period')))
      purged += 1;
  }
  return purged;
}

/**
 * Destroys a closed alert's personal data (its row with the sealed content, timeline, recipients,
 * interview, photo copy, the register's justification text), keeping its de-identified facts and the
 * register's rows; audited with why (`period` over, or its profile destroyed). Returns false, writing
 * no audit entry, when another transaction purged it first.
 */
export async function purgeAlert(
  platform: Platform,
  trx: Transaction<DB>,
  alert: { id: string; photo_file_id: string | null },
  reason: 'period' | 'profile_destroyed',
): Promise<boolean> {
  await registerRepo.wipeJustifications(trx, alert.id);
  await closeRepo.unlinkFacts(trx, alert.id);
  if (!(await closeRepo.deleteAlert(trx, alert.id))) return false;
  if (alert.photo_file_id) await platform.files.remove(trx, alert.photo_file_id);
  await platform.audit.append(trx, {
    actor: null,
    action: 'alerts.alert.purge',
    targetType: 'alert',
    targetId: alert.id,
    meta: { photo: alert.photo_file_id !== null, reason },
  });
  return true;
}

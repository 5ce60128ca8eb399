import { randomUUID } from 'node:crypto';
import type { Static } from '@sinclair/typebox';
import type { Role } from '../../../shared/roles.js';
import type { Actor } from '../../platform/authz/actor.js';
import { authorize } from '../../platform/authz/authorize.js';
import { Errors } from '../../platform/errors.js';
import type { Platform } from '../../platform/platform.js';
import * as accounts from '../accounts/index.js';
import { ALERTS_EMAIL_JOB } from './alert-emails.service.js';
import { loadAlert } from './alert-reading.service.js';
import { type AlertContent, alertContext, eventContext, seal, unseal } from './alerts.content.js';
import * as alertRepo from './alerts.repository.js';
import type { SharedField } from './alerts.rules.js';
import type { TimelineBody } from './alerts.schemas.js';
import * as recipientRepo from './recipients.repository.js';
import { everyoneReached, notifyAll, peopleReached } from './recipients.service.js';
import { recordDisclosures } from './register.service.js';
import * as settingsRepo from './settings.repository.js';

/**
 * An open alert's life: acknowledgement by each recipient organisation, sightings and updates on its
 * timeline, and the escalation when the police service has not acknowledged within the table's delay.
 */

export const ALERTS_ESCALATE_JOB = 'alerts.escalate';

/**
 * Acknowledges an open alert for the actor's (recipient) organisation, once: decided on the alert's
 * locked row, so an acknowledgement is ordered before or after a close or an escalation, never beside
 * it. Throws conflict when it is acknowledged already or no longer open (one of several at once wins).
 */
export async function acknowledgeAlert(platform: Platform, actor: Actor, id: string): Promise<void> {
  const { alert, view, recipients, member } = await loadAlert(platform, actor, id);
  const own = recipients.find((r) => r.organisation_id === actor.organisationId);
  authorize(view !== 'owner' && member && Boolean(own), { hide: false });
  if (alert.status !== 'open') throw Errors.conflict();
  const now = platform.now();
  await platform.db.transaction().execute(async (trx) => {
    if (!(await alertRepo.lockOpenAlert(trx, id, 'share'))) throw Errors.conflict();
    if (!(await recipientRepo.acknowledge(trx, id, actor.organisationId, actor.personId, now)))
      throw Errors.conflict();
    await alertRepo.insertEvent(trx, {
      id: randomUUID(),
      alert_id: id,
      kind: 'acknowledged',
      author_person_id: actor.personId,
      organisation_id: actor.organisationId,
      body: null,
      at: now,
    });
    if (alert.raised_by)
      await platform.notifier.notify(trx, alert.raised_by, {
        kind: 'alerts.acknowledged',
        link: `/alertes/${id}`,
      });
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'alerts.alert.acknowledge',
      targetType: 'alert',
      targetId: id,
    });
  });
}

/**
 * Adds a sighting or an update to an open alert's timeline (everyone involved); notifies them live.
 * Throws conflict once the alert is closed, including by a close that commits while this one waits.
 */
export async function addTimelineEntry(
  platform: Platform,
  actor: Actor,
  id: string,
  input: Static<typeof TimelineBody>,
): Promise<void> {
  const { alert, recipients } = await loadAlert(platform, actor, id);
  if (alert.status !== 'open') throw Errors.conflict();
  const body = input.body.trim();
  if (!body) throw Errors.field('body', 'required');
  const eventId = randomUUID();
  const now = platform.now();
  await platform.db.transaction().execute(async (trx) => {
    if (!(await alertRepo.lockOpenAlert(trx, id, 'share'))) throw Errors.conflict();
    await alertRepo.insertEvent(trx, {
      id: eventId,
      alert_id: id,
      kind: input.kind,
      author_person_id: actor.personId,
      organisation_id: actor.organisationId,
      body: seal(platform, body, eventContext(eventId)),
      at: now,
    });
    const everyone = await everyoneReached(platform, trx, id, recipients);
    if (alert.raised_by) everyone.add(alert.raised_by);
    everyone.delete(actor.personId);
    await notifyAll(platform, trx, everyone, 'alerts.updated', id);
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: input.kind === 'sighting' ? 'alerts.sighting.add' : 'alerts.update.add',
      targetType: 'alert',
      targetId: id,
    });
  });
}

/**
 * Escalates every open alert whose police service has not acknowledged within the table's delay: the
 * service's other police people (investigators, analysts) and the coordinators (table coordination,
 * the owner's organisation coordinators) receive it. The list of due alerts is only a candidate list:
 * each alert is checked again on its locked row (still open, not escalated, not acknowledged by the
 * police), so an acknowledgement or a close committed meanwhile, or another run of the job, wins and
 * nothing is escalated twice. `pause` runs between the list and each alert's transaction (tests use it
 * to commit an acknowledgement exactly there). Returns how many alerts escalated.
 */
export async function escalateOverdueAlerts(
  platform: Platform,
  options: { pause?: (alertId: string) => Promise<void> } = {},
): Promise<number> {
  const settings = await settingsRepo.getSettings(platform.db);
  const now = platform.now();
  const due = await alertRepo.alertsToEscalate(
    platform.db,
    new Date(now.getTime() - settings.ack_delay_minutes * 60_000),
  );
  let escalated = 0;
  for (const candidate of due) {
    await options.pause?.(candidate.id);
    const done = await platform.db.transaction().execute(async (trx) => {
      const alert = await alertRepo.lockOpenAlert(trx, candidate.id, 'update');
      if (!alert || alert.escalated_at !== null || !alert.police_organisation_id) return false;
      const police = alert.police_organisation_id;
      const recipients = await recipientRepo.recipientsOf(trx, [alert.id]);
      if (recipients.find((r) => r.organisation_id === police)?.acknowledged_at) return false;
      const already = await everyoneReached(platform, trx, alert.id, recipients);
      // The whole police service's analysts and investigators now receive it.
      const policeRoles: Role[] = ['police_analyst', 'investigator'];
      await recipientRepo.setRecipientRoles(trx, alert.id, police, policeRoles);
      const next = (
        await peopleReached(platform, trx, [{ organisationId: police, view: 'police', roles: policeRoles }])
      ).filter((p) => !already.has(p));
      const tableCoordinators = (await accounts.peopleWithRole(trx, 'table_coordinator')).filter(
        (p) => !already.has(p.id) && p.organisation_id !== alert.owner_organisation_id,
      );
      const ownerCoordinators = await accounts.peopleWithRole(trx, 'org_coordinator', {
        organisationId: alert.owner_organisation_id,
      });
      const rows = tableCoordinators.map((p) => ({
        alert_id: alert.id,
        person_id: p.id,
        organisation_id: p.organisation_id,
        reason: 'coordination' as const,
      }));
      await recipientRepo.insertRecipientPeople(trx, rows);
      const newOrganisations = [...new Set(tableCoordinators.map((p) => p.organisation_id))].filter(
        (o) => o !== police,
      );
      if (newOrganisations.length > 0) {
        const content = alert.content
          ? (JSON.parse(unseal(platform, alert.content, alertContext(alert.id))) as AlertContent)
          : {};
        const present = new Set<SharedField>(Object.keys(content) as SharedField[]);
        if (alert.photo_file_id) present.add('photo');
        await recordDisclosures(platform, trx, {
          alertId: alert.id,
          actor: null,
          fromOrganisationId: alert.owner_organisation_id,
          at: now,
          legalBasis: alert.legal_basis,
          withoutConsent: alert.without_consent,
          justification: '',
          present,
          organisations: newOrganisations.map((o) => ({ organisationId: o, view: 'pivot' as const })),
        });
      }
      await alertRepo.updateAlert(trx, alert.id, { escalated_at: now });
      await alertRepo.insertEvent(trx, {
        id: randomUUID(),
        alert_id: alert.id,
        kind: 'escalated',
        author_person_id: null,
        organisation_id: null,
        body: null,
        at: now,
      });
      const passedOn = new Set([...next, ...rows.map((r) => r.person_id)]);
      // The youth centre's coordinators are told their alert was escalated, not that it reached them.
      const owners = ownerCoordinators.map((p) => p.id).filter((id) => !passedOn.has(id));
      const notified = new Set([...passedOn, ...owners]);
      await notifyAll(platform, trx, notified, 'alerts.escalated', alert.id);
      if (passedOn.size > 0) {
        await platform.jobs.enqueue(trx, ALERTS_EMAIL_JOB, {
          alertId: alert.id,
          personIds: [...passedOn],
          template: 'alerts_escalated',
        });
      }
      if (owners.length > 0) {
        await platform.jobs.enqueue(trx, ALERTS_EMAIL_JOB, {
          alertId: alert.id,
          personIds: owners,
          template: 'alerts_escalated_owner',
        });
      }
      await platform.audit.append(trx, {
        actor: null,
        action: 'alerts.alert.escalate',
        targetType: 'alert',
        targetId: alert.id,
        meta: { people: notified.size, delayMinutes: settings.ack_delay_minutes },
      });
      return true;
    });
    if (done) escalated += 1;
  }
  return escalated;
}

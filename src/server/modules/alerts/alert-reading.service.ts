import type { Static } from '@sinclair/typebox';
import type { Role } from '../../../shared/roles.js';
import type { Actor } from '../../platform/authz/actor.js';
import { authorize } from '../../platform/authz/authorize.js';
import { Errors } from '../../platform/errors.js';
import type { Platform } from '../../platform/platform.js';
import { type AlertContent, alertContext, eventContext, interviewContext, unseal } from './alerts.content.js';
import { canClose, isProfileStaff, viewOf } from './alerts.policy.js';
import * as alertRepo from './alerts.repository.js';
import { restrictTo, type View } from './alerts.rules.js';
import type { AlertListQuery } from './alerts.schemas.js';
import * as closeRepo from './close.repository.js';
import * as recipientRepo from './recipients.repository.js';
import { isActivePivot } from './recipients.service.js';

/**
 * Reading alerts: which view a person has of an alert (owner, police, pivot, or none), opening it with
 * the fields that view allows (audited with its purpose), its photo, and the list a person may see.
 */

/** An alert as a reader may use it: the row, the reader's view and the recipient organisations. */
export interface ReadableAlert {
  alert: alertRepo.AlertRow;
  view: View;
  recipients: Awaited<ReturnType<typeof recipientRepo.recipientsOf>>;
  /** Whether the reader is a recipient (not only the owner's staff). */
  member: boolean;
}

/**
 * Loads an alert with the actor's view of it: the owner's staff, a recipient organisation's rule, or
 * a person passed the alert one by one. Absent and forbidden are both not_found.
 */
export async function loadAlert(platform: Platform, actor: Actor, id: string): Promise<ReadableAlert> {
  const { db } = platform;
  const alert = await alertRepo.findAlert(db, id);
  if (!alert) throw Errors.notFound();
  const recipients = await recipientRepo.recipientsOf(db, [id]);
  const explicit = await recipientRepo.recipientPerson(db, id, actor.personId);
  const own = recipients.find((r) => r.organisation_id === actor.organisationId);
  let byRule = false;
  if (own?.view === 'police') byRule = own.roles.some((role) => actor.roles.has(role as Role));
  else if (own?.view === 'pivot') byRule = await isActivePivot(platform, db, actor);
  const membership =
    byRule || explicit
      ? {
          organisationId: explicit?.organisation_id ?? actor.organisationId,
          view: own && (byRule || explicit?.organisation_id === own.organisation_id) ? own.view : undefined,
        }
      : null;
  const view = viewOf(actor, alert, membership);
  authorize(view !== null);
  return { alert, view, recipients, member: membership !== null };
}

export interface AlertDetail {
  alert: alertRepo.AlertRow;
  view: View;
  content: (AlertContent & { hasPhoto: boolean }) | null;
  recipients: Awaited<ReturnType<typeof recipientRepo.recipientsOf>>;
  timeline: Array<{
    id: string;
    kind: string;
    organisationName: string | null;
    body: string | null;
    at: Date;
  }>;
  interview: Awaited<ReturnType<typeof closeRepo.findInterview>> extends infer I
    ? (NonNullable<I> & { outcomeText: string | null }) | null
    : never;
  can: { acknowledge: boolean; addEntry: boolean; close: boolean; recordInterview: boolean };
}

/** Whether the content is readable: the owner always (until the purge), recipients while it is open. */
function contentVisible(view: View, alert: alertRepo.AlertRow): boolean {
  return alert.content !== null && (view === 'owner' || alert.status === 'open');
}

/**
 * Opens an alert with the fields the reader's view allows; after the close, recipients see no
 * personal content. Every read is audited with its purpose. Absent and forbidden are both 404.
 */
export async function openAlert(
  platform: Platform,
  actor: Actor,
  id: string,
  purpose: string,
): Promise<AlertDetail> {
  const { alert, view, recipients } = await loadAlert(platform, actor, id);
  const visible = contentVisible(view, alert);
  const events = await alertRepo.eventsOf(platform.db, id);
  const interview = view === 'owner' ? await closeRepo.findInterview(platform.db, id) : undefined;
  await platform.db.transaction().execute(async (trx) => {
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'alerts.alert.read',
      targetType: 'alert',
      targetId: id,
      purpose,
      meta: { view, content: visible },
    });
  });
  let content: AlertDetail['content'] = null;
  if (visible) {
    const full = JSON.parse(unseal(platform, alert.content!, alertContext(id))) as AlertContent;
    const shown = view === 'owner' ? full : restrictTo(view, full);
    content = { ...shown, hasPhoto: alert.photo_file_id !== null };
  }
  const own = recipients.find((r) => r.organisation_id === actor.organisationId);
  return {
    alert,
    view,
    content,
    recipients,
    timeline: events.map((e) => ({
      id: e.id,
      kind: e.kind,
      organisationName: e.organisation_name,
      body: e.body && visible ? unseal(platform, e.body, eventContext(e.id)) : null,
      at: e.at,
    })),
    interview: interview
      ? {
          ...interview,
          outcomeText: interview.outcome ? unseal(platform, interview.outcome, interviewContext(id)) : null,
        }
      : null,
    can: {
      acknowledge:
        alert.status === 'open' && view !== 'owner' && Boolean(own) && own!.acknowledged_at === null,
      addEntry: alert.status === 'open',
      close: alert.status === 'open' && canClose(view),
      recordInterview: view === 'owner' && interview?.status === 'pending',
    },
  };
}

/** The alert's photo for readers whose view includes it, while they may see content; audited. */
export async function readAlertPhoto(platform: Platform, actor: Actor, id: string, purpose: string) {
  const { alert, view } = await loadAlert(platform, actor, id);
  authorize(contentVisible(view, alert) && alert.photo_file_id !== null);
  const file = await platform.files.read(platform.db, alert.photo_file_id!);
  await platform.db.transaction().execute(async (trx) => {
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'alerts.alert_photo.read',
      targetType: 'alert',
      targetId: id,
      purpose,
    });
  });
  return { mimeType: file.mimeType, content: file.content };
}

export interface AlertListItem {
  alert: alertRepo.AlertRow;
  acknowledged: boolean;
}

/** The alerts the actor may see (own organisation's as its staff, and those delivered to them). */
export async function listAlerts(
  platform: Platform,
  actor: Actor,
  filter: Static<typeof AlertListQuery>,
): Promise<AlertListItem[]> {
  const rows = await alertRepo.listAlertsFor(
    platform.db,
    {
      personId: actor.personId,
      organisationId: actor.organisationId,
      roles: [...actor.roles],
      activePivot: await isActivePivot(platform, platform.db, actor),
      ownerOrganisationId: isProfileStaff(actor) ? actor.organisationId : null,
    },
    filter.status,
  );
  const recipients = await recipientRepo.recipientsOf(
    platform.db,
    rows.map((r) => r.id),
  );
  return rows.map((alert) => {
    const police = recipients.find(
      (r) => r.alert_id === alert.id && r.organisation_id === alert.police_organisation_id,
    );
    return { alert, acknowledged: Boolean(police?.acknowledged_at) };
  });
}

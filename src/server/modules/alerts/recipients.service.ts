import type { Transaction } from 'kysely';
import type { Role } from '../../../shared/roles.js';
import { localDay } from '../../../shared/time-zone.js';
import { type Actor, hasRole } from '../../platform/authz/actor.js';
import type { Executor } from '../../platform/db/database.js';
import type { DB } from '../../platform/db/schema.js';
import type { Platform } from '../../platform/platform.js';
import * as network from '../network/index.js';
import * as recipientRepo from './recipients.repository.js';

/**
 * Who an alert reaches: the rule of each recipient organisation (its people holding a role, or its
 * pivots with a mandate active today), the people passed the alert one by one, and one notification
 * to all of them at once.
 */

/** A recipient organisation's rule: who inside it receives the alert, and with which view. */
export interface RecipientRule {
  organisationId: string;
  view: 'police' | 'pivot';
  roles: Role[];
}

/** Today's date in the region (pivot mandates are dated). */
export function today(platform: Platform): string {
  return localDay(platform.now(), platform.config.timeZone);
}

/**
 * The people recipient organisations' rules reach now: their people holding one of `roles` (police
 * view) or their pivots with a mandate active today (pivot view), active accounts only; one query.
 */
export function peopleReached(
  platform: Platform,
  db: Executor,
  organisations: ReadonlyArray<{ organisationId: string; view: 'police' | 'pivot'; roles: readonly Role[] }>,
): Promise<string[]> {
  return network.peopleReached(
    db,
    {
      byRole: organisations.filter((o) => o.view === 'police'),
      pivotsOf: organisations.filter((o) => o.view === 'pivot').map((o) => o.organisationId),
    },
    today(platform),
  );
}

/** Whether the person holds a pivot mandate active today in their own organisation. */
export async function isActivePivot(platform: Platform, db: Executor, actor: Actor): Promise<boolean> {
  if (!hasRole(actor, 'pivot')) return false;
  return network.holdsActiveMandate(db, actor.personId, actor.organisationId, today(platform));
}

/**
 * Delivers one in-app notification (and its live event, and web push where opted in) to every
 * person, in ONE notifier call inside the transaction: an alert to thousands is one fan-out.
 */
export async function notifyAll(
  platform: Platform,
  trx: Transaction<DB>,
  personIds: Iterable<string>,
  kind: string,
  alertId: string,
): Promise<void> {
  const recipients = [...new Set(personIds)];
  if (recipients.length === 0) return;
  await platform.notifier.notify(trx, recipients, { kind, link: `/alertes/${alertId}` });
}

/** Everyone an alert reaches now (rules of its recipient organisations and people passed to one by one). */
export async function everyoneReached(
  platform: Platform,
  db: Executor,
  alertId: string,
  recipients: Awaited<ReturnType<typeof recipientRepo.recipientsOf>>,
): Promise<Set<string>> {
  const reached = await peopleReached(
    platform,
    db,
    recipients.map((r) => ({ organisationId: r.organisation_id, view: r.view, roles: r.roles as Role[] })),
  );
  return new Set([...reached, ...(await recipientRepo.recipientPeopleIds(db, alertId))]);
}

import { isRole, type Locale, type Role } from '../../../shared/roles.js';
import type { Platform } from '../../platform/platform.js';
import * as accounts from '../accounts/index.js';
import * as alertRepo from './alerts.repository.js';
import * as recipientRepo from './recipients.repository.js';
import { everyoneReached, peopleReached, type RecipientRule } from './recipients.service.js';

/**
 * The content-free e-mails of alerts ("a new alert needs your attention" and a link), queued by a job
 * outside the raising or escalating transaction.
 */

/** Job that queues the content-free e-mails of an alert (kept out of the raising transaction). */
export const ALERTS_EMAIL_JOB = 'alerts.email';
/** The content-free e-mails of alerts (templates under `email.` in server.alerts.json). */
const ALERT_EMAIL_TEMPLATES = ['alerts_new', 'alerts_escalated', 'alerts_escalated_owner'] as const;

/** The recipient rules a raise job carries, checked (a job's payload is data read back from the database). */
function rulesOf(value: unknown): RecipientRule[] | null {
  if (!Array.isArray(value)) return null;
  const rules: RecipientRule[] = [];
  for (const item of value as Array<Record<string, unknown>>) {
    const { organisationId, view, roles } = item ?? {};
    if (
      typeof organisationId !== 'string' ||
      (view !== 'police' && view !== 'pivot') ||
      !Array.isArray(roles)
    ) {
      return null;
    }
    rules.push({ organisationId, view, roles: roles.filter((r): r is Role => isRole(r)) });
  }
  return rules;
}

/**
 * Queues the content-free e-mail of an alert (job handler): to the people named in the payload, to
 * those the raise's rules reach now, or (a job queued without either) to everyone the alert reaches
 * now. Nothing is sent about an alert closed or purged since. Returns how many e-mails were queued.
 */
export async function sendAlertEmails(
  platform: Platform,
  payload: { alertId?: unknown; personIds?: unknown; rules?: unknown; template?: unknown },
): Promise<number> {
  if (typeof payload.alertId !== 'string') return 0;
  const alertId = payload.alertId;
  const alert = await alertRepo.findAlert(platform.db, alertId);
  if (!alert || alert.closed_at) return 0;
  const rules = rulesOf(payload.rules);
  const ids = Array.isArray(payload.personIds)
    ? payload.personIds.filter((p): p is string => typeof p === 'string')
    : rules
      ? await peopleReached(platform, platform.db, rules)
      : [
          ...(await everyoneReached(
            platform,
            platform.db,
            alertId,
            await recipientRepo.recipientsOf(platform.db, [alertId]),
          )),
        ];
  const template = ALERT_EMAIL_TEMPLATES.find((name) => name === payload.template) ?? 'alerts_new';
  const people = await accounts.activePeopleByIds(platform.db, ids);
  const link = `${platform.config.publicUrl}/alertes/${alertId}`;
  // One transaction for every e-mail: a job that fails and runs again never sends a first part twice.
  await platform.db.transaction().execute((trx) =>
    platform.notifier.queueEmails(
      trx,
      people.map((person) => ({
        to: person.email,
        locale: (person.locale === 'en-CA' ? 'en-CA' : 'fr-CA') as Locale,
        template,
        params: { link },
      })),
    ),
  );
  return people.length;
}

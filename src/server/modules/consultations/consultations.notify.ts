// How consultations tell people: an in-app notification (live on their open screens, with a web push
// to their devices) and, when it asks for action, an e-mail without any content. Both are written in
// the caller's transaction and leave only once it commits.

import type { Transaction } from 'kysely';
import type { Locale } from '../../../shared/roles.js';
import type { DB } from '../../platform/db/schema.js';
import type { Platform } from '../../platform/platform.js';
import * as accounts from '../accounts/index.js';

/** Notification kinds (web catalogue `consultations.notifications.<kind>`). */
export type ConsultationNotice =
  | 'asked'
  | 'taken'
  | 'message'
  | 'closed'
  | 'handed_over'
  | 'brought_in'
  | 'withdrawn'
  | 'overdue'
  | 'unrouted';

/** E-mail templates (server catalogue `email.consultations_<name>`). */
const EMAILS: Partial<Record<ConsultationNotice, string>> = {
  asked: 'consultations_asked',
  handed_over: 'consultations_handed_over',
  brought_in: 'consultations_brought_in',
  overdue: 'consultations_overdue',
  unrouted: 'consultations_unrouted',
  closed: 'consultations_closed',
};

export const consultationLink = (id: string) => `/consultations/${id}`;

/**
 * Tells `people` (each once, never the actor) about a consultation: in-app with the consultation's id,
 * plus an e-mail saying only that something waits in Filet for the kinds that ask for action.
 */
export async function tell(
  platform: Platform,
  trx: Transaction<DB>,
  people: readonly (string | null)[],
  notice: ConsultationNotice,
  options: { consultationId?: string; link?: string; count?: number; except?: string } = {},
): Promise<void> {
  const ids = [...new Set(people.filter((p): p is string => p !== null && p !== options.except))];
  if (ids.length === 0) return;
  const link =
    options.link ?? (options.consultationId ? consultationLink(options.consultationId) : '/consultations');
  await platform.notifier.notify(trx, ids, {
    kind: `consultations.${notice}`,
    params: {
      ...(options.consultationId ? { consultationId: options.consultationId } : {}),
      ...(options.count !== undefined ? { count: options.count } : {}),
    },
    link,
  });
  const template = EMAILS[notice];
  if (!template) return;
  const recipients = await accounts.activePeopleByIds(trx, ids);
  await platform.notifier.queueEmails(
    trx,
    recipients.map((person) => ({
      to: person.email,
      locale: (person.locale === 'en-CA' ? 'en-CA' : 'fr-CA') as Locale,
      template,
      params: { link: `${platform.config.publicUrl}${link}` },
    })),
  );
}

/** The active org_coordinators of some organisations. */
export async function coordinatorsOf(
  trx: Transaction<DB>,
  organisationIds: readonly (string | null)[],
): Promise<string[]> {
  const people: string[] = [];
  for (const organisationId of new Set(organisationIds.filter((o): o is string => o !== null)))
    for (const p of await accounts.peopleWithRole(trx, 'org_coordinator', { organisationId }))
      people.push(p.id);
  return people;
}

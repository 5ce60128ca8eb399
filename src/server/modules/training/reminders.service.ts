import type { Transaction } from 'kysely';
import type { AuditAction } from '../../../shared/contracts/audit-actions.js';
import { localDay } from '../../../shared/time-zone.js';
import type { DB } from '../../platform/db/schema.js';
import type { Platform } from '../../platform/platform.js';
import * as repo from './reminders.repository.js';
import { verificationUrl } from './training.documents.js';
import { appLink, pick, when } from './training.emails.js';

/** Jobs that remind: the session two days ahead, the certificate sixty days before it expires. */

/**
 * Sends each listed row its reminder in one transaction and audits the batch. Rows are marked first,
 * conditionally, so one another run reminded meanwhile is left out and nobody is reminded twice.
 * Returns how many were reminded.
 */
async function remindOnce<T extends { id: string }>(
  platform: Platform,
  now: Date,
  listed: readonly T[],
  mark: (trx: Transaction<DB>, ids: readonly string[], now: Date) => Promise<Set<string>>,
  action: AuditAction,
  send: (trx: Transaction<DB>, row: T) => Promise<void>,
): Promise<number> {
  if (listed.length === 0) return 0;
  return platform.db.transaction().execute(async (trx) => {
    const marked = await mark(
      trx,
      listed.map((d) => d.id),
      now,
    );
    const due = listed.filter((d) => marked.has(d.id));
    if (due.length === 0) return 0;
    for (const row of due) await send(trx, row);
    await platform.audit.append(trx, { actor: null, action, meta: { count: due.length } });
    return due.length;
  });
}

/** Job: a reminder two days before a session to everyone confirmed, once. */
export async function remindUpcoming(platform: Platform): Promise<number> {
  const now = platform.now();
  const listed = await repo.dueReminders(platform.db, now, new Date(now.getTime() + 48 * 3_600_000));
  return remindOnce(platform, now, listed, repo.markReminded, 'training.reminder.send', (trx, row) =>
    platform.notifier.queueEmail(trx, {
      to: row.email,
      locale: row.locale,
      template: 'training_reminder',
      params: {
        name: row.full_name,
        course: pick(row.locale, row.course_title_fr, row.course_title_en),
        date: when(platform, row.locale, row.starts_at),
        place: row.place ?? row.video_url ?? '',
        link: appLink(platform, `/formation/sessions/${row.session_id}`),
      },
    }),
  );
}

/** Job: holders of a certificate with a validity are told sixty days before it expires, once. */
export async function remindExpiringCertificates(platform: Platform): Promise<number> {
  const now = platform.now();
  const until = localDay(new Date(now.getTime() + 60 * 86_400_000), platform.config.timeZone);
  const listed = await repo.expiringCertificates(platform.db, until);
  return remindOnce(
    platform,
    now,
    listed,
    repo.markExpiryReminded,
    'training.expiry_reminder.send',
    (trx, row) => {
      const course = pick(row.locale, row.course_title_fr, row.course_title_en);
      // An outside professional has no account to sign in to: their e-mail says whom to ask for a new
      // invitation and where their certificate is checked, not a link into the app.
      return platform.notifier.queueEmail(
        trx,
        row.source === 'invited'
          ? {
              to: row.email,
              locale: row.locale,
              template: 'training_certificate_expiry_outside',
              params: {
                name: row.full_name,
                course,
                expiresOn: row.expires_on,
                verifyLink: row.certificate_code
                  ? verificationUrl(platform.config.publicUrl, row.locale, row.certificate_code)
                  : '',
              },
            }
          : {
              to: row.email,
              locale: row.locale,
              template: 'training_certificate_expiry',
              params: {
                name: row.full_name,
                course,
                expiresOn: row.expires_on,
                link: appLink(platform, '/formation'),
              },
            },
      );
    },
  );
}

import type { DeleteResult, Transaction } from 'kysely';
import type { AuditAction } from '../../../shared/contracts/audit-actions.js';
import type { DB } from '../db/schema.js';
import type { Platform } from '../platform.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** How long the platform keeps what it no longer needs, in days (login attempts: hours). */
export const RETENTION = {
  sessionsDays: 30,
  tokensDays: 30,
  loginAttemptsHours: 24,
  readNotificationsDays: 90,
  outboxDays: 30,
} as const;

/**
 * The platform's recurring work: e-mail delivery every minute, the cleanup of throttle counters, and the retention rules that destroy
 * what the platform no longer needs. Minutes are staggered so the hourly and nightly runs do not all
 * start together. Call once per app, before `jobs.start()`.
 */
export function registerPlatformJobs(platform: Platform): void {
  const { jobs } = platform;

  jobs.define('email.deliver', async () => {
    await platform.notifier.flushOutbox();
  });
  jobs.schedule('email.deliver', '* * * * *');

  // Throttle counters of past windows and the nonces of past hours. Not audited: they are no one's
  // data, and an entry every ten minutes would drown the log.
  jobs.define('throttle.cleanup', async () => {
    await platform.throttles.cleanup();
  });
  jobs.schedule('throttle.cleanup', '*/10 * * * *');

  const retention = (
    what: string,
    action: AuditAction,
    cron: string,
    destroy: (trx: Transaction<DB>, now: Date) => Promise<DeleteResult>,
  ) => {
    const name = `retention.${what}`;
    jobs.define(name, async () => {
      await platform.db.transaction().execute(async (trx) => {
        const result = await destroy(trx, platform.now());
        const deleted = Number(result.numDeletedRows);
        // Destruction is audited with the change itself: both commit or neither does.
        if (deleted > 0) await platform.audit.append(trx, { actor: null, action, meta: { deleted } });
      });
    });
    jobs.schedule(name, cron);
  };

  retention('sessions', 'retention.sessions.destroy', '7 * * * *', (trx, now) => {
    const cutoff = new Date(now.getTime() - RETENTION.sessionsDays * DAY_MS);
    return trx
      .deleteFrom('sessions')
      .where((eb) => eb.or([eb('revoked_at', '<', cutoff), eb('expires_at', '<', cutoff)]))
      .executeTakeFirst();
  });

  retention('login-attempts', 'retention.login_attempts.destroy', '17 * * * *', (trx, now) => {
    const cutoff = new Date(now.getTime() - RETENTION.loginAttemptsHours * 60 * 60 * 1000);
    return trx.deleteFrom('login_attempts').where('at', '<', cutoff).executeTakeFirst();
  });

  retention('tokens', 'retention.tokens.destroy', '20 3 * * *', (trx, now) => {
    const cutoff = new Date(now.getTime() - RETENTION.tokensDays * DAY_MS);
    return trx
      .deleteFrom('one_time_tokens')
      .where((eb) => eb.or([eb('expires_at', '<', cutoff), eb('used_at', '<', cutoff)]))
      .executeTakeFirst();
  });

  retention('notifications', 'retention.notifications.destroy', '30 3 * * *', (trx, now) => {
    const cutoff = new Date(now.getTime() - RETENTION.readNotificationsDays * DAY_MS);
    return trx
      .deleteFrom('notifications')
      .where('read_at', 'is not', null)
      .where('created_at', '<', cutoff)
      .executeTakeFirst();
  });

  // Rows given up on go too: their encrypted body may still hold a (long expired) single-use link.
  retention('outbox', 'retention.outbox.destroy', '40 3 * * *', (trx, now) => {
    const cutoff = new Date(now.getTime() - RETENTION.outboxDays * DAY_MS);
    return trx
      .deleteFrom('email_outbox')
      .where((eb) => eb.or([eb('sent_at', '<', cutoff), eb('failed_at', '<', cutoff)]))
      .executeTakeFirst();
  });
}

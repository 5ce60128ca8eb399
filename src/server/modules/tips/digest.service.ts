import type { Platform } from '../../platform/platform.js';
import * as accounts from '../accounts/index.js';
import * as digestRepo from './digest.repository.js';

/** The batched "new items" notice to a police service's analysts, on a fixed schedule. */

/** Name of the digest job and its fixed schedule (every 15 minutes). */
export const DIGEST_JOB = 'tips.digest';
export const DIGEST_CRON = '*/15 * * * *';

/**
 * The batched "new items in the queue" notice. On its fixed schedule, for each police service with
 * tips received since the last digest, every active analyst of the service gets one in-app
 * notification and one e-mail that say only that there are new items — no count, channel, time or
 * content — so neither the timing nor the text of a notice points at a tip. Nothing is sent when
 * nothing is new. Returns how many people were told.
 */
export async function sendTipDigests(platform: Platform): Promise<number> {
  const services = await digestRepo.servicesWithUnannounced(platform.db);
  let told = 0;
  for (const serviceId of services) {
    // Recipients are read before the transaction: on PGlite a service using platform.db inside it
    // would wait for the only connection forever.
    const analysts = (
      await accounts.searchPeople(platform, {
        organisationId: serviceId,
        role: 'police_analyst',
        status: 'active',
        page: 1,
        pageSize: 500,
      })
    ).rows;
    told += await platform.db.transaction().execute(async (trx) => {
      const count = await digestRepo.takeUnannounced(trx, serviceId);
      if (count === 0) return 0;
      for (const analyst of analysts) {
        await platform.notifier.notify(trx, analyst.id, { kind: 'tips.new_items', link: '/signalements' });
        await platform.notifier.queueEmail(trx, {
          to: analyst.email,
          locale: analyst.locale === 'en-CA' ? 'en-CA' : 'fr-CA',
          template: 'tips_digest',
          params: { name: analyst.given_name, link: `${platform.config.publicUrl}/signalements` },
        });
      }
      await platform.audit.append(trx, {
        actor: null,
        action: 'tips.digest.send',
        targetType: 'organisation',
        targetId: serviceId,
        meta: { recipients: analysts.length },
      });
      return analysts.length;
    });
  }
  return told;
}

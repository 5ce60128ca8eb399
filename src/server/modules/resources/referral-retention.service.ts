// Retention of the people followed: two years after the last referral of a person ended (or their record
// last changed), with nothing open, what identifies them is destroyed. The referrals stay, without anyone
// in them, so the trajectory figures of the table keep their history.

import { localDay } from '../../../shared/time-zone.js';
import type { Platform } from '../../platform/platform.js';
import { identityContext } from './referrals.fields.js';
import * as repo from './referrals.repository.js';

/** Days after a person's last activity before the retention job destroys their identity. */
export const SUBJECT_RETENTION_DAYS = 730;
const DAY_MS = 86_400_000;

/** The identity a purged person keeps: nothing (still sealed, so every row reads the same way). */
const EMPTY_IDENTITY = JSON.stringify({
  givenName: '',
  familyName: null,
  preferredName: null,
  birthDate: null,
  phone: null,
  email: null,
  contactNote: null,
});

/**
 * Runs the retention of people followed; returns how many were destroyed (500 at most per run). First,
 * the details a service was given under a consent that has since expired are destroyed too (reading
 * already stopped the day it expired; this removes the copy).
 */
export async function purgeFollowedPeople(platform: Platform): Promise<number> {
  const before = new Date(platform.now().getTime() - SUBJECT_RETENTION_DAYS * DAY_MS);
  return platform.db.transaction().execute(async (trx) => {
    const today = localDay(platform.now(), platform.config.timeZone);
    // Open referrals whose consent lapsed are over: nobody may act on a person they can no longer see.
    const cancelled = await repo.cancelLapsed(trx, today, platform.now());
    await repo.insertEvents(
      trx,
      platform.now(),
      cancelled.map((r) => ({
        referral_id: r.id,
        kind: 'consent_expired' as const,
        from_status: r.from_status,
        to_status: 'cancelled' as const,
      })),
    );
    const lapsed = await repo.wipeLapsedDisclosures(trx, today);
    if (lapsed > 0 || cancelled.length > 0)
      await platform.audit.append(trx, {
        actor: null,
        action: 'resources.subject.purge',
        meta: { lapsedDisclosures: lapsed, cancelledReferrals: cancelled.length },
      });
    const ids = (await repo.subjectsToPurge(trx, before)).map((row) => row.id);
    if (ids.length === 0) return 0;
    await repo.purgeSubjects(
      trx,
      ids,
      (id) => platform.keyring.encrypt(EMPTY_IDENTITY, identityContext(id)),
      platform.now(),
    );
    await platform.audit.append(trx, {
      actor: null,
      action: 'resources.subject.purge',
      meta: { purged: ids.length, retentionDays: SUBJECT_RETENTION_DAYS },
    });
    return ids.length;
  });
}

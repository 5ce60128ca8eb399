// What happens to consultations without anyone asking: the escalation of overdue ones, the nightly
// destruction of threads past the table's retention period, and the hand-over when a pivot leaves.

import type { Transaction } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import type { HandoverProvider } from '../../platform/handover/handover.js';
import type { Platform } from '../../platform/platform.js';
import * as accounts from '../accounts/index.js';
import { coordinatorsOf, tell } from './consultations.notify.js';
import * as repo from './consultations.repository.js';

/**
 * Consultations past their due time without a pivot's answer are escalated once: the org coordinators
 * of the asked pivots' organisations (and of the lead's) are told how many, and see them on their home.
 * Returns how many were escalated.
 */
export async function escalateOverdue(platform: Platform): Promise<number> {
  const now = platform.now();
  const overdue = await repo.overdueUnescalated(platform.db, now);
  if (overdue.length === 0) return 0;
  return platform.db.transaction().execute(async (trx) => {
    const rows = await repo.markEscalated(
      trx,
      overdue.map((r) => r.id),
      now,
    );
    const byOrganisation = new Map<string, number>();
    for (const row of rows) {
      // Unrouted ones wait for the asker's coordinators; the others for the asked pivots' coordinators.
      const organisations = new Set([
        ...row.recipient_organisations,
        ...(row.lead_organisation_id ? [row.lead_organisation_id] : []),
        ...(row.recipient_organisations.length === 0 ? [row.asker_organisation_id] : []),
      ]);
      for (const organisation of organisations)
        byOrganisation.set(organisation, (byOrganisation.get(organisation) ?? 0) + 1);
    }
    for (const [organisation, count] of byOrganisation)
      await tell(platform, trx, await coordinatorsOf(trx, [organisation]), 'overdue', {
        count,
        link: '/consultations?box=coordination&overdue=true',
      });
    if (rows.length > 0)
      await platform.audit.append(trx, {
        actor: null,
        action: 'consultations.consultation.escalate',
        meta: { escalated: rows.length, organisations: byOrganisation.size },
      });
    return rows.length;
  });
}

/** The instant `months` months before `now` (calendar months, UTC). */
export function monthsBefore(now: Date, months: number): Date {
  const at = new Date(now.getTime());
  at.setUTCMonth(at.getUTCMonth() - months);
  return at;
}

/**
 * Threads of consultations closed (or withdrawn) longer ago than the table's retention period, and of
 * those never closed whose last activity (asking, taking, last message) is older than it, are
 * destroyed: texts, summary, messages, who was asked and who took part. The row stays as a tombstone
 * with the non-identifying facts the figures need. Know-how entries drawn from them stay (they are
 * anonymised and never pointed back). Audited with the count. Returns how many were destroyed.
 */
export async function destroyExpiredThreads(platform: Platform): Promise<number> {
  const now = platform.now();
  const settings = await repo.getSettings(platform.db);
  const expired = await repo.expiredThreads(platform.db, monthsBefore(now, settings.retention_months));
  if (expired.length === 0) return 0;
  return platform.db.transaction().execute(async (trx) => {
    const destroyed = await repo.destroyThreads(
      trx,
      expired.map((r) => r.id),
      now,
    );
    if (destroyed.length > 0)
      await platform.audit.append(trx, {
        actor: null,
        action: 'consultations.thread.destroy',
        meta: { destroyed: destroyed.length, retentionMonths: settings.retention_months },
      });
    return destroyed.length;
  });
}

/**
 * When a pivot leaves (the network module's hand-over), the consultations they lead move to their
 * successor, who joins each thread, and the open ones routed to them are routed to the successor.
 */
export function consultationsHandover(platform: Platform): HandoverProvider {
  return {
    key: 'consultations',
    async countOpen(db, personId, organisationId) {
      return repo.countOpenOf(db, personId, organisationId);
    },
    async transfer(trx: Transaction<DB>, input) {
      const successor = await accounts.personById(trx, input.toPersonId);
      // Only the organisation's own consultations move, and only to one of its people who is a pivot:
      // anyone else could neither write in the thread, nor take, hand over or close.
      if (!successor || successor.organisation_id !== input.organisationId) return 0;
      if (!successor.roles.includes('pivot')) return 0;
      const to = { personId: successor.id, organisationId: input.organisationId };
      const now = platform.now();
      const led = await repo.moveLead(trx, input.fromPersonId, to, now);
      const routed = await repo.moveOpenRecipient(trx, input.fromPersonId, to, now);
      const moved = led.length + routed.length;
      if (moved > 0) {
        await platform.audit.append(trx, {
          actor: input.actorId,
          action: 'consultations.consultation.hand_over_all',
          meta: { led: led.length, routed: routed.length, from: input.fromPersonId, to: input.toPersonId },
        });
        await tell(platform, trx, [successor.id], 'handed_over', {
          count: moved,
          link: '/consultations?box=mine',
        });
      }
      return moved;
    },
  };
}

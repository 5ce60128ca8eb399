// What happens to a referral once sent: the workflow moves of each side, the outcome, notes, a consent
// withdrawn, the escalation of referrals left without an answer, and the hand-over when a pivot leaves.

import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type {
  NoteInput,
  OutcomeChange,
  ReferralConsent,
  ReferralDetail,
  StatusChange,
} from '../../../shared/contracts/referrals.js';
import { localDay } from '../../../shared/time-zone.js';
import type { Actor } from '../../platform/authz/actor.js';
import type { DB } from '../../platform/db/schema.js';
import { Errors } from '../../platform/errors.js';
import type { HandoverProvider } from '../../platform/handover/handover.js';
import type { Platform } from '../../platform/platform.js';
import * as accounts from '../accounts/index.js';
import { noteContext } from './referrals.fields.js';
import * as repo from './referrals.repository.js';
import {
  allowedMoves,
  consentHolds,
  isClosed,
  loadReferral,
  receiverStaff,
  referralDetail,
} from './referrals.service.js';
import { loadSubject, presentConsent, today } from './subjects.service.js';

function sealedNote(platform: Platform, note: string | null | undefined) {
  const text = note?.trim();
  const id = randomUUID();
  return { id, sealed_note: text ? platform.keyring.encrypt(text, noteContext(id)) : null };
}

/** Who to tell of a move: the other side (the sender in charge, or the service's staff). */
async function otherSide(
  platform: Platform,
  side: 'sender' | 'receiver',
  row: { sender_person_id: string | null; receiving_organisation_id: string | null; logged: boolean },
) {
  if (side === 'receiver') return row.sender_person_id ? [row.sender_person_id] : [];
  if (row.logged || !row.receiving_organisation_id) return [];
  return receiverStaff(platform, row.receiving_organisation_id);
}

/**
 * A move in the workflow, as a conditional update on the version the reader saw: a stale version or
 * a move the status does not allow answers 409 and changes nothing. Declining asks for a reason,
 * completing for an outcome. A referral that ends (declined, completed, cancelled) drops the details
 * the service was given.
 */
export async function changeStatus(
  platform: Platform,
  actor: Actor,
  id: string,
  input: StatusChange,
): Promise<ReferralDetail> {
  const { row, sides } = await loadReferral(platform, actor, id);
  // Acting for the service, unless cancelling one's own referral (or the move is the sender's only).
  const side =
    sides.includes('receiver') && !(input.to === 'cancelled' && sides.includes('sender'))
      ? 'receiver'
      : 'sender';
  if (row.version !== input.version) throw Errors.conflict();
  if (!allowedMoves([side], row, consentHolds(platform, row)).includes(input.to)) throw Errors.conflict();
  if (input.to === 'declined' && !input.declineReason) throw Errors.field('declineReason', 'required');
  if (input.to !== 'declined' && input.declineReason)
    throw Errors.field('declineReason', 'referrals_reason_not_declined');
  if (input.to === 'completed' && !input.outcome) throw Errors.field('outcome', 'required');
  const day = today(platform);
  if (input.firstContactOn) {
    if (input.firstContactOn > day) throw Errors.field('firstContactOn', 'referrals_date_future');
    // The day it was sent in the region (an evening referral is already the next day in UTC).
    if (input.firstContactOn < localDay(row.sent_at, platform.config.timeZone))
      throw Errors.field('firstContactOn', 'referrals_date_before_sent');
  }
  const now = platform.now();
  const closes = isClosed(input.to);
  const firstAnswer = side === 'receiver' && row.answered_at === null;
  const recipients = await otherSide(platform, side, row);
  const note = sealedNote(platform, input.note);
  await platform.db.transaction().execute(async (trx) => {
    const ok = await repo.updateReferral(trx, id, input.version, {
      status: input.to,
      ...(input.outcome ? { outcome: input.outcome } : {}),
      decline_reason: input.to === 'declined' ? input.declineReason! : null,
      ...(input.firstContactOn
        ? { first_contact_on: input.firstContactOn }
        : input.to === 'in_progress' && row.first_contact_on === null
          ? { first_contact_on: day }
          : {}),
      ...(firstAnswer ? { answered_at: now } : {}),
      ...(closes ? { closed_at: now, sealed_disclosed: null } : {}),
      updated_at: now,
    });
    if (!ok) throw Errors.conflict();
    await repo.insertEvents(trx, platform.now(), [
      {
        id: note.id,
        referral_id: id,
        kind: 'status',
        actor_person_id: actor.personId,
        actor_organisation_id: actor.organisationId,
        from_status: row.status,
        to_status: input.to,
        outcome: input.outcome ?? null,
        sealed_note: note.sealed_note,
      },
    ]);
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'resources.referral.change_status',
      targetType: 'referral',
      targetId: id,
      meta: { side, from: row.status, to: input.to, ...(input.outcome ? { outcome: input.outcome } : {}) },
    });
    if (recipients.length > 0)
      await platform.notifier.notify(trx, recipients, {
        kind: 'referrals.status',
        params: { status: input.to },
        link: `/references/${id}`,
      });
  });
  const fresh = await loadReferral(platform, actor, id);
  return referralDetail(platform, fresh.row, fresh.side, fresh.sides);
}

/** What came of a referral, recorded by either side (the sender only for a logged one). */
export async function recordOutcome(
  platform: Platform,
  actor: Actor,
  id: string,
  input: OutcomeChange,
): Promise<ReferralDetail> {
  const { row, side } = await loadReferral(platform, actor, id);
  if (side === 'receiver' && row.logged) throw Errors.notFound();
  // The service records what came of it while the referral is open and the consent holds, as it writes notes.
  if (side === 'receiver' && (isClosed(row.status) || !consentHolds(platform, row))) throw Errors.conflict();
  if (row.version !== input.version) throw Errors.conflict();
  const note = sealedNote(platform, input.note);
  await platform.db.transaction().execute(async (trx) => {
    const ok = await repo.updateReferral(trx, id, input.version, {
      outcome: input.outcome,
      updated_at: platform.now(),
    });
    if (!ok) throw Errors.conflict();
    await repo.insertEvents(trx, platform.now(), [
      {
        id: note.id,
        referral_id: id,
        kind: 'outcome',
        actor_person_id: actor.personId,
        actor_organisation_id: actor.organisationId,
        outcome: input.outcome,
        sealed_note: note.sealed_note,
      },
    ]);
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'resources.referral.record_outcome',
      targetType: 'referral',
      targetId: id,
      meta: { side, outcome: input.outcome },
    });
  });
  const fresh = await loadReferral(platform, actor, id);
  return referralDetail(platform, fresh.row, fresh.side, fresh.sides);
}

/** A note for the other side (sealed); the service can no longer add one once the referral is over. */
export async function addNote(
  platform: Platform,
  actor: Actor,
  id: string,
  input: NoteInput,
): Promise<ReferralDetail> {
  const { row, side } = await loadReferral(platform, actor, id);
  if (side === 'receiver' && (isClosed(row.status) || !consentHolds(platform, row))) throw Errors.conflict();
  const note = sealedNote(platform, input.note);
  const recipients = await otherSide(platform, side, row);
  await platform.db.transaction().execute(async (trx) => {
    await repo.insertEvents(trx, platform.now(), [
      {
        id: note.id,
        referral_id: id,
        kind: 'note',
        actor_person_id: actor.personId,
        actor_organisation_id: actor.organisationId,
        sealed_note: note.sealed_note,
      },
    ]);
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'resources.referral.add_note',
      targetType: 'referral',
      targetId: id,
      meta: { side },
    });
    if (recipients.length > 0 && !isClosed(row.status))
      await platform.notifier.notify(trx, recipients, { kind: 'referrals.note', link: `/references/${id}` });
  });
  const fresh = await loadReferral(platform, actor, id);
  return referralDetail(platform, fresh.row, fresh.side, fresh.sides);
}

/**
 * Withdraws a consent: every open referral made under it is cancelled at once and its service loses
 * the person's details; the services are told, without any detail.
 */
export async function revokeConsent(
  platform: Platform,
  actor: Actor,
  consentId: string,
): Promise<ReferralConsent> {
  const consent = await repo.findConsent(platform.db, consentId);
  if (!consent) throw Errors.notFound();
  await loadSubject(platform, actor, consent.subject_id);
  if (consent.revoked_at) throw Errors.conflict();
  const now = platform.now();
  await platform.db.transaction().execute(async (trx) => {
    // The consent's row is locked first: a referral sent under it meanwhile is either committed (and
    // cancelled here) or refused (it reads the consent again under the same lock).
    if (!(await repo.revokeConsent(trx, consentId, actor.personId, now))) throw Errors.conflict();
    // One statement, whatever the versions: a withdrawal wins over a move in flight.
    const open = await repo.cancelUnderConsent(trx, consentId, now);
    const staff = new Map<string, string[]>();
    for (const organisation of new Set(
      open.map((r) => r.receiving_organisation_id).filter((o) => o !== null),
    ))
      staff.set(organisation, await receiverStaff(platform, organisation, trx));
    await repo.insertEvents(
      trx,
      platform.now(),
      open.map((referral) => ({
        referral_id: referral.id,
        kind: 'consent_revoked' as const,
        actor_person_id: actor.personId,
        actor_organisation_id: actor.organisationId,
        from_status: referral.from_status,
        to_status: 'cancelled' as const,
      })),
    );
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'resources.consent.revoke',
      targetType: 'referral_subject',
      targetId: consent.subject_id,
      meta: { consent: consentId, cancelled: open.length },
    });
    for (const referral of open) {
      const people = referral.receiving_organisation_id
        ? (staff.get(referral.receiving_organisation_id) ?? [])
        : [];
      if (people.length > 0)
        await platform.notifier.notify(trx, people, {
          kind: 'referrals.withdrawn',
          link: `/references/${referral.id}`,
        });
    }
  });
  const rows = await repo.consentsOf(platform.db, consent.subject_id);
  return presentConsent(platform, rows.find((r) => r.id === consentId)!);
}

/**
 * Referrals still waiting for a first answer past their due time are escalated once: the receiving
 * organisation's coordinators are told how many wait, and each sender in charge sees theirs late.
 */
export async function escalateOverdue(platform: Platform): Promise<number> {
  const now = platform.now();
  const overdue = await repo.overdueUnescalated(platform.db, now);
  if (overdue.length === 0) return 0;
  return platform.db.transaction().execute(async (trx) => {
    // Who to tell is read with the rows as they stand when marked (a hand-over may just have moved them).
    const rows = await repo.markEscalated(
      trx,
      overdue.map((r) => r.id),
      now,
    );
    await repo.insertEvents(
      trx,
      platform.now(),
      rows.map((r) => ({ referral_id: r.id, kind: 'escalated' as const })),
    );
    const byOrganisation = new Map<string, number>();
    for (const r of rows)
      if (r.receiving_organisation_id)
        byOrganisation.set(
          r.receiving_organisation_id,
          (byOrganisation.get(r.receiving_organisation_id) ?? 0) + 1,
        );
    for (const [organisation, count] of byOrganisation) {
      const people = await accounts.peopleWithRole(trx, 'org_coordinator', { organisationId: organisation });
      if (people.length > 0)
        await platform.notifier.notify(
          trx,
          people.map((p) => p.id),
          { kind: 'referrals.overdue', params: { count }, link: '/references?side=received&overdue=true' },
        );
    }
    const senders = [...new Set(rows.map((r) => r.sender_person_id).filter((p) => p !== null))];
    if (senders.length > 0)
      await platform.notifier.notify(trx, senders, {
        kind: 'referrals.overdue_sent',
        link: '/references?side=sent&overdue=true',
      });
    if (rows.length > 0)
      await platform.audit.append(trx, {
        actor: null,
        action: 'resources.referral.escalate',
        meta: { escalated: rows.length, organisations: byOrganisation.size },
      });
    return rows.length;
  });
}

/** Open referrals follow their sender when a pivot leaves (the network module's hand-over). */
export function referralsHandover(platform: Platform): HandoverProvider {
  return {
    key: 'referrals',
    countOpen: (db, personId, organisationId) => repo.countOpenOf(db, personId, organisationId),
    async transfer(trx: Transaction<DB>, input) {
      const moved = await repo.moveOpen(trx, input);
      await repo.insertEvents(
        trx,
        platform.now(),
        moved.map((id) => ({ referral_id: id, kind: 'handover' as const, actor_person_id: input.actorId })),
      );
      if (moved.length > 0)
        await platform.audit.append(trx, {
          actor: input.actorId,
          action: 'resources.referral.hand_over',
          meta: { moved: moved.length, from: input.fromPersonId, to: input.toPersonId },
        });
      return moved.length;
    },
  };
}

// What happens to a consultation once asked: a pivot takes it (the first wins), the thread between the
// asker and the pivots, bringing in a pivot, handing over the lead, the close with a summary and
// suggested resources, and the asker's withdrawal of an untaken one. Every move is a conditional
// update; the loser of a race gets 409 and nothing changes.

import { randomUUID } from 'node:crypto';
import type {
  CloseInput,
  ConsultationDetail,
  ConsultationMessage,
  HandOverInput,
  MessageInput,
  ParticipantInput,
} from '../../../shared/contracts/consultations.js';
import type { Actor } from '../../platform/authz/actor.js';
import { AppError, Errors } from '../../platform/errors.js';
import type { Platform } from '../../platform/platform.js';
import { serviceNames } from '../resources/index.js';
import { candidates } from './ask.service.js';
import { messageContext, summaryContext } from './consultations.fields.js';
import { tell } from './consultations.notify.js';
import { abilities } from './consultations.policy.js';
import * as repo from './consultations.repository.js';
import { identifyingProblems } from './consultations.rules.js';
import {
  consultationDetail,
  type LoadedConsultation,
  loadConsultation,
  readConsultation,
} from './reading.service.js';

/** 409 with the reason in the details (translated): already taken, no longer open… */
function conflict(rule: string): AppError {
  return new AppError('conflict', 409, { details: [{ field: 'status', rule }] });
}

const may = (actor: Actor, loaded: LoadedConsultation) =>
  abilities(actor, loaded.place, {
    status: loaded.row.status,
    destroyed: loaded.row.destroyed_at !== null,
    knowledgeId: loaded.row.knowledge_id,
  });

/** The people of the thread other than the actor: the asker and the pivots taking part. */
async function threadPeople(platform: Platform, loaded: LoadedConsultation): Promise<(string | null)[]> {
  const participants = await repo.participantsOf(platform.db, loaded.row.id);
  return [loaded.row.asker_person_id, ...participants.map((p) => p.person_id)];
}

/**
 * A pivot on duty today and present, other than the actor and the consultation's asker: whom one may
 * ask, bring in or hand over to.
 */
async function availablePivot(
  platform: Platform,
  actor: Actor,
  loaded: LoadedConsultation,
  personId: string,
) {
  const pivot = (await candidates(platform)).find((c) => c.personId === personId);
  if (!pivot || pivot.absent || personId === actor.personId || personId === loaded.row.asker_person_id)
    throw Errors.field('personId', 'consultations_pivot_unavailable');
  return pivot;
}

/**
 * A pivot asked by routing takes the consultation: one conditional update from open to taken; the
 * others get 409 "already taken" and from then on see a stub. The asker and the other pivots asked
 * are told.
 */
export async function takeConsultation(
  platform: Platform,
  actor: Actor,
  id: string,
): Promise<ConsultationDetail> {
  const loaded = await loadConsultation(platform, actor, id);
  if (!loaded.place.recipient) throw Errors.forbidden();
  if (loaded.row.status !== 'open') throw conflict('consultations_already_taken');
  const now = platform.now();
  const recipients = await repo.recipientsOf(platform.db, id);
  await platform.db.transaction().execute(async (trx) => {
    const won = await repo.updateConsultation(
      trx,
      id,
      { statuses: ['open'] },
      {
        status: 'taken',
        lead_person_id: actor.personId,
        lead_organisation_id: actor.organisationId,
        taken_at: now,
        updated_at: now,
      },
    );
    if (!won) throw conflict('consultations_already_taken');
    await repo.insertParticipant(trx, {
      consultation_id: id,
      person_id: actor.personId,
      organisation_id: actor.organisationId,
      added_at: now,
      added_by: actor.personId,
    });
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'consultations.consultation.take',
      targetType: 'consultation',
      targetId: id,
    });
    await tell(platform, trx, [loaded.row.asker_person_id, ...recipients.map((r) => r.person_id)], 'taken', {
      consultationId: id,
      except: actor.personId,
    });
  });
  return readConsultation(platform, actor, id);
}

/**
 * A message in the thread, by the asker or a pivot taking part, while the consultation is taken. The
 * first pivot's message meets the due time. Everyone else in the thread is told at once (live).
 */
export async function postMessage(
  platform: Platform,
  actor: Actor,
  id: string,
  input: MessageInput,
): Promise<ConsultationMessage> {
  const loaded = await loadConsultation(platform, actor, id);
  if (!may(actor, loaded).message) {
    if (loaded.place.asker || loaded.place.participant) throw conflict('consultations_not_taken');
    throw Errors.forbidden();
  }
  const body = input.body.trim();
  // The field is `body`, a word the server's labels already give to other forms ("Question"): the
  // rule for a thread message names it itself.
  const problems = identifyingProblems({ body }, actor.locale).map((p) => ({
    ...p,
    rule: 'consultations_identifying_message',
  }));
  if (problems.length > 0) throw Errors.invalid(problems);
  const side = loaded.place.asker ? ('asker' as const) : ('pivot' as const);
  const messageId = randomUUID();
  const now = platform.now();
  const people = await threadPeople(platform, loaded);
  await platform.db.transaction().execute(async (trx) => {
    const current = await repo.lockConsultation(trx, id);
    if (current?.status !== 'taken' || current.destroyed_at !== null)
      throw conflict('consultations_not_taken');
    await repo.insertMessage(trx, {
      id: messageId,
      consultation_id: id,
      author_person_id: actor.personId,
      author_side: side,
      at: now,
      sealed_body: platform.keyring.encrypt(body, messageContext(messageId)),
    });
    if (side === 'pivot') await repo.markFirstAnswer(trx, id, now);
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'consultations.message.post',
      targetType: 'consultation',
      targetId: id,
      meta: { side },
    });
    await tell(platform, trx, people, 'message', { consultationId: id, except: actor.personId });
  });
  return { id: messageId, authorName: null, authorSide: side, mine: true, at: now.toISOString(), body };
}

/** A pivot taking part brings another pivot on duty into the thread; they are told. */
export async function bringIn(
  platform: Platform,
  actor: Actor,
  id: string,
  input: ParticipantInput,
): Promise<ConsultationDetail> {
  const loaded = await loadConsultation(platform, actor, id);
  if (!may(actor, loaded).bringIn) {
    if (loaded.place.participant) throw conflict('consultations_not_taken');
    throw Errors.forbidden();
  }
  const pivot = await availablePivot(platform, actor, loaded, input.personId);
  const now = platform.now();
  await platform.db.transaction().execute(async (trx) => {
    const current = await repo.lockConsultation(trx, id);
    if (current?.status !== 'taken' || current.destroyed_at !== null)
      throw conflict('consultations_not_taken');
    const added = await repo.insertParticipant(trx, {
      consultation_id: id,
      person_id: pivot.personId,
      organisation_id: pivot.organisationId,
      added_at: now,
      added_by: actor.personId,
    });
    if (!added) throw conflict('consultations_already_participant');
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'consultations.participant.add',
      targetType: 'consultation',
      targetId: id,
      meta: { person: pivot.personId },
    });
    await tell(platform, trx, [pivot.personId], 'brought_in', { consultationId: id });
  });
  return readConsultation(platform, actor, id);
}

/**
 * The lead pivot hands the consultation over to another pivot on duty, who becomes the lead (the
 * former lead stays in the thread). Conditional on the version read and on still leading it.
 */
export async function handOver(
  platform: Platform,
  actor: Actor,
  id: string,
  input: HandOverInput,
): Promise<ConsultationDetail> {
  const loaded = await loadConsultation(platform, actor, id);
  if (!may(actor, loaded).handOver) {
    if (loaded.place.participant) throw conflict('consultations_not_lead');
    throw Errors.forbidden();
  }
  const pivot = await availablePivot(platform, actor, loaded, input.personId);
  const now = platform.now();
  await platform.db.transaction().execute(async (trx) => {
    const moved = await repo.updateConsultation(
      trx,
      id,
      { statuses: ['taken'], version: input.version, leadPersonId: actor.personId },
      { lead_person_id: pivot.personId, lead_organisation_id: pivot.organisationId, updated_at: now },
    );
    if (!moved) throw conflict('consultations_changed');
    await repo.insertParticipant(trx, {
      consultation_id: id,
      person_id: pivot.personId,
      organisation_id: pivot.organisationId,
      added_at: now,
      added_by: actor.personId,
    });
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'consultations.consultation.hand_over',
      targetType: 'consultation',
      targetId: id,
      meta: { to: pivot.personId },
    });
    await tell(platform, trx, [pivot.personId, loaded.row.asker_person_id], 'handed_over', {
      consultationId: id,
    });
  });
  return readConsultation(platform, actor, id);
}

/**
 * The lead pivot closes the consultation with a summary (checked like every text) and, if useful,
 * services of the directory. Closing meets the due time when no pivot had answered yet. Conditional
 * on the version read: of two closes, the second gets 409.
 */
export async function closeConsultation(
  platform: Platform,
  actor: Actor,
  id: string,
  input: CloseInput,
): Promise<ConsultationDetail> {
  const loaded = await loadConsultation(platform, actor, id);
  if (!may(actor, loaded).close) {
    if (loaded.place.participant || loaded.place.lead) throw conflict('consultations_not_lead');
    throw Errors.forbidden();
  }
  const summary = input.summary.trim();
  const problems = identifyingProblems({ summary }, actor.locale);
  if (problems.length > 0) throw Errors.invalid(problems);
  const serviceIds = input.serviceIds ?? [];
  const known = new Set((await serviceNames(platform.db, serviceIds)).map((s) => s.id));
  const unknown = serviceIds.findIndex((s) => !known.has(s));
  if (unknown >= 0) throw Errors.field(`serviceIds.${unknown}`, 'consultations_unknown_service');
  const now = platform.now();
  const people = await threadPeople(platform, loaded);
  await platform.db.transaction().execute(async (trx) => {
    const closed = await repo.updateConsultation(
      trx,
      id,
      { statuses: ['taken'], version: input.version, leadPersonId: actor.personId },
      {
        status: 'closed',
        sealed_summary: platform.keyring.encrypt(summary, summaryContext(id)),
        suggested_service_ids: serviceIds,
        closed_at: now,
        updated_at: now,
      },
    );
    if (!closed) throw conflict('consultations_changed');
    // Closing answers the question when no pivot had written yet.
    await repo.markFirstAnswer(trx, id, now);
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'consultations.consultation.close',
      targetType: 'consultation',
      targetId: id,
      meta: { services: serviceIds.length },
    });
    await tell(platform, trx, people, 'closed', { consultationId: id, except: actor.personId });
  });
  return readConsultation(platform, actor, id);
}

/** The asker withdraws a consultation nobody took yet; the pivots asked are told. */
export async function withdrawConsultation(
  platform: Platform,
  actor: Actor,
  id: string,
): Promise<ConsultationDetail> {
  const loaded = await loadConsultation(platform, actor, id);
  if (!loaded.place.asker) throw Errors.forbidden();
  if (!may(actor, loaded).withdraw) throw conflict('consultations_already_taken');
  const now = platform.now();
  const recipients = await repo.recipientsOf(platform.db, id);
  await platform.db.transaction().execute(async (trx) => {
    const done = await repo.updateConsultation(
      trx,
      id,
      { statuses: ['open'] },
      { status: 'withdrawn', withdrawn_at: now, updated_at: now },
    );
    if (!done) throw conflict('consultations_already_taken');
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'consultations.consultation.withdraw',
      targetType: 'consultation',
      targetId: id,
    });
    await tell(
      platform,
      trx,
      recipients.map((r) => r.person_id),
      'withdrawn',
      { consultationId: id },
    );
  });
  return readConsultation(platform, actor, id);
}

/**
 * A coordinator asks a pivot on duty for a consultation still waiting (routing found nobody, or nobody
 * took it): the org coordinator of the asker's organisation, or the table's coordination (which sees
 * only the stub, never the texts). The pivot is added to those asked and told; the consultation is no
 * longer unrouted.
 */
export async function askPivot(
  platform: Platform,
  actor: Actor,
  id: string,
  input: ParticipantInput,
): Promise<ConsultationDetail> {
  const loaded = await loadConsultation(platform, actor, id);
  const { place, row } = loaded;
  if (!place.askerCoordinator && !place.tableCoordinator) throw Errors.forbidden();
  if (!may(actor, loaded).askPivot) throw conflict('consultations_already_taken');
  const pivot = await availablePivot(platform, actor, loaded, input.personId);
  const now = platform.now();
  await platform.db.transaction().execute(async (trx) => {
    const current = await repo.lockConsultation(trx, id);
    if (current?.status !== 'open' || current.destroyed_at !== null)
      throw conflict('consultations_already_taken');
    if (
      !(await repo.addRecipient(
        trx,
        id,
        { personId: pivot.personId, organisationId: pivot.organisationId },
        now,
      ))
    )
      throw conflict('consultations_already_asked');
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'consultations.recipient.add',
      targetType: 'consultation',
      targetId: id,
      meta: { person: pivot.personId },
    });
    await tell(platform, trx, [pivot.personId], 'asked', { consultationId: id });
  });
  // The table's coordination saw the stub because nobody was found: it keeps seeing it in this answer.
  const fresh = await repo.findConsultation(platform.db, id);
  return consultationDetail(platform, actor, { ...loaded, row: fresh ?? row });
}

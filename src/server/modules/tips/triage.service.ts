import { randomUUID } from 'node:crypto';
import type { Static } from '@sinclair/typebox';
import type { Actor } from '../../platform/authz/actor.js';
import { authorize } from '../../platform/authz/authorize.js';
import { AppError, Errors, type FieldProblem } from '../../platform/errors.js';
import type { Platform } from '../../platform/platform.js';
import { loadReadable, subject } from './desk.service.js';
import { unseal } from './tips.content.js';
import { canTriageTip, canWriteNote } from './tips.policy.js';
import * as repo from './tips.repository.js';
import type { TriageBody } from './tips.schemas.js';
import type { Disposition, TipStatus } from './tips.table.js';
import * as unitRepo from './units.repository.js';

/**
 * The police desk's decisions on a tip: triage (status, priority, category, units, the disposition
 * when it ends), links between related tips, and internal notes.
 */

/** A triage as the analyst sends it (the request schema's type). */
export type TriageInput = Static<typeof TriageBody>;

const ENDED: readonly TipStatus[] = ['closed', 'unfounded'];

/**
 * The disposition part of a triage: required when the tip ends (closed, unfounded) — unless it already
 * ended with one and only other fields change —, refused otherwise, cleared when a tip is reopened.
 */
export function dispositionChange(
  current: { status: TipStatus; disposition: Disposition | null },
  nextStatus: TipStatus,
  input: { disposition?: Disposition | undefined; dispositionNote?: string | undefined },
): { problems: FieldProblem[]; set: { disposition: Disposition | null; note: string | null } | null } {
  const problems: FieldProblem[] = [];
  const note = input.dispositionNote?.trim() || null;
  if (!ENDED.includes(nextStatus)) {
    if (input.disposition || note) problems.push({ field: 'disposition', rule: 'tips_disposition_open' });
    return { problems, set: current.disposition ? { disposition: null, note: null } : null };
  }
  const disposition = input.disposition ?? (ENDED.includes(current.status) ? current.disposition : null);
  if (!disposition) problems.push({ field: 'disposition', rule: 'tips_disposition_required' });
  if (input.disposition === 'other' && !note) {
    problems.push({ field: 'dispositionNote', rule: 'tips_disposition_note_required' });
  }
  if (problems.length > 0 || !input.disposition) return { problems, set: null };
  return { problems, set: { disposition: input.disposition, note } };
}

/**
 * Triage: status, priority, category, responsible unit and units copied for information. Decided on
 * the tip's locked row, so two analysts at once are ordered, never interleaved: with `fromStatus`, a
 * tip whose status changed meanwhile is refused (conflict, field `fromStatus`) and nothing is written;
 * a triage that changes nothing (the same one sent twice) writes nothing and no audit entry. Throws
 * not_found, forbidden, validation_failed, conflict.
 */
export async function triageTip(
  platform: Platform,
  actor: Actor,
  id: string,
  input: TriageInput,
): Promise<void> {
  const { tip: seen } = await loadReadable(platform, actor, id);
  authorize(canTriageTip(actor, { serviceId: seen.service_id }), { hide: false });
  const wanted = [...(input.unitId ? [input.unitId] : []), ...(input.copiedUnitIds ?? [])];
  await platform.db.transaction().execute(async (trx) => {
    const tip = await repo.lockTip(trx, id);
    if (!tip) throw Errors.notFound();
    // The units named must be the tip's own police service's, read in the same transaction.
    const found = await unitRepo.unitsByIds(trx, [...new Set(wanted)]);
    const foreign = (unit: string) => !found.some((f) => f.id === unit && f.service_id === tip.service_id);
    if (input.fromStatus !== undefined && input.fromStatus !== tip.status) {
      throw new AppError('conflict', 409, {
        details: [{ field: 'fromStatus', rule: 'tips_status_changed' }],
      });
    }
    const problems: FieldProblem[] = [];
    if (input.unitId && foreign(input.unitId)) problems.push({ field: 'unitId', rule: 'unknown' });
    const nextStatus = input.status ?? tip.status;
    const closing = dispositionChange(tip, nextStatus, input);
    problems.push(...closing.problems);
    const badCopy = (input.copiedUnitIds ?? []).findIndex(foreign);
    if (badCopy >= 0) problems.push({ field: `copiedUnitIds.${badCopy}`, rule: 'unknown' });
    if (problems.length > 0) throw Errors.invalid(problems);
    let status = input.status;
    if (!status && input.unitId && tip.status === 'new') status = 'assigned';
    const copies = input.copiedUnitIds ? [...new Set(input.copiedUnitIds)] : undefined;
    const noteNow = tip.disposition_note
      ? unseal(platform, tip.disposition_note, `tips.disposition_note:${id}`)
      : null;
    const changed =
      (status !== undefined && status !== tip.status) ||
      (input.priority !== undefined && input.priority !== tip.priority) ||
      (input.category !== undefined && input.category !== tip.category) ||
      (input.unitId !== undefined && input.unitId !== tip.unit_id) ||
      (closing.set !== null &&
        (closing.set.disposition !== tip.disposition || closing.set.note !== noteNow)) ||
      (copies !== undefined &&
        (copies.length !== tip.copied_unit_ids.length ||
          copies.some((c) => !tip.copied_unit_ids.includes(c))));
    // The same triage again (a second click, or a request that lost a race to an identical one).
    if (!changed) return;
    await repo.updateTriage(trx, id, {
      ...(status ? { status } : {}),
      ...(input.priority ? { priority: input.priority } : {}),
      ...(input.category ? { category: input.category } : {}),
      ...(input.unitId !== undefined ? { unit_id: input.unitId } : {}),
      ...(closing.set
        ? {
            disposition: closing.set.disposition,
            disposition_note: closing.set.note
              ? platform.keyring.encrypt(closing.set.note, `tips.disposition_note:${id}`)
              : null,
          }
        : {}),
    });
    if (copies) await repo.replaceCopies(trx, id, copies);
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'tips.tip.triage',
      targetType: 'tip',
      targetId: id,
      meta: {
        fields: Object.keys(input).filter(
          (k) => k !== 'fromStatus' && input[k as keyof TriageInput] !== undefined,
        ),
        ...(status ? { status } : {}),
        ...(closing.set?.disposition ? { disposition: closing.set.disposition } : {}),
      },
    });
  });
}

/** Links two related tips of the same service. */
export async function linkTips(platform: Platform, actor: Actor, id: string, otherId: string): Promise<void> {
  const { tip } = await loadReadable(platform, actor, id);
  authorize(canTriageTip(actor, { serviceId: tip.service_id }), { hide: false });
  if (otherId === id) throw Errors.field('otherId', 'tips_link_self');
  const other = await repo.findTip(platform.db, otherId);
  if (!other || other.service_id !== tip.service_id) throw Errors.field('otherId', 'unknown');
  await platform.db.transaction().execute(async (trx) => {
    await repo.linkTips(trx, id, otherId);
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'tips.tip.link',
      targetType: 'tip',
      targetId: id,
      meta: { other: otherId },
    });
  });
}

/** An internal note of the police on a tip (never shown to the tipster); encrypted and audited. */
export async function addNote(platform: Platform, actor: Actor, id: string, body: string): Promise<void> {
  const { tip, units } = await loadReadable(platform, actor, id);
  authorize(canWriteNote(actor, subject(tip), units), { hide: false });
  const text = body.trim();
  if (!text) throw Errors.field('body', 'required');
  const noteId = randomUUID();
  await platform.db.transaction().execute(async (trx) => {
    await repo.insertNote(trx, {
      id: noteId,
      tip_id: id,
      author_person_id: actor.personId,
      body: platform.keyring.encrypt(text, `tips.note:${noteId}`),
      created_at: platform.now(),
    });
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'tips.note.add',
      targetType: 'tip',
      targetId: id,
    });
  });
}

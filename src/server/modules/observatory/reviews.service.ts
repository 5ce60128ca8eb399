// The table's review of observations' free texts: only an approved text is shared beyond the author's
// organisation (research exports the table allows). Two reviews of one text: the first wins, the
// other gets a 409.

import type {
  ObservationDetail,
  PendingTextList,
  PendingTextQuery,
  TextReviewInput,
} from '../../../shared/contracts/observatory.js';
import type { Actor } from '../../platform/authz/actor.js';
import { authorize } from '../../platform/authz/authorize.js';
import { Errors } from '../../platform/errors.js';
import type { Platform } from '../../platform/platform.js';
import * as repo from './observations.repository.js';
import { readObservation } from './observations.service.js';
import { observationTextContext } from './observatory.fields.js';
import { isTable } from './observatory.policy.js';
import { monthOf } from './observatory.rules.js';

/** A rejection says why, in this many characters at least. */
export const REJECTION_REASON_MIN = 10;

/** The texts waiting for review, oldest first, opened for the table. */
export async function listPendingTexts(
  platform: Platform,
  actor: Actor,
  query: PendingTextQuery,
): Promise<PendingTextList> {
  authorize(isTable(actor), { hide: false });
  const { rows, total } = await repo.pendingTexts(platform.db, query.limit ?? 50, query.offset ?? 0);
  return {
    total,
    items: rows.map((row) => ({
      observationId: row.id,
      organisationName: row.organisation_name,
      month: monthOf(row.month),
      placeType: row.place_type,
      text: row.sealed_text ? platform.keyring.decrypt(row.sealed_text, observationTextContext(row.id)) : '',
      submittedAt: (row.text_submitted_at ?? row.created_at).toISOString(),
      version: row.version,
    })),
  };
}

/** Approves or rejects (with a reason) a pending text, conditional on the observation's version. */
export async function reviewText(
  platform: Platform,
  actor: Actor,
  id: string,
  input: TextReviewInput,
): Promise<ObservationDetail> {
  authorize(isTable(actor), { hide: false });
  const reason = input.reason?.trim() ?? '';
  if (input.decision === 'reject' && reason.length < REJECTION_REASON_MIN)
    throw Errors.field('reason', 'observatory_reject_reason', { min: REJECTION_REASON_MIN });
  if (input.decision === 'approve' && reason !== '')
    throw Errors.field('reason', 'observatory_reason_not_rejected');
  await platform.db.transaction().execute(async (trx) => {
    const row = await repo.findObservation(trx, id);
    if (!row) throw Errors.notFound();
    const changed = await repo.reviewText(trx, id, input.version, {
      text_status: input.decision === 'approve' ? 'approved' : 'rejected',
      text_reviewed_at: platform.now(),
      text_reviewed_by: actor.personId,
      text_rejection_reason: input.decision === 'reject' ? reason : null,
      updated_at: platform.now(),
    });
    if (!changed) throw Errors.conflict();
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'observatory.observation_text.review',
      targetType: 'observation',
      targetId: id,
      meta: { decision: input.decision },
    });
  });
  return readObservation(platform, actor, id);
}

// Succession of pivots: replacing a pivot in one step, with the hand-over of their open work.
import type { Static } from '@sinclair/typebox';
import type { Actor } from '../../platform/authz/actor.js';
import { authorize } from '../../platform/authz/authorize.js';
import { AppError, Errors } from '../../platform/errors.js';
import type { Platform } from '../../platform/platform.js';
import * as repo from './mandates.repository.js';
import { checkCandidate, loadMandateForManagement, syncPivotRole } from './mandates.steps.js';
import { canManageOrganisationPivots } from './network.policy.js';
import { regionToday } from './network.rules.js';
import type { ReplaceBody } from './network.schemas.js';
import { refreshWarnings } from './warnings.service.js';

export interface ReplaceResult {
  organisationId: string;
  successorMandateId: string;
  handedOver: Record<string, number>;
}

/**
 * Replaces a pivot in one step: ends their mandate on `endDate`, opens the successor's mandate from
 * that day (same expertise and languages), and — with `handover` — moves everything open assigned to
 * the leaving pivot to the successor through the platform's hand-over registry, all in one transaction.
 * The successor is checked like any new pivot. Decided on the mandate's locked row: a mandate already
 * replaced (or ended) is a conflict, so of several replacements at once one goes through, with one
 * hand-over. Throws not_found, forbidden, conflict, field errors.
 */
export async function replacePivot(
  platform: Platform,
  actor: Actor,
  input: Static<typeof ReplaceBody> & { mandateId: string },
): Promise<ReplaceResult> {
  const result = await platform.db.transaction().execute(async (trx) => {
    const mandate = await loadMandateForManagement(trx, actor, input.mandateId);
    if (mandate.successor_mandate_id !== null) throw new AppError('conflict', 409);
    if (mandate.end_on !== null && mandate.end_on < regionToday(platform))
      throw new AppError('conflict', 409);
    if (input.endDate < mandate.start_on) throw Errors.field('endDate', 'end_before_start');
    if (input.successorPersonId === mandate.person_id) throw Errors.field('successorPersonId', 'same_person');
    await checkCandidate(trx, 'successorPersonId', {
      personId: input.successorPersonId,
      organisationId: mandate.organisation_id,
      startOn: input.endDate,
      endOn: null,
    });
    const successorMandateId = await repo.insertMandate(trx, {
      person_id: input.successorPersonId,
      organisation_id: mandate.organisation_id,
      start_on: input.endDate,
      end_on: null,
      expertise: mandate.expertise,
      languages: mandate.languages,
      prerequisite_completed_on: null,
      created_by: actor.personId,
    });
    await repo.updateMandate(
      trx,
      mandate.id,
      { end_on: input.endDate, successor_mandate_id: successorMandateId },
      platform.now(),
    );
    const handedOver = input.handover
      ? await platform.handover.transferAll(trx, {
          fromPersonId: mandate.person_id,
          toPersonId: input.successorPersonId,
          organisationId: mandate.organisation_id,
          actorId: actor.personId,
        })
      : {};
    await refreshWarnings(platform, trx, [mandate.organisation_id]);
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'network.pivot.replace',
      targetType: 'pivot_mandate',
      targetId: mandate.id,
      meta: {
        successorMandate: successorMandateId,
        successor: input.successorPersonId,
        endDate: input.endDate,
        handover: Object.entries(handedOver).map(([key, count]) => `${key}:${count}`),
      },
    });
    await syncPivotRole(platform, trx, actor, mandate.person_id);
    await syncPivotRole(platform, trx, actor, input.successorPersonId);
    return {
      organisationId: mandate.organisation_id,
      successorMandateId,
      handedOver,
    };
  });
  return {
    organisationId: result.organisationId,
    successorMandateId: result.successorMandateId,
    handedOver: result.handedOver,
  };
}

/** What the pivot of a mandate holds open in each module, shown before a hand-over. */
export async function openWorkOfMandate(platform: Platform, actor: Actor, mandateId: string) {
  const mandate = await repo.findMandate(platform.db, mandateId);
  if (!mandate) throw Errors.notFound();
  authorize(canManageOrganisationPivots(actor, mandate.organisation_id), { hide: false });
  return platform.handover.openWork(platform.db, mandate.person_id, mandate.organisation_id);
}

// Pivot mandates: naming a pivot, changing or ending a mandate, recording a pivot's absences.
import type { Static } from '@sinclair/typebox';
import type { Transaction } from 'kysely';
import type { AuditEvent } from '../../platform/audit/audit.js';
import type { Actor } from '../../platform/authz/actor.js';
import { authorize } from '../../platform/authz/authorize.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError, Errors } from '../../platform/errors.js';
import type { Platform } from '../../platform/platform.js';
import { organisationById } from '../accounts/index.js';
import * as repo from './mandates.repository.js';
import { checkCandidate, loadMandateForManagement, syncPivotRole } from './mandates.steps.js';
import { canManageOrganisationPivots } from './network.policy.js';
import { rangesOverlap, regionToday } from './network.rules.js';
import type { AbsenceBody, MandateBody, UpdateMandateBody } from './network.schemas.js';
import { refreshWarnings } from './warnings.service.js';

/** A new mandate as the route hands it over: dates left out of the request are null. */
export type MandateInput = Static<typeof MandateBody> & {
  endOn: string | null;
  prerequisiteCompletedOn: string | null;
};

function dedupe(values: string[]): string[] {
  return [...new Set(values.map((v) => v.trim().toLowerCase()))];
}

/**
 * What follows every write of a mandate, in its transaction: the organisation's coverage warnings
 * again, the audit entry, then the person's `pivot` role kept in step.
 */
async function recordMandateChange(
  platform: Platform,
  trx: Transaction<DB>,
  actor: Actor,
  mandate: Pick<repo.MandateRow, 'id' | 'person_id' | 'organisation_id'>,
  action: AuditEvent['action'],
  meta: AuditEvent['meta'],
): Promise<void> {
  await refreshWarnings(platform, trx, [mandate.organisation_id]);
  await platform.audit.append(trx, {
    actor: actor.personId,
    action,
    targetType: 'pivot_mandate',
    targetId: mandate.id,
    meta,
  });
  await syncPivotRole(platform, trx, actor, mandate.person_id);
}

/**
 * Names a pivot: opens a mandate for a person of the organisation. Refuses (400) an end before the
 * start, a person of another organisation, and a person already pivot here or in another organisation
 * over the same days. Then gives the person the `pivot` role through the accounts service when the
 * actor may (roles outside the actor's reach are left untouched). Returns the mandate's id.
 */
export async function namePivot(platform: Platform, actor: Actor, input: MandateInput): Promise<string> {
  authorize(canManageOrganisationPivots(actor, input.organisationId), { hide: false });
  if (input.endOn !== null && input.endOn < input.startOn) throw Errors.field('endOn', 'end_before_start');
  const id = await platform.db.transaction().execute(async (trx) => {
    const organisation = await organisationById(trx, input.organisationId);
    if (!organisation) throw Errors.field('organisationId', 'unknown');
    await checkCandidate(trx, 'personId', input);
    const mandateId = await repo.insertMandate(trx, {
      person_id: input.personId,
      organisation_id: input.organisationId,
      start_on: input.startOn,
      end_on: input.endOn,
      expertise: [...new Set(input.expertise)],
      languages: dedupe(input.languages),
      prerequisite_completed_on: input.prerequisiteCompletedOn,
      created_by: actor.personId,
    });
    await recordMandateChange(
      platform,
      trx,
      actor,
      { id: mandateId, person_id: input.personId, organisation_id: input.organisationId },
      'network.pivot.name',
      { person: input.personId, organisation: input.organisationId },
    );
    return mandateId;
  });
  return id;
}

/** Updates a mandate's expertise, languages, prerequisite date or end date. Returns the organisation. */
export async function updateMandate(
  platform: Platform,
  actor: Actor,
  mandateId: string,
  input: Static<typeof UpdateMandateBody>,
): Promise<string> {
  const mandate = await platform.db.transaction().execute(async (trx) => {
    const mandate = await loadMandateForManagement(trx, actor, mandateId);
    if (input.endOn !== undefined) {
      if (input.endOn !== null && input.endOn < mandate.start_on)
        throw Errors.field('endOn', 'end_before_start');
      if (input.endOn === null || (mandate.end_on !== null && input.endOn > mandate.end_on)) {
        // Extending a mandate must not make it overlap another one of the same person.
        await checkCandidate(
          trx,
          'endOn',
          {
            personId: mandate.person_id,
            organisationId: mandate.organisation_id,
            startOn: mandate.start_on,
            endOn: input.endOn,
          },
          mandate.id,
        );
      }
    }
    await repo.updateMandate(
      trx,
      mandateId,
      {
        ...(input.endOn !== undefined ? { end_on: input.endOn } : {}),
        ...(input.expertise !== undefined ? { expertise: [...new Set(input.expertise)] } : {}),
        ...(input.languages !== undefined ? { languages: dedupe(input.languages) } : {}),
        ...(input.prerequisiteCompletedOn !== undefined
          ? { prerequisite_completed_on: input.prerequisiteCompletedOn }
          : {}),
      },
      platform.now(),
    );
    await recordMandateChange(platform, trx, actor, mandate, 'network.pivot.update', {
      fields: Object.keys(input),
    });
    return mandate;
  });
  return mandate.organisation_id;
}

/**
 * Ends a mandate on a date (kept with its history), decided on its locked row. A mandate that already
 * ends on that day or earlier has nothing to end (an extension is an update, checked for overlaps):
 * conflict, so of several ends at once one goes through. Throws end_before_start, not_found,
 * forbidden, conflict.
 */
export async function endMandate(
  platform: Platform,
  actor: Actor,
  mandateId: string,
  endOn: string,
): Promise<string> {
  const mandate = await platform.db.transaction().execute(async (trx) => {
    const mandate = await loadMandateForManagement(trx, actor, mandateId);
    if (endOn < mandate.start_on) throw Errors.field('endOn', 'end_before_start');
    if (mandate.end_on !== null && (mandate.end_on < regionToday(platform) || mandate.end_on <= endOn)) {
      throw new AppError('conflict', 409);
    }
    await repo.updateMandate(trx, mandateId, { end_on: endOn }, platform.now());
    await recordMandateChange(platform, trx, actor, mandate, 'network.pivot.end', { endOn });
    return mandate;
  });
  return mandate.organisation_id;
}

/** Records an absence of a pivot; refuses one overlapping another absence of the same mandate. */
export async function addAbsence(
  platform: Platform,
  actor: Actor,
  mandateId: string,
  input: Static<typeof AbsenceBody>,
): Promise<string> {
  if (input.toOn < input.fromOn) throw Errors.field('toOn', 'end_before_start');
  return platform.db.transaction().execute(async (trx) => {
    const mandate = await loadMandateForManagement(trx, actor, mandateId);
    const existing = await repo.absencesOf(trx, [mandateId]);
    if (
      existing.some((a) =>
        rangesOverlap({ from: a.from_on, to: a.to_on }, { from: input.fromOn, to: input.toOn }),
      )
    ) {
      throw Errors.field('fromOn', 'absence_overlap');
    }
    const id = await repo.insertAbsence(trx, {
      mandate_id: mandateId,
      from_on: input.fromOn,
      to_on: input.toOn,
      reason: input.reason,
      created_by: actor.personId,
    });
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'network.pivot.record_absence',
      targetType: 'pivot_mandate',
      targetId: mandate.id,
      meta: { absence: id, reason: input.reason },
    });
    return mandate.organisation_id;
  });
}

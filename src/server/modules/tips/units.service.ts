import type { Static } from '@sinclair/typebox';
import { type Actor, hasRole } from '../../platform/authz/actor.js';
import { authorize } from '../../platform/authz/authorize.js';
import { isUniqueViolation } from '../../platform/db/unique-violation.js';
import { Errors, type FieldProblem } from '../../platform/errors.js';
import type { Platform } from '../../platform/platform.js';
import * as accounts from '../accounts/index.js';
import { canManageUnits, canSeeUnits } from './tips.policy.js';
import type { UnitBody, UnitPatchBody } from './tips.schemas.js';
import * as unitRepo from './units.repository.js';

/** A police service's units (investigation teams) and their members, managed by its analysts. */

/** The units of the actor's police service. Throws forbidden outside its analysts and investigators. */
export async function listUnits(platform: Platform, actor: Actor): Promise<unitRepo.UnitRow[]> {
  authorize(canSeeUnits(actor), { hide: false });
  return unitRepo.listUnits(platform.db, actor.organisationId);
}

/** The same unit name given by someone else at this very moment: the unique index keeps one. */
function takenName(error: unknown): never {
  if (isUniqueViolation(error)) throw Errors.field('name', 'taken');
  throw error;
}

/**
 * Creates a unit of the analyst's service with its members (people of that service). Throws
 * forbidden, validation_failed (name empty or taken, also by a creation at the same moment).
 */
export async function createUnit(
  platform: Platform,
  actor: Actor,
  input: Static<typeof UnitBody>,
): Promise<string> {
  authorize(hasRole(actor, 'police_analyst'), { hide: false });
  const name = input.name.trim();
  if (!name) throw Errors.field('name', 'required');
  const memberIds = [...new Set(input.memberIds)];
  await checkMembers(platform, actor, memberIds);
  return platform.db.transaction().execute(async (trx) => {
    if (await unitRepo.unitNameTaken(trx, actor.organisationId, name)) throw Errors.field('name', 'taken');
    const id = await unitRepo
      .insertUnit(trx, { service_id: actor.organisationId, name, memberIds })
      .catch(takenName);
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'tips.unit.create',
      targetType: 'tip_unit',
      targetId: id,
      meta: { members: memberIds.length },
    });
    return id;
  });
}

/** People of the actor's police service who can be unit members (active accounts). */
export async function listServicePeople(
  platform: Platform,
  actor: Actor,
): Promise<Array<{ id: string; name: string; roles: string[] }>> {
  authorize(canManageUnits(actor, { serviceId: actor.organisationId }), { hide: false });
  const { rows } = await accounts.searchPeople(platform, {
    organisationId: actor.organisationId,
    status: 'active',
    page: 1,
    pageSize: 500,
  });
  return rows.map((p) => ({ id: p.id, name: `${p.given_name} ${p.family_name}`, roles: p.roles }));
}

async function checkMembers(platform: Platform, actor: Actor, memberIds: string[]): Promise<void> {
  const problems: FieldProblem[] = [];
  for (const [index, memberId] of memberIds.entries()) {
    const person = await accounts.getPerson(platform, memberId).catch(() => null);
    if (person?.organisation_id !== actor.organisationId) {
      problems.push({ field: `memberIds.${index}`, rule: 'unknown' });
    }
  }
  if (problems.length > 0) throw Errors.invalid(problems);
}

/**
 * Renames a unit of the analyst's service and/or replaces its members, under the unit's row lock (two
 * replacements at once are applied one after the other). Audited. Throws not_found, validation_failed.
 */
export async function updateUnit(
  platform: Platform,
  actor: Actor,
  unitId: string,
  input: Static<typeof UnitPatchBody>,
): Promise<void> {
  const unit = await unitRepo.findUnit(platform.db, unitId);
  authorize(Boolean(unit) && canManageUnits(actor, { serviceId: unit!.service_id }));
  const name = input.name?.trim();
  if (input.name !== undefined && !name) throw Errors.field('name', 'required');
  const memberIds = input.memberIds ? [...new Set(input.memberIds)] : undefined;
  if (memberIds) await checkMembers(platform, actor, memberIds);
  await platform.db.transaction().execute(async (trx) => {
    if (!(await unitRepo.findUnit(trx, unitId, { forUpdate: true }))) throw Errors.notFound();
    if (name && (await unitRepo.unitNameTakenByOther(trx, unit!.service_id, name, unitId))) {
      throw Errors.field('name', 'taken');
    }
    if (name) await unitRepo.renameUnit(trx, unitId, name).catch(takenName);
    if (memberIds) await unitRepo.replaceMembers(trx, unitId, memberIds);
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'tips.unit.update',
      targetType: 'tip_unit',
      targetId: unitId,
      meta: { renamed: Boolean(name), ...(memberIds ? { members: memberIds.length } : {}) },
    });
  });
}

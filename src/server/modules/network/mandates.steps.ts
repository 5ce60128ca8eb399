// Steps every change to a pivot mandate shares: loading the mandate for someone who manages its
// organisation's pivots, checking a candidate pivot, keeping the `pivot` role in step with mandates.
import type { Transaction } from 'kysely';
import type { Role } from '../../../shared/roles.js';
import type { Actor } from '../../platform/authz/actor.js';
import { authorize } from '../../platform/authz/authorize.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError, Errors } from '../../platform/errors.js';
import type { Platform } from '../../platform/platform.js';
import { type PersonWithRoles as PersonRow, personById, setPersonRoles } from '../accounts/index.js';
import { findMandate, mandatesOfPerson } from './mandates.repository.js';
import { canManageOrganisationPivots } from './network.policy.js';
import { mandateStatus, rangesOverlap, regionToday } from './network.rules.js';

/** A mandate, its row locked, for someone who manages its organisation's pivots. Throws not_found, forbidden. */
export async function loadMandateForManagement(trx: Transaction<DB>, actor: Actor, mandateId: string) {
  const mandate = await findMandate(trx, mandateId, { forUpdate: true });
  if (!mandate) throw Errors.notFound();
  authorize(canManageOrganisationPivots(actor, mandate.organisation_id), { hide: false });
  return mandate;
}

/**
 * Checks that a person may hold a new mandate over [startOn, endOn] in an organisation: they belong to
 * it and hold no overlapping mandate, here or elsewhere. Their row stays locked until the caller's
 * transaction ends, so a mandate given to them at the same moment is seen here. Throws field errors
 * on `field`.
 */
export async function checkCandidate(
  trx: Transaction<DB>,
  field: string,
  candidate: { personId: string; organisationId: string; startOn: string; endOn: string | null },
  exceptMandateId?: string,
): Promise<PersonRow> {
  const person = await personById(trx, candidate.personId, { lock: true });
  if (!person) throw Errors.field(field, 'unknown');
  if (person.organisation_id !== candidate.organisationId)
    throw Errors.field(field, 'person_other_organisation');
  if (person.status === 'disabled') throw Errors.field(field, 'person_disabled');
  const others = (await mandatesOfPerson(trx, person.id)).filter(
    (m) =>
      m.id !== exceptMandateId &&
      rangesOverlap({ from: m.start_on, to: m.end_on }, { from: candidate.startOn, to: candidate.endOn }),
  );
  if (others.some((m) => m.organisation_id !== candidate.organisationId)) {
    throw Errors.field(field, 'pivot_elsewhere');
  }
  if (others.length > 0) throw Errors.field(field, 'pivot_already');
  return person;
}

/**
 * Keeps the `pivot` role in step with the mandates, through the accounts service (which audits it and
 * leaves roles outside the actor's reach untouched), inside the mandate's own transaction. When the
 * actor may not manage the person's account (the person holds roles beyond the actor's reach, or is
 * the actor), the role is left as it is: the mandate is what makes someone a pivot for the network.
 */
export async function syncPivotRole(
  platform: Platform,
  trx: Transaction<DB>,
  actor: Actor,
  personId: string,
): Promise<void> {
  const person = await personById(trx, personId);
  if (!person) return;
  const day = regionToday(platform);
  const active = (await mandatesOfPerson(trx, personId)).some((m) => mandateStatus(m, day) === 'active');
  const holds = person.roles.includes('pivot');
  if (active === holds) return;
  const roles: Role[] = active ? [...person.roles, 'pivot'] : person.roles.filter((r) => r !== 'pivot');
  try {
    await setPersonRoles(platform, actor, personId, roles, { trx });
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    platform.logger.info({ personId, code: error.code }, 'network: pivot role left unchanged');
  }
}

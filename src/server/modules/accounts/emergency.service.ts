import { randomUUID } from 'node:crypto';
import { EMERGENCY_MAX_MINUTES, type Role } from '../../../shared/roles.js';
import type { Actor } from '../../platform/authz/actor.js';
import { authorize } from '../../platform/authz/authorize.js';
import { AppError, Errors } from '../../platform/errors.js';
import type { Platform } from '../../platform/platform.js';
import { canOpenEmergency, canReviewEmergency, EMERGENCY_ROLES } from './access.policy.js';
import * as access from './access.repository.js';
import * as repo from './accounts.repository.js';
import { tellOrganisation } from './grants.service.js';

const context = (id: string) => `emergency_access.justification:${id}`;

/** The administrator's written justification, opened for the organisation's review or their own list. */
export function openJustification(platform: Platform, row: { id: string; justification: string }): string {
  return platform.keyring.decrypt(row.justification, context(row.id));
}

/**
 * Opens an administrator's emergency access to one organisation's cases: the roles named (casework
 * roles only, never those that consent for the organisation), for at most four hours, with a written
 * justification kept encrypted. The organisation's coordinators and privacy officers are told at once
 * (in the app and by e-mail) and the access waits for their review. An emergency access already open
 * ends first. Throws forbidden, or field errors on the organisation and the roles.
 */
export async function openEmergency(
  platform: Platform,
  actor: Actor,
  input: { organisationId: string; roles: Role[]; durationMinutes: number; justification: string },
): Promise<string> {
  authorize(actor.roles.has('admin'), { hide: false });
  const roles = [...new Set(input.roles)];
  if (roles.length === 0 || roles.some((role) => !EMERGENCY_ROLES.includes(role))) {
    throw Errors.field('roles', 'not_grantable');
  }
  const minutes = input.durationMinutes;
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > EMERGENCY_MAX_MINUTES) {
    throw Errors.field('durationMinutes', 'invalid');
  }
  if (!canOpenEmergency(actor, input.organisationId))
    throw Errors.field('organisationId', 'own_organisation');
  return platform.db.transaction().execute(async (trx) => {
    const organisation = await repo.findOrganisation(trx, input.organisationId);
    if (!organisation) throw Errors.field('organisationId', 'unknown');
    if (!organisation.active) throw Errors.field('organisationId', 'inactive');
    const now = platform.now();
    const previous = await access.endOpenEmergency(trx, actor.personId, now, actor.personId);
    const id = randomUUID();
    await access.insertEmergency(trx, {
      id,
      person_id: actor.personId,
      organisation_id: organisation.id,
      roles,
      justification: platform.keyring.encrypt(input.justification.trim(), context(id)),
      started_at: now,
      expires_at: new Date(now.getTime() + minutes * 60_000),
    });
    await platform.sessions.refreshPerson(trx, actor.personId);
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'accounts.emergency_access.open',
      targetType: 'organisation',
      targetId: organisation.id,
      meta: { access: id, roles, minutes, replaced: previous?.id ?? null },
    });
    await tellOrganisation(platform, trx, actor, organisation.id, false, 'emergency');
    return id;
  });
}

/** Ends the administrator's own emergency access before its time. Throws not_found, conflict when already over. */
export async function endEmergency(platform: Platform, actor: Actor, id: string): Promise<void> {
  await platform.db.transaction().execute(async (trx) => {
    const row = await access.findEmergency(trx, id);
    if (!row || row.person_id !== actor.personId) throw Errors.notFound();
    const now = platform.now();
    if (row.ended_at || row.expires_at <= now) throw new AppError('conflict', 409);
    const ended = await access.endOpenEmergency(trx, actor.personId, now, actor.personId, id);
    if (!ended) throw new AppError('conflict', 409);
    await platform.sessions.refreshPerson(trx, actor.personId);
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'accounts.emergency_access.end',
      targetType: 'organisation',
      targetId: row.organisation_id,
      meta: { access: id },
    });
  });
}

/**
 * The organisation's review of an emergency access opened into it: accepted, or contested (the
 * administrator is then told). Its coordinators and privacy officers only; once. Throws not_found,
 * forbidden, conflict.
 */
export async function reviewEmergency(
  platform: Platform,
  actor: Actor,
  id: string,
  outcome: 'accepted' | 'contested',
): Promise<void> {
  await platform.db.transaction().execute(async (trx) => {
    const row = await access.findEmergency(trx, id);
    if (!row) throw Errors.notFound();
    authorize(canReviewEmergency(actor, row), { hide: actor.organisationId !== row.organisation_id });
    const done = await access.reviewEmergency(trx, id, {
      review_status: outcome,
      reviewed_by: actor.personId,
      reviewed_at: platform.now(),
    });
    if (!done) throw new AppError('conflict', 409);
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'accounts.emergency_access.review',
      targetType: 'organisation',
      targetId: row.organisation_id,
      meta: { access: id, outcome },
    });
    if (outcome === 'contested') {
      await platform.notifier.notify(trx, row.person_id, {
        kind: 'access.emergency_contested',
        link: '/acces-urgence',
      });
    }
  });
}

/** The administrator's own emergency accesses, newest first, with their justifications. */
export async function myEmergencies(platform: Platform, actor: Actor) {
  authorize(actor.roles.has('admin'), { hide: false });
  const rows = await access.emergenciesOfPerson(platform.db, actor.personId);
  return rows.map((row) => ({ ...row, justificationText: openJustification(platform, row) }));
}

import type { Transaction } from 'kysely';
import { APPROVER_ROLES, type Role, type RoleConsent } from '../../../shared/roles.js';
import type { Actor } from '../../platform/authz/actor.js';
import { authorize } from '../../platform/authz/authorize.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError, Errors } from '../../platform/errors.js';
import type { Platform } from '../../platform/platform.js';
import { canCancelRequest, canDecideRequest, grantPath } from './access.policy.js';
import * as access from './access.repository.js';
import { grantableRoles } from './accounts.policy.js';

/** What one change of a person's roles did. */
export interface RoleChange {
  /** Roles now in force that were not. */
  added: Role[];
  removed: Role[];
  /** Roles waiting for the organisation's consent. */
  proposed: Role[];
  /** Proposals withdrawn by this change. */
  cancelled: Role[];
}

export interface GrantSubject {
  id: string;
  organisation_id: string;
  organisation_type: Parameters<typeof grantableRoles>[1]['type'];
  roles: readonly Role[];
}

/**
 * Moves a person's roles within the actor's reach to `wanted`, inside `trx`. Roles of the table take
 * effect at once; a role inside the person's organisation takes effect at once only when the actor is
 * that organisation's coordinator (or it is the organisation's first coordinator, its one bootstrap
 * grant), and otherwise waits as a proposal for its coordinator or privacy officer. Roles outside the
 * actor's reach are left as they are. Every change is audited and told to the organisation's
 * coordinators and privacy officers. Throws a field error on `roles`, or conflict when a concurrent
 * change took the bootstrap grant.
 */
export async function applyRoles(
  platform: Platform,
  trx: Transaction<DB>,
  actor: Actor,
  person: GrantSubject,
  wanted: readonly Role[],
): Promise<RoleChange> {
  const organisationId = person.organisation_id;
  const grantable = new Set(grantableRoles(actor, { id: organisationId, type: person.organisation_type }));
  const target = [...new Set(wanted)];
  if (target.some((role) => !grantable.has(role))) throw Errors.field('roles', 'not_grantable');
  const now = platform.now();
  const current = new Set(person.roles);
  const pending = new Set((await access.pendingOfPerson(trx, person.id)).map((r) => r.role));
  let bootstrap: boolean | null = null;

  const change: RoleChange = { added: [], removed: [], proposed: [], cancelled: [] };
  const grants: access.RoleGrant[] = [];
  for (const role of target) {
    if (current.has(role)) continue;
    bootstrap ??= role === 'org_coordinator' ? await access.bootstrapAvailable(trx, organisationId) : false;
    const path = grantPath(actor, organisationId, role, { bootstrapAvailable: bootstrap });
    if (path === 'proposal') {
      if (pending.has(role)) continue;
      const id = await access.insertRequest(trx, {
        person_id: person.id,
        organisation_id: organisationId,
        role,
        proposed_by: actor.personId,
        proposed_at: now,
      });
      if (id) change.proposed.push(role);
      continue;
    }
    if (path === 'bootstrap') {
      const claimed = await access.settleBootstrap(trx, organisationId, now, {
        personId: person.id,
        by: actor.personId,
      });
      if (!claimed) throw new AppError('conflict', 409);
      bootstrap = false;
    }
    grants.push({
      role,
      consent: path,
      grantedBy: actor.personId,
      approvedBy: path === 'own_organisation' ? actor.personId : null,
    });
  }
  change.added = await access.insertRoles(trx, person.id, grants, now);
  // A proposal the organisation's own coordination has now granted itself is settled by that grant.
  await access.closeRequests(
    trx,
    { personId: person.id, roles: change.added },
    { status: 'approved', decided_by: actor.personId, decided_at: now },
  );
  const withdrawn = [...current].filter((role) => grantable.has(role) && !target.includes(role));
  change.removed = await access.deleteRoles(trx, person.id, withdrawn);
  const dropped = [...pending].filter((role) => grantable.has(role) && !target.includes(role));
  change.cancelled = (
    await access.closeRequests(
      trx,
      { personId: person.id, roles: dropped },
      { status: 'cancelled', decided_by: actor.personId, decided_at: now },
    )
  ).map((r) => r.role);

  if (change.added.some((role) => (APPROVER_ROLES as readonly Role[]).includes(role))) {
    await access.settleBootstrap(trx, organisationId, now);
  }
  if (change.added.length > 0 || change.removed.length > 0) {
    // Permissions change at once: the cached actor of every session of this person is dropped.
    await platform.sessions.refreshPerson(trx, person.id);
  }
  if (Object.values(change).some((roles) => roles.length > 0)) {
    const consents = grants.filter((g) => change.added.includes(g.role)).map((g) => `${g.role}:${g.consent}`);
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'accounts.person.set_roles',
      targetType: 'person',
      targetId: person.id,
      meta: {
        organisation: organisationId,
        added: change.added,
        removed: change.removed,
        proposed: change.proposed,
        cancelled: change.cancelled,
        consent: consents,
      },
    });
    await tellOrganisation(platform, trx, actor, organisationId, change.proposed.length > 0);
  }
  return change;
}

/**
 * Tells an organisation's coordinators and privacy officers, in the app and by e-mail, that access to
 * it changed, without saying who or what: the link opens its access review, which checks who may read.
 */
export async function tellOrganisation(
  platform: Platform,
  trx: Transaction<DB>,
  actor: Actor,
  organisationId: string,
  awaitsDecision: boolean,
  kind: 'changed' | 'emergency' = 'changed',
): Promise<void> {
  const approvers = (await access.approversOf(trx, organisationId)).filter((a) => a.id !== actor.personId);
  if (approvers.length === 0) return;
  const template =
    kind === 'emergency' ? 'access_emergency' : awaitsDecision ? 'access_proposed' : 'access_changed';
  await tellApprovers(platform, trx, organisationId, approvers, template);
}

/**
 * Tells these approvers of an organisation in the app (`access.<what>`) and by e-mail in their language
 * (the template `access_<what>`), both linking to the organisation's access review.
 */
export async function tellApprovers(
  platform: Platform,
  trx: Transaction<DB>,
  organisationId: string,
  approvers: readonly access.Approver[],
  template: `access_${string}`,
): Promise<void> {
  const link = `/organisations/${organisationId}/acces`;
  await platform.notifier.notify(
    trx,
    approvers.map((a) => a.id),
    { kind: `access.${template.slice('access_'.length)}`, link },
  );
  await platform.notifier.queueEmails(
    trx,
    approvers.map((a) => ({
      to: a.email,
      locale: a.locale,
      template,
      params: { link: `${platform.config.publicUrl}${link}` },
    })),
  );
}

/**
 * Approves or refuses a proposed role. Only the organisation's coordinator or privacy officer decides,
 * never the proposer nor the person concerned; an approval puts the role in force at once. Throws
 * not_found (or forbidden to those who can see the proposal), conflict when it was already decided.
 */
export async function decideRequest(
  platform: Platform,
  actor: Actor,
  id: string,
  decision: 'approve' | 'refuse',
): Promise<void> {
  await platform.db.transaction().execute(async (trx) => {
    const request = await access.findRequest(trx, id);
    if (!request) throw Errors.notFound();
    const involved =
      request.proposed_by === actor.personId ||
      request.person_id === actor.personId ||
      actor.organisationId === request.organisation_id;
    authorize(canDecideRequest(actor, request), { hide: !involved });
    const now = platform.now();
    const closed = await access.closeRequests(
      trx,
      { id },
      {
        status: decision === 'approve' ? 'approved' : 'refused',
        decided_by: actor.personId,
        decided_at: now,
      },
    );
    if (closed.length === 0) throw new AppError('conflict', 409);
    let consent: RoleConsent | null = null;
    if (decision === 'approve') {
      const added = await access.insertRoles(
        trx,
        request.person_id,
        [
          {
            role: request.role,
            consent: 'approved',
            grantedBy: request.proposed_by,
            approvedBy: actor.personId,
          },
        ],
        now,
      );
      if (added.length > 0) {
        consent = 'approved';
        if ((APPROVER_ROLES as readonly Role[]).includes(request.role)) {
          await access.settleBootstrap(trx, request.organisation_id, now);
        }
        await platform.sessions.refreshPerson(trx, request.person_id);
      }
    }
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: decision === 'approve' ? 'accounts.role_request.approve' : 'accounts.role_request.refuse',
      targetType: 'person',
      targetId: request.person_id,
      meta: { organisation: request.organisation_id, role: request.role, request: id, consent },
    });
    await platform.notifier.notify(trx, request.proposed_by, {
      kind: decision === 'approve' ? 'access.approved' : 'access.refused',
      link: `/personnes/${request.person_id}`,
    });
    await tellOrganisation(platform, trx, actor, request.organisation_id, false);
  });
}

/** Withdraws a proposal (its author, the table's coordination or the administration). Throws not_found, conflict. */
export async function cancelRequest(platform: Platform, actor: Actor, id: string): Promise<void> {
  await platform.db.transaction().execute(async (trx) => {
    const request = await access.findRequest(trx, id);
    if (!request) throw Errors.notFound();
    authorize(canCancelRequest(actor, request), { hide: actor.organisationId !== request.organisation_id });
    const closed = await access.closeRequests(
      trx,
      { id },
      { status: 'cancelled', decided_by: actor.personId, decided_at: platform.now() },
    );
    if (closed.length === 0) throw new AppError('conflict', 409);
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'accounts.role_request.cancel',
      targetType: 'person',
      targetId: request.person_id,
      meta: { organisation: request.organisation_id, role: request.role, request: id },
    });
    await tellOrganisation(platform, trx, actor, request.organisation_id, false);
  });
}

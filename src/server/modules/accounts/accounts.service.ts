import type { Transaction } from 'kysely';
import type { Locale, OrganisationType, PersonStatus, Role } from '../../../shared/roles.js';
import { clearSecondFactor, hasPassword, issueOneTimeToken } from '../../platform/auth/auth.service.js';
import type { Actor } from '../../platform/authz/actor.js';
import { authorize } from '../../platform/authz/authorize.js';
import { inTransaction } from '../../platform/db/database.js';
import type { DB } from '../../platform/db/schema.js';
import { isUniqueViolation } from '../../platform/db/unique-violation.js';
import { AppError, Errors } from '../../platform/errors.js';
import type { Platform } from '../../platform/platform.js';
import { canReadAccessReview } from './access.policy.js';
import * as access from './access.repository.js';
import {
  canManageOrganisations,
  canManagePerson,
  canResetMfa,
  grantableRoles,
  invitationScope,
} from './accounts.policy.js';
import * as repo from './accounts.repository.js';
import { applyRoles } from './grants.service.js';

/** A unique index refused the row: the same name or address given at this very moment by someone else. */
function refusedAs(error: unknown, refusal: AppError): never {
  if (isUniqueViolation(error)) throw refusal;
  throw error;
}

function subject(person: repo.PersonRow) {
  return { id: person.id, organisationId: person.organisation_id, roles: person.roles };
}

/** Loads a person the actor may see (every signed-in member sees the directory). Throws not_found. */
export async function getPerson(platform: Platform, id: string): Promise<repo.PersonRow> {
  const person = await repo.findPerson(platform.db, id);
  if (!person) throw Errors.notFound();
  return person;
}

/**
 * The roles proposed for a person and waiting for their organisation's consent, for those concerned:
 * the person, whoever may manage them, and the organisation's coordinators and privacy officers.
 */
export async function pendingRolesOf(platform: Platform, actor: Actor, person: repo.PersonRow) {
  const concerned =
    person.id === actor.personId ||
    canManagePerson(actor, subject(person), person.organisation_type) ||
    canReadAccessReview(actor, person.organisation_id);
  return concerned ? access.pendingOfPerson(platform.db, person.id) : [];
}

export function searchPeople(platform: Platform, filter: repo.PeopleFilter) {
  return repo.searchPeople(platform.db, filter);
}

export function listOrganisations(
  platform: Platform,
  filter: { q?: string | undefined; type?: OrganisationType | undefined },
) {
  return repo.listOrganisations(platform.db, filter);
}

export async function getOrganisation(platform: Platform, id: string): Promise<repo.OrganisationRow> {
  const organisation = await repo.findOrganisation(platform.db, id);
  if (!organisation) throw Errors.notFound();
  return organisation;
}

/**
 * Creates a partner organisation (table coordination, administration). Throws a field problem for a
 * duplicate name, also one given at the same moment.
 */
export async function createOrganisation(
  platform: Platform,
  actor: Actor,
  input: { name: string; shortName?: string | null | undefined; type: OrganisationType; region: string },
): Promise<string> {
  authorize(canManageOrganisations(actor), { hide: false });
  return platform.db.transaction().execute(async (trx) => {
    if (await repo.organisationNameTaken(trx, input.name)) throw Errors.field('name', 'taken');
    const id = await repo
      .insertOrganisation(trx, {
        name: input.name.trim(),
        short_name: input.shortName?.trim() || null,
        type: input.type,
        region: input.region.trim(),
      })
      .catch((error: unknown) => refusedAs(error, Errors.field('name', 'taken')));
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'accounts.organisation.create',
      targetType: 'organisation',
      targetId: id,
    });
    return id;
  });
}

/** Updates a partner organisation. Throws forbidden, not_found, or a field error for a duplicate name. */
export async function updateOrganisation(
  platform: Platform,
  actor: Actor,
  id: string,
  input: Partial<{
    name: string;
    shortName: string | null;
    type: OrganisationType;
    region: string;
    active: boolean;
  }>,
): Promise<void> {
  authorize(canManageOrganisations(actor), { hide: false });
  await platform.db.transaction().execute(async (trx) => {
    if (!(await repo.findOrganisation(trx, id))) throw Errors.notFound();
    if (input.name !== undefined && (await repo.organisationNameTaken(trx, input.name, id))) {
      throw Errors.field('name', 'taken');
    }
    await repo
      .updateOrganisation(
        trx,
        id,
        {
          ...(input.name !== undefined ? { name: input.name.trim() } : {}),
          ...(input.shortName !== undefined ? { short_name: input.shortName?.trim() || null } : {}),
          ...(input.type !== undefined ? { type: input.type } : {}),
          ...(input.region !== undefined ? { region: input.region.trim() } : {}),
          ...(input.active !== undefined ? { active: input.active } : {}),
        },
        platform.now(),
      )
      .catch((error: unknown) => refusedAs(error, Errors.field('name', 'taken')));
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'accounts.organisation.update',
      targetType: 'organisation',
      targetId: id,
      meta: { fields: Object.keys(input) },
    });
  });
}

/**
 * Invites a person: creates them (status invited) with their roles in one organisation and e-mails a
 * single-use link valid seven days. Roles must be within what the actor may grant for that
 * organisation. Throws forbidden, not_found (organisation), email_taken, validation_failed.
 */
export async function invitePerson(
  platform: Platform,
  actor: Actor,
  input: {
    email: string;
    givenName: string;
    familyName: string;
    organisationId: string;
    roles: Role[];
    locale: Locale;
  },
): Promise<string> {
  const scope = invitationScope(actor);
  authorize(scope !== 'none', { hide: false });
  return platform.db.transaction().execute(async (trx) => {
    const organisation = await repo.findOrganisation(trx, input.organisationId);
    if (!organisation) throw Errors.field('organisationId', 'unknown');
    if (scope === 'own_organisation' && organisation.id !== actor.organisationId) throw Errors.forbidden();
    if (!organisation.active) throw Errors.field('organisationId', 'inactive');
    const grantable = new Set(grantableRoles(actor, organisation));
    const roles = [...new Set(input.roles)];
    if (roles.some((role) => !grantable.has(role))) throw Errors.field('roles', 'not_grantable');
    if (await repo.emailTaken(trx, input.email)) throw new AppError('email_taken', 409);
    const personId = await repo
      .insertPerson(trx, {
        organisation_id: organisation.id,
        given_name: input.givenName.trim(),
        family_name: input.familyName.trim(),
        email: input.email.trim().toLowerCase(),
        locale: input.locale,
      })
      .catch((error: unknown) => refusedAs(error, new AppError('email_taken', 409)));
    // Roles inside the organisation wait for its consent unless its own coordination invites.
    const change = await applyRoles(
      platform,
      trx,
      actor,
      { id: personId, organisation_id: organisation.id, organisation_type: organisation.type, roles: [] },
      roles,
    );
    await sendInvitation(platform, trx, actor, {
      personId,
      email: input.email.trim().toLowerCase(),
      givenName: input.givenName.trim(),
      locale: input.locale,
    });
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'accounts.person.invite',
      targetType: 'person',
      targetId: personId,
      meta: { organisation: organisation.id, roles: change.added, proposed: change.proposed },
    });
    return personId;
  });
}

async function sendInvitation(
  platform: Platform,
  trx: Parameters<typeof issueOneTimeToken>[1],
  actor: Actor,
  person: { personId: string; email: string; givenName: string; locale: Locale },
): Promise<void> {
  const token = await issueOneTimeToken(platform, trx, {
    kind: 'invitation',
    personId: person.personId,
    createdBy: actor.personId,
  });
  const inviter = await trx
    .selectFrom('people')
    .select(['given_name', 'family_name'])
    .where('id', '=', actor.personId)
    .executeTakeFirstOrThrow();
  await platform.notifier.queueEmail(trx, {
    to: person.email,
    locale: person.locale,
    template: 'invitation',
    params: {
      name: person.givenName,
      inviter: `${inviter.given_name} ${inviter.family_name}`,
      link: `${platform.config.publicUrl}/invitation/${token}`,
    },
  });
}

/** Sends a new invitation link to a person who has not accepted yet; the previous link dies. */
export async function resendInvitation(platform: Platform, actor: Actor, personId: string): Promise<void> {
  await platform.db.transaction().execute(async (trx) => {
    const person = await repo.findPerson(trx, personId, { forUpdate: true });
    if (!person) throw Errors.notFound();
    authorize(canManagePerson(actor, subject(person), person.organisation_type), { hide: false });
    if (person.status !== 'invited') throw new AppError('conflict', 409);
    await sendInvitation(platform, trx, actor, {
      personId,
      email: person.email,
      givenName: person.given_name,
      locale: person.locale as Locale,
    });
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'accounts.invitation.resend',
      targetType: 'person',
      targetId: personId,
    });
  });
}

/** Updates a person's name, phone or title (managers of that person only; people edit themselves through their account). */
export async function updatePersonDetails(
  platform: Platform,
  actor: Actor,
  personId: string,
  input: Partial<{ givenName: string; familyName: string; phone: string | null; jobTitle: string | null }>,
): Promise<void> {
  await platform.db.transaction().execute(async (trx) => {
    const person = await repo.findPerson(trx, personId, { forUpdate: true });
    if (!person) throw Errors.notFound();
    authorize(canManagePerson(actor, subject(person), person.organisation_type), { hide: false });
    await repo.updatePerson(
      trx,
      personId,
      {
        ...(input.givenName !== undefined ? { given_name: input.givenName.trim() } : {}),
        ...(input.familyName !== undefined ? { family_name: input.familyName.trim() } : {}),
        ...(input.phone !== undefined ? { phone: input.phone?.trim() || null } : {}),
        ...(input.jobTitle !== undefined ? { job_title: input.jobTitle?.trim() || null } : {}),
      },
      platform.now(),
    );
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'accounts.person.update',
      targetType: 'person',
      targetId: personId,
      meta: { fields: Object.keys(input) },
    });
  });
}

/**
 * Disables or re-enables an account. Disabling ends every session of the person at once (here and,
 * on commit, in every other process) and closes their live streams. Intentionally idempotent:
 * disabling a disabled account (or enabling an enabled one) succeeds without effect or audit entry;
 * decided on the person's locked row, so simultaneous requests make one change and one entry.
 */
export async function setPersonStatus(
  platform: Platform,
  actor: Actor,
  personId: string,
  status: Extract<PersonStatus, 'active' | 'disabled'>,
): Promise<void> {
  await platform.db.transaction().execute(async (trx) => {
    const person = await repo.findPerson(trx, personId, { forUpdate: true });
    if (!person) throw Errors.notFound();
    authorize(canManagePerson(actor, subject(person), person.organisation_type), { hide: false });
    if (status === 'disabled') {
      if (person.status === 'disabled') return;
      await repo.updatePerson(
        trx,
        personId,
        { status: 'disabled', disabled_at: platform.now() },
        platform.now(),
      );
      await platform.sessions.revokeAllOf(trx, personId, 'disabled');
    } else {
      if (person.status !== 'disabled') return;
      const hasCredential = await hasPassword(trx, personId);
      await repo.updatePerson(
        trx,
        personId,
        { status: hasCredential ? 'active' : 'invited', disabled_at: null },
        platform.now(),
      );
    }
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: status === 'disabled' ? 'accounts.person.disable' : 'accounts.person.enable',
      targetType: 'person',
      targetId: personId,
    });
  });
  if (status === 'disabled') platform.notifier.disconnect(personId);
}

/**
 * Sets a person's roles within the actor's reach, in the caller's transaction when one is given
 * (another module keeping a role in step with its own records). Roles inside the person's organisation
 * take effect only with its consent (see `applyRoles`); roles outside the actor's reach are kept as they
 * are. Returns the roles in force. Throws not_found, forbidden or a field error on `roles`.
 */
export async function setPersonRoles(
  platform: Platform,
  actor: Actor,
  personId: string,
  roles: Role[],
  options: { trx?: Transaction<DB> } = {},
): Promise<Role[]> {
  return inTransaction(options.trx ?? platform.db, async (trx) => {
    const person = await repo.findPerson(trx, personId, { forUpdate: true });
    if (!person) throw Errors.notFound();
    authorize(canManagePerson(actor, subject(person), person.organisation_type), { hide: false });
    const change = await applyRoles(platform, trx, actor, person, roles);
    const held = new Set(person.roles);
    for (const role of change.removed) held.delete(role);
    for (const role of change.added) held.add(role);
    return [...held].sort();
  });
}

/** Clears a person's TOTP so they enrol again at next sign-in; ends their sessions. Administrators only. */
export async function resetPersonMfa(platform: Platform, actor: Actor, personId: string): Promise<void> {
  await platform.db.transaction().execute(async (trx) => {
    const person = await repo.findPerson(trx, personId, { forUpdate: true });
    if (!person) throw Errors.notFound();
    authorize(canResetMfa(actor, subject(person)), { hide: false });
    await clearSecondFactor(trx, personId);
    await platform.sessions.revokeAllOf(trx, personId, 'mfa_reset');
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'accounts.person.reset_mfa',
      targetType: 'person',
      targetId: personId,
    });
  });
}

import type { OrganisationType } from '../../../shared/roles.js';
import type { Actor } from '../../platform/authz/actor.js';
import { presentPendingRole } from './access.presenter.js';
import type { RequestRow } from './access.repository.js';
import { canManagePerson, canResetMfa, canSeeContacts, grantableRoles } from './accounts.policy.js';
import type { OrganisationRow, PersonRow } from './accounts.repository.js';

export function presentOrganisation(row: OrganisationRow) {
  return {
    id: row.id,
    name: row.name,
    shortName: row.short_name,
    type: row.type,
    region: row.region,
    active: row.active,
    peopleCount: row.people_count,
  };
}

/** A person as the actor may see them: contact details only for those who need them. */
export function presentPerson(actor: Actor, row: PersonRow) {
  const contacts = canSeeContacts(actor, { id: row.id, organisationId: row.organisation_id });
  return {
    id: row.id,
    givenName: row.given_name,
    familyName: row.family_name,
    jobTitle: row.job_title,
    status: row.status,
    roles: row.roles,
    organisation: { id: row.organisation_id, name: row.organisation_name },
    ...(contacts ? { email: row.email, phone: row.phone } : {}),
  };
}

export function presentPersonDetail(actor: Actor, row: PersonRow, pending: readonly RequestRow[] = []) {
  const subject = { id: row.id, organisationId: row.organisation_id, roles: row.roles };
  const manage = canManagePerson(actor, subject, row.organisation_type as OrganisationType);
  return {
    ...presentPerson(actor, row),
    permissions: {
      update: manage,
      disable: manage && row.status !== 'disabled',
      enable: manage && row.status === 'disabled',
      assignRoles: manage,
      resetMfa: canResetMfa(actor, subject) && row.status === 'active',
      resendInvitation: manage && row.status === 'invited',
    },
    grantableRoles: manage
      ? grantableRoles(actor, { id: row.organisation_id, type: row.organisation_type })
      : [],
    pendingRoles: pending.map(presentPendingRole),
  };
}

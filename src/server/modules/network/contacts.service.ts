// Contact entries of a partner (people to reach there who need not have an account): add, edit, remove.
import type { Static } from '@sinclair/typebox';
import type { Actor } from '../../platform/authz/actor.js';
import { authorize } from '../../platform/authz/authorize.js';
import { Errors } from '../../platform/errors.js';
import type { Platform } from '../../platform/platform.js';
import * as repo from './contacts.repository.js';
import { canManageOrganisationPivots } from './network.policy.js';
import type { ContactBody, UpdateContactBody } from './network.schemas.js';
import { loadOrganisation } from './partners.service.js';

/** Adds a contact to a partner: coordination, or that organisation's coordinator. */
export async function addContact(
  platform: Platform,
  actor: Actor,
  organisationId: string,
  input: Static<typeof ContactBody>,
): Promise<string> {
  authorize(canManageOrganisationPivots(actor, organisationId), { hide: false });
  return platform.db.transaction().execute(async (trx) => {
    await loadOrganisation(trx, organisationId);
    const id = await repo.insertContact(trx, {
      organisation_id: organisationId,
      name: input.name.trim(),
      role: input.role.trim(),
      email: input.email?.trim().toLowerCase() || null,
      phone: input.phone?.trim() || null,
    });
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'network.contact.create',
      targetType: 'network_contact',
      targetId: id,
      meta: { organisation: organisationId },
    });
    return id;
  });
}

/** Updates a contact; returns its organisation. Throws not_found, forbidden. */
export async function updateContact(
  platform: Platform,
  actor: Actor,
  contactId: string,
  input: Static<typeof UpdateContactBody>,
): Promise<string> {
  return platform.db.transaction().execute(async (trx) => {
    const contact = await repo.findContact(trx, contactId);
    if (!contact) throw Errors.notFound();
    authorize(canManageOrganisationPivots(actor, contact.organisation_id), { hide: false });
    await repo.updateContact(
      trx,
      contactId,
      {
        ...(input.name !== undefined ? { name: input.name.trim() } : {}),
        ...(input.role !== undefined ? { role: input.role.trim() } : {}),
        ...(input.email !== undefined ? { email: input.email?.trim().toLowerCase() || null } : {}),
        ...(input.phone !== undefined ? { phone: input.phone?.trim() || null } : {}),
      },
      platform.now(),
    );
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'network.contact.update',
      targetType: 'network_contact',
      targetId: contactId,
      meta: { fields: Object.keys(input) },
    });
    return contact.organisation_id;
  });
}

/**
 * Removes a contact entry (a contact is not a person: people are never deleted). Throws not_found,
 * also to a removal that came second at the same moment (the entry is gone: one audit entry).
 */
export async function removeContact(platform: Platform, actor: Actor, contactId: string): Promise<void> {
  await platform.db.transaction().execute(async (trx) => {
    const contact = await repo.findContact(trx, contactId);
    if (!contact) throw Errors.notFound();
    authorize(canManageOrganisationPivots(actor, contact.organisation_id), { hide: false });
    if (!(await repo.deleteContact(trx, contactId))) throw Errors.notFound();
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'network.contact.delete',
      targetType: 'network_contact',
      targetId: contactId,
      meta: { organisation: contact.organisation_id },
    });
  });
}

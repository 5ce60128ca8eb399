// Places of the directory: locations (a safe place's address sealed, revealed only with a purpose),
// a service given at its locations, and the free places a safe place's staff count there.

import type {
  CapacityBody,
  LocationBody,
  LocationUpdateBody,
  RevealedAddress,
  SealedAddress,
  ServiceLocationBody,
} from '../../../shared/contracts/resources.js';
import type { Actor } from '../../platform/authz/actor.js';
import { authorize } from '../../platform/authz/authorize.js';
import { Errors } from '../../platform/errors.js';
import type { Platform } from '../../platform/platform.js';
import * as repo from './directory.repository.js';
import { empty } from './directory.service.js';
import * as places from './locations.repository.js';
import { addressContext } from './resources.fields.js';
import {
  canKeep,
  canReadService,
  canRevealAddress,
  canUpdateCapacity,
  keepsEntries,
} from './resources.policy.js';
import { loadKeptService } from './services.service.js';

// ── Locations ────────────────────────────────────────────────────────────────────────────────────

function locationValues(input: LocationBody) {
  const confidential = input.confidential;
  return {
    location_type: input.locationType ?? 'physical',
    name: empty(input.name),
    description_fr: empty(input.descriptionFr),
    description_en: empty(input.descriptionEn),
    confidential,
    address_1: confidential ? null : empty(input.address1),
    address_2: confidential ? null : empty(input.address2),
    postal_code: confidential ? null : empty(input.postalCode),
    latitude: confidential ? null : (input.latitude ?? null),
    longitude: confidential ? null : (input.longitude ?? null),
    city: empty(input.city),
    front_gate_fr: empty(input.frontGateFr),
    front_gate_en: empty(input.frontGateEn),
    transportation_fr: empty(input.transportationFr),
    transportation_en: empty(input.transportationEn),
    accessibility_fr: empty(input.accessibilityFr),
    accessibility_en: empty(input.accessibilityEn),
  };
}

/**
 * A confidential location carries its street address only sealed, and a front gate to reach it; a
 * plain address sent with it is refused rather than stored in the clear.
 */
function checkLocation(input: LocationBody, hasSealed: boolean): void {
  if (!input.confidential) {
    if (input.sealedAddress) throw Errors.field('sealedAddress', 'resources_sealed_not_confidential');
    return;
  }
  for (const field of ['address1', 'address2', 'postalCode', 'latitude', 'longitude'] as const) {
    if (input[field] != null && input[field] !== '')
      throw Errors.field(field, 'resources_confidential_plain_address');
  }
  if (!input.sealedAddress && !hasSealed) throw Errors.field('sealedAddress', 'required');
  if (input.sealedAddress && !input.sealedAddress.address1.trim())
    throw Errors.field('sealedAddress.address1', 'required');
  if (!empty(input.frontGateFr)) throw Errors.field('frontGateFr', 'resources_front_gate_required');
}

function seal(platform: Platform, locationId: string, address: SealedAddress): string {
  const value = {
    address1: address.address1.trim(),
    address2: empty(address.address2),
    postalCode: empty(address.postalCode),
    latitude: address.latitude ?? null,
    longitude: address.longitude ?? null,
  };
  return platform.keyring.encrypt(JSON.stringify(value), addressContext(locationId));
}

async function loadKeptOrganisation(platform: Platform, actor: Actor, organisationId: string, field: string) {
  const organisation = await repo.findOrganisation(platform.db, organisationId);
  if (!organisation) throw Errors.field(field, 'unknown');
  if (!canKeep(actor, organisation.keeper_organisation_id))
    throw Errors.field(field, 'resources_keeper_not_yours');
  return organisation;
}

export async function createLocation(platform: Platform, actor: Actor, input: LocationBody): Promise<string> {
  authorize(keepsEntries(actor), { hide: false });
  await loadKeptOrganisation(platform, actor, input.organisationId, 'organisationId');
  checkLocation(input, false);
  const id = crypto.randomUUID();
  await platform.db.transaction().execute(async (trx) => {
    await places.insertLocation(trx, {
      id,
      organisation_id: input.organisationId,
      ...locationValues(input),
      sealed_address: input.confidential ? seal(platform, id, input.sealedAddress!) : null,
      created_at: platform.now(),
      updated_at: platform.now(),
    });
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'resources.location.create',
      targetType: 'resource_location',
      targetId: id,
      meta: { confidential: input.confidential },
    });
  });
  return id;
}

export async function updateLocation(
  platform: Platform,
  actor: Actor,
  id: string,
  input: LocationUpdateBody,
): Promise<void> {
  const current = await places.findLocation(platform.db, id);
  if (!current) throw Errors.notFound();
  const organisation = (await repo.findOrganisation(platform.db, current.organisation_id))!;
  authorize(canKeep(actor, organisation.keeper_organisation_id), { hide: false });
  if (input.organisationId !== current.organisation_id)
    throw Errors.field('organisationId', 'resources_location_move');
  checkLocation(input, current.confidential);
  const { version, ...body } = input;
  await platform.db.transaction().execute(async (trx) => {
    const updated = await places.updateLocation(trx, id, version, {
      ...locationValues(body),
      ...(body.confidential
        ? body.sealedAddress
          ? { sealed_address: seal(platform, id, body.sealedAddress) }
          : {}
        : { sealed_address: null }),
      updated_at: platform.now(),
    });
    if (!updated) throw Errors.conflict();
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'resources.location.update',
      targetType: 'resource_location',
      targetId: id,
      meta: { confidential: body.confidential, addressChanged: Boolean(body.sealedAddress) },
    });
  });
}

/**
 * Opens a confidential location's street address for the keeper's people and the table coordination,
 * audited with its purpose in the same transaction. Throws not_found for a location that is not
 * confidential (nothing sealed to open) and forbidden for everyone else.
 */
export async function revealAddress(
  platform: Platform,
  actor: Actor,
  id: string,
  purpose: string,
): Promise<RevealedAddress> {
  const location = await places.findLocation(platform.db, id);
  if (!location?.confidential) throw Errors.notFound();
  // The purpose is what the audit keeps of why the address was opened: blank is no purpose.
  const why = purpose.trim();
  const organisation = (await repo.findOrganisation(platform.db, location.organisation_id))!;
  const keepers = await places.serviceKeepersAt(platform.db, id);
  authorize(canRevealAddress(actor, [organisation.keeper_organisation_id, ...keepers]), { hide: false });
  if (why.length < 3) throw Errors.field('purpose', 'required');
  const sealed = await platform.db.transaction().execute(async (trx) => {
    const value = await places.sealedAddressOf(trx, id);
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'resources.location.reveal',
      targetType: 'resource_location',
      targetId: id,
      purpose: why,
    });
    return value;
  });
  if (!sealed) throw Errors.notFound();
  const address = JSON.parse(platform.keyring.decrypt(sealed, addressContext(id))) as Omit<
    RevealedAddress,
    'city'
  >;
  return { ...address, city: location.city };
}

// ── A service at its locations; capacity ─────────────────────────────────────────────────────────

function checkCounts(available: number | null, maximum: number | null, field: string) {
  if (available !== null && maximum !== null && available > maximum)
    throw Errors.field(field, 'resources_capacity_above_maximum', { maximum });
}

/** Gives a service at one of its organisation's locations (with a safe place's counts). */
export async function addServiceLocation(
  platform: Platform,
  actor: Actor,
  serviceId: string,
  input: ServiceLocationBody,
): Promise<string> {
  const service = await loadKeptService(platform, actor, serviceId);
  const location = await places.findLocation(platform.db, input.locationId);
  if (!location) throw Errors.field('locationId', 'unknown');
  if (location.organisation_id !== service.organisation_id)
    throw Errors.field('locationId', 'resources_location_other_organisation');
  const maximum = input.placesMaximum ?? null;
  const available = input.placesAvailable ?? null;
  checkCounts(available, maximum, 'placesAvailable');
  return platform.db.transaction().execute(async (trx) => {
    const updated = await repo.updateService(trx, serviceId, input.version, {
      updated_by: actor.personId,
      updated_at: platform.now(),
    });
    if (!updated) throw Errors.conflict();
    const id = await places.insertServiceLocation(trx, {
      service_id: serviceId,
      location_id: input.locationId,
      places_maximum: maximum,
      places_available: available,
      capacity_updated_at: available !== null ? platform.now() : null,
      capacity_updated_by: available !== null ? actor.personId : null,
    });
    if (!id) throw Errors.field('locationId', 'resources_location_already');
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'resources.service_location.create',
      targetType: 'resource_service',
      targetId: serviceId,
      meta: { locationId: input.locationId, available, maximum },
    });
    return id;
  });
}

export async function removeServiceLocation(platform: Platform, actor: Actor, id: string): Promise<void> {
  const link = await places.findServiceLocation(platform.db, id);
  if (!link || !canReadService(actor, link)) throw Errors.notFound();
  authorize(canKeep(actor, link.keeper_organisation_id), { hide: false });
  await platform.db.transaction().execute(async (trx) => {
    // Two keepers removing the same place at once: one succeeds, the other is told it changed.
    if (!(await places.deleteServiceLocation(trx, id))) throw Errors.conflict();
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'resources.service_location.delete',
      targetType: 'resource_service',
      targetId: link.service_id,
      meta: { locationId: link.location_id },
    });
  });
}

/**
 * Two taps on a safe place's counter: −1 / +1, or a set value. Conditional on the count the person saw
 * (`version`): a stale count answers 409 and changes nothing. Audited with the counts (they identify
 * nobody).
 */
export async function updateCapacity(platform: Platform, actor: Actor, id: string, input: CapacityBody) {
  const link = await places.findServiceLocation(platform.db, id);
  if (!link || !canReadService(actor, link)) throw Errors.notFound();
  authorize(canUpdateCapacity(actor, link), { hide: false });
  if ((input.step === undefined) === (input.available === undefined))
    throw Errors.field('available', 'resources_capacity_step_or_value');
  if (link.capacity_version !== input.version) throw Errors.conflict();
  const maximum = input.maximum !== undefined ? input.maximum : link.places_maximum;
  const available =
    input.available !== undefined ? input.available : (link.places_available ?? 0) + input.step!;
  if (available < 0) throw Errors.field('step', 'resources_capacity_below_zero');
  checkCounts(available, maximum, input.available !== undefined ? 'available' : 'step');
  return platform.db.transaction().execute(async (trx) => {
    const row = await places.setCapacity(
      trx,
      id,
      input.version,
      { places_available: available, places_maximum: maximum },
      actor.personId,
      platform.now(),
    );
    if (!row) throw Errors.conflict();
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'resources.capacity.update',
      targetType: 'resource_service_location',
      targetId: id,
      meta: { available, maximum, step: input.step ?? null },
    });
    return row;
  });
}

// The directory's entries as their keepers keep them: organisations, services (texts, eligibility,
// phones, weekly schedules, status, confirmation), locations with sealed addresses, a service at its
// locations with a safe place's counts, the table's staleness period, and the flag of stale entries.

import type {
  CapacityBody,
  LocationBody,
  LocationUpdateBody,
  PhonesBody,
  ResourceOrganisationBody,
  ResourceOrganisationUpdateBody,
  RevealedAddress,
  SchedulesBody,
  SealedAddress,
  ServiceBody,
  ServiceLocationBody,
  ServiceStatus,
  ServiceUpdateBody,
} from '../../../shared/contracts/resources.js';
import type { Actor } from '../../platform/authz/actor.js';
import { authorize } from '../../platform/authz/authorize.js';
import { AppError, Errors } from '../../platform/errors.js';
import type { Platform } from '../../platform/platform.js';
import * as accounts from '../accounts/index.js';
import * as repo from './directory.repository.js';
import * as places from './locations.repository.js';
import { addressContext } from './resources.fields.js';
import {
  canEditSettings,
  canKeep,
  canReadService,
  canRevealAddress,
  canUpdateCapacity,
  keepsEntries,
} from './resources.policy.js';

const DAY_MS = 86_400_000;

/** The instant before which a confirmation is stale. */
export function staleCutoff(now: Date, staleAfterDays: number): Date {
  return new Date(now.getTime() - staleAfterDays * DAY_MS);
}

const empty = (value: string | null | undefined): string | null => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
};

/** A keeper named in a body: an existing partner the actor may keep entries for. */
async function checkKeeper(
  platform: Platform,
  actor: Actor,
  keeperOrganisationId: string | null,
): Promise<void> {
  if (keeperOrganisationId !== null) {
    try {
      await accounts.getOrganisation(platform, keeperOrganisationId);
    } catch (error) {
      if (error instanceof AppError && error.code === 'not_found')
        throw Errors.field('keeperOrganisationId', 'unknown');
      throw error;
    }
  }
  if (!canKeep(actor, keeperOrganisationId))
    throw Errors.field('keeperOrganisationId', 'resources_keeper_not_yours');
}

async function checkPartner(platform: Platform, partnerOrganisationId: string | null | undefined) {
  if (!partnerOrganisationId) return;
  try {
    await accounts.getOrganisation(platform, partnerOrganisationId);
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found')
      throw Errors.field('partnerOrganisationId', 'unknown');
    throw error;
  }
}

// ── Settings ─────────────────────────────────────────────────────────────────────────────────────

export async function getSettings(platform: Platform, actor: Actor) {
  const settings = await repo.getSettings(platform.db);
  return { staleAfterDays: settings.stale_after_days, canEdit: canEditSettings(actor) };
}

export async function updateSettings(platform: Platform, actor: Actor, staleAfterDays: number) {
  authorize(canEditSettings(actor), { hide: false });
  await platform.db.transaction().execute(async (trx) => {
    await repo.updateSettings(trx, { stale_after_days: staleAfterDays }, actor.personId, platform.now());
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'resources.settings.update',
      targetType: 'resource_settings',
      targetId: null,
      meta: { staleAfterDays },
    });
  });
}

// ── Organisations ────────────────────────────────────────────────────────────────────────────────

export async function listOrganisations(platform: Platform, actor: Actor, q: string | undefined) {
  const rows = await repo.listOrganisations(platform.db, q?.trim() || undefined);
  return rows.map((r) => ({ ...r, canKeep: canKeep(actor, r.keeper_organisation_id) }));
}

export async function loadOrganisation(platform: Platform, id: string) {
  const organisation = await repo.findOrganisation(platform.db, id);
  if (!organisation) throw Errors.notFound();
  return organisation;
}

/** An organisation with its locations and the services the reader may see. Throws not_found. */
export async function getOrganisation(platform: Platform, actor: Actor, id: string) {
  const organisation = await loadOrganisation(platform, id);
  const locations = await places.locationsOfOrganisation(platform.db, id);
  const services = (await repo.servicesOfOrganisation(platform.db, id)).filter((s) =>
    canReadService(actor, s),
  );
  const keepers = new Map<string, (string | null)[]>();
  for (const location of locations.filter((l) => l.confidential))
    keepers.set(location.id, await places.serviceKeepersAt(platform.db, location.id));
  const { stale_after_days } = await repo.getSettings(platform.db);
  return {
    organisation,
    locations: locations.map((location) => ({
      location,
      canReveal:
        location.confidential &&
        canRevealAddress(actor, [organisation.keeper_organisation_id, ...(keepers.get(location.id) ?? [])]),
    })),
    services,
    cutoff: staleCutoff(platform.now(), stale_after_days),
  };
}

function organisationValues(input: ResourceOrganisationBody) {
  return {
    name: input.name.trim(),
    alternate_name: empty(input.alternateName),
    description_fr: input.descriptionFr?.trim() ?? '',
    description_en: empty(input.descriptionEn),
    email: empty(input.email),
    website: empty(input.website),
    public: input.public ?? false,
    keeper_organisation_id: input.keeperOrganisationId,
    partner_organisation_id: input.partnerOrganisationId ?? null,
  };
}

/** Adds an organisation; the actor must be allowed to keep it for the keeper it names. */
export async function createOrganisation(
  platform: Platform,
  actor: Actor,
  input: ResourceOrganisationBody,
): Promise<string> {
  authorize(keepsEntries(actor), { hide: false });
  if (input.name.trim() === '') throw Errors.field('name', 'required');
  await checkKeeper(platform, actor, input.keeperOrganisationId);
  await checkPartner(platform, input.partnerOrganisationId);
  return platform.db.transaction().execute(async (trx) => {
    const id = await repo.insertOrganisation(trx, {
      ...organisationValues(input),
      created_by: actor.personId,
      created_at: platform.now(),
      updated_at: platform.now(),
    });
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'resources.organisation.create',
      targetType: 'resource_organisation',
      targetId: id,
      meta: { public: input.public ?? false },
    });
    return id;
  });
}

export async function updateOrganisation(
  platform: Platform,
  actor: Actor,
  id: string,
  input: ResourceOrganisationUpdateBody,
): Promise<void> {
  const current = await loadOrganisation(platform, id);
  authorize(canKeep(actor, current.keeper_organisation_id), { hide: false });
  if (input.name.trim() === '') throw Errors.field('name', 'required');
  if (input.keeperOrganisationId !== current.keeper_organisation_id)
    await checkKeeper(platform, actor, input.keeperOrganisationId);
  await checkPartner(platform, input.partnerOrganisationId);
  await platform.db.transaction().execute(async (trx) => {
    const { version, ...body } = input;
    const updated = await repo.updateOrganisation(trx, id, version, {
      ...organisationValues(body),
      updated_at: platform.now(),
    });
    if (!updated) throw Errors.conflict();
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'resources.organisation.update',
      targetType: 'resource_organisation',
      targetId: id,
      meta: { public: input.public ?? false },
    });
  });
}

// ── Services ─────────────────────────────────────────────────────────────────────────────────────

/** A service the actor may read. Throws not_found (defunct entries stay with their keepers). */
export async function loadService(platform: Platform, actor: Actor, id: string) {
  const service = await repo.findService(platform.db, id);
  if (!service || !canReadService(actor, service)) throw Errors.notFound();
  return service;
}

/** A service the actor keeps: 404 when they may not read it, 403 when they may read but not keep it. */
async function loadKeptService(platform: Platform, actor: Actor, id: string) {
  const service = await loadService(platform, actor, id);
  authorize(canKeep(actor, service.keeper_organisation_id), { hide: false });
  return service;
}

type ServiceInput = Omit<ServiceBody, 'organisationId'>;

function checkService(input: ServiceInput): void {
  if (input.nameFr.trim() === '') throw Errors.field('nameFr', 'required');
  if (input.region.trim() === '') throw Errors.field('region', 'required');
  if (input.minAge != null && input.maxAge != null && input.minAge > input.maxAge)
    throw Errors.field('maxAge', 'resources_age_range');
  if (input.acceptsReferrals && input.keeperOrganisationId === null)
    throw Errors.field('acceptsReferrals', 'resources_referrals_need_keeper');
}

function serviceValues(input: ServiceInput) {
  return {
    keeper_organisation_id: input.keeperOrganisationId,
    name_fr: input.nameFr.trim(),
    name_en: empty(input.nameEn),
    description_fr: input.descriptionFr?.trim() ?? '',
    description_en: empty(input.descriptionEn),
    eligibility_fr: empty(input.eligibilityFr),
    eligibility_en: empty(input.eligibilityEn),
    application_fr: empty(input.applicationFr),
    application_en: empty(input.applicationEn),
    fees_fr: empty(input.feesFr),
    fees_en: empty(input.feesEn),
    free: input.free ?? true,
    url: empty(input.url),
    email: empty(input.email),
    taxonomy: [...new Set(input.taxonomy)],
    audiences: [...new Set(input.audiences ?? [])],
    genders: [...new Set(input.genders ?? [])],
    languages: [...new Set(input.languages ?? ['fr'])],
    min_age: input.minAge ?? null,
    max_age: input.maxAge ?? null,
    region: input.region.trim(),
    always_open: input.alwaysOpen ?? false,
    safe_place: input.safePlace ?? false,
    public: input.public ?? false,
    accepts_referrals: input.acceptsReferrals ?? false,
    response_days: input.responseDays ?? 2,
  };
}

/** Adds a service to an organisation the actor keeps, kept by a partner they may keep entries for. */
export async function createService(platform: Platform, actor: Actor, input: ServiceBody): Promise<string> {
  authorize(keepsEntries(actor), { hide: false });
  const organisation = await repo.findOrganisation(platform.db, input.organisationId);
  if (!organisation) throw Errors.field('organisationId', 'unknown');
  if (!canKeep(actor, organisation.keeper_organisation_id))
    throw Errors.field('organisationId', 'resources_keeper_not_yours');
  checkService(input);
  await checkKeeper(platform, actor, input.keeperOrganisationId);
  const { organisationId, ...rest } = input;
  return platform.db.transaction().execute(async (trx) => {
    const now = platform.now();
    const id = await repo.insertService(trx, {
      ...serviceValues(rest),
      organisation_id: organisationId,
      confirmed_at: now,
      confirmed_by: actor.personId,
      created_by: actor.personId,
      created_at: now,
      updated_by: actor.personId,
      updated_at: now,
    });
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'resources.service.create',
      targetType: 'resource_service',
      targetId: id,
      meta: { taxonomy: rest.taxonomy, safePlace: rest.safePlace ?? false },
    });
    return id;
  });
}

/** Edits a service (conditional on its version); an edit by a keeper also confirms it. */
export async function updateService(
  platform: Platform,
  actor: Actor,
  id: string,
  input: ServiceUpdateBody,
): Promise<void> {
  const current = await loadKeptService(platform, actor, id);
  const { version, ...rest } = input;
  checkService(rest);
  if (rest.keeperOrganisationId !== current.keeper_organisation_id)
    await checkKeeper(platform, actor, rest.keeperOrganisationId);
  await platform.db.transaction().execute(async (trx) => {
    const now = platform.now();
    const updated = await repo.updateService(trx, id, version, {
      ...serviceValues(rest),
      confirmed_at: now,
      confirmed_by: actor.personId,
      stale_notified_at: null,
      updated_by: actor.personId,
      updated_at: now,
    });
    if (!updated) throw Errors.conflict();
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'resources.service.update',
      targetType: 'resource_service',
      targetId: id,
      meta: { taxonomy: rest.taxonomy },
    });
  });
}

/** Retires, closes for a while or reopens a service. */
export async function setServiceStatus(
  platform: Platform,
  actor: Actor,
  id: string,
  status: ServiceStatus,
  version: number,
): Promise<void> {
  const current = await loadKeptService(platform, actor, id);
  await platform.db.transaction().execute(async (trx) => {
    const updated = await repo.updateService(trx, id, version, {
      status,
      updated_by: actor.personId,
      updated_at: platform.now(),
    });
    if (!updated) throw Errors.conflict();
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'resources.service.set_status',
      targetType: 'resource_service',
      targetId: id,
      meta: { from: current.status, to: status },
    });
  });
}

/** "Still accurate": the keeper confirms the entry as it is; its staleness starts over. */
export async function confirmService(platform: Platform, actor: Actor, id: string, version: number) {
  await loadKeptService(platform, actor, id);
  await platform.db.transaction().execute(async (trx) => {
    const now = platform.now();
    const updated = await repo.updateService(trx, id, version, {
      confirmed_at: now,
      confirmed_by: actor.personId,
      stale_notified_at: null,
    });
    if (!updated) throw Errors.conflict();
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'resources.service.confirm',
      targetType: 'resource_service',
      targetId: id,
    });
  });
}

/** Replaces a service's phone lines (conditional on the service's version). */
export async function replacePhones(platform: Platform, actor: Actor, id: string, input: PhonesBody) {
  await loadKeptService(platform, actor, id);
  await platform.db.transaction().execute(async (trx) => {
    const updated = await repo.updateService(trx, id, input.version, {
      updated_by: actor.personId,
      updated_at: platform.now(),
    });
    if (!updated) throw Errors.conflict();
    await repo.replacePhones(
      trx,
      id,
      input.phones.map((p) => ({
        number: p.number.trim(),
        extension: p.extension ?? null,
        kind: p.kind ?? 'voice',
        description_fr: empty(p.descriptionFr),
        description_en: empty(p.descriptionEn),
        languages: [...new Set(p.languages ?? [])],
      })),
    );
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'resources.service.replace_phones',
      targetType: 'resource_service',
      targetId: id,
      meta: { count: input.phones.length },
    });
  });
}

/** Replaces a service's weekly hours (conditional on the service's version). */
export async function replaceSchedules(platform: Platform, actor: Actor, id: string, input: SchedulesBody) {
  await loadKeptService(platform, actor, id);
  input.schedules.forEach((s, index) => {
    if (s.opensAt === s.closesAt) throw Errors.field(`schedules.${index}.closesAt`, 'resources_same_hours');
  });
  await platform.db.transaction().execute(async (trx) => {
    const updated = await repo.updateService(trx, id, input.version, {
      ...(input.alwaysOpen !== undefined ? { always_open: input.alwaysOpen } : {}),
      updated_by: actor.personId,
      updated_at: platform.now(),
    });
    if (!updated) throw Errors.conflict();
    await repo.replaceSchedules(
      trx,
      id,
      input.schedules.map((s) => ({
        weekday: s.weekday,
        opens_at: `${s.opensAt}:00`,
        closes_at: `${s.closesAt}:00`,
        note_fr: empty(s.noteFr),
        note_en: empty(s.noteEn),
      })),
    );
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'resources.service.replace_schedules',
      targetType: 'resource_service',
      targetId: id,
      meta: { count: input.schedules.length },
    });
  });
}

/** Everything the service page shows. Throws not_found. */
export async function getService(platform: Platform, actor: Actor, id: string) {
  const service = await loadService(platform, actor, id);
  const organisation = (await repo.findOrganisation(platform.db, service.organisation_id))!;
  const phones = await repo.phonesOfService(platform.db, id);
  const schedules = await repo.schedulesOfService(platform.db, id);
  const links = await places.serviceLocationsOf(platform.db, id);
  const locations = [];
  for (const link of links) {
    const location = (await places.findLocation(platform.db, link.location_id))!;
    const keepers = location.confidential ? await places.serviceKeepersAt(platform.db, location.id) : [];
    locations.push({
      link,
      location,
      canReveal:
        location.confidential && canRevealAddress(actor, [organisation.keeper_organisation_id, ...keepers]),
    });
  }
  const { stale_after_days } = await repo.getSettings(platform.db);
  return {
    service,
    organisation,
    phones,
    schedules,
    locations,
    stale: service.confirmed_at < staleCutoff(platform.now(), stale_after_days),
    canKeep: canKeep(actor, service.keeper_organisation_id),
    canUpdateCapacity: canUpdateCapacity(actor, service),
  };
}

/** "Our entries": what the actor's organisation keeps (and, for the table coordination, what it keeps). */
export async function keptServices(platform: Platform, actor: Actor) {
  authorize(keepsEntries(actor), { hide: false });
  const { stale_after_days } = await repo.getSettings(platform.db);
  const cutoff = staleCutoff(platform.now(), stale_after_days);
  const rows = await repo.keptServices(platform.db, {
    organisationId: actor.organisationId,
    coordination: canKeep(actor, null),
  });
  return { staleAfterDays: stale_after_days, rows, cutoff };
}

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
  const organisation = (await repo.findOrganisation(platform.db, location.organisation_id))!;
  const keepers = await places.serviceKeepersAt(platform.db, id);
  authorize(canRevealAddress(actor, [organisation.keeper_organisation_id, ...keepers]), { hide: false });
  const sealed = await platform.db.transaction().execute(async (trx) => {
    const value = await places.sealedAddressOf(trx, id);
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'resources.location.reveal',
      targetType: 'resource_location',
      targetId: id,
      purpose: purpose.trim(),
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
    await places.deleteServiceLocation(trx, id);
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

// ── Stale entries ────────────────────────────────────────────────────────────────────────────────

/**
 * Flags the services not confirmed for the table's period, each once, and tells their keepers in the
 * app: the coordinators and pivots of the keeper organisation, the table coordination for what it
 * keeps. One notification per keeper and run (with the count), not one per service. Returns how many
 * services were flagged.
 */
export async function flagStaleServices(platform: Platform): Promise<number> {
  const { stale_after_days } = await repo.getSettings(platform.db);
  const candidates = await repo.staleUnflagged(platform.db, staleCutoff(platform.now(), stale_after_days));
  if (candidates.length === 0) return 0;
  const keepers = [...new Set(candidates.map((c) => c.keeper_organisation_id))];
  // Recipients are read before the transaction (PGlite has a single connection).
  const recipients = new Map<string | null, string[]>();
  for (const keeper of keepers) {
    const people: string[] = [];
    const roles =
      keeper === null ? (['table_coordinator'] as const) : (['org_coordinator', 'pivot'] as const);
    for (const role of roles) {
      const found = await accounts.searchPeople(platform, {
        ...(keeper !== null ? { organisationId: keeper } : {}),
        role,
        status: 'active',
        page: 1,
        pageSize: 500,
      });
      people.push(...found.rows.map((p) => p.id));
    }
    recipients.set(keeper, [...new Set(people)]);
  }
  return platform.db.transaction().execute(async (trx) => {
    const flagged = new Set(
      await repo.flagStale(
        trx,
        candidates.map((c) => c.id),
        platform.now(),
      ),
    );
    for (const keeper of keepers) {
      const count = candidates.filter((c) => c.keeper_organisation_id === keeper && flagged.has(c.id)).length;
      const people = recipients.get(keeper) ?? [];
      if (count === 0 || people.length === 0) continue;
      await platform.notifier.notify(trx, people, {
        kind: 'resources.stale',
        params: { count },
        link: '/repertoire/nos-fiches',
      });
    }
    if (flagged.size > 0)
      await platform.audit.append(trx, {
        actor: null,
        action: 'resources.stale_entries.flag',
        meta: { flagged: flagged.size, keepers: keepers.length },
      });
    return flagged.size;
  });
}

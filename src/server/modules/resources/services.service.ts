// A directory's services as their keepers keep them: texts in both languages, eligibility, phones,
// weekly schedules, status and the confirmation that the entry is still right.

import type {
  PhonesBody,
  SchedulesBody,
  ServiceBody,
  ServiceStatus,
  ServiceUpdateBody,
} from '../../../shared/contracts/resources.js';
import type { Actor } from '../../platform/authz/actor.js';
import { authorize } from '../../platform/authz/authorize.js';
import { Errors } from '../../platform/errors.js';
import type { Platform } from '../../platform/platform.js';
import * as repo from './directory.repository.js';
import { checkKeeper, empty, staleCutoff } from './directory.service.js';
import * as places from './locations.repository.js';
import {
  canKeep,
  canReadService,
  canRevealAddress,
  canUpdateCapacity,
  keepsEntries,
} from './resources.policy.js';

// ── Services ─────────────────────────────────────────────────────────────────────────────────────

/** A service the actor may read. Throws not_found (defunct entries stay with their keepers). */
export async function loadService(platform: Platform, actor: Actor, id: string) {
  const service = await repo.findService(platform.db, id);
  if (!service || !canReadService(actor, service)) throw Errors.notFound();
  return service;
}

/** A service the actor keeps: 404 when they may not read it, 403 when they may read but not keep it. */
export async function loadKeptService(platform: Platform, actor: Actor, id: string) {
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
  const { organisationId, phones, schedules, ...rest } = input;
  const phoneList = phones ? phoneRows(phones) : null;
  const hours = schedules ? scheduleRows(schedules) : null;
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
    // Phones and hours sent with the service are saved with it: one transaction, nothing half-saved.
    if (phoneList) await repo.replacePhones(trx, id, phoneList);
    if (hours) await repo.replaceSchedules(trx, id, hours);
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
  const { version, phones, schedules, ...rest } = input;
  checkService(rest);
  const phoneList = phones ? phoneRows(phones) : null;
  const hours = schedules ? scheduleRows(schedules) : null;
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
    if (phoneList) await repo.replacePhones(trx, id, phoneList);
    if (hours) await repo.replaceSchedules(trx, id, hours);
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

/** Phone lines as stored: trimmed (a number of spaces around one digit is no number: 3 characters). */
function phoneRows(phones: PhonesBody['phones']) {
  phones.forEach((p, i) => {
    if (p.number.trim().length < 3) throw Errors.field(`phones.${i}.number`, 'required');
  });
  return phones.map((p) => ({
    number: p.number.trim(),
    extension: p.extension ?? null,
    kind: p.kind ?? 'voice',
    description_fr: empty(p.descriptionFr),
    description_en: empty(p.descriptionEn),
    languages: [...new Set(p.languages ?? [])],
  }));
}

/** Weekly hours as stored; an opening that closes when it opens is no opening. */
function scheduleRows(schedules: SchedulesBody['schedules']) {
  schedules.forEach((s, index) => {
    if (s.opensAt === s.closesAt) throw Errors.field(`schedules.${index}.closesAt`, 'resources_same_hours');
  });
  return schedules.map((s) => ({
    weekday: s.weekday,
    opens_at: `${s.opensAt}:00`,
    closes_at: `${s.closesAt}:00`,
    note_fr: empty(s.noteFr),
    note_en: empty(s.noteEn),
  }));
}

/** Replaces a service's phone lines (conditional on the service's version). */
export async function replacePhones(platform: Platform, actor: Actor, id: string, input: PhonesBody) {
  await loadKeptService(platform, actor, id);
  const rows = phoneRows(input.phones);
  await platform.db.transaction().execute(async (trx) => {
    const updated = await repo.updateService(trx, id, input.version, {
      updated_by: actor.personId,
      updated_at: platform.now(),
    });
    if (!updated) throw Errors.conflict();
    await repo.replacePhones(trx, id, rows);
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
  const rows = scheduleRows(input.schedules);
  await platform.db.transaction().execute(async (trx) => {
    const updated = await repo.updateService(trx, id, input.version, {
      ...(input.alwaysOpen !== undefined ? { always_open: input.alwaysOpen } : {}),
      updated_by: actor.personId,
      updated_at: platform.now(),
    });
    if (!updated) throw Errors.conflict();
    await repo.replaceSchedules(trx, id, rows);
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

// The Open Referral import's plan: what importing a file would do, entry by entry (create, update with
// the changed fields, unchanged, skipped with its reason), computed against what the directory holds.

import type { HsdsImportReport, HsdsImportSkipReason } from '../../../shared/contracts/resources.js';
import type { Executor } from '../../platform/db/database.js';
import {
  canonicalJson,
  type ImportedLocation,
  type ImportedOrganisation,
  type ImportedPhone,
  type ImportedSchedule,
  type ImportedService,
  type ImportLanguage,
} from './hsds.import.mapping.js';
import * as repo from './hsds.import.repository.js';
import { derivedId, email, uri } from './hsds.mapping.js';

export interface ImportOptions {
  mode: 'dry-run' | 'apply';
  region: string | undefined;
  lang: ImportLanguage;
  digest: string | undefined;
}

type Counts = HsdsImportReport['counts']['services'];
export const zero = (): Counts => ({ create: 0, update: 0, unchanged: 0, skip: 0 });

// ── Comparing what the file says with what Filet holds ───────────────────────────────────────────

function same(a: unknown, b: unknown): boolean {
  return canonicalJson(a ?? null) === canonicalJson(b ?? null);
}

/**
 * A stored value as the export writes it: a bare host is a URL (`https://…/`), an address that is no
 * e-mail is none. Filet's own export, imported back, then finds the entry unchanged.
 */
function asExported(column: string, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  if (column === 'website' || column === 'url') return uri(value) ?? null;
  if (column === 'email') return email(value) ?? null;
  return value;
}

/** The names of the columns whose stored value differs from the file's. */
function changedColumns(current: Record<string, unknown>, next: Record<string, unknown>): string[] {
  return Object.keys(next).filter((key) => !same(asExported(key, current[key]), next[key]));
}

function phoneRows(phones: readonly ImportedPhone[], lang: ImportLanguage) {
  return phones.map((p) => ({
    id: p.id,
    number: p.number,
    extension: p.extension,
    kind: p.kind,
    [`description_${lang}`]: p.description,
    languages: p.languages,
    position: p.position,
  }));
}

/** Stored lines as the file would write them: positions become ranks (two lines at 0 keep their order). */
function storedPhones(rows: readonly repo.CurrentPhone[], lang: ImportLanguage) {
  return rows.map((p, position) => ({
    id: p.id,
    number: p.number,
    extension: p.extension,
    kind: p.kind,
    [`description_${lang}`]: p[`description_${lang}`],
    languages: p.languages,
    position,
  }));
}

function scheduleRows(schedules: readonly ImportedSchedule[], lang: ImportLanguage) {
  return [...schedules]
    .sort((a, b) => a.weekday - b.weekday || a.opens_at.localeCompare(b.opens_at) || a.id.localeCompare(b.id))
    .map((s) => ({
      id: s.id,
      weekday: s.weekday,
      opens_at: s.opens_at,
      closes_at: s.closes_at,
      [`note_${lang}`]: s.note,
    }));
}

function storedSchedules(rows: readonly repo.CurrentSchedule[], lang: ImportLanguage) {
  return rows.map((s) => ({
    id: s.id,
    weekday: s.weekday,
    opens_at: s.opens_at,
    closes_at: s.closes_at,
    [`note_${lang}`]: s[`note_${lang}`],
  }));
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string | null): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    if (k === null) continue;
    const list = groups.get(k);
    if (list) list.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

// ── The plan: what an import does, entry by entry ────────────────────────────────────────────────

export interface Decision<T> {
  action: 'create' | 'update' | 'unchanged' | 'skip';
  fields: string[];
  reason: HsdsImportSkipReason | null;
  imported: T;
  version: number;
  /** Column values to write (all of them for a create, the changed ones for an update). */
  values: Record<string, unknown>;
  phones: boolean;
}

interface ServiceDecision extends Decision<ImportedService> {
  organisationId: string;
  schedules: boolean;
  /** The service's places as they will be: file identifier or the stored one for the same place. */
  links: { id: string; locationId: string; schedules: ImportedSchedule[]; exists: boolean }[];
  removedLinks: string[];
  linkSchedules: boolean;
}

export interface Plan {
  organisations: Map<string, Decision<ImportedOrganisation>>;
  locations: Map<string, Decision<ImportedLocation>>;
  services: ServiceDecision[];
}

function decide<T>(
  imported: T,
  current: { version: number } | undefined,
  next: Record<string, unknown>,
  currentValues: Record<string, unknown> | undefined,
  extra: { phones?: boolean } = {},
): Decision<T> {
  if (!current)
    return { action: 'create', fields: [], reason: null, imported, version: 0, values: next, phones: true };
  const fields = changedColumns(currentValues ?? {}, next);
  if (extra.phones) fields.push('phones');
  return {
    action: fields.length > 0 ? 'update' : 'unchanged',
    fields,
    reason: null,
    imported,
    version: current.version,
    values: Object.fromEntries(fields.filter((f) => f in next).map((f) => [f, next[f]])),
    phones: extra.phones ?? false,
  };
}

function skip<T>(imported: T, reason: HsdsImportSkipReason): Decision<T> {
  return { action: 'skip', fields: [], reason, imported, version: 0, values: {}, phones: false };
}

/**
 * A phone line, schedule or link to a place whose identifier Filet already gives to another owner
 * (another service's, a partner's) gets an identifier derived from its owner and its own: an import
 * never takes a row from an entry it does not write. The same file gives the same identifiers again.
 */
async function keepIdentifiersApart(
  db: Executor,
  services: readonly ImportedService[],
  organisations: ReadonlyMap<string, ImportedOrganisation>,
  locations: ReadonlyMap<string, ImportedLocation>,
) {
  const phoneLists: [string, ImportedPhone[]][] = [
    ...[...organisations.values()].map((o): [string, ImportedPhone[]] => [`o:${o.id}`, o.phones]),
    ...[...locations.values()].map((l): [string, ImportedPhone[]] => [`l:${l.id}`, l.phones]),
    ...services.map((s): [string, ImportedPhone[]] => [`s:${s.id}`, s.phones]),
  ];
  const phoneOwner = new Map(
    (
      await repo.phoneOwners(
        db,
        phoneLists.flatMap(([, list]) => list.map((p) => p.id)),
      )
    ).map((p) => [
      p.id,
      p.organisation_id
        ? `o:${p.organisation_id}`
        : p.service_id
          ? `s:${p.service_id}`
          : `l:${p.location_id}`,
    ]),
  );
  for (const [owner, list] of phoneLists)
    for (const phone of list) {
      const holder = phoneOwner.get(phone.id);
      if (holder !== undefined && holder !== owner) phone.id = derivedId('phone', owner, phone.id);
    }
  const scheduleLists = services.flatMap((s) =>
    [s.schedules, ...s.locations.map((l) => l.schedules)].map((list) => [s.id, list] as const),
  );
  const scheduleOwner = new Map(
    (
      await repo.scheduleOwners(
        db,
        scheduleLists.flatMap(([, list]) => list.map((x) => x.id)),
      )
    ).map((x) => [x.id, x.service_id]),
  );
  for (const [serviceId, list] of scheduleLists)
    for (const schedule of list) {
      const holder = scheduleOwner.get(schedule.id);
      if (holder !== undefined && holder !== serviceId)
        schedule.id = derivedId('schedule', serviceId, schedule.id);
    }
  const linkOwner = new Map(
    (
      await repo.serviceLocationOwners(
        db,
        services.flatMap((s) => s.locations.map((l) => l.id)),
      )
    ).map((l) => [l.id, l.service_id]),
  );
  for (const service of services)
    for (const link of service.locations) {
      const holder = linkOwner.get(link.id);
      if (holder !== undefined && holder !== service.id)
        link.id = derivedId('service_location', service.id, link.locationId);
    }
}

/** Reads what Filet holds for the file's entries and decides, entry by entry, what the import does. */
export async function plan(
  db: Executor,
  services: readonly ImportedService[],
  options: { region: string; lang: ImportLanguage; lock: boolean },
): Promise<Plan> {
  const { lang, region, lock } = options;
  const read = { lock };
  const organisationsInFile = new Map<string, ImportedOrganisation>();
  const locationsInFile = new Map<string, ImportedLocation>();
  for (const service of services) {
    if (service.organisation && !organisationsInFile.has(service.organisation.id))
      organisationsInFile.set(service.organisation.id, service.organisation);
    for (const location of service.locationsInFile)
      if (!locationsInFile.has(location.id)) locationsInFile.set(location.id, location);
  }
  const currentServices = new Map(
    (
      await repo.servicesByIds(
        db,
        services.map((s) => s.id),
        read,
      )
    ).map((s) => [s.id, s]),
  );
  const currentLocations = new Map(
    (
      await repo.locationsByIds(
        db,
        // The places the file gives in full, and those a service names by identifier only.
        [...locationsInFile.keys(), ...services.flatMap((s) => s.locations.map((l) => l.locationId))],
        read,
      )
    ).map((l) => [l.id, l]),
  );
  const organisationIds = [
    ...organisationsInFile.keys(),
    ...services.map((s) => s.organisationId).filter((id): id is string => id !== null),
    ...[...currentLocations.values()].map((l) => l.organisation_id),
    ...[...locationsInFile.values()].map((l) => l.organisationId).filter(Boolean),
  ];
  const currentOrganisations = new Map(
    (await repo.organisationsByIds(db, organisationIds, read)).map((o) => [o.id, o]),
  );
  await keepIdentifiersApart(db, services, organisationsInFile, locationsInFile);
  const serviceIds = [...currentServices.keys()];
  const currentLinks = groupBy(await repo.serviceLocationsOf(db, serviceIds), (l) => l.service_id);
  const linkIds = [...currentLinks.values()].flat().map((l) => l.id);
  const phones = {
    organisation: groupBy(
      await repo.phonesOf(db, 'organisation_id', [...organisationsInFile.keys()]),
      (p) => p.organisation_id,
    ),
    service: groupBy(await repo.phonesOf(db, 'service_id', serviceIds), (p) => p.service_id),
    location: groupBy(
      await repo.phonesOf(db, 'location_id', [...currentLocations.keys()]),
      (p) => p.location_id,
    ),
  };
  const schedules = {
    service: groupBy(await repo.schedulesOf(db, 'service_id', serviceIds), (s) => s.service_id),
    link: groupBy(await repo.schedulesOf(db, 'service_location_id', linkIds), (s) => s.service_location_id),
  };

  // Organisations: a partner's entry is theirs; the file's description goes to the file's language.
  const organisations = new Map<string, Decision<ImportedOrganisation>>();
  for (const [id, organisation] of organisationsInFile) {
    const current = currentOrganisations.get(id);
    if (current && current.keeper_organisation_id !== null) {
      organisations.set(id, skip(organisation, 'kept_by_partner'));
      continue;
    }
    const next = {
      name: organisation.name,
      alternate_name: organisation.alternate_name,
      [`description_${lang}`]: organisation.texts.description,
      email: organisation.email,
      website: organisation.website,
    };
    const phonesChanged =
      current !== undefined &&
      !same(storedPhones(phones.organisation.get(id) ?? [], lang), phoneRows(organisation.phones, lang));
    organisations.set(id, decide(organisation, current, next, current, { phones: phonesChanged }));
  }
  /** The organisation an entry belongs to, when it exists or the import creates it; its keeper. */
  const organisationOf = (id: string | null): { exists: boolean; partner: boolean } => {
    if (id === null) return { exists: false, partner: false };
    const current = currentOrganisations.get(id);
    if (current) return { exists: true, partner: current.keeper_organisation_id !== null };
    return { exists: organisations.get(id)?.action === 'create', partner: false };
  };

  const decided: ServiceDecision[] = [];
  const usedLocations = new Set<string>();
  for (const service of services) {
    const current = currentServices.get(service.id);
    const organisationId = service.organisationId;
    const owner = organisationOf(organisationId);
    const base = {
      organisationId: organisationId ?? '',
      links: [],
      removedLinks: [],
      schedules: false,
      linkSchedules: false,
    };
    if (current && current.keeper_organisation_id !== null) {
      decided.push({ ...skip(service, 'kept_by_partner'), ...base });
      continue;
    }
    if (!owner.exists) {
      decided.push({ ...skip(service, 'no_organisation'), ...base });
      continue;
    }
    // Nothing is added under a partner's organisation, nor moved into or out of one.
    const movesOwner = current !== undefined && current.organisation_id !== organisationId;
    const fromPartner = movesOwner && organisationOf(current.organisation_id).partner;
    if ((!current || movesOwner) && (owner.partner || fromPartner)) {
      decided.push({ ...skip(service, 'kept_by_partner'), ...base });
      continue;
    }
    const next: Record<string, unknown> = {
      organisation_id: organisationId,
      [`name_${lang}`]: service.texts.name,
      [`description_${lang}`]: service.texts.description,
      [`eligibility_${lang}`]: service.texts.eligibility,
      [`application_${lang}`]: service.texts.application,
      [`fees_${lang}`]: service.texts.fees,
      ...service.values,
      region,
    };
    // The service's places: the stored link to the same place keeps its identifier (and its counts).
    const stored = currentLinks.get(service.id) ?? [];
    const links = service.locations.map((link) => {
      const match =
        stored.find((s) => s.id === link.id) ?? stored.find((s) => s.location_id === link.locationId);
      return {
        id: match?.id ?? link.id,
        locationId: link.locationId,
        schedules: link.schedules,
        exists: match !== undefined,
      };
    });
    const kept = new Set(links.filter((l) => l.exists).map((l) => l.id));
    const removedLinks = stored.filter((s) => !kept.has(s.id)).map((s) => s.id);
    for (const link of links) usedLocations.add(link.locationId);
    const extra: string[] = [];
    let phonesChanged = false;
    let schedulesChanged = false;
    let linkSchedules = false;
    if (current) {
      phonesChanged = !same(
        storedPhones(phones.service.get(service.id) ?? [], lang),
        phoneRows(service.phones, lang),
      );
      schedulesChanged = !same(
        storedSchedules(schedules.service.get(service.id) ?? [], lang),
        scheduleRows(service.schedules, lang),
      );
      const linksChanged =
        removedLinks.length > 0 ||
        links.some((l) => !l.exists) ||
        links.some((l) => !stored.some((s) => s.id === l.id && s.location_id === l.locationId));
      linkSchedules = links.some(
        (l) => !same(storedSchedules(schedules.link.get(l.id) ?? [], lang), scheduleRows(l.schedules, lang)),
      );
      if (phonesChanged) extra.push('phones');
      if (schedulesChanged || linkSchedules) extra.push('schedules');
      if (linksChanged) extra.push('locations');
    }
    const decision = decide(service, current, next, current);
    decision.fields.push(...extra);
    if (decision.action === 'unchanged' && extra.length > 0) decision.action = 'update';
    decided.push({
      ...decision,
      phones: current ? phonesChanged : true,
      organisationId: organisationId!,
      links,
      removedLinks,
      schedules: current ? schedulesChanged : true,
      linkSchedules: current ? linkSchedules : true,
    });
  }

  // Places of the services the import writes. A partner's place is theirs; a place Filet keeps
  // confidential is never made plain by a file (its sealed address stays sealed).
  const locations = new Map<string, Decision<ImportedLocation>>();
  for (const id of usedLocations) {
    const location = locationsInFile.get(id);
    if (!location) continue;
    const current = currentLocations.get(id);
    const ownerId = current?.organisation_id ?? location.organisationId;
    const owner = organisationOf(ownerId);
    if (owner.partner) {
      locations.set(id, skip(location, 'kept_by_partner'));
      continue;
    }
    if (current?.confidential && !location.confidential) {
      locations.set(id, skip(location, 'confidential_in_filet'));
      continue;
    }
    let next: Record<string, unknown>;
    if (location.confidential && current?.confidential) {
      next = {
        location_type: location.values.location_type,
        [`front_gate_${lang}`]: location.texts.front_gate,
      };
    } else if (location.confidential) {
      // Only the front gate: whatever the place showed in plain goes.
      next = {
        ...location.values,
        confidential: true,
        description_fr: null,
        description_en: null,
        transportation_fr: null,
        transportation_en: null,
        accessibility_fr: null,
        accessibility_en: null,
        [`front_gate_${lang}`]: location.texts.front_gate,
      };
    } else {
      next = {
        ...location.values,
        [`description_${lang}`]: location.texts.description,
        [`transportation_${lang}`]: location.texts.transportation,
        [`accessibility_${lang}`]: location.texts.accessibility,
      };
    }
    const phonesChanged =
      current !== undefined &&
      !(current.confidential && location.confidential) &&
      !same(storedPhones(phones.location.get(id) ?? [], lang), phoneRows(location.phones, lang));
    const decision = decide(location, current, next, current, { phones: phonesChanged });
    if (!current && !owner.exists) {
      // The place names an organisation neither Filet nor the file has: it joins the service's.
      const service = decided.find((s) => s.links.some((l) => l.locationId === id) && s.action !== 'skip');
      location.organisationId = service?.organisationId ?? location.organisationId;
    }
    locations.set(id, decision);
  }
  // A link to a place that is neither stored nor created cannot be made.
  for (const service of decided) {
    service.links = service.links.filter(
      (l) => currentLocations.has(l.locationId) || locations.get(l.locationId)?.action === 'create',
    );
  }
  return { organisations, locations, services: decided };
}

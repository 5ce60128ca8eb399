// The Open Referral (HSDS 3.0) import: a file of services from another region or a 211 read into the
// directory. A dry run reports what would change and stores nothing; the apply, sent the dry run's
// digest, computes everything again and writes it in one transaction.

import type {
  HsdsImportLine,
  HsdsImportReport,
  HsdsImportSkipReason,
} from '../../../shared/contracts/resources.js';
import type { Actor } from '../../platform/authz/actor.js';
import { authorize } from '../../platform/authz/authorize.js';
import type { Executor } from '../../platform/db/database.js';
import { AppError, Errors, type FieldProblem } from '../../platform/errors.js';
import { problemsFromValidation } from '../../platform/http/errors.plugin.js';
import type { Platform } from '../../platform/platform.js';
import {
  canonicalJson,
  fromHsdsService,
  type ImportedLocation,
  type ImportedOrganisation,
  type ImportedPhone,
  type ImportedSchedule,
  type ImportedService,
  type ImportLanguage,
  ImportProblems,
  importDigest,
  servicesOf,
  withUuidIds,
} from './hsds.import.mapping.js';
import * as repo from './hsds.import.repository.js';
import { derivedId, email, uri } from './hsds.mapping.js';
import { canImportDirectory } from './hsds.policy.js';
import { hsdsServiceValidator } from './hsds.schema.js';

/** Problems of a file shown at most: enough to find the fault, not a wall of text. */
export const MAX_PROBLEMS = 10;

export interface ImportOptions {
  mode: 'dry-run' | 'apply';
  region: string | undefined;
  lang: ImportLanguage;
  digest: string | undefined;
}

type Counts = HsdsImportReport['counts']['services'];
const zero = (): Counts => ({ create: 0, update: 0, unchanged: 0, skip: 0 });

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

interface Decision<T> {
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

interface Plan {
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
async function plan(
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

// ── Writing a plan ───────────────────────────────────────────────────────────────────────────────

function textsForCreate(
  lang: ImportLanguage,
  texts: Record<string, string | null>,
): Record<string, string | null> {
  // Filet requires the French texts: a new entry from an English file gets them in both columns.
  const out: Record<string, string | null> = {};
  for (const [key, value] of Object.entries(texts)) {
    out[`${key}_${lang}`] = value;
    if (lang === 'en') out[`${key}_fr`] = value;
  }
  return out;
}

function phoneValues(phones: readonly ImportedPhone[], lang: ImportLanguage) {
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

function scheduleValues(schedules: readonly ImportedSchedule[], lang: ImportLanguage) {
  return schedules.map((s) => ({
    id: s.id,
    weekday: s.weekday,
    opens_at: s.opens_at,
    closes_at: s.closes_at,
    [`note_${lang}`]: s.note,
  }));
}

/**
 * Writes a plan: new rows in batches (a few statements for a thousand entries), changes row by row,
 * each conditional on the version read. Organisations first, then places, services, their links to
 * places, and the phone lines and hours of what is new.
 */
async function write(
  trx: Executor,
  actor: Actor,
  now: Date,
  region: string,
  lang: ImportLanguage,
  planned: Plan,
) {
  const descriptionColumn = `description_${lang}` as const;
  const noteColumn = `note_${lang}` as const;
  const newPhones: repo.NewPhone[] = [];
  const newSchedules: repo.NewSchedule[] = [];
  const phonesOf = (owner: repo.PhoneOwner, phones: readonly ImportedPhone[]) =>
    newPhones.push(...phoneValues(phones, lang).map((p) => ({ ...repo.NO_PHONE_OWNER, ...owner, ...p })));
  const schedulesOf = (owner: repo.ScheduleOwner, schedules: readonly ImportedSchedule[]) =>
    newSchedules.push(
      ...scheduleValues(schedules, lang).map((x) => ({ ...repo.NO_SCHEDULE_OWNER, ...owner, ...x })),
    );

  const organisations: repo.NewOrganisation[] = [];
  for (const [id, decision] of planned.organisations) {
    const o = decision.imported;
    if (decision.action === 'create') {
      organisations.push({
        id,
        name: o.name,
        alternate_name: o.alternate_name,
        ...textsForCreate(lang, o.texts),
        email: o.email,
        website: o.website,
        public: false,
        keeper_organisation_id: null,
        created_by: actor.personId,
        created_at: now,
        updated_at: now,
      });
      phonesOf({ organisation_id: id }, o.phones);
      continue;
    }
    if (decision.action !== 'update') continue;
    if (!(await repo.updateOrganisation(trx, id, decision.version, { ...decision.values, updated_at: now })))
      throw Errors.conflict();
    if (decision.phones)
      await repo.replacePhones(trx, { organisation_id: id }, phoneValues(o.phones, lang), descriptionColumn);
  }
  await repo.insertOrganisations(trx, organisations);

  const locations: repo.NewLocation[] = [];
  for (const [id, decision] of planned.locations) {
    const l = decision.imported;
    if (decision.action === 'create') {
      locations.push({
        id,
        organisation_id: l.organisationId,
        ...l.values,
        confidential: l.confidential,
        ...textsForCreate(lang, l.texts),
        created_at: now,
        updated_at: now,
      });
      phonesOf({ location_id: id }, l.phones);
      continue;
    }
    if (decision.action !== 'update') continue;
    if (!(await repo.updateLocation(trx, id, decision.version, { ...decision.values, updated_at: now })))
      throw Errors.conflict();
    if (decision.phones)
      await repo.replacePhones(trx, { location_id: id }, phoneValues(l.phones, lang), descriptionColumn);
  }
  await repo.insertLocations(trx, locations);

  const services: repo.NewService[] = [];
  const links: repo.NewServiceLocation[] = [];
  for (const decision of planned.services) {
    const s = decision.imported;
    if (decision.action === 'create') {
      services.push({
        id: s.id,
        organisation_id: decision.organisationId,
        keeper_organisation_id: null,
        ...textsForCreate(lang, s.texts),
        name_fr: s.texts.name,
        ...s.values,
        region,
        safe_place: s.values.taxonomy.includes('safe_place'),
        public: false,
        accepts_referrals: false,
        confirmed_at: s.assuredAt ?? now,
        created_by: actor.personId,
        created_at: now,
        updated_by: actor.personId,
        // The source's last change, so that an export of the imported entry says the same.
        updated_at: s.modifiedAt ?? now,
      });
      phonesOf({ service_id: s.id }, s.phones);
      schedulesOf({ service_id: s.id }, s.schedules);
      // New links keep the file's order (the export lists a service's places by when they were linked).
      decision.links.forEach((link, index) => {
        links.push({
          id: link.id,
          service_id: s.id,
          location_id: link.locationId,
          created_at: new Date(now.getTime() + index),
        });
        schedulesOf({ service_location_id: link.id }, link.schedules);
      });
      continue;
    }
    if (decision.action !== 'update') continue;
    const updated = await repo.updateService(trx, s.id, decision.version, {
      ...decision.values,
      updated_by: actor.personId,
      updated_at: now,
    });
    if (!updated) throw Errors.conflict();
    if (decision.phones)
      await repo.replacePhones(trx, { service_id: s.id }, phoneValues(s.phones, lang), descriptionColumn);
    if (decision.schedules)
      await repo.replaceSchedules(trx, { service_id: s.id }, scheduleValues(s.schedules, lang), noteColumn);
    await repo.deleteServiceLocations(trx, decision.removedLinks);
    let index = 0;
    for (const link of decision.links) {
      if (!link.exists)
        await repo.insertServiceLocations(trx, [
          {
            id: link.id,
            service_id: s.id,
            location_id: link.locationId,
            created_at: new Date(now.getTime() + index),
          },
        ]);
      index += 1;
      if (decision.linkSchedules || !link.exists)
        await repo.replaceSchedules(
          trx,
          { service_location_id: link.id },
          scheduleValues(link.schedules, lang),
          noteColumn,
        );
    }
  }
  await repo.insertServices(trx, services);
  await repo.insertServiceLocations(trx, links);
  await repo.insertPhones(trx, newPhones);
  await repo.insertSchedules(trx, newSchedules);
}

// ── The use case ─────────────────────────────────────────────────────────────────────────────────

/** The file's problems against the shared HSDS 3.0 schemas, with their path (`services.3.phones.0.number`). */
export function schemaProblems(services: readonly unknown[]): FieldProblem[] {
  const validate = hsdsServiceValidator();
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  services.forEach((service, index) => {
    if (problems.length >= MAX_PROBLEMS) return;
    if (!validate(service)) {
      for (const problem of problemsFromValidation(validate.errors ?? [])) {
        const path = problem.field ? `services.${index}.${problem.field}` : `services.${index}`;
        const keyword = problem.params?.type ? `${problem.rule}: ${problem.params.type}` : problem.rule;
        problems.push({ field: path, rule: 'resources_hsds_schema', params: { path, keyword } });
      }
      return;
    }
    const id = (service as { id: string }).id;
    if (seen.has(id)) {
      const path = `services.${index}.id`;
      problems.push({ field: path, rule: 'resources_hsds_duplicate', params: { path } });
    }
    seen.add(id);
  });
  return problems.slice(0, MAX_PROBLEMS);
}

function line(
  kind: HsdsImportLine['kind'],
  id: string,
  name: string | null,
  decision: Decision<unknown>,
  extra: { sourceId?: string | null; ignored?: string[] } = {},
): HsdsImportLine {
  return {
    kind,
    id,
    sourceId: extra.sourceId ?? null,
    name,
    action: decision.action,
    fields: decision.fields,
    reason: decision.reason,
    ignored: extra.ignored ?? [],
  };
}

function report(planned: Plan, base: Omit<HsdsImportReport, 'counts' | 'lines'>): HsdsImportReport {
  const counts = { organisations: zero(), services: zero(), locations: zero() };
  const lines: HsdsImportLine[] = [];
  for (const [id, d] of planned.organisations) {
    counts.organisations[d.action] += 1;
    lines.push(line('organisation', id, d.imported.name, d));
  }
  for (const d of planned.services) {
    counts.services[d.action] += 1;
    lines.push(
      line('service', d.imported.id, d.imported.texts.name, d, {
        sourceId: d.imported.sourceId,
        ignored: d.imported.notes,
      }),
    );
  }
  for (const [id, d] of planned.locations) {
    counts.locations[d.action] += 1;
    lines.push(line('location', id, d.imported.values.name, d));
  }
  return { ...base, counts, lines };
}

/**
 * Imports an HSDS 3.0 services file (a bare array or the API's paginated envelope) into the
 * directory, for the table coordination. Identifiers are kept (non-UUID ones derived), so a second
 * import of the same file changes nothing. A dry run stores nothing; an apply must carry the dry run's
 * digest and writes all or nothing. Entries kept by a partner are never overwritten. Audited, counts
 * only. Throws forbidden, validation_failed (with the file's paths), conflict (digest or a concurrent
 * change).
 */
export async function importHsds(
  platform: Platform,
  actor: Actor,
  body: unknown,
  options: ImportOptions,
): Promise<HsdsImportReport> {
  authorize(canImportDirectory(actor), { hide: false });
  const region = options.region?.trim() ?? '';
  if (region === '') throw Errors.field('region', 'required');
  const raw = servicesOf(body);
  if (raw === null) throw Errors.field('file', 'resources_hsds_not_services');
  const digest = importDigest(raw, { region, lang: options.lang });
  if (options.mode === 'apply') {
    if (!options.digest) throw Errors.field('digest', 'required');
    if (options.digest !== digest)
      throw new AppError('conflict', 409, {
        details: [{ field: 'digest', rule: 'resources_hsds_file_changed' }],
      });
  }
  const services = raw.map(withUuidIds);
  const invalid = schemaProblems(services);
  if (invalid.length > 0) throw Errors.invalid(invalid);
  const problems = new ImportProblems();
  const imported = services.map((service, index) => {
    const sourceId = (raw[index] as { id: string }).id;
    return fromHsdsService(
      options.lang,
      problems,
      `services.${index}`,
      service,
      sourceId === service.id ? null : sourceId,
    );
  });
  if (problems.list.length > 0) throw Errors.invalid(problems.list.slice(0, MAX_PROBLEMS));

  const base = { mode: options.mode, digest, region, lang: options.lang, services: imported.length };
  const audit = (counts: HsdsImportReport['counts'], applied: boolean) => ({
    actor: actor.personId,
    action: 'resources.hsds.import' as const,
    targetType: 'resource_directory',
    // Counts only: never a name or a text of the file.
    meta: {
      mode: options.mode,
      applied,
      services: imported.length,
      ...Object.fromEntries(
        Object.entries(counts).flatMap(([kind, byAction]) =>
          Object.entries(byAction).map(([action, n]) => [`${kind}_${action}`, n]),
        ),
      ),
    },
  });
  if (options.mode === 'dry-run') {
    const planned = await plan(platform.db, imported, { region, lang: options.lang, lock: false });
    const result = report(planned, { ...base, applied: false });
    await platform.db.transaction().execute(async (trx) => {
      await platform.audit.append(trx, audit(result.counts, false));
    });
    return result;
  }
  try {
    return await platform.db.transaction().execute(async (trx) => {
      const planned = await plan(trx, imported, { region, lang: options.lang, lock: true });
      await write(trx, actor, platform.now(), region, options.lang, planned);
      const result = report(planned, { ...base, applied: true });
      await platform.audit.append(trx, audit(result.counts, true));
      return result;
    });
  } catch (error) {
    // Another apply created the same entry in between (unique violation): run the dry run again.
    if ((error as { code?: string }).code === '23505') throw Errors.conflict();
    throw error;
  }
}

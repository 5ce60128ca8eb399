// Writing an Open Referral import's plan into the directory, inside the apply's transaction.

import type { Actor } from '../../platform/authz/actor.js';
import type { Executor } from '../../platform/db/database.js';
import { Errors } from '../../platform/errors.js';
import type { ImportedPhone, ImportedSchedule, ImportLanguage } from './hsds.import.mapping.js';
import type { Plan } from './hsds.import.plan.js';
import * as repo from './hsds.import.repository.js';

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
export async function write(
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

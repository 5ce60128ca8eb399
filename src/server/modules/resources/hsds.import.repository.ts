import type { Insertable, Updateable } from 'kysely';
import type { Executor } from '../../platform/db/database.js';
import { SERVICE_COLUMNS } from './directory.repository.js';
import type {
  ResourceLocationsTable,
  ResourceOrganisationsTable,
  ResourcePhonesTable,
  ResourceSchedulesTable,
  ResourceServicesTable,
} from './resources.table.js';

/**
 * Reads and writes of the Open Referral import: the directory's rows a file names, read in chunks (a
 * statement holds at most 65,535 parameters), and the writes of an apply, all on the transaction the
 * service gives. Reads during an apply lock the rows they return, so nobody changes them between the
 * comparison and the write.
 */

const CHUNK = 1000;

async function chunked<T>(ids: readonly string[], read: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const unique = [...new Set(ids)];
  const out: T[] = [];
  for (let i = 0; i < unique.length; i += CHUNK) out.push(...(await read(unique.slice(i, i + CHUNK))));
  return out;
}

/** Rows written per statement: some forty columns at most, well under the parameter limit. */
const BATCH = 500;

async function inBatches<T>(rows: readonly T[], insert: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) await insert(rows.slice(i, i + BATCH));
}

export interface ReadOptions {
  /** Lock the rows read (an apply, inside its transaction). */
  lock: boolean;
}

export function organisationsByIds(db: Executor, ids: readonly string[], options: ReadOptions) {
  return chunked(ids, (chunk) => {
    let query = db.selectFrom('resource_organisations').selectAll().where('id', 'in', chunk);
    if (options.lock) query = query.forUpdate();
    return query.execute();
  });
}
export type CurrentOrganisation = Awaited<ReturnType<typeof organisationsByIds>>[number];

export function servicesByIds(db: Executor, ids: readonly string[], options: ReadOptions) {
  return chunked(ids, (chunk) => {
    let query = db.selectFrom('resource_services').select(SERVICE_COLUMNS).where('id', 'in', chunk);
    if (options.lock) query = query.forUpdate();
    return query.execute();
  });
}
export type CurrentService = Awaited<ReturnType<typeof servicesByIds>>[number];

/** Locations without their sealed address: the import never reads nor writes it. */
export function locationsByIds(db: Executor, ids: readonly string[], options: ReadOptions) {
  return chunked(ids, (chunk) => {
    let query = db
      .selectFrom('resource_locations')
      .select([
        'id',
        'organisation_id',
        'location_type',
        'name',
        'description_fr',
        'description_en',
        'confidential',
        'address_1',
        'address_2',
        'city',
        'state_province',
        'postal_code',
        'country',
        'latitude',
        'longitude',
        'front_gate_fr',
        'front_gate_en',
        'transportation_fr',
        'transportation_en',
        'accessibility_fr',
        'accessibility_en',
        'version',
      ])
      .where('id', 'in', chunk);
    if (options.lock) query = query.forUpdate();
    return query.execute();
  });
}
export type CurrentLocation = Awaited<ReturnType<typeof locationsByIds>>[number];

export function serviceLocationsOf(db: Executor, serviceIds: readonly string[]) {
  return chunked(serviceIds, (chunk) =>
    db
      .selectFrom('resource_service_locations')
      .select(['id', 'service_id', 'location_id'])
      .where('service_id', 'in', chunk)
      .execute(),
  );
}
export type CurrentServiceLocation = Awaited<ReturnType<typeof serviceLocationsOf>>[number];

export function phonesOf(
  db: Executor,
  column: 'organisation_id' | 'service_id' | 'location_id',
  ids: readonly string[],
) {
  return chunked(ids, (chunk) =>
    db
      .selectFrom('resource_phones')
      .selectAll()
      .where(column, 'in', chunk)
      .orderBy('position')
      .orderBy('id')
      .execute(),
  );
}
export type CurrentPhone = Awaited<ReturnType<typeof phonesOf>>[number];

export function schedulesOf(
  db: Executor,
  column: 'service_id' | 'service_location_id',
  ids: readonly string[],
) {
  return chunked(ids, (chunk) =>
    db
      .selectFrom('resource_schedules')
      .selectAll()
      .where(column, 'in', chunk)
      .orderBy('weekday')
      .orderBy('opens_at')
      .orderBy('id')
      .execute(),
  );
}
export type CurrentSchedule = Awaited<ReturnType<typeof schedulesOf>>[number];

// ── Writes of an apply ───────────────────────────────────────────────────────────────────────────

export type NewOrganisation = Insertable<ResourceOrganisationsTable> & { id: string };

export async function insertOrganisations(db: Executor, rows: readonly NewOrganisation[]) {
  await inBatches(rows, (batch) => db.insertInto('resource_organisations').values(batch).execute());
}

/** Conditional on the version read in the same transaction; false when it changed. */
export async function updateOrganisation(
  db: Executor,
  id: string,
  version: number,
  values: Updateable<ResourceOrganisationsTable>,
): Promise<boolean> {
  const result = await db
    .updateTable('resource_organisations')
    .set((eb) => ({ ...values, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export type NewService = Insertable<ResourceServicesTable> & { id: string };

export async function insertServices(db: Executor, rows: readonly NewService[]) {
  await inBatches(rows, (batch) => db.insertInto('resource_services').values(batch).execute());
}

export async function updateService(
  db: Executor,
  id: string,
  version: number,
  values: Updateable<ResourceServicesTable>,
): Promise<boolean> {
  const result = await db
    .updateTable('resource_services')
    .set((eb) => ({ ...values, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export type NewLocation = Insertable<ResourceLocationsTable> & { id: string };

export async function insertLocations(db: Executor, rows: readonly NewLocation[]) {
  await inBatches(rows, (batch) => db.insertInto('resource_locations').values(batch).execute());
}

export async function updateLocation(
  db: Executor,
  id: string,
  version: number,
  values: Updateable<ResourceLocationsTable>,
): Promise<boolean> {
  const result = await db
    .updateTable('resource_locations')
    .set((eb) => ({ ...values, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export type PhoneOwner = { organisation_id: string } | { service_id: string } | { location_id: string };
export const NO_PHONE_OWNER = { organisation_id: null, service_id: null, location_id: null };
type PhoneValues = Omit<Insertable<ResourcePhonesTable>, 'organisation_id' | 'service_id' | 'location_id'> & {
  id: string;
};

/**
 * The owner's phone lines become `phones`: lines no longer listed go, listed ones are written by
 * identifier (a description in the other language, which the file does not carry, stays).
 */
export async function replacePhones(
  db: Executor,
  owner: PhoneOwner,
  phones: readonly PhoneValues[],
  languageColumn: 'description_fr' | 'description_en',
) {
  const [column, ownerId] = Object.entries(owner)[0] as [
    'organisation_id' | 'service_id' | 'location_id',
    string,
  ];
  let remove = db.deleteFrom('resource_phones').where(column, '=', ownerId);
  if (phones.length > 0)
    remove = remove.where(
      'id',
      'not in',
      phones.map((p) => p.id),
    );
  await remove.execute();
  const empty = NO_PHONE_OWNER;
  for (const phone of phones) {
    await db
      .insertInto('resource_phones')
      .values({ ...empty, ...owner, ...phone })
      .onConflict((oc) =>
        oc.column('id').doUpdateSet({
          ...empty,
          ...owner,
          number: phone.number,
          extension: phone.extension ?? null,
          kind: phone.kind ?? 'voice',
          [languageColumn]: phone[languageColumn] ?? null,
          languages: phone.languages ?? [],
          position: phone.position ?? 0,
        }),
      )
      .execute();
  }
}

export type ScheduleOwner = { service_id: string } | { service_location_id: string };
export const NO_SCHEDULE_OWNER = { service_id: null, service_location_id: null };
type ScheduleValues = Omit<Insertable<ResourceSchedulesTable>, 'service_id' | 'service_location_id'> & {
  id: string;
};

/** The owner's weekly hours become `schedules` (by identifier; a note in the other language stays). */
export async function replaceSchedules(
  db: Executor,
  owner: ScheduleOwner,
  schedules: readonly ScheduleValues[],
  languageColumn: 'note_fr' | 'note_en',
) {
  const [column, ownerId] = Object.entries(owner)[0] as ['service_id' | 'service_location_id', string];
  let remove = db.deleteFrom('resource_schedules').where(column, '=', ownerId);
  if (schedules.length > 0)
    remove = remove.where(
      'id',
      'not in',
      schedules.map((s) => s.id),
    );
  await remove.execute();
  const empty = NO_SCHEDULE_OWNER;
  for (const schedule of schedules) {
    await db
      .insertInto('resource_schedules')
      .values({ ...empty, ...owner, ...schedule })
      .onConflict((oc) =>
        oc.column('id').doUpdateSet({
          ...empty,
          ...owner,
          weekday: schedule.weekday,
          opens_at: schedule.opens_at,
          closes_at: schedule.closes_at,
          [languageColumn]: schedule[languageColumn] ?? null,
        }),
      )
      .execute();
  }
}

/** Removes the service's links to places the file no longer lists (their hours go with them). */
export async function deleteServiceLocations(db: Executor, ids: readonly string[]) {
  if (ids.length === 0) return;
  await db
    .deleteFrom('resource_service_locations')
    .where('id', 'in', [...ids])
    .execute();
}

export interface NewServiceLocation {
  id: string;
  service_id: string;
  location_id: string;
  created_at: Date;
}

export async function insertServiceLocations(db: Executor, rows: readonly NewServiceLocation[]) {
  await inBatches(rows, (batch) => db.insertInto('resource_service_locations').values(batch).execute());
}

export type NewPhone = Insertable<ResourcePhonesTable> & { id: string };
export type NewSchedule = Insertable<ResourceSchedulesTable> & { id: string };

/** New phone lines of new entries (each names its owner). */
export async function insertPhones(db: Executor, rows: readonly NewPhone[]) {
  await inBatches(rows, (batch) => db.insertInto('resource_phones').values(batch).execute());
}

/** New hours of new services and of their places. */
export async function insertSchedules(db: Executor, rows: readonly NewSchedule[]) {
  await inBatches(rows, (batch) => db.insertInto('resource_schedules').values(batch).execute());
}

/** Who holds these identifiers already: the owner of each phone line. */
export function phoneOwners(db: Executor, ids: readonly string[]) {
  return chunked(ids, (chunk) =>
    db
      .selectFrom('resource_phones')
      .select(['id', 'organisation_id', 'service_id', 'location_id'])
      .where('id', 'in', chunk)
      .execute(),
  );
}

/** Who holds these identifiers already: the service of each schedule (its own, or its place's). */
export function scheduleOwners(db: Executor, ids: readonly string[]) {
  return chunked(ids, (chunk) =>
    db
      .selectFrom('resource_schedules as s')
      .leftJoin('resource_service_locations as sl', 'sl.id', 's.service_location_id')
      .select((eb) => ['s.id', eb.fn.coalesce('s.service_id', 'sl.service_id').as('service_id')])
      .where('s.id', 'in', chunk)
      .execute(),
  );
}

/** Who holds these identifiers already: the service of each link to a place. */
export function serviceLocationOwners(db: Executor, ids: readonly string[]) {
  return chunked(ids, (chunk) =>
    db
      .selectFrom('resource_service_locations')
      .select(['id', 'service_id'])
      .where('id', 'in', chunk)
      .execute(),
  );
}

// The SQL of the directory's locations, of the services given at them, and of a safe place's counts.
import type { Insertable, Updateable } from 'kysely';
import type { Executor } from '../../platform/db/database.js';
import type { ResourceLocationsTable } from './resources.table.js';

export type LocationRow = NonNullable<Awaited<ReturnType<typeof findLocation>>>;

const LOCATION_COLUMNS = [
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
  'postal_code',
  'latitude',
  'longitude',
  'front_gate_fr',
  'front_gate_en',
  'transportation_fr',
  'transportation_en',
  'accessibility_fr',
  'accessibility_en',
  'version',
] as const;

/** A location, without its sealed address (read only by `sealedAddressOf`). */
export function findLocation(db: Executor, id: string) {
  return db.selectFrom('resource_locations').select(LOCATION_COLUMNS).where('id', '=', id).executeTakeFirst();
}

export function locationsOfOrganisation(db: Executor, organisationId: string) {
  return db
    .selectFrom('resource_locations')
    .select(LOCATION_COLUMNS)
    .where('organisation_id', '=', organisationId)
    .orderBy('name')
    .orderBy('city')
    .execute();
}

export async function sealedAddressOf(db: Executor, id: string): Promise<string | null> {
  const row = await db
    .selectFrom('resource_locations')
    .select('sealed_address')
    .where('id', '=', id)
    .executeTakeFirst();
  return row?.sealed_address ?? null;
}

export async function insertLocation(db: Executor, row: Insertable<ResourceLocationsTable>): Promise<void> {
  await db.insertInto('resource_locations').values(row).execute();
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

/** Keepers of the services given at a location (who may open its sealed address). */
export async function serviceKeepersAt(db: Executor, locationId: string): Promise<(string | null)[]> {
  const rows = await db
    .selectFrom('resource_service_locations as sl')
    .innerJoin('resource_services as s', 's.id', 'sl.service_id')
    .select('s.keeper_organisation_id')
    .where('sl.location_id', '=', locationId)
    .execute();
  return rows.map((r) => r.keeper_organisation_id);
}

// ── A service at its locations ───────────────────────────────────────────────────────────────────

export function serviceLocationsOf(db: Executor, serviceId: string) {
  return db
    .selectFrom('resource_service_locations')
    .select([
      'id',
      'location_id',
      'places_available',
      'places_maximum',
      'capacity_updated_at',
      'capacity_version',
    ])
    .where('service_id', '=', serviceId)
    .orderBy('created_at')
    .execute();
}

export type ServiceLocationRow = NonNullable<Awaited<ReturnType<typeof findServiceLocation>>>;

export function findServiceLocation(db: Executor, id: string) {
  return db
    .selectFrom('resource_service_locations as sl')
    .innerJoin('resource_services as s', 's.id', 'sl.service_id')
    .select([
      'sl.id',
      'sl.service_id',
      'sl.location_id',
      'sl.places_available',
      'sl.places_maximum',
      'sl.capacity_updated_at',
      'sl.capacity_version',
      's.keeper_organisation_id',
      's.status',
      's.version as service_version',
    ])
    .where('sl.id', '=', id)
    .executeTakeFirst();
}

/** Gives a service at a location; null when it already is. */
export async function insertServiceLocation(
  db: Executor,
  row: {
    service_id: string;
    location_id: string;
    places_maximum: number | null;
    places_available: number | null;
    capacity_updated_at: Date | null;
    capacity_updated_by: string | null;
  },
): Promise<string | null> {
  const inserted = await db
    .insertInto('resource_service_locations')
    .values(row)
    .onConflict((oc) => oc.columns(['service_id', 'location_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted?.id ?? null;
}

/** Removes a service from a location; false when someone removed it in between. */
export async function deleteServiceLocation(db: Executor, id: string): Promise<boolean> {
  const row = await db
    .deleteFrom('resource_service_locations')
    .where('id', '=', id)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Sets a safe place's counts, conditional on the count the person saw (`version`): the new counts, or
 * null when someone changed them in between.
 */
export async function setCapacity(
  db: Executor,
  id: string,
  version: number,
  values: { places_available: number; places_maximum: number | null },
  by: string,
  at: Date,
) {
  const row = await db
    .updateTable('resource_service_locations')
    .set((eb) => ({
      ...values,
      capacity_updated_at: at,
      capacity_updated_by: by,
      capacity_version: eb('capacity_version', '+', 1),
    }))
    .where('id', '=', id)
    .where('capacity_version', '=', version)
    .returning(['id', 'places_available', 'places_maximum', 'capacity_updated_at', 'capacity_version'])
    .executeTakeFirst();
  return row ?? null;
}

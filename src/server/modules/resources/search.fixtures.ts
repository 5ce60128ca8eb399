/**
 * Factories for the search tests: directory entries written straight into the test database, with
 * fictional names. Each returns the new row's id.
 */
import type { Insertable } from 'kysely';
import type { Platform } from '../../platform/platform.js';
import type {
  ResourceLocationsTable,
  ResourceOrganisationsTable,
  ResourceServicesTable,
} from './resources.table.js';

let counter = 0;
function unique(prefix: string): string {
  counter += 1;
  return `${prefix} ${counter}-${Math.random().toString(36).slice(2, 6)}`;
}

export async function createResourceOrganisation(
  platform: Platform,
  values: Partial<Insertable<ResourceOrganisationsTable>> = {},
): Promise<string> {
  const row = await platform.db
    .insertInto('resource_organisations')
    .values({ name: unique('Organisme fictif'), public: true, ...values })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A service (public, active, of a new public organisation unless said otherwise). */
export async function createService(
  platform: Platform,
  values: Partial<Insertable<ResourceServicesTable>> & { name_fr: string },
): Promise<string> {
  const organisationId = values.organisation_id ?? (await createResourceOrganisation(platform));
  const row = await platform.db
    .insertInto('resource_services')
    .values({ region: 'Région fictive', public: true, ...values, organisation_id: organisationId })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A location of the service's organisation, linked to the service, with an optional capacity. */
export async function addLocation(
  platform: Platform,
  serviceId: string,
  location: Partial<Insertable<ResourceLocationsTable>> = {},
  capacity: { available?: number | null; maximum?: number | null; updatedAt?: Date } = {},
): Promise<{ locationId: string; serviceLocationId: string }> {
  const service = await platform.db
    .selectFrom('resource_services')
    .select('organisation_id')
    .where('id', '=', serviceId)
    .executeTakeFirstOrThrow();
  const created = await platform.db
    .insertInto('resource_locations')
    .values({ organisation_id: service.organisation_id, city: 'Ville fictive', ...location })
    .returning('id')
    .executeTakeFirstOrThrow();
  const link = await platform.db
    .insertInto('resource_service_locations')
    .values({
      service_id: serviceId,
      location_id: created.id,
      places_available: capacity.available ?? null,
      places_maximum: capacity.maximum ?? null,
      capacity_updated_at: capacity.updatedAt ?? (capacity.available !== undefined ? new Date() : null),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { locationId: created.id, serviceLocationId: link.id };
}

/** A weekly opening of a service (or of a service at one location). */
export async function addSchedule(
  platform: Platform,
  owner: { serviceId: string } | { serviceLocationId: string },
  weekday: number,
  opensAt: string,
  closesAt: string,
): Promise<void> {
  await platform.db
    .insertInto('resource_schedules')
    .values({
      service_id: 'serviceId' in owner ? owner.serviceId : null,
      service_location_id: 'serviceLocationId' in owner ? owner.serviceLocationId : null,
      weekday,
      opens_at: opensAt,
      closes_at: closesAt,
    })
    .execute();
}

export async function addPhone(
  platform: Platform,
  owner: { service_id: string } | { organisation_id: string } | { location_id: string },
  number: string,
): Promise<void> {
  await platform.db
    .insertInto('resource_phones')
    .values({ ...owner, number })
    .execute();
}

import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';

/**
 * Reads of the Open Referral export: the directory's tables, a page of services at a time, and what
 * hangs off that page (organisations, locations, phones, schedules) in one query per table. A
 * confidential location's sealed address is never selected here: the export cannot leak what it
 * never reads.
 */

/** Which services an export holds: the public subset, or every entry (the table coordination's). */
export type ExportScope = 'public' | 'full';

/** Statuses the public directory shows. */
const PUBLIC_STATUSES = ['active', 'temporarily closed'] as const;

export async function servicePage(db: Kysely<DB>, scope: ExportScope, after: string | null, limit: number) {
  let query = db
    .selectFrom('resource_services as s')
    .innerJoin('resource_organisations as o', 'o.id', 's.organisation_id')
    .select([
      's.id',
      's.organisation_id',
      's.name_fr',
      's.name_en',
      's.description_fr',
      's.description_en',
      's.eligibility_fr',
      's.eligibility_en',
      's.application_fr',
      's.application_en',
      's.fees_fr',
      's.fees_en',
      's.free',
      's.url',
      's.email',
      's.status',
      's.taxonomy',
      's.audiences',
      's.genders',
      's.languages',
      's.min_age',
      's.max_age',
      's.region',
      's.always_open',
      's.confirmed_at',
      's.updated_at',
    ])
    .orderBy('s.id')
    .limit(limit);
  if (after !== null) query = query.where('s.id', '>', after);
  if (scope === 'public') {
    query = query
      .where('s.public', '=', true)
      .where('o.public', '=', true)
      .where('s.status', 'in', [...PUBLIC_STATUSES]);
  }
  return query.execute();
}
export type ServiceRow = Awaited<ReturnType<typeof servicePage>>[number];

export async function organisationsByIds(db: Kysely<DB>, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('resource_organisations')
    .select(['id', 'name', 'alternate_name', 'description_fr', 'description_en', 'email', 'website'])
    .where('id', 'in', [...ids])
    .execute();
}
export type OrganisationRow = Awaited<ReturnType<typeof organisationsByIds>>[number];

/** The places where these services are given, with the plain columns of their location only. */
export async function serviceLocationsOf(db: Kysely<DB>, serviceIds: readonly string[]) {
  if (serviceIds.length === 0) return [];
  return db
    .selectFrom('resource_service_locations as sl')
    .innerJoin('resource_locations as l', 'l.id', 'sl.location_id')
    .select([
      'sl.id',
      'sl.service_id',
      'sl.location_id',
      'l.organisation_id',
      'l.location_type',
      'l.name',
      'l.description_fr',
      'l.description_en',
      'l.confidential',
      'l.address_1',
      'l.address_2',
      'l.city',
      'l.state_province',
      'l.postal_code',
      'l.country',
      'l.latitude',
      'l.longitude',
      'l.front_gate_fr',
      'l.front_gate_en',
      'l.transportation_fr',
      'l.transportation_en',
      'l.accessibility_fr',
      'l.accessibility_en',
    ])
    .where('sl.service_id', 'in', [...serviceIds])
    .orderBy('sl.service_id')
    .orderBy('sl.created_at')
    .orderBy('sl.id')
    .execute();
}
export type ServiceLocationRow = Awaited<ReturnType<typeof serviceLocationsOf>>[number];

/** Phone lines of these organisations, services and locations. */
export async function phonesOf(
  db: Kysely<DB>,
  owners: {
    organisationIds: readonly string[];
    serviceIds: readonly string[];
    locationIds: readonly string[];
  },
) {
  const { organisationIds, serviceIds, locationIds } = owners;
  if (organisationIds.length + serviceIds.length + locationIds.length === 0) return [];
  return db
    .selectFrom('resource_phones')
    .select([
      'id',
      'organisation_id',
      'service_id',
      'location_id',
      'number',
      'extension',
      'kind',
      'description_fr',
      'description_en',
      'languages',
      'position',
    ])
    .where((eb) =>
      eb.or([
        ...(organisationIds.length > 0 ? [eb('organisation_id', 'in', [...organisationIds])] : []),
        ...(serviceIds.length > 0 ? [eb('service_id', 'in', [...serviceIds])] : []),
        ...(locationIds.length > 0 ? [eb('location_id', 'in', [...locationIds])] : []),
      ]),
    )
    .orderBy('position')
    .orderBy('id')
    .execute();
}
export type PhoneRow = Awaited<ReturnType<typeof phonesOf>>[number];

/** Weekly hours of these services and of these services at their locations. */
export async function schedulesOf(
  db: Kysely<DB>,
  owners: { serviceIds: readonly string[]; serviceLocationIds: readonly string[] },
) {
  const { serviceIds, serviceLocationIds } = owners;
  if (serviceIds.length + serviceLocationIds.length === 0) return [];
  return db
    .selectFrom('resource_schedules')
    .select([
      'id',
      'service_id',
      'service_location_id',
      'weekday',
      'opens_at',
      'closes_at',
      'note_fr',
      'note_en',
    ])
    .where((eb) =>
      eb.or([
        ...(serviceIds.length > 0 ? [eb('service_id', 'in', [...serviceIds])] : []),
        ...(serviceLocationIds.length > 0 ? [eb('service_location_id', 'in', [...serviceLocationIds])] : []),
      ]),
    )
    .orderBy('weekday')
    .orderBy('opens_at')
    .orderBy('id')
    .execute();
}
export type ScheduleRow = Awaited<ReturnType<typeof schedulesOf>>[number];

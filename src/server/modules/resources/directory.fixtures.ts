// Test factories of the directory: rows written straight into the resources tables.
import type { TestApp } from '../../../../test/support/app.js';
import type { ResourceTaxonomy } from '../../../shared/contracts/resources.values.js';
import { addressContext } from './resources.fields.js';

/** The street address every fixture safe place seals: a test looks for it in every answer. */
export const SEALED_STREET = '999 rue du Refuge-Fictif';

export async function createResourceOrganisation(
  t: TestApp,
  options: { keeper?: string | null; name?: string; public?: boolean } = {},
): Promise<string> {
  const row = await t.platform.db
    .insertInto('resource_organisations')
    .values({
      name: options.name ?? `Organisme fictif ${Math.random().toString(36).slice(2, 7)}`,
      keeper_organisation_id: options.keeper ?? null,
      public: options.public ?? true,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function createService(
  t: TestApp,
  options: {
    organisationId: string;
    keeper?: string | null;
    name?: string;
    taxonomy?: ResourceTaxonomy[];
    status?: 'active' | 'inactive' | 'defunct' | 'temporarily closed';
    confirmedAt?: Date;
    safePlace?: boolean;
  },
): Promise<string> {
  const row = await t.platform.db
    .insertInto('resource_services')
    .values({
      organisation_id: options.organisationId,
      keeper_organisation_id: options.keeper ?? null,
      name_fr: options.name ?? 'Service fictif',
      taxonomy: options.taxonomy ?? ['therapy'],
      region: 'Région fictive',
      status: options.status ?? 'active',
      safe_place: options.safePlace ?? false,
      ...(options.confirmedAt ? { confirmed_at: options.confirmedAt } : {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A confidential location with its sealed street address, and a plain one. */
export async function createLocation(
  t: TestApp,
  organisationId: string,
  options: { confidential?: boolean } = {},
): Promise<string> {
  const id = crypto.randomUUID();
  const confidential = options.confidential ?? false;
  await t.platform.db
    .insertInto('resource_locations')
    .values({
      id,
      organisation_id: organisationId,
      name: confidential ? 'Maison fictive' : 'Bureau fictif',
      confidential,
      city: 'Villefictive',
      address_1: confidential ? null : '12 rue Publique-Fictive',
      sealed_address: confidential
        ? t.platform.keyring.encrypt(
            JSON.stringify({
              address1: SEALED_STREET,
              address2: null,
              postalCode: null,
              latitude: null,
              longitude: null,
            }),
            addressContext(id),
          )
        : null,
      front_gate_fr: confidential ? 'Appelez la ligne d’accueil fictive.' : null,
    })
    .execute();
  return id;
}

/** A service given at a location, counting places when `maximum` is given. */
export async function linkServiceLocation(
  t: TestApp,
  serviceId: string,
  locationId: string,
  counts: { available?: number; maximum?: number } = {},
): Promise<string> {
  const row = await t.platform.db
    .insertInto('resource_service_locations')
    .values({
      service_id: serviceId,
      location_id: locationId,
      places_available: counts.available ?? null,
      places_maximum: counts.maximum ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A safe place kept by `keeper`: its organisation, service, confidential location and counter. */
export async function createSafePlace(t: TestApp, keeper: string, counts = { available: 2, maximum: 5 }) {
  const organisationId = await createResourceOrganisation(t, { keeper });
  const serviceId = await createService(t, {
    organisationId,
    keeper,
    taxonomy: ['safe_place'],
    safePlace: true,
    name: 'Hébergement sûr fictif',
  });
  const locationId = await createLocation(t, organisationId, { confidential: true });
  const serviceLocationId = await linkServiceLocation(t, serviceId, locationId, counts);
  return { organisationId, serviceId, locationId, serviceLocationId };
}

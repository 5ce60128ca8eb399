import type { Insertable } from 'kysely';
import type { Platform } from '../../platform/platform.js';
import type { ResourceServicesTable } from './resources.table.js';

/**
 * Test support for the Open Referral export: a small fictional directory written straight into the
 * resources tables, covering every field the export maps. Nothing here is a real place or person.
 */

/** The sealed street address of the fictional safe place: no export may ever contain it. */
export const SEALED_STREET = '4417 rue des Hirondelles-Fictives';
export const SEALED_POSTAL_CODE = 'J9Z 9Z9';
export const SEALED_ADDRESS = `${SEALED_STREET}, Ville-Fictive-du-Refuge, ${SEALED_POSTAL_CODE}`;

export interface HsdsFixture {
  publicOrganisation: string;
  privateOrganisation: string;
  /** Public, active, bilingual: every field, a safe place with a confidential location and a plain one. */
  safePlace: string;
  safeLocation: string;
  plainLocation: string;
  /** Public, active, French only, open around the clock. */
  crisisLine: string;
  /** Public, temporarily closed: still in the public subset. */
  closedForNow: string;
  /** Public but defunct: full export only. */
  defunct: string;
  /** Not public: full export only. */
  privateService: string;
  /** Public service of a private organisation: full export only. */
  ofPrivateOrganisation: string;
}

export async function createHsdsFixture(
  platform: Platform,
  region = 'Région fictive HSDS',
): Promise<HsdsFixture> {
  const db = platform.db;
  const [publicOrganisation, privateOrganisation] = (
    await db
      .insertInto('resource_organisations')
      .values([
        {
          name: 'Maison fictive des Hirondelles',
          alternate_name: 'MFH',
          description_fr: 'Organisme fictif qui accueille des jeunes.',
          description_en: 'A fictional organisation that takes young people in.',
          email: 'accueil@hirondelles.example',
          website: 'hirondelles.example',
          public: true,
        },
        { name: 'Organisme fictif discret', description_fr: 'Organisme fictif non public.', public: false },
      ])
      .returning('id')
      .execute()
  ).map((r) => r.id) as [string, string];

  const base = { organisation_id: publicOrganisation, region, public: true } as const;
  const insertService = async (values: Partial<Insertable<ResourceServicesTable>>) =>
    (
      await db
        .insertInto('resource_services')
        .values({ ...base, name_fr: 'Service fictif', ...values })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;

  const safePlace = await insertService({
    name_fr: 'Refuge fictif des Hirondelles',
    name_en: 'Fictional Swallows Shelter',
    description_fr: 'Hébergement sécuritaire fictif pour adolescentes.',
    description_en: 'Fictional safe housing for teenage girls.',
    eligibility_fr: 'Jeunes de 12 à 17 ans exploitées ou à risque.',
    eligibility_en: 'Young people aged 12 to 17, exploited or at risk.',
    application_fr: 'Appeler la ligne d’accueil, jour et nuit.',
    application_en: 'Call the intake line, day or night.',
    fees_fr: 'Aucuns frais.',
    fees_en: 'No fees.',
    free: true,
    url: 'https://hirondelles.example/refuge',
    email: 'refuge@hirondelles.example',
    status: 'active',
    taxonomy: ['safe_place', 'therapy'],
    audiences: ['youth', 'workers'],
    genders: ['girls', 'gender_diverse'],
    languages: ['fr', 'en', 'es'],
    min_age: 12,
    max_age: 17,
    safe_place: true,
    confirmed_at: new Date('2026-06-01T12:00:00Z'),
  });
  const crisisLine = await insertService({
    name_fr: 'Ligne fictive de crise',
    description_fr: 'Ligne d’écoute fictive.',
    taxonomy: ['crisis_line'],
    always_open: true,
    free: false,
    fees_fr: 'Frais fictifs selon le revenu.',
  });
  const closedForNow = await insertService({
    name_fr: 'Groupe fictif de parents',
    status: 'temporarily closed',
  });
  const defunct = await insertService({ name_fr: 'Service fictif disparu', status: 'defunct' });
  const privateService = await insertService({ name_fr: 'Service fictif réservé', public: false });
  const ofPrivateOrganisation = await insertService({
    name_fr: 'Service fictif d’un organisme discret',
    organisation_id: privateOrganisation,
  });

  const safeLocation = crypto.randomUUID();
  const plainLocation = crypto.randomUUID();
  await db
    .insertInto('resource_locations')
    .values([
      {
        id: safeLocation,
        organisation_id: publicOrganisation,
        name: 'Maison d’hébergement',
        description_fr: 'Maison fictive.',
        description_en: 'Fictional house.',
        confidential: true,
        city: 'Ville-Fictive-du-Refuge',
        sealed_address: platform.keyring.encrypt(
          JSON.stringify({
            address_1: SEALED_STREET,
            postal_code: SEALED_POSTAL_CODE,
            latitude: 45.1,
            longitude: -73.1,
          }),
          `resource_locations.address:${safeLocation}`,
        ),
        front_gate_fr: 'Passer par la ligne d’accueil fictive : 555 0100.',
        front_gate_en: 'Go through the fictional intake line: 555 0100.',
        accessibility_fr: 'Rez-de-chaussée accessible.',
        accessibility_en: 'Accessible ground floor.',
      },
      {
        id: plainLocation,
        organisation_id: publicOrganisation,
        name: 'Bureau fictif',
        confidential: false,
        address_1: '12 avenue Fictive',
        address_2: 'Bureau 3',
        city: 'Ville-Fictive',
        postal_code: 'H0H 0H0',
        latitude: 45.5,
        longitude: -73.6,
        transportation_fr: 'Autobus fictif 99.',
        transportation_en: 'Fictional bus 99.',
      },
    ])
    .execute();
  const [safeAt] = (
    await db
      .insertInto('resource_service_locations')
      .values([
        { service_id: safePlace, location_id: safeLocation, places_available: 2, places_maximum: 6 },
        { service_id: safePlace, location_id: plainLocation },
        { service_id: crisisLine, location_id: plainLocation },
      ])
      .returning('id')
      .execute()
  ).map((r) => r.id) as [string];

  await db
    .insertInto('resource_phones')
    .values([
      {
        organisation_id: publicOrganisation,
        number: '555 0101',
        kind: 'voice',
        description_fr: 'Administration',
      },
      {
        service_id: safePlace,
        number: '555 0100',
        kind: 'hotline',
        description_fr: 'Ligne d’accueil',
        description_en: 'Intake line',
        languages: ['fr', 'en'],
      },
      { service_id: safePlace, number: '555 0102', kind: 'text', position: 1 },
      { location_id: plainLocation, number: '555 0103', extension: 12, kind: 'fax' },
    ])
    .execute();

  await db
    .insertInto('resource_schedules')
    .values([
      {
        service_id: safePlace,
        weekday: 1,
        opens_at: '09:00',
        closes_at: '17:00',
        note_fr: 'Accueil',
        note_en: 'Intake',
      },
      { service_id: safePlace, weekday: 5, opens_at: '22:00', closes_at: '02:00' },
      { service_location_id: safeAt, weekday: 7, opens_at: '10:00', closes_at: '14:30' },
    ])
    .execute();

  return {
    publicOrganisation,
    privateOrganisation,
    safePlace,
    safeLocation,
    plainLocation,
    crisisLine,
    closedForNow,
    defunct,
    privateService,
    ofPrivateOrganisation,
  };
}

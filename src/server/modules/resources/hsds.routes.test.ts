import type { ValidateFunction } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import {
  createHsdsFixture,
  type HsdsFixture,
  SEALED_ADDRESS,
  SEALED_POSTAL_CODE,
  SEALED_STREET,
} from './hsds.fixtures.js';
import { hsdsServiceValidator } from './hsds.schema.js';
import { hsdsServices } from './hsds.service.js';

// biome-ignore lint/suspicious/noExplicitAny: HSDS objects are checked against the schemas, then read freely.
type Json = any;

let t: TestApp;
let fixture: HsdsFixture;
let validate: ValidateFunction;

function expectValid(services: Json[]) {
  for (const service of services) {
    const ok = validate(service);
    expect(ok ? [] : validate.errors, `service ${service.id}`).toEqual([]);
  }
}

function expectNoSealedAddress(body: string) {
  expect(body).not.toContain(SEALED_STREET);
  expect(body).not.toContain('Hirondelles-Fictives');
  expect(body).not.toContain(SEALED_POSTAL_CODE);
  expect(body).not.toContain(SEALED_ADDRESS);
  // The sealed coordinates (45.1, -73.1), but not a timestamp's seconds.
  expect(body).not.toMatch(/[^0-9]45\.1(?![0-9])/);
  expect(body).not.toMatch(/-73\.1(?![0-9])/);
}

beforeAll(async () => {
  t = await createTestApp();
  validate = hsdsServiceValidator();
  fixture = await createHsdsFixture(t.platform);
});
afterAll(async () => {
  await t.close();
});

describe('HSDS 3.0 export of the directory', () => {
  it('the schemas themselves catch an invalid service (the validator is not a rubber stamp)', () => {
    expect(validate({ id: 'not-a-uuid', name: 'x', status: 'open' })).toBe(false);
    expect(validate({ id: crypto.randomUUID(), name: 'x' })).toBe(false);
    expect(
      validate({
        id: crypto.randomUUID(),
        name: 'x',
        status: 'active',
        service_at_locations: [{ id: crypto.randomUUID(), location: { id: crypto.randomUUID() } }],
      }),
    ).toBe(false);
  });

  it('gives anyone, without a cookie, the public subset as valid HSDS, in French', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/resources/hsds/services' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.headers['set-cookie']).toBeUndefined();
    expect(response.headers['content-disposition']).toBeUndefined();
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.body).not.toContain('sealed');
    const services: Json[] = response.json();
    expect(services.map((s) => s.id).sort()).toEqual(
      [fixture.safePlace, fixture.crisisLine, fixture.closedForNow].sort(),
    );
    expectValid(services);
    expectNoSealedAddress(response.body);
    const safe = services.find((s) => s.id === fixture.safePlace);
    expect(safe.name).toBe('Refuge fictif des Hirondelles');
    expect(safe.organization.description).toBe('Organisme fictif qui accueille des jeunes.');
  });

  it('maps every field of a service: organisation, locations, phones at each level, schedules, terms', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/resources/hsds/services' });
    const safe: Json = response.json().find((s: Json) => s.id === fixture.safePlace);
    expect(safe).toMatchObject({
      organization_id: fixture.publicOrganisation,
      status: 'active',
      description: 'Hébergement sécuritaire fictif pour adolescentes.',
      eligibility_description: 'Jeunes de 12 à 17 ans exploitées ou à risque.',
      application_process: 'Appeler la ligne d’accueil, jour et nuit.',
      fees_description: 'Aucuns frais.',
      url: 'https://hirondelles.example/refuge',
      email: 'refuge@hirondelles.example',
      minimum_age: 12,
      maximum_age: 17,
      assured_date: '2026-06-01',
      service_areas: [{ name: 'Région fictive HSDS' }],
      cost_options: [{ option: 'Gratuit', amount: 0, currency: 'CAD' }],
    });
    // Organisation with its phone; the bare host of its website becomes a URI.
    expect(safe.organization).toMatchObject({
      id: fixture.publicOrganisation,
      name: 'Maison fictive des Hirondelles',
      alternate_name: 'MFH',
      website: 'https://hirondelles.example/',
      phones: [{ number: '555 0101', type: 'voice', organization_id: fixture.publicOrganisation }],
    });
    // Service phones: a hotline (voice + the filet-phone term) speaking two languages, a text line.
    expect(safe.phones.map((p: Json) => [p.number, p.type])).toEqual([
      ['555 0100', 'voice'],
      ['555 0102', 'text'],
    ]);
    expect(safe.phones[0].attributes[0].taxonomy_term).toMatchObject({
      code: 'hotline',
      taxonomy: 'filet-phone',
    });
    expect(safe.phones[0].languages.map((l: Json) => l.code)).toEqual(['fr', 'en']);
    // Schedules: Monday office hours with their note, Friday night past midnight.
    expect(safe.schedules).toEqual([
      expect.objectContaining({
        byday: 'MO',
        opens_at: '09:00:00',
        closes_at: '17:00:00',
        description: 'Accueil',
      }),
      expect.objectContaining({ byday: 'FR', opens_at: '22:00:00', closes_at: '02:00:00', freq: 'WEEKLY' }),
    ]);
    expect(safe.schedules[1].description).toBe('Ferme le lendemain à 02:00');
    expect(safe.languages.map((l: Json) => [l.code, l.name])).toEqual([
      ['fr', 'français'],
      ['en', 'anglais'],
      ['es', 'espagnol'],
    ]);
    // Terms of the filet taxonomies, with their French names.
    const terms = safe.attributes.map((a: Json) => [
      a.taxonomy_term.taxonomy,
      a.taxonomy_term.code,
      a.taxonomy_term.name,
    ]);
    expect(terms).toEqual([
      ['filet', 'safe_place', 'Lieu sûr / hébergement'],
      ['filet', 'therapy', 'Thérapie'],
      ['filet-audience', 'youth', 'Jeunes'],
      ['filet-audience', 'workers', 'Intervenants'],
      ['filet-gender', 'girls', 'Filles'],
      ['filet-gender', 'gender_diverse', 'Jeunes de la diversité de genre'],
    ]);
    expect(safe.attributes[0]).toMatchObject({ link_id: fixture.safePlace, link_entity: 'service' });

    // The confidential location: nothing that leads to it (no name, city, address, coordinates,
    // directions, accessibility or phone of the place), the front gate instead.
    const atSafe = safe.service_at_locations.find((sl: Json) => sl.location_id === fixture.safeLocation);
    expect(atSafe.schedules).toEqual([
      expect.objectContaining({ byday: 'SU', opens_at: '10:00:00', closes_at: '14:30:00' }),
    ]);
    expect(atSafe.location.latitude).toBeUndefined();
    expect(atSafe.location.longitude).toBeUndefined();
    expect(atSafe.location.name).toBeUndefined();
    expect(atSafe.location.transportation).toBeUndefined();
    expect(atSafe.location.addresses).toEqual([]);
    expect(atSafe.location.accessibility).toEqual([]);
    expect(atSafe.location.phones).toEqual([]);
    expect(JSON.stringify(safe)).not.toContain('Ville-Fictive-du-Refuge');
    expect(JSON.stringify(safe)).not.toContain('Rez-de-chaussée accessible.');
    expect(atSafe.location.description).toContain('Passer par la ligne d’accueil fictive : 555 0100.');
    expect(atSafe.location.attributes[0].taxonomy_term).toMatchObject({
      taxonomy: 'filet-location',
      code: 'confidential',
    });
    // The plain location: full address, coordinates and its fax line.
    const atPlain = safe.service_at_locations.find((sl: Json) => sl.location_id === fixture.plainLocation);
    expect(atPlain.location).toMatchObject({
      latitude: 45.5,
      longitude: -73.6,
      transportation: 'Autobus fictif 99.',
      addresses: [
        {
          address_1: '12 avenue Fictive',
          address_2: 'Bureau 3',
          postal_code: 'H0H 0H0',
          city: 'Ville-Fictive',
        },
      ],
      phones: [{ number: '555 0103', extension: 12, type: 'fax', location_id: fixture.plainLocation }],
    });

    const crisis: Json = response.json().find((s: Json) => s.id === fixture.crisisLine);
    expect(crisis.schedules).toEqual([
      expect.objectContaining({
        byday: 'MO,TU,WE,TH,FR,SA,SU',
        description: 'Ouvert 24 heures sur 24, 7 jours sur 7',
      }),
    ]);
    expect(crisis.cost_options).toEqual([]);
    expect(crisis.fees_description).toBe('Frais fictifs selon le revenu.');
  });

  it('gives English texts with ?lang=en, French where no English was written', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/resources/hsds/services?lang=en' });
    expect(response.statusCode).toBe(200);
    const services: Json[] = response.json();
    expectValid(services);
    const safe = services.find((s) => s.id === fixture.safePlace);
    expect(safe.name).toBe('Fictional Swallows Shelter');
    expect(safe.eligibility_description).toBe('Young people aged 12 to 17, exploited or at risk.');
    expect(safe.organization.description).toBe('A fictional organisation that takes young people in.');
    expect(safe.attributes[0].taxonomy_term).toMatchObject({ name: 'Safe place / shelter', language: 'en' });
    expect(safe.schedules[1].description).toBe('Closes the next day at 02:00');
    expect(safe.languages[0].name).toBe('French');
    const atSafe = safe.service_at_locations.find((sl: Json) => sl.location_id === fixture.safeLocation);
    expect(atSafe.location.description).toContain('Go through the fictional intake line: 555 0100.');
    const crisis = services.find((s) => s.id === fixture.crisisLine);
    expect(crisis.name).toBe('Ligne fictive de crise');
    expect(crisis.description).toBe('Ligne d’écoute fictive.');
    expectNoSealedAddress(response.body);
  });

  it('refuses an unknown language with a translated 400', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/resources/hsds/services?lang=de' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'validation_failed', message: expect.any(String) });
    const unknown = await t.app.inject({ method: 'GET', url: '/api/resources/hsds/services?scope=full' });
    expect(unknown.statusCode).toBe(400);
  });

  it('sends a file with ?download=1', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/resources/hsds/services?download=1&lang=en',
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toBe(
      'attachment; filename="filet-hsds-services-en.json"',
    );
  });

  it('gives the table coordination every entry, valid, without the sealed address, and audits it', async () => {
    const coordinator = await t.as('table_coordinator');
    const response = await coordinator.inject({
      method: 'GET',
      url: '/api/resources/hsds/services/full?download=1',
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toBe(
      'attachment; filename="filet-hsds-services-full-fr.json"',
    );
    const services: Json[] = response.json();
    expect(services.map((s) => s.id).sort()).toEqual(
      [
        fixture.safePlace,
        fixture.crisisLine,
        fixture.closedForNow,
        fixture.defunct,
        fixture.privateService,
        fixture.ofPrivateOrganisation,
      ].sort(),
    );
    expectValid(services);
    expectNoSealedAddress(response.body);
    expect(services.find((s) => s.id === fixture.defunct).status).toBe('defunct');
    const audit = await t.platform.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'resources.hsds.export')
      .where('actor_id', '=', coordinator.person.id)
      .execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0])).not.toContain(SEALED_STREET);
  });

  it('refuses the full set to anyone but the table coordination', async () => {
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/resources/hsds/services/full' });
    expect(anonymous.statusCode).toBe(401);
    for (const role of ['admin', 'org_coordinator', 'pivot', 'worker'] as const) {
      const agent = await t.as(role);
      const response = await agent.inject({ method: 'GET', url: '/api/resources/hsds/services/full' });
      expect(response.statusCode, role).toBe(403);
    }
  });

  it('reads page after page in identifier order: small pages give the same export as one', async () => {
    const collect = async (pageSize: number) => {
      const out: Json[] = [];
      for await (const service of hsdsServices(t.platform, 'full', 'fr-CA', pageSize)) out.push(service);
      return out;
    };
    const whole = await collect(1000);
    expect(whole).toHaveLength(6);
    expect(await collect(2)).toEqual(whole);
    expect(await collect(1)).toEqual(whole);
    expect(whole.map((s) => s.id)).toEqual([...whole.map((s) => s.id)].sort());
  });
});

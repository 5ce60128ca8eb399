import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import {
  addLocation,
  addPhone,
  addSchedule,
  createResourceOrganisation,
  createService,
} from './search.fixtures.js';

// Tuesday 2026-06-16 at 10:00 in the region.
const NOW = new Date('2026-06-16T14:00:00Z');
let t: TestApp;
const REGION = 'Région publique d’essai';
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp({ now: () => NOW });
  const p = t.platform;
  ids.shelter = await createService(p, {
    name_fr: 'Maison d’hébergement Fictive-Aurore',
    name_en: 'Fictive-Aurore shelter',
    description_fr: 'Un toit sécuritaire pour les adolescentes.',
    description_en: 'A safe roof for teenage girls.',
    taxonomy: ['safe_place'],
    audiences: ['youth'],
    min_age: 12,
    max_age: 17,
    safe_place: true,
    always_open: true,
    region: REGION,
  });
  await addLocation(
    p,
    ids.shelter,
    {
      confidential: true,
      city: 'Ville-Cachée',
      sealed_address: 'v1.sealed.ADRESSE-SCELLEE',
      front_gate_fr: 'Appelez l’accueil fictif au 555-0199, jour et nuit.',
      front_gate_en: 'Call the fictional front desk at 555-0199, day and night.',
    },
    { available: 1, maximum: 5 },
  );
  await addPhone(p, { service_id: ids.shelter }, '555-0100');
  ids.clinic = await createService(p, {
    name_fr: 'Clinique de sexologie Fictive',
    description_fr: 'Consultations avec une sexologue.',
    taxonomy: ['sexology', 'therapy'],
    audiences: ['youth', 'parents'],
    region: REGION,
  });
  const { serviceLocationId } = await addLocation(p, ids.clinic, {
    city: 'Lévis',
    address_1: '8 rue Inventée',
  });
  await addSchedule(p, { serviceLocationId }, 2, '09:00', '17:00');
  await addSchedule(p, { serviceId: ids.clinic }, 4, '18:00', '21:00');
  ids.hidden = await createService(p, {
    name_fr: 'Service interne Fictive-Privé',
    public: false,
    region: REGION,
  });
  ids.privateOrg = await createService(p, {
    name_fr: 'Service d’un organisme Fictive-Discret',
    organisation_id: await createResourceOrganisation(p, { public: false }),
    region: REGION,
  });
  ids.defunct = await createService(p, {
    name_fr: 'Service Fictive-Disparu',
    status: 'defunct',
    region: REGION,
  });
  ids.inactive = await createService(p, {
    name_fr: 'Service Fictive-Endormi',
    status: 'inactive',
    region: REGION,
  });
});
afterAll(async () => {
  await t.close();
});

const get = (url: string) => t.app.inject({ method: 'GET', url });
const region = `region=${encodeURIComponent(REGION)}`;

describe('the public directory: search', () => {
  it('lists only what the table made public, with no cookie and no address', async () => {
    const response = await get(`/ressources?${region}`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.headers['set-cookie']).toBeUndefined();
    expect(response.headers['content-security-policy']).toBeTruthy();
    expect(response.body).toContain('Maison d’hébergement Fictive-Aurore');
    expect(response.body).toContain('Clinique de sexologie Fictive');
    for (const hidden of ['Fictive-Privé', 'Fictive-Discret', 'Fictive-Disparu', 'Fictive-Endormi']) {
      expect(response.body).not.toContain(hidden);
    }
    expect(response.body).not.toContain('Ville-Cachée');
    expect(response.body).not.toContain('Inventée');
    expect(response.body).toContain('Lévis');
    expect(response.body).toContain('data-quick-exit');
    expect(response.body).toContain('href="/en/resources?region=');
  });

  it('forgives accents, plurals and typos', async () => {
    const cases: Array<[string, string]> = [
      ['hebergement', 'Fictive-Aurore'],
      ['SEXOLOGUES', 'Clinique de sexologie'],
      ['sexolgie', 'Clinique de sexologie'],
    ];
    for (const [q, found] of cases) {
      const response = await get(`/ressources?q=${encodeURIComponent(q)}&${region}`);
      expect(response.statusCode).toBe(200);
      expect(response.body, q).toContain('1 service trouvé');
      expect(response.body, q).toContain(found);
    }
  });

  it('filters by taxonomy, audience, age and open now', async () => {
    const clinicOnly = async (query: string) => {
      const body = (await get(`/ressources?${query}&${region}`)).body;
      return [body.includes('Fictive-Aurore'), body.includes('Clinique de sexologie')];
    };
    expect(await clinicOnly('taxonomy=sexology')).toEqual([false, true]);
    expect(await clinicOnly('taxonomy=safe_place&taxonomy=health')).toEqual([true, false]);
    expect(await clinicOnly('audience=parents')).toEqual([false, true]);
    expect(await clinicOnly('age=30')).toEqual([false, true]);
    // Tuesday 10:00: the clinic opens at its location; the shelter never closes.
    expect(await clinicOnly('openNow=1')).toEqual([true, true]);
  });

  it('speaks English at /en/resources', async () => {
    const response = await get(`/en/resources?q=shelter&${region}`);
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<html lang="en">');
    expect(response.body).toContain('Fictive-Aurore shelter');
    expect(response.body).toContain('1 service found');
    expect(response.body).toContain('Quick exit');
  });

  it.each([
    ['age=douze', 'L’âge doit être un nombre entier'],
    ['age=130', 'L’âge doit être un nombre entier'],
    ['taxonomy=inconnu', 'Ce type d’aide n’existe pas'],
    ['audience=martiens', 'Ce public n’existe pas'],
    [`q=${'a'.repeat(201)}`, 'Les mots ne peuvent dépasser 200 caractères'],
    ['page=0', 'Cette page de résultats n’existe pas'],
    ['q=%00', ''],
  ])('answers %s with a clear message, never a 500', async (query, message) => {
    const response = await get(`/ressources?${query}`);
    expect(response.statusCode).toBeLessThan(500);
    if (message) {
      expect(response.statusCode).toBe(400);
      expect(response.body).toContain(message);
    }
    expect(response.headers['set-cookie']).toBeUndefined();
  });
});

describe('the public directory: a service page', () => {
  it('shows phones, hours, cities and the front gate, never a sealed address', async () => {
    const shelter = await get(`/ressources/${ids.shelter}`);
    expect(shelter.statusCode).toBe(200);
    expect(shelter.headers['set-cookie']).toBeUndefined();
    expect(shelter.body).toContain('555-0100');
    expect(shelter.body).toContain('Appelez l’accueil fictif au 555-0199');
    expect(shelter.body).toContain('Ouvert jour et nuit');
    expect(shelter.body).not.toContain('Ville-Cachée');
    expect(shelter.body).not.toContain('ADRESSE-SCELLEE');
    // Capacity is for staff: not on the public page.
    expect(shelter.body).not.toMatch(/places? libres?/);

    const clinic = await get(`/en/resources/${ids.clinic}`);
    expect(clinic.statusCode).toBe(200);
    expect(clinic.body).toContain('Tuesday 09:00 – 17:00 (in Lévis)');
    expect(clinic.body).toContain('Thursday 18:00 – 21:00');
    expect(clinic.body).not.toContain('Inventée');
    expect(clinic.body).toContain(`href="/ressources/${ids.clinic}"`);
  });

  it('answers 404 alike for a service that is not public, defunct, unknown or malformed', async () => {
    for (const id of [
      ids.hidden,
      ids.privateOrg,
      ids.defunct,
      ids.inactive,
      crypto.randomUUID(),
      'pas-un-id',
    ]) {
      const response = await get(`/ressources/${id}`);
      expect(response.statusCode, String(id)).toBe(404);
      expect(response.body).toContain('Ce service n’existe pas ou n’est pas dans le répertoire public.');
      expect(response.body).not.toContain('Fictive-');
    }
  });

  it('serves its style sheet and quick-exit script', async () => {
    expect((await get('/ressources/ressources.css')).statusCode).toBe(200);
    const script = await get('/ressources/ressources.js');
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toContain('javascript');
  });
});

// Last: it spends this client's allowance of the search page.
describe('the public directory: limits', () => {
  it('answers a flood of searches with a 429 page in the reader’s language', async () => {
    let last = await get('/en/resources');
    for (let i = 0; i < 80 && last.statusCode !== 429; i++) last = await get('/en/resources?q=shelter');
    expect(last.statusCode).toBe(429);
    expect(last.body).toContain('Too many searches in a short time.');
    expect(last.body).toContain('Quick exit');
    expect(last.headers['set-cookie']).toBeUndefined();
  });
});

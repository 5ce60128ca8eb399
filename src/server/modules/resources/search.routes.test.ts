import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../../../test/support/app.js';
import type { ServiceSearchResult } from '../../../shared/contracts/resources.js';
import { addLocation, addSchedule, createService } from './search.fixtures.js';

// A fixed clock: Tuesday 2026-06-16 at 01:30 in the region (America/Toronto, UTC−4 in June).
let now = new Date('2026-06-16T05:30:00Z');
let t: TestApp;
let worker: Agent;
beforeAll(async () => {
  t = await createTestApp({ now: () => now });
  worker = await t.as('worker');
});
afterAll(async () => {
  await t.close();
});

let regionCounter = 0;
/** A region of its own for one test, so its services are the only ones a region filter finds. */
function ownRegion(): string {
  regionCounter += 1;
  return `Région d’essai ${regionCounter}-${Math.random().toString(36).slice(2, 6)}`;
}

async function search(agent: Agent, query: string): Promise<ServiceSearchResult> {
  const response = await agent.inject({ method: 'GET', url: `/api/resources/services?${query}` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as ServiceSearchResult;
}

function names(result: ServiceSearchResult): string[] {
  return result.items.map((item) => item.name);
}

describe('GET /api/resources/services: words that forgive French', () => {
  let region: string;
  beforeAll(async () => {
    region = ownRegion();
    await createService(t.platform, {
      name_fr: 'Hébergement d’urgence pour adolescentes',
      description_fr: 'Un lit pour la nuit, un repas chaud.',
      region,
    });
    await createService(t.platform, {
      name_fr: 'Consultation avec une sexologue',
      description_fr: 'Rencontres individuelles avec une thérapeute.',
      region,
    });
    await createService(t.platform, {
      name_fr: 'Aide aux devoirs',
      description_fr: 'Soutien scolaire après l’école.',
      region,
    });
  });
  const within = () => `region=${encodeURIComponent(region)}`;

  it('finds "Hébergement" from "hebergement" and from "HÉBERGEMENT"', async () => {
    expect(names(await search(worker, `q=hebergement&${within()}`))).toEqual([
      'Hébergement d’urgence pour adolescentes',
    ]);
    expect(names(await search(worker, `q=H%C3%89BERGEMENT&${within()}`))).toEqual([
      'Hébergement d’urgence pour adolescentes',
    ]);
  });

  it('finds a singular from a plural: "therapeutes" finds "thérapeute"', async () => {
    expect(names(await search(worker, `q=therapeutes&${within()}`))).toEqual([
      'Consultation avec une sexologue',
    ]);
  });

  it('finds a name through a typo: "sexolgue" finds "sexologue"', async () => {
    expect(names(await search(worker, `q=sexolgue&${within()}`))).toEqual([
      'Consultation avec une sexologue',
    ]);
  });

  it('finds nothing for words of no service', async () => {
    const result = await search(worker, `q=zzzxqy&${within()}`);
    expect(result).toEqual({ total: 0, items: [] });
  });
});

describe('GET /api/resources/services: filters', () => {
  let region: string;
  let ids: Record<string, string>;
  beforeAll(async () => {
    region = ownRegion();
    ids = {
      therapy: await createService(t.platform, {
        name_fr: 'Thérapie pour garçons',
        taxonomy: ['therapy', 'boys'],
        audiences: ['youth'],
        genders: ['boys'],
        languages: ['fr', 'en'],
        min_age: 12,
        max_age: 17,
        region,
      }),
      parents: await createService(t.platform, {
        name_fr: 'Groupe de parents',
        taxonomy: ['parent_support'],
        audiences: ['parents'],
        genders: [],
        languages: ['fr'],
        min_age: null,
        max_age: null,
        region,
      }),
      girls: await createService(t.platform, {
        name_fr: 'Groupe pour filles',
        taxonomy: ['therapy'],
        audiences: ['youth'],
        genders: ['girls'],
        languages: ['es'],
        min_age: 14,
        max_age: null,
        region,
      }),
    };
  });
  const within = () => `region=${encodeURIComponent(region)}`;
  const found = async (query: string) =>
    (await search(worker, `${query}&${within()}`)).items.map((item) => item.id).sort();

  it('keeps services of any of the taxonomy terms asked', async () => {
    expect(await found('taxonomy=parent_support')).toEqual([ids.parents]);
    expect(await found('taxonomy=boys&taxonomy=parent_support')).toEqual([ids.therapy, ids.parents].sort());
  });

  it('keeps services for an audience', async () => {
    expect(await found('audience=parents')).toEqual([ids.parents]);
    expect(await found('audience=youth')).toEqual([ids.therapy, ids.girls].sort());
  });

  it('keeps services for a gender, and those taking everyone', async () => {
    expect(await found('gender=boys')).toEqual([ids.therapy, ids.parents].sort());
    expect(await found('gender=gender_diverse')).toEqual([ids.parents]);
  });

  it('keeps services whose ages include the age asked', async () => {
    expect(await found('age=13')).toEqual([ids.therapy, ids.parents].sort());
    expect(await found('age=18')).toEqual([ids.parents, ids.girls].sort());
    expect(await found('age=15')).toEqual([ids.therapy, ids.parents, ids.girls].sort());
  });

  it('keeps services given in a language', async () => {
    expect(await found('language=en')).toEqual([ids.therapy]);
    expect(await found('language=es')).toEqual([ids.girls]);
  });

  it('matches the region without regard to accents or case', async () => {
    const result = await search(
      worker,
      `region=${encodeURIComponent(region.toUpperCase().replace('É', 'E'))}`,
    );
    expect(result.total).toBe(3);
  });

  it('pages the results and counts them all', async () => {
    const first = await search(worker, `${within()}&limit=2`);
    expect(first.total).toBe(3);
    expect(first.items).toHaveLength(2);
    const second = await search(worker, `${within()}&limit=2&offset=2`);
    expect(second.total).toBe(3);
    expect(second.items).toHaveLength(1);
    const beyond = await search(worker, `${within()}&limit=2&offset=10`);
    expect(beyond).toEqual({ total: 3, items: [] });
    expect(new Set([...first.items, ...second.items].map((i) => i.id)).size).toBe(3);
  });
});

describe('GET /api/resources/services: the reader and the region', () => {
  it('puts services of the reader’s region first, then by relevance', async () => {
    const word = `Zélie${Math.random().toString(36).slice(2, 6)}`;
    const home = ownRegion();
    const elsewhere = ownRegion();
    const organisationId = await t.createOrganisation({ region: home });
    const reader = await t.as('worker', { organisationId });
    // Far more relevant, but in another region.
    await createService(t.platform, { name_fr: `${word} ${word}`, description_fr: word, region: elsewhere });
    await createService(t.platform, { name_fr: `Service ${word} du quartier`, region: home });
    const result = await search(reader, `q=${encodeURIComponent(word)}`);
    expect(result.items.map((i) => i.region)).toEqual([home, elsewhere]);
    // Another reader, of another region: relevance first.
    const other = await search(worker, `q=${encodeURIComponent(word)}`);
    expect(other.items.map((i) => i.region)).toEqual([elsewhere, home]);
  });

  it('gives English texts to an English reader, French when none exist', async () => {
    const region = ownRegion();
    await createService(t.platform, {
      name_fr: 'Ligne d’écoute',
      name_en: 'Support line',
      description_fr: 'Au téléphone.',
      description_en: 'On the phone.',
      region,
    });
    await createService(t.platform, { name_fr: 'Clinique jeunesse', region });
    const person = await t.createPerson({ roles: ['worker'], locale: 'en-CA' });
    const english = await t.signIn(person);
    const result = await search(english, `region=${encodeURIComponent(region)}`);
    expect(result.items.map((i) => [i.name, i.description])).toEqual(
      expect.arrayContaining([
        ['Support line', 'On the phone.'],
        ['Clinique jeunesse', ''],
      ]),
    );
  });
});

describe('GET /api/resources/services: defunct entries', () => {
  let region: string;
  let keeper: string;
  beforeAll(async () => {
    region = ownRegion();
    keeper = await t.createOrganisation();
    await createService(t.platform, {
      name_fr: 'Service fermé pour de bon',
      status: 'defunct',
      keeper_organisation_id: keeper,
      region,
    });
    await createService(t.platform, { name_fr: 'Service en pause', status: 'inactive', region });
  });
  const visible = async (agent: Agent) =>
    names(await search(agent, `region=${encodeURIComponent(region)}`)).sort();

  it('hides them from readers who do not keep them', async () => {
    expect(await visible(worker)).toEqual(['Service en pause']);
    expect(await visible(await t.as('admin'))).toEqual(['Service en pause']);
    expect(await visible(await t.as('worker', { organisationId: keeper }))).toEqual(['Service en pause']);
    expect(await visible(await t.as('org_coordinator'))).toEqual(['Service en pause']);
  });

  it('shows them to their keepers and to the table’s coordination', async () => {
    const both = ['Service en pause', 'Service fermé pour de bon'];
    expect(await visible(await t.as('table_coordinator'))).toEqual(both);
    expect(await visible(await t.as('pivot', { organisationId: keeper }))).toEqual(both);
    expect(await visible(await t.as('org_coordinator', { organisationId: keeper }))).toEqual(both);
  });

  it('keeps the services of one keeper organisation', async () => {
    const result = await search(await t.as('table_coordinator'), `keeperOrganisationId=${keeper}`);
    expect(names(result)).toEqual(['Service fermé pour de bon']);
  });
});

describe('GET /api/resources/services: places, cities and addresses', () => {
  let region: string;
  let shelter: string;
  let full: string;
  beforeAll(async () => {
    region = ownRegion();
    shelter = await createService(t.platform, {
      name_fr: 'Maison d’hébergement fictive',
      safe_place: true,
      taxonomy: ['safe_place'],
      region,
    });
    await addLocation(
      t.platform,
      shelter,
      {
        confidential: true,
        city: 'Ville-Secrète',
        sealed_address: 'v1.sealed.ADRESSE-SCELLEE',
        front_gate_fr: 'Appelez l’accueil au 555-0100.',
      },
      { available: 2, maximum: 6 },
    );
    await addLocation(
      t.platform,
      shelter,
      { city: 'Lévis', address_1: '12 rue Imaginaire' },
      { available: 0, maximum: 4 },
    );
    full = await createService(t.platform, { name_fr: 'Refuge complet fictif', safe_place: true, region });
    await addLocation(t.platform, full, { city: 'Québec' }, { available: 0, maximum: 3 });
  });

  it('lists cities of public places only and never an address', async () => {
    const response = await worker.inject({
      method: 'GET',
      url: `/api/resources/services?region=${encodeURIComponent(region)}`,
    });
    expect(response.statusCode).toBe(200);
    expect(response.body).not.toContain('Ville-Secrète');
    expect(response.body).not.toContain('ADRESSE-SCELLEE');
    expect(response.body).not.toContain('Imaginaire');
    expect(response.body).not.toContain('555-0100');
    const item = (response.json() as ServiceSearchResult).items.find((i) => i.id === shelter)!;
    expect(item.cities).toEqual(['Lévis']);
    expect(item.capacity.map((c) => [c.available, c.maximum])).toEqual([
      [2, 6],
      [0, 4],
    ]);
  });

  it('keeps safe places with a free place', async () => {
    const result = await search(worker, `placesAvailable=true&region=${encodeURIComponent(region)}`);
    expect(result.items.map((i) => i.id)).toEqual([shelter]);
  });
});

describe('GET /api/resources/services: open now, with the region’s clock', () => {
  let region: string;
  let ids: Record<string, string>;
  beforeAll(async () => {
    region = ownRegion();
    ids = {
      // Monday 22:00 to Tuesday 02:00: open at Tuesday 01:30.
      night: await createService(t.platform, { name_fr: 'Halte de nuit', region }),
      day: await createService(t.platform, { name_fr: 'Bureau de jour', region }),
      always: await createService(t.platform, { name_fr: 'Ligne 24 heures', always_open: true, region }),
      unknown: await createService(t.platform, { name_fr: 'Sans horaire', region }),
      located: await createService(t.platform, { name_fr: 'Clinique de quartier', region }),
      paused: await createService(t.platform, {
        name_fr: 'Halte fermée temporairement',
        status: 'temporarily closed',
        always_open: true,
        region,
      }),
    };
    await addSchedule(t.platform, { serviceId: ids.night! }, 1, '22:00', '02:00');
    await addSchedule(t.platform, { serviceId: ids.day! }, 1, '09:00', '17:00');
    await addSchedule(t.platform, { serviceId: ids.day! }, 2, '09:00', '17:00');
    const { serviceLocationId } = await addLocation(t.platform, ids.located!, { city: 'Lévis' });
    await addSchedule(t.platform, { serviceLocationId }, 2, '01:00', '03:00');
  });
  afterAll(async () => {
    now = new Date('2026-06-16T05:30:00Z');
    worker = await t.as('worker');
  });
  // A reader signed in at the clock's time (a session left idle for hours has expired).
  const openIds = async () =>
    (await search(await t.as('worker'), `openNow=true&region=${encodeURIComponent(region)}`)).items
      .map((i) => i.id)
      .sort();

  it('keeps services open at this moment, across midnight and at their locations', async () => {
    now = new Date('2026-06-16T05:30:00Z');
    expect(await openIds()).toEqual([ids.night, ids.always, ids.located].sort());
    const all = await search(worker, `region=${encodeURIComponent(region)}`);
    const state = Object.fromEntries(all.items.map((i) => [i.name, i.openNow]));
    expect(state).toEqual({
      'Halte de nuit': true,
      'Bureau de jour': false,
      'Ligne 24 heures': true,
      'Sans horaire': null,
      'Clinique de quartier': true,
      'Halte fermée temporairement': false,
    });
  });

  it('follows the clock: at 10:00 on Tuesday the day office is open and the night one closed', async () => {
    now = new Date('2026-06-16T14:00:00Z');
    expect(await openIds()).toEqual([ids.day, ids.always].sort());
  });

  it('runs a Sunday-night opening into Monday', async () => {
    const sunday = await createService(t.platform, { name_fr: 'Halte du dimanche', region });
    await addSchedule(t.platform, { serviceId: sunday }, 7, '20:00', '04:00');
    now = new Date('2026-06-15T06:00:00Z'); // Monday 02:00 in the region
    expect(await openIds()).toEqual([sunday, ids.always].sort());
  });
});

describe('GET /api/resources/services: staleness', () => {
  it('flags and keeps entries not confirmed for the staleness period', async () => {
    const region = ownRegion();
    const old = await createService(t.platform, {
      name_fr: 'Entrée oubliée',
      confirmed_at: new Date(now.getTime() - 200 * 86_400_000),
      region,
    });
    await createService(t.platform, { name_fr: 'Entrée confirmée', confirmed_at: now, region });
    const all = await search(worker, `region=${encodeURIComponent(region)}`);
    expect(Object.fromEntries(all.items.map((i) => [i.id === old ? 'old' : 'fresh', i.stale]))).toEqual({
      old: true,
      fresh: false,
    });
    const stale = await search(worker, `stale=true&region=${encodeURIComponent(region)}`);
    expect(stale.items.map((i) => i.id)).toEqual([old]);
  });
});

describe('GET /api/resources/services: bad input', () => {
  it.each([
    ['age=abc', 'age'],
    ['age=200', 'age'],
    ['taxonomy=nope', 'taxonomy'],
    ['limit=1000', 'limit'],
    ['language=french', 'language'],
    ['keeperOrganisationId=x', 'keeperOrganisationId'],
    [`q=${'a'.repeat(201)}`, 'q'],
    ['colour=blue', ''],
  ])('answers %s with a translated 400', async (query) => {
    const response = await worker.inject({ method: 'GET', url: `/api/resources/services?${query}` });
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.message).toMatch(/[a-zé]/);
  });

  it('answers the null character, which PostgreSQL cannot store, with a translated 400', async () => {
    const response = await worker.inject({ method: 'GET', url: '/api/resources/services?q=a%00b' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('invalid_characters');
  });

  it('refuses an anonymous reader', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/resources/services' });
    expect(response.statusCode).toBe(401);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../../../test/support/app.js';
import { race } from '../../../../test/support/concurrency.js';
import {
  createLocation,
  createResourceOrganisation,
  createSafePlace,
  createService,
  SEALED_STREET,
} from './directory.fixtures.js';
import { flagStaleServices } from './directory.service.js';

const NOW = new Date('2026-06-15T14:00:00Z');
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ now: () => NOW });
});
afterAll(async () => {
  await t.close();
});

/** Every answer body a test saw: the sealed street must be in none but the authorised reveal's. */
const seen: string[] = [];
async function call(agent: Agent, options: Parameters<Agent['inject']>[0]) {
  const response = await agent.inject(options);
  seen.push(response.body);
  return response;
}

async function lastAudit(action: string) {
  return t.platform.db
    .selectFrom('audit_log')
    .select(['action', 'target_id', 'entry'])
    .where('action', '=', action)
    .orderBy('seq', 'desc')
    .executeTakeFirst();
}

async function countServices(): Promise<number> {
  const row = await t.platform.db
    .selectFrom('resource_services')
    .select(({ fn }) => fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

const serviceBody = (organisationId: string, keeper: string | null) => ({
  organisationId,
  keeperOrganisationId: keeper,
  nameFr: 'Thérapie fictive pour garçons',
  nameEn: 'Fictional therapy for boys',
  descriptionFr: 'Un service fictif.',
  taxonomy: ['therapy', 'boys'],
  audiences: ['youth', 'parents'],
  genders: ['boys'],
  languages: ['fr', 'en'],
  minAge: 12,
  maxAge: 17,
  region: 'Région fictive',
});

describe('keeping an entry', () => {
  it('lets a partner’s pivot add an organisation, a service, a safe place with a sealed address, and read it back', async () => {
    const org = await t.createOrganisation();
    const pivot = await t.as('pivot', { organisationId: org });
    const created = await call(pivot, {
      method: 'POST',
      url: '/api/resources/organisations',
      payload: { name: 'Maison fictive des Saules', keeperOrganisationId: org, public: true },
    });
    expect(created.statusCode, created.body).toBe(201);
    const organisationId = created.json().id as string;
    expect((await lastAudit('resources.organisation.create'))?.target_id).toBe(organisationId);

    const service = await call(pivot, {
      method: 'POST',
      url: '/api/resources/services',
      payload: { ...serviceBody(organisationId, org), safePlace: true, acceptsReferrals: true },
    });
    expect(service.statusCode, service.body).toBe(201);
    const detail = service.json();
    expect(detail).toMatchObject({ name: 'Thérapie fictive pour garçons', canKeep: true, stale: false });
    expect(detail.texts.nameEn).toBe('Fictional therapy for boys');

    const location = await call(pivot, {
      method: 'POST',
      url: '/api/resources/locations',
      payload: {
        organisationId,
        confidential: true,
        city: 'Villefictive',
        sealedAddress: { address1: SEALED_STREET, postalCode: 'H0H 0H0' },
        frontGateFr: 'Appelez la ligne d’accueil fictive.',
      },
    });
    expect(location.statusCode, location.body).toBe(201);
    const locationId = location.json().id as string;
    const stored = await t.platform.db
      .selectFrom('resource_locations')
      .select(['sealed_address', 'address_1'])
      .where('id', '=', locationId)
      .executeTakeFirstOrThrow();
    expect(stored.address_1).toBeNull();
    expect(stored.sealed_address).not.toContain('Refuge');

    const linked = await call(pivot, {
      method: 'POST',
      url: `/api/resources/services/${detail.id}/locations`,
      payload: { locationId, placesMaximum: 6, placesAvailable: 2, version: detail.version },
    });
    expect(linked.statusCode, linked.body).toBe(200);
    const at = linked.json().locations[0];
    expect(at.capacity).toMatchObject({ available: 2, maximum: 6 });
    expect(at.location).toMatchObject({ confidential: true, address1: null, canReveal: true });
    expect(at.location.frontGate).toBe('Appelez la ligne d’accueil fictive.');

    const phones = await call(pivot, {
      method: 'PUT',
      url: `/api/resources/services/${detail.id}/phones`,
      payload: { version: linked.json().version, phones: [{ number: '555-0100', kind: 'hotline' }] },
    });
    expect(phones.statusCode, phones.body).toBe(200);
    const hours = await call(pivot, {
      method: 'PUT',
      url: `/api/resources/services/${detail.id}/schedules`,
      payload: {
        version: phones.json().version,
        schedules: [
          { weekday: 1, opensAt: '09:00', closesAt: '17:00' },
          { weekday: 5, opensAt: '22:00', closesAt: '02:00', noteFr: 'Nuit' },
        ],
      },
    });
    expect(hours.statusCode, hours.body).toBe(200);
    expect(hours.json().phones).toEqual([expect.objectContaining({ number: '555-0100', kind: 'hotline' })]);
    expect(hours.json().schedules).toHaveLength(2);
    expect(hours.json().schedules[1]).toMatchObject({ weekday: 5, opensAt: '22:00', closesAt: '02:00' });
  });

  it('answers in the reader’s language, French when no English exists', async () => {
    const organisationId = await createResourceOrganisation(t);
    const serviceId = await createService(t, { organisationId, name: 'Seulement en français' });
    await t.platform.db
      .updateTable('resource_services')
      .set({ description_fr: 'Texte français', description_en: 'English text' })
      .where('id', '=', serviceId)
      .execute();
    const org = await t.createOrganisation();
    const reader = await t.signIn(
      await t.createPerson({ roles: ['worker'], organisationId: org, locale: 'en-CA' }),
    );
    const response = await call(reader, { method: 'GET', url: `/api/resources/services/${serviceId}` });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ name: 'Seulement en français', description: 'English text' });
    expect(response.json().texts).toMatchObject({
      descriptionFr: 'Texte français',
      descriptionEn: 'English text',
    });
  });

  it('refuses bad input with a translated message and stores nothing', async () => {
    const org = await t.createOrganisation();
    const coordinator = await t.as('org_coordinator', { organisationId: org });
    const organisationId = await createResourceOrganisation(t, { keeper: org });
    const before = await countServices();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...serviceBody(organisationId, org), minAge: 16, maxAge: 12 }, 'maxAge'],
      [{ ...serviceBody(organisationId, null) }, 'keeperOrganisationId'],
      [{ ...serviceBody(organisationId, org), taxonomy: ['astrology'] }, 'taxonomy'],
      [{ ...serviceBody(organisationId, crypto.randomUUID()) }, 'keeperOrganisationId'],
    ];
    for (const [payload, field] of cases) {
      const response = await call(coordinator, { method: 'POST', url: '/api/resources/services', payload });
      expect(response.statusCode, response.body).toBe(400);
      const body = response.json();
      expect(body.error.code).toBe('validation_failed');
      expect(body.error.details.map((d: { field: string }) => d.field).join(' ')).toContain(field);
      expect(body.error.details[0].message).not.toMatch(/^validation\./);
    }
    // A service without a keeper cannot take referrals even for the table's coordination.
    const table = await t.as('table_coordinator');
    const referrals = await call(table, {
      method: 'POST',
      url: '/api/resources/services',
      payload: { ...serviceBody(organisationId, null), acceptsReferrals: true },
    });
    expect(referrals.statusCode).toBe(400);
    expect(referrals.json().error.details[0].field).toBe('acceptsReferrals');
    expect(referrals.json().error.details[0].message).toContain('référence');
    expect(await countServices()).toBe(before);
  });

  it('refuses a stale version with 409 and keeps the winner’s edit', async () => {
    const org = await t.createOrganisation();
    const pivot = await t.as('pivot', { organisationId: org });
    const organisationId = await createResourceOrganisation(t, { keeper: org });
    const serviceId = await createService(t, { organisationId, keeper: org });
    const first = await call(pivot, {
      method: 'PUT',
      url: `/api/resources/services/${serviceId}`,
      payload: {
        ...serviceBody(organisationId, org),
        organisationId: undefined,
        nameFr: 'Premier',
        version: 1,
      },
    });
    expect(first.statusCode, first.body).toBe(200);
    const second = await call(pivot, {
      method: 'PUT',
      url: `/api/resources/services/${serviceId}`,
      payload: {
        ...serviceBody(organisationId, org),
        organisationId: undefined,
        nameFr: 'Second',
        version: 1,
      },
    });
    expect(second.statusCode).toBe(409);
    const row = await t.platform.db
      .selectFrom('resource_services')
      .select(['name_fr', 'version'])
      .where('id', '=', serviceId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ name_fr: 'Premier', version: 2 });
  });

  it('lets the keeper retire a service, which then only its keepers see', async () => {
    const org = await t.createOrganisation();
    const pivot = await t.as('pivot', { organisationId: org });
    const organisationId = await createResourceOrganisation(t, { keeper: org });
    const serviceId = await createService(t, { organisationId, keeper: org });
    const retired = await call(pivot, {
      method: 'PUT',
      url: `/api/resources/services/${serviceId}/status`,
      payload: { status: 'defunct', version: 1 },
    });
    expect(retired.statusCode, retired.body).toBe(200);
    expect(retired.json().status).toBe('defunct');
    const other = await t.as('worker');
    expect(
      (await call(other, { method: 'GET', url: `/api/resources/services/${serviceId}` })).statusCode,
    ).toBe(404);
    const table = await t.as('table_coordinator');
    expect(
      (await call(table, { method: 'GET', url: `/api/resources/services/${serviceId}` })).statusCode,
    ).toBe(200);
    const organisation = await call(other, {
      method: 'GET',
      url: `/api/resources/organisations/${organisationId}`,
    });
    expect(organisation.json().services).toEqual([]);
  });
});

describe('who may keep and who may not', () => {
  it('refuses another partner’s pivot, a worker and the administration an edit; 404 for what does not exist', async () => {
    const keeper = await t.createOrganisation();
    const organisationId = await createResourceOrganisation(t, { keeper });
    const serviceId = await createService(t, { organisationId, keeper });
    const edit = (agent: Agent) =>
      call(agent, {
        method: 'POST',
        url: `/api/resources/services/${serviceId}/confirm`,
        payload: { version: 1 },
      });
    expect((await edit(await t.as('pivot'))).statusCode).toBe(403);
    expect((await edit(await t.as('worker', { organisationId: keeper }))).statusCode).toBe(403);
    expect((await edit(await t.as('admin'))).statusCode).toBe(403);
    const rename = await call(await t.as('org_coordinator'), {
      method: 'PUT',
      url: `/api/resources/organisations/${organisationId}`,
      payload: { name: 'Détourné', keeperOrganisationId: null, version: 1 },
    });
    expect(rename.statusCode).toBe(403);
    const missing = await call(await t.as('pivot', { organisationId: keeper }), {
      method: 'POST',
      url: `/api/resources/services/${crypto.randomUUID()}/confirm`,
      payload: { version: 1 },
    });
    expect(missing.statusCode).toBe(404);
    // A pivot cannot hand an entry to another partner, nor add one for another partner.
    const own = await t.as('pivot', { organisationId: keeper });
    const other = await t.createOrganisation();
    const handover = await call(own, {
      method: 'POST',
      url: '/api/resources/organisations',
      payload: { name: 'Pour un autre', keeperOrganisationId: other },
    });
    expect(handover.statusCode).toBe(400);
    expect(handover.json().error.details[0].field).toBe('keeperOrganisationId');
    // The keeper's coordinator may.
    expect((await edit(await t.as('org_coordinator', { organisationId: keeper }))).statusCode).toBe(200);
  });

  it('lets the table coordination keep any entry and the organisation list say what each may keep', async () => {
    const keeper = await t.createOrganisation();
    const organisationId = await createResourceOrganisation(t, { keeper, name: 'Organisme fictif Tilleul' });
    const serviceId = await createService(t, { organisationId, keeper });
    const table = await t.as('table_coordinator');
    const confirmed = await call(table, {
      method: 'POST',
      url: `/api/resources/services/${serviceId}/confirm`,
      payload: { version: 1 },
    });
    expect(confirmed.statusCode).toBe(200);
    const list = await call(await t.as('pivot'), {
      method: 'GET',
      url: '/api/resources/organisations?q=Tilleul',
    });
    expect(list.json().items).toEqual([expect.objectContaining({ id: organisationId, canKeep: false })]);
  });
});

describe('a safe place’s capacity', () => {
  it('lets its staff take and give back a place in one tap each, audited with the counts', async () => {
    const keeper = await t.createOrganisation();
    const place = await createSafePlace(t, keeper);
    const worker = await t.as('worker', { organisationId: keeper });
    const down = await call(worker, {
      method: 'PUT',
      url: `/api/resources/service-locations/${place.serviceLocationId}/capacity`,
      payload: { step: -1, version: 0 },
    });
    expect(down.statusCode, down.body).toBe(200);
    expect(down.json()).toMatchObject({ available: 1, maximum: 5, version: 1, updatedAt: NOW.toISOString() });
    const audit = await lastAudit('resources.capacity.update');
    expect(audit?.target_id).toBe(place.serviceLocationId);
    expect(JSON.parse(audit!.entry).meta).toMatchObject({ available: 1, maximum: 5, step: -1 });
    const set = await call(worker, {
      method: 'PUT',
      url: `/api/resources/service-locations/${place.serviceLocationId}/capacity`,
      payload: { available: 5, version: 1 },
    });
    expect(set.json()).toMatchObject({ available: 5, version: 2 });
  });

  it('refuses more places than the maximum, below zero, a stale count, and anyone outside its staff', async () => {
    const keeper = await t.createOrganisation();
    const place = await createSafePlace(t, keeper, { available: 0, maximum: 1 });
    const staff = await t.as('pivot', { organisationId: keeper });
    const url = `/api/resources/service-locations/${place.serviceLocationId}/capacity`;
    const above = await call(staff, { method: 'PUT', url, payload: { available: 2, version: 0 } });
    expect(above.statusCode).toBe(400);
    expect(above.json().error.details[0]).toMatchObject({ field: 'available' });
    expect(above.json().error.details[0].message).toContain('1');
    const below = await call(staff, { method: 'PUT', url, payload: { step: -1, version: 0 } });
    expect(below.statusCode).toBe(400);
    const stale = await call(staff, { method: 'PUT', url, payload: { step: 1, version: 7 } });
    expect(stale.statusCode).toBe(409);
    const outsider = await call(await t.as('org_coordinator'), {
      method: 'PUT',
      url,
      payload: { step: 1, version: 0 },
    });
    expect(outsider.statusCode).toBe(403);
    const row = await t.platform.db
      .selectFrom('resource_service_locations')
      .select(['places_available', 'capacity_version'])
      .where('id', '=', place.serviceLocationId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ places_available: 0, capacity_version: 0 });
  });

  it('lets one of two updates of the same count win; the other answers 409', async () => {
    const keeper = await t.createOrganisation();
    const place = await createSafePlace(t, keeper, { available: 3, maximum: 5 });
    const a = await t.as('worker', { organisationId: keeper });
    const b = await t.as('pivot', { organisationId: keeper });
    const result = await race(t, 2, (i) =>
      (i === 0 ? a : b).inject({
        method: 'PUT',
        url: `/api/resources/service-locations/${place.serviceLocationId}/capacity`,
        payload: { step: -1, version: 0 },
      }),
    );
    expect(result.statuses).toEqual({ 200: 1, 409: 1 });
    const row = await t.platform.db
      .selectFrom('resource_service_locations')
      .select(['places_available', 'capacity_version'])
      .where('id', '=', place.serviceLocationId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ places_available: 2, capacity_version: 1 });
  });
});

describe('a sealed address', () => {
  it('opens to the keeper’s staff with a purpose, audited; never to another partner', async () => {
    const keeper = await t.createOrganisation();
    const place = await createSafePlace(t, keeper);
    const url = `/api/resources/locations/${place.locationId}/reveal`;
    const worker = await t.as('worker', { organisationId: keeper });
    const noPurpose = await call(worker, { method: 'POST', url, payload: {} });
    expect(noPurpose.statusCode).toBe(400);

    const other = await t.as('pivot');
    const refused = await call(other, { method: 'POST', url, payload: { purpose: 'Curiosité fictive' } });
    expect(refused.statusCode).toBe(403);
    const readByOther = await call(other, {
      method: 'GET',
      url: `/api/resources/services/${place.serviceId}`,
    });
    expect(readByOther.statusCode).toBe(200);
    expect(readByOther.json().locations[0].location).toMatchObject({ canReveal: false, confidential: true });
    expect(readByOther.json().locations[0].location.frontGate).toContain('ligne d’accueil');
    await call(other, { method: 'GET', url: `/api/resources/organisations/${place.organisationId}` });
    await call(worker, { method: 'GET', url: `/api/resources/services/${place.serviceId}` });
    await call(worker, { method: 'GET', url: '/api/resources/organisations' });

    const revealed = await worker.inject({
      method: 'POST',
      url,
      payload: { purpose: 'Accompagner une jeune fictive' },
    });
    expect(revealed.statusCode, revealed.body).toBe(200);
    expect(revealed.json()).toMatchObject({ address1: SEALED_STREET, city: 'Villefictive' });
    const audit = await lastAudit('resources.location.reveal');
    expect(audit?.target_id).toBe(place.locationId);
    expect(JSON.parse(audit!.entry).purpose).toBe('Accompagner une jeune fictive');
    expect(audit!.entry).not.toContain(SEALED_STREET);

    const table = await t.as('table_coordinator');
    expect(
      (await table.inject({ method: 'POST', url, payload: { purpose: 'Vérification fictive' } })).statusCode,
    ).toBe(200);
  });

  it('a plain location has nothing to reveal (404), and a confidential one refuses a plain address', async () => {
    const keeper = await t.createOrganisation();
    const organisationId = await createResourceOrganisation(t, { keeper });
    const plain = await createLocation(t, organisationId);
    const pivot = await t.as('pivot', { organisationId: keeper });
    const response = await call(pivot, {
      method: 'POST',
      url: `/api/resources/locations/${plain}/reveal`,
      payload: { purpose: 'Essai fictif' },
    });
    expect(response.statusCode).toBe(404);
    const leaking = await call(pivot, {
      method: 'POST',
      url: '/api/resources/locations',
      payload: {
        organisationId,
        confidential: true,
        address1: '1 rue en clair',
        sealedAddress: { address1: '1 rue en clair' },
        frontGateFr: 'Appelez.',
      },
    });
    expect(leaking.statusCode).toBe(400);
    expect(leaking.json().error.details[0].field).toBe('address1');
  });
});

describe('locations and organisations', () => {
  it('keeps a sealed address when an edit omits it, clears it when the place stops being confidential', async () => {
    const keeper = await t.createOrganisation();
    const place = await createSafePlace(t, keeper);
    const pivot = await t.as('pivot', { organisationId: keeper });
    const url = `/api/resources/locations/${place.locationId}`;
    const base = { organisationId: place.organisationId, city: 'Villefictive', frontGateFr: 'Appelez.' };
    const kept = await call(pivot, {
      method: 'PUT',
      url,
      payload: { ...base, confidential: true, version: 1 },
    });
    expect(kept.statusCode, kept.body).toBe(200);
    const stale = await call(pivot, {
      method: 'PUT',
      url,
      payload: { ...base, confidential: true, version: 1 },
    });
    expect(stale.statusCode).toBe(409);
    const reveal = await pivot.inject({
      method: 'POST',
      url: `${url}/reveal`,
      payload: { purpose: 'Vérifier l’adresse' },
    });
    expect(reveal.json().address1).toBe(SEALED_STREET);
    const plain = await call(pivot, {
      method: 'PUT',
      url,
      payload: { ...base, confidential: false, address1: '5 rue Publique-Fictive', version: 2 },
    });
    expect(plain.statusCode, plain.body).toBe(200);
    const row = await t.platform.db
      .selectFrom('resource_locations')
      .select(['sealed_address', 'address_1', 'confidential'])
      .where('id', '=', place.locationId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ sealed_address: null, address_1: '5 rue Publique-Fictive', confidential: false });
    const moved = await call(pivot, {
      method: 'PUT',
      url,
      payload: {
        ...base,
        organisationId: await createResourceOrganisation(t, { keeper }),
        confidential: false,
        version: 3,
      },
    });
    expect(moved.statusCode).toBe(400);
  });

  it('stops giving a service at a location; another partner may not', async () => {
    const keeper = await t.createOrganisation();
    const place = await createSafePlace(t, keeper);
    const url = `/api/resources/service-locations/${place.serviceLocationId}`;
    expect((await call(await t.as('org_coordinator'), { method: 'DELETE', url })).statusCode).toBe(403);
    expect(
      (await call(await t.as('org_coordinator', { organisationId: keeper }), { method: 'DELETE', url }))
        .statusCode,
    ).toBe(204);
    const page = await call(await t.as('worker'), {
      method: 'GET',
      url: `/api/resources/services/${place.serviceId}`,
    });
    expect(page.json().locations).toEqual([]);
  });

  it('removes a service from a place once when two keepers do it at the same moment', async () => {
    const keeper = await t.createOrganisation();
    const place = await createSafePlace(t, keeper);
    const url = `/api/resources/service-locations/${place.serviceLocationId}`;
    const [first, second] = await Promise.all([
      call(await t.as('org_coordinator', { organisationId: keeper }), { method: 'DELETE', url }),
      call(await t.as('pivot', { organisationId: keeper }), { method: 'DELETE', url }),
    ]);
    const codes = [first.statusCode, second.statusCode].sort();
    expect(codes[0]).toBe(204);
    // The loser is told: it changed in between (409), or it is gone already (404) when the two ran in turn.
    expect([404, 409]).toContain(codes[1]);
    const entries = await t.platform.db
      .selectFrom('audit_log')
      .select('seq')
      .where('action', '=', 'resources.service_location.delete')
      .where('target_id', '=', place.serviceId)
      .execute();
    expect(entries).toHaveLength(1);
  });

  it('refuses an organisation edit on a stale version', async () => {
    const keeper = await t.createOrganisation();
    const organisationId = await createResourceOrganisation(t, { keeper });
    const coordinator = await t.as('org_coordinator', { organisationId: keeper });
    const edit = (name: string) =>
      call(coordinator, {
        method: 'PUT',
        url: `/api/resources/organisations/${organisationId}`,
        payload: { name, keeperOrganisationId: keeper, public: true, version: 1 },
      });
    expect((await edit('Organisme fictif A')).json()).toMatchObject({
      name: 'Organisme fictif A',
      version: 2,
      canKeep: true,
    });
    expect((await edit('Organisme fictif B')).statusCode).toBe(409);
  });
});

describe('stale entries', () => {
  it('lists our entries stale first; confirming resets the flag', async () => {
    const keeper = await t.createOrganisation();
    const organisationId = await createResourceOrganisation(t, { keeper });
    const fresh = await createService(t, { organisationId, keeper, name: 'Frais' });
    const old = await createService(t, {
      organisationId,
      keeper,
      name: 'Ancien',
      confirmedAt: new Date('2025-10-01T12:00:00Z'),
    });
    const pivot = await t.as('pivot', { organisationId: keeper });
    const kept = await call(pivot, { method: 'GET', url: '/api/resources/kept' });
    expect(kept.statusCode).toBe(200);
    expect(kept.json().items.map((i: { id: string; stale: boolean }) => [i.id, i.stale])).toEqual([
      [old, true],
      [fresh, false],
    ]);
    const confirmed = await call(pivot, {
      method: 'POST',
      url: `/api/resources/services/${old}/confirm`,
      payload: { version: 1 },
    });
    expect(confirmed.json()).toMatchObject({ stale: false, confirmedAt: NOW.toISOString() });
  });

  it('flags each stale service once and tells its keepers in one notification per keeper', async () => {
    // Only this test's services are stale past the longest period (730 days), so earlier tests' rows stay out.
    const table = await t.as('table_coordinator');
    expect(
      (
        await table.inject({
          method: 'PUT',
          url: '/api/resources/settings',
          payload: { staleAfterDays: 730 },
        })
      ).statusCode,
    ).toBe(200);
    const keeper = await t.createOrganisation();
    const coordinator = await t.createPerson({ roles: ['org_coordinator'], organisationId: keeper });
    const pivot = await t.createPerson({ roles: ['pivot'], organisationId: keeper });
    const worker = await t.createPerson({ roles: ['worker'], organisationId: keeper });
    const organisationId = await createResourceOrganisation(t, { keeper });
    const longAgo = new Date('2024-01-01T12:00:00Z');
    const a = await createService(t, { organisationId, keeper, confirmedAt: longAgo });
    const b = await createService(t, { organisationId, keeper, confirmedAt: longAgo });
    await createService(t, { organisationId, keeper, confirmedAt: longAgo, status: 'defunct' });
    const tableKept = await createService(t, { organisationId, keeper: null, confirmedAt: longAgo });

    expect(await flagStaleServices(t.platform)).toBe(3);
    expect(await flagStaleServices(t.platform)).toBe(0);
    await t.platform.notifier.settled();
    const notes = await t.platform.db
      .selectFrom('notifications')
      .select(['person_id', 'kind', 'params'])
      .where('kind', '=', 'resources.stale')
      .execute();
    const of = (id: string) => notes.filter((n) => n.person_id === id);
    expect(of(coordinator.id)).toHaveLength(1);
    expect(of(coordinator.id)[0]!.params).toMatchObject({ count: 2 });
    expect(of(pivot.id)).toHaveLength(1);
    expect(of(worker.id)).toHaveLength(0);
    expect(of(table.person.id)).toHaveLength(1);
    const flagged = await t.platform.db
      .selectFrom('resource_services')
      .select(['id'])
      .where('stale_notified_at', 'is not', null)
      .execute();
    expect(flagged.map((r) => r.id).sort()).toEqual([a, b, tableKept].sort());
    expect((await lastAudit('resources.stale_entries.flag'))?.entry).toBeTruthy();
    await table.inject({ method: 'PUT', url: '/api/resources/settings', payload: { staleAfterDays: 182 } });
  });
});

describe('settings', () => {
  it('are read by every member and changed by the table coordination only, within range', async () => {
    const worker = await t.as('worker');
    expect((await worker.inject({ method: 'GET', url: '/api/resources/settings' })).json()).toMatchObject({
      staleAfterDays: 182,
      canEdit: false,
    });
    const table = await t.as('table_coordinator');
    const bad = await table.inject({
      method: 'PUT',
      url: '/api/resources/settings',
      payload: { staleAfterDays: 5 },
    });
    expect(bad.statusCode).toBe(400);
    expect(
      (
        await worker.inject({
          method: 'PUT',
          url: '/api/resources/settings',
          payload: { staleAfterDays: 90 },
        })
      ).statusCode,
    ).toBe(403);
  });
});

// Last: every answer above went through `call`.
describe('no leak', () => {
  it('never leaks the sealed street in any other answer of these tests', () => {
    expect(seen.length).toBeGreaterThan(20);
    expect(seen.filter((body) => body.includes(SEALED_STREET))).toEqual([]);
  });
});

describe('bad input that looks almost right', () => {
  it('answers a translated 400 to a version past PostgreSQL’s integers, a blank phone, a blank purpose or a blank sealed street, and stores nothing', async () => {
    const org = await t.createOrganisation();
    const pivot = await t.as('pivot', { organisationId: org });
    const place = await createSafePlace(t, org);

    const huge = await call(pivot, {
      method: 'POST',
      url: `/api/resources/services/${place.serviceId}/confirm`,
      payload: { version: 99_999_999_999 },
    });
    expect(huge.statusCode, huge.body).toBe(400);

    const phones = await call(pivot, {
      method: 'PUT',
      url: `/api/resources/services/${place.serviceId}/phones`,
      payload: { version: 1, phones: [{ number: ' 1 ' }] },
    });
    expect(phones.statusCode, phones.body).toBe(400);
    expect(phones.json().error.details).toEqual([expect.objectContaining({ field: 'phones.0.number' })]);
    const stored = await t.platform.db
      .selectFrom('resource_services')
      .select('version')
      .where('id', '=', place.serviceId)
      .executeTakeFirstOrThrow();
    expect(stored.version).toBe(1);

    const before = await t.platform.db
      .selectFrom('audit_log')
      .select(({ fn }) => fn.countAll<number>().as('n'))
      .where('action', '=', 'resources.location.reveal')
      .executeTakeFirstOrThrow();
    const blank = await call(pivot, {
      method: 'POST',
      url: `/api/resources/locations/${place.locationId}/reveal`,
      payload: { purpose: '     ' },
    });
    expect(blank.statusCode, blank.body).toBe(400);
    expect(blank.body).not.toContain(SEALED_STREET);
    const after = await t.platform.db
      .selectFrom('audit_log')
      .select(({ fn }) => fn.countAll<number>().as('n'))
      .where('action', '=', 'resources.location.reveal')
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));

    const sealed = await call(pivot, {
      method: 'POST',
      url: '/api/resources/locations',
      payload: {
        organisationId: place.organisationId,
        confidential: true,
        sealedAddress: { address1: '   ' },
        frontGateFr: 'Passer par la ligne d’accueil fictive.',
      },
    });
    expect(sealed.statusCode, sealed.body).toBe(400);
  });

  it('keeps an organisation’s other name and partner when an edit does not send them', async () => {
    const org = await t.createOrganisation();
    const coordinator = await t.as('table_coordinator');
    const id = await createResourceOrganisation(t, { keeper: org });
    await t.platform.db
      .updateTable('resource_organisations')
      .set({ alternate_name: 'Les Saules fictifs', partner_organisation_id: org })
      .where('id', '=', id)
      .execute();
    const edited = await call(coordinator, {
      method: 'PUT',
      url: `/api/resources/organisations/${id}`,
      payload: { name: 'Maison fictive renommée', keeperOrganisationId: org, version: 1 },
    });
    expect(edited.statusCode, edited.body).toBe(200);
    const row = await t.platform.db
      .selectFrom('resource_organisations')
      .select(['name', 'alternate_name', 'partner_organisation_id'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      name: 'Maison fictive renommée',
      alternate_name: 'Les Saules fictifs',
      partner_organisation_id: org,
    });
  });
});

describe('saving a service with its phones and hours', () => {
  it('saves them in one transaction, and a refused phone line leaves the service as it was', async () => {
    const org = await t.createOrganisation();
    const pivot = await t.as('pivot', { organisationId: org });
    const organisationId = await createResourceOrganisation(t, { keeper: org });
    const created = await call(pivot, {
      method: 'POST',
      url: '/api/resources/services',
      payload: {
        ...serviceBody(organisationId, org),
        phones: [{ number: '514 555-0142' }],
        schedules: [{ weekday: 1, opensAt: '09:00', closesAt: '17:00' }],
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const service = created.json();
    expect(service.phones.map((p: { number: string }) => p.number)).toEqual(['514 555-0142']);
    expect(service.schedules).toHaveLength(1);

    const refused = await call(pivot, {
      method: 'PUT',
      url: `/api/resources/services/${service.id}`,
      payload: {
        ...Object.fromEntries(
          Object.entries(serviceBody(organisationId, org)).filter(([k]) => k !== 'organisationId'),
        ),
        nameFr: 'Nom qui ne doit pas rester',
        phones: [{ number: ' 1 ' }],
        version: service.version,
      },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details[0]).toMatchObject({ field: 'phones.0.number', rule: 'required' });
    const after = await call(pivot, { method: 'GET', url: `/api/resources/services/${service.id}` });
    expect(after.json()).toMatchObject({ name: service.name, version: service.version });
    expect(after.json().phones).toHaveLength(1);
  });
});

describe('web addresses', () => {
  it('takes only http and https addresses for a service or an organisation', async () => {
    const org = await t.createOrganisation();
    const pivot = await t.as('pivot', { organisationId: org });
    const organisationId = await createResourceOrganisation(t, { keeper: org });
    for (const url of ['javascript:alert(1)', 'data:text/html,x', 'JAVASCRIPT://%0aalert(1)']) {
      const refused = await call(pivot, {
        method: 'POST',
        url: '/api/resources/services',
        payload: { ...serviceBody(organisationId, org), url },
      });
      expect(refused.statusCode, url).toBe(400);
      const organisation = await call(pivot, {
        method: 'POST',
        url: '/api/resources/organisations',
        payload: { name: 'Organisme fictif', keeperOrganisationId: org, website: url },
      });
      expect(organisation.statusCode, url).toBe(400);
    }
    const accepted = await call(pivot, {
      method: 'POST',
      url: '/api/resources/services',
      payload: { ...serviceBody(organisationId, org), url: 'https://exemple.invalid/service' },
    });
    expect(accepted.statusCode, accepted.body).toBe(201);
  });
});

import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { RESOURCE_TAXONOMY } from '../../../shared/contracts/resources.values.js';
import type { DemoContext } from '../../demo/demo-modules.js';
import { resourcesDemo } from './resources.demo.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

it('loads about 60 fictional services over the whole taxonomy, three safe places with sealed addresses, some stale', async () => {
  const maison = await t.createOrganisation({ type: 'community', name: 'Maison fictive (démo)' });
  const cal = await t.createOrganisation({ type: 'community', name: 'Refuge fictif (démo)' });
  const staff = await t.createPerson({ roles: ['worker'], organisationId: maison });
  let seed = 7;
  const context: DemoContext = {
    region: 'Région fictive',
    random: () => {
      seed = (seed * 16807) % 2147483647;
      return (seed - 1) / 2147483646;
    },
    organisations: [
      { key: 'maison', id: maison, name: 'Maison fictive (démo)', type: 'community' },
      { key: 'cal', id: cal, name: 'Refuge fictif (démo)', type: 'community' },
    ],
    people: [],
  };
  const summary = await t.platform.db
    .transaction()
    .execute((trx) => resourcesDemo.load(t.platform, trx, context));
  expect(summary).toMatch(/^60 fictional services \(3 safe places, \d+ stale\)/);

  const services = await t.platform.db
    .selectFrom('resource_services')
    .select(['id', 'name_fr', 'taxonomy', 'safe_place', 'keeper_organisation_id', 'confirmed_at'])
    .execute();
  expect(services).toHaveLength(60);
  expect(services.every((s) => s.name_fr.includes('fictif'))).toBe(true);
  const covered = new Set(services.flatMap((s) => s.taxonomy));
  expect(RESOURCE_TAXONOMY.filter((code) => !covered.has(code))).toEqual([]);
  const safePlaces = services.filter((s) => s.safe_place);
  expect(safePlaces).toHaveLength(3);
  const staleBefore = new Date(t.platform.now().getTime() - 182 * 86_400_000);
  expect(services.filter((s) => s.confirmed_at < staleBefore).length).toBeGreaterThan(3);

  // The house's staff see its safe place's count and front gate, and open its address with a purpose.
  const own = safePlaces.find((s) => s.keeper_organisation_id === maison)!;
  const agent = await t.signIn(staff);
  const page = await agent.inject({ method: 'GET', url: `/api/resources/services/${own.id}` });
  expect(page.statusCode).toBe(200);
  const at = page.json().locations[0];
  expect(at.capacity).toMatchObject({ available: 2, maximum: 6 });
  expect(at.location).toMatchObject({ confidential: true, address1: null, canReveal: true });
  expect(page.body).not.toContain('Refuge-Fictif');
  const revealed = await agent.inject({
    method: 'POST',
    url: `/api/resources/locations/${at.location.id}/reveal`,
    payload: { purpose: 'Démonstration' },
  });
  expect(revealed.json().address1).toContain('chemin du Refuge-Fictif');
});

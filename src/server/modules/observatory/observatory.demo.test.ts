import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { demoContext } from '../../../../test/support/demo.js';
import { observatoryDemo } from './observatory.demo.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

it('holds 300 observations over three years, 40 terms, platforms, pending reviews and a question', async () => {
  const organisations = await Promise.all(
    (['maison', 'ecole'] as const).map(async (key) => ({
      key,
      id: await t.createOrganisation({ type: 'community' }),
      name: `Organisation fictive ${key}`,
      type: 'community' as const,
    })),
  );
  const pivots = await Promise.all(
    organisations.map((o) => t.createPerson({ roles: ['pivot'], organisationId: o.id })),
  );
  const table = await t.createPerson({ roles: ['table_coordinator'] });
  const researcher = await t.createPerson({ roles: ['researcher'] });
  const context = demoContext({ seed: 7, organisations, people: [...pivots, table, researcher] });
  const summary = await t.platform.db
    .transaction()
    .execute((trx) => observatoryDemo.load(t.platform, trx, context));
  expect(summary).toMatch(/^300 observations over three years/);

  const rows = await t.platform.db.selectFrom('observations').selectAll().execute();
  expect(rows).toHaveLength(300);
  expect(new Set(rows.map((r) => r.month.slice(0, 4))).size).toBeGreaterThanOrEqual(3);
  expect(new Set(rows.map((r) => r.month)).size).toBeGreaterThan(24);
  expect(new Set(rows.map((r) => r.place_type)).size).toBe(9);
  expect(new Set(rows.map((r) => r.author_id))).toEqual(new Set(pivots.map((p) => p.id)));
  expect(rows.filter((r) => r.text_status === 'pending').length).toBeGreaterThan(0);

  const terms = await t.platform.db.selectFrom('glossary_terms').selectAll().execute();
  expect(terms).toHaveLength(40);
  expect(terms.every((term) => term.meaning_fr && term.meaning_en)).toBe(true);
  expect(await t.platform.db.selectFrom('research_questions').selectAll().execute()).toHaveLength(1);

  // The table reads the demo through the routes: trends and pending reviews.
  const agent = await t.signIn(table);
  const trends = await agent.inject({
    method: 'GET',
    url: '/api/observatory/trends?dimension=place_type&period=quarter',
  });
  expect(trends.statusCode).toBe(200);
  expect(trends.json().total).toBeGreaterThan(0);
  const reviews = (await agent.inject({ method: 'GET', url: '/api/observatory/reviews' })).json();
  expect(reviews.total).toBe(rows.filter((r) => r.text_status === 'pending').length);
  expect(reviews.items[0].text.length).toBeGreaterThan(10);
});

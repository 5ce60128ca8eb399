import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { demoContext } from '../../../../test/support/demo.js';
import { CONSULTATION_STATUSES } from '../../../shared/contracts/consultations.values.js';
import { findIdentifiers } from '../../../shared/deidentify.js';
import { consultationsDemo, DEMO_PIVOT_EMAIL, DEMO_TEXTS } from './consultations.demo.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

it('writes only texts the de-identification checker passes', () => {
  for (const text of DEMO_TEXTS) expect(findIdentifiers(text), text).toEqual([]);
});

it('holds forty consultations in every state, readable by their askers and pivots', async () => {
  const organisations = await Promise.all(
    (['dpj', 'maison', 'css1'] as const).map(async (key) => ({
      key,
      id: await t.createOrganisation({ type: 'community', region: 'Région fictive' }),
      name: `Organisation fictive ${key}`,
      type: 'community' as const,
    })),
  );
  const people = [];
  for (const organisation of organisations) {
    // Two pivots in each organisation, the demo account pivot@cjtl.test in the last one: routing alone
    // (own organisation first, three at most) would rarely reach it.
    for (const n of [1, 2]) {
      const pivot = await t.createPerson({
        roles: ['pivot'],
        organisationId: organisation.id,
        ...(organisation.key === 'css1' && n === 2 ? { email: DEMO_PIVOT_EMAIL } : {}),
      });
      await t.platform.db
        .insertInto('pivot_mandates')
        .values({
          person_id: pivot.id,
          organisation_id: organisation.id,
          start_on: '2020-01-01',
          languages: ['fr'],
        })
        .execute();
      people.push(pivot);
    }
    people.push(await t.createPerson({ roles: ['worker'], organisationId: organisation.id }));
  }
  const demoPivot = people.find((p) => p.email === DEMO_PIVOT_EMAIL)!;
  const context = demoContext({ seed: 7, organisations, people });
  const summary = await t.platform.db
    .transaction()
    .execute((trx) => consultationsDemo.load(t.platform, trx, context));
  expect(summary).toBe('40 consultations (every state), 6 know-how entries');
  const rows = await t.platform.db.selectFrom('consultations').selectAll().execute();
  expect(rows).toHaveLength(40);
  expect(new Set(rows.map((r) => r.status))).toEqual(new Set(CONSULTATION_STATUSES));
  expect(rows.filter((r) => r.unrouted)).toHaveLength(2);
  expect(rows.filter((r) => r.escalated_at !== null)).toHaveLength(4);
  expect(rows.filter((r) => r.destroyed_at !== null && r.sealed_texts === null)).toHaveLength(2);
  expect(rows.filter((r) => r.knowledge_id !== null)).toHaveLength(6);
  // Every consultation still waiting for a pivot waits for the demo account pivot@cjtl.test too.
  const waiting = rows.filter((r) => r.status === 'open' && !r.unrouted);
  expect(waiting.length).toBeGreaterThanOrEqual(6);
  const askedDemoPivot = await t.platform.db
    .selectFrom('consultation_recipients')
    .select('consultation_id')
    .where('person_id', '=', demoPivot.id)
    .execute();
  for (const row of waiting) expect(askedDemoPivot.map((r) => r.consultation_id)).toContain(row.id);
  // An asker reads their answered consultation with its thread.
  const answered = rows.find((r) => r.status === 'taken' && r.first_answer_at !== null)!;
  const asker = await t.signIn(people.find((p) => p.id === answered.asker_person_id)!);
  const detail = (await asker.inject({ method: 'GET', url: `/api/consultations/${answered.id}` })).json();
  expect(detail.texts.question.length).toBeGreaterThan(10);
  expect(detail.messages).toHaveLength(2);
  const lead = await t.signIn(people.find((p) => p.id === answered.lead_person_id)!);
  expect(
    (await lead.inject({ method: 'GET', url: `/api/consultations/${answered.id}` })).json().may.close,
  ).toBe(true);
  const search = (await asker.inject({ method: 'GET', url: '/api/knowledge?q=garcons' })).json();
  expect(search.total).toBeGreaterThanOrEqual(1);
});

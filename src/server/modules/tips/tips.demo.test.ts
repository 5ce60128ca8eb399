import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { demoContext } from '../../../../test/support/demo.js';
import { openFollowUp } from './follow-up.service.js';
import { DEMO_RECEIPT, tipsDemo } from './tips.demo.js';
import { receivingServiceId } from './tips.line.service.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

it('loads fictional tips the demo’s analysts and investigators can work with', async () => {
  const police = await t.createOrganisation({ type: 'police', name: 'Police fictive (démo)' });
  const analyst = await t.createPerson({ roles: ['police_analyst'], organisationId: police });
  const investigator = await t.createPerson({ roles: ['investigator'], organisationId: police });
  const context = demoContext({
    seed: 11,
    organisations: [{ key: 'police', id: police, name: 'Police fictive (démo)', type: 'police' }],
    people: [analyst, investigator],
  });
  const summary = await t.platform.db.transaction().execute((trx) => tipsDemo.load(t.platform, trx, context));
  expect(summary).toContain('14');
  // The demo's police service receives the public line: the form is open.
  expect(await receivingServiceId(t.platform)).toBe(police);
  expect((await t.app.inject({ method: 'GET', url: '/signalement' })).body).toContain('name="token"');
  const agent = await t.signIn(analyst);
  const queue = await agent.inject({ method: 'GET', url: '/api/tips' });
  expect(queue.json().items).toHaveLength(14);
  const investigatorQueue = await (await t.signIn(investigator)).inject({ method: 'GET', url: '/api/tips' });
  expect(investigatorQueue.json().items.length).toBeGreaterThan(0);
  const view = await openFollowUp(t.platform, DEMO_RECEIPT);
  expect(view.questions).toHaveLength(1);
});

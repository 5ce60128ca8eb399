import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { demoContext } from '../../../../test/support/demo.js';
import { alertsDemo } from './alerts.demo.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

it('loads a youth centre’s fictional profiles, past facts and one open alert the police can read', async () => {
  const centre = await t.createOrganisation({
    type: 'youth_protection',
    name: 'Centre jeunesse fictif (démo)',
  });
  const police = await t.createOrganisation({ type: 'police', name: 'Police fictive (démo)' });
  const coordinator = await t.createPerson({ roles: ['org_coordinator'], organisationId: centre });
  const analyst = await t.createPerson({ roles: ['police_analyst'], organisationId: police });
  const context = demoContext({
    seed: 7,
    organisations: [
      { key: 'dpj', id: centre, name: 'Centre jeunesse fictif (démo)', type: 'youth_protection' },
      { key: 'police', id: police, name: 'Police fictive (démo)', type: 'police' },
    ],
    people: [coordinator, analyst],
  });
  const summary = await t.platform.db
    .transaction()
    .execute((trx) => alertsDemo.load(t.platform, trx, context));
  expect(summary).toContain('12 fictional profiles');
  const centreAgent = await t.signIn(coordinator);
  const profiles = await centreAgent.inject({ method: 'GET', url: '/api/alerts/profiles' });
  expect(profiles.json().items).toHaveLength(12);
  const archived = await centreAgent.inject({ method: 'GET', url: '/api/alerts/profiles?status=archived' });
  expect(archived.json().items).toEqual([
    expect.objectContaining({ displayName: 'Elliot Fictif-Bergeron', archiveReason: 'other' }),
  ]);
  const archivedDetail = await centreAgent.inject({
    method: 'GET',
    url: `/api/alerts/profiles/${archived.json().items[0].id}?purpose=D%C3%A9monstration`,
  });
  expect(archivedDetail.json().archiveReasonDetail).toContain('famille d’accueil');
  const policeAgent = await t.signIn(analyst);
  const alerts = await policeAgent.inject({ method: 'GET', url: '/api/alerts?status=open' });
  expect(alerts.json().items).toHaveLength(1);
  const alert = await policeAgent.inject({
    method: 'GET',
    url: `/api/alerts/${alerts.json().items[0].id}?purpose=D%C3%A9monstration`,
  });
  expect(alert.json().content.givenName).toBe('Maëlie');
  const figures = await (await t.as('table_coordinator')).inject({
    method: 'GET',
    url: '/api/alerts/figures',
  });
  expect(figures.json().closedAlerts).toBe(18);
  expect(figures.json().medianMinutesToPoliceAck).not.toBeNull();
});

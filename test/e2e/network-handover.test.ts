import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestPerson } from '../support/app.js';
import {
  browserTestsEnabled,
  expectAccessible,
  launchBrowser,
  openPage,
  startTestServer,
  type TestServer,
} from '../support/browser.js';

// An organisation coordinator replaces a leaving pivot and hands their open work over to a successor,
// in one step, from the organisation's network page; the network screens pass axe.

const h1 = (page: Page, name: string) => page.getByRole('heading', { level: 1, name, exact: true });
const ORGANISATION = 'Maison fictive de la Rivière-aux-Hérons';

describe.skipIf(!browserTestsEnabled())('network: replacing a pivot with a hand-over (Chromium)', () => {
  let server: TestServer;
  let browser: Browser;
  let coordinator: TestPerson;
  let leaving: TestPerson;
  let successor: TestPerson;
  let organisationId: string;
  let mandateId: string;
  const assignments = new Map<string, string>();

  beforeAll(async () => {
    const starting = await Promise.allSettled([startTestServer(), launchBrowser()]);
    if (starting[0].status === 'fulfilled') server = starting[0].value;
    if (starting[1].status === 'fulfilled') browser = starting[1].value;
    for (const outcome of starting) if (outcome.status === 'rejected') throw outcome.reason;

    // Open work of another module, as the alert and referral modules will register theirs.
    server.platform.handover.register({
      key: 'journey_cases',
      async countOpen(_db, personId) {
        return [...assignments.values()].filter((p) => p === personId).length;
      },
      async transfer(_trx, { fromPersonId, toPersonId }) {
        let moved = 0;
        for (const [item, person] of assignments) {
          if (person === fromPersonId) {
            assignments.set(item, toPersonId);
            moved += 1;
          }
        }
        return moved;
      },
    });

    organisationId = await server.createOrganisation({ name: ORGANISATION, type: 'community' });
    coordinator = await server.createPerson({
      organisationId,
      roles: ['org_coordinator'],
      givenName: 'Odile',
      familyName: 'Coordination-Fictive',
    });
    leaving = await server.createPerson({
      organisationId,
      roles: ['worker'],
      givenName: 'Paul',
      familyName: 'Partant-Fictif',
    });
    successor = await server.createPerson({
      organisationId,
      roles: ['worker'],
      givenName: 'Rita',
      familyName: 'Relève-Fictive',
    });
    const agent = await server.signIn(coordinator);
    const named = await agent.inject({
      method: 'POST',
      url: '/api/network/mandates',
      payload: {
        personId: leaving.id,
        organisationId,
        startOn: '2025-09-01',
        expertise: ['boys', 'schools'],
        languages: ['fr', 'en'],
        prerequisiteCompletedOn: '2025-10-15',
      },
    });
    expect(named.statusCode, named.body).toBe(201);
    mandateId = named.json().id;
    const contact = await agent.inject({
      method: 'POST',
      url: `/api/network/organisations/${organisationId}/contacts`,
      payload: { name: 'Accueil fictif', role: 'Accueil', email: 'accueil@maison.test', phone: '555-0199' },
    });
    expect(contact.statusCode).toBe(201);
    const table = await server.signIn(await server.createPerson({ roles: ['table_coordinator'] }));
    expect(
      (
        await table.inject({
          method: 'PUT',
          url: `/api/network/organisations/${organisationId}/target`,
          payload: { target: 2 },
        })
      ).statusCode,
    ).toBe(200);
    expect(
      (
        await table.inject({
          method: 'PUT',
          url: `/api/network/organisations/${organisationId}/contributions`,
          payload: { mandates: ['service_trajectory'], functions: ['prevention', 'accompaniment'] },
        })
      ).statusCode,
    ).toBe(200);
    assignments.set('case-a', leaving.id);
    assignments.set('case-b', leaving.id);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('an organisation coordinator replaces a pivot and hands over their open work', async () => {
    const page = await openPage(browser, server, { as: coordinator });
    await page.goto('/reseau');
    await h1(page, 'Répertoire du réseau').waitFor();
    await page.getByRole('rowheader', { name: /Paul Partant-Fictif/ }).waitFor();
    await expectAccessible(page, 'network directory');

    await page.getByRole('link', { name: ORGANISATION }).first().click();
    await h1(page, ORGANISATION).waitFor();
    await page.getByText('Sous la cible : 1 pivot(s) formé(s) actif(s) pour une cible de 2.').waitFor();
    await expectAccessible(page, 'organisation network page');

    await page.getByText('Gérer le mandat de Paul Partant-Fictif').click();
    await page.getByRole('link', { name: 'Remplacer Paul Partant-Fictif' }).click();
    await h1(page, 'Remplacer Paul Partant-Fictif').waitFor();
    await page.getByText('journey_cases : 2').waitFor();
    await expectAccessible(page, 'replace a pivot');

    await page.getByLabel('Personne qui prend la relève').selectOption({ label: 'Rita Relève-Fictive' });
    expect(await page.getByLabel('Transférer tous les dossiers ouverts à la relève (2)').isChecked()).toBe(
      true,
    );
    await page.getByRole('button', { name: 'Remplacer et transférer' }).click();

    await h1(page, ORGANISATION).waitFor();
    await page.getByText('Remplacement enregistré : la relève a reçu les dossiers ouverts.').waitFor();
    await page.getByRole('rowheader', { name: /Rita Relève-Fictive/ }).waitFor();

    expect(assignments.get('case-a')).toBe(successor.id);
    expect(assignments.get('case-b')).toBe(successor.id);
    const mandates = await server.platform.db
      .selectFrom('pivot_mandates')
      .select(['id', 'person_id', 'end_on', 'successor_mandate_id'])
      .where('organisation_id', '=', organisationId)
      .execute();
    const old = mandates.find((m) => m.id === mandateId)!;
    expect(old.end_on).not.toBeNull();
    expect(mandates.find((m) => m.id === old.successor_mandate_id)?.person_id).toBe(successor.id);
  });

  it('the coverage matrix passes axe, also on a phone', async () => {
    const page = await openPage(browser, server, { as: coordinator, viewport: { width: 375, height: 740 } });
    await page.goto('/reseau/couverture');
    await h1(page, 'Couverture du réseau').waitFor();
    await page.getByRole('table', { name: /Matrice de couverture/ }).waitFor();
    await expectAccessible(page, 'coverage matrix');
    await page.goto(`/reseau/organisations/${organisationId}`);
    await h1(page, ORGANISATION).waitFor();
    await expectAccessible(page, 'organisation network page on a phone');
  });

  it('the table coordination’s forms on the organisation page pass axe', async () => {
    const tableCoordinator = await server.createPerson({ roles: ['table_coordinator'] });
    const page = await openPage(browser, server, { as: tableCoordinator });
    await page.goto(`/reseau/organisations/${organisationId}`);
    await h1(page, ORGANISATION).waitFor();
    for (const summary of await page.locator('summary').all()) await summary.click();
    await page.getByLabel('Signataires').waitFor();
    await expectAccessible(page, 'organisation network page with every form open');
  });
});

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createResourceOrganisation,
  createSafePlace,
  createService,
  SEALED_STREET,
} from '../../src/server/modules/resources/directory.fixtures.js';
import type { TestPerson } from '../support/app.js';
import {
  browserTestsEnabled,
  expectAccessible,
  launchBrowser,
  openPage,
  startTestServer,
  type TestServer,
} from '../support/browser.js';

// A safe place's worker, on a phone, takes a place in one tap and opens the sealed address with a
// purpose; the keeper's pivot confirms a stale entry from "our entries" and opens the edit forms. The
// directory's screens pass axe.

const h1 = (page: Page, name: string) => page.getByRole('heading', { level: 1, name, exact: true });

describe.skipIf(!browserTestsEnabled())('resources: keeping the directory (Chromium)', () => {
  let server: TestServer;
  let browser: Browser;
  let worker: TestPerson;
  let pivot: TestPerson;
  let place: Awaited<ReturnType<typeof createSafePlace>>;
  let staleId: string;
  let tilleul: string;

  beforeAll(async () => {
    const starting = await Promise.allSettled([startTestServer(), launchBrowser()]);
    if (starting[0].status === 'fulfilled') server = starting[0].value;
    if (starting[1].status === 'fulfilled') browser = starting[1].value;
    for (const outcome of starting) if (outcome.status === 'rejected') throw outcome.reason;
    const keeper = await server.createOrganisation({ name: 'Maison fictive des Saules', type: 'community' });
    worker = await server.createPerson({ organisationId: keeper, roles: ['worker'], givenName: 'Wanda' });
    pivot = await server.createPerson({ organisationId: keeper, roles: ['pivot'], givenName: 'Pia' });
    place = await createSafePlace(server, keeper, { available: 2, maximum: 5 });
    tilleul = await createResourceOrganisation(server, {
      keeper,
      name: 'Organisme fictif Tilleul',
    });
    staleId = await createService(server, {
      organisationId: tilleul,
      keeper,
      name: 'Thérapie fictive ancienne',
      confirmedAt: new Date(Date.now() - 300 * 86_400_000),
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('a safe place’s worker takes a place in one tap and opens the sealed address with a purpose', async () => {
    const page = await openPage(browser, server, { as: worker, viewport: { width: 390, height: 844 } });
    await page.goto(`/repertoire/services/${place.serviceId}`);
    await h1(page, 'Hébergement sûr fictif').waitFor();
    await page.getByText('2 place(s) libre(s) sur 5').waitFor();
    expect(await page.content()).not.toContain(SEALED_STREET);
    await expectAccessible(page, 'service page');

    await page.getByRole('button', { name: 'Une place de moins (−1)' }).click();
    await page.getByText('1 place(s) libre(s) sur 5').waitFor();
    await page.getByRole('status').getByText('Places libres : 1.').waitFor();

    await page.getByText('Voir l’adresse').click();
    await page.getByLabel('Pourquoi avez-vous besoin de l’adresse?').fill('Accompagner une jeune fictive');
    await page.getByRole('button', { name: 'Afficher l’adresse' }).click();
    await page.getByText(SEALED_STREET).waitFor();

    await page.getByText('Indiquer le nombre de places libres').click();
    await page.getByLabel('Places libres', { exact: true }).fill('4');
    await page.getByRole('button', { name: 'Enregistrer le nombre' }).click();
    await page.getByText('4 place(s) libre(s) sur 5').waitFor();
    await expectAccessible(page, 'service page with the address open');
  });

  it('the keeper’s pivot confirms a stale entry and opens the edit forms', async () => {
    const page = await openPage(browser, server, { as: pivot });
    await page.goto('/repertoire');
    await h1(page, 'Ressources d’aide').waitFor();
    await expectAccessible(page, 'resources hub');
    await page.getByRole('link', { name: 'Nos fiches' }).click();
    await h1(page, 'Nos fiches').waitFor();
    await page.getByText('1 fiche à confirmer.').waitFor();
    await expectAccessible(page, 'our entries');
    await page.getByRole('button', { name: 'Confirmer « Thérapie fictive ancienne »' }).click();
    await page.getByText('« Thérapie fictive ancienne » est confirmée.').waitFor();
    await page.getByText('0 fiche à confirmer.').waitFor();

    await page.goto(`/repertoire/services/${staleId}/modifier`);
    await h1(page, 'Modifier : Thérapie fictive ancienne').waitFor();
    await expectAccessible(page, 'service edit form');
    await page.getByRole('button', { name: 'Ajouter une plage horaire' }).click();
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await h1(page, 'Thérapie fictive ancienne').waitFor();
    await page.getByText('Lundi : 09:00 – 17:00').waitFor();

    await page.goto(`/repertoire/organisations/${tilleul}`);
    await h1(page, 'Organisme fictif Tilleul').waitFor();
    await page.getByText('Ajouter un lieu').click();
    await page.getByLabel('Adresse confidentielle (lieu sûr)', { exact: false }).check();
    await page.getByLabel('Adresse (scellée)').fill('3 impasse Fictive');
    await page.getByLabel('Ville').fill('Villefictive');
    await page.getByRole('button', { name: 'Enregistrer le lieu' }).click();
    await page.getByRole('alert').getByText('Porte d’entrée (français)', { exact: false }).waitFor();
    await expectAccessible(page, 'organisation page with the location form and its error');
    await page.getByLabel('Adresse confidentielle (lieu sûr)', { exact: false }).uncheck();
    await page.getByLabel('Nom du lieu').fill('Bureau fictif du Tilleul');
    await page.getByRole('button', { name: 'Enregistrer le lieu' }).click();
    await page.getByText('Lieu ajouté.').waitFor();

    await page.goto(`/repertoire/services/${staleId}/modifier`);
    await page
      .getByLabel('Offrir le service à un lieu')
      .selectOption({ label: 'Bureau fictif du Tilleul, Villefictive' });
    await page.getByRole('button', { name: 'Ajouter ce lieu au service' }).click();
    await page.getByRole('button', { name: 'Retirer le lieu Bureau fictif du Tilleul' }).waitFor();
    await expectAccessible(page, 'service edit form with a location');

    await page.goto('/repertoire/organisations/nouvelle');
    await h1(page, 'Ajouter une organisation').waitFor();
    await expectAccessible(page, 'new organisation');
  });
});

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addLocation,
  addSchedule,
  createService,
} from '../../src/server/modules/resources/search.fixtures.js';
import type { TestPerson } from '../support/app.js';
import {
  browserTestsEnabled,
  expectAccessible,
  launchBrowser,
  openPage,
  startTestServer,
  type TestServer,
} from '../support/browser.js';

// A pivot searches the directory in the staff app; anyone reads the public directory without a session.

const h1 = (page: Page, name: string) => page.getByRole('heading', { level: 1, name, exact: true });

describe.skipIf(!browserTestsEnabled())('the directory search (Chromium, axe)', () => {
  let server: TestServer;
  let browser: Browser;
  let pivot: TestPerson;
  let shelterId: string;

  beforeAll(async () => {
    const starting = await Promise.allSettled([startTestServer(), launchBrowser()]);
    if (starting[0].status === 'fulfilled') server = starting[0].value;
    if (starting[1].status === 'fulfilled') browser = starting[1].value;
    for (const outcome of starting) if (outcome.status === 'rejected') throw outcome.reason;

    pivot = await server.createPerson({ roles: ['pivot'], givenName: 'Paule', familyName: 'Pivot-Fictive' });
    const p = server.platform;
    shelterId = await createService(p, {
      name_fr: 'Maison d’hébergement Fictive-Aurore',
      description_fr: 'Un toit sécuritaire pour les adolescentes.',
      taxonomy: ['safe_place', 'housing'],
      audiences: ['youth'],
      languages: ['fr', 'en'],
      min_age: 12,
      max_age: 17,
      safe_place: true,
      always_open: true,
    });
    await addLocation(
      p,
      shelterId,
      { confidential: true, city: 'Ville-Cachée', front_gate_fr: 'Appelez l’accueil fictif au 555-0199.' },
      { available: 2, maximum: 6, updatedAt: new Date(Date.now() - 3 * 3_600_000) },
    );
    const clinic = await createService(p, {
      name_fr: 'Clinique de sexologie Fictive',
      description_fr: 'Consultations avec une sexologue.',
      taxonomy: ['sexology', 'therapy'],
      audiences: ['youth', 'parents'],
    });
    const { serviceLocationId } = await addLocation(p, clinic, { city: 'Lévis' });
    for (const weekday of [1, 2, 3, 4, 5])
      await addSchedule(p, { serviceLocationId }, weekday, '09:00', '17:00');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('a pivot finds a safe place with a free place, through a typo, with the filters in the address', async () => {
    const page = await openPage(browser, server, { as: pivot });
    await page.goto('/');
    await page
      .getByRole('navigation', { name: 'Navigation principale' })
      .getByRole('link', { name: 'Répertoire' })
      .click();
    await h1(page, 'Répertoire des ressources d’aide').waitFor();
    await expectAccessible(page, 'the directory search');

    await page.getByLabel('Mots').fill('hebergment');
    await page.getByRole('checkbox', { name: 'Places libres' }).check();
    await page.getByRole('button', { name: 'Chercher' }).click();
    await page.getByRole('status').filter({ hasText: '1 service trouvé' }).waitFor();
    expect(page.url()).toContain('q=hebergment');
    expect(page.url()).toContain('placesAvailable=1');
    const card = page.getByRole('listitem').filter({ hasText: 'Maison d’hébergement Fictive-Aurore' });
    await card.getByText('2 places libres sur 6 · mis à jour il y a 3 h').waitFor();
    expect(await card.textContent()).not.toContain('Ville-Cachée');
    await expectAccessible(page, 'the directory search with results');

    // The address alone brings the same search back.
    await page.reload();
    await page.getByRole('status').filter({ hasText: '1 service trouvé' }).waitFor();
    expect(await page.getByLabel('Mots').inputValue()).toBe('hebergment');
    const link = page.getByRole('link', { name: 'Maison d’hébergement Fictive-Aurore' });
    expect(await link.getAttribute('href')).toBe(`/repertoire/services/${shelterId}`);
  });

  it('on a phone (375×800), the search and its results fit the width', async () => {
    const page = await openPage(browser, server, { as: pivot, viewport: { width: 375, height: 800 } });
    await page.goto('/repertoire/recherche?taxonomy=sexology');
    await page.getByRole('status').filter({ hasText: '1 service trouvé' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await expectAccessible(page, 'the directory search on a phone');
  });

  it('the public directory and a service page, in French and English, without a cookie', async () => {
    const page = await openPage(browser, server);
    const response = await page.goto('/ressources?q=sexologues');
    expect(response?.status()).toBe(200);
    await h1(page, 'Trouver de l’aide').waitFor();
    await page.getByRole('link', { name: 'Clinique de sexologie Fictive' }).waitFor();
    await expectAccessible(page, 'the public directory search');

    await page.goto(`/ressources/${shelterId}`);
    await h1(page, 'Maison d’hébergement Fictive-Aurore').waitFor();
    await page.getByText('Appelez l’accueil fictif au 555-0199.').waitFor();
    expect(await page.content()).not.toContain('Ville-Cachée');
    await expectAccessible(page, 'a public service page');

    await page.getByRole('link', { name: 'English' }).click();
    await page.waitForURL(`**/en/resources/${shelterId}`);
    await expectAccessible(page, 'a public service page in English');

    await page.goto('/en/resources?age=abc');
    await page.getByRole('alert').getByText('The age must be a whole number from 0 to 120.').waitFor();
    await expectAccessible(page, 'the public directory with a problem');
    expect(await page.context().cookies()).toEqual([]);
  });
});

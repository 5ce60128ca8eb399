import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REGION_TIME_ZONE } from '../../src/shared/time-zone.js';
import type { TestPerson } from '../support/app.js';
import {
  browserTestsEnabled,
  expectAccessible,
  launchBrowser,
  openPage,
  startTestServer,
  type TestServer,
} from '../support/browser.js';

const thisYear = Number(
  new Intl.DateTimeFormat('en-CA', { timeZone: REGION_TIME_ZONE, year: 'numeric' }).format(new Date()),
);

const h1 = (page: Page, name: string) => page.getByRole('heading', { level: 1, name, exact: true });

describe.skipIf(!browserTestsEnabled())('annual report page (Chromium, axe)', () => {
  let server: TestServer;
  let browser: Browser;
  let coordinator: TestPerson;
  let englishCoordinator: TestPerson;
  let worker: TestPerson;

  beforeAll(async () => {
    const starting = await Promise.allSettled([startTestServer(), launchBrowser()]);
    if (starting[0].status === 'fulfilled') server = starting[0].value;
    if (starting[1].status === 'fulfilled') browser = starting[1].value;
    for (const outcome of starting) if (outcome.status === 'rejected') throw outcome.reason;
    const organisationId = await server.createOrganisation({
      name: 'Table fictive de coordination',
      type: 'other',
    });
    coordinator = await server.createPerson({
      roles: ['table_coordinator'],
      organisationId,
      givenName: 'Camille',
      familyName: 'Coordination-Fictive',
    });
    englishCoordinator = await server.createPerson({
      roles: ['table_coordinator'],
      organisationId,
      givenName: 'Casey',
      familyName: 'Coordinator-Fictive',
      locale: 'en-CA',
    });
    worker = await server.createPerson({ roles: ['worker'], organisationId, givenName: 'Wassim' });
    await server.createOrganisation({ name: 'Maison fictive des Rapports', type: 'community' });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the table coordination reads the year, its charts and their numbers, picks another year, downloads the PDF', async () => {
    const page = await openPage(browser, server, { as: coordinator });
    await page.goto('/');
    await page
      .getByRole('navigation', { name: 'Navigation principale' })
      .getByRole('link', { name: 'Rapport annuel' })
      .click();
    await h1(page, `Rapport annuel ${thisYear}`).waitFor();
    await page.getByRole('heading', { level: 2, name: "L'année en bref" }).waitFor();
    const chart = page.getByRole('img', { name: 'Organisations partenaires par type' });
    await chart.waitFor();
    expect(await chart.locator('desc').textContent()).toContain('Organisme communautaire');
    await expectAccessible(page, 'annual report (fr)');

    // The numbers of a chart, as a table.
    await page.getByText('Voir les chiffres du graphique').first().click();
    await page
      .getByRole('table', {
        name: "Chiffres du graphique « Organisations partenaires par type » (L'année en bref)",
      })
      .waitFor();
    await expectAccessible(page, 'annual report with chart data open (fr)');

    // Another year, chosen with the keyboard-usable form.
    await page.getByRole('combobox', { name: 'Année' }).selectOption(String(thisYear - 1));
    await page.getByRole('button', { name: 'Afficher' }).click();
    await h1(page, `Rapport annuel ${thisYear - 1}`).waitFor();
    expect(new URL(page.url()).searchParams.get('annee')).toBe(String(thisYear - 1));

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: `Télécharger le rapport ${thisYear - 1} (PDF)` }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`filet-rapport-annuel-${thisYear - 1}.pdf`);
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).subarray(0, 5).toString()).toBe('%PDF-');
    await page.context().close();
  });

  it('in English, and on a phone', async () => {
    const page = await openPage(browser, server, { as: englishCoordinator });
    await page.goto(`/rapports/annuel?annee=${thisYear}`);
    await h1(page, `Annual report ${thisYear}`).waitFor();
    await page.getByRole('heading', { level: 2, name: 'The year at a glance' }).waitFor();
    await page.getByRole('img', { name: 'Members by role' }).waitFor();
    await expectAccessible(page, 'annual report (en)');
    await page.context().close();

    const phone = await openPage(browser, server, { as: coordinator, viewport: { width: 375, height: 740 } });
    await phone.goto('/rapports/annuel');
    await h1(phone, `Rapport annuel ${thisYear}`).waitFor();
    await phone.getByRole('heading', { level: 2, name: "L'année en bref" }).waitFor();
    await expectAccessible(phone, 'annual report on a phone');
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await phone.context().close();
  });

  it('is neither offered nor shown to a front-line worker', async () => {
    const page = await openPage(browser, server, { as: worker });
    await page.goto('/');
    await page.getByRole('navigation', { name: 'Navigation principale' }).waitFor();
    expect(await page.getByRole('link', { name: 'Rapport annuel' }).count()).toBe(0);
    await page.goto('/rapports/annuel');
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await page.getByRole('heading', { level: 1, name: /Rapport annuel/ }).count()).toBe(0);
    await page.context().close();
  });
});

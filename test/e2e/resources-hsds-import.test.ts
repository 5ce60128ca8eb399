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

// The table coordination imports an Open Referral file from the directory page: a file that does not
// validate gets the error summary with its paths; a valid one gets the dry run's report, then the apply.
// The screen passes axe at each step.

const h1 = (page: Page, name: string) => page.getByRole('heading', { level: 1, name, exact: true });

function file(name: string, content: unknown) {
  return { name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(content)) };
}

describe.skipIf(!browserTestsEnabled())('resources: importing an Open Referral file (Chromium)', () => {
  let server: TestServer;
  let browser: Browser;
  let coordinator: TestPerson;
  const serviceId = crypto.randomUUID();
  const organisationId = crypto.randomUUID();

  beforeAll(async () => {
    const starting = await Promise.allSettled([startTestServer(), launchBrowser()]);
    if (starting[0].status === 'fulfilled') server = starting[0].value;
    if (starting[1].status === 'fulfilled') browser = starting[1].value;
    for (const outcome of starting) if (outcome.status === 'rejected') throw outcome.reason;
    coordinator = await server.createPerson({ roles: ['table_coordinator'], givenName: 'Tess' });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('runs a dry run, shows the report, then applies it', async () => {
    const page = await openPage(browser, server, { as: coordinator });
    await page.goto('/repertoire');
    await page.getByRole('link', { name: 'Importer un fichier Open Referral' }).click();
    await h1(page, 'Importer un fichier Open Referral').waitFor();
    await expectAccessible(page, 'import form');

    await page.getByLabel('Région des fiches importées').fill('Région fictive importée');
    await page
      .getByLabel('Fichier HSDS 3.0 (JSON)')
      .setInputFiles(
        file('invalide.json', [{ id: crypto.randomUUID(), name: 'Service fictif', status: 'open' }]),
      );
    await page.getByRole('button', { name: 'Faire un essai' }).click();
    const summary = page.getByRole('alert');
    await summary.getByText('services.0.status', { exact: false }).waitFor();
    await expectAccessible(page, 'import form with its errors');

    const valid = [
      {
        id: serviceId,
        name: 'Halte fictive importée',
        status: 'active',
        organization_id: organisationId,
        organization: { id: organisationId, name: 'Organisme fictif importé', description: '' },
      },
    ];
    await page.getByLabel('Fichier HSDS 3.0 (JSON)').setInputFiles(file('211.json', valid));
    await page.getByRole('button', { name: 'Faire un essai' }).click();
    await page.getByRole('heading', { name: 'Rapport de l’essai (rien n’est enregistré)' }).waitFor();
    await page.getByRole('cell', { name: 'Halte fictive importée' }).waitFor();
    const before = await server.platform.db.selectFrom('resource_services').select('id').execute();
    expect(before.map((s) => s.id)).not.toContain(serviceId);
    await expectAccessible(page, 'dry run report');

    await page.getByRole('button', { name: 'Appliquer' }).click();
    await page.getByRole('status').getByText('Import appliqué.').waitFor();
    await page.getByRole('heading', { name: 'Import appliqué', exact: true }).waitFor();
    const stored = await server.platform.db
      .selectFrom('resource_services')
      .select(['name_fr', 'region', 'public'])
      .where('id', '=', serviceId)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({
      name_fr: 'Halte fictive importée',
      region: 'Région fictive importée',
      public: false,
    });
    await expectAccessible(page, 'applied report');
  });

  it('is not offered to a worker', async () => {
    const worker = await server.createPerson({ roles: ['worker'], givenName: 'Will' });
    const page = await openPage(browser, server, { as: worker });
    await page.goto('/repertoire');
    await h1(page, 'Ressources d’aide').waitFor();
    expect(await page.getByRole('link', { name: 'Importer un fichier Open Referral' }).count()).toBe(0);
  });
});

import type { Browser } from 'playwright-core';
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

const CENTRE = 'Centre jeunesse fictif des Rives';

describe.skipIf(!browserTestsEnabled())('consent to access, in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let coordinator: TestPerson;
  let admin: TestPerson;
  let newcomer: TestPerson;

  beforeAll(async () => {
    const starting = await Promise.allSettled([startTestServer(), launchBrowser()]);
    if (starting[0].status === 'fulfilled') server = starting[0].value;
    if (starting[1].status === 'fulfilled') browser = starting[1].value;
    for (const outcome of starting) if (outcome.status === 'rejected') throw outcome.reason;

    const centre = await server.createOrganisation({ name: CENTRE, type: 'youth_protection' });
    const table = await server.createOrganisation({ name: 'Table fictive', type: 'community' });
    coordinator = await server.createPerson({
      organisationId: centre,
      roles: ['org_coordinator'],
      givenName: 'Noémie',
      familyName: 'Coordo-Fictive',
    });
    newcomer = await server.createPerson({
      organisationId: centre,
      roles: [],
      givenName: 'Rémi',
      familyName: 'Nouveau-Fictif',
    });
    admin = await server.createPerson({
      organisationId: table,
      roles: ['admin'],
      givenName: 'Camille',
      familyName: 'Admin-Fictive',
    });
    const tableCoordinator = await server.signIn(
      await server.createPerson({ organisationId: table, roles: ['table_coordinator'] }),
    );
    const proposed = await tableCoordinator.inject({
      method: 'PUT',
      url: `/api/people/${newcomer.id}/roles`,
      payload: { roles: ['worker'] },
    });
    expect(proposed.statusCode).toBe(200);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the centre’s coordinator approves a proposed role from the access review', async () => {
    const page = await openPage(browser, server, { as: coordinator, viewport: { width: 390, height: 844 } });
    await page.goto('/');
    await page.getByRole('button', { name: 'Menu' }).click();
    await page
      .getByRole('navigation', { name: 'Navigation principale' })
      .getByRole('link', { name: 'Revue des accès' })
      .click();
    await page.getByRole('heading', { level: 1, name: `Revue des accès — ${CENTRE}` }).waitFor();
    await page.getByText('1 proposition attend votre décision').waitFor();
    await expectAccessible(page, 'access review with a proposal');
    const proposal = page.getByRole('listitem').filter({ hasText: 'pour Rémi Nouveau-Fictif' });
    await proposal.getByRole('button', { name: 'Approuver' }).click();
    await page.getByText('Le rôle est approuvé et prend effet.').waitFor();
    await page
      .getByRole('row', { name: /Rémi Nouveau-Fictif.*Intervenant·e.*Proposé, puis approuvé/ })
      .waitFor();
  });

  it('an administrator opens emergency access, sees it on every screen and ends it; the centre reviews it', async () => {
    const page = await openPage(browser, server, { as: admin });
    await page.goto('/acces-urgence');
    await page.getByRole('heading', { level: 1, name: 'Accès d’urgence' }).waitFor();
    await expectAccessible(page, 'emergency access form');
    await page.getByRole('button', { name: 'Ouvrir l’accès d’urgence' }).click();
    // Nothing chosen: the errors are listed and tied to their fields.
    await page
      .getByRole('alert')
      .getByText(/Organisation/)
      .first()
      .waitFor();
    await page.getByLabel('Organisation', { exact: true }).selectOption({ label: CENTRE });
    await page.getByRole('checkbox', { name: 'Intervenant·e', exact: true }).check();
    await page.getByLabel('Durée').selectOption('30');
    await page
      .getByLabel('Justification')
      .fill('Fugue fictive signalée la nuit, coordination du centre injoignable : lire le profil.');
    await page.getByRole('button', { name: 'Ouvrir l’accès d’urgence' }).click();
    await page.getByText('L’accès d’urgence est ouvert et l’organisation en est avertie.').waitFor();
    const banner = page.getByRole('status').filter({ hasText: `vous agissez comme membre de ${CENTRE}` });
    await banner.waitFor();
    await expectAccessible(page, 'emergency access in force');
    await page.getByRole('button', { name: 'Terminer maintenant' }).click();
    await page.getByText('L’accès d’urgence est terminé.').waitFor();
    // The session's actor is refreshed through the database's signal, which may land just after the
    // answer: the banner goes within moments, never stays.
    await banner.waitFor({ state: 'detached', timeout: 10_000 });
    expect(await banner.count()).toBe(0);

    const review = await openPage(browser, server, { as: coordinator });
    await review.goto('/acces');
    await review.getByText('1 accès d’urgence à examiner').waitFor();
    await review.getByText('coordination du centre injoignable').waitFor();
    await review.getByRole('button', { name: 'Accepter' }).click();
    await review.getByText('L’accès d’urgence est accepté.').waitFor();
  });
});

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
import { openTipLine } from '../support/tips.factories.js';

/** The form token must be a few seconds old before the server accepts it (FORM_MIN_AGE_MS). */
const FORM_AGE_MS = 5_300;

const h1 = (page: Page, name: string) => page.getByRole('heading', { level: 1, name, exact: true });

describe.skipIf(!browserTestsEnabled())('tip line (Chromium, axe)', () => {
  let server: TestServer;
  let browser: Browser;
  let analyst: TestPerson;

  beforeAll(async () => {
    const starting = await Promise.allSettled([startTestServer(), launchBrowser()]);
    if (starting[0].status === 'fulfilled') server = starting[0].value;
    if (starting[1].status === 'fulfilled') browser = starting[1].value;
    for (const outcome of starting) if (outcome.status === 'rejected') throw outcome.reason;
    const police = await server.createOrganisation({ name: 'Service de police fictif', type: 'police' });
    await openTipLine(server, police);
    analyst = await server.createPerson({
      roles: ['police_analyst'],
      organisationId: police,
      givenName: 'Alix',
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('a tipster sends a tip in French, keeps the receipt, and the police see it in the queue', async () => {
    const page = await openPage(browser, server);
    await page.goto('/signalement');
    await h1(page, 'Signaler de l’information à la police').waitFor();
    await expectAccessible(page, 'tip form (fr)');
    await page.getByRole('radio', { name: 'Un lieu où de l’exploitation sexuelle se produit' }).check();
    // Sent without the facts: the form comes back with its problems (too quick, or facts missing).
    await page.getByRole('button', { name: 'Envoyer le signalement' }).click();
    await page
      .getByRole('heading', { level: 2, name: 'Le signalement n’a pas été envoyé. Corrigez ceci :' })
      .waitFor();
    await expectAccessible(page, 'tip form with a problem (fr)');
    await page.getByRole('radio', { name: 'Un lieu où de l’exploitation sexuelle se produit' }).check();
    await page
      .getByLabel('Que s’est-il passé? (obligatoire)')
      .fill('Des allées et venues de jeunes fictifs la nuit.');
    // The new form token must be a few seconds old, as a person would take.
    await page.waitForTimeout(FORM_AGE_MS);
    await page.getByRole('button', { name: 'Envoyer le signalement' }).click();
    await h1(page, 'Votre signalement a été reçu').waitFor();
    const receipt = (await page.locator('.tips-receipt strong').textContent()) ?? '';
    expect(receipt.replace(/ /g, '')).toMatch(/^\d{16}$/);
    expect(page.url()).not.toContain(receipt.replace(/ /g, ''));
    await expectAccessible(page, 'receipt (fr)');
    // A reload (a phone switching apps) shows the same receipt again, within the window.
    await page.reload();
    expect(await page.locator('.tips-receipt strong').textContent()).toBe(receipt);
    await page.getByRole('button', { name: 'J’ai noté mon numéro' }).click();
    await h1(page, 'Merci').waitFor();
    await expectAccessible(page, 'thanks (fr)');

    await page.getByRole('link', { name: 'Faire le suivi d’un signalement' }).click();
    await h1(page, 'Suivi d’un signalement').waitFor();
    await expectAccessible(page, 'follow-up (fr)');
    await page.getByLabel('Numéro de suivi (16 chiffres)').fill(receipt);
    await page.getByRole('button', { name: 'Ouvrir le suivi' }).click();
    await page.getByRole('heading', { level: 2, name: 'Questions de la police' }).waitFor();
    await expectAccessible(page, 'follow-up session (fr)');

    // The police side: the queue, then the tip opened with a purpose.
    const staff = await openPage(browser, server, { as: analyst });
    await staff.goto('/signalements');
    await h1(staff, 'Signalements reçus').waitFor();
    await staff.getByRole('table').waitFor();
    await expectAccessible(staff, 'tip queue (fr)');
    await staff.getByRole('table').getByRole('link').first().click();
    await h1(staff, 'Signalement').waitFor();
    await expectAccessible(staff, 'tip purpose (fr)');
    await staff.getByLabel('Motif de consultation').fill('Triage initial');
    await staff.getByRole('button', { name: 'Ouvrir le signalement' }).click();
    await staff.getByText('Des allées et venues de jeunes fictifs la nuit.').waitFor();
    await expectAccessible(staff, 'tip opened (fr)');
    await staff.goto('/signalements/telephone');
    await h1(staff, 'Signalement téléphonique').waitFor();
    await expectAccessible(staff, 'phone tip (fr)');
  });

  it('the English form, its quick exit and the phone layout are accessible', async () => {
    const page = await openPage(browser, server, { viewport: { width: 375, height: 740 } });
    await page.goto('/en/report');
    await h1(page, 'Give information to the police').waitFor();
    await expectAccessible(page, 'tip form (en, 375px)');
    const exit = page.getByRole('link', { name: 'Quick exit' });
    expect(await exit.getAttribute('href')).toMatch(/^https:\/\/www\.theweathernetwork\.com/);
    await page.goto('/en/report/follow-up');
    await h1(page, 'Follow up on a tip').waitFor();
    await page.getByLabel('Follow-up number (16 digits)').fill('1234 5678 9012 3456');
    await page.getByRole('button', { name: 'Open the follow-up' }).click();
    await page.getByText('This number matches no active tip.').first().waitFor();
    await expectAccessible(page, 'follow-up with a problem (en)');
  });
});

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

// The staff screens, signed in as an administrator who sees them all; the account screens (sign-in,
// password reset, invitation, TOTP enrolment, invite form) are in accessibility-auth.test.ts.

const h1 = (page: Page, name: string) => page.getByRole('heading', { level: 1, name, exact: true });

/** Follows a link of the main navigation, as people move around the app, and waits for the page. */
async function navigateTo(page: Page, link: string, heading: string): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Navigation principale' })
    .getByRole('link', { name: link })
    .click();
  await h1(page, heading).waitFor();
}

const ORGANISATION = 'Maison des jeunes fictive du Vieux-Port';
const COLLEAGUE = 'Jules Collègue-Fictif';

describe.skipIf(!browserTestsEnabled())('accessibility of the staff screens (axe, Chromium)', () => {
  let server: TestServer;
  let browser: Browser;
  let admin: TestPerson;
  let englishAdmin: TestPerson;

  beforeAll(async () => {
    const starting = await Promise.allSettled([startTestServer(), launchBrowser()]);
    if (starting[0].status === 'fulfilled') server = starting[0].value;
    if (starting[1].status === 'fulfilled') browser = starting[1].value;
    for (const outcome of starting) if (outcome.status === 'rejected') throw outcome.reason;

    admin = await server.createPerson({
      roles: ['admin'],
      givenName: 'Adèle',
      familyName: 'Administratrice-Fictive',
    });
    englishAdmin = await server.createPerson({
      roles: ['admin'],
      givenName: 'Alex',
      familyName: 'Admin-Fictive',
      locale: 'en-CA',
      organisationId: admin.organisationId,
    });
    const organisationId = await server.createOrganisation({ name: ORGANISATION, type: 'community' });
    await server.createPerson({
      organisationId,
      givenName: 'Jules',
      familyName: 'Collègue-Fictif',
      roles: ['pivot'],
    });
    // An audited change, so the audit log has entries to show.
    const agent = await server.signIn(admin);
    const change = await agent.inject({
      method: 'PATCH',
      url: `/api/organisations/${organisationId}`,
      payload: { shortName: 'MDJ fictive' },
    });
    expect(change.statusCode).toBe(200);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('every staff screen of an administrator, in French', async () => {
    const page = await openPage(browser, server, { as: admin });
    await page.goto('/');
    await h1(page, 'Bonjour, Adèle').waitFor();
    await expectAccessible(page, 'home');

    await navigateTo(page, 'Mon compte', 'Mon compte');
    await page.getByRole('button', { name: 'Mettre fin' }).first().waitFor();
    await expectAccessible(page, 'my account');

    await navigateTo(page, 'Organisations', 'Organisations partenaires');
    await page.getByRole('link', { name: ORGANISATION }).waitFor();
    await expectAccessible(page, 'the organisations list');
    await page.getByRole('link', { name: ORGANISATION }).click();
    await h1(page, ORGANISATION).waitFor();
    await page.getByRole('link', { name: COLLEAGUE }).waitFor();
    await expectAccessible(page, 'an organisation');

    await navigateTo(page, 'Personnes', 'Personnes');
    await page.getByRole('link', { name: COLLEAGUE }).waitFor();
    await expectAccessible(page, 'the people list');
    await page.getByRole('link', { name: COLLEAGUE }).click();
    await h1(page, COLLEAGUE).waitFor();
    await expectAccessible(page, 'a person');
    // The confirmation of a destructive action is a modal dialog; cancelling changes nothing.
    await page.getByRole('button', { name: 'Désactiver le compte' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await expectAccessible(page, 'the confirmation dialog');
    await dialog.getByRole('button', { name: 'Annuler' }).click();
    await dialog.waitFor({ state: 'hidden' });

    await navigateTo(page, "Journal d'audit", "Journal d'audit");
    await page.getByRole('table').waitFor();
    await expectAccessible(page, 'the audit log');

    await page.goto('/nulle-part');
    await h1(page, 'Page introuvable').waitFor();
    await expectAccessible(page, 'the not-found page');
  });

  it('home and a person in English, for an account whose language is English', async () => {
    const page = await openPage(browser, server, { as: englishAdmin });
    await page.goto('/');
    await page.waitForFunction(() => document.documentElement.lang === 'en-CA');
    await h1(page, 'Hello, Alex').waitFor();
    await expectAccessible(page, 'home (en-CA)');

    await page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'People' })
      .click();
    await h1(page, 'People').waitFor();
    await page.getByRole('link', { name: COLLEAGUE }).click();
    await h1(page, COLLEAGUE).waitFor();
    await expectAccessible(page, 'a person (en-CA)');
  });

  it('on a phone (375×800): home with its menu open, and the people list, without sideways scrolling', async () => {
    const page = await openPage(browser, server, { as: admin, viewport: { width: 375, height: 800 } });
    const pageWidth = () => page.evaluate(() => document.documentElement.scrollWidth);
    await page.goto('/');
    await h1(page, 'Bonjour, Adèle').waitFor();
    expect(await pageWidth(), 'home fits the phone width').toBeLessThanOrEqual(375);

    // The navigation folds into a menu button.
    const peopleLink = page
      .getByRole('navigation', { name: 'Navigation principale' })
      .getByRole('link', { name: 'Personnes' });
    expect(await peopleLink.isVisible()).toBe(false);
    const menu = page.getByRole('button', { name: 'Menu' });
    await menu.click();
    await peopleLink.waitFor();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    await expectAccessible(page, 'home on a phone, menu open');

    await peopleLink.click();
    await h1(page, 'Personnes').waitFor();
    await page.getByRole('link', { name: COLLEAGUE }).waitFor();
    await expectAccessible(page, 'the people list on a phone');
    expect(
      await pageWidth(),
      'the people list fits the phone width (its table scrolls inside)',
    ).toBeLessThanOrEqual(375);
  });

  it('with the keyboard alone: Tab reaches the skip link first, which moves focus to main', async () => {
    const page = await openPage(browser, server, { as: admin });
    await page.goto('/');
    await h1(page, 'Bonjour, Adèle').waitFor();

    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Aller au contenu' });
    expect(await skip.evaluate((link) => link === document.activeElement)).toBe(true);
    // Visible once focused, not only there for screen readers.
    const box = await skip.boundingBox();
    expect(box && box.width > 1 && box.height > 1 && box.y >= 0).toBe(true);

    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'contenu');
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('MAIN');
    // The next Tab goes past the header and navigation, into the main content.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.querySelector('main')?.contains(document.activeElement))).toBe(
      true,
    );
  });
});

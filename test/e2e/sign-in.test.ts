import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentTotpCode } from '../../src/server/platform/auth/totp.js';
import { TEST_PASSWORD, type TestPerson } from '../support/app.js';
import {
  browserTestsEnabled,
  launchBrowser,
  openPage,
  startTestServer,
  type TestServer,
} from '../support/browser.js';

/** A code that stays wrong for the next minute: none of the codes the server could accept meanwhile. */
function wrongCode(secret: string): string {
  const now = Date.now();
  const valid = new Set(
    [-30_000, 0, 30_000, 60_000].map((shift) => currentTotpCode(secret, new Date(now + shift))),
  );
  for (let n = 0; ; n++) {
    const candidate = String(n).padStart(6, '0');
    if (!valid.has(candidate)) return candidate;
  }
}

const htmlLang = (page: Page) => page.evaluate(() => document.documentElement.lang);

describe.skipIf(!browserTestsEnabled())('sign-in journey (Chromium)', () => {
  let server: TestServer;
  let browser: Browser;
  let person: TestPerson;

  beforeAll(async () => {
    const starting = await Promise.allSettled([startTestServer(), launchBrowser()]);
    if (starting[0].status === 'fulfilled') server = starting[0].value;
    if (starting[1].status === 'fulfilled') browser = starting[1].value;
    for (const outcome of starting) if (outcome.status === 'rejected') throw outcome.reason;
    person = await server.createPerson({
      givenName: 'Mireille',
      familyName: 'Fictive-Tremblay',
      roles: ['pivot'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('signs in with password and TOTP code, switches to English for good, and signs out', async () => {
    const secret = person.totpSecret!;
    const page = await openPage(browser, server);
    const context = page.context();

    // A signed-out visit to the home page lands on the sign-in page.
    await page.goto('/');
    await page.getByRole('heading', { level: 1, name: 'Se connecter' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/connexion');
    expect(await htmlLang(page)).toBe('fr-CA');

    await page.getByLabel('Courriel', { exact: true }).fill(person.email);
    await page.getByLabel('Mot de passe', { exact: true }).fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();

    // The second step asks for the code and takes the focus there.
    const code = page.getByLabel('Code à 6 chiffres');
    await code.waitFor();
    await expect.poll(() => code.evaluate((input) => input === document.activeElement)).toBe(true);

    // A wrong code is refused, said in the error summary and on the field.
    await code.fill(wrongCode(secret));
    await page.getByRole('button', { name: 'Vérifier le code' }).click();
    await page.locator('#signin-code[aria-invalid="true"]').waitFor();
    const summary = page.getByRole('alert').filter({ hasText: 'Il y a un problème' });
    await summary.waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Se connecter');

    await code.fill(currentTotpCode(secret, new Date()));
    await page.getByRole('button', { name: 'Vérifier le code' }).click();

    const heading = page.getByRole('heading', { level: 1, name: 'Bonjour, Mireille' });
    await heading.waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    await page.getByText('Mireille Fictive-Tremblay').waitFor();
    expect(await page.title()).toBe('Accueil — Filet');
    await page.getByRole('navigation', { name: 'Navigation principale' }).waitFor();

    // English: the interface changes at once, and so does the document language.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Hello, Mireille' }).waitFor();
    expect(await htmlLang(page)).toBe('en-CA');
    await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
    await page.getByRole('button', { name: 'Français' }).waitFor();
    // Saved on the account too, so e-mails follow the choice.
    await expect
      .poll(
        async () =>
          (
            await server.platform.db
              .selectFrom('people')
              .select('locale')
              .where('id', '=', person.id)
              .executeTakeFirstOrThrow()
          ).locale,
        { timeout: 5_000 },
      )
      .toBe('en-CA');

    // Remembered after a reload.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Hello, Mireille' }).waitFor();
    expect(await htmlLang(page)).toBe('en-CA');
    expect(await page.title()).toBe('Home — Filet');

    // Signing out ends the session on the server, not only in the page.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/connexion');
    await page.getByRole('status').filter({ hasText: 'You are signed out.' }).waitFor();
    const probe = await context.request.get('/api/auth/session');
    expect(probe.status()).toBe(401);
    expect((await context.cookies()).some((cookie) => cookie.name.endsWith('filet_session'))).toBe(false);

    await page.goto('/compte');
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/connexion');
    expect(new URL(page.url()).searchParams.get('retour')).toBe('/compte');
  });
});

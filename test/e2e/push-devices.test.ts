import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import webpush from 'web-push';
import { createTestApp, type TestApp } from '../support/app.js';
import { browserTestsEnabled, expectAccessible, launchBrowser } from '../support/browser.js';

// The account page's web-push control, and the service worker it registers, under the real CSP.
// Headless Chromium has no push service to subscribe to, so the journey goes as far as the browser
// permission (refused here) and checks the service worker itself installs at /sw.js.

describe.skipIf(!browserTestsEnabled())('web push: the account page control and the service worker', () => {
  let server: TestApp;
  let url: string;
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
    server = await createTestApp({
      serveWebApp: true,
      config: { vapid: { ...webpush.generateVAPIDKeys(), subject: 'mailto:filet@filet.test' } },
    });
    url = await server.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('serves /sw.js as a script under the strict policy, and Chromium installs it', async () => {
    const response = await fetch(`${url}/sw.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    const source = await response.text();
    expect(source).toContain("addEventListener('push'");
    expect(source).not.toContain("addEventListener('fetch'");

    const context = await browser.newContext({ baseURL: url, locale: 'fr-CA' });
    const page = await context.newPage();
    await page.goto('/connexion');
    const state = await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.register('/sw.js', { scope: '/' });
      await navigator.serviceWorker.ready;
      return registration.active?.state ?? registration.waiting?.state ?? registration.installing?.state;
    });
    expect(['activating', 'activated']).toContain(state);
    await context.close();
  });

  it('offers push on this device with a name to give it, and says so when the browser refuses', async () => {
    const person = await server.createPerson({ roles: ['investigator'] });
    const context = await browser.newContext({ baseURL: url, locale: 'fr-CA' });
    context.setDefaultTimeout(10_000);
    const agent = await server.signIn(person);
    const separator = agent.cookie.indexOf('=');
    await context.addCookies([
      {
        name: agent.cookie.slice(0, separator),
        value: agent.cookie.slice(separator + 1),
        url,
        httpOnly: true,
        sameSite: 'Strict',
      },
    ]);
    const page = await context.newPage();
    await page.goto('/compte');
    await page.getByRole('heading', { level: 2, name: 'Notifications push' }).waitFor();
    const label = page.getByLabel('Nom de cet appareil');
    await expect.poll(() => label.inputValue()).toMatch(/Chrome|Navigateur/);
    await page.getByText('Aucun appareil ne reçoit vos notifications push.').waitFor();
    await expectAccessible(page, 'the account page with its push control');

    await label.fill('Poste de travail fictif');
    await page.getByRole('button', { name: 'Activer sur cet appareil' }).click();
    await page
      .getByRole('alert')
      .getByText(/refusé l’autorisation/)
      .waitFor();
    const stored = await server.platform.db
      .selectFrom('push_subscriptions')
      .select('id')
      .where('person_id', '=', person.id)
      .execute();
    expect(stored).toEqual([]);
    await expectAccessible(page, 'the push control with its error');
    await context.close();
  });
});

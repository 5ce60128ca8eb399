import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD, type TestPerson } from '../support/app.js';
import {
  browserTestsEnabled,
  expectAccessible,
  type Journey,
  openPage,
  startJourney,
  type TestServer,
} from '../support/browser.js';
import type { TestSmtpServer } from '../support/smtp-server.js';

// The screens around an account (sign-in, password reset, invitation, TOTP enrolment); the staff
// screens are in accessibility.test.ts. Two files, so the two test workers share the work.

const h1 = (page: Page, name: string) => page.getByRole('heading', { level: 1, name, exact: true });
const htmlLang = (page: Page) => page.evaluate(() => document.documentElement.lang);

describe.skipIf(!browserTestsEnabled())('accessibility of the account screens (axe, Chromium)', () => {
  let journey: Journey;
  let smtp: TestSmtpServer;
  let server: TestServer;
  let browser: Browser;
  let admin: TestPerson;

  beforeAll(async () => {
    journey = await startJourney();
    ({ smtp, server, browser } = journey);
    admin = await server.createPerson({
      roles: ['admin'],
      givenName: 'Adèle',
      familyName: 'Administratrice-Fictive',
    });
  });

  afterAll(async () => {
    await journey?.close();
  });

  it('sign-in: both steps and a refused code in French, the first step in English', async () => {
    const page = await openPage(browser, server);
    await page.goto('/connexion');
    await h1(page, 'Se connecter').waitFor();
    expect(await htmlLang(page)).toBe('fr-CA');
    await expectAccessible(page, 'the sign-in page');

    await page.getByLabel('Courriel', { exact: true }).fill(admin.email);
    await page.getByLabel('Mot de passe', { exact: true }).fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    const code = page.getByLabel('Code à 6 chiffres');
    await code.waitFor();
    await expectAccessible(page, 'the code step');

    // Five digits can never be right: the refusal shows in the error summary and on the field.
    await code.fill('12345');
    await page.getByRole('button', { name: 'Vérifier le code' }).click();
    await page.locator('#signin-code[aria-invalid="true"]').waitFor();
    await expectAccessible(page, 'the code step with a refused code');

    const english = await openPage(browser, server);
    await english.goto('/connexion');
    await english.getByRole('button', { name: 'English' }).click();
    await h1(english, 'Sign in').waitFor();
    expect(await htmlLang(english)).toBe('en-CA');
    await expectAccessible(english, 'the sign-in page (en-CA)');
  });

  it('forgot password, and the reset page from the e-mailed link', async () => {
    const page = await openPage(browser, server);
    await page.goto('/connexion');
    await page.getByRole('link', { name: 'Mot de passe oublié?' }).click();
    await h1(page, 'Mot de passe oublié').waitFor();
    await expectAccessible(page, 'the forgot-password page');

    await page.getByLabel('Courriel', { exact: true }).fill(admin.email);
    await page.getByRole('button', { name: 'Envoyer le lien' }).click();
    await page.getByRole('status').filter({ hasText: 'Si un compte existe pour ce courriel' }).waitFor();

    await server.flushEmail();
    const mail = await smtp.waitFor(
      (message) => message.to.includes(admin.email) && /\/mot-de-passe\//.test(message.text),
    );
    const link = mail.text.match(/https?:\/\/\S+\/mot-de-passe\/\S+/)?.[0];
    expect(link, 'the reset e-mail holds a link').toBeDefined();
    await page.goto(link!);
    await h1(page, 'Choisir un nouveau mot de passe').waitFor();
    await expectAccessible(page, 'the reset-password page');
  });

  it('the invite form (empty and refused), the invitation page and TOTP enrolment', async () => {
    const page = await openPage(browser, server, { as: admin });
    await page.goto('/');
    await h1(page, 'Bonjour, Adèle').waitFor();
    await page.getByRole('link', { name: 'Inviter une personne' }).click();
    await h1(page, 'Inviter une personne').waitFor();
    await expectAccessible(page, 'the invite form');

    // Sent empty: the server's field problems, listed and tied to their fields.
    await page.getByRole('button', { name: "Envoyer l'invitation" }).click();
    await page.locator('[aria-invalid="true"]').first().waitFor();
    await expectAccessible(page, 'the invite form with errors');

    const email = `camille.invitee-${Date.now()}@exemple.test`;
    await page.getByLabel('Courriel', { exact: true }).fill(email);
    await page.getByLabel('Prénom', { exact: true }).fill('Camille');
    await page.getByLabel('Nom de famille', { exact: true }).fill('Invitée-Fictive');
    await page.getByRole('button', { name: "Envoyer l'invitation" }).click();
    await h1(page, 'Camille Invitée-Fictive').waitFor();

    await server.flushEmail();
    const mail = await smtp.waitFor((message) => message.to.includes(email));
    const link = mail.text.match(/https?:\/\/\S+\/invitation\/\S+/)?.[0];
    expect(link, 'the invitation e-mail holds a link').toBeDefined();

    const invited = await openPage(browser, server);
    await invited.goto(link!);
    await h1(invited, 'Activer votre compte').waitFor();
    await expectAccessible(invited, 'the invitation page');

    await invited.getByLabel('Nouveau mot de passe', { exact: true }).fill('Galet-sentier-héron-42');
    await invited
      .getByLabel('Confirmer le nouveau mot de passe', { exact: true })
      .fill('Galet-sentier-héron-42');
    await invited.getByRole('button', { name: 'Activer mon compte' }).click();
    await h1(invited, 'Configurer la vérification en deux étapes').waitFor();
    await invited.locator('code.secret').waitFor();
    await expectAccessible(invited, 'TOTP enrolment');
  });

  it('with the keyboard alone, on the sign-in page: Tab reaches the skip link first, which moves focus to main', async () => {
    const page = await openPage(browser, server);
    await page.goto('/connexion');
    await h1(page, 'Se connecter').waitFor();

    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Aller au contenu' });
    expect(await skip.evaluate((link) => link === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'contenu');
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('MAIN');
    // The next Tab lands on the e-mail field, the first control of the main content.
    await page.keyboard.press('Tab');
    expect(
      await page
        .getByLabel('Courriel', { exact: true })
        .evaluate((input) => input === document.activeElement),
    ).toBe(true);
  });
});

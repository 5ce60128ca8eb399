import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentTotpCode } from '../../src/server/platform/auth/totp.js';
import type { TestPerson } from '../support/app.js';
import {
  browserTestsEnabled,
  type Journey,
  openPage,
  signInThroughUi,
  startJourney,
  type TestServer,
} from '../support/browser.js';
import type { TestSmtpServer } from '../support/smtp-server.js';

const NEW_PASSWORD = 'Lanterne-rivière-boussole-7';

/** The value of a term in a page's description list ("Statut" → "Invitation envoyée"). */
function detail(page: Page, term: string) {
  return page
    .locator('dl > div')
    .filter({ has: page.getByRole('term').filter({ hasText: new RegExp(`^${term}$`) }) })
    .getByRole('definition');
}

describe.skipIf(!browserTestsEnabled())('invitation journey (Chromium, real SMTP)', () => {
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

  it('an administrator invites a person, who activates the account, enrols TOTP and signs in again', async () => {
    const inviteeEmail = `noemie.invitee-${process.pid}-${Date.now()}@exemple.test`;

    // The administrator signs in and fills the invitation form.
    const adminPage = await openPage(browser, server);
    await signInThroughUi(adminPage, server, admin);
    await adminPage.getByRole('heading', { level: 1, name: 'Bonjour, Adèle' }).waitFor();

    await adminPage.getByRole('link', { name: 'Inviter une personne' }).click();
    await adminPage.getByRole('heading', { level: 1, name: 'Inviter une personne' }).waitFor();
    await adminPage.getByLabel('Courriel', { exact: true }).fill(inviteeEmail);
    await adminPage.getByLabel('Prénom', { exact: true }).fill('Noémie');
    await adminPage.getByLabel('Nom de famille', { exact: true }).fill('Invitée-Fictive');
    await adminPage.getByRole('checkbox', { name: 'Intervenant·e pivot' }).check();
    await adminPage.getByRole('button', { name: "Envoyer l'invitation" }).click();

    // The new person's page: invited, with the roles asked for proposed to the organisation, which
    // has not consented yet (an administrator never opens an organisation's cases by itself).
    await adminPage.getByRole('heading', { level: 1, name: 'Noémie Invitée-Fictive' }).waitFor();
    await adminPage.getByRole('status').filter({ hasText: "L'invitation a été envoyée." }).waitFor();
    expect(await detail(adminPage, 'Statut').textContent()).toBe('Invitation envoyée');
    expect(await detail(adminPage, 'Rôles').textContent()).toBe('—');
    const pending = detail(adminPage, 'Rôles en attente').getByRole('listitem');
    const proposals = (await pending.allTextContents()).map((text) => text.split(' — ')[0]);
    expect(proposals.sort()).toEqual(['Intervenant·e', 'Intervenant·e pivot']);
    for (const text of await pending.allTextContents()) {
      expect(text).toContain('en attente de l’accord de l’organisation');
    }
    expect(await detail(adminPage, 'Courriel').textContent()).toBe(inviteeEmail);

    // The invitation e-mail reaches the SMTP server, with a link to this server.
    await server.flushEmail();
    const mail = await smtp.waitFor((message) => message.to.includes(inviteeEmail), 10_000);
    expect(mail.subject).toBe('Invitation à rejoindre Filet');
    expect(mail.text).toContain('Noémie');
    const link = mail.text.match(/https?:\/\/\S+\/invitation\/\S+/)?.[0];
    expect(link, 'the e-mail holds an invitation link').toBeDefined();
    expect(link!.startsWith(`${server.url}/invitation/`)).toBe(true);
    await adminPage.context().close();

    // The invited person, in another browser profile, opens the link and chooses a password.
    const page = await openPage(browser, server);
    const context = page.context();
    await page.goto(link!);
    await page.getByRole('heading', { level: 1, name: 'Activer votre compte' }).waitFor();
    await page.getByText('Bienvenue, Noémie Invitée-Fictive.').waitFor();
    await page.getByText(inviteeEmail).waitFor();
    await page.getByLabel('Nouveau mot de passe', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('Confirmer le nouveau mot de passe', { exact: true }).fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Activer mon compte' }).click();

    // TOTP enrolment, done the way of someone who cannot scan the QR code: with the key shown in text.
    await page
      .getByRole('heading', { level: 1, name: 'Configurer la vérification en deux étapes' })
      .waitFor();
    expect(new URL(page.url()).pathname).toBe('/securite/totp');
    await page
      .getByRole('img', { name: "Code QR à balayer avec votre application d'authentification" })
      .waitFor();
    const secret = (await page.locator('code.secret').textContent())?.replace(/\s/g, '') ?? '';
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    await page.getByLabel('Code à 6 chiffres').fill(currentTotpCode(secret, new Date()));
    await page.getByRole('button', { name: 'Confirmer et terminer' }).click();

    // Signed in, with the account active.
    await page.getByRole('heading', { level: 1, name: 'Bonjour, Noémie' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    const row = await server.platform.db
      .selectFrom('people')
      .select(['id', 'status'])
      .where('email', '=', inviteeEmail)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('active');

    // The link is single-use.
    const again = await context.request.get(`/api/auth/invitations/${link!.split('/invitation/')[1]}`);
    expect(again.status()).toBe(404);

    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.getByRole('heading', { level: 1, name: 'Se connecter' }).waitFor();
    expect((await context.request.get('/api/auth/session')).status()).toBe(401);

    // Signing in again needs the password and a code of a later time step than the one used to enrol:
    // the server refuses a step already used, and accepts one step ahead of its clock.
    await signInThroughUi(
      page,
      server,
      { email: inviteeEmail, totpSecret: secret },
      { password: NEW_PASSWORD, codeAt: new Date(Date.now() + 30_000) },
    );
    await page.getByRole('heading', { level: 1, name: 'Bonjour, Noémie' }).waitFor();
    const session = await context.request.get('/api/auth/session');
    expect(session.status()).toBe(200);
    const signedIn = (await session.json()) as { person: { email: string }; mfaVerified: boolean };
    expect(signedIn.person.email).toBe(inviteeEmail);
    expect(signedIn.mfaVerified).toBe(true);
    await context.close();
  });
});

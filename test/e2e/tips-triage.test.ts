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

/** The form token must be a few seconds old before the server accepts it (FORM_MIN_AGE_MS). */
const FORM_AGE_MS = 5_300;

const h1 = (page: Page, name: string) => page.getByRole('heading', { level: 1, name, exact: true });

describe.skipIf(!browserTestsEnabled())('tip triage desk (Chromium, axe)', () => {
  let server: TestServer;
  let browser: Browser;
  let analyst: TestPerson;
  let coordinator: TestPerson;

  beforeAll(async () => {
    const starting = await Promise.allSettled([startTestServer(), launchBrowser()]);
    if (starting[0].status === 'fulfilled') server = starting[0].value;
    if (starting[1].status === 'fulfilled') browser = starting[1].value;
    for (const outcome of starting) if (outcome.status === 'rejected') throw outcome.reason;
    const police = await server.createOrganisation({ name: 'Service de police fictif', type: 'police' });
    coordinator = await server.createPerson({ roles: ['table_coordinator'], givenName: 'Camille' });
    analyst = await server.createPerson({
      roles: ['police_analyst'],
      organisationId: police,
      givenName: 'Alix',
    });
    // A member to put in a unit.
    await server.createPerson({
      roles: ['investigator'],
      organisationId: police,
      givenName: 'Sacha',
      familyName: 'Enquêteur-Fictif',
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the table coordination names the police service receiving the line, and the desk shows it', async () => {
    const closed = await openPage(browser, server);
    await closed.goto('/signalement');
    await h1(closed, 'La ligne de signalement n’est pas encore ouverte').waitFor();
    await expectAccessible(closed, 'tip line not open (fr)');

    const staff = await openPage(browser, server, { as: coordinator });
    await staff.goto('/signalements/ligne');
    await h1(staff, 'Ligne de signalement publique').waitFor();
    await staff.getByText('La ligne de signalement publique n’est pas ouverte').waitFor();
    await expectAccessible(staff, 'tip line setting (fr)');
    await staff.getByLabel('Service de police récepteur').selectOption({ label: 'Service de police fictif' });
    await staff.getByRole('button', { name: 'Enregistrer le service récepteur' }).click();
    await staff.getByRole('status').getByText('Le service récepteur de la ligne a été enregistré.').waitFor();
    await staff
      .getByText('La ligne de signalement publique est reçue par : Service de police fictif.')
      .waitFor();

    const desk = await openPage(browser, server, { as: analyst });
    await desk.goto('/signalements');
    await desk
      .getByText('La ligne de signalement publique est reçue par : Service de police fictif.')
      .waitFor();
  });

  it('an online tip in English shows only its own questions, and the analyst triages it end to end', async () => {
    const page = await openPage(browser, server);
    await page.goto('/en/report');
    await h1(page, 'Give information to the police').waitFor();
    await page.getByRole('radio', { name: 'Online luring or exploitation of a minor' }).check();
    // With JavaScript, only the chosen type's questions are shown (all are there without it).
    await page.getByRole('group', { name: 'Online luring or exploitation (no images)' }).waitFor();
    expect(await page.getByRole('group', { name: 'Place of exploitation' }).count()).toBe(0);
    await expectAccessible(page, 'tip form with the online questions (en)');
    await page.getByLabel('What happened? (required)').fill('A fictional adult messages teenagers.');
    await page.getByLabel('Links').fill('https://exemple.test/profil-fictif');
    await page.getByLabel('User names').fill('fictif_123');
    await page.waitForTimeout(FORM_AGE_MS);
    await page.getByRole('button', { name: 'Send the information' }).click();
    await h1(page, 'Your information was received').waitFor();

    const staff = await openPage(browser, server, { as: analyst });
    // Units: create one with the investigator, then rename it.
    await staff.goto('/signalements/unites');
    await h1(staff, 'Unités de la ligne de signalement').waitFor();
    await expectAccessible(staff, 'units (fr)');
    await staff.getByLabel('Nom de l’unité').fill('Unité fictive Web');
    await staff.getByLabel('Sacha Enquêteur-Fictif').check();
    await staff.getByRole('button', { name: 'Créer l’unité' }).click();
    await staff.getByRole('status').getByText('L’unité « Unité fictive Web » a été créée.').waitFor();
    await staff.getByRole('link', { name: 'Unité fictive Web' }).click();
    await h1(staff, 'Unité : Unité fictive Web').waitFor();
    await expectAccessible(staff, 'unit edit (fr)');
    await staff.getByLabel('Nom de l’unité').fill('Unité fictive cyber');
    await staff.getByRole('button', { name: 'Enregistrer l’unité' }).click();
    await staff.getByRole('link', { name: 'Unité fictive cyber' }).waitFor();

    // Retention: the question about existing tips must be answered.
    await staff.goto('/signalements/conservation');
    await h1(staff, 'Durées de conservation des signalements').waitFor();
    await expectAccessible(staff, 'retention (fr)');
    await staff.getByLabel('Type', { exact: true }).selectOption('online');
    await staff.getByLabel('Durée (jours)', { exact: true }).fill('400');
    await staff.getByRole('radio', { name: 'Non, seulement aux nouveaux signalements' }).check();
    await staff.getByRole('button', { name: 'Enregistrer la durée' }).click();
    await staff
      .getByRole('status')
      .getByText(
        'Durée enregistrée pour les nouveaux signalements; les signalements existants gardent leur date.',
      )
      .waitFor();
    await expectAccessible(staff, 'retention saved (fr)');

    // The tip: answers shown, a note, then closed with a disposition.
    await staff.goto('/signalements');
    await staff.getByRole('table').getByRole('link').first().click();
    await staff.getByLabel('Motif de consultation').fill('Triage initial');
    await staff.getByRole('button', { name: 'Ouvrir le signalement' }).click();
    await staff.getByText('https://exemple.test/profil-fictif').waitFor();
    await staff.getByText('Noms d’utilisateur').waitFor();
    await staff.getByLabel('Nouvelle note interne').fill('Note fictive : profil à vérifier.');
    await staff.getByRole('button', { name: 'Ajouter la note' }).click();
    await staff.getByText('Note fictive : profil à vérifier.').waitFor();
    await staff.getByLabel('Statut').selectOption('closed');
    await staff.getByLabel('Issue', { exact: true }).selectOption('intelligence_filed');
    await staff.getByRole('button', { name: 'Enregistrer le triage' }).click();
    await staff.getByRole('status').getByText('Le triage a été enregistré.').waitFor();
    await staff.getByRole('definition').getByText('Versé au renseignement').waitFor();
    const pdf = staff.getByRole('link', { name: 'Télécharger le PDF' });
    expect(await pdf.getAttribute('href')).toMatch(/^\/api\/tips\/[0-9a-f-]+\/pdf\?purpose=/);
    await expectAccessible(staff, 'tip with notes and disposition (fr)');
  });
});

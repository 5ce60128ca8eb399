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

// Youth-centre staff raise an alert from a profile; a police analyst, already on the alerts page in
// another browser, receives it live without reloading, acknowledges it; the close withdraws the
// content from the police screen at once. The figures show alerts per month as a chart with its
// table. A profile is archived, found among the archived ones and destroyed after a confirmation.
// Every new screen passes axe.

const NAME = 'Ophélianne';
const FAMILY = 'Brisebois-Fictive';
const h1 = (page: Page, name: string | RegExp) =>
  page.getByRole('heading', { level: 1, name, exact: typeof name === 'string' });

describe.skipIf(!browserTestsEnabled())(
  'alerts: raised, received live by the police, acknowledged, closed',
  () => {
    let server: TestServer;
    let browser: Browser;
    let worker: TestPerson;
    let analyst: TestPerson;
    let privacyOfficer: TestPerson;
    let profileId: string;

    beforeAll(async () => {
      const starting = await Promise.allSettled([startTestServer(), launchBrowser()]);
      if (starting[0].status === 'fulfilled') server = starting[0].value;
      if (starting[1].status === 'fulfilled') browser = starting[1].value;
      for (const outcome of starting) if (outcome.status === 'rejected') throw outcome.reason;

      const centre = await server.createOrganisation({
        name: 'Centre jeunesse fictif du Nord',
        type: 'youth_protection',
      });
      const police = await server.createOrganisation({ name: 'Service de police fictif', type: 'police' });
      const school = await server.createOrganisation({
        name: 'École secondaire fictive',
        type: 'school_service_centre',
      });
      worker = await server.createPerson({
        roles: ['worker', 'org_coordinator'],
        organisationId: centre,
        givenName: 'Wendy',
        familyName: 'Éducatrice-Fictive',
      });
      analyst = await server.createPerson({
        roles: ['police_analyst'],
        organisationId: police,
        givenName: 'Paul',
        familyName: 'Policier-Fictif',
      });
      privacyOfficer = await server.createPerson({ roles: ['privacy_officer'], organisationId: centre });
      const pivot = await server.createPerson({ roles: ['pivot'], organisationId: school });
      await server.platform.db
        .insertInto('pivot_mandates')
        .values({ person_id: pivot.id, organisation_id: school, start_on: '2026-01-01' })
        .execute();
      const agent = await server.signIn(worker);
      const created = await agent.inject({
        method: 'POST',
        url: '/api/alerts/profiles',
        payload: {
          givenName: NAME,
          familyName: FAMILY,
          usualNames: ['Ophé'],
          description: 'Cheveux teints en bleu, 1 m 55 (fictif).',
          medicalNeeds: 'Allergie fictive aux arachides',
          unit: 'Unité fictive des Pins',
        },
      });
      expect(created.statusCode, created.body).toBe(201);
      profileId = created.json().id;
    });

    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    it('delivers the alert live and withdraws its content at the close', async () => {
      const police = await openPage(browser, server, { as: analyst });
      await police.goto('/alertes');
      await h1(police, 'Alertes de fugue').waitFor();
      await police.getByText('Aucune alerte.').waitFor();
      await expectAccessible(police, 'the alerts list (police, empty)');

      const centre = await openPage(browser, server, { as: worker });
      await centre.goto('/alertes/fiches');
      await h1(centre, 'Fiches des jeunes').waitFor();
      await expectAccessible(centre, 'the profiles list');
      await centre.getByRole('link', { name: `${NAME} ${FAMILY} (« Ophé »)`, exact: true }).click();
      await h1(centre, 'Fiche d’un jeune').waitFor();
      await expectAccessible(centre, 'the purpose form of a profile');
      await centre.getByRole('button', { name: 'Ouvrir la fiche' }).click();
      await h1(centre, `${NAME} ${FAMILY} (« Ophé »)`).waitFor();
      await expectAccessible(centre, 'a profile');

      await centre.getByRole('link', { name: 'Lancer une alerte à partir de cette fiche' }).click();
      await h1(centre, 'Lancer une alerte').waitFor();
      await expectAccessible(centre, 'the raise form');
      // Without a legal basis, nothing is sent and the problem is shown next to the field.
      await centre.getByRole('button', { name: 'Lancer l’alerte' }).click();
      await centre.getByRole('alert').getByText('Base légale', { exact: false }).first().waitFor();
      expect(await server.platform.db.selectFrom('alerts').select('id').execute()).toEqual([]);

      await centre.getByLabel('Lieu où le jeune a été vu').fill('Près du métro fictif');
      await centre.getByLabel('Vêtements').fill('Manteau jaune');
      await centre.getByLabel('École secondaire fictive', { exact: false }).check();
      await centre.getByLabel('Base légale').selectOption('serious_risk');
      await centre.getByRole('button', { name: 'Lancer l’alerte' }).click();
      await h1(centre, `Alerte : ${NAME} ${FAMILY}`).waitFor();
      await expectAccessible(centre, 'an open alert (owner)');

      // The police screen shows it without any reload.
      await police.getByText('La liste des alertes vient d’être mise à jour.').waitFor();
      await police.getByRole('table').getByRole('link').first().click();
      await h1(police, `Alerte : ${NAME} ${FAMILY}`).waitFor();
      await police.getByText('Allergie fictive aux arachides').waitFor();
      await expectAccessible(police, 'an open alert (police)');
      await police.getByRole('button', { name: 'Accuser réception' }).click();
      await police.getByText('Accusé de réception enregistré.').waitFor();

      // The owner sees the acknowledgement live, then closes the alert.
      await centre.getByText('accusé de réception le', { exact: false }).first().waitFor();
      await centre.getByLabel('Type de lieu').selectOption('friends');
      await centre.getByRole('button', { name: 'Fermer l’alerte' }).click();
      await centre
        .getByText('Alerte fermée. Son contenu a été retiré de la vue des destinataires.')
        .waitFor();
      await centre.getByRole('heading', { level: 2, name: 'Entrevue de retour' }).waitFor();
      await expectAccessible(centre, 'a closed alert with its return interview (owner)');

      // The police screen drops the content at once, without reloading.
      await police.getByText('Aucun renseignement personnel n’est accessible', { exact: false }).waitFor();
      await h1(police, 'Fugue').waitFor();
      const html = await police.content();
      expect(html).not.toContain(NAME);
      expect(html).not.toContain('Allergie fictive');
      await expectAccessible(police, 'a closed alert (police)');

      // The return interview, then the register and the figures.
      await centre.getByLabel('Risques d’exploitation dépistés').selectOption('yes');
      await centre.getByRole('button', { name: 'Consigner l’entrevue' }).click();
      await centre.getByText('Entrevue de retour consignée.').waitFor();

      // A new profile through the form.
      await centre.goto('/alertes/fiches/nouvelle');
      await h1(centre, 'Nouvelle fiche').waitFor();
      await expectAccessible(centre, 'the new profile form');
      await centre.getByRole('button', { name: 'Créer la fiche' }).click();
      await centre.getByRole('alert').getByText('Prénom', { exact: false }).first().waitFor();
      await centre.getByLabel('Prénom', { exact: true }).fill('Séraphin');
      await centre.getByLabel('Unité', { exact: true }).fill('Unité fictive des Cèdres');
      await centre.getByRole('button', { name: 'Créer la fiche' }).click();
      await h1(centre, 'Fiche d’un jeune').waitFor();
      await centre.getByLabel('Motif de consultation').selectOption('review');
      await centre.getByRole('button', { name: 'Ouvrir la fiche' }).click();
      await h1(centre, 'Séraphin').waitFor();

      const officer = await openPage(browser, server, { as: privacyOfficer });
      await officer.goto('/alertes/registre');
      await h1(officer, 'Registre des communications').waitFor();
      await officer.getByRole('cell', { name: 'Service de police fictif (vue police)' }).waitFor();
      await expectAccessible(officer, 'the register of disclosures');
      await officer.goto('/alertes/chiffres');
      await h1(officer, 'Chiffres des alertes').waitFor();
      await officer.getByText('Alertes fermées').waitFor();
      // Alerts per month as a chart named and described for screen readers, its numbers as a table.
      const chart = officer.getByRole('img', { name: /^Alertes par mois Graphique à barres\. .+ : 1\./ });
      await chart.waitFor();
      await officer.getByRole('table', { name: 'Nombre d’alertes lancées par mois' }).waitFor();
      expect(
        await officer
          .getByRole('link', { name: 'Télécharger les chiffres par mois (CSV)' })
          .getAttribute('href'),
      ).toBe('/api/alerts/figures.csv');
      await expectAccessible(officer, 'the figures with their chart');
      expect(profileId).toBeTruthy();
    });

    it('archives a profile, shows it among the archived ones and destroys it after a confirmation', async () => {
      const agent = await server.signIn(worker);
      const created = await agent.inject({
        method: 'POST',
        url: '/api/alerts/profiles',
        payload: {
          givenName: 'Clémentine',
          familyName: 'Archambault-Fictive',
          unit: 'Unité fictive des Ormes',
        },
      });
      expect(created.statusCode, created.body).toBe(201);
      const id = created.json().id as string;
      const name = 'Clémentine Archambault-Fictive';
      const profileRow = () =>
        server.platform.db
          .selectFrom('alert_profiles')
          .select(['id', 'archived_at'])
          .where('id', '=', id)
          .executeTakeFirst();

      const centre = await openPage(browser, server, { as: worker });
      await centre.goto(`/alertes/fiches/${id}`);
      await centre.getByLabel('Motif de consultation').selectOption('review');
      await centre.getByRole('button', { name: 'Ouvrir la fiche' }).click();
      await h1(centre, name).waitFor();
      await centre.getByRole('heading', { level: 2, name: 'Archiver la fiche' }).waitFor();
      await expectAccessible(centre, 'a profile with its archive form');

      // "Other" needs its explanation: refused and shown next to the field, nothing stored.
      await centre.getByLabel('Motif de l’archivage').selectOption('other');
      await centre.getByRole('button', { name: 'Archiver la fiche' }).click();
      await centre.getByRole('alert').getByText('Précision du motif', { exact: false }).first().waitFor();
      expect((await profileRow())?.archived_at).toBeNull();
      await centre.getByLabel('Précision du motif').fill('Confiée à une famille d’accueil fictive');
      await centre.getByRole('button', { name: 'Archiver la fiche' }).click();
      await centre.getByText('Fiche archivée.', { exact: true }).waitFor();
      await centre.getByText('Fiche archivée le', { exact: false }).waitFor();
      await centre.getByText('Elle sera détruite le', { exact: false }).waitFor();
      expect(
        await centre.getByRole('link', { name: 'Lancer une alerte à partir de cette fiche' }).count(),
      ).toBe(0);
      await expectAccessible(centre, 'an archived profile (read-only)');

      // Out of the default list, in the archived one.
      await centre.goto('/alertes/fiches');
      await h1(centre, 'Fiches des jeunes').waitFor();
      await centre.getByRole('table').waitFor();
      expect(await centre.getByRole('link', { name, exact: true }).count()).toBe(0);
      await centre.getByLabel('Afficher').selectOption('archived');
      await centre.getByRole('link', { name, exact: true }).waitFor();
      await centre.getByRole('cell', { name: 'Autre motif' }).waitFor();
      await expectAccessible(centre, 'the archived profiles');

      // Destroyed at once by the coordination, after a confirmation; a short justification is refused.
      await centre.getByRole('link', { name, exact: true }).click();
      await centre.getByRole('button', { name: 'Ouvrir la fiche' }).click();
      await h1(centre, name).waitFor();
      await centre.getByLabel('Justification écrite').fill('Trop bref');
      await centre.getByRole('button', { name: 'Détruire la fiche maintenant' }).click();
      const dialog = centre.getByRole('dialog', { name: `Détruire définitivement la fiche de ${name}?` });
      await dialog.waitFor();
      await expectAccessible(centre, 'the confirmation of a destruction');
      await dialog.getByRole('button', { name: 'Annuler' }).click();
      await dialog.waitFor({ state: 'hidden' });
      expect(await profileRow()).toBeDefined();
      await centre.getByRole('button', { name: 'Détruire la fiche maintenant' }).click();
      await dialog.getByRole('button', { name: 'Détruire définitivement' }).click();
      await centre.getByRole('alert').getByText('au moins 10 caractères', { exact: false }).first().waitFor();
      expect(await profileRow()).toBeDefined();
      await centre
        .getByLabel('Justification écrite')
        .fill('Le jeune fictif a demandé la destruction de sa fiche.');
      await centre.getByRole('button', { name: 'Détruire la fiche maintenant' }).click();
      await dialog.getByRole('button', { name: 'Détruire définitivement' }).click();
      await centre.getByText('La fiche a été détruite définitivement.').waitFor();
      await h1(centre, 'Fiches des jeunes').waitFor();
      expect(await centre.getByRole('link', { name, exact: true }).count()).toBe(0);
      expect(await profileRow()).toBeUndefined();
    });
  },
);

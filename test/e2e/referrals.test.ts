import { sql } from 'kysely';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createResourceOrganisation,
  createSafePlace,
  createService,
} from '../../src/server/modules/resources/directory.fixtures.js';
import { REGION_TIME_ZONE } from '../../src/shared/time-zone.js';
import type { TestPerson } from '../support/app.js';
import {
  browserTestsEnabled,
  expectAccessible,
  launchBrowser,
  openPage,
  startTestServer,
  type TestServer,
} from '../support/browser.js';

// The closed loop, on phones: a pivot finds a safe place with a free place, refers a young person of
// 16 (written down on the form) with her own consent and only the details the place needs; a worker of
// the place sees it under "Reçues", opens it with a purpose, sees the name, accepts it and completes it
// with "got help"; the pivot sees the referral completed with its outcome, and the person's trajectory
// shows it. Every referral screen passes axe.

const PHONE = { width: 390, height: 844 };
const h1 = (page: Page, name: string) => page.getByRole('heading', { level: 1, name, exact: true });

/** A birth date that makes the person 16 today (a few days past the birthday). */
function birthDate16(): string {
  const date = new Date();
  date.setUTCFullYear(date.getUTCFullYear() - 16);
  date.setUTCDate(date.getUTCDate() - 10);
  return date.toISOString().slice(0, 10);
}

/** Today in the region, and 90 days later (the default end of a consent), `YYYY-MM-DD`. */
function today(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: REGION_TIME_ZONE }).format(new Date());
}
function in90Days(): string {
  const date = new Date(`${today()}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 90);
  return date.toISOString().slice(0, 10);
}

/** Answers the purpose question with its first usual reason. */
async function openWithPurpose(page: Page, reason: string) {
  await h1(page, 'Référence').waitFor();
  await page.getByLabel('Pourquoi ouvrez-vous ce dossier?').selectOption({ label: reason });
  await page.getByRole('button', { name: 'Ouvrir' }).click();
}

describe.skipIf(!browserTestsEnabled())('referrals: the closed loop (Chromium)', () => {
  let server: TestServer;
  let browser: Browser;
  let pivot: TestPerson;
  let worker: TestPerson;
  let privacyOfficer: TestPerson;
  let tableCoordinator: TestPerson;
  let coordinator: TestPerson;
  let farService: string;
  let unkeptService: string;
  let place: Awaited<ReturnType<typeof createSafePlace>>;

  beforeAll(async () => {
    const starting = await Promise.allSettled([startTestServer(), launchBrowser()]);
    if (starting[0].status === 'fulfilled') server = starting[0].value;
    if (starting[1].status === 'fulfilled') browser = starting[1].value;
    for (const outcome of starting) if (outcome.status === 'rejected') throw outcome.reason;
    const sender = await server.createOrganisation({
      name: 'Centre jeunesse fictif',
      type: 'youth_protection',
    });
    const keeper = await server.createOrganisation({ name: 'Maison fictive des Saules', type: 'community' });
    pivot = await server.createPerson({ organisationId: sender, roles: ['pivot'], givenName: 'Pia' });
    privacyOfficer = await server.createPerson({
      organisationId: sender,
      roles: ['privacy_officer'],
      givenName: 'Paule',
    });
    worker = await server.createPerson({ organisationId: keeper, roles: ['worker'], givenName: 'Wanda' });
    tableCoordinator = await server.createPerson({ organisationId: sender, roles: ['table_coordinator'] });
    coordinator = await server.createPerson({
      organisationId: sender,
      roles: ['org_coordinator'],
      givenName: 'Coco',
    });
    // A service nobody keeps: Filet cannot refer to it, only record a referral made another way.
    unkeptService = await createService(server, {
      organisationId: await createResourceOrganisation(server, { name: 'Organisme fictif sans gardien' }),
      name: 'Clinique fictive sans gardien',
    });
    place = await createSafePlace(server, keeper, { available: 2, maximum: 5 });
    // A therapy kept by the safe place's organisation, in another region.
    farService = await createService(server, {
      organisationId: place.organisationId,
      keeper,
      name: 'Thérapie fictive lointaine',
    });
    await server.platform.db
      .updateTable('resource_services')
      .set({ accepts_referrals: true, response_days: 2 })
      .where('id', '=', place.serviceId)
      .execute();
    await server.platform.db
      .updateTable('resource_services')
      .set({ accepts_referrals: true, region: 'Autre région fictive' })
      .where('id', '=', farService)
      .execute();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('a pivot refers a young person, the safe place accepts and completes it, the loop closes', async () => {
    // The pivot finds a safe place with a free place and refers a young person of 16 to it.
    const sending = await openPage(browser, server, { as: pivot, viewport: PHONE });
    await sending.goto('/repertoire/recherche');
    await sending.getByLabel('Places libres', { exact: true }).check();
    await sending.getByRole('button', { name: 'Chercher', exact: true }).click();
    await sending.getByRole('link', { name: 'Hébergement sûr fictif' }).click();
    await h1(sending, 'Hébergement sûr fictif').waitFor();
    const refer = sending.getByRole('link', { name: 'Référer une personne' });
    // The main action is in view on a phone, without scrolling.
    expect(await refer.evaluate((el) => el.getBoundingClientRect().bottom <= window.innerHeight)).toBe(true);
    await refer.click();

    await h1(sending, 'Référer une personne à « Hébergement sûr fictif »').waitFor();
    await expectAccessible(sending, 'referral form');
    // Nothing is sent while the consent is missing.
    await sending.getByRole('button', { name: 'Envoyer la référence' }).click();
    await sending.getByRole('alert').getByText('Choisissez la personne à référer.').waitFor();
    await sending.getByRole('alert').getByText('Dites qui a consenti à la référence.').waitFor();
    await expectAccessible(sending, 'referral form with its errors');

    await sending.getByLabel('Une nouvelle personne').check();
    await sending.getByLabel('Prénom', { exact: true }).fill('Alexa');
    await sending.getByLabel('Nom de famille').fill('Fictive');
    await sending.getByLabel('Date de naissance (obligatoire pour un ou une jeune)').fill(birthDate16());
    await sending.getByText('16 ans aujourd’hui.').waitFor();
    await sending.getByLabel('Texto').check();
    await sending.getByLabel('Le ou la jeune (à partir de 14 ans)').check();
    // The disclosure profile: only the name ticked to begin with; the needs added, with a text.
    expect(await sending.getByLabel('Nom', { exact: true }).isChecked()).toBe(true);
    expect(await sending.getByLabel('Coordonnées et façon de joindre').isChecked()).toBe(false);
    expect(await sending.getByLabel('Son parcours de services (les autres références)').isChecked()).toBe(
      false,
    );
    // The consent is for the partner that keeps the service, the one that receives the details.
    await sending
      .getByText('Rien n’est communiqué à Maison fictive des Saules sans consentement', { exact: false })
      .waitFor();
    // The consent's end counts from the day it was given.
    await sending.getByLabel('Consentement donné le').fill('2026-01-10');
    expect(await sending.getByLabel('Valide jusqu’au').inputValue()).toBe('2026-04-10');
    await sending.getByLabel('Consentement donné le').fill(today());
    expect(await sending.getByLabel('Valide jusqu’au').inputValue()).toBe(in90Days());
    expect(await sending.getByLabel('Situation', { exact: true }).isChecked()).toBe(false);
    await expect(sending.getByLabel('Les besoins de la personne').count()).resolves.toBe(0);
    await sending.getByLabel('Besoins', { exact: true }).check();
    await sending.getByLabel('Les besoins de la personne').fill('Un hébergement pour quelques nuits.');
    await expectAccessible(sending, 'referral form filled in');
    await sending.getByRole('button', { name: 'Envoyer la référence' }).click();

    await sending.getByText('La référence est enregistrée.').waitFor();
    await expectAccessible(sending, 'referral purpose question');
    await openWithPurpose(sending, 'Faire le suivi de la référence');
    await h1(sending, 'Alexa Fictive, vers Hébergement sûr fictif').waitFor();
    await sending.getByText('Envoyée', { exact: true }).first().waitFor();
    await expectAccessible(sending, 'referral (sender)');
    // The home page counts the pivot's own referrals and opens the list of hers.
    await sending.goto('/');
    await sending.getByRole('link', { name: '1 de vos références est en cours' }).click();
    await sending.getByRole('heading', { level: 2, name: 'Envoyées : les miennes' }).waitFor();
    expect(await sending.getByLabel('Les miennes (dont je suis responsable)').isChecked()).toBe(true);
    await sending.getByRole('link', { name: 'Alexa Fictive, vers Hébergement sûr fictif' }).waitFor();

    // A worker of the safe place sees it on the home page, then under "Reçues", and opens it with a purpose.
    const receiving = await openPage(browser, server, { as: worker, viewport: PHONE });
    await receiving.goto('/');
    await receiving.getByRole('link', { name: '1 référence reçue attend une réponse' }).waitFor();
    await expectAccessible(receiving, 'home with the referrals card');
    await receiving.goto('/references');
    await h1(receiving, 'Références').waitFor();
    await receiving
      .getByRole('navigation', { name: 'Références envoyées ou reçues' })
      .getByRole('link', { name: 'Reçues' })
      .click();
    await receiving.getByRole('heading', { level: 2, name: 'Reçues' }).waitFor();
    await expectAccessible(receiving, 'received referrals');
    // The worker was told, in words of the referrals catalogue.
    await receiving.getByRole('button', { name: /^Notifications/ }).click();
    await receiving.getByText('Nouvelle référence reçue pour un de vos services', { exact: false }).waitFor();
    await receiving.getByRole('button', { name: /^Notifications/ }).click();
    await receiving.getByRole('link', { name: 'Alexa Fictive, pour Hébergement sûr fictif' }).click();
    await openWithPurpose(receiving, 'Répondre à la référence');
    // The service reads the referral as received: for its service.
    await h1(receiving, 'Alexa Fictive, pour Hébergement sûr fictif').waitFor();
    await receiving.getByText('Un hébergement pour quelques nuits.').waitFor();
    await receiving.getByRole('definition').getByText('Alexa Fictive', { exact: true }).first().waitFor();
    // Only what was chosen travels: the birth date never does.
    expect(await receiving.content()).not.toContain(birthDate16());
    await expectAccessible(receiving, 'referral (receiver, open)');

    // A colleague has it open too, at the version before the acceptance.
    const colleague = await openPage(browser, server, { as: worker, viewport: PHONE });
    await colleague.goto(receiving.url());
    await openWithPurpose(colleague, 'Répondre à la référence');
    await colleague.getByRole('button', { name: 'Marquer comme reçue' }).waitFor();

    await receiving.getByRole('button', { name: 'Accepter' }).click();
    await receiving.getByText('La référence est maintenant « Acceptée ».').waitFor();
    // Accepted: the service may read the person's path, here only its own referral (no trajectory shared).
    await receiving.getByRole('button', { name: 'Voir son parcours' }).click();
    await receiving
      .getByRole('region', { name: 'Parcours de la personne' })
      .getByText('Hébergement sûr fictif', { exact: false })
      .first()
      .waitFor();
    await expectAccessible(receiving, 'referral (service) with the person’s path');

    // The colleague's move was made on a stale version: refused, the referral reloaded, and said so.
    await colleague.getByRole('button', { name: 'Marquer comme reçue' }).click();
    await colleague
      .getByRole('alert')
      .getByText('Quelqu’un a changé cette référence entre-temps', { exact: false })
      .waitFor();
    await colleague.locator('.ref-status-line').getByText('Acceptée').waitFor();
    await expect(colleague.getByRole('button', { name: 'Marquer comme reçue' }).count()).resolves.toBe(0);
    await receiving.getByText('Terminer la référence').click();
    await receiving
      .getByLabel('Ce qui en est résulté pour la personne')
      .selectOption({ label: 'A reçu de l’aide' });
    // The first contact is not guessed: empty until someone says when it was.
    expect(await receiving.getByLabel('Premier contact le (facultatif)').inputValue()).toBe('');
    // Completing ends the referral: it asks first, like cancelling.
    await receiving.getByRole('button', { name: 'Terminer avec ce résultat' }).click();
    const confirm = receiving.getByRole('dialog', {
      name: 'Terminer cette référence avec le résultat « A reçu de l’aide »?',
    });
    await confirm.waitFor();
    await expectAccessible(receiving, 'confirmation before completing');
    await confirm.getByRole('button', { name: 'Terminer avec ce résultat' }).click();
    await receiving.getByText('La référence est maintenant « Terminée ».').waitFor();
    // Once over, the service sees no name any more: the title says who referred the person and when.
    await receiving
      .getByRole('heading', {
        level: 1,
        name: /^Personne référée par Centre jeunesse fictif le .+, pour Hébergement sûr fictif$/,
      })
      .waitFor();
    await expect(receiving.getByText('Fermée le', { exact: true }).count()).resolves.toBe(0);
    await receiving.getByText('Terminée le', { exact: true }).waitFor();
    // The service can no longer write on a closed referral.
    await receiving
      .getByText('La référence est fermée : votre organisation ne peut plus y ajouter de notes.')
      .waitFor();
    await expect(receiving.getByLabel('Note', { exact: true }).count()).resolves.toBe(0);
    await receiving
      .getByText('La référence est terminée : les renseignements de la personne ne sont plus visibles.')
      .waitFor();
    expect(await receiving.content()).not.toContain('Un hébergement pour quelques nuits.');
    await expectAccessible(receiving, 'referral (receiver, completed)');

    // The sender sees the loop closed: told, completed, with its outcome, and in the person's trajectory.
    await sending.goto('/references');
    await sending.getByRole('button', { name: /^Notifications/ }).click();
    await sending.getByText('Une de vos références est maintenant « Terminée ».').waitFor();
    await sending.getByRole('button', { name: /^Notifications/ }).click();
    const card = sending
      .getByRole('listitem')
      .filter({ hasText: 'Alexa Fictive, vers Hébergement sûr fictif' });
    await card.getByText('Terminée', { exact: true }).waitFor();
    await card.getByText('A reçu de l’aide').waitFor();
    await expectAccessible(sending, 'sent referrals');
    await card.getByRole('link').click();
    await openWithPurpose(sending, 'Faire le suivi de la référence');
    await sending.locator('.ref-outcome').getByText('A reçu de l’aide').waitFor();
    await sending.locator('.ref-status-line').getByText('Terminée').waitFor();
    await sending.getByRole('link', { name: 'Alexa Fictive', exact: true }).click();

    await h1(sending, 'Personne suivie').waitFor();
    await sending
      .getByLabel('Pourquoi ouvrez-vous ce dossier?')
      .selectOption({ label: 'Faire le suivi de la personne' });
    await sending.getByRole('button', { name: 'Ouvrir' }).click();
    await h1(sending, 'Alexa Fictive').waitFor();
    const trajectory = sending.getByRole('region', { name: 'Trajectoire de services' });
    await trajectory.getByRole('link', { name: 'Hébergement sûr fictif' }).waitFor();
    await trajectory.getByText('Terminée').waitFor();
    await trajectory.getByText('A reçu de l’aide', { exact: false }).waitFor();
    await sending.getByRole('region', { name: 'Consentements' }).getByText('En vigueur').waitFor();
    await expectAccessible(sending, 'person followed');

    // The person's contact preferences change: never reach her directly any more.
    await sending.getByRole('button', { name: 'Modifier', exact: true }).click();
    await h1(sending, 'Modifier : Alexa Fictive').waitFor();
    await expectAccessible(sending, 'person followed, edit');
    await sending.getByLabel('Ne jamais joindre la personne directement (passer par nous)').check();
    await sending.getByRole('button', { name: 'Enregistrer les changements' }).click();
    await sending.getByText('Les changements sont enregistrés.').waitFor();
    await sending
      .getByText('Ne jamais joindre la personne directement : passer par l’organisation qui réfère.')
      .waitFor();

    // A referral made by phone to a service outside the directory joins the trajectory.
    await sending.getByLabel('Un service qui n’est pas dans le répertoire').check();
    await sending.getByLabel('Nom du service').fill('Clinique fictive hors répertoire');
    await sending.getByRole('button', { name: 'Consigner la référence' }).click();
    await sending.getByText('La référence est consignée.').waitFor();
    await trajectory.getByRole('link', { name: 'Clinique fictive hors répertoire' }).waitFor();

    // A consent recorded from her page, for the partner that keeps the service.
    const newConsent = sending.getByRole('region', { name: 'Consigner un consentement' });
    await newConsent
      .getByLabel('Pour quelle organisation?')
      .selectOption({ label: 'Maison fictive des Saules' });
    await newConsent.getByLabel('Le ou la jeune (à partir de 14 ans)').check();
    await newConsent.getByRole('button', { name: 'Consigner le consentement' }).click();
    await sending.getByText('Le consentement pour Maison fictive des Saules est consigné.').waitFor();
    const consents = sending.getByRole('region', { name: 'Consentements' });
    // The list reloads after the message: wait for the second consent in force, then count.
    await consents.getByText('En vigueur', { exact: true }).nth(1).waitFor();
    await expect(consents.getByText('En vigueur', { exact: true }).count()).resolves.toBe(2);

    // Withdrawing a consent, after a confirmation.
    await consents.getByRole('button', { name: 'Retirer le consentement' }).first().click();
    await sending.getByRole('dialog').getByRole('button', { name: 'Retirer le consentement' }).click();
    await sending.getByText('Le consentement pour', { exact: false }).waitFor();
    await consents.getByText('Retiré', { exact: true }).waitFor();
    await expectAccessible(sending, 'person followed, consent withdrawn');

    // Referring her again from her page: the search and the service keep the person to the form.
    await sending.getByRole('link', { name: 'Référer à un service' }).click();
    await sending.getByText('Vous cherchez un service pour une personne suivie', { exact: false }).waitFor();
    await sending.getByLabel('Places libres', { exact: true }).check();
    await sending.getByRole('button', { name: 'Chercher', exact: true }).click();
    await sending.getByRole('link', { name: 'Hébergement sûr fictif' }).click();
    await sending.getByRole('link', { name: 'Référer une personne' }).click();
    await h1(sending, 'Référer une personne à « Hébergement sûr fictif »').waitFor();
    expect(new URL(sending.url()).searchParams.get('pour')).not.toBeNull();
    await sending.getByText('Personne choisie : Alexa Fictive.').waitFor();

    await sending.goto('/suivis');
    await h1(sending, 'Personnes suivies').waitFor();
    await sending.getByRole('link', { name: 'Alexa Fictive' }).waitFor();
    await expectAccessible(sending, 'people followed');
    await sending.goto('/suivis/nouvelle');
    await h1(sending, 'Nouvelle personne suivie').waitFor();
    await expectAccessible(sending, 'new person followed');
  });

  it('a coordinator refers a parent without consent to another region; a service nobody keeps only records', async () => {
    const page = await openPage(browser, server, { as: coordinator, viewport: PHONE });
    await page.goto(`/references/nouvelle?service=${farService}`);
    await h1(page, 'Référer une personne à « Thérapie fictive lointaine »').waitFor();
    // The service is in another region than the coordinator's organisation: the form asks why.
    await page.getByRole('heading', { level: 2, name: '4. Un service d’une autre région' }).waitFor();
    await page.getByLabel('Une nouvelle personne').check();
    await page.getByLabel('Parent', { exact: true }).check();
    await page.getByLabel('Prénom', { exact: true }).fill('Paulo');
    await page.getByLabel('Sans consentement (dérogation)').check();
    await page.getByText('signalée au ou à la responsable de la protection', { exact: false }).waitFor();
    await page.getByLabel('Justification de la dérogation').fill('Le parent est en danger et injoignable.');
    await page.getByRole('button', { name: 'Envoyer la référence' }).click();
    // The server wants the reason: the person is kept, the referral is not sent, the field says why.
    await page.getByRole('alert').getByRole('link', { name: /./ }).first().waitFor();
    await page.getByText('Paulo est maintenant une personne suivie', { exact: false }).waitFor();
    await expectAccessible(page, 'referral form refused for the missing region reason');
    await page.getByLabel('Pourquoi un service hors de votre région?').fill('Le seul service en espagnol.');
    await page.getByRole('button', { name: 'Envoyer la référence' }).click();
    await openWithPurpose(page, 'Faire le suivi de la référence');
    await h1(page, 'Paulo, vers Thérapie fictive lointaine').waitFor();
    await page.getByText('Sans consentement (dérogation justifiée)').waitFor();
    await page.getByText('Le seul service en espagnol.').waitFor();
    // The person was recorded once, not at each try.
    await page.goto('/suivis?q=Paulo');
    await page.getByText('1 personne', { exact: true }).waitFor();

    await page.goto(`/repertoire/services/${unkeptService}`);
    await h1(page, 'Clinique fictive sans gardien').waitFor();
    await expect(page.getByRole('link', { name: 'Référer une personne' }).count()).resolves.toBe(0);
    await page.getByRole('link', { name: 'Consigner une référence faite hors Filet' }).click();
    await h1(page, 'Consigner une référence faite hors Filet').waitFor();
    await page.getByLabel('Paulo', { exact: false }).check();
    await page.getByLabel('Statut').selectOption({ label: 'Terminée' });
    await page.getByLabel('Résultat').selectOption({ label: 'Orientée ailleurs' });
    await expectAccessible(page, 'outside referral from a service page');
    await page.getByRole('button', { name: 'Consigner la référence' }).click();
    await openWithPurpose(page, 'Faire le suivi de la référence');
    await h1(page, 'Paulo, vers Clinique fictive sans gardien').waitFor();
    await page.getByText('Faite hors Filet').first().waitFor();
    await page.locator('.ref-outcome').getByText('Orientée ailleurs').waitFor();
  });

  it('the privacy officer reads the register and the table its figures', async () => {
    const officer = await openPage(browser, server, { as: privacyOfficer });
    await officer.goto('/references/registre');
    await h1(officer, 'Registre des communications').waitFor();
    await officer.getByText('De Centre jeunesse fictif à Maison fictive des Saules').first().waitFor();
    await officer.getByText('Consentement de la personne').first().waitFor();
    await expectAccessible(officer, 'register of disclosures');
    // The share without consent is flagged with its justification until reviewed.
    await officer.getByLabel('Seulement les communications signalées').check();
    const flagged = officer
      .getByRole('listitem')
      .filter({ hasText: 'Le parent est en danger et injoignable.' });
    await flagged.getByText('Signalée : à revoir').waitFor();
    await flagged.getByRole('button', { name: 'Marquer comme revu' }).click();
    await officer.getByText('La communication est marquée comme revue.').waitFor();
    await flagged.getByText('Signalée : revue').waitFor();
    await expectAccessible(officer, 'register of disclosures, flagged');

    // The figures read months that have ended: the journey's referrals are moved back to last month.
    await sql`update referrals set sent_at = sent_at - interval '31 days'`.execute(server.platform.db);
    const coordinator = await openPage(browser, server, { as: tableCoordinator, viewport: PHONE });
    await coordinator.goto('/references/chiffres');
    await h1(coordinator, 'Chiffres des références').waitFor();
    // One referral is under the small-cell threshold: never shown as a number.
    await coordinator.getByRole('cell', { name: 'moins de 5' }).first().waitFor();
    await expectAccessible(coordinator, 'referral figures');
  });
});

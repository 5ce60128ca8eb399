import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

// The observatory, on phones for the pivot: a pivot records what she saw this month; her first text
// names a phone number, so the checker shows it and nothing is sent until she rewrites it. The table
// coordination finds the text on its home page, approves it (a colleague who had the queue open is told
// plainly that it was decided meanwhile), verifies the observation and sees it in the trends, as a chart
// and as numbers. The glossary, the settings and a researcher's suppressed export pass axe too.

const PHONE = { width: 390, height: 844 };
const h1 = (page: Page, name: string | RegExp) =>
  page.getByRole('heading', { level: 1, name, ...(typeof name === 'string' ? { exact: true } : {}) });

/** This month in the region, `YYYY-MM`. */
function thisMonth(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: REGION_TIME_ZONE }).format(new Date()).slice(0, 7);
}

function monthWords(month: string): string {
  const [year, number] = month.split('-').map(Number) as [number, number];
  return new Intl.DateTimeFormat('fr-CA', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(year, number - 1, 15)),
  );
}

/** True when the page fits the phone's width (no sideways scrolling; wide tables scroll in their own region). */
const fitsWidth = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

const IDENTIFYING = 'Elle a donné le 514 555-0123 à une amie rencontrée au parc.';
const REWRITTEN = 'Une amie l’a invitée à une fête, puis les contacts ont continué sur la plateforme.';
const LAST_YEAR_TEXT = 'Des messages d’un inconnu promettaient un travail de mannequin, puis une rencontre.';

describe.skipIf(!browserTestsEnabled())('observatory: observe, review, trends (Chromium)', () => {
  let server: TestServer;
  let browser: Browser;
  let pivot: TestPerson;
  let table: TestPerson;
  let colleague: TestPerson;
  let researcher: TestPerson;
  let englishCoordinator: TestPerson;

  beforeAll(async () => {
    const starting = await Promise.allSettled([startTestServer(), launchBrowser()]);
    if (starting[0].status === 'fulfilled') server = starting[0].value;
    if (starting[1].status === 'fulfilled') browser = starting[1].value;
    for (const outcome of starting) if (outcome.status === 'rejected') throw outcome.reason;
    const organisationId = await server.createOrganisation({
      name: 'Maison fictive des Jeunes',
      type: 'community',
    });
    const tableOrganisation = await server.createOrganisation({ name: 'Table fictive', type: 'other' });
    const coordinator = await server.createPerson({ organisationId, roles: ['org_coordinator'] });
    pivot = await server.createPerson({ organisationId, roles: ['worker'], givenName: 'Pia' });
    table = await server.createPerson({ organisationId: tableOrganisation, roles: ['table_coordinator'] });
    colleague = await server.createPerson({
      organisationId: tableOrganisation,
      roles: ['table_coordinator'],
      givenName: 'Tania',
    });
    researcher = await server.createPerson({ organisationId: tableOrganisation, roles: ['researcher'] });
    englishCoordinator = await server.createPerson({
      organisationId,
      roles: ['org_coordinator'],
      givenName: 'Casey',
      locale: 'en-CA',
    });
    // The worker is named pivot of her organisation, with a mandate in force today.
    const named = await (await server.signIn(coordinator)).inject({
      method: 'POST',
      url: '/api/network/mandates',
      payload: {
        personId: pivot.id,
        organisationId,
        startOn: '2025-01-06',
        expertise: [],
        languages: ['fr'],
        prerequisiteCompletedOn: '2025-01-02',
      },
    });
    expect(named.statusCode, named.body).toBe(201);
    const platform = await (await server.signIn(table)).inject({
      method: 'POST',
      url: '/api/observatory/platforms',
      payload: { name: 'Plateforme fictive' },
    });
    expect(platform.statusCode, platform.body).toBe(201);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('a pivot records an observation: a phone number in the text blocks it until it is rewritten', async () => {
    const month = thisMonth();
    const recording = await openPage(browser, server, { as: pivot, viewport: PHONE });
    await recording.goto('/observatoire');
    await h1(recording, 'Observations').waitFor();
    await recording.getByText('0 observation', { exact: true }).waitFor();
    await expectAccessible(recording, 'observations (pivot, none yet)');
    await recording.getByRole('link', { name: 'Noter une observation' }).first().click();

    await h1(recording, 'Noter une observation').waitFor();
    await expectAccessible(recording, 'observation form');
    await recording.getByLabel('Mois', { exact: true }).fill(month);
    await recording.getByLabel('Type de lieu').selectOption({ label: 'En ligne' });
    await recording.getByLabel('Plateforme', { exact: true }).selectOption({ label: 'Plateforme fictive' });
    await recording.getByLabel('Par une amie ou un ami').check();
    await recording.getByLabel('Invitation à une fête').check();
    await recording.getByLabel('Isolement de l’entourage').check();
    const word = recording.getByLabel('Mot codé à ajouter');
    await word.fill('bouteille bleue');
    await word.press('Enter');
    await recording.getByRole('button', { name: 'Retirer « bouteille bleue »' }).waitFor();
    await recording.getByLabel('14 ou 15 ans').check();
    await recording.getByLabel('Filles', { exact: true }).check();
    await recording.getByLabel('Jeune adulte').check();
    await recording.getByLabel('Filles vues').fill('2');
    await recording
      .getByText('Votre texte est relu par la coordination de la table avant d’être partagé', {
        exact: false,
      })
      .waitFor();

    // A phone number in the text: the checker shows it as it is typed, and nothing is sent.
    const text = recording.getByLabel('Ce que vous avez observé');
    await text.fill(IDENTIFYING);
    const findings = recording.locator('#obs-text-findings');
    await findings.getByText('numéro de téléphone', { exact: false }).first().waitFor();
    await findings.locator('mark').getByText('514 555-0123').waitFor();
    await expectAccessible(recording, 'observation form with a finding');
    expect(await fitsWidth(recording), 'the form fits a phone').toBe(true);
    await recording.getByRole('button', { name: 'Enregistrer l’observation' }).click();
    await recording
      .getByRole('alert')
      .getByText('Le texte semble contenir des renseignements identifiants', { exact: false })
      .waitFor();
    await expectAccessible(recording, 'observation form refused');
    const stored = await (await server.signIn(pivot)).inject({
      method: 'GET',
      url: '/api/observatory/observations',
    });
    expect(stored.statusCode, stored.body).toBe(200);
    expect(stored.json().total).toBe(0);

    // Rewritten: the findings go, the observation is sent.
    await text.fill(REWRITTEN);
    await expect(findings.count()).resolves.toBe(0);
    await recording.getByRole('button', { name: 'Enregistrer l’observation' }).click();
    await recording.getByText('L’observation est enregistrée.').waitFor();
    await h1(recording, `En ligne, ${monthWords(month)}`).waitFor();
    await recording.getByText('Texte à relire', { exact: true }).waitFor();
    await recording.getByText(REWRITTEN).waitFor();
    await recording.getByText('bouteille bleue', { exact: true }).waitFor();
    await expectAccessible(recording, 'observation (pivot)');

    // Not verified yet: she corrects a count.
    await recording.getByRole('link', { name: 'Corriger l’observation' }).click();
    await h1(recording, 'Corriger l’observation').waitFor();
    expect(await recording.getByLabel('Ce que vous avez observé').inputValue()).toBe(REWRITTEN);
    await expectAccessible(recording, 'observation correction');
    await recording.getByLabel('Filles vues').fill('3');
    await recording.getByRole('button', { name: 'Enregistrer les corrections' }).click();
    await recording.getByText('Les corrections sont enregistrées.').waitFor();
    await recording.getByRole('definition').getByText('3', { exact: true }).waitFor();
  });

  it('the table approves the text (a colleague deciding second is told plainly), verifies the observation and sees the trend', async () => {
    const month = thisMonth();
    // The table coordination sees it waiting on its home page; a colleague has the queue open too.
    const reviewing = await openPage(browser, server, { as: table });
    await reviewing.goto('/');
    await reviewing.getByRole('link', { name: '1 texte d’observation à relire' }).waitFor();
    await expectAccessible(reviewing, 'home with the observatory card');
    const other = await openPage(browser, server, { as: colleague });
    await other.goto('/observatoire/revue');
    await other.getByText(REWRITTEN).waitFor();

    await reviewing.getByRole('link', { name: '1 texte d’observation à relire' }).click();
    await h1(reviewing, 'Textes à relire').waitFor();
    await reviewing.getByText(REWRITTEN).waitFor();
    await expectAccessible(reviewing, 'review queue');
    await reviewing.getByRole('button', { name: /^Approuver le texte/ }).click();
    await reviewing.getByText('Le texte est approuvé.').waitFor();
    await reviewing.getByText('Aucun texte n’attend de relecture.').waitFor();

    // The colleague's decision comes second: said plainly, nothing changed.
    await other.getByRole('button', { name: /^Refuser le texte/ }).click();
    await other.getByLabel('Raison du refus').fill('Trop précis sur le lieu.');
    await other.getByRole('button', { name: 'Refuser avec cette raison' }).click();
    await other
      .getByRole('alert')
      .getByText('Une autre personne a déjà décidé de ce texte entre-temps', { exact: false })
      .waitFor();
    await expectAccessible(other, 'review queue after a conflict');

    // The observation, approved; the table verifies it.
    await reviewing.goto('/observatoire');
    await reviewing.getByRole('definition').getByText('Maison fictive des Jeunes', { exact: true }).waitFor();
    await expectAccessible(reviewing, 'observations (table)');
    await reviewing.getByRole('link', { name: `En ligne, ${monthWords(month)}` }).click();
    await reviewing.getByText('Texte approuvé', { exact: true }).waitFor();
    await reviewing.getByLabel('État de la vérification').selectOption({ label: 'Vérifiée' });
    await reviewing.getByRole('button', { name: 'Enregistrer la vérification' }).click();
    await reviewing.getByText('La vérification est maintenant « Vérifiée ».').waitFor();
    await expectAccessible(reviewing, 'observation (table)');

    // The trend: by recruitment method, this month counts one under each method named.
    await reviewing.goto('/observatoire/tendances');
    await h1(reviewing, 'Tendances').waitFor();
    await reviewing.getByLabel('Dimension').selectOption({ label: 'Méthode de recrutement' });
    await reviewing.getByRole('button', { name: 'Afficher' }).click();
    const numbers = reviewing.getByRole('table', { name: /^Observations par période et par Méthode/ });
    await numbers.waitFor();
    const row = numbers.getByRole('row', { name: new RegExp(`^${monthWords(month)}`) });
    await expect(row.getByRole('cell').allTextContents()).resolves.toEqual(expect.arrayContaining(['1']));
    const header = await numbers.getByRole('columnheader').allTextContents();
    const cells = await row.getByRole('cell').allTextContents();
    // Cells follow the headers after the period's own header: total, then each method.
    expect(cells[header.indexOf('Total') - 1]).toBe('1');
    expect(cells[header.indexOf('Par une amie ou un ami') - 1]).toBe('1');
    expect(cells[header.indexOf('Gang de rue') - 1]).toBe('0');
    const chart = reviewing.getByRole('img', {
      name: /Méthode de recrutement : les 2 valeurs les plus fréquentes/,
    });
    await chart.waitFor();
    expect(await chart.locator('desc').textContent()).toContain('Par une amie ou un ami');
    const csv = await reviewing.getByRole('link', { name: 'Télécharger en CSV' }).getAttribute('href');
    expect(csv).toContain('/api/observatory/trends.csv?dimension=method');
    const download = await reviewing.request.get(csv ?? '');
    expect(download.status()).toBe(200);
    expect(await download.text()).toContain(month);
    await expectAccessible(reviewing, 'trends');
  });

  it('the code word heard proposes a glossary term the table publishes and every member finds', async () => {
    const reviewing = await openPage(browser, server, { as: table });
    const recording = await openPage(browser, server, { as: pivot, viewport: PHONE });
    // The glossary and its curation pass axe.
    await reviewing.goto('/observatoire/glossaire');
    await h1(reviewing, 'Glossaire').waitFor();
    const pdf = await reviewing
      .getByRole('link', { name: 'Imprimer le glossaire (PDF)' })
      .getAttribute('href');
    const printed = await reviewing.request.get(pdf ?? '');
    expect(printed.status()).toBe(200);
    expect(printed.headers()['content-type']).toContain('application/pdf');
    await expectAccessible(reviewing, 'glossary (table)');
    await reviewing.getByRole('link', { name: 'bouteille bleue' }).click();
    await h1(reviewing, '« bouteille bleue »').waitFor();
    await reviewing.getByText('Proposé', { exact: true }).waitFor();
    await expectAccessible(reviewing, 'glossary term (table)');
    await reviewing.getByLabel('Sens en français').fill('Expression fictive pour une invitation.');
    await reviewing.getByLabel('Sens en anglais').fill('Invented expression for an invitation.');
    await reviewing.getByRole('button', { name: 'Publier' }).click();
    await reviewing.getByText('Le terme est maintenant « Publié ».').waitFor();
    await recording.goto('/observatoire/glossaire');
    await recording.getByLabel('Mot ou sens').fill('INVITATION');
    await recording.getByRole('button', { name: 'Rechercher' }).click();
    await recording.getByRole('link', { name: 'bouteille bleue' }).waitFor();
    await expectAccessible(recording, 'glossary (pivot)');

    await reviewing.goto('/observatoire/reglages');
    await h1(reviewing, 'Plateformes et seuil').waitFor();
    await reviewing.getByRole('row', { name: /Plateforme fictive/ }).waitFor();
    await expectAccessible(reviewing, 'observatory settings');
  });

  it('a researcher gets a suppressed table ("< 10" where counts are hidden), reads the approved texts once the table allows them, proposes a question', async () => {
    // Exports cover a calendar year that has closed (April 1 of the next): the last closed year holds one
    // observation recorded in its time, its text approved.
    const month = thisMonth();
    const lastYear = String(Number(month.slice(0, 4)) - (month.slice(5, 7) >= '04' ? 1 : 2));
    const recorded = await (await server.signIn(pivot)).inject({
      method: 'POST',
      url: '/api/observatory/observations',
      payload: {
        month: `${lastYear}-06`,
        placeType: 'online',
        recruitmentMethods: ['online_contact'],
        text: LAST_YEAR_TEXT,
      },
    });
    expect(recorded.statusCode, recorded.body).toBe(201);
    for (const table of ['observations', 'observation_facets'] as const)
      await server.platform.db
        .updateTable(table)
        .set({ created_at: new Date(`${lastYear}-07-02T12:00:00Z`) })
        .where(table === 'observations' ? 'id' : 'observation_id', '=', recorded.json().id)
        .execute();
    const approved = await (await server.signIn(table)).inject({
      method: 'POST',
      url: `/api/observatory/observations/${recorded.json().id}/review`,
      payload: { decision: 'approve', version: recorded.json().version },
    });
    expect(approved.statusCode, approved.body).toBe(200);

    const page = await openPage(browser, server, { as: researcher, viewport: PHONE });
    await page.goto('/observatoire');
    await h1(page, 'Recherche').waitFor();
    await expectAccessible(page, 'research');
    await page.getByLabel('But de l’export').fill('Comprendre les méthodes de recrutement selon les mois.');
    await page.getByLabel('Dimension (lignes)').selectOption({ label: 'Méthode de recrutement' });
    await page.getByLabel('Année', { exact: true }).selectOption(lastYear);
    await page.getByLabel('Demander aussi les textes approuvés de la période', { exact: false }).check();
    await page.getByRole('button', { name: 'Produire l’export' }).click();
    await page.getByText('L’export est produit et consigné.').waitFor();
    await h1(page, /^Méthode de recrutement, de /).waitFor();
    await page
      .getByText('Tout nombre de 1 à 9 est caché et remplacé par « < 10 ».', { exact: false })
      .waitFor();
    const released = await page.getByRole('table').locator('td').allTextContents();
    // One observation: every count it makes (1) is hidden, never shown.
    expect(released).toContain('< 10');
    expect(released).not.toContain('1');
    await expectAccessible(page, 'research export');
    expect(await fitsWidth(page), 'the export fits a phone').toBe(true);
    await page.getByText('Demandés, en attente de la table', { exact: true }).waitFor();
    const exportAddress = new URL(page.url()).pathname;

    await page.goto('/observatoire/recherche');
    await page.getByLabel('Titre de la question').fill('Recrutement dans les fêtes');
    await page
      .getByLabel('La question et ce qu’elle apporterait')
      .fill('Les invitations à des fêtes augmentent-elles au printemps?');
    await page.getByRole('button', { name: 'Proposer la question' }).click();
    await page.getByText('La question est proposée à la table.').waitFor();
    await page.getByRole('heading', { level: 3, name: 'Recrutement dans les fêtes' }).waitFor();
    await expectAccessible(page, 'research with a question');

    const tablePage = await openPage(browser, server, { as: table });
    await tablePage.goto('/observatoire/table');
    await h1(tablePage, 'Exports et questions').waitFor();
    await tablePage.getByText('Comprendre les méthodes de recrutement selon les mois.').waitFor();
    await expectAccessible(tablePage, 'exports and questions (table)');
    await tablePage
      .getByLabel('Note pour la personne (facultatif)')
      .fill('Nous en parlerons à la rencontre.');
    await tablePage.getByRole('button', { name: 'Envoyer la réponse' }).click();
    await tablePage.getByText('La question est acceptée.').waitFor();

    // The table allows the approved texts for this export; the researcher reads them, unlinked.
    await tablePage.getByRole('link', { name: /^Méthode de recrutement, de / }).click();
    await h1(tablePage, /^Méthode de recrutement, de /).waitFor();
    await expectAccessible(tablePage, 'research export (table)');
    await tablePage.getByRole('button', { name: 'Permettre les textes' }).click();
    await tablePage.getByText('Les textes sont permis pour cet export.').waitFor();
    await page.goto(exportAddress);
    await page.getByRole('button', { name: 'Lire les textes' }).click();
    await page.getByText(LAST_YEAR_TEXT).waitFor();
    await expectAccessible(page, 'research export with its texts');
  });

  it('an organisation coordinator reads their observations and trends in English', async () => {
    const page = await openPage(browser, server, { as: englishCoordinator, viewport: PHONE });
    await page.goto('/observatoire');
    await h1(page, 'Observations').waitFor();
    await page.getByText("Your organisation's observations.", { exact: false }).waitFor();
    // This month's, and last year's the research export counted.
    await page.getByText('2 observations', { exact: true }).waitFor();
    await expectAccessible(page, 'observations (org coordinator, en)');
    await page.goto('/observatoire/tendances');
    await h1(page, 'Trends').waitFor();
    await page.getByRole('table', { name: /^Observations by period and by Recruitment method/ }).waitFor();
    await expect(page.getByLabel('Organisation', { exact: true }).count()).resolves.toBe(0);
    await expectAccessible(page, 'trends (org coordinator, en)');
    expect(await fitsWidth(page), 'the trends fit a phone').toBe(true);
  });
});

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createResourceOrganisation,
  createService,
} from '../../src/server/modules/resources/directory.fixtures.js';
import type { TestPerson } from '../support/app.js';
import {
  browserTestsEnabled,
  expectAccessible,
  launchBrowser,
  openPage,
  startTestServer,
  type TestServer,
} from '../support/browser.js';

// The expertise cell, on phones: a front-line worker asks the pivots for advice; a phone number left in
// the text is shown next to the field as the worker types and nothing is sent until it is rewritten. A
// pivot of the organisation sees the question on the home page, takes it and answers; the worker's
// screen shows the answer without reloading. The pivot closes it with a service of the directory and
// turns it into a know-how entry that the worker finds. The table's settings and figures open. Every
// screen passes axe.

const PHONE = { width: 390, height: 844 };
const h1 = (page: Page, name: string) => page.getByRole('heading', { level: 1, name, exact: true });
const TITLE = 'Fille, 14-15 ans, milieu : école';
const OBSERVED_WITH_PHONE =
  'Elle parle d’un homme plus âgé qui la conduit à des fêtes; elle a noté son numéro, le 514 555-0123.';
const OBSERVED =
  'Elle parle d’un homme plus âgé qui la conduit à des fêtes; elle reçoit des cadeaux et s’absente souvent.';
const ANSWER = 'Commencez par un lien de confiance et proposez une rencontre avec la ressource spécialisée.';

describe.skipIf(!browserTestsEnabled())('consultations: asked, taken, answered live (Chromium)', () => {
  let server: TestServer;
  let browser: Browser;
  let worker: TestPerson;
  let pivot: TestPerson;
  let otherPivot: TestPerson;
  let tableCoordinator: TestPerson;

  beforeAll(async () => {
    const starting = await Promise.allSettled([startTestServer(), launchBrowser()]);
    if (starting[0].status === 'fulfilled') server = starting[0].value;
    if (starting[1].status === 'fulfilled') browser = starting[1].value;
    for (const outcome of starting) if (outcome.status === 'rejected') throw outcome.reason;
    const centre = await server.createOrganisation({ name: 'Maison des jeunes fictive', type: 'community' });
    worker = await server.createPerson({
      organisationId: centre,
      roles: ['worker'],
      givenName: 'Wanda',
      familyName: 'Intervenante-Fictive',
    });
    pivot = await server.createPerson({
      organisationId: centre,
      roles: ['pivot'],
      givenName: 'Pia',
      familyName: 'Pivot-Fictive',
    });
    // A pivot of another partner of the same region is asked too.
    const school = await server.createOrganisation({
      name: 'École secondaire fictive',
      type: 'school_service_centre',
    });
    otherPivot = await server.createPerson({
      organisationId: school,
      roles: ['pivot'],
      givenName: 'Paulo',
      familyName: 'Pivot-Fictif',
    });
    tableCoordinator = await server.createPerson({ organisationId: centre, roles: ['table_coordinator'] });
    await server.platform.db
      .insertInto('pivot_mandates')
      .values([
        {
          person_id: pivot.id,
          organisation_id: centre,
          start_on: '2026-01-01',
          expertise: ['schools'],
          languages: ['fr', 'en'],
        },
        { person_id: otherPivot.id, organisation_id: school, start_on: '2026-01-01', languages: ['fr'] },
      ])
      .execute();
    await createService(server, {
      organisationId: await createResourceOrganisation(server, { name: 'Organisme fictif d’aide' }),
      name: 'Accompagnement fictif des adolescentes',
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const stored = async () =>
    (await server.platform.db.selectFrom('consultations').select('id').execute()).map((r) => r.id);

  it('a worker asks without identifying anyone, a pivot takes it and answers, the worker sees it live', async () => {
    const asking = await openPage(browser, server, { as: worker, viewport: PHONE });
    await asking.goto('/consultations/nouvelle');
    await h1(asking, 'Demander conseil aux intervenant·es pivots').waitFor();
    await asking
      .getByText('Une consultation ne contient aucun renseignement identifiant', { exact: false })
      .waitFor();
    await expectAccessible(asking, 'the ask form');

    await asking.getByLabel('Âge du ou de la jeune').selectOption({ label: '14-15 ans' });
    await asking.getByLabel('Genre', { exact: true }).selectOption({ label: 'fille' });
    await asking.getByLabel('Milieu', { exact: true }).selectOption({ label: 'école' });
    await asking.getByLabel('Ce que vous avez observé').fill(OBSERVED_WITH_PHONE);
    await asking.getByLabel('Votre question').fill('Comment aborder la situation avec elle sans la braquer?');
    // The checker shows what looks identifying next to the field as the worker types.
    const finding = asking.locator('#ask-observed-error');
    await finding.getByText('numéro de téléphone (« 514 555-0123 »)', { exact: false }).waitFor();
    await expectAccessible(asking, 'the ask form with a finding');
    // Sending is refused in the browser: nothing reaches the server.
    await asking.getByRole('button', { name: 'Envoyer la question' }).click();
    await asking.getByRole('alert').getByText('Rien n’a été envoyé. Corrigez les champs signalés.').waitFor();
    await asking
      .getByRole('alert')
      .getByRole('link', { name: /^Ce que vous avez observé :/ })
      .waitFor();
    expect(await stored()).toEqual([]);
    await expectAccessible(asking, 'the ask form refused');

    // Rewritten: the finding goes away, and the question is sent.
    await asking.getByLabel('Ce que vous avez observé').fill(OBSERVED);
    await finding.waitFor({ state: 'detached' });
    await asking.getByRole('button', { name: 'Envoyer la question' }).click();
    await h1(asking, TITLE).waitFor();
    await asking.getByText('Votre question est envoyée.', { exact: false }).waitFor();
    await asking.getByText('En attente d’un·e pivot').first().waitFor();
    await asking.getByText(OBSERVED).waitFor();
    expect(await stored()).toHaveLength(1);
    await expectAccessible(asking, 'a consultation (asker, waiting)');

    // The pivot sees it on the home page, in the list of what waits, and takes it.
    const answering = await openPage(browser, server, { as: pivot, viewport: PHONE });
    await answering.goto('/');
    await answering.getByRole('link', { name: '1 question attend un·e intervenant·e pivot' }).click();
    await answering.getByRole('heading', { level: 2, name: 'À prendre' }).waitFor();
    expect(
      await answering.evaluate(() => document.documentElement.scrollWidth),
      'the lists fit the phone width',
    ).toBeLessThanOrEqual(PHONE.width);
    await expectAccessible(answering, 'the consultations to take');
    await answering.getByRole('link', { name: TITLE }).click();
    await h1(answering, TITLE).waitFor();
    // The pivot reads the asker's words in the third person, not the form's "Ce que vous avez observé".
    await answering.getByText('Ce qui a été observé', { exact: true }).waitFor();
    await answering.getByText('La question', { exact: true }).waitFor();
    expect(await answering.getByText('Ce que vous avez observé').count()).toBe(0);
    await expectAccessible(answering, 'a consultation (recipient)');
    // The other pivot asked has it open in a tab whose live stream is down, so it still offers to take it.
    const late = await openPage(browser, server, { as: otherPivot, viewport: PHONE });
    await late.route('**/api/notifications/stream', (route) => route.abort());
    await late.goto(new URL(answering.url()).pathname);
    await h1(late, TITLE).waitFor();
    await answering.getByRole('button', { name: 'Prendre en charge' }).click();
    await answering.getByText('Vous avez pris en charge cette consultation.').waitFor();
    await answering.getByText('Prise en charge', { exact: true }).first().waitFor();
    // Too late: the refusal is said plainly, and the page shows it is someone else's now.
    await late.getByRole('button', { name: 'Prendre en charge' }).click();
    await late
      .getByRole('alert')
      .getByText('Un·e autre intervenant·e pivot a déjà pris en charge cette consultation', { exact: false })
      .waitFor();
    await late.getByText('Prise en charge par quelqu’un d’autre').first().waitFor();
    expect(await late.getByRole('button', { name: 'Prendre en charge' }).count()).toBe(0);
    await expectAccessible(late, 'a consultation taken by someone else');

    // Another pivot brought into the exchange.
    await answering
      .getByLabel('Intervenant·e pivot', { exact: true })
      .selectOption({ label: 'Paulo Pivot-Fictif — École secondaire fictive' });
    await answering.getByRole('button', { name: 'Ajouter à l’échange' }).click();
    await answering.getByText('La personne a été ajoutée à l’échange.').waitFor();
    await answering.getByText('Paulo Pivot-Fictif (École secondaire fictive)', { exact: false }).waitFor();

    // The worker's screen follows without a reload: taken, then the answer.
    await asking.getByText('Prise en charge', { exact: true }).first().waitFor();
    await answering.getByLabel('Votre message').fill(ANSWER);
    await expectAccessible(answering, 'a consultation (lead pivot)');
    await answering.getByRole('button', { name: 'Envoyer le message' }).click();
    await answering.locator('.consult-thread').getByText(ANSWER).waitFor();
    await asking.locator('.consult-thread').getByText(ANSWER).waitFor();
    await asking.getByText('La consultation vient d’être mise à jour.').waitFor();
    await asking.getByText('Une réponse a été donnée').waitFor();
    await expectAccessible(asking, 'a consultation (asker, answered)');

    // The worker replies; the reply box checks like the form.
    await asking.getByLabel('Votre message').fill('Merci. Elle a aussi un compte insta lea_2011 très actif.');
    await asking
      .locator('#consult-reply-error')
      .getByText('pseudonyme de réseau social', { exact: false })
      .waitFor();
    expect(await asking.getByRole('button', { name: 'Envoyer le message' }).isDisabled()).toBe(true);
    await asking.getByLabel('Votre message').fill('Merci, je vais proposer la rencontre cette semaine.');
    await asking.getByRole('button', { name: 'Envoyer le message' }).click();
    await answering.locator('.consult-thread').getByText('je vais proposer la rencontre').waitFor();

    // The pivot closes it with a service of the directory, then makes it know-how.
    await answering
      .getByLabel('Bilan')
      .fill('Lien de confiance d’abord, puis orientation vers une ressource spécialisée.');
    await answering.getByLabel('Chercher un service du répertoire').fill('accompagnement');
    await answering.getByRole('button', { name: 'Chercher', exact: true }).click();
    await answering.getByLabel('Accompagnement fictif des adolescentes (Organisme fictif d’aide)').check();
    // A new search keeps what was ticked, listed above its results.
    await answering.getByLabel('Chercher un service du répertoire').fill('hébergement');
    await answering.getByRole('button', { name: 'Chercher', exact: true }).click();
    await answering.getByText('Aucun service trouvé.').waitFor();
    expect(
      await answering.getByLabel('Accompagnement fictif des adolescentes', { exact: true }).isChecked(),
    ).toBe(true);
    await expectAccessible(answering, 'the close form with a service picked');
    await answering.getByRole('button', { name: 'Fermer la consultation' }).click();
    await answering.getByText('Consultation fermée.').waitFor();
    await answering.getByRole('link', { name: 'Accompagnement fictif des adolescentes' }).waitFor();
    await asking.getByText('Fermée', { exact: true }).first().waitFor();
    await asking.getByRole('link', { name: 'Accompagnement fictif des adolescentes' }).waitFor();

    await answering
      .getByLabel('Question', { exact: true })
      .fill('Comment aborder une jeune recrutée par un homme plus âgé?');
    await answering.getByRole('button', { name: 'Publier la fiche' }).click();
    await answering.getByText('La fiche de savoir-faire est publiée.').waitFor();
    await expectAccessible(answering, 'a closed consultation (lead pivot)');

    // Every member finds the know-how.
    await asking.goto('/savoir');
    await h1(asking, 'Savoir-faire').waitFor();
    await asking.getByLabel('Mots').fill('confiance');
    await asking.getByRole('button', { name: 'Chercher', exact: true }).click();
    await asking
      .getByRole('link', { name: 'Comment aborder une jeune recrutée par un homme plus âgé?' })
      .click();
    await h1(asking, 'Comment aborder une jeune recrutée par un homme plus âgé?').waitFor();
    await expectAccessible(asking, 'a know-how entry');

    // The worker's own questions, from the home page.
    await asking.goto('/');
    await asking.getByRole('link', { name: '1 de vos questions a reçu une réponse' }).click();
    await asking.getByRole('link', { name: TITLE }).waitFor();
    await expectAccessible(asking, 'home and my questions');
    await asking.goto('/consultations');
    await h1(asking, 'Consultations').waitFor();
    await asking.getByText('Filtrer', { exact: true }).click();
    await asking.getByLabel('État').selectOption('done');
    await asking.getByRole('button', { name: 'Appliquer' }).click();
    await asking.getByRole('link', { name: TITLE }).waitFor();
    await expectAccessible(asking, 'my questions, closed');
  });

  it('a pivot aimed at who became absent meanwhile: the server’s refusal shows next to the field', async () => {
    const before = (await stored()).length;
    const asking = await openPage(browser, server, { as: worker, viewport: PHONE });
    await asking.goto('/consultations/nouvelle');
    await h1(asking, 'Demander conseil aux intervenant·es pivots').waitFor();
    await asking.getByLabel('Âge du ou de la jeune').selectOption({ label: '16-17 ans' });
    await asking.getByLabel('Genre', { exact: true }).selectOption({ label: 'garçon' });
    await asking.getByLabel('Milieu', { exact: true }).selectOption({ label: 'en ligne' });
    await asking
      .getByLabel('Ce que vous avez observé')
      .fill('Il reçoit des offres d’argent en ligne contre des photos.');
    await asking.getByLabel('Votre question').fill('Quelles démarches proposer en premier?');
    await asking.getByLabel('Urgente', { exact: false }).check();
    await asking.getByLabel('Un ou une intervenant·e pivot en particulier').check();
    await asking
      .getByLabel('Intervenant·e pivot', { exact: true })
      .selectOption({ label: 'Paulo Pivot-Fictif — École secondaire fictive' });
    await expectAccessible(asking, 'the ask form aimed at a pivot');
    // The pivot goes on leave today before the question leaves.
    const mandate = await server.platform.db
      .selectFrom('pivot_mandates')
      .select('id')
      .where('person_id', '=', otherPivot.id)
      .executeTakeFirstOrThrow();
    await server.platform.db
      .insertInto('pivot_absences')
      .values({ mandate_id: mandate.id, from_on: '2026-01-01', to_on: '2099-12-31', reason: 'leave' })
      .execute();
    await asking.getByRole('button', { name: 'Envoyer la question' }).click();
    await asking
      .locator('#ask-targetPersonId-error')
      .getByText('n’est pas disponible aujourd’hui', { exact: false })
      .waitFor();
    expect(await stored()).toHaveLength(before);
    await expectAccessible(asking, 'the ask form refused by the server');

    // Aimed at an expertise instead: sent, and routed to the pivot who has it.
    await asking.getByLabel('Une expertise', { exact: true }).check();
    await asking.getByLabel('Expertise recherchée').selectOption({ label: 'Milieu scolaire' });
    await asking.getByRole('button', { name: 'Envoyer la question' }).click();
    await h1(asking, 'Garçon, 16-17 ans, milieu : en ligne').waitFor();
    await asking.getByText('Urgente', { exact: true }).first().waitFor();
    await asking.getByText('Pia Pivot-Fictive (Maison des jeunes fictive)', { exact: false }).waitFor();
    expect(await stored()).toHaveLength(before + 1);
  });

  it('the lead pivot hands the consultation over to another pivot', async () => {
    const centre = pivot.organisationId;
    const successor = await server.createPerson({
      organisationId: centre,
      roles: ['pivot'],
      givenName: 'Hugo',
      familyName: 'Relève-Fictif',
    });
    await server.platform.db
      .insertInto('pivot_mandates')
      .values({ person_id: successor.id, organisation_id: centre, start_on: '2026-01-01' })
      .execute();
    const asked = await (await server.signIn(worker)).inject({
      method: 'POST',
      url: '/api/consultations',
      payload: {
        ageRange: '12_13',
        gender: 'unknown',
        setting: 'street',
        observed: 'Un adulte offre des repas et un toit en échange de services.',
        question: 'Est-ce un signe de recrutement?',
        urgency: 'normal',
        language: 'fr',
        target: 'pivot',
        targetPersonId: pivot.id,
      },
    });
    expect(asked.statusCode, asked.body).toBe(201);
    const id = asked.json().id as string;
    const taken = await (await server.signIn(pivot)).inject({
      method: 'POST',
      url: `/api/consultations/${id}/take`,
      payload: {},
    });
    expect(taken.statusCode, taken.body).toBe(200);

    const page = await openPage(browser, server, { as: pivot, viewport: PHONE });
    await page.goto(`/consultations/${id}`);
    await h1(page, 'Genre inconnu, 12-13 ans, milieu : rue').waitFor();
    await page
      .getByLabel('Intervenant·e pivot', { exact: true })
      .selectOption({ label: 'Hugo Relève-Fictif — Maison des jeunes fictive' });
    await page.getByRole('button', { name: 'Confier la consultation' }).click();
    await page.getByText('La consultation a été confiée.').waitFor();
    await page.getByText('Hugo Relève-Fictif, Maison des jeunes fictive').first().waitFor();
    // No longer the lead: the close is the successor's.
    expect(await page.getByRole('button', { name: 'Fermer la consultation' }).count()).toBe(0);
    await expectAccessible(page, 'a consultation handed over');
  });

  it('a member who neither asks nor answers finds the know-how under Consultations', async () => {
    const police = await server.createOrganisation({ name: 'Service de police fictif', type: 'police' });
    const analyst = await server.createPerson({ organisationId: police, roles: ['police_analyst'] });
    const page = await openPage(browser, server, { as: analyst });
    await page.goto('/');
    await page
      .getByRole('navigation', { name: 'Navigation principale' })
      .getByRole('link', { name: 'Consultations', exact: true })
      .click();
    await h1(page, 'Savoir-faire').waitFor();
    expect(await page.getByRole('link', { name: 'Demander conseil' }).count()).toBe(0);
    await expectAccessible(page, 'the know-how (police analyst)');
    // In English too.
    await page.getByRole('button', { name: 'English' }).click();
    await h1(page, 'Know-how').waitFor();
    await page.getByRole('search', { name: 'Search the know-how' }).waitFor();
    await expectAccessible(page, 'the know-how (en-CA)');
  });

  it('the table coordination sets due times and reads the figures', async () => {
    // A question on an expertise no pivot has waits for the coordination.
    const asked = await (await server.signIn(worker)).inject({
      method: 'POST',
      url: '/api/consultations',
      payload: {
        ageRange: '16_17',
        gender: 'girl',
        setting: 'hotel',
        observed: 'Elle dit travailler pour un adulte qui garde ses gains.',
        question: 'Quels recours judiciaires existent?',
        urgency: 'urgent',
        language: 'fr',
        target: 'expertise',
        targetExpertise: 'legal',
      },
    });
    expect(asked.statusCode, asked.body).toBe(201);
    expect(asked.json().unrouted).toBe(true);

    const table = await openPage(browser, server, { as: tableCoordinator });
    await table.goto('/');
    await table.getByRole('link', { name: '0 consultation en retard' }).waitFor();
    await expectAccessible(table, 'home with the consultations card (coordination)');
    await table.getByRole('link', { name: '1 consultation sans intervenant·e pivot' }).click();
    await table.getByRole('heading', { level: 2, name: 'Coordination' }).waitFor();
    // The table's coordination sees the unrouted consultations of every organisation, and is told so.
    await table
      .getByText(
        'Les consultations de toutes les organisations qui n’ont trouvé aucun·e intervenant·e pivot',
        {
          exact: false,
        },
      )
      .waitFor();
    await expectAccessible(table, 'the coordination list');
    await table.getByRole('link', { name: 'Fille, 16-17 ans, milieu : hôtel ou motel' }).click();
    await h1(table, 'Fille, 16-17 ans, milieu : hôtel ou motel').waitFor();
    await table.getByText('Aucun·e pivot disponible').first().waitFor();
    // The table sees the facts, never the texts.
    await table
      .getByText('La coordination de la table voit les faits généraux seulement', { exact: false })
      .waitFor();
    expect(await table.getByText('Quels recours judiciaires existent?').count()).toBe(0);
    await expectAccessible(table, 'a consultation waiting (table coordination)');

    // The coordinator of the asker's organisation asks a pivot.
    const coordinator = await server.createPerson({
      organisationId: worker.organisationId,
      roles: ['org_coordinator'],
      givenName: 'Coco',
    });
    const coordination = await openPage(browser, server, { as: coordinator, viewport: PHONE });
    await coordination.goto(new URL(table.url()).pathname);
    await h1(coordination, 'Fille, 16-17 ans, milieu : hôtel ou motel').waitFor();
    await coordination
      .getByLabel('Intervenant·e pivot', { exact: true })
      .selectOption({ label: 'Pia Pivot-Fictive — Maison des jeunes fictive' });
    await coordination.getByRole('button', { name: 'Solliciter cette personne' }).click();
    await coordination.getByText('La personne a été sollicitée et avertie.').waitFor();
    await coordination
      .getByText('Pia Pivot-Fictive (Maison des jeunes fictive)', { exact: false })
      .first()
      .waitFor();
    await expectAccessible(coordination, 'a consultation waiting (organisation coordinator)');
    await table.goto('/consultations/reglages');
    await h1(table, 'Réglages des consultations').waitFor();
    await expectAccessible(table, 'the settings');
    await table.getByLabel('Délai d’une question urgente (heures ouvrables)').fill('99');
    await table.getByRole('button', { name: 'Enregistrer les réglages' }).click();
    await table.getByRole('alert').locator('li').first().waitFor();
    await table.getByLabel('Délai d’une question urgente (heures ouvrables)').fill('6');
    await table.getByRole('button', { name: 'Enregistrer les réglages' }).click();
    await table.getByText('Réglages enregistrés.').waitFor();
    await table.goto('/consultations/chiffres');
    await h1(table, 'Chiffres des consultations').waitFor();
    await table
      .getByRole('table', { name: 'Consultations par urgence' })
      .or(table.getByText('Aucune consultation dans la période.').first())
      .first()
      .waitFor();
    await expectAccessible(table, 'the figures');
  });
});

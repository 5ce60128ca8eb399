import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REGION_TIME_ZONE } from '../../src/shared/time-zone.js';
import type { TestPerson } from '../support/app.js';
import {
  browserTestsEnabled,
  expectAccessible,
  launchBrowser,
  openPage,
  signInThroughUi,
  startTestServer,
  type TestServer,
} from '../support/browser.js';
import {
  complete,
  makeCourse,
  makeQuestionnaire,
  makeSession,
  participantOf,
  register,
} from '../support/questionnaire.factories.js';

// A participant fills the evaluation of a session they attended; the table coordinator reads the
// aggregated results, a needs survey's results and the figures dashboard; every new screen passes axe.

const h1 = (page: Page, name: string) => page.getByRole('heading', { level: 1, name, exact: true });
const nav = (page: Page) => page.getByRole('navigation', { name: 'Navigation principale' });
const sections = (page: Page) => page.getByRole('navigation', { name: 'Sections de la formation' });

/** Reaches a training screen as people do: "Formation" in the main navigation, then the section's own. */
async function openTrainingScreen(page: Page, link: string): Promise<void> {
  await nav(page).getByRole('link', { name: 'Formation', exact: true }).click();
  await h1(page, 'Programme de formation').waitFor();
  await sections(page).getByRole('link', { name: link, exact: true }).click();
}

const COURSE_CODE = 'GAR-E2E';
const COURSE_TITLE = 'Vulnérabilité des garçons (fictif)';
const COMMENT = 'Des exemples très parlants pour mon équipe fictive.';

describe.skipIf(!browserTestsEnabled())('training: an evaluation filled, results and figures read', () => {
  let server: TestServer;
  let browser: Browser;
  let participant: TestPerson;
  let coordinator: TestPerson;
  let sessionId: string;
  let surveyId: string;

  beforeAll(async () => {
    const starting = await Promise.allSettled([startTestServer(), launchBrowser()]);
    if (starting[0].status === 'fulfilled') server = starting[0].value;
    if (starting[1].status === 'fulfilled') browser = starting[1].value;
    for (const outcome of starting) if (outcome.status === 'rejected') throw outcome.reason;

    const db = server.platform.db;
    const organisationId = await server.createOrganisation({
      name: 'Maison fictive des Jeunes',
      type: 'community',
    });
    coordinator = await server.createPerson({
      roles: ['table_coordinator'],
      givenName: 'Claire',
      familyName: 'Table-Fictive',
    });
    const trainer = await server.createPerson({
      roles: ['trainer'],
      givenName: 'Théo',
      familyName: 'Formateur-Fictif',
    });
    participant = await server.createPerson({
      roles: ['worker'],
      organisationId,
      givenName: 'Paule',
      familyName: 'Participante-Fictive',
    });
    const evaluation = await makeQuestionnaire(db, { isDefault: true });
    const courseId = await makeCourse(db, {
      code: COURSE_CODE,
      titleFr: COURSE_TITLE,
      networkPrerequisite: true,
    });
    sessionId = await makeSession(db, courseId, { trainerIds: [trainer.id], status: 'completed' });
    await register(db, sessionId, await participantOf(db, participant));

    // Three colleagues already answered, so the results show in detail once the participant answers.
    for (const scale of [5, 4, 3]) {
      const colleague = await server.createPerson({ roles: ['worker'], organisationId });
      await register(db, sessionId, await participantOf(db, colleague));
      await complete(db, {
        participantId: await participantOf(db, colleague),
        courseId,
        completedOn: '2025-10-01',
        organisationId,
      });
      const agent = await server.signIn(colleague);
      const answered = await agent.inject({
        method: 'POST',
        url: `/api/training/evaluations/sessions/${sessionId}`,
        payload: {
          answers: [
            { questionId: evaluation.questionIds[0], scale },
            { questionId: evaluation.questionIds[1], choices: ['yes'] },
            { questionId: evaluation.questionIds[2], choices: ['cases'] },
          ],
        },
      });
      expect(answered.statusCode, answered.body).toBe(201);
    }

    // A needs survey aimed at community organisations, answered by the participant's colleagues.
    const survey = await makeQuestionnaire(db, {
      kind: 'survey',
      targetTypes: ['community'],
      questions: [
        { type: 'scale', textFr: 'Urgence du besoin (fictif)', textEn: 'Urgency of the need (fictional)' },
      ],
    });
    surveyId = survey.id;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the participant fills the evaluation once, then answers a needs survey', async () => {
    const page = await openPage(browser, server);
    await signInThroughUi(page, server, participant);
    // One "Formation" entry in the main navigation; the training screens are in the section's own.
    expect(await nav(page).getByRole('link', { name: 'Mes évaluations' }).count()).toBe(0);
    await openTrainingScreen(page, 'Mes évaluations');
    await h1(page, 'Mes évaluations de formation').waitFor();
    expect(
      await sections(page).getByRole('link', { name: 'Mes évaluations' }).getAttribute('aria-current'),
    ).toBe('page');
    // A participant sees the screens open to everyone, not those of the table.
    expect(await sections(page).getByRole('link', { name: 'Questionnaires' }).count()).toBe(0);
    await expectAccessible(page, 'my evaluations');

    await page.getByRole('link', { name: `Remplir l’évaluation (${COURSE_CODE})` }).click();
    await h1(page, `Évaluation : ${COURSE_TITLE}`).waitFor();
    await expectAccessible(page, 'the evaluation form');

    // Nothing chosen: the server names each required question, next to it.
    await page.getByRole('button', { name: 'Envoyer mes réponses' }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'Répondez à cette question' });
    await summary.first().waitFor();
    await expectAccessible(page, 'the evaluation form with errors');

    await page
      .getByRole('group', { name: /Satisfaction générale/ })
      .getByLabel('4 — beaucoup')
      .check();
    await page
      .getByRole('group', { name: /Recommanderiez-vous/ })
      .getByLabel('Oui')
      .check();
    await page.getByLabel('Études de cas').check();
    await page.getByLabel('Outils de repérage').check();
    await page.getByLabel(/Commentaires/).fill(COMMENT);
    await page.getByRole('button', { name: 'Envoyer mes réponses' }).click();
    await page.getByText('Merci! Votre évaluation est enregistrée.').waitFor();
    await expectAccessible(page, 'the evaluation sent');

    await page.getByRole('link', { name: 'Retour à mes évaluations' }).click();
    await page.getByRole('cell', { name: 'Remplie — merci!' }).waitFor();

    const stored = await server.platform.db
      .selectFrom('questionnaire_responses')
      .select('id')
      .where('session_id', '=', sessionId)
      .where('person_id', '=', participant.id)
      .execute();
    expect(stored).toHaveLength(1);

    // The open needs survey, listed for the participant's organisation type.
    await sections(page).getByRole('link', { name: 'Sondages de besoins' }).click();
    await h1(page, 'Sondages sur les besoins de formation').waitFor();
    await expectAccessible(page, 'my surveys');
    await page.getByRole('link', { name: 'Sondage fictif' }).click();
    await h1(page, 'Sondage fictif').waitFor();
    await expectAccessible(page, 'a survey form');
    await page.getByLabel('3 — moyennement').check();
    await page.getByRole('button', { name: 'Envoyer mes réponses' }).click();
    await page.getByText('Merci! Vos réponses sont enregistrées.').waitFor();
  });

  it('the coordinator writes and opens a survey, and edits an answered evaluation', async () => {
    const desk = await openPage(browser, server, { as: coordinator });
    await desk.goto('/');
    await openTrainingScreen(desk, 'Questionnaires');
    await h1(desk, 'Questionnaires de formation').waitFor();
    await expectAccessible(desk, 'the questionnaires');

    // A new needs survey written in the editor, refused while incomplete, then opened.
    await desk.getByRole('button', { name: 'Créer le questionnaire' }).click();
    await desk.getByRole('alert').filter({ hasText: 'Certaines informations' }).waitFor();
    await expectAccessible(desk, 'the questionnaire editor with errors');
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: REGION_TIME_ZONE }).format(new Date());
    await desk.getByLabel('Type de questionnaire').selectOption('survey');
    await desk.getByLabel('Titre (français)').fill('Besoins fictifs 2027');
    await desk.getByLabel('Titre (anglais)').fill('Fictional needs 2027');
    await desk.getByLabel('Date d’ouverture').fill(today);
    await desk.getByLabel('Date de fermeture').fill('2099-12-31');
    await desk
      .getByRole('group', { name: 'Types d’organisation sondés' })
      .getByLabel('Organisme communautaire')
      .check();
    await desk.getByLabel('Question (français)').fill('Thème le plus urgent (fictif)');
    await desk.getByLabel('Question (anglais)').fill('Most urgent topic (fictional)');
    await desk.getByRole('button', { name: 'Créer le questionnaire' }).click();
    await desk.getByText('Questionnaire « Besoins fictifs 2027 » créé.').waitFor();
    await desk.getByRole('button', { name: 'Ouvrir « Besoins fictifs 2027 »' }).click();
    await desk.getByText(/Sondage ouvert : \d+ personnes avisées\./).waitFor();
    await expectAccessible(desk, 'the questionnaires after opening a survey');
    const notified = await server.platform.db
      .selectFrom('notifications')
      .select('person_id')
      .where('kind', '=', 'training-questionnaires.survey_open')
      .execute();
    expect(notified.map((n) => n.person_id)).toContain(participant.id);

    // The default evaluation, already answered: its texts change, its questions stay.
    await desk.getByRole('link', { name: 'Évaluation fictive' }).click();
    await h1(desk, 'Questionnaire : Évaluation fictive').waitFor();
    await desk.getByText('4 personnes ont déjà répondu', { exact: false }).waitFor();
    await expectAccessible(desk, 'an answered questionnaire');
    await desk.getByLabel('Titre (français)').fill('Évaluation générale fictive');
    await desk.getByRole('button', { name: 'Enregistrer les modifications' }).click();
    await desk.getByText('Questionnaire « Évaluation générale fictive » enregistré.').waitFor();
    await desk.getByRole('link', { name: 'Retour aux questionnaires' }).click();
    await h1(desk, 'Questionnaires de formation').waitFor();
  });

  it('the coordinator reads the aggregated results and the figures dashboard', async () => {
    const desk = await openPage(browser, server, { as: coordinator });
    await desk.goto('/formation/questionnaires');
    await h1(desk, 'Questionnaires de formation').waitFor();
    await desk.getByRole('link', { name: 'Consulter les résultats des évaluations' }).click();
    await h1(desk, 'Résultats des évaluations').waitFor();
    await expectAccessible(desk, 'the evaluated sessions');
    await desk.getByRole('link', { name: new RegExp(`^${COURSE_CODE} — `) }).click();
    await h1(desk, `Résultats de l’évaluation : ${COURSE_TITLE}`).waitFor();
    await desk.getByText('Moyenne : 4 sur 5').waitFor();
    await desk.getByText(COMMENT).waitFor();
    await expect(desk.getByText('Paule').count()).resolves.toBe(0);
    await expectAccessible(desk, 'the results of a session');
    await desk.getByRole('link', { name: 'Retour aux résultats' }).click();
    await desk.getByRole('link', { name: `Résultats de toutes les sessions ${COURSE_CODE}` }).click();
    await h1(desk, `Résultats de toutes les sessions : ${COURSE_TITLE}`).waitFor();
    await desk.getByText('Moyenne : 4 sur 5').waitFor();
    await expectAccessible(desk, 'the results of a course');

    await desk.goto(`/formation/sondages/${surveyId}/resultats`);
    await h1(desk, 'Résultats : Sondage fictif').waitFor();
    await desk.getByText('Moins de trois réponses', { exact: false }).first().waitFor();
    await expectAccessible(desk, 'the results of a survey');

    await sections(desk).getByRole('link', { name: 'Chiffres de formation' }).click();
    await h1(desk, 'Chiffres de formation').waitFor();
    await desk.getByRole('img', { name: /Personnes formées par année/ }).waitFor();
    await desk
      .getByRole('heading', { level: 2, name: 'Personnes formées par organisation (depuis le début)' })
      .waitFor();
    await desk.getByRole('rowheader', { name: 'Maison fictive des Jeunes' }).waitFor();
    await expectAccessible(desk, 'the figures dashboard');
    await desk.getByLabel('Période').selectOption('2025');
    await desk.getByText('Personnes formées (en 2025)').waitFor();
    await expectAccessible(desk, 'the figures of one year');
  });
});

import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REGION_TIME_ZONE } from '../../src/shared/time-zone.js';
import type { Agent, TestPerson } from '../support/app.js';
import {
  browserTestsEnabled,
  expectAccessible,
  type Journey,
  openPage,
  startJourney,
} from '../support/browser.js';
import { pdfText } from '../support/pdf.js';

// A worker without the core course is refused the follow-up course, registers for the core course,
// is wait-listed, is offered the seat freed by a cancellation and confirms it; the trainer marks
// attendance and completion; the worker downloads the certificate, whose code the public page confirms.
// Every new screen passes axe. Then the trainer moves through the training screens by the section's
// navigation, filters the records by course, and edits a session's days and trainers. Last, the trainer
// of an open course corrects the misspelt name and the e-mail address of an outside professional
// (registered through the public invitation form) on their record's screen; the certificate generated
// afterwards and the public verification page carry the corrected name.

const h1 = (page: Page, name: string) => page.getByRole('heading', { level: 1, name, exact: true });
const CORE = 'Prévention fictive en prostitution juvénile';
const FOLLOW_UP = 'Cyberprédation fictive';
const OPEN = 'Intervention fictive auprès des proxénètes';
/** A calendar day in the region's time, as a date input takes it. */
const regionDay = (date: Date) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: REGION_TIME_ZONE }).format(date);

describe.skipIf(!browserTestsEnabled())(
  'training: prerequisites, wait list, attendance, certificate (Chromium)',
  () => {
    let journey: Journey;
    let worker: TestPerson;
    let trainer: TestPerson;
    let colleague: TestPerson;
    let occupant: Agent;
    let coreSession: string;
    let followUpSession: string;
    let followUpCourse: string;
    let openSession: string;
    let outsideId: string;
    let start: Date;

    beforeAll(async () => {
      journey = await startJourney();
      const { server } = journey;
      const coordinator = await server.signIn(await server.createPerson({ roles: ['table_coordinator'] }));
      trainer = await server.createPerson({
        roles: ['trainer'],
        givenName: 'Théo',
        familyName: 'Formateur-Fictif',
      });
      colleague = await server.createPerson({
        roles: ['trainer'],
        givenName: 'Tania',
        familyName: 'Formatrice-Fictive',
      });
      worker = await server.createPerson({
        roles: ['worker'],
        givenName: 'Lucie',
        familyName: 'Apprenante-Fictive',
      });
      occupant = await server.signIn(
        await server.createPerson({ givenName: 'Olivier', familyName: 'Occupant-Fictif' }),
      );
      const post = async (agent: Agent, url: string, payload: Record<string, unknown>) => {
        const response = await agent.inject({ method: 'POST', url, payload });
        expect(response.statusCode, response.body).toBe(201);
        return response.json();
      };
      const core = await post(coordinator, '/api/training/courses', {
        code: 'PIJ-1',
        titleFr: CORE,
        titleEn: 'Fictional prevention in juvenile prostitution',
        durationDays: 2,
        networkPrerequisite: true,
      });
      const followUp = await post(coordinator, '/api/training/courses', {
        code: 'CYB-2',
        titleFr: FOLLOW_UP,
        titleEn: 'Fictional cyber-predation',
        durationDays: 1,
        prerequisiteIds: [core.id],
      });
      followUpCourse = followUp.id;
      start = new Date(Date.now() + 20 * 86_400_000);
      start.setUTCHours(13, 0, 0, 0);
      const session = (courseId: string, capacity: number, offsetDays: number, trainerIds = [trainer.id]) => {
        const first = new Date(start.getTime() + offsetDays * 86_400_000);
        return post(coordinator, '/api/training/sessions', {
          courseId,
          place: 'Salle fictive des Hérons',
          capacity,
          registrationDeadline: new Date(first.getTime() - 2 * 86_400_000).toISOString(),
          days: [
            {
              startsAt: first.toISOString(),
              endsAt: new Date(first.getTime() + 6 * 3_600_000).toISOString(),
            },
          ],
          trainerIds,
        });
      };
      coreSession = (await session(core.id, 1, 0)).id;
      followUpSession = (await session(followUp.id, 10, 3)).id;
      // The colleague gives another session on day 4.
      await session(core.id, 10, 4, [colleague.id]);
      await post(occupant, `/api/training/sessions/${coreSession}/registrations`, {});

      // A course open to outside professionals, given by the trainer on day 7: two outside people
      // register through the public invitation form; the first, whose name was misspelt, completes it.
      const open = await post(coordinator, '/api/training/courses', {
        code: 'PRX-9',
        titleFr: OPEN,
        titleEn: 'Fictional intervention with pimps',
        durationDays: 1,
        openToOutside: true,
      });
      openSession = (await session(open.id, 10, 7)).id;
      const invitation = new URL(
        (await post(coordinator, `/api/training/sessions/${openSession}/invitation`, {})).url,
      ).pathname;
      for (const [fullName, email] of [
        ['Gisle Extrene', 'gisele@hotel-fictif.test'],
        ['Rémi Réception-Fictive', 'remi@hotel-fictif.test'],
      ] as const) {
        const form = await server.app.inject({
          method: 'POST',
          url: invitation,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: new URLSearchParams({
            fullName,
            email,
            organisationName: 'Hôtel fictif',
            organisationType: 'hotel',
            profession: 'Réception',
          }).toString(),
        });
        expect(form.statusCode, form.body).toBe(202);
      }
      const listed = (
        await coordinator.inject({ method: 'GET', url: `/api/training/sessions/${openSession}/participants` })
      ).json();
      const gisle = listed.items.find((p: { name: string }) => p.name === 'Gisle Extrene');
      outsideId = gisle.participantId;
      const completed = await coordinator.inject({
        method: 'POST',
        url: `/api/training/sessions/${openSession}/completions`,
        payload: { registrationIds: [gisle.registrationId] },
      });
      expect(completed.statusCode, completed.body).toBe(200);
    });

    afterAll(async () => {
      await journey?.close();
    });

    it('takes a worker from refusal to certificate', async () => {
      const { server, smtp } = journey;
      const page = await openPage(journey.browser, server, { as: worker });

      await page.goto('/formation');
      await h1(page, 'Programme de formation').waitFor();
      await expectAccessible(page, 'the catalogue');

      // Course 2 first: refused, with the missing course named.
      await page.getByRole('link', { name: FOLLOW_UP }).first().click();
      await h1(page, FOLLOW_UP).waitFor();
      await expectAccessible(page, 'a course');
      await page.goto(`/formation/sessions/${followUpSession}`);
      await h1(page, FOLLOW_UP).waitFor();
      await page.getByRole('button', { name: 'M’inscrire' }).click();
      await page.getByRole('alert').getByText(`suivez d’abord la formation préalable « ${CORE} »`).waitFor();
      await expectAccessible(page, 'a refused registration');

      // Course 1: full, so the wait list.
      await page.goto(`/formation/sessions/${coreSession}`);
      await h1(page, CORE).waitFor();
      await page.getByRole('button', { name: 'M’inscrire' }).click();
      await page.getByText('La session est complète : vous êtes au rang 1 de la liste d’attente.').waitFor();

      // The seat frees: the first in line is offered it, by e-mail too.
      const mine = (await occupant.inject({ method: 'GET', url: '/api/training/me' })).json();
      const cancel = await occupant.inject({
        method: 'POST',
        url: `/api/training/registrations/${mine.registrations[0].id}/cancel`,
        payload: {},
      });
      expect(cancel.statusCode).toBe(204);
      await server.flushEmail();
      const offer = await smtp.waitFor(
        (m) => m.to.includes(worker.email) && m.subject.startsWith('Une place s’est libérée'),
      );
      expect(offer.text).toContain(CORE);

      await page.goto('/formation/mes-formations');
      await h1(page, 'Mes formations').waitFor();
      await page.getByText(/Place offerte à confirmer/).waitFor();
      await expectAccessible(page, 'my training with an offer');
      await page.getByRole('link', { name: CORE, exact: true }).click();
      await h1(page, CORE).waitFor();
      await page.getByRole('button', { name: 'Confirmer ma place' }).click();
      await page.getByText('Votre place est confirmée.', { exact: true }).waitFor();
      await page.context().close();

      // The trainer marks attendance and completion.
      const trainerPage = await openPage(journey.browser, server, { as: trainer });
      await trainerPage.goto(`/formation/sessions/${coreSession}`);
      await h1(trainerPage, CORE).waitFor();
      await trainerPage.getByRole('heading', { level: 2, name: 'Participants' }).waitFor();
      await expectAccessible(trainerPage, 'a session run by its trainer');
      await trainerPage.getByLabel(/Présence de Lucie Apprenante-Fictive/).selectOption('present');
      await trainerPage.getByRole('button', { name: 'Enregistrer les présences' }).click();
      await trainerPage.getByText('Présences enregistrées.').waitFor();
      await trainerPage.getByLabel('Marquer la formation terminée pour Lucie Apprenante-Fictive').check();
      await trainerPage.getByRole('button', { name: 'Marquer comme terminée' }).click();
      await trainerPage.getByText('Attestations délivrées : 1.').waitFor();
      await expectAccessible(trainerPage, 'a completed session');
      await trainerPage.goto('/formation/cours/nouveau');
      await h1(trainerPage, 'Ajouter une formation').waitFor();
      await expectAccessible(trainerPage, 'the course editor');
      await trainerPage.getByRole('button', { name: 'Enregistrer' }).click();
      await trainerPage
        .getByRole('alert')
        .getByText('Certaines informations sont manquantes ou invalides.')
        .waitFor();
      await expectAccessible(trainerPage, 'the course editor with errors');
      await trainerPage.goto('/formation/sessions/nouvelle');
      await h1(trainerPage, 'Planifier une session').waitFor();
      await expectAccessible(trainerPage, 'the session planner');
      await trainerPage.goto('/formation/dossiers');
      await h1(trainerPage, 'Dossiers de formation').waitFor();
      await trainerPage.getByRole('rowheader', { name: 'Lucie Apprenante-Fictive' }).waitFor();
      await expectAccessible(trainerPage, 'the training records');
      await trainerPage.context().close();

      // The worker downloads the certificate; its code is confirmed by the public page.
      const again = await openPage(journey.browser, server, { as: worker });
      await again.goto('/formation/mes-formations');
      await h1(again, 'Mes formations').waitFor();
      const [download] = await Promise.all([
        again.waitForEvent('download'),
        again.getByRole('link', { name: `Télécharger l’attestation — ${CORE}` }).click(),
      ]);
      const text = await pdfText(readFileSync((await download.path())!));
      expect(text).toContain('Attestation de formation');
      expect(text).toContain('Lucie Apprenante-Fictive');
      const code = /Code de vérification : ([A-Z0-9-]+)/.exec(text)?.[1];
      expect(code).toBeTruthy();
      await expectAccessible(again, 'my training with a certificate');
      await again.goto(`/certificats/${code}`);
      await h1(again, 'Attestation valide').waitFor();
      await again.getByText('Lucie Apprenante-Fictive').waitFor();
      await expectAccessible(again, 'the public certificate page');
      await again.goto('/certificats/ABCD-EFGH-JKMN-PQRS');
      await h1(again, 'Attestation introuvable').waitFor();
    });

    it('lets the trainer reach the records by the section navigation, filter them by course and edit a session', async () => {
      const { server } = journey;
      const page = await openPage(journey.browser, server, { as: trainer });
      const main = page.getByRole('navigation', { name: 'Navigation principale' });
      const sections = page.getByRole('navigation', { name: 'Sections de la formation' });

      // One "Formation" entry in the main navigation; the training screens in the section's own.
      await page.goto('/');
      await main.getByRole('link', { name: 'Formation', exact: true }).click();
      await h1(page, 'Programme de formation').waitFor();
      expect(await main.getByRole('link', { name: 'Mes formations' }).count()).toBe(0);
      expect(
        await sections.getByRole('link', { name: 'Catalogue et sessions' }).getAttribute('aria-current'),
      ).toBe('page');
      await sections.getByRole('link', { name: 'Dossiers de formation' }).click();
      await h1(page, 'Dossiers de formation').waitFor();
      expect(
        await sections.getByRole('link', { name: 'Dossiers de formation' }).getAttribute('aria-current'),
      ).toBe('page');
      expect(
        await sections.getByRole('link', { name: 'Catalogue et sessions' }).getAttribute('aria-current'),
      ).toBe(null);

      // The records filtered by course; the filter is kept in the address.
      const course = page.getByLabel('Formation', { exact: true });
      await page.getByRole('rowheader', { name: 'Lucie Apprenante-Fictive' }).waitFor();
      await course.selectOption({ label: FOLLOW_UP });
      await page.getByRole('button', { name: 'Rechercher' }).click();
      await page.getByText('Aucun dossier trouvé.').waitFor();
      expect(new URL(page.url()).searchParams.get('cours')).toBe(followUpCourse);
      await expectAccessible(page, 'the training records filtered by course');
      await course.selectOption({ label: CORE });
      await page.getByRole('button', { name: 'Rechercher' }).click();
      await page.getByRole('rowheader', { name: 'Lucie Apprenante-Fictive' }).waitFor();
      await page.goBack();
      await page.getByText('Aucun dossier trouvé.').waitFor();
      expect(await course.inputValue()).toBe(followUpCourse);

      // The follow-up session: a second day and a second trainer, with the keyboard.
      await page.goto(`/formation/sessions/${followUpSession}`);
      await h1(page, FOLLOW_UP).waitFor();
      // A session belongs to the catalogue's screen.
      expect(
        await sections.getByRole('link', { name: 'Catalogue et sessions' }).getAttribute('aria-current'),
      ).toBe('true');
      await page.getByRole('heading', { level: 2, name: 'Modifier la session' }).waitFor();
      await expectAccessible(page, 'the session editor');
      await page.getByRole('button', { name: 'Ajouter une journée' }).focus();
      await page.keyboard.press('Enter');
      const second = page.getByRole('group', { name: 'Journée 2', exact: true });
      const secondDate = second.getByLabel('Date', { exact: true });
      expect(await secondDate.evaluate((input) => input === document.activeElement)).toBe(true);
      await secondDate.fill(regionDay(new Date(start.getTime() + 4 * 86_400_000)));
      await second.getByLabel('Heure de début').fill('09:00');
      await second.getByLabel('Heure de fin').fill('15:00');
      const trainers = page.getByRole('group', { name: 'Formateurs et formatrices' });
      // A trainer stays among the trainers of the sessions they give.
      expect(await trainers.getByLabel(/^Théo Formateur-Fictif/).isDisabled()).toBe(true);
      await trainers.getByLabel(/^Tania Formatrice-Fictive/).check();
      await page.getByRole('button', { name: 'Enregistrer les changements' }).click();

      // Tania already gives a session that day: refused, said next to the trainers, nothing stored.
      const problem = page.getByRole('alert').getByRole('link').first();
      await problem.waitFor();
      expect(await problem.getAttribute('href')).toBe('#training-edit-trainerIds');
      const message = (await problem.textContent()) ?? '';
      expect(message).not.toBe('');
      await trainers.locator('.field-error').getByText(message).waitFor();
      await expectAccessible(page, 'the session editor with errors');
      const agent = await server.signIn(trainer);
      const unchanged = (
        await agent.inject({ method: 'GET', url: `/api/training/sessions/${followUpSession}` })
      ).json();
      expect(unchanged.days).toHaveLength(1);
      expect(unchanged.trainerIds).toEqual([trainer.id]);

      // The day after is free.
      await secondDate.fill(regionDay(new Date(start.getTime() + 5 * 86_400_000)));
      await page.getByRole('button', { name: 'Enregistrer les changements' }).click();
      await page.getByText('Session mise à jour.', { exact: false }).waitFor();
      const details = page.locator('dl.details');
      await details.getByText(/Tania Formatrice-Fictive/).waitFor();
      expect(await details.getByRole('listitem').count()).toBe(2);
      await expectAccessible(page, 'the edited session');
      const saved = (
        await agent.inject({ method: 'GET', url: `/api/training/sessions/${followUpSession}` })
      ).json();
      expect(saved.days).toHaveLength(2);
      expect([...saved.trainerIds].sort()).toEqual([trainer.id, colleague.id].sort());
      await page.context().close();

      // On a phone: the section's navigation and the form fit the screen, nothing scrolls sideways.
      const phone = await openPage(journey.browser, server, {
        as: trainer,
        viewport: { width: 360, height: 740 },
      });
      await phone.goto(`/formation/sessions/${followUpSession}`);
      await h1(phone, FOLLOW_UP).waitFor();
      await phone.getByRole('group', { name: 'Journée 2', exact: true }).waitFor();
      expect(
        await phone.evaluate(
          () => document.documentElement.scrollWidth <= document.documentElement.clientWidth,
        ),
      ).toBe(true);
      await expectAccessible(phone, 'the session editor on a phone');
      // The section's navigation folds behind a button, like the main navigation.
      const folded = phone.getByRole('navigation', { name: 'Sections de la formation' });
      const toggle = folded.getByRole('button', { name: 'Sections de la formation' });
      expect(await toggle.getAttribute('aria-expanded')).toBe('false');
      expect(await folded.getByRole('link', { name: 'Dossiers de formation' }).isVisible()).toBe(false);
      await toggle.click();
      await folded.getByRole('link', { name: 'Dossiers de formation' }).click();
      await h1(phone, 'Dossiers de formation').waitFor();
      expect(await toggle.getAttribute('aria-expanded')).toBe('false');
      await phone.context().close();
    });

    it('lets the trainer correct an outside professional’s record, and the certificate follows', async () => {
      const { server } = journey;
      const agent = await server.signIn(trainer);
      const page = await openPage(journey.browser, server, { as: trainer });

      // From the session's participants to the record of the outside professional.
      await page.goto(`/formation/sessions/${openSession}`);
      await h1(page, OPEN).waitFor();
      await page.getByRole('link', { name: 'Gisle Extrene', exact: true }).click();
      await h1(page, 'Gisle Extrene').waitFor();
      await page.getByRole('heading', { level: 2, name: 'Corriger les renseignements' }).waitFor();
      await expectAccessible(page, 'an outside professional’s record');

      const name = page.getByLabel('Nom complet', { exact: true });
      const email = page.getByLabel('Courriel', { exact: true });
      const save = page.getByRole('button', { name: 'Enregistrer la correction' });
      const stored = async () =>
        (await agent.inject({ method: 'GET', url: `/api/training/participants/${outsideId}` })).json();

      // An empty name: the API's message next to the field and in the summary, which links to it.
      await name.fill('');
      await save.click();
      const required = 'Nom complet : ce champ est obligatoire.';
      const summaryLink = page.getByRole('alert').getByRole('link', { name: required });
      await summaryLink.waitFor();
      expect(await summaryLink.getAttribute('href')).toBe('#training-participant-fullName');
      await page.locator('#training-participant-fullName-error').getByText(required).waitFor();
      expect(await name.getAttribute('aria-invalid')).toBe('true');
      expect(await name.getAttribute('aria-describedby')).toContain('training-participant-fullName-error');
      await expectAccessible(page, 'the correction form with a missing name');

      // Another outside professional's address: refused next to the e-mail field, nothing stored.
      await name.fill('Gisèle Externe-Dubé');
      await email.fill('REMI@hotel-fictif.test');
      await save.click();
      await page
        .locator('#training-participant-email-error')
        .getByText(
          'Courriel : une autre personne externe inscrite aux formations utilise déjà cette adresse.',
        )
        .waitFor();
      expect(await email.getAttribute('aria-invalid')).toBe('true');
      await expectAccessible(page, 'the correction form with an address already used');
      expect(await stored()).toMatchObject({ fullName: 'Gisle Extrene', email: 'gisele@hotel-fictif.test' });

      // With the keyboard: the name, Tab to the e-mail, Enter saves.
      await name.focus();
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.type('Gisèle Externe-Dubé');
      await page.keyboard.press('Tab');
      expect(await email.evaluate((input) => input === document.activeElement)).toBe(true);
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.type('gisele.dube@hotel-fictif.test');
      await page.keyboard.press('Enter');
      await page.getByText('Renseignements corrigés.', { exact: true }).waitFor();
      await h1(page, 'Gisèle Externe-Dubé').waitFor();
      expect(await page.locator('.field-error').count()).toBe(0);
      await expectAccessible(page, 'a corrected record');
      expect(await stored()).toMatchObject({
        fullName: 'Gisèle Externe-Dubé',
        email: 'gisele.dube@hotel-fictif.test',
        organisationName: 'Hôtel fictif',
        profession: 'Réception',
      });

      // The certificate generated now carries the corrected name; so does the public page.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: `Télécharger l’attestation — ${OPEN}` }).click(),
      ]);
      const text = await pdfText(readFileSync((await download.path())!));
      expect(text).toContain('Gisèle Externe-Dubé');
      expect(text).not.toContain('Gisle Extrene');
      const code = /Code de vérification : ([A-Z0-9-]+)/.exec(text)?.[1];
      expect(code).toBeTruthy();
      await page.goto(`/certificats/${code}`);
      await h1(page, 'Attestation valide').waitFor();
      await page.getByText('Gisèle Externe-Dubé').waitFor();
      expect(await page.getByText('Gisle Extrene').count()).toBe(0);

      // The trainer's records lead to the record too.
      await page.goto('/formation/dossiers');
      await h1(page, 'Dossiers de formation').waitFor();
      await page
        .getByRole('rowheader', { name: /Gisèle Externe-Dubé/ })
        .getByRole('link', { name: 'Gisèle Externe-Dubé' })
        .waitFor();
      await page.context().close();

      // On a phone, the form fits the screen.
      const phone = await openPage(journey.browser, server, {
        as: trainer,
        viewport: { width: 360, height: 740 },
      });
      await phone.goto(`/formation/participants/${outsideId}`);
      await h1(phone, 'Gisèle Externe-Dubé').waitFor();
      await phone.getByLabel('Nom complet', { exact: true }).waitFor();
      expect(
        await phone.evaluate(
          () => document.documentElement.scrollWidth <= document.documentElement.clientWidth,
        ),
      ).toBe(true);
      await expectAccessible(phone, 'an outside professional’s record on a phone');
      await phone.context().close();

      // A trainer of other sessions, or a worker, finds nothing there.
      for (const person of [colleague, worker]) {
        const other = await openPage(journey.browser, server, { as: person });
        await other.goto(`/formation/participants/${outsideId}`);
        await h1(other, 'Page introuvable').waitFor();
        expect(await other.getByText('Gisèle').count()).toBe(0);
        await other.context().close();
      }
    });
  },
);

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

// The table coordinator runs a meeting: records attendance, closes it with minutes, records a
// decision and links it to an action-plan item; the governance screens pass axe.

const h1 = (page: Page, name: string) => page.getByRole('heading', { level: 1, name, exact: true });

const MEETING = 'Rencontre fictive de novembre';
const ACTION = 'Former les équipes fictives';
const DECISION = 'La table confie la formation au comité fictif.';

describe.skipIf(!browserTestsEnabled())(
  'governance: a meeting closed with minutes and a decision linked to the plan',
  () => {
    let server: TestServer;
    let browser: Browser;
    let coordinator: TestPerson;
    let delegate: TestPerson;
    let meetingId: string;
    let actionId: string;

    beforeAll(async () => {
      const starting = await Promise.allSettled([startTestServer(), launchBrowser()]);
      if (starting[0].status === 'fulfilled') server = starting[0].value;
      if (starting[1].status === 'fulfilled') browser = starting[1].value;
      for (const outcome of starting) if (outcome.status === 'rejected') throw outcome.reason;

      coordinator = await server.createPerson({
        roles: ['table_coordinator'],
        givenName: 'Claire',
        familyName: 'Coordination-Fictive',
      });
      const organisationId = await server.createOrganisation({
        name: 'Centre fictif des Érables',
        type: 'community',
      });
      delegate = await server.createPerson({
        roles: ['org_coordinator', 'pivot'],
        organisationId,
        givenName: 'Damien',
        familyName: 'Délégué-Fictif',
      });
      await server.createPerson({
        roles: ['pivot'],
        organisationId,
        givenName: 'Émilie',
        familyName: 'Invitée-Fictive',
      });
      const agent = await server.signIn(coordinator);
      const post = async (url: string, payload: Record<string, unknown>) => {
        const response = await agent.inject({ method: 'POST', url, payload });
        expect(response.statusCode, response.body).toBe(201);
        return response.json();
      };
      const mandate = await post('/api/governance/plan', {
        parentId: null,
        kind: 'mandate',
        titleFr: 'Diffuser des contenus de formation fictifs',
        titleEn: 'Share fictional training content',
      });
      const means = await post('/api/governance/plan', {
        parentId: mandate.id,
        kind: 'means',
        titleFr: 'Former les partenaires',
        titleEn: 'Train the partners',
      });
      actionId = (
        await post('/api/governance/plan', {
          parentId: means.id,
          kind: 'action',
          titleFr: ACTION,
          titleEn: 'Train the fictional teams',
          progress: 30,
          status: 'in_progress',
          startDate: '2020-01-01',
          dueDate: '2020-06-30',
          ownerOrganisationIds: [organisationId],
        })
      ).id;
      meetingId = (
        await post('/api/governance/meetings', {
          title: MEETING,
          startsAt: '2026-11-11T18:30:00.000Z',
          endsAt: '2026-11-11T21:00:00.000Z',
          place: 'Salle fictive du conseil',
          agenda: [
            { title: 'Accueil' },
            { title: 'Suivi du plan d’action', children: [{ title: 'Formation', planItemId: actionId }] },
          ],
          inviteeIds: [coordinator.id, delegate.id],
        })
      ).id;
      await post('/api/governance/announcements', {
        titleFr: 'Annonce fictive aux membres',
        titleEn: 'Fictional announcement to members',
        bodyFr: 'Un message fictif pour tous les membres.',
        bodyEn: 'A fictional message for every member.',
        audience: 'all',
      });
    });

    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    it('the coordinator closes a meeting with minutes and links a decision to a plan item', async () => {
      const page = await openPage(browser, server, { as: coordinator });
      await page.goto('/');
      await page
        .getByRole('navigation', { name: 'Navigation principale' })
        .getByRole('link', { name: 'Rencontres' })
        .click();
      await h1(page, 'Rencontres de la table').waitFor();
      await expectAccessible(page, 'meetings');

      await page.getByRole('link', { name: MEETING }).click();
      await h1(page, MEETING).waitFor();
      await expectAccessible(page, 'a planned meeting');

      const agenda = page.getByLabel('Points de l’ordre du jour');
      await agenda.fill(`${await agenda.inputValue()}\nVaria fictif`);
      await page.getByRole('button', { name: 'Enregistrer l’ordre du jour' }).click();
      await page.getByText('L’ordre du jour est enregistré.').waitFor();
      await page
        .getByRole('listitem')
        .filter({ hasText: /^Varia fictif$/ })
        .waitFor();

      await page.getByLabel('Rechercher une personne à inviter').fill('invitee-fictive');
      await page.getByRole('button', { name: 'Rechercher', exact: true }).click();
      await page.getByRole('button', { name: 'Inviter Émilie Invitée-Fictive' }).click();
      await page.getByText('Émilie Invitée-Fictive est invitée.').waitFor();
      await page.getByLabel('Présence de Émilie Invitée-Fictive').waitFor();
      await expectAccessible(page, 'a planned meeting after an invitation');

      await page.getByLabel('Présence de Damien Délégué-Fictif').selectOption('present');
      await page.getByLabel('Présence de Claire Coordination-Fictive').selectOption('present');
      await page.getByRole('button', { name: 'Enregistrer les présences' }).click();
      await page.getByText('Les présences sont enregistrées.').waitFor();
      await page.getByText('2 organisations présentes', { exact: false }).waitFor();

      await page
        .getByLabel('Procès-verbal', { exact: true })
        .fill('Procès-verbal fictif : la table a fait le point sur la formation.');
      await page.getByRole('button', { name: 'Clore la rencontre' }).click();
      await page.getByText('La rencontre est close et son procès-verbal enregistré.').waitFor();
      await page.getByText('Procès-verbal en attente d’adoption à une prochaine rencontre.').waitFor();

      await page.getByLabel('Décision', { exact: true }).fill(DECISION);
      await page.getByRole('button', { name: 'Consigner une décision' }).click();
      const decision = page.getByRole('listitem').filter({ hasText: DECISION });
      await decision.waitFor();
      await decision.getByLabel('Élément du plan d’action lié').selectOption(actionId);
      await decision.getByRole('button', { name: 'Lier la décision' }).click();
      await page.getByText('Le lien de la décision est enregistré.').waitFor();
      await decision.getByRole('link', { name: ACTION }).waitFor();
      await expectAccessible(page, 'a closed meeting with its decision');

      const stored = await server.platform.db
        .selectFrom('gov_decisions')
        .select(['text', 'plan_item_id'])
        .where('meeting_id', '=', meetingId)
        .execute();
      expect(stored).toEqual([{ text: DECISION, plan_item_id: actionId }]);
      const meeting = await server.platform.db
        .selectFrom('gov_meetings')
        .select(['status', 'minutes'])
        .where('id', '=', meetingId)
        .executeTakeFirstOrThrow();
      expect(meeting.status).toBe('closed');
      expect(meeting.minutes).toContain('Procès-verbal fictif');

      // The decision shows on the plan item, which is flagged overdue.
      await decision.getByRole('link', { name: ACTION }).click();
      await h1(page, 'Plan d’action').waitFor();
      await page.getByRole('heading', { level: 2, name: `Action : ${ACTION}` }).waitFor();
      await page.getByText(DECISION).waitFor();
      expect(await page.getByText('En retard').count()).toBeGreaterThan(0);
      await expect(
        page
          .getByRole('progressbar', { name: `Avancement : ${ACTION}` })
          .first()
          .getAttribute('value'),
      ).resolves.toBe('30');
      await expectAccessible(page, 'the action plan');

      await page
        .getByRole('navigation', { name: 'Navigation principale' })
        .getByRole('link', { name: 'Annonces' })
        .click();
      await h1(page, 'Annonces').waitFor();
      await page.getByRole('button', { name: 'Voir qui l’a lue' }).first().click();
      await page.getByRole('table', { name: /Lectures/ }).waitFor();
      await expectAccessible(page, 'the announcements');
    });

    it('a member reads the screens without the coordination forms, on a phone', async () => {
      const page = await openPage(browser, server, { as: delegate, viewport: { width: 375, height: 740 } });
      await page.goto(`/table/rencontres/${meetingId}`);
      await h1(page, MEETING).waitFor();
      expect(await page.getByRole('button', { name: 'Clore la rencontre' }).count()).toBe(0);
      await page.getByText('Procès-verbal fictif', { exact: false }).waitFor();
      await expectAccessible(page, 'a meeting, as a member');
      await page.goto('/table/annonces');
      await h1(page, 'Annonces').waitFor();
      await page.getByRole('button', { name: 'Marquer « Annonce fictive aux membres » comme lue' }).click();
      await page.getByText('0 annonce non lue.').waitFor();
      await expectAccessible(page, 'the announcements, as a member');
      await page.goto('/table/plan');
      await h1(page, 'Plan d’action').waitFor();
      await expectAccessible(page, 'the action plan, as a member');
    });
  },
);

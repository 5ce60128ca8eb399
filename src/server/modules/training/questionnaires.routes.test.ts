import ExcelJS from 'exceljs';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../../../test/support/app.js';
import { auditCount, rowCount } from '../../../../test/support/concurrency.js';
import { csvLines } from '../../../../test/support/csv.js';
import {
  complete,
  makeCourse,
  makeQuestionnaire,
  participantOf,
  register,
} from '../../../../test/support/questionnaire.factories.js';
import { sessionWithMembers } from '../../../../test/support/training.scenario.js';
import { announceEvaluations } from './evaluation-announcements.service.js';

let t: TestApp;
const now = new Date('2026-11-20T15:00:00Z');
let coordinator: Agent;
let trainer: Agent;
let defaultEvaluation: { id: string; questionIds: string[] };

beforeAll(async () => {
  t = await createTestApp({ now: () => now });
  coordinator = await t.as('table_coordinator');
  trainer = await t.as('trainer');
  defaultEvaluation = await makeQuestionnaire(t.platform.db, { isDefault: true });
});
afterAll(async () => {
  await t.close();
});

function count(
  table: 'questionnaire_responses' | 'questionnaire_answers' | 'questionnaires' | 'questionnaire_questions',
) {
  return rowCount(t, table);
}

function auditActions(action: string): Promise<number> {
  return auditCount(t, action);
}

function answersFor(ids: string[], scale = 4, extra: Record<string, unknown>[] = []) {
  return {
    answers: [
      { questionId: ids[0], scale },
      { questionId: ids[1], choices: ['yes'] },
      { questionId: ids[2], choices: ['cases', 'tools'] },
      ...extra,
    ],
  };
}

/** A past session of a new course given by `trainer`, with `n` participants holding a confirmed seat. */
function pastSession(n: number, endsAt = new Date('2026-11-10T21:00:00Z')) {
  return sessionWithMembers(t, { trainer, members: n, endsAt });
}

/** `agent` sends their evaluation of a session. */
function evaluate(agent: Agent, sessionId: string, payload: InjectOptions['payload']) {
  return agent.inject({ method: 'POST', url: `/api/training/evaluations/sessions/${sessionId}`, payload });
}

describe('evaluations', () => {
  it('lets a participant fill the evaluation once, after the last day, and refuses a second answer', async () => {
    const { sessionId, participants } = await pastSession(1);
    const [worker] = participants as [Agent];

    const mine = await worker.inject({ method: 'GET', url: '/api/training/evaluations/mine' });
    expect(mine.statusCode).toBe(200);
    expect(mine.json().items).toEqual([expect.objectContaining({ state: 'pending' })]);

    const form = await worker.inject({
      method: 'GET',
      url: `/api/training/evaluations/sessions/${sessionId}`,
    });
    expect(form.statusCode, form.body).toBe(200);
    expect(form.json().form.questions).toHaveLength(4);
    expect(form.json().form.questions[1].options).toEqual([
      { key: 'yes', label: 'Oui' },
      { key: 'no', label: 'Non' },
    ]);

    const audits = await auditActions('training.evaluation.submit');
    const first = await evaluate(
      worker,
      sessionId,
      answersFor(defaultEvaluation.questionIds, 5, [
        { questionId: defaultEvaluation.questionIds[3], text: 'Très concret.' },
      ]),
    );
    expect(first.statusCode, first.body).toBe(201);
    expect(await auditActions('training.evaluation.submit')).toBe(audits + 1);

    const responses = await count('questionnaire_responses');
    const second = await evaluate(worker, sessionId, answersFor(defaultEvaluation.questionIds, 1));
    expect(second.statusCode).toBe(409);
    expect(second.json().error.details[0]).toMatchObject({
      rule: 'questionnaire_already_answered',
      message: expect.stringContaining('déjà répondu'),
    });
    expect(await count('questionnaire_responses')).toBe(responses);

    const after = await worker.inject({ method: 'GET', url: '/api/training/evaluations/mine' });
    expect(after.json().items[0].state).toBe('answered');
  });

  it('refuses the evaluation to someone without a confirmed seat (404, as if absent)', async () => {
    const { sessionId } = await pastSession(1);
    const stranger = await t.as('worker');
    const waitlisted = await t.as('worker');
    await register(
      t.platform.db,
      sessionId,
      await participantOf(t.platform.db, waitlisted.person),
      'waitlisted',
    );
    for (const agent of [stranger, waitlisted]) {
      const form = await agent.inject({
        method: 'GET',
        url: `/api/training/evaluations/sessions/${sessionId}`,
      });
      expect(form.statusCode).toBe(404);
      const post = await evaluate(agent, sessionId, answersFor(defaultEvaluation.questionIds));
      expect(post.statusCode).toBe(404);
    }
    const absent = await stranger.inject({
      method: 'POST',
      url: '/api/training/evaluations/sessions/00000000-0000-4000-8000-000000000000',
      payload: answersFor(defaultEvaluation.questionIds),
    });
    expect(absent.statusCode).toBe(404);
  });

  it('refuses an evaluation before the last day has ended', async () => {
    const { sessionId, participants } = await pastSession(1, new Date('2026-11-21T21:00:00Z'));
    const response = await evaluate(participants[0]!, sessionId, answersFor(defaultEvaluation.questionIds));
    expect(response.statusCode).toBe(409);
    expect(response.json().error.details[0].rule).toBe('questionnaire_too_early');
  });

  it('answers bad input with translated field messages and stores nothing', async () => {
    const { sessionId, participants } = await pastSession(1);
    const worker = participants[0]!;
    const before = [await count('questionnaire_responses'), await count('questionnaire_answers')];
    const ids = defaultEvaluation.questionIds;
    const bad = await evaluate(worker, sessionId, {
      answers: [
        { questionId: ids[0], choices: ['yes'] },
        { questionId: ids[2], choices: ['nope'] },
      ],
    });
    expect(bad.statusCode).toBe(400);
    const details = bad.json().error.details as Array<{ field: string; rule: string; message: string }>;
    expect(details.map((d) => `${d.field}:${d.rule}`)).toEqual([
      `answers.${ids[0]}:questionnaire_answer_type`,
      `answers.${ids[2]}:questionnaire_unknown_option`,
      `answers.${ids[1]}:questionnaire_answer_required`,
    ]);
    expect(details[2]!.message).toBe('Répondez à cette question : elle est obligatoire.');
    const outOfRange = await evaluate(worker, sessionId, { answers: [{ questionId: ids[0], scale: 9 }] });
    expect(outOfRange.statusCode).toBe(400);
    expect([await count('questionnaire_responses'), await count('questionnaire_answers')]).toEqual(before);
  });

  it('keeps one answer set when two submissions race', async () => {
    const { sessionId, participants } = await pastSession(1);
    const worker = participants[0]!;
    const results = await Promise.all(
      Array.from({ length: 4 }, () => evaluate(worker, sessionId, answersFor(defaultEvaluation.questionIds))),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409]);
    const row = await t.platform.db
      .selectFrom('questionnaire_responses')
      .select(({ fn }) => fn.countAll<string>().as('n'))
      .where('session_id', '=', sessionId)
      .executeTakeFirstOrThrow();
    expect(Number(row.n)).toBe(1);
  });

  it('shows counts only under three answers, then aggregates without names, to the trainer and the table', async () => {
    const { sessionId, courseId, participants } = await pastSession(4);
    const ids = defaultEvaluation.questionIds;
    const submit = (agent: Agent, scale: number, text?: string) =>
      evaluate(agent, sessionId, answersFor(ids, scale, text ? [{ questionId: ids[3], text }] : []));
    expect((await submit(participants[0]!, 5, 'Zèle des formatrices')).statusCode).toBe(201);
    expect((await submit(participants[1]!, 3)).statusCode).toBe(201);

    const few = await trainer.inject({
      method: 'GET',
      url: `/api/training/evaluations/results/sessions/${sessionId}`,
    });
    expect(few.statusCode, few.body).toBe(200);
    expect(few.json().blocks).toEqual([
      expect.objectContaining({ responses: 2, detailed: false, questions: [] }),
    ]);
    expect(few.body).not.toContain('Zèle');

    expect((await submit(participants[2]!, 4, 'Applicable dès demain')).statusCode).toBe(201);
    const results = await coordinator.inject({
      method: 'GET',
      url: `/api/training/evaluations/results/sessions/${sessionId}`,
    });
    const block = results.json().blocks[0];
    expect(block).toMatchObject({ responses: 3, detailed: true });
    expect(block.questions[0]).toMatchObject({ type: 'scale', mean: 4, distribution: [0, 0, 1, 1, 1] });
    expect(block.questions[1].options).toEqual([
      { key: 'yes', label: 'Oui', count: 3 },
      { key: 'no', label: 'Non', count: 0 },
    ]);
    expect(block.questions[3].texts).toEqual(['Applicable dès demain', 'Zèle des formatrices']);
    for (const p of participants) expect(results.body).not.toContain(p.person.id);

    const course = await trainer.inject({
      method: 'GET',
      url: `/api/training/evaluations/results/courses/${courseId}`,
    });
    expect(course.statusCode).toBe(200);
    expect(course.json().blocks[0].responses).toBe(3);

    const list = await trainer.inject({ method: 'GET', url: '/api/training/evaluations/results' });
    expect(list.json().items).toContainEqual(
      expect.objectContaining({ responses: 3, session: expect.objectContaining({ id: sessionId }) }),
    );
  });

  it('hides results from trainers of other sessions', async () => {
    const { sessionId, courseId } = await pastSession(0);
    const other = await t.as('trainer');
    expect(
      (await other.inject({ method: 'GET', url: `/api/training/evaluations/results/sessions/${sessionId}` }))
        .statusCode,
    ).toBe(404);
    expect(
      (await other.inject({ method: 'GET', url: `/api/training/evaluations/results/courses/${courseId}` }))
        .statusCode,
    ).toBe(404);
    const list = await other.inject({ method: 'GET', url: '/api/training/evaluations/results' });
    expect(list.json().items.map((i: { session: { id: string } }) => i.session.id)).not.toContain(sessionId);
    const worker = await t.as('worker');
    expect(
      (await worker.inject({ method: 'GET', url: `/api/training/evaluations/results/sessions/${sessionId}` }))
        .statusCode,
    ).toBe(403);
  });

  it('uses the questionnaire assigned to a course instead of the default one', async () => {
    const { sessionId, courseId, participants } = await pastSession(1);
    const own = await makeQuestionnaire(t.platform.db, {
      questions: [{ type: 'short_text', textFr: 'Un mot', textEn: 'One word' }],
    });
    const set = await coordinator.inject({
      method: 'PUT',
      url: `/api/training/questionnaires/assignments/${courseId}`,
      payload: { questionnaireId: own.id },
    });
    expect(set.statusCode, set.body).toBe(204);
    const form = await participants[0]!.inject({
      method: 'GET',
      url: `/api/training/evaluations/sessions/${sessionId}`,
    });
    expect(form.json().form.id).toBe(own.id);
    const assignments = await trainer.inject({
      method: 'GET',
      url: '/api/training/questionnaires/assignments',
    });
    expect(assignments.json().items).toContainEqual(
      expect.objectContaining({ courseId, questionnaireId: own.id, usesDefault: false }),
    );
    const survey = await makeQuestionnaire(t.platform.db, { kind: 'survey' });
    const wrong = await coordinator.inject({
      method: 'PUT',
      url: `/api/training/questionnaires/assignments/${courseId}`,
      payload: { questionnaireId: survey.id },
    });
    expect(wrong.statusCode).toBe(400);
    expect(
      (
        await trainer.inject({
          method: 'PUT',
          url: `/api/training/questionnaires/assignments/${courseId}`,
          payload: { questionnaireId: null },
        })
      ).statusCode,
    ).toBe(403);
  });
});

describe('evaluation notices', () => {
  it('tells each participant of a session that just ended, once, that the evaluation is open', async () => {
    await announceEvaluations(t.platform);
    const { sessionId, participants } = await pastSession(2, new Date('2026-11-19T21:00:00Z'));
    const cancelled = await t.as('worker');
    await register(
      t.platform.db,
      sessionId,
      await participantOf(t.platform.db, cancelled.person),
      'cancelled',
    );
    const { sessionId: old, participants: oldParticipants } = await pastSession(
      1,
      new Date('2026-09-01T21:00:00Z'),
    );
    expect(await announceEvaluations(t.platform)).toBe(2);
    const notes = await t.platform.db
      .selectFrom('notifications')
      .select(['person_id', 'link'])
      .where('kind', '=', 'training-questionnaires.evaluation_open')
      .execute();
    const told = notes
      .filter((n) => n.link === `/formation/evaluations/${sessionId}`)
      .map((n) => n.person_id);
    expect(told.sort()).toEqual(participants.map((p) => p.person.id).sort());
    expect(notes.some((n) => n.link === `/formation/evaluations/${old}`)).toBe(false);
    expect(
      notes.some((n) => n.person_id === cancelled.person.id || n.person_id === oldParticipants[0]!.person.id),
    ).toBe(false);
    expect(await announceEvaluations(t.platform)).toBe(0);
  });
});

describe('questionnaire editing', () => {
  const body = {
    kind: 'evaluation',
    titleFr: 'Évaluation du cours 2',
    titleEn: 'Course 2 evaluation',
    questions: [
      { type: 'scale', textFr: 'Clarté', textEn: 'Clarity' },
      {
        type: 'single',
        textFr: 'Durée',
        textEn: 'Length',
        options: [
          { key: 'short', fr: 'Trop courte', en: 'Too short' },
          { key: 'right', fr: 'Juste', en: 'Right' },
        ],
      },
    ],
  };

  it('lets trainers write evaluations but not surveys, and the table both', async () => {
    const created = await trainer.inject({
      method: 'POST',
      url: '/api/training/questionnaires',
      payload: body,
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().questions).toHaveLength(2);
    const survey = {
      ...body,
      kind: 'survey',
      opensOn: '2026-12-01',
      closesOn: '2026-12-20',
      targetTypes: ['community', 'police'],
    };
    expect(
      (await trainer.inject({ method: 'POST', url: '/api/training/questionnaires', payload: survey }))
        .statusCode,
    ).toBe(403);
    const bySurveyors = await coordinator.inject({
      method: 'POST',
      url: '/api/training/questionnaires',
      payload: survey,
    });
    expect(bySurveyors.statusCode, bySurveyors.body).toBe(201);
    expect(bySurveyors.json().state).toBe('draft');
    const list = await trainer.inject({ method: 'GET', url: '/api/training/questionnaires' });
    expect(list.json().items.every((q: { kind: string }) => q.kind === 'evaluation')).toBe(true);
    expect(
      (await trainer.inject({ method: 'GET', url: `/api/training/questionnaires/${bySurveyors.json().id}` }))
        .statusCode,
    ).toBe(404);
  });

  it('refuses bad questionnaires and stores nothing', async () => {
    const before = [await count('questionnaires'), await count('questionnaire_questions')];
    const bad = await coordinator.inject({
      method: 'POST',
      url: '/api/training/questionnaires',
      payload: {
        ...body,
        kind: 'survey',
        opensOn: '2026-12-20',
        closesOn: '2026-12-01',
        questions: [{ type: 'single', textFr: 'Q', textEn: 'Q', options: [{ key: 'a', fr: 'A', en: 'A' }] }],
      },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.map((d: { rule: string }) => d.rule)).toEqual([
      'end_before_start',
      'questionnaire_targets_needed',
      'questionnaire_options_needed',
    ]);
    const unknownField = await coordinator.inject({
      method: 'POST',
      url: '/api/training/questionnaires',
      payload: { ...body, extra: true },
    });
    expect(unknownField.statusCode).toBe(400);
    expect([await count('questionnaires'), await count('questionnaire_questions')]).toEqual(before);
  });

  it('locks the questions once someone answered, but not the titles', async () => {
    const { sessionId, participants } = await pastSession(1);
    const answer = await evaluate(participants[0]!, sessionId, answersFor(defaultEvaluation.questionIds));
    expect(answer.statusCode).toBe(201);
    const locked = await coordinator.inject({
      method: 'PATCH',
      url: `/api/training/questionnaires/${defaultEvaluation.id}`,
      payload: { questions: body.questions },
    });
    expect(locked.statusCode).toBe(409);
    expect(locked.json().error.details[0].rule).toBe('questionnaire_has_responses');
    const renamed = await trainer.inject({
      method: 'PATCH',
      url: `/api/training/questionnaires/${defaultEvaluation.id}`,
      payload: { titleFr: 'Évaluation générale (fictive)' },
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json().titleFr).toBe('Évaluation générale (fictive)');
    expect(renamed.json().questions).toHaveLength(4);
  });
});

describe('needs surveys', () => {
  it('opens a survey, notifies the targeted people, takes one answer each and shows results by type', async () => {
    const communityOrg = await t.createOrganisation({ type: 'community' });
    const policeOrg = await t.createOrganisation({ type: 'police' });
    const schoolOrg = await t.createOrganisation({ type: 'school_service_centre' });
    const community = await Promise.all(
      [1, 2, 3].map(() => t.as('worker', { organisationId: communityOrg })),
    );
    const police = await t.as('worker', { organisationId: policeOrg });
    const school = await t.as('worker', { organisationId: schoolOrg });

    const created = await coordinator.inject({
      method: 'POST',
      url: '/api/training/questionnaires',
      payload: {
        kind: 'survey',
        titleFr: 'Besoins de formation 2027 (fictif)',
        titleEn: 'Training needs 2027 (fictional)',
        opensOn: '2026-11-15',
        closesOn: '2026-12-15',
        targetTypes: ['community', 'police'],
        questions: [
          {
            type: 'multiple',
            textFr: 'Thèmes souhaités',
            textEn: 'Topics wanted',
            options: [
              { key: 'online', fr: 'Cyberprédation', en: 'Online predation' },
              { key: 'boys', fr: 'Garçons', en: 'Boys' },
            ],
          },
          { type: 'scale', textFr: 'Urgence du besoin', textEn: 'Urgency of the need' },
        ],
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    const questionIds = created.json().questions.map((q: { id: string }) => q.id) as string[];

    // Not offered before the table opens it.
    expect(
      (await community[0]!.inject({ method: 'GET', url: `/api/training/surveys/${id}` })).statusCode,
    ).toBe(404);
    const opened = await coordinator.inject({
      method: 'POST',
      url: `/api/training/surveys/${id}/open`,
      payload: {},
    });
    expect(opened.statusCode, opened.body).toBe(200);
    expect(opened.json().notified).toBeGreaterThanOrEqual(4);
    const notes = await t.platform.db
      .selectFrom('notifications')
      .select(['person_id', 'kind', 'link'])
      .where('kind', '=', 'training-questionnaires.survey_open')
      .execute();
    const notified = new Set(notes.map((n) => n.person_id));
    expect(notified.has(police.person.id)).toBe(true);
    expect(notified.has(school.person.id)).toBe(false);
    expect(
      (await coordinator.inject({ method: 'POST', url: `/api/training/surveys/${id}/open`, payload: {} }))
        .statusCode,
    ).toBe(409);

    expect((await school.inject({ method: 'GET', url: `/api/training/surveys/${id}` })).statusCode).toBe(404);
    const mine = await police.inject({ method: 'GET', url: '/api/training/surveys/mine' });
    expect(mine.json().items).toContainEqual(expect.objectContaining({ id, answered: false }));

    const answer = (agent: Agent, scale: number) =>
      agent.inject({
        method: 'POST',
        url: `/api/training/surveys/${id}/responses`,
        payload: {
          answers: [
            { questionId: questionIds[0], choices: ['online'] },
            { questionId: questionIds[1], scale },
          ],
        },
      });
    for (const [i, agent] of community.entries()) expect((await answer(agent, 3 + i)).statusCode).toBe(201);
    expect((await answer(police, 2)).statusCode).toBe(201);
    expect((await answer(police, 2)).statusCode).toBe(409);
    expect((await answer(school, 2)).statusCode).toBe(404);

    const results = await coordinator.inject({ method: 'GET', url: `/api/training/surveys/${id}/results` });
    expect(results.statusCode, results.body).toBe(200);
    const json = results.json();
    expect(json.overall).toMatchObject({ responses: 4, detailed: true });
    const byType = Object.fromEntries(
      json.byType.map((g: { organisationType: string; block: { responses: number; detailed: boolean } }) => [
        g.organisationType,
        g.block,
      ]),
    );
    expect(byType.community).toMatchObject({ responses: 3, detailed: true });
    expect(byType.community.questions[1]).toMatchObject({ mean: 4 });
    expect(byType.police).toMatchObject({ responses: 1, detailed: false, questions: [] });
    expect(json.byOrganisation).toContainEqual(expect.objectContaining({ organisationId: communityOrg }));
    expect(
      (await trainer.inject({ method: 'GET', url: `/api/training/surveys/${id}/results` })).statusCode,
    ).toBe(403);
  });

  it('does not offer a closed survey', async () => {
    const survey = await makeQuestionnaire(t.platform.db, {
      kind: 'survey',
      opensOn: '2026-01-01',
      closesOn: '2026-02-01',
    });
    const worker = await t.as('worker');
    expect(
      (await worker.inject({ method: 'GET', url: `/api/training/surveys/${survey.id}` })).statusCode,
    ).toBe(404);
  });
});

describe('figures', () => {
  it('counts distinct people by year, course, type and organisation, with exports, per role', async () => {
    const db = t.platform.db;
    const org = await t.createOrganisation({ type: 'youth_protection', name: 'Centre jeunesse fictif' });
    const course1 = await makeCourse(db, { code: 'FIG-1', titleFr: 'Prévention (fictif)' });
    const course2 = await makeCourse(db, { code: 'FIG-2', titleFr: 'Cyberprédation (fictif)' });
    const people = await Promise.all([1, 2, 3].map(() => t.createPerson({ organisationId: org })));
    const [a, b, c] = await Promise.all(people.map((p) => participantOf(db, p, 'youth_protection')));
    const done = (participantId: string, courseId: string, completedOn: string) =>
      complete(db, {
        participantId,
        courseId,
        completedOn,
        organisationId: org,
        organisationType: 'youth_protection',
      });
    await done(a!, course1, '2012-05-01');
    await done(a!, course2, '2013-05-01');
    await done(b!, course1, '2013-06-01');
    await done(b!, course1, '2013-10-01');
    await done(c!, course2, '2014-02-01');

    const response = await coordinator.inject({ method: 'GET', url: '/api/training/figures' });
    expect(response.statusCode, response.body).toBe(200);
    const figures = response.json();
    expect(figures.total).toBe(3);
    expect(figures.years).toEqual([
      { year: 2012, trained: 1, firstTime: 1, cumulative: 1 },
      { year: 2013, trained: 2, firstTime: 1, cumulative: 2 },
      { year: 2014, trained: 1, firstTime: 1, cumulative: 3 },
    ]);
    expect(figures.courses).toEqual([
      expect.objectContaining({ code: 'FIG-1', trained: 2 }),
      expect.objectContaining({ code: 'FIG-2', trained: 2 }),
    ]);
    expect(figures.organisationTypes).toEqual([{ type: 'youth_protection', trained: 3 }]);
    expect(figures.organisations).toEqual([
      { id: org, name: 'Centre jeunesse fictif', type: 'youth_protection', trained: 3 },
    ]);
    const year = await coordinator.inject({ method: 'GET', url: '/api/training/figures?year=2013' });
    expect(year.json()).toMatchObject({ year: 2013, total: 2 });

    const researcher = await t.signIn(await t.createPerson({ roles: ['researcher'], locale: 'en-CA' }));
    const aggregate = (await researcher.inject({ method: 'GET', url: '/api/training/figures' })).json();
    expect(aggregate).toMatchObject({ level: 'aggregate', total: 3, organisations: [] });
    expect(JSON.stringify(aggregate)).not.toContain('Centre jeunesse fictif');
    expect(aggregate.pivots.people).toEqual([]);
    expect((await trainer.inject({ method: 'GET', url: '/api/training/figures' })).json().level).toBe(
      'organisations',
    );
    const worker = await t.as('worker');
    expect((await worker.inject({ method: 'GET', url: '/api/training/figures' })).statusCode).toBe(403);

    const csv = await coordinator.inject({ method: 'GET', url: '/api/training/figures.csv' });
    const lines = csvLines(csv);
    expect(lines[0]).toBe('Répartition,Catégorie,Personnes formées,Cumul depuis le début');
    expect(lines).toContain('Par année,2013,2,2');
    expect(lines).toContain('Par type d’organisation,Protection de la jeunesse,3,');
    expect(lines).toContain('Par organisation,Centre jeunesse fictif,3,');

    const audits = await auditActions('training.figures.export');
    const xlsx = await researcher.inject({ method: 'GET', url: '/api/training/figures.xlsx' });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    expect(await auditActions('training.figures.export')).toBe(audits + 1);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual([
      'By year',
      'By course',
      'By course and year',
      'By organisation type',
      'Trained pivots',
    ]);
    const courseYears = workbook.getWorksheet('By course and year')!;
    expect(courseYears.getRow(1).values).toEqual([undefined, 'Code', '2012', '2013', '2014']);
    expect(courseYears.getRow(2).values).toEqual([undefined, 'FIG-1', 1, 1, 0]);
    expect(courseYears.getRow(3).values).toEqual([undefined, 'FIG-2', 0, 1, 1]);
    const years = workbook.getWorksheet('By year')!;
    expect(years.getRow(1).values).toEqual([
      undefined,
      'Year',
      'People trained',
      'Trained for the first time',
      'Cumulative since the start',
    ]);
    expect(years.getRow(4).values).toEqual([undefined, 2014, 1, 1, 3]);
    const types = workbook.getWorksheet('By organisation type')!;
    expect(types.getRow(2).values).toEqual([undefined, 'Youth protection', 3]);
  });

  it('says which active pivots completed the course the network counts', async () => {
    const db = t.platform.db;
    const org = await t.createOrganisation({ type: 'police', name: 'Police fictive des pivots' });
    const prerequisite = await makeCourse(db, { code: 'FIG-PRE', networkPrerequisite: true });
    const other = await makeCourse(db, { code: 'FIG-OTHER' });
    const trained = await t.createPerson({
      roles: ['pivot'],
      organisationId: org,
      givenName: 'Alice',
      familyName: 'Formée',
    });
    const untrained = await t.createPerson({
      roles: ['pivot'],
      organisationId: org,
      givenName: 'Bruno',
      familyName: 'Pas-Formé',
    });
    for (const pivot of [trained, untrained]) {
      await db
        .insertInto('pivot_mandates')
        .values({ person_id: pivot.id, organisation_id: org, start_on: '2020-01-01' })
        .execute();
    }
    await complete(db, {
      participantId: await participantOf(db, trained),
      courseId: prerequisite,
      completedOn: '2021-03-04',
    });
    await complete(db, {
      participantId: await participantOf(db, untrained),
      courseId: other,
      completedOn: '2021-03-04',
    });

    const full = (await coordinator.inject({ method: 'GET', url: '/api/training/figures' })).json();
    expect(full.pivots.byOrganisation).toContainEqual({
      id: org,
      name: 'Police fictive des pivots',
      type: 'police',
      active: 2,
      trained: 1,
    });
    expect(full.pivots.people).toEqual(
      expect.arrayContaining([
        { name: 'Alice Formée', organisationName: 'Police fictive des pivots', trainedOn: '2021-03-04' },
        { name: 'Bruno Pas-Formé', organisationName: 'Police fictive des pivots', trainedOn: null },
      ]),
    );
    const forTrainer = (await trainer.inject({ method: 'GET', url: '/api/training/figures' })).json();
    expect(forTrainer.pivots.people).toEqual([]);
    expect(forTrainer.pivots.byOrganisation.length).toBeGreaterThan(0);
    const researcher = await t.as('researcher');
    const aggregate = (await researcher.inject({ method: 'GET', url: '/api/training/figures' })).json();
    expect(aggregate.pivots.byOrganisation).toEqual([]);
    expect(aggregate.pivots.byType).toContainEqual({ type: 'police', active: 2, trained: 1 });
  });

  it('adds a training section to the annual report', async () => {
    const report = await coordinator.inject({ method: 'GET', url: '/api/reports/annual/2013' });
    expect(report.statusCode, report.body).toBe(200);
    const section = report.json().sections.find((s: { key: string }) => s.key === 'training');
    expect(section.figures).toEqual([
      { label: 'Personnes formées dans l’année', value: 2 },
      { label: 'Personnes formées pour la première fois', value: 1 },
      { label: 'Personnes formées depuis le début du programme', value: 2 },
    ]);
    expect(section.charts[1].series[0].values).toEqual([1, 2]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../../../test/support/app.js';
import { auditCount, notificationCount, race } from '../../../../test/support/concurrency.js';
import { makeQuestionnaire } from '../../../../test/support/questionnaire.factories.js';
import { sessionWithMembers } from '../../../../test/support/training.scenario.js';
import { announceEvaluations } from './evaluation-announcements.service.js';

/** Answer sets and surveys under simultaneous requests: stored once, opened once, announced once. */
const now = new Date('2026-11-20T15:00:00Z');
let t: TestApp;
let coordinator: Agent;
let trainer: Agent;
let evaluation: { id: string; questionIds: string[] };

beforeAll(async () => {
  t = await createTestApp({ now: () => now });
  coordinator = await t.as('table_coordinator');
  trainer = await t.as('trainer');
  evaluation = await makeQuestionnaire(t.platform.db, { isDefault: true });
});
afterAll(async () => {
  await t.close();
});

function answers(ids: string[]) {
  return {
    answers: [
      { questionId: ids[0], scale: 4 },
      { questionId: ids[1], choices: ['yes'] },
      { questionId: ids[2], choices: ['cases'] },
    ],
  };
}

/** A session of a new course that ended yesterday, given by the trainer, with `n` members seated. */
function pastSession(n: number) {
  return sessionWithMembers(t, { trainer, members: n, endsAt: new Date('2026-11-19T21:00:00Z') });
}

describe('questionnaires under simultaneous requests', () => {
  it('stores an evaluation once: 50 simultaneous submissions give one 201 and 49 × 409', async () => {
    const { sessionId, participants } = await pastSession(1);
    const result = await race(t, 50, () =>
      participants[0]!.inject({
        method: 'POST',
        url: `/api/training/evaluations/sessions/${sessionId}`,
        payload: answers(evaluation.questionIds),
      }),
    );
    expect(result.statuses).toEqual({ 201: 1, 409: 49 });
    if (t.database.engine === 'postgres') expect(result.peakConnections).toBeGreaterThan(1);
    expect(result.responses.find((r) => r.statusCode === 409)!.json().error.details[0].rule).toBe(
      'questionnaire_already_answered',
    );
    const stored = await t.platform.db
      .selectFrom('questionnaire_responses')
      .select('id')
      .where('session_id', '=', sessionId)
      .execute();
    expect(stored).toHaveLength(1);
    expect(await auditCount(t, 'training.evaluation.submit', sessionId)).toBe(1);
  });

  it('opens a survey once: its people are notified once', async () => {
    const survey = await makeQuestionnaire(t.platform.db, {
      kind: 'survey',
      opened: false,
      opensOn: '2026-11-01',
      targetTypes: ['community'],
    });
    const result = await race(t, 30, () =>
      coordinator.inject({ method: 'POST', url: `/api/training/surveys/${survey.id}/open`, payload: {} }),
    );
    expect(result.statuses).toEqual({ 200: 1, 409: 29 });
    expect(await auditCount(t, 'training.survey.open', survey.id)).toBe(1);
    expect(await notificationCount(t, 'training-questionnaires.survey_open', coordinator.person.id)).toBe(1);
  });

  it('tells each participant once that the evaluation is open when two runs overlap', async () => {
    const { participants } = await pastSession(3);
    await Promise.all([announceEvaluations(t.platform), announceEvaluations(t.platform)]);
    for (const agent of participants) {
      expect(await notificationCount(t, 'training-questionnaires.evaluation_open', agent.person.id)).toBe(1);
    }
    expect(await auditCount(t, 'training.evaluation.announce')).toBe(1);
  });
});

import type { Role } from '../../src/shared/roles.js';
import {
  makeCourse,
  makeQuestionnaire,
  makeSession,
  participantOf,
  register,
} from '../support/questionnaire.factories.js';
import type { Context, Matrix } from './platform.js';

const COORDINATION: readonly Role[] = ['admin', 'table_coordinator'];
const EDITORS: readonly Role[] = ['admin', 'table_coordinator', 'trainer'];
const FIGURE_READERS: readonly Role[] = ['admin', 'table_coordinator', 'trainer', 'researcher'];

const SCALE_ONLY = [{ type: 'scale' as const, textFr: 'Satisfaction', textEn: 'Satisfaction' }];

/** A past session of a new course with its own one-question evaluation; the agent is a participant or its trainer. */
async function pastSession({ t, agent }: Context, as: 'participant' | 'trainer') {
  const db = t.platform.db;
  const courseId = await makeCourse(db);
  const sessionId = await makeSession(
    db,
    courseId,
    as === 'trainer' ? { trainerIds: [agent.person.id] } : {},
  );
  const questionnaire = await makeQuestionnaire(db, { questions: SCALE_ONLY });
  await db
    .insertInto('questionnaire_assignments')
    .values({ course_id: courseId, questionnaire_id: questionnaire.id, updated_by: null })
    .execute();
  if (as === 'participant') await register(db, sessionId, await participantOf(db, agent.person, 'police'));
  return { courseId, sessionId, questionIds: questionnaire.questionIds };
}

/** A survey aimed at the agent's organisation type (the matrix gives every agent a police organisation). */
function survey({ t }: Context, opened = true) {
  return makeQuestionnaire(t.platform.db, {
    kind: 'survey',
    targetTypes: ['police'],
    opened,
    questions: SCALE_ONLY,
  });
}

/** The questionnaire engine (evaluations, needs surveys, outside participants' public evaluation form) and the trained-worker figures. */
export const questionnairesMatrix: Matrix = {
  'GET /evaluation-formation/:token': { access: 'public' },
  'POST /evaluation-formation/:token': { access: 'public' },
  'GET /en/training-evaluation/:token': { access: 'public' },
  'POST /en/training-evaluation/:token': { access: 'public' },
  'GET /api/training/questionnaires': {
    access: EDITORS,
    request: () => ({ method: 'GET', url: '/api/training/questionnaires' }),
  },
  'POST /api/training/questionnaires': {
    access: EDITORS,
    request: () => ({
      method: 'POST',
      url: '/api/training/questionnaires',
      payload: { kind: 'evaluation', titleFr: 'Évaluation', titleEn: 'Evaluation', questions: SCALE_ONLY },
    }),
  },
  'GET /api/training/questionnaires/assignments': {
    access: EDITORS,
    request: () => ({ method: 'GET', url: '/api/training/questionnaires/assignments' }),
  },
  'PUT /api/training/questionnaires/assignments/:id': {
    access: COORDINATION,
    request: async ({ t }) => ({
      method: 'PUT',
      url: `/api/training/questionnaires/assignments/${await makeCourse(t.platform.db)}`,
      payload: { questionnaireId: null },
    }),
  },
  'GET /api/training/questionnaires/:id': {
    access: EDITORS,
    request: async ({ t }) => ({
      method: 'GET',
      url: `/api/training/questionnaires/${(await makeQuestionnaire(t.platform.db)).id}`,
    }),
  },
  'PATCH /api/training/questionnaires/:id': {
    access: EDITORS,
    request: async ({ t }) => ({
      method: 'PATCH',
      url: `/api/training/questionnaires/${(await makeQuestionnaire(t.platform.db)).id}`,
      payload: { titleFr: 'Évaluation renommée' },
    }),
  },
  'GET /api/training/evaluations/mine': {
    access: 'staff',
    request: () => ({ method: 'GET', url: '/api/training/evaluations/mine' }),
  },
  'GET /api/training/evaluations/sessions/:id': {
    access: 'staff',
    request: async (ctx) => ({
      method: 'GET',
      url: `/api/training/evaluations/sessions/${(await pastSession(ctx, 'participant')).sessionId}`,
    }),
  },
  'POST /api/training/evaluations/sessions/:id': {
    access: 'staff',
    request: async (ctx) => {
      const { sessionId, questionIds } = await pastSession(ctx, 'participant');
      return {
        method: 'POST',
        url: `/api/training/evaluations/sessions/${sessionId}`,
        payload: { answers: [{ questionId: questionIds[0], scale: 4 }] },
      };
    },
  },
  'GET /api/training/evaluations/results': {
    access: EDITORS,
    request: () => ({ method: 'GET', url: '/api/training/evaluations/results' }),
  },
  'GET /api/training/evaluations/results/sessions/:id': {
    access: EDITORS,
    request: async (ctx) => ({
      method: 'GET',
      url: `/api/training/evaluations/results/sessions/${(await pastSession(ctx, 'trainer')).sessionId}`,
    }),
  },
  'GET /api/training/evaluations/results/courses/:id': {
    access: EDITORS,
    request: async (ctx) => ({
      method: 'GET',
      url: `/api/training/evaluations/results/courses/${(await pastSession(ctx, 'trainer')).courseId}`,
    }),
  },
  'GET /api/training/surveys/mine': {
    access: 'staff',
    request: () => ({ method: 'GET', url: '/api/training/surveys/mine' }),
  },
  'GET /api/training/surveys/:id': {
    access: 'staff',
    request: async (ctx) => ({ method: 'GET', url: `/api/training/surveys/${(await survey(ctx)).id}` }),
  },
  'POST /api/training/surveys/:id/responses': {
    access: 'staff',
    request: async (ctx) => {
      const { id, questionIds } = await survey(ctx);
      return {
        method: 'POST',
        url: `/api/training/surveys/${id}/responses`,
        payload: { answers: [{ questionId: questionIds[0], scale: 2 }] },
      };
    },
  },
  'POST /api/training/surveys/:id/open': {
    access: COORDINATION,
    request: async (ctx) => ({
      method: 'POST',
      url: `/api/training/surveys/${(await survey(ctx, false)).id}/open`,
      payload: {},
    }),
  },
  'GET /api/training/surveys/:id/results': {
    access: COORDINATION,
    request: async (ctx) => ({
      method: 'GET',
      url: `/api/training/surveys/${(await survey(ctx)).id}/results`,
    }),
  },
  'GET /api/training/figures': {
    access: FIGURE_READERS,
    request: () => ({ method: 'GET', url: '/api/training/figures' }),
  },
  'GET /api/training/figures.csv': {
    access: FIGURE_READERS,
    request: () => ({ method: 'GET', url: '/api/training/figures.csv' }),
  },
  'GET /api/training/figures.xlsx': {
    access: FIGURE_READERS,
    request: () => ({ method: 'GET', url: '/api/training/figures.xlsx' }),
  },
};

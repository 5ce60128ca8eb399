import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import { EmptyBody, ErrorResponse, IdParams } from '../../platform/http/schemas.js';
import { getEvaluationForm, myEvaluations, submitEvaluation } from './evaluations.service.js';
import * as figures from './figures.service.js';
import {
  createQuestionnaire,
  getQuestionnaire,
  listAssignments,
  listQuestionnaires,
  setCourseEvaluation,
  updateQuestionnaire,
} from './questionnaire-design.service.js';
import {
  presentBlock,
  presentFigures,
  presentForm,
  presentQuestionnaireDetail,
  presentQuestionnaireSummary,
  presentSession,
} from './questionnaires.presenter.js';
import {
  AnswersBody,
  AssignmentBody,
  AssignmentList,
  CourseResults,
  CreateQuestionnaireBody,
  EvaluatedSessionList,
  EvaluationForm,
  Figures,
  FiguresQuery,
  MyEvaluationList,
  MySurveyList,
  OpenedSurvey,
  QuestionnaireDetail,
  QuestionnaireList,
  QuestionnaireQuery,
  SessionResults,
  Submitted,
  SurveyForm,
  SurveyResults,
  UpdateQuestionnaireBody,
} from './questionnaires.schemas.js';
import { courseResults, listEvaluatedSessions, sessionResults, surveyResults } from './results.service.js';
import { getSurveyForm, mySurveys, openSurvey, submitSurvey } from './surveys.service.js';

const COORDINATION = ['admin', 'table_coordinator'] as const;
const EDITORS = ['admin', 'table_coordinator', 'trainer'] as const;
const FIGURE_READERS = ['admin', 'table_coordinator', 'trainer', 'researcher'] as const;
const errors = { 400: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };

/** Questionnaires, evaluations, needs surveys and the trained-worker figures (registered under /api). */
export const questionnairesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const platform = app.platform;
  const qTags = ['training: questionnaires'];
  const eTags = ['training: evaluations'];
  const sTags = ['training: needs surveys'];
  const fTags = ['training: figures'];

  // ---------------------------------------------------------------------------------------------
  // Questionnaires

  app.get(
    '/training/questionnaires',
    {
      config: { access: EDITORS },
      schema: {
        tags: qTags,
        summary: 'List the questionnaires I may edit',
        querystring: QuestionnaireQuery,
        response: { 200: QuestionnaireList, ...errors },
      },
    },
    async (request) => ({
      items: (await listQuestionnaires(platform, request.actor!, request.query.kind)).map((row) =>
        presentQuestionnaireSummary(request.locale, row),
      ),
    }),
  );

  app.post(
    '/training/questionnaires',
    {
      config: { access: EDITORS },
      schema: {
        tags: qTags,
        summary: 'Write a new evaluation or survey questionnaire',
        body: CreateQuestionnaireBody,
        response: { 201: QuestionnaireDetail, ...errors },
      },
    },
    async (request, reply) => {
      const id = await createQuestionnaire(platform, request.actor!, request.body);
      return reply
        .status(201)
        .send(presentQuestionnaireDetail(await getQuestionnaire(platform, request.actor!, id)));
    },
  );

  app.get(
    '/training/questionnaires/assignments',
    {
      config: { access: EDITORS },
      schema: {
        tags: qTags,
        summary: 'The evaluation questionnaire of every course',
        response: { 200: AssignmentList, ...errors },
      },
    },
    async (request) => ({
      items: (await listAssignments(platform, request.actor!)).map((a) => ({
        courseId: a.course.id,
        code: a.course.code,
        title: request.locale === 'en-CA' ? a.course.title_en : a.course.title_fr,
        active: a.course.active,
        questionnaireId: a.questionnaireId,
        usesDefault: a.usesDefault,
      })),
    }),
  );

  app.put(
    '/training/questionnaires/assignments/:id',
    {
      config: { access: COORDINATION },
      schema: {
        tags: qTags,
        summary: "Set a course's evaluation questionnaire",
        params: IdParams,
        body: AssignmentBody,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await setCourseEvaluation(platform, request.actor!, request.params.id, request.body.questionnaireId);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/training/questionnaires/:id',
    {
      config: { access: EDITORS },
      schema: {
        tags: qTags,
        summary: 'Read a questionnaire with its questions',
        params: IdParams,
        response: { 200: QuestionnaireDetail, ...errors },
      },
    },
    async (request) =>
      presentQuestionnaireDetail(await getQuestionnaire(platform, request.actor!, request.params.id)),
  );

  app.patch(
    '/training/questionnaires/:id',
    {
      config: { access: EDITORS },
      schema: {
        tags: qTags,
        summary: 'Edit a questionnaire',
        params: IdParams,
        body: UpdateQuestionnaireBody,
        response: { 200: QuestionnaireDetail, ...errors },
      },
    },
    async (request) => {
      await updateQuestionnaire(platform, request.actor!, request.params.id, request.body);
      return presentQuestionnaireDetail(await getQuestionnaire(platform, request.actor!, request.params.id));
    },
  );

  // ---------------------------------------------------------------------------------------------
  // Evaluations

  app.get(
    '/training/evaluations/mine',
    {
      config: { access: 'staff' },
      schema: {
        tags: eTags,
        summary: 'My sessions and their evaluation',
        response: { 200: MyEvaluationList },
      },
    },
    async (request) => ({
      items: (await myEvaluations(platform, request.actor!)).map((e) => ({
        session: presentSession(request.locale, e.session),
        state: e.state,
      })),
    }),
  );

  app.get(
    '/training/evaluations/sessions/:id',
    {
      config: { access: 'staff' },
      schema: {
        tags: eTags,
        summary: 'The evaluation form of a session',
        params: IdParams,
        response: { 200: EvaluationForm, ...errors },
      },
    },
    async (request) => {
      const form = await getEvaluationForm(platform, request.actor!, request.params.id);
      return {
        session: presentSession(request.locale, form.session),
        state: form.state,
        form: presentForm(request.locale, form.questionnaire, form.questions),
      };
    },
  );

  app.post(
    '/training/evaluations/sessions/:id',
    {
      config: { access: 'staff' },
      schema: {
        tags: eTags,
        summary: 'Submit my evaluation of a session',
        params: IdParams,
        body: AnswersBody,
        response: { 201: Submitted, ...errors },
      },
    },
    async (request, reply) => {
      const id = await submitEvaluation(platform, request.actor!, request.params.id, request.body.answers);
      return reply.status(201).send({ id });
    },
  );

  app.get(
    '/training/evaluations/results',
    {
      config: { access: EDITORS },
      schema: {
        tags: eTags,
        summary: 'Ended sessions with their number of evaluations',
        response: { 200: EvaluatedSessionList, ...errors },
      },
    },
    async (request) => ({
      items: (await listEvaluatedSessions(platform, request.actor!)).map((row) => ({
        session: presentSession(request.locale, row),
        responses: row.responses,
      })),
    }),
  );

  app.get(
    '/training/evaluations/results/sessions/:id',
    {
      config: { access: EDITORS },
      schema: {
        tags: eTags,
        summary: 'Read the evaluation results of a session',
        params: IdParams,
        response: { 200: SessionResults, ...errors },
      },
    },
    async (request) => {
      const result = await sessionResults(platform, request.actor!, request.params.id);
      return {
        session: presentSession(request.locale, result.session),
        blocks: result.blocks.map((b) => presentBlock(request.locale, b)),
      };
    },
  );

  app.get(
    '/training/evaluations/results/courses/:id',
    {
      config: { access: EDITORS },
      schema: {
        tags: eTags,
        summary: 'Read the evaluation results of a course',
        params: IdParams,
        response: { 200: CourseResults, ...errors },
      },
    },
    async (request) => {
      const result = await courseResults(platform, request.actor!, request.params.id);
      return {
        course: {
          id: result.course.id,
          code: result.course.code,
          title: request.locale === 'en-CA' ? result.course.title_en : result.course.title_fr,
        },
        blocks: result.blocks.map((b) => presentBlock(request.locale, b)),
      };
    },
  );

  // ---------------------------------------------------------------------------------------------
  // Needs surveys

  app.get(
    '/training/surveys/mine',
    {
      config: { access: 'staff' },
      schema: { tags: sTags, summary: 'Surveys open to me now', response: { 200: MySurveyList } },
    },
    async (request) => ({
      items: (await mySurveys(platform, request.actor!)).map((s) => ({
        id: s.id,
        title: request.locale === 'en-CA' ? s.title_en : s.title_fr,
        closesOn: s.closes_on ?? '',
        answered: s.answered,
      })),
    }),
  );

  app.get(
    '/training/surveys/:id',
    {
      config: { access: 'staff' },
      schema: {
        tags: sTags,
        summary: 'Read the form of a survey open to me',
        params: IdParams,
        response: { 200: SurveyForm, ...errors },
      },
    },
    async (request) => {
      const { survey, questions } = await getSurveyForm(platform, request.actor!, request.params.id);
      return {
        closesOn: survey.closes_on ?? '',
        answered: survey.answered,
        form: presentForm(request.locale, survey, questions),
      };
    },
  );

  app.post(
    '/training/surveys/:id/responses',
    {
      config: { access: 'staff' },
      schema: {
        tags: sTags,
        summary: 'Submit my answers to a survey',
        params: IdParams,
        body: AnswersBody,
        response: { 201: Submitted, ...errors },
      },
    },
    async (request, reply) => {
      const id = await submitSurvey(platform, request.actor!, request.params.id, request.body.answers);
      return reply.status(201).send({ id });
    },
  );

  app.post(
    '/training/surveys/:id/open',
    {
      config: { access: COORDINATION },
      schema: {
        tags: sTags,
        summary: 'Opens a survey and notifies the people it targets',
        params: IdParams,
        body: EmptyBody,
        response: { 200: OpenedSurvey, ...errors },
      },
    },
    async (request) => ({ notified: await openSurvey(platform, request.actor!, request.params.id) }),
  );

  app.get(
    '/training/surveys/:id/results',
    {
      config: { access: COORDINATION },
      schema: {
        tags: sTags,
        summary: 'Read the results of a survey',
        params: IdParams,
        response: { 200: SurveyResults, ...errors },
      },
    },
    async (request) => {
      const result = await surveyResults(platform, request.actor!, request.params.id);
      const locale = request.locale;
      return {
        id: result.survey.id,
        title: locale === 'en-CA' ? result.survey.title_en : result.survey.title_fr,
        state: result.state,
        overall: result.overall ? presentBlock(locale, result.overall) : null,
        byType: result.byType.map((g) => ({
          organisationType: g.organisationType,
          block: presentBlock(locale, g.block),
        })),
        byOrganisation: result.byOrganisation.map((g) => ({
          organisationId: g.organisationId,
          name: g.name,
          organisationType: g.organisationType,
          block: presentBlock(locale, g.block),
        })),
      };
    },
  );

  // ---------------------------------------------------------------------------------------------
  // Figures

  app.get(
    '/training/figures',
    {
      config: { access: FIGURE_READERS },
      schema: {
        tags: fTags,
        summary: 'People trained by year, course and organisation',
        querystring: FiguresQuery,
        response: { 200: Figures, ...errors },
      },
    },
    async (request) =>
      presentFigures(request.locale, await figures.trainingFigures(platform, request.actor!, request.query)),
  );

  for (const format of ['csv', 'xlsx'] as const) {
    app.get(
      `/training/figures.${format}`,
      {
        config: { access: FIGURE_READERS },
        schema: {
          tags: fTags,
          summary: `The figures as ${format.toUpperCase()} (audited)`,
          querystring: FiguresQuery,
          produces: [
            format === 'csv'
              ? 'text/csv'
              : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          ],
        },
      },
      async (request, reply) => {
        const file = await figures.exportFigures(platform, request.actor!, {
          year: request.query.year,
          format,
          locale: request.locale,
        });
        return reply
          .header('content-type', file.contentType)
          .header('content-disposition', `attachment; filename="${file.filename}"`)
          .send(file.body);
      },
    );
  }
};

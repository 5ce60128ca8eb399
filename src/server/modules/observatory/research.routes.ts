import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ExportTextDecision,
  ObservatorySettings,
  ObservatorySettingsInput,
  ResearchExportDetail,
  ResearchExportInput,
  ResearchExportList,
  ResearchListQuery,
  ResearchQuestion,
  ResearchQuestionAnswer,
  ResearchQuestionInput,
  ResearchQuestionList,
  ResearchTexts,
  Trends,
  TrendsQuery,
} from '../../../shared/contracts/observatory.js';
import { ErrorResponse, IdParams } from '../../platform/http/schemas.js';
import {
  RESEARCH_READERS,
  RESEARCH_ROLES,
  SETTINGS_READERS,
  TABLE_ROLES,
  TREND_READERS,
} from './observatory.policy.js';
import * as questions from './questions.service.js';
import * as research from './research.service.js';
import * as trends from './trends.service.js';

/**
 * Trends (the table; an organisation's coordinators for their own), the table's settings, research
 * exports with small-cell suppression and research questions (under /api/observatory).
 */
export const researchRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const platform = app.platform;
  const tags = ['observatory'];
  const errors = { 400: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };

  app.get(
    '/observatory/trends',
    {
      config: { access: TREND_READERS },
      schema: {
        tags,
        summary: 'Observations by period, split by one dimension',
        querystring: TrendsQuery,
        response: { 200: Trends, ...errors },
      },
    },
    async (request) => trends.readTrends(platform, request.actor!, request.query),
  );

  app.get(
    '/observatory/trends.csv',
    {
      config: { access: TREND_READERS },
      schema: { tags, summary: 'The trends as CSV', querystring: TrendsQuery, produces: ['text/csv'] },
    },
    async (request, reply) => {
      const result = await trends.readTrends(platform, request.actor!, request.query);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="tendances-${result.dimension}-${result.from}-${result.to}.csv"`,
        )
        .send(trends.trendsCsv(result, request.locale));
    },
  );

  app.get(
    '/observatory/settings',
    {
      config: { access: SETTINGS_READERS },
      schema: {
        tags,
        summary: "The observatory's settings",
        response: { 200: ObservatorySettings, ...errors },
      },
    },
    async (request) => research.readSettings(platform, request.actor!),
  );

  app.put(
    '/observatory/settings',
    {
      config: { access: TABLE_ROLES },
      schema: {
        tags,
        summary: 'Set the suppression threshold (at least 10)',
        body: ObservatorySettingsInput,
        response: { 200: ObservatorySettings, ...errors },
      },
    },
    async (request) => research.updateSettings(platform, request.actor!, request.body),
  );

  app.post(
    '/observatory/research/exports',
    {
      config: { access: RESEARCH_ROLES },
      schema: {
        tags,
        summary: 'Produce a suppressed research export (audited)',
        body: ResearchExportInput,
        response: { 201: ResearchExportDetail, ...errors },
      },
    },
    async (request, reply) => {
      const created = await research.createExport(platform, request.actor!, request.body);
      reply.code(201);
      return created;
    },
  );

  app.get(
    '/observatory/research/exports',
    {
      config: { access: RESEARCH_READERS },
      schema: {
        tags,
        summary: 'List research exports (own; table: all)',
        querystring: ResearchListQuery,
        response: { 200: ResearchExportList, ...errors },
      },
    },
    async (request) => research.listExports(platform, request.actor!, request.query),
  );

  app.get(
    '/observatory/research/exports/:id',
    {
      config: { access: RESEARCH_READERS },
      schema: {
        tags,
        summary: 'Read a research export',
        params: IdParams,
        response: { 200: ResearchExportDetail, ...errors },
      },
    },
    async (request) => research.readExport(platform, request.actor!, request.params.id),
  );

  app.get(
    '/observatory/research/exports/:id/texts',
    {
      config: { access: RESEARCH_ROLES },
      schema: {
        tags,
        summary: "An export's approved free texts, once allowed",
        params: IdParams,
        response: { 200: ResearchTexts, ...errors },
      },
    },
    async (request) => research.readTexts(platform, request.actor!, request.params.id),
  );

  app.post(
    '/observatory/research/exports/:id/texts',
    {
      config: { access: TABLE_ROLES },
      schema: {
        tags,
        summary: "Allow or refuse an export's free texts",
        params: IdParams,
        body: ExportTextDecision,
        response: { 200: ResearchExportDetail, ...errors },
      },
    },
    async (request) => research.decideTexts(platform, request.actor!, request.params.id, request.body),
  );

  app.post(
    '/observatory/research/questions',
    {
      config: { access: RESEARCH_ROLES },
      schema: {
        tags,
        summary: 'Propose a research question to the table',
        body: ResearchQuestionInput,
        response: { 201: ResearchQuestion, ...errors },
      },
    },
    async (request, reply) => {
      const created = await questions.proposeQuestion(platform, request.actor!, request.body);
      reply.code(201);
      return created;
    },
  );

  app.get(
    '/observatory/research/questions',
    {
      config: { access: RESEARCH_READERS },
      schema: {
        tags,
        summary: 'List research questions (own; table: all)',
        querystring: ResearchListQuery,
        response: { 200: ResearchQuestionList, ...errors },
      },
    },
    async (request) => questions.listQuestions(platform, request.actor!, request.query),
  );

  app.post(
    '/observatory/research/questions/:id/answer',
    {
      config: { access: TABLE_ROLES },
      schema: {
        tags,
        summary: 'Accept or decline a research question',
        params: IdParams,
        body: ResearchQuestionAnswer,
        response: { 200: ResearchQuestion, ...errors },
      },
    },
    async (request) => questions.answerQuestion(platform, request.actor!, request.params.id, request.body),
  );
};

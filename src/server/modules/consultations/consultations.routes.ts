import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { EmptyBody } from '../../../shared/contracts/common.js';
import {
  CloseInput,
  ConsultationCounts,
  ConsultationDetail,
  ConsultationFigures,
  ConsultationFiguresQuery,
  ConsultationInput,
  ConsultationList,
  ConsultationListQuery,
  ConsultationMessage,
  ConsultationSettings,
  ConsultationSettingsInput,
  ConsultationTargets,
  ConsultationTargetsQuery,
  HandOverInput,
  KnowledgeEntry,
  KnowledgeInput,
  MessageInput,
  ParticipantInput,
} from '../../../shared/contracts/consultations.js';
import { ErrorResponse, IdParams } from '../../platform/http/schemas.js';
import * as ask from './ask.service.js';
import {
  ASK_ROLES,
  COORDINATOR_ROLES,
  LIST_ROLES,
  PIVOT_ROLES,
  TABLE_ROLES,
} from './consultations.policy.js';
import * as figures from './figures.service.js';
import * as knowledge from './knowledge.service.js';
import * as reading from './reading.service.js';
import * as settings from './settings.service.js';
import * as thread from './thread.service.js';

/**
 * Consultations (under /api/consultations): asking the pivots, the lists and counts, one consultation
 * and its thread, taking, bringing in, handing over, closing, withdrawing, drawing know-how, and the
 * table's settings and figures. A consultation the reader may not see is a 404.
 */
export const consultationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const platform = app.platform;
  const tags = ['consultations'];
  const errors = { 400: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };

  app.post(
    '/consultations',
    {
      config: { access: ASK_ROLES },
      schema: {
        tags,
        summary: 'Ask the pivots for advice on a situation',
        description:
          'De-identified: every text is checked and refused (400) when it looks identifying. Routed to the pivots on duty.',
        body: ConsultationInput,
        response: { 201: ConsultationDetail, ...errors },
      },
    },
    async (request, reply) => {
      const detail = await ask.askConsultation(platform, request.actor!, request.body);
      reply.code(201);
      return detail;
    },
  );

  app.get(
    '/consultations',
    {
      config: { access: LIST_ROLES },
      schema: {
        tags,
        summary: 'List consultations (asked, inbox, mine, coordination)',
        querystring: ConsultationListQuery,
        response: { 200: ConsultationList, ...errors },
      },
    },
    async (request) => reading.listConsultations(platform, request.actor!, request.query),
  );

  app.get(
    '/consultations/counts',
    {
      config: { access: LIST_ROLES },
      schema: {
        tags,
        summary: 'Count the consultations waiting for the reader',
        description: 'For the home page: counts only, nothing about anyone.',
        response: { 200: ConsultationCounts, ...errors },
      },
    },
    async (request) => reading.consultationCounts(platform, request.actor!),
  );

  app.get(
    '/consultations/targets',
    {
      config: { access: LIST_ROLES },
      schema: {
        tags,
        summary: 'List the pivots on duty one may ask or bring in',
        querystring: ConsultationTargetsQuery,
        response: { 200: ConsultationTargets, ...errors },
      },
    },
    async (request) => ask.listTargets(platform, request.actor!, request.query),
  );

  app.get(
    '/consultations/settings',
    {
      config: { access: LIST_ROLES },
      schema: {
        tags,
        summary: 'Read the due times and retention of consultations',
        response: { 200: ConsultationSettings, ...errors },
      },
    },
    async (request) => settings.readSettings(platform, request.actor!),
  );

  app.put(
    '/consultations/settings',
    {
      config: { access: TABLE_ROLES },
      schema: {
        tags,
        summary: 'Change the due times and retention of consultations',
        body: ConsultationSettingsInput,
        response: { 200: ConsultationSettings, ...errors },
      },
    },
    async (request) => settings.updateSettings(platform, request.actor!, request.body),
  );

  app.get(
    '/consultations/figures',
    {
      config: { access: TABLE_ROLES },
      schema: {
        tags,
        summary: "Read the table's figures on consultations",
        description: 'Whole months only; counts under 5 are suppressed, the others rounded to 5.',
        querystring: ConsultationFiguresQuery,
        response: { 200: ConsultationFigures, ...errors },
      },
    },
    async (request) => figures.readFigures(platform, request.actor!, request.query),
  );

  app.get(
    '/consultations/:id',
    {
      config: { access: LIST_ROLES },
      schema: {
        tags,
        summary: 'Open a consultation and its thread',
        description: 'A pivot asked sees a stub once another took it; the table, for one nobody fits.',
        params: IdParams,
        response: { 200: ConsultationDetail, ...errors },
      },
    },
    async (request) => reading.readConsultation(platform, request.actor!, request.params.id),
  );

  app.post(
    '/consultations/:id/take',
    {
      config: { access: PIVOT_ROLES },
      schema: {
        tags,
        summary: 'Take a consultation (the first pivot wins)',
        params: IdParams,
        body: EmptyBody,
        response: { 200: ConsultationDetail, ...errors },
      },
    },
    async (request) => thread.takeConsultation(platform, request.actor!, request.params.id),
  );

  app.post(
    '/consultations/:id/messages',
    {
      config: { access: ASK_ROLES },
      schema: {
        tags,
        summary: 'Write in the thread of a consultation',
        params: IdParams,
        body: MessageInput,
        response: { 201: ConsultationMessage, ...errors },
      },
    },
    async (request, reply) => {
      const message = await thread.postMessage(platform, request.actor!, request.params.id, request.body);
      reply.code(201);
      return message;
    },
  );

  app.post(
    '/consultations/:id/participants',
    {
      config: { access: PIVOT_ROLES },
      schema: {
        tags,
        summary: 'Bring another pivot into a consultation',
        params: IdParams,
        body: ParticipantInput,
        response: { 200: ConsultationDetail, ...errors },
      },
    },
    async (request) => thread.bringIn(platform, request.actor!, request.params.id, request.body),
  );

  app.post(
    '/consultations/:id/recipients',
    {
      config: { access: COORDINATOR_ROLES },
      schema: {
        tags,
        summary: 'Ask a pivot for a consultation still waiting',
        description: "The asker's organisation coordinator, or the table's coordination (the stub only).",
        params: IdParams,
        body: ParticipantInput,
        response: { 200: ConsultationDetail, ...errors },
      },
    },
    async (request) => thread.askPivot(platform, request.actor!, request.params.id, request.body),
  );

  app.post(
    '/consultations/:id/handover',
    {
      config: { access: PIVOT_ROLES },
      schema: {
        tags,
        summary: 'Hand a consultation over to another pivot',
        params: IdParams,
        body: HandOverInput,
        response: { 200: ConsultationDetail, ...errors },
      },
    },
    async (request) => thread.handOver(platform, request.actor!, request.params.id, request.body),
  );

  app.post(
    '/consultations/:id/close',
    {
      config: { access: PIVOT_ROLES },
      schema: {
        tags,
        summary: 'Close a consultation with a summary',
        params: IdParams,
        body: CloseInput,
        response: { 200: ConsultationDetail, ...errors },
      },
    },
    async (request) => thread.closeConsultation(platform, request.actor!, request.params.id, request.body),
  );

  app.post(
    '/consultations/:id/withdraw',
    {
      config: { access: ASK_ROLES },
      schema: {
        tags,
        summary: 'Withdraw a consultation nobody took yet',
        params: IdParams,
        body: EmptyBody,
        response: { 200: ConsultationDetail, ...errors },
      },
    },
    async (request) => thread.withdrawConsultation(platform, request.actor!, request.params.id),
  );

  app.post(
    '/consultations/:id/knowledge',
    {
      config: { access: PIVOT_ROLES },
      schema: {
        tags,
        summary: 'Turn a closed consultation into know-how',
        params: IdParams,
        body: KnowledgeInput,
        response: { 201: KnowledgeEntry, ...errors },
      },
    },
    async (request, reply) => {
      const entry = await knowledge.createEntry(platform, request.actor!, request.params.id, request.body);
      reply.code(201);
      return entry;
    },
  );
};

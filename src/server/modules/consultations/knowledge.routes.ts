import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  KnowledgeEntry,
  KnowledgeList,
  KnowledgeQuery,
  KnowledgeUpdate,
} from '../../../shared/contracts/consultations.js';
import { ErrorResponse, IdParams } from '../../platform/http/schemas.js';
import { KNOWLEDGE_EDIT_ROLES } from './consultations.policy.js';
import * as knowledge from './knowledge.service.js';

/** The know-how drawn from consultations (under /api/knowledge): every staff member searches and reads it. */
export const knowledgeRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const platform = app.platform;
  const tags = ['consultations'];
  const errors = { 400: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };

  app.get(
    '/knowledge',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Search the know-how drawn from consultations',
        description: 'French full text on the question and the answer (accents ignored).',
        querystring: KnowledgeQuery,
        response: { 200: KnowledgeList, ...errors },
      },
    },
    async (request) => knowledge.searchEntries(platform, request.query),
  );

  app.get(
    '/knowledge/:id',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Read a know-how entry',
        params: IdParams,
        response: { 200: KnowledgeEntry, ...errors },
      },
    },
    async (request) => knowledge.readEntry(platform, request.actor!, request.params.id),
  );

  app.put(
    '/knowledge/:id',
    {
      config: { access: KNOWLEDGE_EDIT_ROLES },
      schema: {
        tags,
        summary: 'Change a know-how entry (its author, the table)',
        params: IdParams,
        body: KnowledgeUpdate,
        response: { 200: KnowledgeEntry, ...errors },
      },
    },
    async (request) => knowledge.updateEntry(platform, request.actor!, request.params.id, request.body),
  );
};

import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import {
  GlossaryDeleteQuery,
  GlossaryInput,
  GlossaryList,
  GlossaryPdfQuery,
  GlossaryQuery,
  GlossaryTerm,
  GlossaryUpdate,
} from '../../../shared/contracts/observatory.js';
import { localDay } from '../../../shared/time-zone.js';
import { ErrorResponse, IdParams } from '../../platform/http/schemas.js';
import { renderGlossaryPdf } from './glossary.pdf.js';
import * as glossary from './glossary.service.js';
import { TABLE_ROLES } from './observatory.policy.js';

/** The glossary (under /api/observatory/glossary): every member searches and prints, the table curates. */
export const glossaryRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const platform = app.platform;
  const tags = ['observatory'];
  const errors = { 400: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };

  app.get(
    '/observatory/glossary',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Search the glossary of recruitment language',
        querystring: GlossaryQuery,
        response: { 200: GlossaryList, ...errors },
      },
    },
    async (request) => glossary.searchGlossary(platform, request.actor!, request.query),
  );

  app.get(
    '/observatory/glossary.pdf',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'The printable glossary (PDF)',
        querystring: GlossaryPdfQuery,
        produces: ['application/pdf'],
      },
    },
    async (request, reply) => {
      const terms = await glossary.publishedTerms(platform, request.query.q);
      const today = localDay(platform.now(), platform.config.timeZone);
      const pdf = await renderGlossaryPdf(terms, request.locale, today);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="glossaire-${today}.pdf"`)
        .send(Buffer.from(pdf));
    },
  );

  app.get(
    '/observatory/glossary/:id',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Read a glossary term',
        params: IdParams,
        response: { 200: GlossaryTerm, ...errors },
      },
    },
    async (request) => glossary.readTerm(platform, request.actor!, request.params.id),
  );

  app.post(
    '/observatory/glossary',
    {
      config: { access: TABLE_ROLES },
      schema: {
        tags,
        summary: 'Add a term to the glossary',
        body: GlossaryInput,
        response: { 201: GlossaryTerm, ...errors },
      },
    },
    async (request, reply) => {
      const term = await glossary.createTerm(platform, request.actor!, request.body);
      reply.code(201);
      return term;
    },
  );

  app.patch(
    '/observatory/glossary/:id',
    {
      config: { access: TABLE_ROLES },
      schema: {
        tags,
        summary: 'Curate, publish or retire a glossary term',
        params: IdParams,
        body: GlossaryUpdate,
        response: { 200: GlossaryTerm, ...errors },
      },
    },
    async (request) => glossary.updateTerm(platform, request.actor!, request.params.id, request.body),
  );

  app.delete(
    '/observatory/glossary/:id',
    {
      config: { access: TABLE_ROLES },
      schema: {
        tags,
        summary: 'Delete a glossary term never published',
        params: IdParams,
        querystring: GlossaryDeleteQuery,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await glossary.deleteTerm(platform, request.actor!, request.params.id, request.query.version);
      return reply.code(204).send(null);
    },
  );
};

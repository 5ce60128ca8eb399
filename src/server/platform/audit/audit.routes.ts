import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { localDay } from '../../../shared/time-zone.js';
import { ErrorResponse } from '../http/schemas.js';
import { AuditPage, AuditQuery, SearchQuery } from './audit.schemas.js';
import { EXPORT_MAX, exportAudit, searchAudit } from './audit.service.js';

export const auditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const platform = app.platform;
  const tags = ['audit'];

  app.get(
    '/',
    {
      config: { access: ['admin', 'privacy_officer'] },
      schema: {
        tags,
        summary: 'Search the audit journal, newest first',
        querystring: SearchQuery,
        response: { 200: AuditPage, 400: ErrorResponse },
      },
    },
    async (request) => {
      const { cursor, ...filters } = request.query;
      return searchAudit(platform, request.actor!, filters, cursor ?? null);
    },
  );

  app.get(
    '/export.csv',
    {
      config: { access: ['admin', 'privacy_officer'] },
      schema: {
        tags,
        summary: 'Export the audit journal as CSV',
        description: `Newest first, ${EXPORT_MAX} entries at most.`,
        querystring: AuditQuery,
        produces: ['text/csv'],
      },
    },
    async (request, reply) => {
      const rows = await exportAudit(platform, request.actor!, request.query, request.locale);
      const day = localDay(platform.now(), platform.config.timeZone);
      reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="journal-audit-${day}.csv"`);
      return reply.send(Readable.from(rows));
    },
  );
};

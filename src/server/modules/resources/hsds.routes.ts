import { Readable } from 'node:stream';
import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import type { Locale } from '../../../shared/roles.js';
import { ErrorResponse } from '../../platform/http/schemas.js';
import type { HsdsService } from './hsds.mapping.js';
import * as hsds from './hsds.service.js';

/** `?lang=en`: English texts with French fallback; French otherwise. `?download=1`: as a file. */
const ExportQuery = Type.Object(
  {
    lang: Type.Optional(Type.Union([Type.Literal('fr'), Type.Literal('en')])),
    download: Type.Optional(Type.Union([Type.Literal('0'), Type.Literal('1')])),
  },
  { additionalProperties: false },
);

/** A JSON array written one service at a time, as the pages are read. */
async function* jsonArray(services: AsyncIterable<HsdsService>): AsyncGenerator<string> {
  yield '[';
  let first = true;
  for await (const service of services) {
    yield (first ? '' : ',') + JSON.stringify(service);
    first = false;
  }
  yield ']\n';
}

function localeOf(lang: 'fr' | 'en' | undefined): Locale {
  return lang === 'en' ? 'en-CA' : 'fr-CA';
}

function sendStream(
  reply: FastifyReply,
  services: AsyncIterable<HsdsService>,
  options: { download: boolean; filename: string },
) {
  reply.header('content-type', 'application/json; charset=utf-8').header('cache-control', 'no-store');
  if (options.download) reply.header('content-disposition', `attachment; filename="${options.filename}"`);
  return reply.send(Readable.from(jsonArray(services), { objectMode: false }));
}

/** Open Referral (HSDS 3.0) export of the directory: the public subset to anyone, every entry to the table. */
export const hsdsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const platform = app.platform;
  const tags = ['resources'];

  app.get(
    '/api/resources/hsds/services',
    {
      config: { access: 'public', rateLimit: { max: 30, timeWindow: 60_000 } },
      schema: {
        tags,
        summary: 'Export the public directory as Open Referral HSDS 3.0',
        description:
          'A JSON array of HSDS 3.0 services (organization, service_at_locations and locations nested), ' +
          'streamed. Only services the table made public, of a public organisation, active or ' +
          'temporarily closed; a confidential location gives its city only.',
        querystring: ExportQuery,
        produces: ['application/json'],
        response: { 400: ErrorResponse },
      },
    },
    async (request, reply) => {
      const lang = request.query.lang;
      return sendStream(reply, hsds.publicExport(platform, localeOf(lang)), {
        download: request.query.download === '1',
        filename: `filet-hsds-services-${lang ?? 'fr'}.json`,
      });
    },
  );

  app.get(
    '/api/resources/hsds/services/full',
    {
      config: { access: ['table_coordinator'] },
      schema: {
        tags,
        summary: 'Export every directory entry as HSDS 3.0 (audited)',
        description:
          'Every service, private, inactive and defunct ones included, as the public export writes ' +
          'them (no sealed address). For the table coordination; each export is audited.',
        querystring: ExportQuery,
        produces: ['application/json'],
        response: { 400: ErrorResponse, 403: ErrorResponse },
      },
    },
    async (request, reply) => {
      const lang = request.query.lang;
      return sendStream(reply, await hsds.fullExport(platform, request.actor!, localeOf(lang)), {
        download: request.query.download === '1',
        filename: `filet-hsds-services-full-${lang ?? 'fr'}.json`,
      });
    },
  );
};

import { Readable } from 'node:stream';
import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import {
  HSDS_IMPORT_MAX_BYTES,
  HsdsImportQuery,
  HsdsImportReport,
} from '../../../shared/contracts/resources.js';
import type { Locale } from '../../../shared/roles.js';
import { ErrorResponse } from '../../platform/http/schemas.js';
import { importHsds } from './hsds.import.service.js';
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

/**
 * Open Referral (HSDS 3.0) export of the directory (the public subset to anyone, every entry to the
 * table) and import of a file from another region or a 211 (the table coordination).
 */
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

  app.post(
    '/api/resources/hsds/import',
    {
      config: { access: ['table_coordinator'] },
      bodyLimit: HSDS_IMPORT_MAX_BYTES,
      schema: {
        tags,
        summary: 'Import an HSDS 3.0 services file (dry run, apply)',
        description:
          'The body is an HSDS 3.0 services file as `/api/resources/hsds/services/full` writes it: a ' +
          'bare array of services or the paginated envelope (`contents`). Every service is checked ' +
          'against the HSDS 3.0 schemas (identifiers that are not UUIDs get UUIDs derived from them). ' +
          '`mode=dry-run` stores nothing and reports, entry by entry, what would be created, updated ' +
          '(with the changed fields), left unchanged or skipped, with a `digest`; `mode=apply` must ' +
          'send that digest back and writes everything in one transaction. `region`: the region the ' +
          'entries belong to; `lang`: the language of the texts (fr by default). At most 25 MiB.',
        querystring: HsdsImportQuery,
        response: { 200: HsdsImportReport, 400: ErrorResponse, 403: ErrorResponse, 409: ErrorResponse },
      },
    },
    async (request) =>
      importHsds(platform, request.actor!, request.body, {
        mode: request.query.mode,
        region: request.query.region,
        lang: request.query.lang ?? 'fr',
        digest: request.query.digest,
      }),
  );
};

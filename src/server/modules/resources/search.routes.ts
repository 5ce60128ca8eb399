import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ServiceSearchQuery, ServiceSearchResult } from '../../../shared/contracts/resources.js';
import { ErrorResponse } from '../../platform/http/schemas.js';
import { searchServices } from './search.service.js';

/** The staff search of the directory: every signed-in, active member of the table. */
export const searchRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const platform = app.platform;

  app.get(
    '/resources/services',
    {
      config: { access: 'staff' },
      schema: {
        tags: ['resources'],
        summary: 'Search the directory of help resources',
        description:
          'French full text forgiving accents, case, plurals and typos; filters by taxonomy, audience, ' +
          'gender, age, language, region, open now, free places, keeper and staleness. Services of the ' +
          "reader's region come first. Never a street address.",
        querystring: ServiceSearchQuery,
        response: { 200: ServiceSearchResult, 400: ErrorResponse },
      },
    },
    async (request) => searchServices(platform, request.actor!, request.query),
  );
};

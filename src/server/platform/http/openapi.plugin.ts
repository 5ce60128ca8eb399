import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import {
  API_ERROR_RESPONSES,
  ERROR_PAGE_RESPONSE,
  isDocumented,
  type OperationAdditions,
  operationAdditions,
  operationIdOf,
  type ResponseRef,
  SESSION_SCHEME,
} from './openapi.operations.js';
import { ErrorResponse } from './schemas.js';

/**
 * The OpenAPI document (`/api/openapi.json`, generated from the route schemas) and its browsable page
 * at /api/docs. Registered before any route, so it sees them all: every operation gets a unique
 * operationId (a duplicate stops the start, naming both routes), its security and its error answers.
 */

type Operation = { operationId?: string; responses?: Record<string, unknown> };
type Document = {
  paths?: Record<string, Record<string, Operation>>;
  components?: Record<string, unknown>;
};

/** Success answers first, then the errors by status, as a reader scans them. */
function withErrors(responses: Record<string, unknown>, errors: Record<string, ResponseRef>) {
  return Object.fromEntries(
    Object.entries({ ...responses, ...errors }).sort(([a], [b]) => a.localeCompare(b)),
  );
}

export const openApiPlugin = fp(async (app: FastifyInstance) => {
  const documented = new Map<string, string>();
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (!isDocumented({ method, schema: route.schema })) continue;
      const id = operationIdOf(method, route.url, route.schema);
      const other = documented.get(id);
      if (other) throw new Error(`routes ${other} and ${method} ${route.url} share the operationId ${id}`);
      documented.set(id, `${method} ${route.url}`);
    }
  });

  // Filled while the document is generated, read when it is completed (the document is built once).
  const additions = new Map<string, OperationAdditions>();
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Filet API',
        version: '1',
        description: 'API of Filet. Sign in with POST /api/auth/login; send X-CSRF-Token on every change.',
      },
      components: {
        securitySchemes: { [SESSION_SCHEME]: { type: 'apiKey', in: 'cookie', name: 'filet_session' } },
        schemas: { Error: ErrorResponse },
      },
    },
    transform: ({ url, route }) => {
      const method = Array.isArray(route.method) ? String(route.method[0]) : String(route.method);
      const added = operationAdditions(route, method);
      additions.set(added.operationId, added);
      return {
        url,
        schema: { ...added.schema, operationId: added.operationId, security: added.security },
      };
    },
    transformObject: (generated) => {
      if (!('openapiObject' in generated)) return generated.swaggerObject;
      const document = generated.openapiObject as Document;
      for (const operations of Object.values(document.paths ?? {})) {
        for (const operation of Object.values(operations)) {
          const added = operation.operationId ? additions.get(operation.operationId) : undefined;
          if (added) operation.responses = withErrors(operation.responses ?? {}, added.errors);
        }
      }
      document.components = {
        ...document.components,
        responses: { ...API_ERROR_RESPONSES, ...ERROR_PAGE_RESPONSE },
      };
      return generated.openapiObject;
    },
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: true,
    // The documentation page keeps its own script hashes; it must not be framed either.
    transformStaticCSP: (header) => `${header}; frame-ancestors 'none'; object-src 'none'`,
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support/app.js';

interface ApiAnswer {
  $ref?: string;
  headers?: Record<string, unknown>;
  content?: Record<string, { schema?: unknown }>;
}

interface ApiDocument {
  paths: Record<
    string,
    Record<
      string,
      {
        operationId?: string;
        summary?: string;
        description?: string;
        tags?: string[];
        security?: unknown;
        responses: Record<string, ApiAnswer>;
      }
    >
  >;
  components: {
    responses: Record<string, ApiAnswer>;
    schemas: Record<string, { required?: string[] }>;
    securitySchemes: Record<string, unknown>;
  };
}

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('API documentation', () => {
  it('serves an OpenAPI 3 document generated from the route schemas', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(response.statusCode).toBe(200);
    const doc = response.json();
    expect(doc.openapi).toMatch(/^3\./);
    const login = doc.paths['/api/auth/login'].post;
    expect(login.requestBody.content['application/json'].schema.required).toEqual(['email', 'password']);
    expect(Object.keys(login.responses)).toEqual(expect.arrayContaining(['200', '401', '429']));
    expect(doc.paths['/api/people/{id}'].get).toBeDefined();
  });

  it('gives every operation a unique operationId, its security and at least one error answer', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as ApiDocument;
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({ name: `${method} ${path}`, operation })),
    );
    expect(operations.length).toBeGreaterThan(200);
    const ids = operations.map(({ operation }) => operation.operationId);
    expect(ids.filter((id) => !id)).toEqual([]);
    expect(ids.filter((id, index) => ids.indexOf(id) !== index)).toEqual([]);
    expect(doc.paths['/api/alerts/{id}']?.get?.operationId).toBe('getAlertsById');

    const errorStatus = /^[45]\d\d$/;
    for (const { name, operation } of operations) {
      expect(
        Object.keys(operation.responses).filter((s) => errorStatus.test(s)),
        name,
      ).not.toEqual([]);
      expect(operation.security, name).toBeDefined();
      for (const answer of Object.values(operation.responses)) {
        if (answer.$ref) expect(doc.components.responses, name).toHaveProperty(answer.$ref.split('/').pop()!);
      }
    }
  });

  it('sums up every operation of the API', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as ApiDocument;
    const operations = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/api/'))
      .flatMap(([path, methods]) =>
        Object.entries(methods).map(([method, operation]) => ({ name: `${method} ${path}`, operation })),
      );
    expect(operations.length).toBeGreaterThan(150);
    const unsummarised = operations
      .filter(({ operation }) => !operation.summary?.trim())
      .map(({ name }) => name);
    expect(unsummarised).toEqual([]);
    // A summary is a line in the document's index, not a description.
    const long = operations.filter(({ operation }) => (operation.summary ?? '').length > 60);
    expect(long.map(({ name, operation }) => `${name}: ${operation.summary}`)).toEqual([]);
  });

  it('asks for the session cookie on every operation but the public ones', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as ApiDocument;
    expect(doc.components.securitySchemes.session).toEqual({
      type: 'apiKey',
      in: 'cookie',
      name: 'filet_session',
    });
    const access = new Map(t.app.filetRoutes.map((r) => [`${r.method} ${r.url}`, r.access]));
    let checked = 0;
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        const route = `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`;
        expect(access.has(route), route).toBe(true);
        const expected = access.get(route) === 'public' ? [] : [{ session: [] }];
        expect(operation.security, route).toEqual(expected);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(200);
    expect(doc.paths['/api/auth/login']?.post?.security).toEqual([]);
    expect(doc.paths['/signalement']?.post?.security).toEqual([]);
    expect(doc.paths['/api/people/{id}']?.get?.security).toEqual([{ session: [] }]);
  });

  it('describes errors once, as shared answers carrying the error body', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as ApiDocument;
    const body = { $ref: '#/components/schemas/Error' };
    for (const name of ['BadRequest', 'Unauthorized', 'Forbidden', 'NotFound', 'Conflict']) {
      expect(doc.components.responses[name]?.content?.['application/json']?.schema, name).toEqual(body);
    }
    for (const name of ['PayloadTooLarge', 'TooManyRequests', 'Unavailable']) {
      expect(doc.components.responses[name]?.content?.['application/json']?.schema, name).toEqual(body);
    }
    expect(doc.components.responses.Unavailable?.headers).toHaveProperty('Retry-After');
    expect(doc.components.schemas.Error?.required).toEqual(['error']);

    const person = doc.paths['/api/people/{id}']?.get?.responses ?? {};
    expect(person['401']).toEqual({ $ref: '#/components/responses/Unauthorized' });
    expect(person['404']).toEqual({ $ref: '#/components/responses/NotFound' });
    expect(person['503']).toEqual({ $ref: '#/components/responses/Unavailable' });
    // A public page answers its errors as a page in the visitor's language, not as JSON.
    const tipForm = doc.paths['/signalement']?.post?.responses ?? {};
    expect(tipForm['503']).toEqual({ $ref: '#/components/responses/ErrorPage' });
  });

  it('is browsable at /api/docs without loading anything from another origin', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toMatch(
      /https?:\/\/(?!127\.0\.0\.1|localhost)[a-z0-9.-]+\.[a-z]{2,}\/[^"']*\.(js|css)/i,
    );
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });
});

import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from './support/app.js';

/**
 * Nothing a client can send produces a 5xx: every route of the server, as an administrator holding
 * every role, receives malformed parameters, bodies of the wrong shape and odd query strings.
 */
let t: TestApp;
let agent: Agent;

beforeAll(async () => {
  t = await createTestApp();
  agent = await t.as([
    'admin',
    'table_coordinator',
    'org_coordinator',
    'police_analyst',
    'investigator',
    'pivot',
    'worker',
    'trainer',
    'researcher',
    'privacy_officer',
  ]);
});
afterAll(async () => {
  await t.close();
});

const PARAM_VALUES = [
  '00000000-0000-4000-8000-000000000000',
  'pas-un-id',
  '%00',
  '9999999999999999999999',
  'é',
];
const BODIES: Array<InjectOptions['payload']> = [
  {},
  [],
  'texte',
  { id: 12, name: null, roles: 'x', year: 'deux-mille', startsAt: 'hier', progress: 'beaucoup' },
  { nested: { deep: [1, { a: null }] } },
];

describe('no server error for anything a client can send', () => {
  it('holds for every route', async () => {
    const routes = t.app.filetRoutes.filter(
      (r) =>
        !r.url.startsWith('/api/docs') &&
        !r.url.startsWith('/assets/') &&
        !r.url.endsWith('/stream') &&
        // Signing out would turn every later request into a plain 401.
        r.url !== '/api/auth/logout',
    );
    expect(routes.length).toBeGreaterThan(40);
    const failures: string[] = [];
    for (const route of routes) {
      for (const value of PARAM_VALUES) {
        const url = route.url.replace(/:[A-Za-z]+/g, encodeURIComponent(value));
        const requests: InjectOptions[] =
          route.method === 'GET' || route.method === 'DELETE'
            ? [
                { method: route.method, url },
                { method: route.method, url: `${url}?page=-1&year=abc&q=${'x'.repeat(500)}&from=2025-13-45` },
              ]
            : BODIES.map((payload) => ({ method: route.method as InjectOptions['method'], url, payload }));
        for (const request of requests) {
          const response = await agent.inject(request);
          if (response.statusCode >= 500)
            failures.push(`${request.method} ${request.url} → ${response.statusCode}`);
        }
      }
    }
    expect(failures).toEqual([]);
    // The session survived the barrage, so every request above reached its route as a signed-in person.
    expect((await agent.inject({ method: 'GET', url: '/api/account' })).statusCode).toBe(200);
  });
});

import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { ROLES } from '../src/shared/roles.js';
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
                // The null character reaches searches through the query string.
                { method: route.method, url: `${url}?q=a%00b&search=%00&cours=%00` },
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

  it('refuses the null character (PostgreSQL cannot store it) in any JSON body or form post, translated', async () => {
    // A fresh server: the barrage above used up the public pages' rate limits.
    const t = await createTestApp();
    onTestFinished(() => t.close());
    const agent = await t.as([...ROLES]);
    const failures: string[] = [];
    const writes = t.app.filetRoutes.filter((r) => ['POST', 'PUT', 'PATCH'].includes(r.method));
    for (const route of writes) {
      const url = route.url.replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000');
      const json = await agent.inject({
        method: route.method as InjectOptions['method'],
        url,
        headers: { 'content-type': 'application/json', 'accept-language': 'en-CA' },
        payload: '{"name":"A\\u0000B","nested":{"list":["x","y\\u0000"]}}',
      });
      // The API answers in JSON; the public pages render their own page for the same refusal.
      const api = route.url.startsWith('/api/');
      if (json.statusCode !== 400 || (api && json.json().error.code !== 'invalid_characters')) {
        failures.push(`${route.method} ${route.url} (JSON) → ${json.statusCode} ${json.body.slice(0, 80)}`);
      }
      if (!api) {
        const form = await t.app.inject({
          method: route.method as InjectOptions['method'],
          url,
          headers: { 'content-type': 'application/x-www-form-urlencoded', origin: t.config.publicUrl },
          payload: 'fullName=A%00B&message=texte',
        });
        if (form.statusCode !== 400)
          failures.push(`${route.method} ${route.url} (form) → ${form.statusCode}`);
      }
    }
    expect(writes.length).toBeGreaterThan(20);
    expect(failures).toEqual([]);
    // In the person's language (French here), and in the requester's for an anonymous request.
    const french = await agent.inject({
      method: 'POST',
      url: '/api/training/courses',
      payload: '{"titleFr":"X\\u0000Y"}',
      headers: { 'content-type': 'application/json' },
    });
    expect(french.json().error.message).toBe(
      'La requête contient un caractère nul, qui n’est accepté dans aucun champ.',
    );
    const english = await t.app.inject({
      method: 'POST',
      url: '/api/push/renew',
      headers: { 'content-type': 'application/json', 'accept-language': 'en-CA', origin: t.config.publicUrl },
      payload: '{"oldEndpoint":"https://push.test/\\u0000"}',
    });
    expect(english.statusCode).toBe(400);
    expect(english.json().error.message).toBe(
      'The request contains a null character, which no field accepts.',
    );
  });
});

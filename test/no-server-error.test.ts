import type { InjectOptions } from 'fastify';
import { describe, expect, it, onTestFinished } from 'vitest';
import { ROLES } from '../src/shared/roles.js';
import { createTestApp } from './support/app.js';

/**
 * The null character, which PostgreSQL cannot store, is refused with a translated 400 by every write
 * route, in JSON and in form posts. (Every other malformed input is generated from the API document
 * by test/openapi-fuzz.test.ts.)
 */
describe('no server error for the null character', () => {
  it('refuses the null character (PostgreSQL cannot store it) in any JSON body or form post, translated', async () => {
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

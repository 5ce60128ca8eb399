import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from './support/app.js';

/**
 * Whatever a client sends, Filet answers with a 4xx and a translated message, and stores nothing.
 * Exercised on a route that writes several rows (an invitation: person, roles, link, e-mail, audit).
 */
let t: TestApp;
let coordinator: Agent;
let englishCoordinator: Agent;
let organisationId: string;

beforeAll(async () => {
  t = await createTestApp();
  coordinator = await t.as('table_coordinator');
  // A signed-in person's saved language wins over the browser's header.
  englishCoordinator = await t.signIn(
    await t.createPerson({ roles: ['table_coordinator'], locale: 'en-CA' }),
  );
  organisationId = await t.createOrganisation();
});
afterAll(async () => {
  await t.close();
});

async function snapshot() {
  const tables = ['people', 'person_roles', 'one_time_tokens', 'email_outbox', 'audit_log'] as const;
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const row = await t.platform.db
      .selectFrom(table)
      .select(({ fn }) => fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}

function invite(payload: string | Buffer, locale: 'fr-CA' | 'en-CA' = 'fr-CA') {
  return (locale === 'fr-CA' ? coordinator : englishCoordinator).inject({
    method: 'POST',
    url: '/api/people/invitations',
    headers: { 'content-type': 'application/json' },
    payload,
  });
}

const valid = () => ({
  email: `valide-${Math.random().toString(36).slice(2)}@exemple.test`,
  givenName: 'Valide',
  familyName: 'Fictive',
  organisationId,
  roles: ['worker'],
  locale: 'fr-CA',
});

describe('bad input', () => {
  const cases: Array<[string, () => string | Buffer, number, string]> = [
    ['malformed JSON', () => '{"email": "a@b.test",', 400, 'invalid_json'],
    ['an empty body', () => '', 400, 'invalid_json'],
    [
      'invalid UTF-8',
      () => Buffer.concat([Buffer.from('{"givenName":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]),
      400,
      'invalid_encoding',
    ],
    ['a wrong type', () => JSON.stringify({ ...valid(), roles: 'worker' }), 400, 'validation_failed'],
    [
      'a number where text is expected',
      () => JSON.stringify({ ...valid(), givenName: 42 }),
      400,
      'validation_failed',
    ],
    ['an unknown field', () => JSON.stringify({ ...valid(), isAdmin: true }), 400, 'validation_failed'],
    ['a missing field', () => JSON.stringify({ ...valid(), email: undefined }), 400, 'validation_failed'],
    [
      'an over-long field',
      () => JSON.stringify({ ...valid(), familyName: 'x'.repeat(101) }),
      400,
      'validation_failed',
    ],
    ['a blank name', () => JSON.stringify({ ...valid(), givenName: '   ' }), 400, 'validation_failed'],
    ['an unknown role', () => JSON.stringify({ ...valid(), roles: ['superuser'] }), 400, 'validation_failed'],
    [
      'a bad e-mail',
      () => JSON.stringify({ ...valid(), email: 'pas-un-courriel' }),
      400,
      'validation_failed',
    ],
    [
      'an oversize body',
      () => JSON.stringify({ ...valid(), givenName: 'x'.repeat(2 * 1024 * 1024) }),
      413,
      'payload_too_large',
    ],
    [
      'a prototype-polluting key',
      () => '{"__proto__": {"admin": true}, "email": "a@b.test"}',
      400,
      'invalid_json',
    ],
    ['an array instead of an object', () => '[]', 400, 'validation_failed'],
    ['null', () => 'null', 400, 'validation_failed'],
  ];

  it.each(cases)(
    'refuses %s with a translated message and stores nothing',
    async (_name, body, status, code) => {
      const before = await snapshot();
      for (const locale of ['fr-CA', 'en-CA'] as const) {
        const response = await invite(body(), locale);
        expect(response.statusCode).toBe(status);
        const json = response.json();
        expect(json.error.code).toBe(code);
        expect(json.error.message.length).toBeGreaterThan(5);
        expect(json.error.message).not.toMatch(/errors\.|validation\./);
        for (const detail of json.error.details ?? [])
          expect(detail.message).not.toMatch(/validation\.|fields\./);
      }
      expect(await snapshot()).toEqual(before);
    },
  );

  it('names the field in the user’s language', async () => {
    const fr = await invite(JSON.stringify({ ...valid(), email: 'pas-un-courriel' }), 'fr-CA');
    const en = await invite(JSON.stringify({ ...valid(), email: 'pas-un-courriel' }), 'en-CA');
    expect(fr.json().error.details[0]).toMatchObject({
      field: 'email',
      message: 'Courriel : entrez une adresse courriel valide.',
    });
    expect(en.json().error.details[0]).toMatchObject({
      field: 'email',
      message: 'E-mail: enter a valid e-mail address.',
    });
    const unknown = await invite(JSON.stringify({ ...valid(), surprise: 1 }), 'fr-CA');
    expect(unknown.json().error.details[0]).toMatchObject({ field: 'surprise', rule: 'unknown_field' });
  });

  it('refuses a form-encoded body on the API', async () => {
    const response = await coordinator.inject({
      method: 'POST',
      url: '/api/people/invitations',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'email=a%40b.test',
    });
    expect(response.statusCode).toBe(415);
    expect(response.json().error.code).toBe('unsupported_media_type');
  });

  it('never leaks internals: unknown API paths are a translated 404', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/nothing-here',
      headers: { 'accept-language': 'en-CA' },
    });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({
      error: { code: 'not_found', message: 'This resource cannot be found.' },
    });
  });

  it('sets the security headers on every answer', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/public/config' });
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    expect(response.headers['cache-control']).toBe('no-store');
  });
});

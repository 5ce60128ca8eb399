import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, REDACTED_PATHS } from '../src/server/app.js';
import type { Database } from '../src/server/platform/db/database.js';
import { testConfig } from './support/app.js';
import { createTestDatabase } from './support/database.js';

/** Logs are read by more people than the data: nothing secret or identifying may reach them. */
let lines: string[] = [];
let database: Database;
let app: Awaited<ReturnType<typeof buildApp>>;

beforeAll(async () => {
  database = await createTestDatabase();
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  app = await buildApp({
    config: testConfig({ logLevel: 'trace' }),
    database,
    serveWebApp: false,
    logger: { level: 'trace', stream, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } },
  });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await database.close();
});

describe('logs', () => {
  it('never contain passwords, codes, tokens, cookies or client addresses', async () => {
    lines = [];
    const secret = 'Mot-de-passe-tres-secret-42';
    await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'quelqu.un@exemple.test', password: secret, code: '424242' },
      headers: {
        cookie: 'filet_session=jeton-de-session-a-ne-pas-journaliser',
        'x-forwarded-for': '203.0.113.9',
      },
      remoteAddress: '198.51.100.7',
    });
    await app.inject({
      method: 'POST',
      url: '/api/auth/password-reset/jeton-secret-du-lien',
      payload: { password: secret },
    });
    const text = lines.join('');
    expect(text).not.toContain(secret);
    expect(text).not.toContain('424242');
    expect(text).not.toContain('jeton-de-session-a-ne-pas-journaliser');
    expect(text).not.toContain('jeton-secret-du-lien');
    expect(text).not.toContain('198.51.100.7');
    expect(text).not.toContain('203.0.113.9');
    expect(text).not.toContain('quelqu.un@exemple.test');
  });

  it('redacts secrets that a developer might log by mistake', () => {
    lines = [];
    app.log.warn(
      {
        body: { password: 'p-4b7', code: '918273', token: 't-5c8' },
        req: { headers: { cookie: 'c-6d9', authorization: 'a-7e1' } },
      },
      'debug output',
    );
    const text = lines.join('');
    expect(text).toContain('debug output');
    expect(text).toContain('[redacted]');
    for (const secret of ['p-4b7', '918273', 't-5c8', 'c-6d9', 'a-7e1']) expect(text).not.toContain(secret);
  });
});

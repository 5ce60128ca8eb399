import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSiblingApp, createTestApp, type TestApp } from '../../../../test/support/app.js';

/**
 * Route rate limits (`config.rateLimit`, here sign-in at FILET_AUTH_RATE_LIMIT a minute) keyed on the
 * real client address behind the proxy, and counted in PostgreSQL so every node enforces one limit.
 */

const PROXY = '10.0.0.5';
let clock = new Date('2026-04-02T10:20:00Z');
const now = () => clock;
let direct: TestApp;

beforeAll(async () => {
  direct = await createTestApp({ now, config: { authRateLimit: 3, trustProxy: false } });
});
afterAll(async () => {
  await direct.close();
});

let attempt = 0;

/** A failed sign-in, each on its own e-mail address (so the per-address lockout never answers). */
function signIn(t: TestApp, remoteAddress: string, forwardedFor?: string) {
  attempt += 1;
  return t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    remoteAddress,
    headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {},
    payload: { email: `personne-${attempt}@exemple.test`, password: 'pas-le-bon-mot-de-passe' },
  });
}

describe('rate limits behind a reverse proxy', () => {
  it('with FILET_TRUST_PROXY, two clients behind the proxy have their own limits', async () => {
    const behind = await createSiblingApp(direct, { now, config: { authRateLimit: 3, trustProxy: [PROXY] } });
    try {
      for (let i = 0; i < 3; i += 1) {
        expect((await signIn(behind, PROXY, '198.51.100.10')).statusCode).toBe(401);
      }
      const limited = await signIn(behind, PROXY, '198.51.100.10');
      expect(limited.statusCode).toBe(429);
      expect(limited.json().error.code).toBe('rate_limited');
      // Another visitor behind the same proxy still signs in (is refused for the password, not locked out).
      expect((await signIn(behind, PROXY, '198.51.100.11')).statusCode).toBe(401);
      // A client reaching Filet directly cannot choose the address it is counted under.
      for (let i = 0; i < 3; i += 1) {
        expect((await signIn(behind, '203.0.113.50', `198.51.100.${20 + i}`)).statusCode).toBe(401);
      }
      expect((await signIn(behind, '203.0.113.50', '198.51.100.99')).statusCode).toBe(429);
    } finally {
      await behind.close();
    }
  });

  it('without it, X-Forwarded-For is ignored: no client spoofs its way out of a limit', async () => {
    clock = new Date(clock.getTime() + 60_000);
    for (let i = 0; i < 3; i += 1) {
      expect((await signIn(direct, '203.0.113.60', `198.51.100.${30 + i}`)).statusCode).toBe(401);
    }
    expect((await signIn(direct, '203.0.113.60', '198.51.100.40')).statusCode).toBe(429);
  });

  it('holds one limit across nodes and restarts', async () => {
    clock = new Date(clock.getTime() + 60_000);
    const other = await createSiblingApp(direct, { now, config: { authRateLimit: 3 } });
    try {
      expect((await signIn(direct, '203.0.113.70')).statusCode).toBe(401);
      expect((await signIn(other, '203.0.113.70')).statusCode).toBe(401);
      expect((await signIn(direct, '203.0.113.70')).statusCode).toBe(401);
      expect((await signIn(other, '203.0.113.70')).statusCode).toBe(429);
    } finally {
      await other.close();
    }
    // A node started afterwards (a restart) sees the same count.
    const restarted = await createSiblingApp(direct, { now, config: { authRateLimit: 3 } });
    try {
      expect((await signIn(restarted, '203.0.113.70')).statusCode).toBe(429);
      clock = new Date(clock.getTime() + 60_000);
      expect((await signIn(restarted, '203.0.113.70')).statusCode).toBe(401);
    } finally {
      await restarted.close();
    }
  });
});

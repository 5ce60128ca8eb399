import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  sessionCookieFrom,
  TEST_PASSWORD,
  type TestApp,
} from '../../../../test/support/app.js';
import { auditEntries } from '../../../../test/support/audit.js';
import { LOCKOUT_FAILURES } from './auth.service.js';
import { currentTotpCode, TOTP_PERIOD } from './totp.js';

let t: TestApp;
let clock = new Date('2026-11-22T15:00:00Z');
const now = () => clock;
function advance(ms: number) {
  clock = new Date(clock.getTime() + ms);
}

beforeAll(async () => {
  t = await createTestApp({ now });
});
afterAll(async () => {
  await t.close();
});

function login(body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return t.app.inject({ method: 'POST', url: '/api/auth/login', payload: body, headers });
}

async function auditActions(personId: string): Promise<string[]> {
  const rows = await auditEntries(t.platform.db, { targetId: personId });
  return rows.map((r) => `${r.action}:${r.outcome}`);
}

describe('sign-in with password and TOTP', () => {
  it('asks for the code, refuses a wrong one, accepts the right one once', async () => {
    const person = await t.createPerson({ roles: ['worker'] });

    const noCode = await login({ email: person.email, password: TEST_PASSWORD });
    expect(noCode.statusCode).toBe(401);
    expect(noCode.json().error.code).toBe('mfa_required');
    expect(sessionCookieFrom(noCode)).toBeNull();

    const wrong = await login({ email: person.email, password: TEST_PASSWORD, code: '000000' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('invalid_code');

    advance(TOTP_PERIOD * 1000);
    const code = currentTotpCode(person.totpSecret!, clock);
    const ok = await login({ email: person.email.toUpperCase(), password: TEST_PASSWORD, code });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().status).toBe('signed_in');
    const cookie = ok.cookies.find((c) => c.name === 'filet_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Strict');

    // The same code a second time is a replay.
    const replay = await login({ email: person.email, password: TEST_PASSWORD, code });
    expect(replay.statusCode).toBe(401);
    expect(replay.json().error.code).toBe('invalid_code');

    const session = await t.app.inject({
      method: 'GET',
      url: '/api/auth/session',
      headers: { cookie: sessionCookieFrom(ok)! },
    });
    expect(session.statusCode).toBe(200);
    expect(session.json().person.id).toBe(person.id);
    expect(session.json().csrfToken).toBe(ok.json().csrfToken);

    expect(await auditActions(person.id)).toEqual(
      expect.arrayContaining(['auth.session.sign_in:failure', 'auth.session.sign_in:success']),
    );
  });

  it('answers an unknown e-mail exactly like a wrong password', async () => {
    const person = await t.createPerson();
    const unknown = await login({
      email: 'personne.inconnue@exemple.test',
      password: TEST_PASSWORD,
      code: '123456',
    });
    const wrong = await login({ email: person.email, password: 'Pas-le-bon-mot-de-passe', code: '123456' });
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.json()).toEqual(wrong.json());
  });

  it('refuses a disabled account with the same answer', async () => {
    const person = await t.createPerson({ status: 'disabled' });
    const response = await login({ email: person.email, password: TEST_PASSWORD });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('invalid_credentials');
  });

  it('locks an e-mail after five failures in fifteen minutes, known or not', async () => {
    const person = await t.createPerson();
    for (let i = 0; i < LOCKOUT_FAILURES; i++) {
      expect((await login({ email: person.email, password: `Mauvais-essai-numero-${i}` })).statusCode).toBe(
        401,
      );
    }
    advance(TOTP_PERIOD * 1000);
    const locked = await login({
      email: person.email,
      password: TEST_PASSWORD,
      code: currentTotpCode(person.totpSecret!, clock),
    });
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.code).toBe('too_many_attempts');

    for (let i = 0; i < LOCKOUT_FAILURES; i++)
      await login({ email: 'fantome@exemple.test', password: `Essai-${i}-inconnu` });
    expect((await login({ email: 'fantome@exemple.test', password: 'Encore-un-essai-x' })).statusCode).toBe(
      429,
    );

    advance(16 * 60 * 1000);
    const after = await login({
      email: person.email,
      password: TEST_PASSWORD,
      code: currentTotpCode(person.totpSecret!, clock),
    });
    expect(after.statusCode).toBe(200);
  });

  it('translates errors into the requested language', async () => {
    const fr = await login({ email: 'x@exemple.test', password: 'y' }, { 'accept-language': 'fr-CA' });
    const en = await login(
      { email: 'x@exemple.test', password: 'y' },
      { 'accept-language': 'en-CA,en;q=0.9' },
    );
    expect(fr.json().error.message).toBe('Courriel ou mot de passe incorrect.');
    expect(en.json().error.message).toBe('Incorrect e-mail or password.');
  });
});

describe('TOTP enrolment', () => {
  it('limits a first session to enrolment, then upgrades it with a fresh token', async () => {
    const person = await t.createPerson({ totp: false });
    const first = await login({ email: person.email, password: TEST_PASSWORD });
    expect(first.statusCode).toBe(200);
    expect(first.json().status).toBe('enrolment_required');
    const cookie = sessionCookieFrom(first)!;
    const csrf = first.json().csrfToken as string;
    const headers = { cookie, 'x-csrf-token': csrf };

    const blocked = await t.app.inject({ method: 'GET', url: '/api/account', headers });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('mfa_enrolment_required');

    const setup = await t.app.inject({ method: 'POST', url: '/api/auth/totp/setup', headers, payload: {} });
    expect(setup.statusCode).toBe(200);
    const { secret, otpauthUri, qrSvg } = setup.json();
    expect(otpauthUri).toMatch(/^otpauth:\/\/totp\/Filet:/);
    expect(qrSvg).toContain('<svg');

    const stored = await t.platform.db
      .selectFrom('credentials')
      .select('totp_secret')
      .where('person_id', '=', person.id)
      .executeTakeFirstOrThrow();
    expect(stored.totp_secret).not.toContain(secret);

    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/auth/totp/confirm',
      headers,
      payload: { code: '111111' },
    });
    expect(bad.statusCode).toBe(401);

    advance(TOTP_PERIOD * 1000);
    const confirm = await t.app.inject({
      method: 'POST',
      url: '/api/auth/totp/confirm',
      headers,
      payload: { code: currentTotpCode(secret, clock) },
    });
    expect(confirm.statusCode).toBe(200);
    const upgraded = sessionCookieFrom(confirm)!;
    expect(upgraded).not.toBe(cookie);

    // The enrolment token is dead; the new one reaches staff routes.
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie } })).statusCode,
    ).toBe(401);
    const account = await t.app.inject({ method: 'GET', url: '/api/account', headers: { cookie: upgraded } });
    expect(account.statusCode).toBe(200);

    // A second enrolment is refused: a lost device goes through an administrator.
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/auth/totp/setup',
      headers: { cookie: upgraded, 'x-csrf-token': confirm.json().csrfToken },
      payload: {},
    });
    expect(again.statusCode).toBe(409);
  });
});

describe('sessions', () => {
  it('requires the CSRF token for changes made with a session', async () => {
    const agent = await t.as('worker');
    const without = await t.app.inject({
      method: 'PATCH',
      url: '/api/account',
      headers: { cookie: agent.cookie },
      payload: { locale: 'en-CA' },
    });
    expect(without.statusCode).toBe(403);
    expect(without.json().error.code).toBe('csrf_failed');
    const foreign = await agent.inject({
      method: 'PATCH',
      url: '/api/account',
      headers: { origin: 'https://ailleurs.test' },
      payload: { locale: 'en-CA' },
    });
    expect(foreign.statusCode).toBe(403);
    const row = await t.platform.db
      .selectFrom('people')
      .select('locale')
      .where('id', '=', agent.person.id)
      .executeTakeFirstOrThrow();
    expect(row.locale).toBe('fr-CA');

    const withToken = await agent.inject({
      method: 'PATCH',
      url: '/api/account',
      payload: { locale: 'en-CA' },
    });
    expect(withToken.statusCode).toBe(200);
    expect(withToken.json().locale).toBe('en-CA');
  });

  it('ends after thirty idle minutes and after twelve hours in any case', async () => {
    const agent = await t.as('worker');
    expect((await agent.inject({ method: 'GET', url: '/api/account' })).statusCode).toBe(200);
    advance(31 * 60 * 1000);
    const idle = await agent.inject({ method: 'GET', url: '/api/account' });
    expect(idle.statusCode).toBe(401);
    expect(idle.json().error.code).toBe('session_expired');

    const busy = await t.as('worker');
    for (let i = 0; i < 25; i++) {
      advance(29 * 60 * 1000);
      const response = await busy.inject({ method: 'GET', url: '/api/account' });
      if (i < 24) expect(response.statusCode).toBe(200);
      else expect(response.statusCode).toBe(401);
    }
  });

  it('lists active sessions and ends one of them', async () => {
    const person = await t.createPerson();
    const a = await t.signIn(person);
    const b = await t.signIn(person);
    const list = await a.inject({ method: 'GET', url: '/api/account/sessions' });
    expect(list.statusCode).toBe(200);
    const items = list.json().items as Array<{ id: string; current: boolean }>;
    expect(items).toHaveLength(2);
    const other = items.find((s) => !s.current)!;
    const end = await a.inject({ method: 'DELETE', url: `/api/account/sessions/${other.id}` });
    expect(end.statusCode).toBe(204);
    expect((await b.inject({ method: 'GET', url: '/api/account' })).statusCode).toBe(401);
    expect((await a.inject({ method: 'GET', url: '/api/account' })).statusCode).toBe(200);

    const stranger = await t.as('worker');
    const theirs = await stranger.inject({
      method: 'DELETE',
      url: `/api/account/sessions/${items.find((s) => s.current)!.id}`,
    });
    expect(theirs.statusCode).toBe(404);
  });

  it('resolves many sessions arriving at once, each to its own person, and refuses the dead ones among them', async () => {
    const people = await Promise.all(
      Array.from({ length: 40 }, (_, i) => t.createPerson({ roles: [i % 2 ? 'pivot' : 'worker'] })),
    );
    const agents = await Promise.all(people.map((p) => t.signIn(p)));
    const revoked = await t.as('worker');
    await revoked.inject({ method: 'POST', url: '/api/auth/logout', payload: {} });
    const forged = `${agents[0]!.cookie.split('=')[0]}=${'A'.repeat(43)}`;
    // Several requests of one session in the same batch, a signed-out session and an unknown token.
    const answers = await Promise.all([
      ...agents.map((a) => a.inject({ method: 'GET', url: '/api/auth/session' })),
      agents[3]!.inject({ method: 'GET', url: '/api/auth/session' }),
      revoked.inject({ method: 'GET', url: '/api/auth/session' }),
      t.app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie: forged } }),
    ]);
    for (const [i, person] of people.entries()) {
      expect(answers[i]!.statusCode).toBe(200);
      expect(answers[i]!.json().person.id).toBe(person.id);
    }
    expect(answers[people.length]!.json().person.id).toBe(people[3]!.id);
    expect(answers[people.length + 1]!.statusCode).toBe(401);
    expect(answers[people.length + 2]!.statusCode).toBe(401);
  });

  it('signs out', async () => {
    const agent = await t.as('pivot');
    const out = await agent.inject({ method: 'POST', url: '/api/auth/logout', payload: {} });
    expect(out.statusCode).toBe(204);
    expect((await agent.inject({ method: 'GET', url: '/api/auth/session' })).statusCode).toBe(401);
  });
});

describe('passwords', () => {
  it('changes the password after checking the current one and ends the other sessions', async () => {
    const person = await t.createPerson();
    const a = await t.signIn(person);
    const b = await t.signIn(person);
    const wrong = await a.inject({
      method: 'POST',
      url: '/api/account/password',
      payload: { currentPassword: 'pas-le-bon-mot', newPassword: 'Une-nouvelle-phrase-de-passe' },
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.details[0]).toMatchObject({ field: 'currentPassword', rule: 'password_wrong' });
    const common = await a.inject({
      method: 'POST',
      url: '/api/account/password',
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'motdepasse2024!' },
    });
    expect(common.statusCode).toBe(400);
    expect(common.json().error.details[0].rule).toBe('password_common');
    const ok = await a.inject({
      method: 'POST',
      url: '/api/account/password',
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'Une-nouvelle-phrase-de-passe' },
    });
    expect(ok.statusCode).toBe(204);
    expect((await b.inject({ method: 'GET', url: '/api/account' })).statusCode).toBe(401);
    expect((await a.inject({ method: 'GET', url: '/api/account' })).statusCode).toBe(200);
  });

  it('answers a reset request the same way for unknown e-mails and queues a link for real ones', async () => {
    const person = await t.createPerson();
    const known = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password-reset',
      payload: { email: person.email },
    });
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password-reset',
      payload: { email: 'nul@exemple.test' },
    });
    expect(known.statusCode).toBe(202);
    expect(unknown.statusCode).toBe(202);
    const queued = await t.platform.db
      .selectFrom('email_outbox')
      .select(['to_address', 'kind', 'body'])
      .execute();
    expect(queued.filter((m) => m.to_address === person.email)).toHaveLength(1);
    expect(queued.some((m) => m.to_address === 'nul@exemple.test')).toBe(false);
  });
});

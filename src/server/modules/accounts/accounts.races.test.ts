import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { auditCount, race } from '../../../../test/support/concurrency.js';
import { issueOneTimeToken } from '../../platform/auth/auth.service.js';

/**
 * Accounts and their single-use links under simultaneous requests: a link is spent once (the others
 * get the answer of a spent link), a status change is written and audited once, a session ends once.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const PASSWORD = 'Une-phrase-de-passe-fictive-42';

function token(kind: 'invitation' | 'password_reset', personId: string): Promise<string> {
  return t.platform.db
    .transaction()
    .execute((trx) => issueOneTimeToken(t.platform, trx, { kind, personId, createdBy: null }));
}

async function sessionsOf(personId: string): Promise<number> {
  const rows = await t.platform.db
    .selectFrom('sessions')
    .select('id')
    .where('person_id', '=', personId)
    .execute();
  return rows.length;
}

describe('accounts under simultaneous requests', () => {
  it('accepts an invitation once: one session, one entry; the other requests find the link spent', async () => {
    const person = await t.createPerson({ status: 'invited' });
    const link = await token('invitation', person.id);
    const result = await race(t, 12, () =>
      t.app.inject({
        method: 'POST',
        url: `/api/auth/invitations/${link}/accept`,
        payload: { password: PASSWORD },
      }),
    );
    expect(result.statuses).toEqual({ 200: 1, 404: 11 });
    expect(result.responses.find((r) => r.statusCode === 404)!.json().error.code).toBe('token_invalid');
    expect(await auditCount(t, 'auth.invitation.accept', person.id)).toBe(1);
    expect(await sessionsOf(person.id)).toBe(1);
  });

  it('uses a password-reset link once', async () => {
    const person = await t.createPerson();
    const link = await token('password_reset', person.id);
    const result = await race(t, 12, (i) =>
      t.app.inject({
        method: 'POST',
        url: `/api/auth/password-reset/${link}`,
        payload: { password: `${PASSWORD}-${i}` },
      }),
    );
    expect(result.statuses).toEqual({ 204: 1, 404: 11 });
    expect(await auditCount(t, 'auth.password.reset', person.id)).toBe(1);
  });

  it('disables an account once: disabling again is accepted without effect, audited once', async () => {
    const manager = await t.as('admin');
    const person = await t.createPerson();
    const result = await race(t, 40, () =>
      manager.inject({ method: 'POST', url: `/api/people/${person.id}/disable`, payload: {} }),
    );
    expect(result.statuses).toEqual({ 200: 40 });
    if (t.database.engine === 'postgres') expect(result.peakConnections).toBeGreaterThan(1);
    expect(await auditCount(t, 'accounts.person.disable', person.id)).toBe(1);
  });

  it('ends a session once', async () => {
    const person = await t.createPerson();
    const me = await t.signIn(person);
    const other = await t.signIn(person);
    const result = await race(t, 20, () =>
      me.inject({ method: 'DELETE', url: `/api/account/sessions/${other.sessionId}` }),
    );
    // Ended for the first; gone (like any session that is not one of theirs) for the others.
    expect(result.statuses).toEqual({ 204: 1, 404: 19 });
    expect(await auditCount(t, 'auth.session.end', person.id)).toBe(1);
  });

  it('signs out once', async () => {
    const person = await t.createPerson();
    const me = await t.signIn(person);
    await race(t, 20, () => me.inject({ method: 'POST', url: '/api/auth/logout', payload: {} }));
    expect(await auditCount(t, 'auth.session.sign_out', person.id)).toBe(1);
  });

  it('invites one address once and creates one organisation name once, without a 500', async () => {
    const admin = await t.as('admin');
    const organisationId = await t.createOrganisation();
    const invited = await race(t, 10, () =>
      admin.inject({
        method: 'POST',
        url: '/api/people/invitations',
        payload: {
          email: 'meme.adresse@exemple.test',
          givenName: 'Personne',
          familyName: 'Fictive',
          organisationId,
          roles: ['worker'],
          locale: 'fr-CA',
        },
      }),
    );
    expect(invited.statuses).toEqual({ 201: 1, 409: 9 });
    expect(invited.responses.find((r) => r.statusCode === 409)!.json().error.code).toBe('email_taken');
    const created = await race(t, 10, () =>
      admin.inject({
        method: 'POST',
        url: '/api/organisations',
        payload: { name: 'Organisme fictif du même nom', type: 'community', region: 'Région fictive' },
      }),
    );
    expect(created.statuses).toEqual({ 201: 1, 400: 9 });
  });
});

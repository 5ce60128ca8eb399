import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { rowCount } from '../../../../test/support/concurrency.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

function count(table: 'people' | 'organisations' | 'person_roles' | 'one_time_tokens' | 'email_outbox') {
  return rowCount(t, table);
}

describe('organisations', () => {
  it('finds an organisation whatever the accents and case of the search', async () => {
    await t.createOrganisation({ name: 'Maison des Jeunes de Québec-Fictif' });
    const agent = await t.as('worker');
    for (const q of ['Québec', 'quebec', 'QUEBEC', 'québec-fictif']) {
      const response = await agent.inject({
        method: 'GET',
        url: `/api/organisations?q=${encodeURIComponent(q)}`,
      });
      expect(response.statusCode).toBe(200);
      expect(response.json().items.map((o: { name: string }) => o.name)).toContain(
        'Maison des Jeunes de Québec-Fictif',
      );
    }
    const literal = await agent.inject({
      method: 'GET',
      url: `/api/organisations?q=${encodeURIComponent('%')}`,
    });
    expect(literal.json().items).toEqual([]);
  });

  it('tells simultaneous creations of one name that it is taken, never with a server error', async () => {
    const coordinator = await t.as('table_coordinator');
    const before = await count('organisations');
    const responses = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        coordinator.inject({
          method: 'POST',
          url: '/api/organisations',
          payload: {
            name: i % 2 ? 'Centre simultané' : 'CENTRE SIMULTANÉ',
            type: 'community',
            region: 'Région fictive',
          },
        }),
      ),
    );
    expect(responses.map((r) => r.statusCode).sort()).toEqual([201, 400, 400, 400, 400, 400]);
    for (const refused of responses.filter((r) => r.statusCode === 400)) {
      expect(refused.json().error.details[0]).toMatchObject({ field: 'name', rule: 'taken' });
    }
    expect(await count('organisations')).toBe(before + 1);
  });

  it('lets the table coordination create and edit, refuses duplicates and bad types, stores nothing then', async () => {
    const coordinator = await t.as('table_coordinator');
    const created = await coordinator.inject({
      method: 'POST',
      url: '/api/organisations',
      payload: { name: 'Centre fictif du Lac', type: 'community', region: 'Région fictive' },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      name: 'Centre fictif du Lac',
      type: 'community',
      active: true,
      peopleCount: 0,
    });

    const before = await count('organisations');
    const duplicate = await coordinator.inject({
      method: 'POST',
      url: '/api/organisations',
      payload: { name: 'CENTRE FICTIF DU LAC', type: 'community', region: 'Région fictive' },
    });
    expect(duplicate.statusCode).toBe(400);
    expect(duplicate.json().error.details[0]).toMatchObject({ field: 'name', rule: 'taken' });
    const badType = await coordinator.inject({
      method: 'POST',
      url: '/api/organisations',
      headers: { 'accept-language': 'en-CA' },
      payload: { name: 'Autre centre', type: 'casino', region: 'Région fictive' },
    });
    expect(badType.statusCode).toBe(400);
    expect(badType.json().error.details[0].field).toBe('type');
    expect(badType.json().error.details[0].message).toContain('Type');
    expect(await count('organisations')).toBe(before);

    const patched = await coordinator.inject({
      method: 'PATCH',
      url: `/api/organisations/${created.json().id}`,
      payload: { shortName: 'CFL', active: false },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ shortName: 'CFL', active: false });
  });
});

describe('people', () => {
  it('shows contact details only to those who need them', async () => {
    const organisationId = await t.createOrganisation();
    const target = await t.createPerson({
      organisationId,
      givenName: 'Éloïse',
      familyName: 'Fictive-Contact',
    });
    const colleague = await t.as('worker', { organisationId });
    const coordinator = await t.as('org_coordinator', { organisationId });
    const outsider = await t.as('org_coordinator');

    const seen = async (agent: typeof colleague) =>
      (await agent.inject({ method: 'GET', url: `/api/people/${target.id}` })).json();
    expect((await seen(colleague)).email).toBeUndefined();
    expect((await seen(outsider)).email).toBeUndefined();
    expect((await seen(coordinator)).email).toBe(target.email);

    const list = await colleague.inject({
      method: 'GET',
      url: `/api/people?q=${encodeURIComponent('eloise fictive')}`,
    });
    expect(list.json().total).toBe(1);
    expect(list.json().items[0].email).toBeUndefined();
  });

  it('invites a person: invited status, roles, a single-use link and an e-mail in the outbox', async () => {
    const organisationId = await t.createOrganisation({ type: 'community' });
    const coordinator = await t.as('org_coordinator', { organisationId });
    const response = await coordinator.inject({
      method: 'POST',
      url: '/api/people/invitations',
      payload: {
        email: 'Nouvelle.Pivot@Exemple.test',
        givenName: 'Nouvelle',
        familyName: 'Pivot-Fictive',
        organisationId,
        roles: ['pivot', 'worker'],
        locale: 'fr-CA',
      },
    });
    expect(response.statusCode).toBe(201);
    const person = await t.platform.db
      .selectFrom('people')
      .selectAll()
      .where('id', '=', response.json().id)
      .executeTakeFirstOrThrow();
    expect(person).toMatchObject({ status: 'invited', email: 'nouvelle.pivot@exemple.test' });
    const mail = await t.platform.db
      .selectFrom('email_outbox')
      .selectAll()
      .where('to_address', '=', 'nouvelle.pivot@exemple.test')
      .executeTakeFirstOrThrow();
    expect(mail.subject).toBe('Invitation à rejoindre Filet');
    expect(mail.body).not.toContain('/invitation/');

    const again = await coordinator.inject({
      method: 'POST',
      url: '/api/people/invitations',
      payload: {
        email: 'nouvelle.pivot@exemple.test',
        givenName: 'X',
        familyName: 'Y',
        organisationId,
        roles: ['worker'],
        locale: 'fr-CA',
      },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('email_taken');
  });

  it('refuses roles and organisations beyond the inviter’s reach, storing nothing', async () => {
    const organisationId = await t.createOrganisation({ type: 'community' });
    const otherOrganisation = await t.createOrganisation({ type: 'community' });
    const coordinator = await t.as('org_coordinator', { organisationId });
    const before = {
      people: await count('people'),
      tokens: await count('one_time_tokens'),
      mail: await count('email_outbox'),
    };
    const tooHigh = await coordinator.inject({
      method: 'POST',
      url: '/api/people/invitations',
      payload: {
        email: 'haut@exemple.test',
        givenName: 'A',
        familyName: 'B',
        organisationId,
        roles: ['admin'],
        locale: 'fr-CA',
      },
    });
    expect(tooHigh.statusCode).toBe(400);
    expect(tooHigh.json().error.details[0]).toMatchObject({ field: 'roles', rule: 'not_grantable' });
    const elsewhere = await coordinator.inject({
      method: 'POST',
      url: '/api/people/invitations',
      payload: {
        email: 'ailleurs@exemple.test',
        givenName: 'A',
        familyName: 'B',
        organisationId: otherOrganisation,
        roles: ['worker'],
        locale: 'fr-CA',
      },
    });
    expect(elsewhere.statusCode).toBe(403);
    expect({
      people: await count('people'),
      tokens: await count('one_time_tokens'),
      mail: await count('email_outbox'),
    }).toEqual(before);
  });

  it('disabling a person ends their sessions at once; re-enabling lets them sign in again', async () => {
    const organisationId = await t.createOrganisation();
    const worker = await t.createPerson({ organisationId });
    const session = await t.signIn(worker);
    expect((await session.inject({ method: 'GET', url: '/api/account' })).statusCode).toBe(200);
    const coordinator = await t.as('table_coordinator');
    const disabled = await coordinator.inject({
      method: 'POST',
      url: `/api/people/${worker.id}/disable`,
      payload: {},
    });
    expect(disabled.statusCode).toBe(200);
    expect(disabled.json().status).toBe('disabled');
    expect((await session.inject({ method: 'GET', url: '/api/account' })).statusCode).toBe(401);
    const enabled = await coordinator.inject({
      method: 'POST',
      url: `/api/people/${worker.id}/enable`,
      payload: {},
    });
    expect(enabled.json().status).toBe('active');
    expect((await (await t.signIn(worker)).inject({ method: 'GET', url: '/api/account' })).statusCode).toBe(
      200,
    );

    const self = await coordinator.inject({
      method: 'POST',
      url: `/api/people/${coordinator.person.id}/disable`,
      payload: {},
    });
    expect(self.statusCode).toBe(403);
  });

  it('changes roles within the actor’s reach and the new permissions apply at once', async () => {
    const organisationId = await t.createOrganisation({ type: 'community' });
    const worker = await t.createPerson({ organisationId, roles: ['worker'] });
    const session = await t.signIn(worker);
    expect(
      (await session.inject({ method: 'GET', url: '/api/auth/session' })).json().permissions['people.invite'],
    ).toBe(false);
    const admin = await t.as('admin');
    const changed = await admin.inject({
      method: 'PUT',
      url: `/api/people/${worker.id}/roles`,
      payload: { roles: ['worker', 'org_coordinator'] },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().roles).toEqual(['org_coordinator', 'worker']);
    expect(
      (await session.inject({ method: 'GET', url: '/api/auth/session' })).json().permissions['people.invite'],
    ).toBe(true);

    const coordinator = await t.as('org_coordinator', { organisationId });
    const beyond = await coordinator.inject({
      method: 'PUT',
      url: `/api/people/${worker.id}/roles`,
      payload: { roles: ['worker'] },
    });
    expect(beyond.statusCode).toBe(403);
    const audit = await t.platform.db
      .selectFrom('audit_log')
      .select('entry')
      .where('action', '=', 'accounts.person.set_roles')
      .where('target_id', '=', worker.id)
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('lets an administrator reset a lost second factor', async () => {
    const worker = await t.createPerson();
    const session = await t.signIn(worker);
    const admin = await t.as('admin');
    expect(
      (await admin.inject({ method: 'POST', url: `/api/people/${worker.id}/reset-mfa`, payload: {} }))
        .statusCode,
    ).toBe(204);
    expect((await session.inject({ method: 'GET', url: '/api/account' })).statusCode).toBe(401);
    const credential = await t.platform.db
      .selectFrom('credentials')
      .select(['totp_secret', 'totp_enrolled_at'])
      .where('person_id', '=', worker.id)
      .executeTakeFirstOrThrow();
    expect(credential).toEqual({ totp_secret: null, totp_enrolled_at: null });
  });

  it('answers 404 for an unknown person and 400 for a malformed id', async () => {
    const agent = await t.as('worker');
    expect(
      (await agent.inject({ method: 'GET', url: '/api/people/7c9e6679-7425-40de-944b-e07fc1f90ae7' }))
        .statusCode,
    ).toBe(404);
    const malformed = await agent.inject({ method: 'GET', url: '/api/people/pas-un-id' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.details[0]).toMatchObject({ field: 'id', rule: 'format_uuid' });
  });
});

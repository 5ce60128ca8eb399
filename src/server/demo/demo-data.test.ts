import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { openDemo } from '../../../test/support/demo.js';
import { ORGANISATION_TYPES, ROLES } from '../../shared/roles.js';
import { DEMO_ACCOUNT_EMAILS, DEMO_PASSWORD } from './demo-data.js';

let demo: TestApp;
let regular: TestApp;
beforeAll(async () => {
  demo = await openDemo();
  regular = await createTestApp();
});
afterAll(async () => {
  await demo.close();
  await regular.close();
});

describe('demo data', () => {
  it('creates a fictional region with every type of partner and every role', async () => {
    const organisations = await demo.platform.db
      .selectFrom('organisations')
      .select(['type', 'region'])
      .execute();
    expect(organisations.length).toBeGreaterThanOrEqual(12);
    expect(new Set(organisations.map((o) => o.type))).toEqual(new Set(ORGANISATION_TYPES));
    expect(organisations.every((o) => o.region.includes('fictive'))).toBe(true);
    const people = await demo.platform.db.selectFrom('people').select('email').execute();
    expect(people.length).toBeGreaterThanOrEqual(140);
    expect(people.every((p) => p.email.endsWith('.test'))).toBe(true);
    const roles = await demo.platform.db.selectFrom('person_roles').select('role').distinct().execute();
    expect(new Set(roles.map((r) => r.role))).toEqual(new Set(ROLES));
  });

  it('shows how every role was consented: a bootstrap coordinator per organisation, the rest granted by it', async () => {
    const consents = await demo.platform.db
      .selectFrom('person_roles as r')
      .innerJoin('people as p', 'p.id', 'r.person_id')
      .innerJoin('organisations as o', 'o.id', 'p.organisation_id')
      .select(['o.type', 'r.role', 'r.consent'])
      .execute();
    const police = consents.filter((c) => c.type === 'police');
    expect(police.some((c) => c.consent === 'bootstrap' && c.role === 'org_coordinator')).toBe(true);
    expect(
      police.filter((c) => c.role === 'police_analyst').every((c) => c.consent === 'own_organisation'),
    ).toBe(true);
    expect(
      consents.filter((c) => c.role === 'table_coordinator').every((c) => c.consent === 'not_required'),
    ).toBe(true);
    const waiting = await demo.platform.db
      .selectFrom('role_requests')
      .select('role')
      .where('status', '=', 'pending')
      .execute();
    expect(waiting).toEqual([{ role: 'pivot' }]);
  });

  it('lets a newcomer sign in with a listed account and its current code', async () => {
    const listed = await demo.app.inject({ method: 'GET', url: '/api/demo/accounts' });
    expect(listed.statusCode).toBe(200);
    const { password, accounts } = listed.json();
    expect(password).toBe(DEMO_PASSWORD);
    expect(accounts.map((a: { email: string }) => a.email)).toEqual(DEMO_ACCOUNT_EMAILS);
    const admin = accounts.find((a: { roles: string[] }) => a.roles.includes('admin'));
    const login = await demo.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: admin.email, password, code: admin.code },
    });
    expect(login.statusCode).toBe(200);
    expect(login.json().status).toBe('signed_in');
  });

  it('is marked as a demo, and the demo panel does not exist outside demo mode', async () => {
    expect((await demo.app.inject({ method: 'GET', url: '/api/public/config' })).json()).toEqual({
      demo: true,
    });
    expect((await regular.app.inject({ method: 'GET', url: '/api/public/config' })).json()).toEqual({
      demo: false,
    });
    expect((await regular.app.inject({ method: 'GET', url: '/api/demo/accounts' })).statusCode).toBe(404);
  });

  it('audits its own loading', async () => {
    const entry = await demo.platform.db
      .selectFrom('audit_log')
      .select('entry')
      .where('action', '=', 'demo.data.load')
      .executeTakeFirst();
    expect(entry).toBeDefined();
  });
});

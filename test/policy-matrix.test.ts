import type { InjectOptions } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../src/shared/roles.js';
/**
 * The role × route matrix. Every route of the server must appear here with the access it declares;
 * a new route fails this test until someone decides who may call it. For each non-public route, the
 * test calls it anonymously (401), with a session still enrolling its second factor (403 unless the
 * route serves enrolment), and as a person holding each role: roles outside the route's access get
 * 403; roles inside it get through the gate (the request is built so the record-level policy allows
 * it too). A mutation (POST, PUT, PATCH, DELETE) an allowed role gets a 2xx for must also have added an
 * entry to the audit log, unless `matrix/unaudited.ts` says why that route writes none.
 */
import { alertsMatrix } from './matrix/alerts.js';
import { consultationsMatrix } from './matrix/consultations.js';
import { governanceMatrix } from './matrix/governance.js';
import { networkMatrix } from './matrix/network.js';
import { type Access, platformMatrix } from './matrix/platform.js';
import { pushMatrix } from './matrix/push.js';
import { questionnairesMatrix } from './matrix/questionnaires.js';
import { referralsMatrix } from './matrix/referrals.js';
import { reportsMatrix } from './matrix/reports.js';
import { resourcesMatrix } from './matrix/resources.js';
import { resourcesHsdsMatrix } from './matrix/resources-hsds.js';
import { resourcesSearchMatrix } from './matrix/resources-search.js';
import { tipsMatrix } from './matrix/tips.js';
import { trainingMatrix } from './matrix/training.js';
import { UNAUDITED } from './matrix/unaudited.js';
import { createTestApp, type TestApp } from './support/app.js';

const MATRIX = {
  ...platformMatrix,
  ...pushMatrix,
  ...networkMatrix,
  ...governanceMatrix,
  ...reportsMatrix,
  ...tipsMatrix,
  ...trainingMatrix,
  ...questionnairesMatrix,
  ...alertsMatrix,
  ...resourcesMatrix,
  ...resourcesSearchMatrix,
  ...resourcesHsdsMatrix,
  ...referralsMatrix,
  ...consultationsMatrix,
};

function allows(access: Access, role: Role): boolean {
  if (access === 'public' || access === 'enrolment' || access === 'staff') return true;
  return access.includes(role);
}

const MUTATING = ['POST', 'PUT', 'PATCH', 'DELETE'];

/** Whether a route must add an entry to the audit log when it succeeds. */
function audited(key: string): boolean {
  return MUTATING.includes(key.split(' ')[0]!) && !(key in UNAUDITED);
}

function normalise(access: Access): string {
  return typeof access === 'string' ? access : [...access].sort().join(',');
}

let t: TestApp;

/** The sequence number of the audit log's last entry (0 while it is empty). */
async function auditHead(): Promise<number> {
  const row = await t.platform.db
    .selectFrom('audit_log')
    .select(sql<number>`coalesce(max(seq), 0)`.as('seq'))
    .executeTakeFirstOrThrow();
  return row.seq;
}

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('policy matrix', () => {
  it('lists every route of the server with the access it declares', () => {
    const declared = t.app.filetRoutes.filter(
      (r) => !r.url.startsWith('/api/docs') && !r.url.startsWith('/assets/'),
    );
    const missing = declared
      .filter((r) => !MATRIX[`${r.method} ${r.url}`])
      .map((r) => `${r.method} ${r.url}`);
    expect(missing, 'routes missing from the policy matrix').toEqual([]);
    for (const route of declared) {
      expect(normalise(route.access), `${route.method} ${route.url}`).toBe(
        normalise(MATRIX[`${route.method} ${route.url}`]!.access),
      );
    }
    const stale = Object.keys(MATRIX).filter((key) => !declared.some((r) => `${r.method} ${r.url}` === key));
    expect(stale, 'matrix rows for routes that no longer exist').toEqual([]);
  });

  it('exempts from the audit rule only mutating routes it calls', () => {
    const unknown = Object.keys(UNAUDITED).filter(
      (key) => !MUTATING.includes(key.split(' ')[0]!) || !MATRIX[key]?.request,
    );
    expect(unknown, 'exemptions naming no mutating route the matrix calls').toEqual([]);
  });

  const guarded = Object.entries(MATRIX).filter(([, entry]) => entry.access !== 'public');

  it.each(guarded)('%s refuses anonymous callers with 401', async (key) => {
    const [method, url] = key.split(' ') as [InjectOptions['method'], string];
    const concrete = url.replace(/:id|:token/g, '00000000-0000-4000-8000-000000000000');
    const response = await t.app.inject({
      method,
      url: concrete,
      ...(method === 'GET' ? {} : { payload: {} }),
    });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('unauthenticated');
  });

  it.each(guarded.filter(([, e]) => e.access !== 'enrolment'))(
    '%s refuses a session still enrolling its second factor',
    async (key) => {
      const [method, url] = key.split(' ') as [InjectOptions['method'], string];
      const person = await t.createPerson({ roles: ['admin'], totp: false });
      const agent = await t.signIn(person, { mfaVerified: false });
      const concrete = url.replace(/:id|:token/g, '00000000-0000-4000-8000-000000000000');
      const response = await agent.inject({
        method,
        url: concrete,
        ...(method === 'GET' ? {} : { payload: {} }),
      });
      expect(response.statusCode).toBe(403);
      expect(response.json().error.code).toBe('mfa_enrolment_required');
    },
  );

  const cases = guarded
    .filter(([, entry]) => entry.request)
    .flatMap(([key, entry]) => ROLES.map((role) => [key, role, entry] as const));

  // A role the route allows also checks the audit rule: a mutation answered 2xx added to the journal.
  it.each(cases)('%s as %s', async (key, role, entry) => {
    const organisationId = await t.createOrganisation({ type: 'police' });
    const person = await t.createPerson({ roles: [role], organisationId });
    const agent = await t.signIn(person);
    const request = await entry.request!({ t, agent });
    const headBefore = await auditHead();
    const response = await agent.inject(request);
    if (allows(entry.access, role)) {
      const through = response.statusCode < 400 || (entry.through ?? []).includes(response.statusCode);
      expect(through, `${response.statusCode} ${response.body.slice(0, 200)}`).toBe(true);
      if (audited(key) && response.statusCode >= 200 && response.statusCode < 300) {
        expect(
          await auditHead(),
          `${key} answered ${response.statusCode} and wrote no audit entry`,
        ).toBeGreaterThan(headBefore);
      }
    } else {
      expect(response.statusCode).toBe(403);
      expect(response.json().error.code).toBe('forbidden');
    }
  });
});

import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { demoContext } from '../../../../test/support/demo.js';
import { REFERRAL_STATUSES } from '../../../shared/contracts/resources.values.js';
import { referralsDemo } from './referrals.demo.js';
import { resourcesDemo } from './resources.demo.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

it('holds referrals in every status, one logged, one override to review, one escalated, readable by each side', async () => {
  const organisations = await Promise.all(
    (['dpj', 'maison', 'cal', 'ciusss', 'rue'] as const).map(async (key) => ({
      key,
      id: await t.createOrganisation({ type: key === 'dpj' ? 'youth_protection' : 'community' }),
      name: `Organisation fictive ${key}`,
      type: (key === 'dpj' ? 'youth_protection' : 'community') as 'community',
    })),
  );
  const dpj = organisations[0]!.id;
  const pivot = await t.createPerson({ roles: ['pivot', 'worker'], organisationId: dpj });
  const coordinator = await t.createPerson({ roles: ['org_coordinator'], organisationId: dpj });
  const houseWorker = await t.createPerson({ roles: ['worker'], organisationId: organisations[1]!.id });
  const context = demoContext({ seed: 11, organisations, people: [pivot, coordinator, houseWorker] });
  const summary = await t.platform.db.transaction().execute(async (trx) => {
    await resourcesDemo.load(t.platform, trx, context);
    return referralsDemo.load(t.platform, trx, context);
  });
  expect(summary).toMatch(/^12 referrals of 8 fictional people/);

  const rows = await t.platform.db.selectFrom('referrals').selectAll().execute();
  expect(new Set(rows.map((r) => r.status))).toEqual(new Set(REFERRAL_STATUSES));
  expect(rows.filter((r) => r.logged)).toHaveLength(1);
  expect(rows.filter((r) => r.escalated_at !== null).length).toBeGreaterThanOrEqual(1);
  const flagged = await t.platform.db
    .selectFrom('referral_consents')
    .select('id')
    .where('flagged', '=', true)
    .execute();
  expect(flagged).toHaveLength(1);
  // Closed referrals keep nothing of the person for the service.
  expect(
    rows.filter((r) => ['declined', 'completed', 'cancelled'].includes(r.status) && r.sealed_disclosed),
  ).toEqual([]);

  // The youth centre's pivot sees what it sent with the people's names; each receiving side its own.
  const sender = await t.signIn(pivot);
  const sent = await sender.inject({ method: 'GET', url: '/api/referrals?side=sent&limit=100' });
  expect(sent.statusCode, sent.body).toBe(200);
  expect(sent.json().total).toBe(rows.length);
  expect(sent.json().items.some((r: { subjectLabel: string }) => r.subjectLabel.includes('Fictive'))).toBe(
    true,
  );
  const receiving = new Set(rows.map((r) => r.receiving_organisation_id).filter((id) => id !== null));
  expect(receiving.size).toBeGreaterThanOrEqual(2);
  for (const organisationId of receiving) {
    const staff = await t.as('worker', { organisationId: organisationId! });
    const list = await staff.inject({ method: 'GET', url: '/api/referrals?side=received&limit=100' });
    expect(list.json().total).toBe(rows.filter((r) => r.receiving_organisation_id === organisationId).length);
  }
  // Every open referral can be opened by its service, with the details it was given.
  const open = rows.find((r) => r.status === 'accepted')!;
  const staff = await t.as('worker', { organisationId: open.receiving_organisation_id! });
  const page = await staff.inject({ method: 'GET', url: `/api/referrals/${open.id}?purpose=d%C3%A9mo` });
  expect(page.json().disclosed.name).toContain('Fictif');
});

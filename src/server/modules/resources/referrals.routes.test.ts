import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../../../test/support/app.js';
import { auditEntries } from '../../../../test/support/audit.js';
import { race, rowCount } from '../../../../test/support/concurrency.js';
import type { ReportSection } from '../../../shared/report.js';
import { ROLES, type Role } from '../../../shared/roles.js';
import { createResourceOrganisation, createService } from './directory.fixtures.js';
import { escalateOverdue } from './referral-workflow.service.js';
import { FIGURES_ROLES, REFERRAL_ROLES, REGISTER_ROLES, SENDER_ROLES } from './referrals.policy.js';

// Monday 15 June 2026, 10:00 in Montréal (the figures move the clock to March 2025).
const START = new Date('2026-06-15T14:00:00Z');
let now = START;
let t: TestApp;

/** What must never reach anyone but the organisation that follows the person (and, while open, the service). */
const NAME = 'Zéphyrine';
const FAMILY = 'Témoin-Fictive';
const PHONE = '514 555-0177';
const SITUATION = 'Fugues répétées depuis avril, recrutée par un tiers fictif.';
const PURPOSE = 'suivi de la référence';

/** Every answer given to someone who must learn nothing of the person: none may hold a secret above. */
const seen: string[] = [];
async function outsider(agent: Agent, options: InjectOptions) {
  const response = await agent.inject(options);
  seen.push(response.body);
  return response;
}

interface World {
  senderOrg: string;
  serviceOrg: string;
  pivot: Agent;
  coordinator: Agent;
  worker: Agent;
  receiverCoordinator: Agent;
  resourceOrg: string;
  serviceId: string;
}
let w: World;

async function receivingService(
  keeper: string,
  options: { taxonomy?: Parameters<typeof createService>[1]['taxonomy']; accepts?: boolean } = {},
) {
  const organisationId = await createResourceOrganisation(t, { keeper });
  const serviceId = await createService(t, {
    organisationId,
    keeper,
    name: 'Clinique fictive des Ormes',
    taxonomy: options.taxonomy ?? ['therapy'],
  });
  if (options.accepts ?? true)
    await t.platform.db
      .updateTable('resource_services')
      .set({ accepts_referrals: true })
      .where('id', '=', serviceId)
      .execute();
  return { organisationId, serviceId };
}

async function newSubject(agent: Agent, body: Record<string, unknown> = {}) {
  const response = await agent.inject({
    method: 'POST',
    url: '/api/referrals/subjects',
    payload: {
      kind: 'youth',
      givenName: NAME,
      familyName: FAMILY,
      birthDate: '2010-03-02',
      phone: PHONE,
      safeChannels: ['through_sender'],
      ...body,
    },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id as string;
}

async function send(
  agent: Agent,
  subjectId: string,
  serviceId = w.serviceId,
  body: Record<string, unknown> = {},
) {
  const response = await agent.inject({
    method: 'POST',
    url: '/api/referrals',
    payload: {
      subjectId,
      serviceId,
      consent: { givenBy: 'youth' },
      disclosedFields: ['name', 'contact', 'situation'],
      situation: SITUATION,
      ...body,
    },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; version: number; status: string };
}

async function move(agent: Agent, id: string, body: Record<string, unknown>) {
  const current = await agent.inject({
    method: 'GET',
    url: `/api/referrals/${id}`,
    query: { purpose: PURPOSE },
  });
  expect(current.statusCode, current.body).toBe(200);
  return agent.inject({
    method: 'POST',
    url: `/api/referrals/${id}/status`,
    payload: { version: current.json().version, ...body },
  });
}

async function counts() {
  return {
    consents: await rowCount(t, 'referral_consents'),
    referrals: await rowCount(t, 'referrals'),
    disclosures: await rowCount(t, 'referral_disclosures'),
    events: await rowCount(t, 'referral_events'),
  };
}

beforeAll(async () => {
  t = await createTestApp({ now: () => now });
  const senderOrg = await t.createOrganisation({ type: 'community' });
  const serviceOrg = await t.createOrganisation({ type: 'health_social_services' });
  const { organisationId: resourceOrg, serviceId } = await receivingService(serviceOrg);
  w = {
    senderOrg,
    serviceOrg,
    pivot: await t.as('pivot', { organisationId: senderOrg }),
    coordinator: await t.as('org_coordinator', { organisationId: senderOrg }),
    worker: await t.as('worker', { organisationId: serviceOrg }),
    receiverCoordinator: await t.as('org_coordinator', { organisationId: serviceOrg }),
    resourceOrg,
    serviceId,
  };
});
afterAll(async () => {
  await t.close();
});

describe('who may call each route', () => {
  it('refuses at the route every role the route does not name, even in the organisation holding the records', async () => {
    const subjectId = await newSubject(w.pivot);
    const referral = await send(w.pivot, subjectId);
    const consentId = (
      await w.pivot.inject({
        method: 'GET',
        url: `/api/referrals/subjects/${subjectId}`,
        query: { purpose: PURPOSE },
      })
    ).json().consents[0].id as string;
    const routes: Array<[readonly Role[], InjectOptions]> = [
      [SENDER_ROLES, { method: 'GET', url: '/api/referrals/subjects' }],
      [
        SENDER_ROLES,
        { method: 'POST', url: '/api/referrals/subjects', payload: { kind: 'parent', givenName: 'P' } },
      ],
      [SENDER_ROLES, { method: 'GET', url: `/api/referrals/subjects/${subjectId}?purpose=essai` }],
      [
        SENDER_ROLES,
        { method: 'PATCH', url: `/api/referrals/subjects/${subjectId}`, payload: { version: 1 } },
      ],
      [
        SENDER_ROLES,
        {
          method: 'POST',
          url: `/api/referrals/subjects/${subjectId}/consents`,
          payload: { forOrganisationId: w.serviceOrg, givenBy: 'youth' },
        },
      ],
      [SENDER_ROLES, { method: 'POST', url: `/api/referrals/consents/${consentId}/revoke`, payload: {} }],
      [
        REFERRAL_ROLES,
        { method: 'GET', url: `/api/referrals/subjects/${subjectId}/trajectory?purpose=essai` },
      ],
      [
        SENDER_ROLES,
        {
          method: 'POST',
          url: '/api/referrals',
          payload: { subjectId, serviceId: w.serviceId, consentId, disclosedFields: ['age'] },
        },
      ],
      [
        SENDER_ROLES,
        { method: 'POST', url: '/api/referrals/logged', payload: { subjectId, serviceName: 'X' } },
      ],
      [REFERRAL_ROLES, { method: 'GET', url: '/api/referrals?side=sent' }],
      [REGISTER_ROLES, { method: 'GET', url: '/api/referrals/disclosures' }],
      [REGISTER_ROLES, { method: 'POST', url: `/api/referrals/consents/${consentId}/review`, payload: {} }],
      [FIGURES_ROLES, { method: 'GET', url: '/api/referrals/figures' }],
      [REFERRAL_ROLES, { method: 'GET', url: `/api/referrals/${referral.id}?purpose=essai` }],
      [
        REFERRAL_ROLES,
        {
          method: 'POST',
          url: `/api/referrals/${referral.id}/status`,
          payload: { to: 'cancelled', version: 1 },
        },
      ],
      [
        REFERRAL_ROLES,
        {
          method: 'POST',
          url: `/api/referrals/${referral.id}/outcome`,
          payload: { outcome: 'got_help', version: 1 },
        },
      ],
      [
        REFERRAL_ROLES,
        { method: 'POST', url: `/api/referrals/${referral.id}/notes`, payload: { note: 'Bonjour.' } },
      ],
    ];
    const before = await counts();
    let refused = 0;
    for (const role of ROLES) {
      const agent = await t.as(role, { organisationId: w.senderOrg });
      for (const [access, options] of routes) {
        if (access.includes(role)) continue;
        const response = await outsider(agent, options);
        expect(response.statusCode, `${role} ${options.method} ${options.url}`).toBe(403);
        expect(response.json().error.code).toBe('forbidden');
        refused += 1;
      }
    }
    expect(refused).toBeGreaterThan(60);
    expect(await counts()).toEqual(before);
    const after = await w.pivot.inject({
      method: 'GET',
      url: `/api/referrals/${referral.id}`,
      query: { purpose: PURPOSE },
    });
    expect(after.json()).toMatchObject({ status: 'sent', version: referral.version, outcome: null });
  });

  it('answers 404 and empty lists to every role of another organisation, and leaks nothing of the person', async () => {
    const subjectId = await newSubject(w.pivot);
    const referral = await send(w.pivot, subjectId);
    const override = await w.coordinator.inject({
      method: 'POST',
      url: `/api/referrals/subjects/${subjectId}/consents`,
      payload: {
        forOrganisationId: w.serviceOrg,
        givenBy: 'override',
        justification: 'Danger immédiat, parent injoignable.',
      },
    });
    expect(override.statusCode, override.body).toBe(201);
    const consentId = override.json().id as string;
    const strangerOrg = await t.createOrganisation({ type: 'police' });
    const before = await counts();
    for (const role of ROLES) {
      const agent = await t.as(role, { organisationId: strangerOrg });
      const ifAllowed = async (access: readonly Role[], options: InjectOptions, expected: number) => {
        const response = await outsider(agent, options);
        expect(response.statusCode, `${role} ${options.method} ${options.url} ${response.body}`).toBe(
          access.includes(role) ? expected : 403,
        );
        return response;
      };
      await ifAllowed(
        SENDER_ROLES,
        { method: 'GET', url: `/api/referrals/subjects/${subjectId}?purpose=essai` },
        404,
      );
      await ifAllowed(
        SENDER_ROLES,
        {
          method: 'PATCH',
          url: `/api/referrals/subjects/${subjectId}`,
          payload: { givenName: 'X', version: 1 },
        },
        404,
      );
      await ifAllowed(
        SENDER_ROLES,
        {
          method: 'POST',
          url: `/api/referrals/subjects/${subjectId}/consents`,
          payload: { forOrganisationId: w.serviceOrg, givenBy: 'youth' },
        },
        404,
      );
      await ifAllowed(
        SENDER_ROLES,
        { method: 'POST', url: `/api/referrals/consents/${consentId}/revoke`, payload: {} },
        404,
      );
      await ifAllowed(
        REFERRAL_ROLES,
        { method: 'GET', url: `/api/referrals/subjects/${subjectId}/trajectory?purpose=essai` },
        404,
      );
      await ifAllowed(
        SENDER_ROLES,
        {
          method: 'POST',
          url: '/api/referrals',
          payload: {
            subjectId,
            serviceId: w.serviceId,
            consent: { givenBy: 'youth' },
            disclosedFields: ['name'],
          },
        },
        404,
      );
      await ifAllowed(
        SENDER_ROLES,
        { method: 'POST', url: '/api/referrals/logged', payload: { subjectId, serviceName: 'Clinique X' } },
        404,
      );
      await ifAllowed(
        REFERRAL_ROLES,
        { method: 'GET', url: `/api/referrals/${referral.id}?purpose=essai` },
        404,
      );
      await ifAllowed(
        REFERRAL_ROLES,
        {
          method: 'POST',
          url: `/api/referrals/${referral.id}/status`,
          payload: { to: 'cancelled', version: referral.version },
        },
        404,
      );
      await ifAllowed(
        REFERRAL_ROLES,
        {
          method: 'POST',
          url: `/api/referrals/${referral.id}/outcome`,
          payload: { outcome: 'got_help', version: referral.version },
        },
        404,
      );
      await ifAllowed(
        REFERRAL_ROLES,
        { method: 'POST', url: `/api/referrals/${referral.id}/notes`, payload: { note: 'Bonjour.' } },
        404,
      );
      await ifAllowed(
        REGISTER_ROLES,
        { method: 'POST', url: `/api/referrals/consents/${consentId}/review`, payload: {} },
        404,
      );
      for (const side of ['sent', 'received']) {
        const list = await outsider(agent, { method: 'GET', url: `/api/referrals?side=${side}` });
        if (list.statusCode === 200) expect(list.json()).toEqual({ items: [], total: 0 });
        else expect(list.statusCode).toBe(403);
      }
      const people = await ifAllowed(SENDER_ROLES, { method: 'GET', url: '/api/referrals/subjects' }, 200);
      if (people.statusCode === 200) expect(people.json()).toEqual({ items: [], total: 0 });
      const register = await ifAllowed(
        REGISTER_ROLES,
        { method: 'GET', url: '/api/referrals/disclosures' },
        200,
      );
      if (register.statusCode === 200) expect(register.json()).toEqual({ items: [], total: 0 });
    }
    expect(await counts()).toEqual(before);
    const kept = await t.platform.db
      .selectFrom('referral_consents')
      .select(['revoked_at', 'reviewed_at'])
      .where('id', '=', consentId)
      .executeTakeFirstOrThrow();
    expect(kept).toEqual({ revoked_at: null, reviewed_at: null });
    expect(seen.length).toBeGreaterThan(150);
    for (const secret of [NAME, FAMILY, PHONE, SITUATION, 'Danger immédiat'])
      expect(
        seen.filter((body) => body.includes(secret)),
        secret,
      ).toEqual([]);
  });
});

describe('bad input stores nothing', () => {
  type Case = [string, () => Promise<InjectOptions>, Agent | (() => Agent), string, string];

  it('refuses each wrong referral or consent with the field and rule, and stores no row', async () => {
    const adult = await newSubject(w.pivot);
    const young = await newSubject(w.pivot, { birthDate: '2014-01-10' });
    const otherPerson = await newSubject(w.pivot);
    const parent = await newSubject(w.pivot, { kind: 'parent', birthDate: null });
    const farKeeper = await t.createOrganisation({
      type: 'health_social_services',
      region: 'Région lointaine',
    });
    const far = await receivingService(farKeeper);
    await t.platform.db
      .updateTable('resource_services')
      .set({ region: 'Région lointaine' })
      .where('id', '=', far.serviceId)
      .execute();
    const silent = await receivingService(w.serviceOrg, { accepts: false });
    const keeperless = await createService(t, { organisationId: w.resourceOrg, keeper: null });
    const inactive = await receivingService(w.serviceOrg);
    await t.platform.db
      .updateTable('resource_services')
      .set({ status: 'inactive' })
      .where('id', '=', inactive.serviceId)
      .execute();
    const consentFor = async (subjectId: string, forOrganisationId: string) => {
      const response = await w.pivot.inject({
        method: 'POST',
        url: `/api/referrals/subjects/${subjectId}/consents`,
        payload: { forOrganisationId, givenBy: 'youth' },
      });
      expect(response.statusCode, response.body).toBe(201);
      return response.json().id as string;
    };
    const othersConsent = await consentFor(otherPerson, w.serviceOrg);
    const elsewhereConsent = await consentFor(adult, await t.createOrganisation());
    const revokedConsent = await consentFor(adult, w.serviceOrg);
    expect(
      (
        await w.pivot.inject({
          method: 'POST',
          url: `/api/referrals/consents/${revokedConsent}/revoke`,
          payload: {},
        })
      ).statusCode,
    ).toBe(200);
    const expiredConsent = await consentFor(adult, w.serviceOrg);
    await t.platform.db
      .updateTable('referral_consents')
      .set({ given_on: '2026-03-01', expires_on: '2026-06-01' })
      .where('id', '=', expiredConsent)
      .execute();

    const referral = (body: Record<string, unknown>) => async () => ({
      method: 'POST' as const,
      url: '/api/referrals',
      payload: { subjectId: adult, serviceId: w.serviceId, disclosedFields: ['age'], ...body },
    });
    const inline = (consent: Record<string, unknown>, subjectId = adult) =>
      referral({ subjectId, consent: { givenBy: 'youth', ...consent } });
    const direct = (body: Record<string, unknown>) => async () => ({
      method: 'POST' as const,
      url: `/api/referrals/subjects/${adult}/consents`,
      payload: { forOrganisationId: w.serviceOrg, givenBy: 'youth', ...body },
    });
    const cases: Case[] = [
      ['no consent', referral({}), w.pivot, 'consent', 'referrals_consent_required'],
      [
        'a consent and a consentId',
        referral({ consentId: othersConsent, consent: { givenBy: 'youth' } }),
        w.pivot,
        'consent',
        'referrals_consent_twice',
      ],
      [
        'a young person under 14 alone',
        inline({}, young),
        w.pivot,
        'consent.givenBy',
        'referrals_consent_age',
      ],
      [
        'a parent subject consenting as a youth',
        inline({}, parent),
        w.pivot,
        'consent.givenBy',
        'referrals_consent_giver',
      ],
      [
        'an override by a pivot',
        inline({ givenBy: 'override', justification: 'Danger immédiat, parent injoignable.' }),
        w.pivot,
        'consent.givenBy',
        'referrals_override_role',
      ],
      [
        'an override justified in too few words',
        inline({ givenBy: 'override', justification: '  court  ' }),
        () => w.coordinator,
        'consent.justification',
        'referrals_justification',
      ],
      [
        'a justification without override',
        inline({ justification: 'Parce que la jeune le demande.' }),
        w.pivot,
        'consent.justification',
        'referrals_justification_without_override',
      ],
      [
        'a consent for more than a year',
        inline({ expiresOn: '2027-06-16' }),
        w.pivot,
        'consent.expiresOn',
        'referrals_consent_too_long',
      ],
      [
        'a consent given tomorrow',
        inline({ givenOn: '2026-06-16' }),
        w.pivot,
        'consent.givenOn',
        'referrals_consent_future',
      ],
      [
        'a service of another region without a reason',
        referral({ serviceId: far.serviceId, consent: { givenBy: 'youth' } }),
        w.pivot,
        'outOfRegionReason',
        'referrals_region_reason',
      ],
      [
        'a service of another region with a reason of spaces',
        referral({ serviceId: far.serviceId, consent: { givenBy: 'youth' }, outOfRegionReason: '   ' }),
        w.pivot,
        'outOfRegionReason',
        'referrals_region_reason',
      ],
      [
        'a service that does not take referrals',
        referral({ serviceId: silent.serviceId, consent: { givenBy: 'youth' } }),
        w.pivot,
        'serviceId',
        'referrals_service_not_receiving',
      ],
      [
        'a service nobody keeps',
        referral({ serviceId: keeperless, consent: { givenBy: 'youth' } }),
        w.pivot,
        'serviceId',
        'referrals_service_not_receiving',
      ],
      [
        'an inactive service',
        referral({ serviceId: inactive.serviceId, consent: { givenBy: 'youth' } }),
        w.pivot,
        'serviceId',
        'referrals_service_not_active',
      ],
      [
        'a service that does not exist',
        referral({ serviceId: crypto.randomUUID(), consent: { givenBy: 'youth' } }),
        w.pivot,
        'serviceId',
        'referrals_unknown_service',
      ],
      [
        "another person's consent",
        referral({ consentId: othersConsent }),
        w.pivot,
        'consentId',
        'referrals_unknown_consent',
      ],
      [
        'a consent that does not exist',
        referral({ consentId: crypto.randomUUID() }),
        w.pivot,
        'consentId',
        'referrals_unknown_consent',
      ],
      [
        'a consent for another organisation',
        referral({ consentId: elsewhereConsent }),
        w.pivot,
        'consentId',
        'referrals_consent_other_organisation',
      ],
      [
        'a revoked consent',
        referral({ consentId: revokedConsent }),
        w.pivot,
        'consentId',
        'referrals_consent_not_active',
      ],
      [
        'an expired consent',
        referral({ consentId: expiredConsent }),
        w.pivot,
        'consentId',
        'referrals_consent_not_active',
      ],
      [
        "'situation' disclosed without its text",
        referral({ consent: { givenBy: 'youth' }, disclosedFields: ['name', 'situation'], situation: '   ' }),
        w.pivot,
        'situation',
        'required',
      ],
      [
        "'needs' disclosed without its text",
        referral({ consent: { givenBy: 'youth' }, disclosedFields: ['needs'] }),
        w.pivot,
        'needs',
        'required',
      ],
      [
        'a direct consent under 14',
        async () => ({ ...(await direct({})()), url: `/api/referrals/subjects/${young}/consents` }),
        w.pivot,
        'givenBy',
        'referrals_consent_age',
      ],
      [
        'a direct override by a pivot',
        direct({ givenBy: 'override', justification: 'Danger immédiat, parent injoignable.' }),
        w.pivot,
        'givenBy',
        'referrals_override_role',
      ],
      [
        'a direct override justified too briefly',
        direct({ givenBy: 'override', justification: 'Danger' }),
        () => w.coordinator,
        'justification',
        'referrals_justification',
      ],
      [
        'a direct justification without override',
        direct({ givenBy: 'parent', justification: 'Le parent a signé.' }),
        w.pivot,
        'justification',
        'referrals_justification_without_override',
      ],
      [
        'a direct consent past a year',
        direct({ givenOn: '2026-01-10', expiresOn: '2027-01-11' }),
        w.pivot,
        'expiresOn',
        'referrals_consent_too_long',
      ],
      [
        'a direct consent already expired',
        direct({ givenOn: '2026-01-10', expiresOn: '2026-06-14' }),
        w.pivot,
        'expiresOn',
        'referrals_consent_expired',
      ],
      [
        'a direct consent given in the future',
        direct({ givenOn: '2026-07-01' }),
        w.pivot,
        'givenOn',
        'referrals_consent_future',
      ],
      [
        'a consent for an organisation not in the directory',
        direct({ forOrganisationId: crypto.randomUUID() }),
        w.pivot,
        'forOrganisationId',
        'referrals_unknown_organisation',
      ],
      [
        'a logged referral naming no service',
        async () => ({ method: 'POST', url: '/api/referrals/logged', payload: { subjectId: adult } }),
        w.pivot,
        'serviceName',
        'required',
      ],
      [
        'a logged referral sent tomorrow',
        async () => ({
          method: 'POST',
          url: '/api/referrals/logged',
          payload: { subjectId: adult, serviceName: 'Clinique X', sentOn: '2026-06-16' },
        }),
        w.pivot,
        'sentOn',
        'referrals_date_future',
      ],
    ];
    for (const [label, build, by, field, rule] of cases) {
      const agent = typeof by === 'function' ? by() : by;
      const before = await counts();
      const response = await agent.inject(await build());
      expect(response.statusCode, `${label}: ${response.body}`).toBe(400);
      expect(response.json().error.details, label).toEqual([expect.objectContaining({ field, rule })]);
      expect(response.json().error.details[0].message, label).toEqual(expect.any(String));
      expect(await counts(), label).toEqual(before);
    }
  });

  it('refuses a move without what it needs, and changes nothing', async () => {
    const subjectId = await newSubject(w.pivot);
    const referral = await send(w.pivot, subjectId);
    const accepted = await move(w.worker, referral.id, { to: 'accepted' });
    expect(accepted.statusCode, accepted.body).toBe(200);
    const version = accepted.json().version as number;
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ to: 'declined' }, 'declineReason', 'required'],
      [{ to: 'completed' }, 'outcome', 'required'],
      [{ to: 'in_progress', declineReason: 'no_capacity' }, 'declineReason', 'referrals_reason_not_declined'],
      [
        { to: 'completed', outcome: 'got_help', firstContactOn: '2026-06-16' },
        'firstContactOn',
        'referrals_date_future',
      ],
      [
        { to: 'completed', outcome: 'got_help', firstContactOn: '2026-06-14' },
        'firstContactOn',
        'referrals_date_before_sent',
      ],
    ];
    for (const [body, field, rule] of cases) {
      const before = await counts();
      const response = await w.worker.inject({
        method: 'POST',
        url: `/api/referrals/${referral.id}/status`,
        payload: { version, ...body },
      });
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json().error.details).toEqual([expect.objectContaining({ field, rule })]);
      expect(await counts()).toEqual(before);
    }
    const row = await t.platform.db
      .selectFrom('referrals')
      .select(['status', 'version', 'outcome', 'decline_reason', 'first_contact_on'])
      .where('id', '=', referral.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      status: 'accepted',
      version,
      outcome: null,
      decline_reason: null,
      first_contact_on: null,
    });
  });
});

describe('the workflow', () => {
  it('lets exactly one of two colleagues racing to accept a referral win', async () => {
    const subjectId = await newSubject(w.pivot);
    const referral = await send(w.pivot, subjectId);
    // On PostgreSQL the two run on two connections at once; PGlite's single connection serialises them.
    const agents = [w.worker, w.receiverCoordinator];
    const result = await race(t, 2, (i) =>
      agents[i]!.inject({
        method: 'POST',
        url: `/api/referrals/${referral.id}/status`,
        payload: { to: 'accepted', version: referral.version },
      }),
    );
    expect(result.statuses).toEqual({ 200: 1, 409: 1 });
    const events = await t.platform.db
      .selectFrom('referral_events')
      .select('kind')
      .where('referral_id', '=', referral.id)
      .where('kind', '=', 'status')
      .execute();
    expect(events).toHaveLength(1);
    const row = await t.platform.db
      .selectFrom('referrals')
      .select(['status', 'version'])
      .where('id', '=', referral.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'accepted', version: referral.version + 1 });
  });

  it('answers 409 to a move the status or the side does not allow', async () => {
    const subjectId = await newSubject(w.pivot);
    const referral = await send(w.pivot, subjectId);
    // The sender may only cancel a referral sent through Filet.
    for (const to of ['accepted', 'received', 'completed']) {
      const response = await move(w.pivot, referral.id, { to, outcome: 'got_help' });
      expect(response.statusCode, `${to} ${response.body}`).toBe(409);
    }
    // The service may not cancel.
    expect((await move(w.worker, referral.id, { to: 'cancelled' })).statusCode).toBe(409);
    // From sent straight to in progress is not a move either.
    expect((await move(w.worker, referral.id, { to: 'in_progress' })).statusCode).toBe(409);
    expect((await move(w.worker, referral.id, { to: 'accepted' })).statusCode).toBe(200);
    const done = await move(w.worker, referral.id, { to: 'completed', outcome: 'got_help' });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().allowedStatuses).toEqual([]);
    const before = await counts();
    for (const to of ['accepted', 'in_progress', 'declined', 'completed'])
      expect(
        (await move(w.worker, referral.id, { to, outcome: 'got_help', declineReason: 'other' })).statusCode,
      ).toBe(409);
    expect((await move(w.pivot, referral.id, { to: 'cancelled' })).statusCode).toBe(409);
    expect(await counts()).toEqual(before);
  });

  it('records logged referrals that no receiving side ever sees', async () => {
    const subjectId = await newSubject(w.pivot);
    const inDirectory = await w.pivot.inject({
      method: 'POST',
      url: '/api/referrals/logged',
      payload: { subjectId, serviceId: w.serviceId, sentOn: '2026-06-10', note: 'Appel à la clinique.' },
    });
    expect(inDirectory.statusCode, inDirectory.body).toBe(201);
    expect(inDirectory.json()).toMatchObject({
      logged: true,
      serviceId: w.serviceId,
      serviceName: 'Clinique fictive des Ormes',
      taxonomy: ['therapy'],
      receivingOrganisationName: null,
      status: 'sent',
      dueAt: null,
      disclosed: null,
      legalBasis: null,
      side: 'sender',
      sentAt: '2026-06-10T12:00:00.000Z',
    });
    expect(inDirectory.json().allowedStatuses).toEqual([
      'received',
      'accepted',
      'declined',
      'waitlisted',
      'cancelled',
    ]);
    const named = await w.pivot.inject({
      method: 'POST',
      url: '/api/referrals/logged',
      payload: { subjectId, serviceName: '  Maison des jeunes fictive  ', status: 'declined' },
    });
    expect(named.statusCode, named.body).toBe(201);
    expect(named.json()).toMatchObject({
      serviceId: null,
      serviceName: 'Maison des jeunes fictive',
      status: 'declined',
      declineReason: 'other',
      allowedStatuses: [],
    });
    expect(named.json().closedAt).not.toBeNull();
    const stored = await t.platform.db
      .selectFrom('referrals')
      .select(['decline_reason', 'receiving_organisation_id', 'consent_id', 'sealed_disclosed'])
      .where('id', '=', named.json().id)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({
      decline_reason: 'other',
      receiving_organisation_id: null,
      consent_id: null,
      sealed_disclosed: null,
    });
    expect(
      await t.platform.db
        .selectFrom('referral_disclosures')
        .select('id')
        .where('referral_id', 'in', [inDirectory.json().id, named.json().id])
        .execute(),
    ).toEqual([]);
    // The service's staff (of the directory entry) see neither.
    for (const agent of [w.worker, w.receiverCoordinator]) {
      const list = await agent.inject({ method: 'GET', url: '/api/referrals?side=received' });
      const ids = list.json().items.map((r: { id: string }) => r.id);
      expect(ids).not.toContain(inDirectory.json().id);
      expect(ids).not.toContain(named.json().id);
      for (const id of [inDirectory.json().id, named.json().id]) {
        const response = await outsider(agent, { method: 'GET', url: `/api/referrals/${id}?purpose=essai` });
        expect(response.statusCode).toBe(404);
        const moved = await outsider(agent, {
          method: 'POST',
          url: `/api/referrals/${id}/status`,
          payload: { to: 'accepted', version: 1 },
        });
        expect(moved.statusCode).toBe(404);
      }
      const trajectory = await outsider(agent, {
        method: 'GET',
        url: `/api/referrals/subjects/${subjectId}/trajectory?purpose=essai`,
      });
      expect(trajectory.statusCode).toBe(404);
    }
    // The sender makes every move of a logged referral.
    const accepted = await move(w.pivot, inDirectory.json().id, { to: 'accepted' });
    expect(accepted.statusCode, accepted.body).toBe(200);
    const completed = await move(w.pivot, inDirectory.json().id, {
      to: 'completed',
      outcome: 'got_help',
      firstContactOn: '2026-06-12',
    });
    expect(completed.statusCode, completed.body).toBe(200);
    expect(completed.json()).toMatchObject({
      status: 'completed',
      outcome: 'got_help',
      firstContactOn: '2026-06-12',
    });
    expect(
      await t.platform.db
        .selectFrom('notifications')
        .select('id')
        .where('person_id', 'in', [w.worker.person.id, w.receiverCoordinator.person.id])
        .where('link', 'in', [`/references/${inDirectory.json().id}`, `/references/${named.json().id}`])
        .execute(),
    ).toEqual([]);
  });

  it('hands open referrals (not closed ones, not another organisation’s) over to the successor, who then follows them', async () => {
    const leaving = await t.as('pivot', { organisationId: w.senderOrg });
    const successor = await t.as('pivot', { organisationId: w.senderOrg });
    const subjectId = await newSubject(leaving);
    const open = await send(leaving, subjectId);
    const second = await send(leaving, subjectId);
    expect((await move(leaving, second.id, { to: 'cancelled' })).statusCode).toBe(200);
    const logged = await leaving.inject({
      method: 'POST',
      url: '/api/referrals/logged',
      payload: { subjectId, serviceName: 'Clinique X', status: 'waitlisted' },
    });
    expect(logged.statusCode).toBe(201);
    // One sent when the person belonged to another organisation: it is that organisation's, and stays.
    const elsewhere = await send(leaving, subjectId);
    const formerOrg = await t.createOrganisation();
    await t.platform.db
      .updateTable('referrals')
      .set({ sender_organisation_id: formerOrg })
      .where('id', '=', elsewhere.id)
      .execute();
    expect(await t.platform.handover.openWork(t.platform.db, leaving.person.id, w.senderOrg)).toContainEqual({
      key: 'referrals',
      count: 2,
    });
    const moved = await t.platform.db.transaction().execute((trx) =>
      t.platform.handover.transferAll(trx, {
        fromPersonId: leaving.person.id,
        toPersonId: successor.person.id,
        organisationId: w.senderOrg,
        actorId: w.coordinator.person.id,
      }),
    );
    expect(moved.referrals).toBe(2);
    const rows = await t.platform.db
      .selectFrom('referrals')
      .select(['id', 'sender_person_id'])
      .where('id', 'in', [open.id, second.id, logged.json().id, elsewhere.id])
      .execute();
    const holder = Object.fromEntries(rows.map((r) => [r.id, r.sender_person_id]));
    expect(holder).toEqual({
      [open.id]: successor.person.id,
      [logged.json().id]: successor.person.id,
      [second.id]: leaving.person.id,
      [elsewhere.id]: leaving.person.id,
    });
    expect(
      await t.platform.handover.openWork(t.platform.db, successor.person.id, w.senderOrg),
    ).toContainEqual({
      key: 'referrals',
      count: 2,
    });
    expect(await t.platform.handover.openWork(t.platform.db, leaving.person.id, w.senderOrg)).toContainEqual({
      key: 'referrals',
      count: 0,
    });
    const detail = await successor.inject({
      method: 'GET',
      url: `/api/referrals/${open.id}`,
      query: { purpose: PURPOSE },
    });
    expect(detail.statusCode).toBe(200);
    expect(detail.json().events.map((e: { kind: string }) => e.kind)).toEqual(['sent', 'handover']);
    const mine = await successor.inject({
      method: 'GET',
      url: `/api/referrals?side=sent&subjectId=${subjectId}&open=true`,
    });
    expect(
      mine
        .json()
        .items.map((r: { id: string }) => r.id)
        .sort(),
    ).toEqual([open.id, logged.json().id].sort());
    // The service's answer now reaches the successor, not the person who left.
    expect((await move(w.worker, open.id, { to: 'accepted' })).statusCode).toBe(200);
    const told = async (personId: string) =>
      t.platform.db
        .selectFrom('notifications')
        .select('kind')
        .where('person_id', '=', personId)
        .where('link', '=', `/references/${open.id}`)
        .execute();
    expect((await told(successor.person.id)).map((n) => n.kind)).toEqual(['referrals.status']);
    expect(await told(leaving.person.id)).toEqual([]);
  });

  it('escalates each overdue referral once', async () => {
    const subjectId = await newSubject(w.pivot);
    const first = await send(w.pivot, subjectId);
    const second = await send(w.pivot, subjectId);
    const answered = await send(w.pivot, subjectId);
    expect((await move(w.worker, answered.id, { to: 'received' })).statusCode).toBe(200);
    now = new Date('2026-06-18T13:00:00Z');
    try {
      const firstRun = await escalateOverdue(t.platform);
      expect(firstRun).toBeGreaterThanOrEqual(2);
      const third = await send(await t.signIn(w.pivot.person), subjectId);
      now = new Date('2026-06-25T13:00:00Z');
      expect(await escalateOverdue(t.platform)).toBe(1);
      expect(await escalateOverdue(t.platform)).toBe(0);
      const escalations = await t.platform.db
        .selectFrom('referral_events')
        .select(['referral_id'])
        .where('kind', '=', 'escalated')
        .where('referral_id', 'in', [first.id, second.id, third.id, answered.id])
        .execute();
      expect(escalations.map((e) => e.referral_id).sort()).toEqual([first.id, second.id, third.id].sort());
      const overdue = await (await t.signIn(w.pivot.person)).inject({
        method: 'GET',
        url: `/api/referrals?side=sent&overdue=true&subjectId=${subjectId}`,
      });
      expect(
        overdue
          .json()
          .items.map((r: { id: string }) => r.id)
          .sort(),
      ).toEqual([first.id, second.id, third.id].sort());
    } finally {
      now = START;
    }
  });

  it('hides the notes from the service once the referral is over', async () => {
    const subjectId = await newSubject(w.pivot);
    const referral = await send(w.pivot, subjectId);
    const note = 'Elle ne répond qu’au numéro de son éducatrice.';
    const added = await w.pivot.inject({
      method: 'POST',
      url: `/api/referrals/${referral.id}/notes`,
      payload: { note },
    });
    expect(added.statusCode, added.body).toBe(200);
    const open = await w.worker.inject({
      method: 'GET',
      url: `/api/referrals/${referral.id}`,
      query: { purpose: PURPOSE },
    });
    expect(open.json().events.map((e: { note: string | null }) => e.note)).toContain(note);
    expect(open.json().disclosed.situation).toBe(SITUATION);
    const declined = await move(w.worker, referral.id, {
      to: 'declined',
      declineReason: 'no_capacity',
      note: 'Plus de place cette semaine.',
    });
    expect(declined.statusCode, declined.body).toBe(200);
    const closed = await outsider(w.worker, {
      method: 'GET',
      url: `/api/referrals/${referral.id}?purpose=essai`,
    });
    expect(closed.statusCode).toBe(200);
    expect(closed.json()).toMatchObject({
      status: 'declined',
      disclosed: null,
      subjectLabel: '',
      subjectId: null,
    });
    expect(closed.json().events.every((e: { note: string | null }) => e.note === null)).toBe(true);
    expect(closed.body).not.toContain(note);
    const list = await outsider(w.worker, {
      method: 'GET',
      url: '/api/referrals?side=received&status=declined',
    });
    expect(list.json().items.find((r: { id: string }) => r.id === referral.id).subjectLabel).toBe('');
    const late = await w.worker.inject({
      method: 'POST',
      url: `/api/referrals/${referral.id}/notes`,
      payload: { note: 'Encore une chose.' },
    });
    expect(late.statusCode).toBe(409);
    const sender = await w.pivot.inject({
      method: 'GET',
      url: `/api/referrals/${referral.id}`,
      query: { purpose: PURPOSE },
    });
    expect(sender.json().events.map((e: { note: string | null }) => e.note)).toEqual(
      expect.arrayContaining([note, 'Plus de place cette semaine.']),
    );
    for (const secret of [NAME, FAMILY, PHONE, SITUATION, note])
      expect(
        seen.filter((body) => body.includes(secret)),
        secret,
      ).toEqual([]);
  });

  it('writes an audit entry with the purpose for each read of a referral, a person, a trajectory', async () => {
    const subjectId = await newSubject(w.pivot);
    const referral = await send(w.pivot, subjectId);
    const reads: Array<[string, string, string, Agent]> = [
      [`/api/referrals/${referral.id}`, 'resources.referral.read', referral.id, w.worker],
      [`/api/referrals/subjects/${subjectId}`, 'resources.subject.read', subjectId, w.pivot],
      [`/api/referrals/subjects/${subjectId}/trajectory`, 'resources.trajectory.read', subjectId, w.pivot],
    ];
    for (const [url, action, targetId, agent] of reads) {
      const purpose = `vérifier ${action}`;
      const response = await agent.inject({ method: 'GET', url, query: { purpose: `  ${purpose} ` } });
      expect(response.statusCode, response.body).toBe(200);
      const entries = await auditEntries(t.platform.db, { action, targetId });
      expect(entries).toHaveLength(1);
      expect(entries[0]!.actorId).toBe(agent.person.id);
      expect(entries[0]!.entry.purpose).toBe(purpose);
      expect(entries[0]!.raw).not.toContain(NAME);
      expect(entries[0]!.raw).not.toContain(PHONE);
      // Without a purpose: refused, and no entry.
      const bare = await agent.inject({ method: 'GET', url, query: { purpose: '   ' } });
      expect(bare.statusCode).toBe(400);
      expect(await auditEntries(t.platform.db, { action, targetId })).toHaveLength(1);
    }
  });
});

describe('days and consents that run out', () => {
  it('stops naming the person to the service once the consent has expired, the referral still open', async () => {
    // A service of its own, so that every answer its staff get concerns this referral only.
    const keeper = await t.createOrganisation({ type: 'health_social_services' });
    const { serviceId } = await receivingService(keeper);
    const staff = await t.as('worker', { organisationId: keeper });
    const subjectId = await newSubject(w.pivot);
    const referral = await send(w.pivot, subjectId, serviceId, {
      consent: { givenBy: 'youth', expiresOn: '2026-06-15' },
    });
    const before = await staff.inject({ method: 'GET', url: '/api/referrals?side=received&open=true' });
    expect(before.json().items.find((r: { id: string }) => r.id === referral.id).subjectLabel).toBe(
      `${NAME} ${FAMILY}`,
    );
    now = new Date('2026-06-16T14:00:00Z');
    try {
      const worker = await t.signIn(staff.person);
      const list = await outsider(worker, { method: 'GET', url: '/api/referrals?side=received&open=true' });
      const item = list.json().items.find((r: { id: string }) => r.id === referral.id);
      expect(item).toMatchObject({ status: 'sent', subjectLabel: '' });
      const detail = await outsider(worker, {
        method: 'GET',
        url: `/api/referrals/${referral.id}?purpose=essai`,
      });
      expect(detail.json()).toMatchObject({ disclosed: null, subjectLabel: '' });
      for (const secret of [NAME, FAMILY, PHONE, SITUATION])
        expect(
          seen.filter((body) => body.includes(secret)),
          secret,
        ).toEqual([]);
    } finally {
      now = START;
    }
  });

  it('takes a first contact on the evening a referral was sent (days are the region’s, not UTC’s)', async () => {
    // Monday 15 June 2026, 21:30 in Montréal: already Tuesday in UTC.
    now = new Date('2026-06-16T01:30:00Z');
    try {
      const pivot = await t.signIn(w.pivot.person);
      const worker = await t.signIn(w.worker.person);
      const referral = await send(pivot, await newSubject(pivot));
      expect((await move(worker, referral.id, { to: 'accepted' })).statusCode).toBe(200);
      const done = await move(worker, referral.id, {
        to: 'completed',
        outcome: 'got_help',
        firstContactOn: '2026-06-15',
      });
      expect(done.statusCode, done.body).toBe(200);
      expect(done.json().firstContactOn).toBe('2026-06-15');
      const before = await move(worker, (await send(pivot, await newSubject(pivot))).id, {
        to: 'accepted',
        firstContactOn: '2026-06-14',
      });
      expect(before.statusCode).toBe(400);
      expect(before.json().error.details[0]).toMatchObject({
        field: 'firstContactOn',
        rule: 'referrals_date_before_sent',
      });
    } finally {
      now = START;
    }
  });
});

describe('what the service is told', () => {
  it("keeps the person's own numbers with the sender when they must not be contacted directly", async () => {
    const subjectId = await newSubject(w.pivot, { doNotContact: true, email: 'zephyrine@exemple.test' });
    const referral = await send(w.pivot, subjectId, w.serviceId, { disclosedFields: ['contact', 'age'] });
    const opened = await w.worker.inject({
      method: 'GET',
      url: `/api/referrals/${referral.id}`,
      query: { purpose: PURPOSE },
    });
    expect(opened.statusCode).toBe(200);
    expect(opened.json().disclosed).toEqual({
      age: 16,
      contact: { doNotContact: true, safeChannels: ['through_sender'], phone: null, email: null, note: null },
    });
    for (const secret of [PHONE, 'zephyrine@exemple.test', NAME, SITUATION])
      expect(opened.body).not.toContain(secret);
  });

  it('keeps the reason for a service of another region, and none for a service of the same region', async () => {
    const farKeeper = await t.createOrganisation({
      type: 'health_social_services',
      region: 'Région lointaine',
    });
    const far = await receivingService(farKeeper);
    await t.platform.db
      .updateTable('resource_services')
      .set({ region: 'Région lointaine' })
      .where('id', '=', far.serviceId)
      .execute();
    const subjectId = await newSubject(w.pivot);
    const away = await send(w.pivot, subjectId, far.serviceId, {
      outOfRegionReason: '  Seul service spécialisé disponible.  ',
    });
    expect(away).toMatchObject({ outOfRegionReason: 'Seul service spécialisé disponible.' });
    const near = await send(w.pivot, subjectId, w.serviceId, { outOfRegionReason: 'Sans objet.' });
    expect(near).toMatchObject({ outOfRegionReason: null });
  });

  it("refuses a change to a person's record made on a stale version, and keeps the first change", async () => {
    const subjectId = await newSubject(w.pivot);
    const first = await w.pivot.inject({
      method: 'PATCH',
      url: `/api/referrals/subjects/${subjectId}`,
      payload: { preferredName: 'Zéph', version: 1 },
    });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ preferredName: 'Zéph', version: 2, phone: PHONE });
    const stale = await w.coordinator.inject({
      method: 'PATCH',
      url: `/api/referrals/subjects/${subjectId}`,
      payload: { preferredName: 'Autre', version: 1 },
    });
    expect(stale.statusCode).toBe(409);
    const read = await w.pivot.inject({
      method: 'GET',
      url: `/api/referrals/subjects/${subjectId}`,
      query: { purpose: PURPOSE },
    });
    expect(read.json()).toMatchObject({ preferredName: 'Zéph', version: 2 });
  });
});

describe('figures', () => {
  it('suppresses counts under 5, measures answers on time and the median first contact, in the annual report too', async () => {
    // Monday 10 March 2025, 10:00 in Montréal: a month with no other referral.
    now = new Date('2025-03-10T14:00:00Z');
    try {
      const pivot = await t.signIn(w.pivot.person);
      const worker = await t.signIn(w.worker.person);
      const six = await receivingService(w.serviceOrg, { taxonomy: ['addiction'] });
      const two = await receivingService(w.serviceOrg, { taxonomy: ['trafficking'] });
      const subjectId = await newSubject(pivot);
      const referrals: string[] = [];
      for (let i = 0; i < 8; i++)
        referrals.push((await send(pivot, subjectId, i < 6 ? six.serviceId : two.serviceId)).id);
      for (const id of referrals.slice(0, 5))
        expect((await move(worker, id, { to: 'accepted' })).statusCode).toBe(200);
      // Ten days later: the sixth is accepted late, two are still unanswered past due.
      now = new Date('2025-03-20T14:00:00Z');
      const late = await t.signIn(w.worker.person);
      expect((await move(late, referrals[5]!, { to: 'accepted' })).statusCode).toBe(200);
      const firstContacts = ['2025-03-10', '2025-03-11', '2025-03-12', '2025-03-13', '2025-03-19'];
      for (const [i, day] of firstContacts.entries()) {
        const done = await move(late, referrals[i]!, {
          to: 'completed',
          outcome: 'got_help',
          firstContactOn: day,
        });
        expect(done.statusCode, done.body).toBe(200);
      }
      // March and April are read once they have ended.
      now = new Date('2025-05-04T14:00:00Z');
      const coordinator = await t.as('table_coordinator');
      const response = await coordinator.inject({
        method: 'GET',
        url: '/api/referrals/figures?from=2025-03-01&to=2025-03-31',
      });
      expect(response.statusCode, response.body).toBe(200);
      const figures = response.json();
      // Counts are rounded to the nearest 5 (8 → 10, 6 → 5), those under 5 suppressed.
      expect(figures).toMatchObject({ from: '2025-03-01', to: '2025-03-31', smallCell: 5, total: 10 });
      // Within a month too, the single hidden kind of service hides the other (complementary suppression).
      expect(figures.byMonth).toEqual([
        { month: '2025-03', taxonomy: 'addiction', referrals: null },
        { month: '2025-03', taxonomy: 'trafficking', referrals: null },
      ]);
      // Over the span, the single hidden kind of service hides the other too (complementary suppression).
      expect(figures.byTaxonomy).toEqual([
        { taxonomy: 'addiction', referrals: null },
        { taxonomy: 'trafficking', referrals: null },
      ]);
      // 5 of 8 answered on time: a share over fewer than 10 is not given (it would tell its counts).
      expect(figures.answeredOnTime).toBeNull();
      expect(figures.medianDaysToFirstContact).toBe(2);
      expect(figures.outcomes).toContainEqual({ outcome: 'got_help', referrals: 5 });
      expect(figures.outcomes.filter((o: { referrals: number | null }) => o.referrals !== null)).toHaveLength(
        1,
      );
      expect(response.body).not.toContain(NAME);
      // A span that is not whole months is refused: two spans a day apart would give a hidden count.
      const partial = await coordinator.inject({
        method: 'GET',
        url: '/api/referrals/figures?from=2025-03-01&to=2025-03-09',
      });
      expect(partial.statusCode).toBe(400);
      expect(partial.json().error.details[0]).toMatchObject({ field: 'to', rule: 'figures_span_months' });
      // A month with fewer than five: nothing but suppressed cells.
      const small = await coordinator.inject({
        method: 'GET',
        url: '/api/referrals/figures?from=2025-04-01&to=2025-04-30',
      });
      expect(small.json()).toMatchObject({
        total: null,
        byMonth: [],
        answeredOnTime: null,
        medianDaysToFirstContact: null,
      });
      const backwards = await coordinator.inject({
        method: 'GET',
        url: '/api/referrals/figures?from=2025-04-01&to=2025-03-31',
      });
      expect(backwards.statusCode).toBe(400);
      expect(backwards.json().error.details[0]).toMatchObject({ field: 'from', rule: 'figures_span' });

      const report = await coordinator.inject({ method: 'GET', url: '/api/reports/annual/2025' });
      expect(report.statusCode, report.body.slice(0, 300)).toBe(200);
      const section = (report.json().sections as ReportSection[]).find((s) => s.key === 'referrals');
      expect(section).toBeDefined();
      expect(section!.figures.map((f) => f.value)).toEqual([10, 2]);
      const byTaxonomy = section!.tables[0]!;
      expect(byTaxonomy.rows).toHaveLength(2);
      // 6 and 2 of a total of 8: the 2 is hidden, and so is the 6 (8 − 6 would give it back).
      expect(byTaxonomy.rows.map((r) => r[1])).toEqual(['moins de 5', 'moins de 5']);
      const outcomes = section!.tables[1]!;
      expect(outcomes.rows.filter((r) => r[1] === 5)).toHaveLength(1);
      expect(outcomes.rows.filter((r) => r[1] === 'moins de 5').length).toBe(outcomes.rows.length - 1);
      expect(report.body).not.toContain(NAME);
    } finally {
      now = START;
    }
  });
});

import {
  createResourceOrganisation,
  createService,
} from '../../src/server/modules/resources/directory.fixtures.js';
import {
  FIGURES_ROLES,
  REFERRAL_ROLES,
  REGISTER_ROLES,
  SENDER_ROLES,
} from '../../src/server/modules/resources/referrals.policy.js';
import type { Agent } from '../support/app.js';
import type { Context, Matrix } from './platform.js';

/*
 * Every record a row needs is made by a colleague of the agent (a pivot of the agent's organisation)
 * through the routes themselves, so the agent, whatever its role, meets a person, a consent or a
 * referral its organisation really holds: an allowed role then passes the record-level policy too.
 */

/** A pivot of the agent's organisation, who follows people and refers them. */
function colleague({ t, agent }: Context, role: 'pivot' | 'org_coordinator' = 'pivot'): Promise<Agent> {
  return t.as(role, { organisationId: agent.person.organisationId });
}

async function newSubject(by: Agent): Promise<string> {
  const response = await by.inject({
    method: 'POST',
    url: '/api/referrals/subjects',
    payload: {
      kind: 'youth',
      givenName: 'Jeune',
      familyName: 'Fictive',
      birthDate: '2010-03-02',
      phone: '514 555-0101',
    },
  });
  if (response.statusCode !== 201) throw new Error(`subject: ${response.statusCode} ${response.body}`);
  return response.json().id as string;
}

/** A service of another organisation that takes referrals through Filet. */
async function receivingService({ t }: Context) {
  const keeper = await t.createOrganisation({ type: 'health_social_services' });
  const organisationId = await createResourceOrganisation(t, { keeper });
  const serviceId = await createService(t, { organisationId, keeper, name: 'Service fictif de la matrice' });
  await t.platform.db
    .updateTable('resource_services')
    .set({ accepts_referrals: true })
    .where('id', '=', serviceId)
    .execute();
  return { keeper, organisationId, serviceId };
}

/** A referral sent by a colleague of the agent; returns its id and version. */
async function sentReferral(ctx: Context): Promise<{ id: string; version: number }> {
  const pivot = await colleague(ctx);
  const subjectId = await newSubject(pivot);
  const { serviceId } = await receivingService(ctx);
  const response = await pivot.inject({
    method: 'POST',
    url: '/api/referrals',
    payload: { subjectId, serviceId, consent: { givenBy: 'youth' }, disclosedFields: ['name', 'age'] },
  });
  if (response.statusCode !== 201) throw new Error(`referral: ${response.statusCode} ${response.body}`);
  return { id: response.json().id, version: response.json().version };
}

/** A consent a colleague recorded for a person the agent's organisation follows. */
async function consent(ctx: Context, override = false): Promise<string> {
  const by = await colleague(ctx, override ? 'org_coordinator' : 'pivot');
  const subjectId = await newSubject(by);
  const forOrganisationId = await ctx.t.createOrganisation();
  const response = await by.inject({
    method: 'POST',
    url: `/api/referrals/subjects/${subjectId}/consents`,
    payload: override
      ? { forOrganisationId, givenBy: 'override', justification: 'Danger immédiat, parent injoignable.' }
      : { forOrganisationId, givenBy: 'youth' },
  });
  if (response.statusCode !== 201) throw new Error(`consent: ${response.statusCode} ${response.body}`);
  return response.json().id as string;
}

/** Closed-loop referrals (the resources module): people followed, consents, referrals, register, figures. */
export const referralsMatrix: Matrix = {
  'GET /api/referrals/subjects': {
    access: SENDER_ROLES,
    request: () => ({ method: 'GET', url: '/api/referrals/subjects?q=fictive' }),
  },
  'POST /api/referrals/subjects': {
    access: SENDER_ROLES,
    request: () => ({
      method: 'POST',
      url: '/api/referrals/subjects',
      payload: { kind: 'parent', givenName: 'Parent', familyName: 'Fictif' },
    }),
  },
  'GET /api/referrals/subjects/:id': {
    access: SENDER_ROLES,
    request: async (ctx) => ({
      method: 'GET',
      url: `/api/referrals/subjects/${await newSubject(await colleague(ctx))}?purpose=suivi`,
    }),
  },
  'PATCH /api/referrals/subjects/:id': {
    access: SENDER_ROLES,
    request: async (ctx) => ({
      method: 'PATCH',
      url: `/api/referrals/subjects/${await newSubject(await colleague(ctx))}`,
      payload: { preferredName: 'Jo', version: 1 },
    }),
  },
  'POST /api/referrals/subjects/:id/consents': {
    access: SENDER_ROLES,
    request: async (ctx) => ({
      method: 'POST',
      url: `/api/referrals/subjects/${await newSubject(await colleague(ctx))}/consents`,
      payload: { forOrganisationId: await ctx.t.createOrganisation(), givenBy: 'youth' },
    }),
  },
  'POST /api/referrals/consents/:id/revoke': {
    access: SENDER_ROLES,
    request: async (ctx) => ({
      method: 'POST',
      url: `/api/referrals/consents/${await consent(ctx)}/revoke`,
      payload: {},
    }),
  },
  'GET /api/referrals/subjects/:id/trajectory': {
    access: REFERRAL_ROLES,
    request: async (ctx) => ({
      method: 'GET',
      url: `/api/referrals/subjects/${await newSubject(await colleague(ctx))}/trajectory?purpose=suivi`,
    }),
  },
  'POST /api/referrals': {
    access: SENDER_ROLES,
    request: async (ctx) => {
      const subjectId = await newSubject(await colleague(ctx));
      const { serviceId } = await receivingService(ctx);
      return {
        method: 'POST',
        url: '/api/referrals',
        payload: { subjectId, serviceId, consent: { givenBy: 'youth' }, disclosedFields: ['age'] },
      };
    },
  },
  'POST /api/referrals/logged': {
    access: SENDER_ROLES,
    request: async (ctx) => ({
      method: 'POST',
      url: '/api/referrals/logged',
      payload: { subjectId: await newSubject(await colleague(ctx)), serviceName: 'Clinique fictive' },
    }),
  },
  'GET /api/referrals': {
    access: REFERRAL_ROLES,
    request: () => ({ method: 'GET', url: '/api/referrals?side=sent' }),
  },
  'GET /api/referrals/counts': {
    access: REFERRAL_ROLES,
    request: () => ({ method: 'GET', url: '/api/referrals/counts' }),
  },
  'GET /api/referrals/disclosures': {
    access: REGISTER_ROLES,
    request: () => ({ method: 'GET', url: '/api/referrals/disclosures?flagged=true' }),
  },
  'POST /api/referrals/consents/:id/review': {
    access: REGISTER_ROLES,
    request: async (ctx) => ({
      method: 'POST',
      url: `/api/referrals/consents/${await consent(ctx, true)}/review`,
      payload: {},
    }),
  },
  'GET /api/referrals/figures': {
    access: FIGURES_ROLES,
    request: () => ({ method: 'GET', url: '/api/referrals/figures' }),
  },
  'GET /api/referrals/:id': {
    access: REFERRAL_ROLES,
    request: async (ctx) => ({
      method: 'GET',
      url: `/api/referrals/${(await sentReferral(ctx)).id}?purpose=suivi`,
    }),
  },
  'POST /api/referrals/:id/status': {
    access: REFERRAL_ROLES,
    request: async (ctx) => {
      const { id, version } = await sentReferral(ctx);
      return { method: 'POST', url: `/api/referrals/${id}/status`, payload: { to: 'cancelled', version } };
    },
  },
  'POST /api/referrals/:id/outcome': {
    access: REFERRAL_ROLES,
    request: async (ctx) => {
      const { id, version } = await sentReferral(ctx);
      return {
        method: 'POST',
        url: `/api/referrals/${id}/outcome`,
        payload: { outcome: 'referred_elsewhere', version },
      };
    },
  },
  'POST /api/referrals/:id/notes': {
    access: REFERRAL_ROLES,
    request: async (ctx) => ({
      method: 'POST',
      url: `/api/referrals/${(await sentReferral(ctx)).id}/notes`,
      payload: { note: 'La jeune préfère être appelée le matin.' },
    }),
  },
};

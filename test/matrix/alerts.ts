import type { Role } from '../../src/shared/roles.js';
import type { Context, Matrix } from './platform.js';

const PROFILE_STAFF: readonly Role[] = ['org_coordinator', 'pivot', 'worker'];
const FIGURES: readonly Role[] = ['org_coordinator', 'privacy_officer', 'researcher', 'table_coordinator'];
const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg==';
const PURPOSE = `purpose=${encodeURIComponent('Vérification de la matrice')}`;

/** The matrix gives every agent a police organisation: profile staff need a youth-protection one. */
async function asYouthCentre({ t, agent }: Context): Promise<void> {
  await t.platform.db
    .updateTable('organisations')
    .set({ type: 'youth_protection' })
    .where('id', '=', agent.person.organisationId)
    .execute();
  await t.createOrganisation({
    type: 'police',
    name: `Police fictive ${Math.random().toString(36).slice(2)}`,
  });
}

/** An archived profile of the agent's youth centre (archiving is open to every profile keeper). */
async function archivedProfileOf(ctx: Context): Promise<string> {
  const id = await profileOf(ctx);
  await ctx.agent.inject({
    method: 'POST',
    url: `/api/alerts/profiles/${id}/archive`,
    payload: { reason: 'reached_majority' },
  });
  return id;
}

async function profileOf(ctx: Context): Promise<string> {
  await asYouthCentre(ctx);
  const response = await ctx.agent.inject({
    method: 'POST',
    url: '/api/alerts/profiles',
    payload: { givenName: 'Jeune fictif', unit: 'Unité de la matrice' },
  });
  return response.json().id;
}

function raisePayload(police: string) {
  return {
    kind: 'runaway',
    subject: { givenName: 'Jeune fictif' },
    lastSeenAt: new Date(Date.now() - 3_600_000).toISOString(),
    policeOrganisationId: police,
    legalBasis: 'youth_protection',
  };
}

/** An open alert delivered to the agent as a person of its police service. */
async function alertFor({ t, agent }: Context): Promise<string> {
  const centre = await t.createOrganisation({ type: 'youth_protection' });
  const worker = await t.as('worker', { organisationId: centre });
  const raised = await worker.inject({
    method: 'POST',
    url: '/api/alerts',
    payload: raisePayload(agent.person.organisationId),
  });
  const id = raised.json().id as string;
  await t.platform.db
    .insertInto('alert_recipient_people')
    .values({
      alert_id: id,
      person_id: agent.person.id,
      organisation_id: agent.person.organisationId,
      reason: 'police',
    })
    .onConflict((oc) => oc.columns(['alert_id', 'person_id']).doNothing())
    .execute();
  return id;
}

/** A closed alert the agent's youth centre raised, its return interview pending. */
async function closedOwnAlert(ctx: Context): Promise<string> {
  await asYouthCentre(ctx);
  const police = await ctx.t.createOrganisation({ type: 'police' });
  const raised = await ctx.agent.inject({
    method: 'POST',
    url: '/api/alerts',
    payload: raisePayload(police),
  });
  const id = raised.json().id as string;
  await ctx.agent.inject({
    method: 'POST',
    url: `/api/alerts/${id}/close`,
    payload: { outcome: 'returned', placeType: 'family', foundAt: new Date().toISOString() },
  });
  return id;
}

async function flaggedDisclosure({ t, agent }: Context): Promise<string> {
  const row = await t.platform.db
    .insertInto('alert_disclosures')
    .values({
      alert_id: null,
      disclosed_at: new Date(),
      disclosed_by: null,
      from_organisation_id: agent.person.organisationId,
      to_organisation_id: agent.person.organisationId,
      view: 'police',
      fields: ['givenName'],
      legal_basis: 'serious_risk',
      without_consent: true,
      justification: null,
      flagged: true,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Youth-centre profiles and rapid alerts. */
export const alertsMatrix: Matrix = {
  'GET /api/alerts/profiles': {
    access: PROFILE_STAFF,
    request: async (ctx) => {
      await asYouthCentre(ctx);
      return { method: 'GET', url: '/api/alerts/profiles' };
    },
  },
  'POST /api/alerts/profiles': {
    access: PROFILE_STAFF,
    request: async (ctx) => {
      await asYouthCentre(ctx);
      return {
        method: 'POST',
        url: '/api/alerts/profiles',
        payload: { givenName: 'Jeune fictif', unit: 'Unité A' },
      };
    },
  },
  'GET /api/alerts/profiles/:id': {
    access: PROFILE_STAFF,
    request: async (ctx) => ({
      method: 'GET',
      url: `/api/alerts/profiles/${await profileOf(ctx)}?${PURPOSE}`,
    }),
  },
  'PATCH /api/alerts/profiles/:id': {
    access: PROFILE_STAFF,
    request: async (ctx) => ({
      method: 'PATCH',
      url: `/api/alerts/profiles/${await profileOf(ctx)}`,
      payload: { unit: 'Unité B', reviewed: true },
    }),
  },
  'PUT /api/alerts/profiles/:id/photo': {
    access: PROFILE_STAFF,
    request: async (ctx) => ({
      method: 'PUT',
      url: `/api/alerts/profiles/${await profileOf(ctx)}/photo`,
      payload: { contentBase64: PNG },
    }),
  },
  'GET /api/alerts/profiles/:id/photo': {
    access: PROFILE_STAFF,
    request: async (ctx) => {
      const id = await profileOf(ctx);
      await ctx.agent.inject({
        method: 'PUT',
        url: `/api/alerts/profiles/${id}/photo`,
        payload: { contentBase64: PNG },
      });
      return { method: 'GET', url: `/api/alerts/profiles/${id}/photo?${PURPOSE}` };
    },
  },
  'POST /api/alerts/profiles/:id/archive': {
    access: PROFILE_STAFF,
    request: async (ctx) => ({
      method: 'POST',
      url: `/api/alerts/profiles/${await profileOf(ctx)}/archive`,
      payload: { reason: 'other', reasonDetail: 'Motif fictif de la matrice' },
    }),
  },
  'POST /api/alerts/profiles/:id/restore': {
    access: PROFILE_STAFF,
    request: async (ctx) => ({
      method: 'POST',
      url: `/api/alerts/profiles/${await archivedProfileOf(ctx)}/restore`,
      payload: {},
    }),
  },
  'POST /api/alerts/profiles/:id/destroy': {
    access: ['org_coordinator'],
    request: async (ctx) => ({
      method: 'POST',
      url: `/api/alerts/profiles/${await archivedProfileOf(ctx)}/destroy`,
      payload: { justification: 'Justification fictive de la matrice' },
    }),
  },
  'GET /api/alerts/settings': {
    access: 'staff',
    request: () => ({ method: 'GET', url: '/api/alerts/settings' }),
  },
  'PUT /api/alerts/settings': {
    access: ['table_coordinator'],
    request: () => ({ method: 'PUT', url: '/api/alerts/settings', payload: { ackDelayMinutes: 10 } }),
  },
  'GET /api/alerts/partners': {
    access: PROFILE_STAFF,
    request: async (ctx) => {
      await asYouthCentre(ctx);
      return { method: 'GET', url: '/api/alerts/partners' };
    },
  },
  'GET /api/alerts/disclosures': {
    access: ['privacy_officer'],
    request: () => ({ method: 'GET', url: '/api/alerts/disclosures' }),
  },
  'GET /api/alerts/disclosures.csv': {
    access: ['privacy_officer'],
    request: () => ({ method: 'GET', url: '/api/alerts/disclosures.csv' }),
  },
  'POST /api/alerts/disclosures/:id/review': {
    access: ['privacy_officer'],
    request: async (ctx) => ({
      method: 'POST',
      url: `/api/alerts/disclosures/${await flaggedDisclosure(ctx)}/review`,
      payload: {},
    }),
  },
  'GET /api/alerts/figures': {
    access: FIGURES,
    request: () => ({ method: 'GET', url: '/api/alerts/figures' }),
  },
  'GET /api/alerts/figures.csv': {
    access: FIGURES,
    request: () => ({ method: 'GET', url: '/api/alerts/figures.csv' }),
  },
  'POST /api/alerts': {
    access: PROFILE_STAFF,
    request: async (ctx) => {
      await asYouthCentre(ctx);
      const police = await ctx.t.createOrganisation({ type: 'police' });
      return { method: 'POST', url: '/api/alerts', payload: raisePayload(police) };
    },
  },
  'GET /api/alerts': { access: 'staff', request: () => ({ method: 'GET', url: '/api/alerts' }) },
  'GET /api/alerts/:id': {
    access: 'staff',
    request: async (ctx) => ({ method: 'GET', url: `/api/alerts/${await alertFor(ctx)}?${PURPOSE}` }),
  },
  'GET /api/alerts/:id/photo': {
    access: 'staff',
    // An alert raised without a profile carries no photo: through the gate to a 404.
    request: async (ctx) => ({ method: 'GET', url: `/api/alerts/${await alertFor(ctx)}/photo?${PURPOSE}` }),
    through: [404],
  },
  'POST /api/alerts/:id/acknowledge': {
    access: 'staff',
    request: async (ctx) => ({
      method: 'POST',
      url: `/api/alerts/${await alertFor(ctx)}/acknowledge`,
      payload: {},
    }),
  },
  'POST /api/alerts/:id/timeline': {
    access: 'staff',
    request: async (ctx) => ({
      method: 'POST',
      url: `/api/alerts/${await alertFor(ctx)}/timeline`,
      payload: { kind: 'sighting', body: 'Observation fictive' },
    }),
  },
  'POST /api/alerts/:id/close': {
    access: 'staff',
    request: async (ctx) => ({
      method: 'POST',
      url: `/api/alerts/${await alertFor(ctx)}/close`,
      payload: { outcome: 'found', placeType: 'street', foundAt: new Date().toISOString() },
    }),
  },
  'POST /api/alerts/:id/interview': {
    access: PROFILE_STAFF,
    request: async (ctx) => ({
      method: 'POST',
      url: `/api/alerts/${await closedOwnAlert(ctx)}/interview`,
      payload: { status: 'refused' },
    }),
  },
};

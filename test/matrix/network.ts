import type { Role } from '../../src/shared/roles.js';
import type { Context, Matrix } from './platform.js';

const COORDINATION: readonly Role[] = ['admin', 'table_coordinator'];
const PIVOT_MANAGERS: readonly Role[] = ['admin', 'table_coordinator', 'org_coordinator'];

/** A pivot mandate in the agent's own organisation (so an organisation coordinator may manage it). */
async function ownMandate({ t, agent }: Context): Promise<string> {
  const person = await t.createPerson({ roles: ['worker'], organisationId: agent.person.organisationId });
  const row = await t.platform.db
    .insertInto('pivot_mandates')
    .values({
      person_id: person.id,
      organisation_id: agent.person.organisationId,
      start_on: '2026-01-05',
      end_on: null,
      expertise: ['boys'],
      languages: ['fr'],
      prerequisite_completed_on: null,
      created_by: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function ownContact({ t, agent }: Context): Promise<string> {
  const row = await t.platform.db
    .insertInto('network_contacts')
    .values({
      organisation_id: agent.person.organisationId,
      name: 'Contact fictif',
      role: 'Accueil',
      email: null,
      phone: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The network module's routes. */
export const networkMatrix: Matrix = {
  'GET /api/network/directory': {
    access: 'staff',
    request: () => ({ method: 'GET', url: '/api/network/directory?q=fictif&page=1' }),
  },
  'GET /api/network/coverage': {
    access: 'staff',
    request: () => ({ method: 'GET', url: '/api/network/coverage' }),
  },
  'GET /api/network/coverage.csv': {
    access: 'staff',
    request: () => ({ method: 'GET', url: '/api/network/coverage.csv' }),
  },
  'GET /api/network/organisations/:id': {
    access: 'staff',
    request: ({ agent }) => ({
      method: 'GET',
      url: `/api/network/organisations/${agent.person.organisationId}`,
    }),
  },
  'PUT /api/network/organisations/:id/contributions': {
    access: COORDINATION,
    request: ({ agent }) => ({
      method: 'PUT',
      url: `/api/network/organisations/${agent.person.organisationId}/contributions`,
      payload: { mandates: ['action_plan'], functions: ['prevention'] },
    }),
  },
  'PUT /api/network/organisations/:id/target': {
    access: COORDINATION,
    request: ({ agent }) => ({
      method: 'PUT',
      url: `/api/network/organisations/${agent.person.organisationId}/target`,
      payload: { target: 2 },
    }),
  },
  'PUT /api/network/organisations/:id/agreement': {
    access: COORDINATION,
    request: ({ agent }) => ({
      method: 'PUT',
      url: `/api/network/organisations/${agent.person.organisationId}/agreement`,
      payload: {
        signedOn: '2026-02-01',
        signatories: 'Direction fictive',
        releasedPersonId: null,
        commitment: 'Libérer une personne pour la table.',
        renewalOn: null,
      },
    }),
  },
  'GET /api/network/organisations/:id/agreement/document': {
    access: 'staff',
    request: ({ agent }) => ({
      method: 'GET',
      url: `/api/network/organisations/${agent.person.organisationId}/agreement/document`,
    }),
    // No document stored for a fresh organisation: the gate let the caller through.
    through: [404],
  },
  'POST /api/network/organisations/:id/contacts': {
    access: PIVOT_MANAGERS,
    request: ({ agent }) => ({
      method: 'POST',
      url: `/api/network/organisations/${agent.person.organisationId}/contacts`,
      payload: { name: 'Accueil fictif', role: 'Accueil', email: null, phone: null },
    }),
  },
  'PATCH /api/network/contacts/:id': {
    access: PIVOT_MANAGERS,
    request: async (ctx) => ({
      method: 'PATCH',
      url: `/api/network/contacts/${await ownContact(ctx)}`,
      payload: { role: 'Direction' },
    }),
  },
  'DELETE /api/network/contacts/:id': {
    access: PIVOT_MANAGERS,
    request: async (ctx) => ({ method: 'DELETE', url: `/api/network/contacts/${await ownContact(ctx)}` }),
  },
  'POST /api/network/mandates': {
    access: PIVOT_MANAGERS,
    request: async ({ t, agent }) => {
      const person = await t.createPerson({ roles: ['worker'], organisationId: agent.person.organisationId });
      return {
        method: 'POST',
        url: '/api/network/mandates',
        payload: {
          personId: person.id,
          organisationId: agent.person.organisationId,
          startOn: '2026-03-01',
          expertise: ['schools'],
          languages: ['fr'],
        },
      };
    },
  },
  'PATCH /api/network/mandates/:id': {
    access: PIVOT_MANAGERS,
    request: async (ctx) => ({
      method: 'PATCH',
      url: `/api/network/mandates/${await ownMandate(ctx)}`,
      payload: { languages: ['fr', 'en'] },
    }),
  },
  'POST /api/network/mandates/:id/end': {
    access: PIVOT_MANAGERS,
    request: async (ctx) => ({
      method: 'POST',
      url: `/api/network/mandates/${await ownMandate(ctx)}/end`,
      payload: { endOn: '2026-12-31' },
    }),
  },
  'GET /api/network/mandates/:id/open-work': {
    access: PIVOT_MANAGERS,
    request: async (ctx) => ({
      method: 'GET',
      url: `/api/network/mandates/${await ownMandate(ctx)}/open-work`,
    }),
  },
  'POST /api/network/mandates/:id/replace': {
    access: PIVOT_MANAGERS,
    request: async (ctx) => {
      const mandate = await ownMandate(ctx);
      const successor = await ctx.t.createPerson({
        roles: ['worker'],
        organisationId: ctx.agent.person.organisationId,
      });
      return {
        method: 'POST',
        url: `/api/network/mandates/${mandate}/replace`,
        payload: { successorPersonId: successor.id, endDate: '2026-12-31', handover: true },
      };
    },
  },
  'POST /api/network/mandates/:id/absences': {
    access: PIVOT_MANAGERS,
    request: async (ctx) => ({
      method: 'POST',
      url: `/api/network/mandates/${await ownMandate(ctx)}/absences`,
      payload: { fromOn: '2026-07-01', toOn: '2026-07-15', reason: 'vacation' },
    }),
  },
};

import type { InjectOptions } from 'fastify';
import type { Role } from '../../src/shared/roles.js';
import type { Agent, TestApp } from '../support/app.js';

/** One row of the role × route matrix: the access a route declares and how to call it validly. */
export type Access = 'public' | 'enrolment' | 'staff' | readonly Role[];

export interface Context {
  t: TestApp;
  agent: Agent;
}

export interface Entry {
  access: Access;
  /** Builds a valid request for the agent; omitted for public routes and streams. */
  request?: (ctx: Context) => Promise<InjectOptions> | InjectOptions;
  /** Statuses that still prove the gate let the caller through (e.g. 409 on a second attempt). */
  through?: number[];
}

export type Matrix = Record<string, Entry>;

const COORDINATION: readonly Role[] = ['admin', 'table_coordinator'];
const PEOPLE_MANAGERS: readonly Role[] = ['admin', 'table_coordinator', 'org_coordinator'];
const AUDIT_READERS: readonly Role[] = ['admin', 'privacy_officer'];
const APPROVERS: readonly Role[] = ['org_coordinator', 'privacy_officer'];

/** A role proposed for a new member of the agent's organisation, by someone else unless `byAgent`. */
async function pendingRequest({ t, agent }: Context, byAgent = false): Promise<string> {
  const person = await t.createPerson({ roles: [], organisationId: agent.person.organisationId });
  const proposer = byAgent ? agent.person : await t.createPerson({ roles: ['table_coordinator'] });
  const row = await t.platform.db
    .insertInto('role_requests')
    .values({
      person_id: person.id,
      organisation_id: agent.person.organisationId,
      role: 'worker',
      proposed_by: proposer.id,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** An emergency access into `organisationId`, opened now for an hour by `personId` (or a new administrator). */
async function emergencyInto({ t }: Context, organisationId: string, personId?: string): Promise<string> {
  const holder = personId ?? (await t.createPerson({ roles: ['admin'] })).id;
  const id = crypto.randomUUID();
  const now = t.platform.now();
  await t.platform.db
    .insertInto('emergency_access')
    .values({
      id,
      person_id: holder,
      organisation_id: organisationId,
      roles: ['worker'],
      justification: t.platform.keyring.encrypt(
        'Justification fictive.',
        `emergency_access.justification:${id}`,
      ),
      started_at: now,
      expires_at: new Date(now.getTime() + 3_600_000),
    })
    .execute();
  return id;
}

async function manageableWorker({ t, agent }: Context): Promise<string> {
  const person = await t.createPerson({ roles: ['worker'], organisationId: agent.person.organisationId });
  return person.id;
}

/** The platform's routes and the accounts module's. */
export const platformMatrix: Matrix = {
  'GET /healthz': { access: 'public' },
  'GET /readyz': { access: 'public' },
  'GET /metrics': { access: 'public' },
  'GET /api/openapi.json': { access: 'public' },
  'GET /api/public/config': { access: 'public' },
  'POST /api/auth/login': { access: 'public' },
  'GET /api/auth/invitations/:token': { access: 'public' },
  'POST /api/auth/invitations/:token/accept': { access: 'public' },
  'POST /api/auth/password-reset': { access: 'public' },
  'POST /api/auth/password-reset/:token': { access: 'public' },

  'POST /api/auth/logout': {
    access: 'enrolment',
    request: () => ({ method: 'POST', url: '/api/auth/logout', payload: {} }),
  },
  'GET /api/auth/session': {
    access: 'enrolment',
    request: () => ({ method: 'GET', url: '/api/auth/session' }),
  },
  'POST /api/auth/totp/setup': {
    access: 'enrolment',
    request: () => ({ method: 'POST', url: '/api/auth/totp/setup', payload: {} }),
    // Fully enrolled people are refused a second enrolment (409) after passing the gate.
    through: [409],
  },
  'POST /api/auth/totp/confirm': {
    access: 'enrolment',
    request: () => ({ method: 'POST', url: '/api/auth/totp/confirm', payload: { code: '123456' } }),
    through: [400, 401, 409],
  },

  'GET /api/account': { access: 'staff', request: () => ({ method: 'GET', url: '/api/account' }) },
  'PATCH /api/account': {
    access: 'enrolment',
    request: () => ({ method: 'PATCH', url: '/api/account', payload: { locale: 'en-CA' } }),
  },
  'POST /api/account/password': {
    access: 'staff',
    request: () => ({
      method: 'POST',
      url: '/api/account/password',
      payload: { currentPassword: 'Correct-cheval-pile-agrafe', newPassword: 'Une-autre-phrase-secrete' },
    }),
  },
  'GET /api/account/sessions': {
    access: 'staff',
    request: () => ({ method: 'GET', url: '/api/account/sessions' }),
  },
  'DELETE /api/account/sessions/:id': {
    access: 'staff',
    request: async ({ t, agent }) => {
      const other = await t.signIn(agent.person);
      const list = await other.inject({ method: 'GET', url: '/api/account/sessions' });
      const id = (list.json().items as Array<{ id: string; current: boolean }>).find((s) => s.current)!.id;
      return { method: 'DELETE', url: `/api/account/sessions/${id}` };
    },
  },

  'GET /api/notifications': {
    access: 'staff',
    request: () => ({ method: 'GET', url: '/api/notifications' }),
  },
  'POST /api/notifications/:id/read': {
    access: 'staff',
    request: async ({ t, agent }) => {
      const id = await t.platform.db.transaction().execute(async (trx) => {
        await t.platform.notifier.notify(trx, agent.person.id, { kind: 'test', params: {} });
        const row = await trx
          .selectFrom('notifications')
          .select('id')
          .where('person_id', '=', agent.person.id)
          .executeTakeFirstOrThrow();
        return row.id;
      });
      return { method: 'POST', url: `/api/notifications/${id}/read`, payload: {} };
    },
  },
  'POST /api/notifications/read-all': {
    access: 'staff',
    request: () => ({ method: 'POST', url: '/api/notifications/read-all', payload: {} }),
  },
  // A stream never ends: its gate is checked anonymously and with an enrolling session only.
  'GET /api/notifications/stream': { access: 'staff' },

  'GET /api/audit': { access: AUDIT_READERS, request: () => ({ method: 'GET', url: '/api/audit' }) },
  'GET /api/audit/export.csv': {
    access: AUDIT_READERS,
    request: () => ({ method: 'GET', url: '/api/audit/export.csv' }),
  },

  'GET /api/organisations': {
    access: 'staff',
    request: () => ({ method: 'GET', url: '/api/organisations?q=fictive' }),
  },
  'GET /api/organisations/:id': {
    access: 'staff',
    request: ({ agent }) => ({ method: 'GET', url: `/api/organisations/${agent.person.organisationId}` }),
  },
  'POST /api/organisations': {
    access: COORDINATION,
    request: () => ({
      method: 'POST',
      url: '/api/organisations',
      payload: {
        name: `Organisme fictif ${Math.random().toString(36).slice(2)}`,
        type: 'community',
        region: 'Région fictive',
      },
    }),
  },
  'PATCH /api/organisations/:id': {
    access: COORDINATION,
    request: async ({ t }) => ({
      method: 'PATCH',
      url: `/api/organisations/${await t.createOrganisation()}`,
      payload: { region: 'Autre région fictive' },
    }),
  },

  'GET /api/organisations/:id/access': {
    access: APPROVERS,
    request: ({ agent }) => ({
      method: 'GET',
      url: `/api/organisations/${agent.person.organisationId}/access`,
    }),
  },
  'GET /api/organisations/:id/access.csv': {
    access: APPROVERS,
    request: ({ agent }) => ({
      method: 'GET',
      url: `/api/organisations/${agent.person.organisationId}/access.csv`,
    }),
  },
  'POST /api/organisations/:id/access/attestations': {
    access: APPROVERS,
    request: ({ agent }) => ({
      method: 'POST',
      url: `/api/organisations/${agent.person.organisationId}/access/attestations`,
      payload: {},
    }),
  },
  'POST /api/role-requests/:id/approve': {
    access: APPROVERS,
    request: async (ctx) => ({
      method: 'POST',
      url: `/api/role-requests/${await pendingRequest(ctx)}/approve`,
      payload: {},
    }),
  },
  'POST /api/role-requests/:id/refuse': {
    access: APPROVERS,
    request: async (ctx) => ({
      method: 'POST',
      url: `/api/role-requests/${await pendingRequest(ctx)}/refuse`,
      payload: {},
    }),
  },
  'POST /api/role-requests/:id/cancel': {
    access: PEOPLE_MANAGERS,
    request: async (ctx) => ({
      method: 'POST',
      url: `/api/role-requests/${await pendingRequest(ctx, true)}/cancel`,
      payload: {},
    }),
  },
  'GET /api/emergency-access': {
    access: ['admin'],
    request: () => ({ method: 'GET', url: '/api/emergency-access' }),
  },
  'POST /api/emergency-access': {
    access: ['admin'],
    request: async ({ t }) => ({
      method: 'POST',
      url: '/api/emergency-access',
      payload: {
        organisationId: await t.createOrganisation({ type: 'youth_protection' }),
        roles: ['worker'],
        durationMinutes: 30,
        justification: 'Une justification fictive, écrite pour le test.',
      },
    }),
  },
  'POST /api/emergency-access/:id/end': {
    access: ['admin'],
    request: async (ctx) => ({
      method: 'POST',
      url: `/api/emergency-access/${await emergencyInto(ctx, await ctx.t.createOrganisation(), ctx.agent.person.id)}/end`,
      payload: {},
    }),
  },
  'POST /api/emergency-access/:id/review': {
    access: APPROVERS,
    request: async (ctx) => ({
      method: 'POST',
      url: `/api/emergency-access/${await emergencyInto(ctx, ctx.agent.person.organisationId)}/review`,
      payload: { decision: 'accepted' },
    }),
  },

  'GET /api/people': {
    access: 'staff',
    request: () => ({ method: 'GET', url: '/api/people?q=fictif&page=1' }),
  },
  'GET /api/people/:id': {
    access: 'staff',
    request: async (ctx) => ({ method: 'GET', url: `/api/people/${await manageableWorker(ctx)}` }),
  },
  'PATCH /api/people/:id': {
    access: PEOPLE_MANAGERS,
    request: async (ctx) => ({
      method: 'PATCH',
      url: `/api/people/${await manageableWorker(ctx)}`,
      payload: { jobTitle: 'Éducatrice' },
    }),
  },
  'POST /api/people/invitations': {
    access: PEOPLE_MANAGERS,
    request: ({ agent }) => ({
      method: 'POST',
      url: '/api/people/invitations',
      payload: {
        email: `invite-${Math.random().toString(36).slice(2)}@exemple.test`,
        givenName: 'Invitée',
        familyName: 'Fictive',
        organisationId: agent.person.organisationId,
        roles: ['worker'],
        locale: 'fr-CA',
      },
    }),
  },
  'POST /api/people/:id/disable': {
    access: PEOPLE_MANAGERS,
    request: async (ctx) => ({
      method: 'POST',
      url: `/api/people/${await manageableWorker(ctx)}/disable`,
      payload: {},
    }),
  },
  'POST /api/people/:id/enable': {
    access: PEOPLE_MANAGERS,
    request: async ({ t, agent }) => {
      const person = await t.createPerson({
        roles: ['worker'],
        organisationId: agent.person.organisationId,
        status: 'disabled',
      });
      return { method: 'POST', url: `/api/people/${person.id}/enable`, payload: {} };
    },
  },
  'PUT /api/people/:id/roles': {
    access: PEOPLE_MANAGERS,
    request: async (ctx) => ({
      method: 'PUT',
      url: `/api/people/${await manageableWorker(ctx)}/roles`,
      payload: { roles: ['worker', 'pivot'] },
    }),
  },
  'POST /api/people/:id/reset-mfa': {
    access: ['admin'],
    request: async (ctx) => ({
      method: 'POST',
      url: `/api/people/${await manageableWorker(ctx)}/reset-mfa`,
      payload: {},
    }),
  },
  'POST /api/people/:id/resend-invitation': {
    access: PEOPLE_MANAGERS,
    request: async ({ t, agent }) => {
      const person = await t.createPerson({
        roles: ['worker'],
        organisationId: agent.person.organisationId,
        status: 'invited',
      });
      return { method: 'POST', url: `/api/people/${person.id}/resend-invitation`, payload: {} };
    },
  },
};

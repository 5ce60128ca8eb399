import {
  ASK_ROLES,
  COORDINATOR_ROLES,
  KNOWLEDGE_EDIT_ROLES,
  LIST_ROLES,
  PIVOT_ROLES,
  TABLE_ROLES,
} from '../../src/server/modules/consultations/consultations.policy.js';
import type { Agent } from '../support/app.js';
import type { Context, Matrix } from './platform.js';

/*
 * Each row builds a consultation the agent really stands in: asked by the agent, or aimed at the agent
 * (given a pivot mandate) by a worker of its organisation, so an allowed role passes the record-level
 * rules too. A role the route refuses is answered 403 before any record is read.
 */

const NOBODY = '00000000-0000-4000-8000-000000000000';

function body(more: Record<string, unknown> = {}) {
  return {
    ageRange: '16_17',
    gender: 'boy',
    setting: 'online',
    observed: 'Un jeune reçoit des offres de travail payant très bien en ligne.',
    question: 'Quels signes surveiller?',
    urgency: 'normal',
    language: 'fr',
    target: 'automatic',
    ...more,
  };
}

/** Gives a person a pivot mandate active today in their organisation. */
async function onDuty({ t }: Context, person: { id: string; organisationId: string }) {
  await t.platform.db
    .insertInto('pivot_mandates')
    .values({
      person_id: person.id,
      organisation_id: person.organisationId,
      start_on: '2020-01-01',
      languages: ['fr'],
    })
    .execute();
}

/** A pivot on duty of another organisation, signed in. */
async function otherPivot(ctx: Context): Promise<Agent> {
  const pivot = await ctx.t.as('pivot', { organisationId: await ctx.t.createOrganisation() });
  await onDuty(ctx, pivot.person);
  return pivot;
}

async function asked(
  by: Agent,
  more: Record<string, unknown> = {},
): Promise<{ id: string; version: number }> {
  const response = await by.inject({ method: 'POST', url: '/api/consultations', payload: body(more) });
  if (response.statusCode !== 201) throw new Error(`ask: ${response.statusCode} ${response.body}`);
  return response.json();
}

const pivotAgent = (agent: Agent) => agent.person.roles.includes('pivot');
const asker = (agent: Agent) => agent.person.roles.some((r) => (ASK_ROLES as readonly string[]).includes(r));

/** A consultation the agent (a pivot) took, asked by a worker of its organisation; its version. */
async function takenByAgent(ctx: Context): Promise<{ id: string; version: number }> {
  if (!pivotAgent(ctx.agent)) return { id: NOBODY, version: 1 };
  await onDuty(ctx, ctx.agent.person);
  const worker = await ctx.t.as('worker', { organisationId: ctx.agent.person.organisationId });
  const { id } = await asked(worker, { target: 'pivot', targetPersonId: ctx.agent.person.id });
  const taken = await ctx.agent.inject({ method: 'POST', url: `/api/consultations/${id}/take`, payload: {} });
  if (taken.statusCode !== 200) throw new Error(`take: ${taken.statusCode} ${taken.body}`);
  return { id, version: taken.json().version };
}

/** A know-how entry written by the agent (by someone else when the agent is not a pivot). */
async function entry(ctx: Context): Promise<{ id: string; version: number }> {
  const author = pivotAgent(ctx.agent) ? ctx.agent.person : null;
  const row = await ctx.t.platform.db
    .insertInto('consultation_knowledge')
    .values({
      question: 'Comment parler de recrutement en ligne avec un garçon?',
      answer: 'Partir de ce qu’il vit, sans jugement.',
      tags: ['boys'],
      language: 'fr',
      author_person_id: author?.id ?? null,
      author_organisation_id: author?.organisationId ?? null,
    })
    .returning(['id', 'version'])
    .executeTakeFirstOrThrow();
  return row;
}

/** Consultations (the expertise cell) and their know-how. */
export const consultationsMatrix: Matrix = {
  'POST /api/consultations': {
    access: ASK_ROLES,
    request: () => ({ method: 'POST', url: '/api/consultations', payload: body() }),
  },
  'GET /api/consultations': {
    access: LIST_ROLES,
    request: () => ({ method: 'GET', url: '/api/consultations?box=asked' }),
  },
  'GET /api/consultations/counts': {
    access: LIST_ROLES,
    request: () => ({ method: 'GET', url: '/api/consultations/counts' }),
  },
  'GET /api/consultations/targets': {
    access: LIST_ROLES,
    request: () => ({ method: 'GET', url: '/api/consultations/targets?language=fr' }),
  },
  'GET /api/consultations/settings': {
    access: LIST_ROLES,
    request: () => ({ method: 'GET', url: '/api/consultations/settings' }),
  },
  'PUT /api/consultations/settings': {
    access: TABLE_ROLES,
    // The request changes the setting in force (one repeating the values in force is a no-op, not audited).
    request: async ({ t }) => {
      const row = await t.platform.db
        .selectFrom('consultation_settings')
        .select('normal_due_days')
        .executeTakeFirst();
      return {
        method: 'PUT',
        url: '/api/consultations/settings',
        payload: { normalDueDays: row?.normal_due_days === 3 ? 2 : 3 },
      };
    },
  },
  'GET /api/consultations/figures': {
    access: TABLE_ROLES,
    request: () => ({ method: 'GET', url: '/api/consultations/figures' }),
  },
  'GET /api/consultations/:id': {
    access: LIST_ROLES,
    request: async (ctx) => {
      if (asker(ctx.agent))
        return { method: 'GET', url: `/api/consultations/${(await asked(ctx.agent)).id}` };
      // The table's coordination sees the stub of one no pivot fits.
      const worker = await ctx.t.as('worker', { organisationId: ctx.agent.person.organisationId });
      const { id } = await asked(worker, { target: 'expertise', targetExpertise: 'indigenous_youth' });
      return { method: 'GET', url: `/api/consultations/${id}` };
    },
  },
  'POST /api/consultations/:id/take': {
    access: PIVOT_ROLES,
    request: async (ctx) => {
      if (!pivotAgent(ctx.agent))
        return { method: 'POST', url: `/api/consultations/${NOBODY}/take`, payload: {} };
      await onDuty(ctx, ctx.agent.person);
      const worker = await ctx.t.as('worker', { organisationId: ctx.agent.person.organisationId });
      const { id } = await asked(worker, { target: 'pivot', targetPersonId: ctx.agent.person.id });
      return { method: 'POST', url: `/api/consultations/${id}/take`, payload: {} };
    },
  },
  'POST /api/consultations/:id/messages': {
    access: ASK_ROLES,
    request: async (ctx) => {
      if (!asker(ctx.agent))
        return { method: 'POST', url: `/api/consultations/${NOBODY}/messages`, payload: { body: 'Merci.' } };
      const pivot = await otherPivot(ctx);
      const { id } = await asked(ctx.agent, { target: 'pivot', targetPersonId: pivot.person.id });
      await pivot.inject({ method: 'POST', url: `/api/consultations/${id}/take`, payload: {} });
      return {
        method: 'POST',
        url: `/api/consultations/${id}/messages`,
        payload: { body: 'Merci de votre aide.' },
      };
    },
  },
  'POST /api/consultations/:id/participants': {
    access: PIVOT_ROLES,
    request: async (ctx) => {
      const { id } = await takenByAgent(ctx);
      const other = pivotAgent(ctx.agent) ? (await otherPivot(ctx)).person.id : NOBODY;
      return { method: 'POST', url: `/api/consultations/${id}/participants`, payload: { personId: other } };
    },
  },
  'POST /api/consultations/:id/recipients': {
    access: COORDINATOR_ROLES,
    request: async (ctx) => {
      // A consultation no pivot fits, asked by a worker of the agent's organisation.
      const worker = await ctx.t.as('worker', { organisationId: ctx.agent.person.organisationId });
      const { id } = await asked(worker, { target: 'expertise', targetExpertise: 'indigenous_youth' });
      const pivot = await otherPivot(ctx);
      return {
        method: 'POST',
        url: `/api/consultations/${id}/recipients`,
        payload: { personId: pivot.person.id },
      };
    },
  },
  'POST /api/consultations/:id/handover': {
    access: PIVOT_ROLES,
    request: async (ctx) => {
      const { id, version } = await takenByAgent(ctx);
      const other = pivotAgent(ctx.agent) ? (await otherPivot(ctx)).person.id : NOBODY;
      return {
        method: 'POST',
        url: `/api/consultations/${id}/handover`,
        payload: { personId: other, version },
      };
    },
  },
  'POST /api/consultations/:id/close': {
    access: PIVOT_ROLES,
    request: async (ctx) => {
      const { id, version } = await takenByAgent(ctx);
      return {
        method: 'POST',
        url: `/api/consultations/${id}/close`,
        payload: { summary: 'Surveiller les offres trop belles.', version },
      };
    },
  },
  'POST /api/consultations/:id/withdraw': {
    access: ASK_ROLES,
    request: async (ctx) => ({
      method: 'POST',
      url: `/api/consultations/${asker(ctx.agent) ? (await asked(ctx.agent)).id : NOBODY}/withdraw`,
      payload: {},
    }),
  },
  'POST /api/consultations/:id/knowledge': {
    access: PIVOT_ROLES,
    request: async (ctx) => {
      const { id, version } = await takenByAgent(ctx);
      if (id !== NOBODY)
        await ctx.agent.inject({
          method: 'POST',
          url: `/api/consultations/${id}/close`,
          payload: { summary: 'Surveiller les offres trop belles.', version },
        });
      return {
        method: 'POST',
        url: `/api/consultations/${id}/knowledge`,
        payload: {
          question: 'Quels signes surveiller?',
          answer: 'Les offres trop belles.',
          tags: ['boys'],
          language: 'fr',
        },
      };
    },
  },
  'GET /api/knowledge': {
    access: 'staff',
    request: () => ({ method: 'GET', url: '/api/knowledge?q=recrutement' }),
  },
  'GET /api/knowledge/:id': {
    access: 'staff',
    request: async (ctx) => ({ method: 'GET', url: `/api/knowledge/${(await entry(ctx)).id}` }),
  },
  'PUT /api/knowledge/:id': {
    access: KNOWLEDGE_EDIT_ROLES,
    request: async (ctx) => {
      const { id, version } = await entry(ctx);
      return {
        method: 'PUT',
        url: `/api/knowledge/${id}`,
        payload: {
          question: 'Comment en parler?',
          answer: 'Sans jugement.',
          tags: ['boys'],
          language: 'fr',
          version,
        },
      };
    },
  },
};

import {
  OBSERVATION_READERS,
  RECORDER_ROLES,
  RESEARCH_READERS,
  RESEARCH_ROLES,
  SETTINGS_READERS,
  TABLE_ROLES,
  TREND_READERS,
} from '../../src/server/modules/observatory/observatory.policy.js';
import type { Agent } from '../support/app.js';
import type { Context, Matrix } from './platform.js';

/*
 * Records a row needs are made through the routes by someone entitled to: observations by a pivot of
 * the agent's organisation (with an active mandate), exports by the agent when it is the researcher,
 * so an allowed role meets a record it may really act on.
 */

const MONTH = '2026-01';

/** A pivot with an active mandate in the organisation. */
async function pivotOf({ t }: Context, organisationId: string): Promise<Agent> {
  const pivot = await t.as('pivot', { organisationId });
  await t.platform.db
    .insertInto('pivot_mandates')
    .values({ person_id: pivot.person.id, organisation_id: organisationId, start_on: '2020-01-01' })
    .execute();
  return pivot;
}

/** An observation of the agent's organisation, with a free text waiting for review. */
async function observation(ctx: Context): Promise<{ id: string; version: number }> {
  const pivot = await pivotOf(ctx, ctx.agent.person.organisationId);
  const response = await pivot.inject({
    method: 'POST',
    url: '/api/observatory/observations',
    payload: {
      month: MONTH,
      placeType: 'school',
      recruitmentMethods: ['peer_friend'],
      text: 'Recrutement par des pairs.',
    },
  });
  if (response.statusCode !== 201) throw new Error(`observation: ${response.statusCode} ${response.body}`);
  return { id: response.json().id, version: response.json().version };
}

async function tableAgent({ t }: Context): Promise<Agent> {
  return t.as('table_coordinator');
}

async function newPlatform(ctx: Context): Promise<{ id: string; version: number }> {
  const response = await (await tableAgent(ctx)).inject({
    method: 'POST',
    url: '/api/observatory/platforms',
    payload: { name: `Plateforme ${crypto.randomUUID()}` },
  });
  if (response.statusCode !== 201) throw new Error(`platform: ${response.statusCode} ${response.body}`);
  return response.json();
}

async function publishedTerm(ctx: Context): Promise<string> {
  const table = await tableAgent(ctx);
  const created = await table.inject({
    method: 'POST',
    url: '/api/observatory/glossary',
    payload: {
      term: `terme-${crypto.randomUUID()}`,
      language: 'fr',
      meaningFr: 'Sens fictif.',
      meaningEn: 'Made-up meaning.',
    },
  });
  if (created.statusCode !== 201) throw new Error(`term: ${created.statusCode} ${created.body}`);
  const published = await table.inject({
    method: 'PATCH',
    url: `/api/observatory/glossary/${created.json().id}`,
    payload: { status: 'published', version: created.json().version },
  });
  if (published.statusCode !== 200) throw new Error(`publish: ${published.statusCode} ${published.body}`);
  return created.json().id;
}

/** The agent itself when it is a researcher, otherwise another researcher. */
async function researcher(ctx: Context): Promise<Agent> {
  return ctx.agent.person.roles.includes('researcher') ? ctx.agent : ctx.t.as('researcher');
}

async function newExport(ctx: Context, includeText = false): Promise<{ id: string; version: number }> {
  const response = await (await researcher(ctx)).inject({
    method: 'POST',
    url: '/api/observatory/research/exports',
    payload: {
      purpose: 'Étude fictive des méthodes de recrutement.',
      dimensions: ['method'],
      from: '2025-01',
      to: '2025-12',
      includeText,
    },
  });
  if (response.statusCode !== 201) throw new Error(`export: ${response.statusCode} ${response.body}`);
  return response.json();
}

async function newQuestion(ctx: Context): Promise<{ id: string; version: number }> {
  const response = await (await ctx.t.as('researcher')).inject({
    method: 'POST',
    url: '/api/observatory/research/questions',
    payload: { title: 'Question fictive', text: 'Les méthodes changent-elles selon la saison ?' },
  });
  if (response.statusCode !== 201) throw new Error(`question: ${response.statusCode} ${response.body}`);
  return response.json();
}

/** The observatory: observations, reviews, platforms, glossary, trends, settings, research. */
export const observatoryMatrix: Matrix = {
  'GET /api/observatory/observations': {
    access: OBSERVATION_READERS,
    request: () => ({ method: 'GET', url: '/api/observatory/observations?placeType=school' }),
  },
  'POST /api/observatory/observations': {
    access: RECORDER_ROLES,
    request: async ({ t, agent }) => {
      await t.platform.db
        .insertInto('pivot_mandates')
        .values({
          person_id: agent.person.id,
          organisation_id: agent.person.organisationId,
          start_on: '2020-01-01',
        })
        .execute();
      return {
        method: 'POST',
        url: '/api/observatory/observations',
        payload: { month: MONTH, placeType: 'street', genders: ['girls'] },
      };
    },
  },
  'GET /api/observatory/observations/:id': {
    access: OBSERVATION_READERS,
    request: async (ctx) => ({
      method: 'GET',
      url: `/api/observatory/observations/${(await observation(ctx)).id}`,
    }),
  },
  'PATCH /api/observatory/observations/:id': {
    access: RECORDER_ROLES,
    request: async (ctx) => {
      const { id, version } = await observation(ctx);
      return {
        method: 'PATCH',
        url: `/api/observatory/observations/${id}`,
        payload: { boysSeen: 2, version },
      };
    },
  },
  'POST /api/observatory/observations/:id/verification': {
    access: TABLE_ROLES,
    request: async (ctx) => {
      const { id, version } = await observation(ctx);
      return {
        method: 'POST',
        url: `/api/observatory/observations/${id}/verification`,
        payload: { status: 'verified', version },
      };
    },
  },
  'GET /api/observatory/reviews': {
    access: TABLE_ROLES,
    request: () => ({ method: 'GET', url: '/api/observatory/reviews' }),
  },
  'POST /api/observatory/observations/:id/review': {
    access: TABLE_ROLES,
    request: async (ctx) => {
      const { id, version } = await observation(ctx);
      return {
        method: 'POST',
        url: `/api/observatory/observations/${id}/review`,
        payload: { decision: 'approve', version },
      };
    },
  },
  'GET /api/observatory/platforms': {
    access: 'staff',
    request: () => ({ method: 'GET', url: '/api/observatory/platforms' }),
  },
  'POST /api/observatory/platforms': {
    access: TABLE_ROLES,
    request: () => ({
      method: 'POST',
      url: '/api/observatory/platforms',
      payload: { name: `Plateforme ${crypto.randomUUID()}` },
    }),
  },
  'PATCH /api/observatory/platforms/:id': {
    access: TABLE_ROLES,
    request: async (ctx) => {
      const { id, version } = await newPlatform(ctx);
      return {
        method: 'PATCH',
        url: `/api/observatory/platforms/${id}`,
        payload: { status: 'retired', version },
      };
    },
  },
  'DELETE /api/observatory/platforms/:id': {
    access: TABLE_ROLES,
    request: async (ctx) => ({
      method: 'DELETE',
      url: `/api/observatory/platforms/${(await newPlatform(ctx)).id}`,
    }),
  },
  'GET /api/observatory/glossary': {
    access: 'staff',
    request: () => ({ method: 'GET', url: '/api/observatory/glossary?q=terme' }),
  },
  'GET /api/observatory/glossary.pdf': {
    access: 'staff',
    request: () => ({ method: 'GET', url: '/api/observatory/glossary.pdf' }),
  },
  'GET /api/observatory/glossary/:id': {
    access: 'staff',
    request: async (ctx) => ({ method: 'GET', url: `/api/observatory/glossary/${await publishedTerm(ctx)}` }),
  },
  'POST /api/observatory/glossary': {
    access: TABLE_ROLES,
    request: () => ({
      method: 'POST',
      url: '/api/observatory/glossary',
      payload: { term: `mot-${crypto.randomUUID()}`, language: 'fr' },
    }),
  },
  'PATCH /api/observatory/glossary/:id': {
    access: TABLE_ROLES,
    request: async (ctx) => {
      const table = await tableAgent(ctx);
      const created = await table.inject({
        method: 'POST',
        url: '/api/observatory/glossary',
        payload: { term: `mot-${crypto.randomUUID()}`, language: 'en' },
      });
      return {
        method: 'PATCH',
        url: `/api/observatory/glossary/${created.json().id}`,
        payload: { meaningFr: 'Sens fictif.', version: created.json().version },
      };
    },
  },
  'DELETE /api/observatory/glossary/:id': {
    access: TABLE_ROLES,
    request: async (ctx) => {
      const created = await (await tableAgent(ctx)).inject({
        method: 'POST',
        url: '/api/observatory/glossary',
        payload: { term: `mot-${crypto.randomUUID()}`, language: 'fr' },
      });
      return {
        method: 'DELETE',
        url: `/api/observatory/glossary/${created.json().id}?version=${created.json().version}`,
      };
    },
  },
  'GET /api/observatory/trends': {
    access: TREND_READERS,
    request: () => ({ method: 'GET', url: '/api/observatory/trends?dimension=method&period=quarter' }),
  },
  'GET /api/observatory/trends.csv': {
    access: TREND_READERS,
    request: () => ({ method: 'GET', url: '/api/observatory/trends.csv?dimension=place_type' }),
  },
  'GET /api/observatory/settings': {
    access: SETTINGS_READERS,
    request: () => ({ method: 'GET', url: '/api/observatory/settings' }),
  },
  'PUT /api/observatory/settings': {
    access: TABLE_ROLES,
    request: async ({ t }) => {
      // No row until the table first changes a setting: version 1 then.
      const row = await t.platform.db.selectFrom('observatory_settings').select('version').executeTakeFirst();
      const version = row?.version ?? 1;
      return {
        method: 'PUT',
        url: '/api/observatory/settings',
        payload: { suppressionThreshold: 10, version },
      };
    },
  },
  'POST /api/observatory/research/exports': {
    access: RESEARCH_ROLES,
    request: () => ({
      method: 'POST',
      url: '/api/observatory/research/exports',
      payload: {
        purpose: 'Étude fictive des lieux de recrutement.',
        dimensions: ['place_type', 'gender'],
        from: '2025-01',
        to: '2025-12',
      },
    }),
  },
  'GET /api/observatory/research/exports': {
    access: RESEARCH_READERS,
    request: () => ({ method: 'GET', url: '/api/observatory/research/exports' }),
  },
  'GET /api/observatory/research/exports/:id': {
    access: RESEARCH_READERS,
    request: async (ctx) => ({
      method: 'GET',
      url: `/api/observatory/research/exports/${(await newExport(ctx)).id}`,
    }),
  },
  'GET /api/observatory/research/exports/:id/texts': {
    access: RESEARCH_ROLES,
    request: async (ctx) => {
      const { id, version } = await newExport(ctx, true);
      const allowed = await (await tableAgent(ctx)).inject({
        method: 'POST',
        url: `/api/observatory/research/exports/${id}/texts`,
        payload: { allow: true, version },
      });
      if (allowed.statusCode !== 200) throw new Error(`allow: ${allowed.statusCode} ${allowed.body}`);
      return { method: 'GET', url: `/api/observatory/research/exports/${id}/texts` };
    },
  },
  'POST /api/observatory/research/exports/:id/texts': {
    access: TABLE_ROLES,
    request: async (ctx) => {
      const { id, version } = await newExport(ctx, true);
      return {
        method: 'POST',
        url: `/api/observatory/research/exports/${id}/texts`,
        payload: { allow: false, version },
      };
    },
  },
  'POST /api/observatory/research/questions': {
    access: RESEARCH_ROLES,
    request: () => ({
      method: 'POST',
      url: '/api/observatory/research/questions',
      payload: { title: 'Question fictive', text: 'Les lieux de recrutement changent-ils ?' },
    }),
  },
  'GET /api/observatory/research/questions': {
    access: RESEARCH_READERS,
    request: () => ({ method: 'GET', url: '/api/observatory/research/questions' }),
  },
  'POST /api/observatory/research/questions/:id/answer': {
    access: TABLE_ROLES,
    request: async (ctx) => {
      const { id, version } = await newQuestion(ctx);
      return {
        method: 'POST',
        url: `/api/observatory/research/questions/${id}/answer`,
        payload: { decision: 'accepted', note: 'Bienvenue.', version },
      };
    },
  },
};

import type { Role } from '../../src/shared/roles.js';
import type { Context, Matrix } from './platform.js';

const ANALYSTS: readonly Role[] = ['police_analyst'];
const POLICE: readonly Role[] = ['investigator', 'police_analyst'];
const LINE_EDITORS: readonly Role[] = ['admin', 'table_coordinator'];
const LINE_READERS: readonly Role[] = [...POLICE, ...LINE_EDITORS];

/** A tip of the agent's service, assigned to a unit the agent belongs to (so investigators see it). */
async function tipFor({ t, agent }: Context): Promise<string> {
  const analyst = await t.as('police_analyst', { organisationId: agent.person.organisationId });
  const created = await analyst.inject({
    method: 'POST',
    url: '/api/tips',
    payload: { channel: 'other', facts: 'Récit fictif pour la matrice.' },
  });
  const id = created.json().id as string;
  const unit = await analyst.inject({
    method: 'POST',
    url: '/api/tips/units',
    payload: { name: `Unité ${Math.random().toString(36).slice(2)}`, memberIds: [agent.person.id] },
  });
  await analyst.inject({ method: 'PATCH', url: `/api/tips/${id}`, payload: { unitId: unit.json().id } });
  return id;
}

/** The tip line: public pages, and the police triage desk. */
export const tipsMatrix: Matrix = {
  'GET /signalement': { access: 'public' },
  'POST /signalement': { access: 'public' },
  'GET /signalement/recu/:token': { access: 'public' },
  'POST /signalement/recu': { access: 'public' },
  'GET /signalement/merci': { access: 'public' },
  'GET /signalement/suivi': { access: 'public' },
  'POST /signalement/suivi': { access: 'public' },
  'GET /en/report': { access: 'public' },
  'POST /en/report': { access: 'public' },
  'GET /en/report/receipt/:token': { access: 'public' },
  'POST /en/report/receipt': { access: 'public' },
  'GET /en/report/thanks': { access: 'public' },
  'GET /en/report/follow-up': { access: 'public' },
  'POST /en/report/follow-up': { access: 'public' },
  'GET /signalement/tips.css': { access: 'public' },
  'GET /signalement/tips.js': { access: 'public' },

  'GET /api/tips': { access: POLICE, request: () => ({ method: 'GET', url: '/api/tips' }) },
  'POST /api/tips': {
    access: ANALYSTS,
    request: () => ({
      method: 'POST',
      url: '/api/tips',
      payload: { channel: 'solicitation', facts: 'Appel fictif reçu par téléphone.' },
    }),
  },
  'GET /api/tips/units': { access: POLICE, request: () => ({ method: 'GET', url: '/api/tips/units' }) },
  'POST /api/tips/units': {
    access: ANALYSTS,
    request: ({ agent }) => ({
      method: 'POST',
      url: '/api/tips/units',
      payload: { name: `Unité ${Math.random().toString(36).slice(2)}`, memberIds: [agent.person.id] },
    }),
  },
  'GET /api/tips/:id': {
    access: POLICE,
    request: async (ctx) => ({
      method: 'GET',
      url: `/api/tips/${await tipFor(ctx)}?purpose=${encodeURIComponent('Vérification de la matrice')}`,
    }),
  },
  'GET /api/tips/:id/attachments/:fileId': {
    access: POLICE,
    // Phone tips carry no attachment: the gate lets the caller through to a 404 for the unknown file.
    request: async (ctx) => ({
      method: 'GET',
      url: `/api/tips/${await tipFor(ctx)}/attachments/00000000-0000-4000-8000-000000000000?purpose=Matrice`,
    }),
    through: [404],
  },
  'PATCH /api/tips/:id': {
    access: ANALYSTS,
    request: async (ctx) => ({
      method: 'PATCH',
      url: `/api/tips/${await tipFor(ctx)}`,
      payload: { priority: 'high' },
    }),
  },
  'POST /api/tips/:id/questions': {
    access: POLICE,
    request: async (ctx) => ({
      method: 'POST',
      url: `/api/tips/${await tipFor(ctx)}/questions`,
      payload: { body: 'Pouvez-vous préciser l’heure?' },
    }),
  },
  'POST /api/tips/:id/links': {
    access: ANALYSTS,
    request: async (ctx) => ({
      method: 'POST',
      url: `/api/tips/${await tipFor(ctx)}/links`,
      payload: { otherId: await tipFor(ctx) },
    }),
  },
  'POST /api/tips/:id/identity': {
    access: ANALYSTS,
    request: async (ctx) => ({
      method: 'POST',
      url: `/api/tips/${await tipFor(ctx)}/identity`,
      payload: { purpose: 'Vérification de la matrice' },
    }),
  },
  'POST /api/tips/:id/notes': {
    access: POLICE,
    request: async (ctx) => ({
      method: 'POST',
      url: `/api/tips/${await tipFor(ctx)}/notes`,
      payload: { noteText: 'Note fictive de la matrice.' },
    }),
  },
  'GET /api/tips/:id/pdf': {
    access: POLICE,
    request: async (ctx) => ({
      method: 'GET',
      url: `/api/tips/${await tipFor(ctx)}/pdf?purpose=${encodeURIComponent('Vérification de la matrice')}`,
    }),
  },
  'GET /api/tips/line': {
    access: LINE_READERS,
    request: () => ({ method: 'GET', url: '/api/tips/line' }),
  },
  'PUT /api/tips/line': {
    access: LINE_EDITORS,
    request: async ({ t }) => ({
      method: 'PUT',
      url: '/api/tips/line',
      payload: { receivingServiceId: await t.createOrganisation({ type: 'provincial_police' }) },
    }),
  },
  'GET /api/tips/retention': {
    access: ANALYSTS,
    request: () => ({ method: 'GET', url: '/api/tips/retention' }),
  },
  'PUT /api/tips/retention/:channel': {
    access: ANALYSTS,
    request: () => ({
      method: 'PUT',
      url: '/api/tips/retention/other',
      payload: { retentionDays: 400, applyToExisting: false },
    }),
  },
  'GET /api/tips/units/people': {
    access: ANALYSTS,
    request: () => ({ method: 'GET', url: '/api/tips/units/people' }),
  },
  'PATCH /api/tips/units/:id': {
    access: ANALYSTS,
    // A unit of the agent's own service (whatever its role), so an analyst's request is allowed.
    request: async ({ t, agent }) => {
      const analyst = await t.as('police_analyst', { organisationId: agent.person.organisationId });
      const unit = await analyst.inject({
        method: 'POST',
        url: '/api/tips/units',
        payload: { name: `Unité ${Math.random().toString(36).slice(2)}`, memberIds: [] },
      });
      return {
        method: 'PATCH',
        url: `/api/tips/units/${unit.json().id}`,
        payload: { name: `Unité renommée ${Math.random().toString(36).slice(2)}` },
      };
    },
  },
};

import {
  createLocation,
  createResourceOrganisation,
  createSafePlace,
  createService,
  linkServiceLocation,
} from '../../src/server/modules/resources/directory.fixtures.js';
import type { Role } from '../../src/shared/roles.js';
import type { Context, Matrix } from './platform.js';

/** Who keeps entries (for their own organisation; the table coordination for any). */
const KEEPERS: readonly Role[] = ['table_coordinator', 'org_coordinator', 'pivot'];
/** A keeper organisation's staff, and the table coordination (capacity, sealed addresses). */
const STAFF: readonly Role[] = ['table_coordinator', 'org_coordinator', 'pivot', 'worker'];

/** An organisation and a service kept by the agent's organisation. */
async function ownService({ t, agent }: Context) {
  const keeper = agent.person.organisationId;
  const organisationId = await createResourceOrganisation(t, { keeper });
  const serviceId = await createService(t, { organisationId, keeper });
  return { keeper, organisationId, serviceId };
}

const serviceFields = (keeper: string) => ({
  keeperOrganisationId: keeper,
  nameFr: 'Service fictif de la matrice',
  taxonomy: ['health'],
  region: 'Région fictive',
});

/** The directory's routes (the resources module, part D). */
export const resourcesMatrix: Matrix = {
  'GET /api/resources/settings': {
    access: 'staff',
    request: () => ({ method: 'GET', url: '/api/resources/settings' }),
  },
  'PUT /api/resources/settings': {
    access: ['table_coordinator'],
    request: () => ({ method: 'PUT', url: '/api/resources/settings', payload: { staleAfterDays: 182 } }),
  },
  'GET /api/resources/organisations': {
    access: 'staff',
    request: () => ({ method: 'GET', url: '/api/resources/organisations?q=fictif' }),
  },
  'POST /api/resources/organisations': {
    access: KEEPERS,
    request: ({ agent }) => ({
      method: 'POST',
      url: '/api/resources/organisations',
      payload: { name: 'Organisme fictif de la matrice', keeperOrganisationId: agent.person.organisationId },
    }),
  },
  'GET /api/resources/organisations/:id': {
    access: 'staff',
    request: async ({ t }) => ({
      method: 'GET',
      url: `/api/resources/organisations/${await createResourceOrganisation(t)}`,
    }),
  },
  'PUT /api/resources/organisations/:id': {
    access: KEEPERS,
    request: async (ctx) => {
      const { keeper, organisationId } = await ownService(ctx);
      return {
        method: 'PUT',
        url: `/api/resources/organisations/${organisationId}`,
        payload: { name: 'Organisme fictif renommé', keeperOrganisationId: keeper, version: 1 },
      };
    },
  },
  'GET /api/resources/kept': {
    access: KEEPERS,
    request: () => ({ method: 'GET', url: '/api/resources/kept' }),
  },
  'POST /api/resources/services': {
    access: KEEPERS,
    request: async ({ t, agent }) => {
      const keeper = agent.person.organisationId;
      const organisationId = await createResourceOrganisation(t, { keeper });
      return {
        method: 'POST',
        url: '/api/resources/services',
        payload: { organisationId, ...serviceFields(keeper) },
      };
    },
  },
  'GET /api/resources/services/:id': {
    access: 'staff',
    request: async ({ t }) => {
      const organisationId = await createResourceOrganisation(t);
      return { method: 'GET', url: `/api/resources/services/${await createService(t, { organisationId })}` };
    },
  },
  'PUT /api/resources/services/:id': {
    access: KEEPERS,
    request: async (ctx) => {
      const { keeper, serviceId } = await ownService(ctx);
      return {
        method: 'PUT',
        url: `/api/resources/services/${serviceId}`,
        payload: { ...serviceFields(keeper), version: 1 },
      };
    },
  },
  'PUT /api/resources/services/:id/status': {
    access: KEEPERS,
    request: async (ctx) => ({
      method: 'PUT',
      url: `/api/resources/services/${(await ownService(ctx)).serviceId}/status`,
      payload: { status: 'temporarily closed', version: 1 },
    }),
  },
  'POST /api/resources/services/:id/confirm': {
    access: KEEPERS,
    request: async (ctx) => ({
      method: 'POST',
      url: `/api/resources/services/${(await ownService(ctx)).serviceId}/confirm`,
      payload: { version: 1 },
    }),
  },
  'PUT /api/resources/services/:id/phones': {
    access: KEEPERS,
    request: async (ctx) => ({
      method: 'PUT',
      url: `/api/resources/services/${(await ownService(ctx)).serviceId}/phones`,
      payload: { version: 1, phones: [{ number: '555-0199' }] },
    }),
  },
  'PUT /api/resources/services/:id/schedules': {
    access: KEEPERS,
    request: async (ctx) => ({
      method: 'PUT',
      url: `/api/resources/services/${(await ownService(ctx)).serviceId}/schedules`,
      payload: { version: 1, schedules: [{ weekday: 2, opensAt: '09:00', closesAt: '16:30' }] },
    }),
  },
  'POST /api/resources/services/:id/locations': {
    access: KEEPERS,
    request: async (ctx) => {
      const { organisationId, serviceId } = await ownService(ctx);
      const locationId = await createLocation(ctx.t, organisationId);
      return {
        method: 'POST',
        url: `/api/resources/services/${serviceId}/locations`,
        payload: { locationId, version: 1 },
      };
    },
  },
  'DELETE /api/resources/service-locations/:id': {
    access: KEEPERS,
    request: async (ctx) => {
      const { organisationId, serviceId } = await ownService(ctx);
      const locationId = await createLocation(ctx.t, organisationId);
      const link = await linkServiceLocation(ctx.t, serviceId, locationId);
      return { method: 'DELETE', url: `/api/resources/service-locations/${link}` };
    },
  },
  'PUT /api/resources/service-locations/:id/capacity': {
    access: STAFF,
    request: async ({ t, agent }) => {
      const place = await createSafePlace(t, agent.person.organisationId);
      return {
        method: 'PUT',
        url: `/api/resources/service-locations/${place.serviceLocationId}/capacity`,
        payload: { step: 1, version: 0 },
      };
    },
  },
  'POST /api/resources/locations': {
    access: KEEPERS,
    request: async ({ t, agent }) => ({
      method: 'POST',
      url: '/api/resources/locations',
      payload: {
        organisationId: await createResourceOrganisation(t, { keeper: agent.person.organisationId }),
        confidential: false,
        address1: '1 rue Fictive',
        city: 'Villefictive',
      },
    }),
  },
  'PUT /api/resources/locations/:id': {
    access: KEEPERS,
    request: async (ctx) => {
      const { organisationId } = await ownService(ctx);
      const locationId = await createLocation(ctx.t, organisationId);
      return {
        method: 'PUT',
        url: `/api/resources/locations/${locationId}`,
        payload: { organisationId, confidential: false, city: 'Autreville fictive', version: 1 },
      };
    },
  },
  'POST /api/resources/locations/:id/reveal': {
    access: STAFF,
    request: async ({ t, agent }) => {
      const place = await createSafePlace(t, agent.person.organisationId);
      return {
        method: 'POST',
        url: `/api/resources/locations/${place.locationId}/reveal`,
        payload: { purpose: 'Vérification fictive de la matrice' },
      };
    },
  },
};

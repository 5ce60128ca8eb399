import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import {
  Capacity,
  CapacityBody,
  KeptServices,
  LocationBody,
  LocationUpdateBody,
  PhonesBody,
  ResourceIdResponse,
  ResourceOrganisation,
  ResourceOrganisationBody,
  ResourceOrganisationList,
  ResourceOrganisationUpdateBody,
  ResourceSettings,
  ResourceSettingsBody,
  RevealBody,
  RevealedAddress,
  SchedulesBody,
  ServiceBody,
  ServiceDetail,
  ServiceLocationBody,
  ServiceStatusBody,
  ServiceUpdateBody,
  VersionBody,
} from '../../../shared/contracts/resources.js';
import type { Actor } from '../../platform/authz/actor.js';
import { ErrorResponse, IdParams } from '../../platform/http/schemas.js';
import * as directory from './directory.service.js';
import * as locations from './locations.service.js';
import { canKeep, KEEPER_ROLES, STAFF_ROLES } from './resources.policy.js';
import {
  presentCapacity,
  presentKept,
  presentOrganisation,
  presentOrganisationList,
  presentService,
} from './resources.presenter.js';
import * as services from './services.service.js';

/**
 * The directory as its keepers keep it (under /api/resources): organisations, services, locations,
 * phones, schedules, a safe place's capacity, the audited reveal of a sealed address, the settings.
 */
export const directoryRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const platform = app.platform;
  const tags = ['resources'];
  const errors = { 400: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };

  const servicePage = async (request: { actor: Actor | null; locale: Actor['locale'] }, id: string) =>
    presentService(request.locale, await services.getService(platform, request.actor!, id));
  const organisationPage = async (request: { actor: Actor | null; locale: Actor['locale'] }, id: string) => {
    const data = await directory.getOrganisation(platform, request.actor!, id);
    return presentOrganisation(
      request.locale,
      canKeep(request.actor!, data.organisation.keeper_organisation_id),
      data,
    );
  };

  // ── Settings ───────────────────────────────────────────────────────────────────────────────────
  app.get(
    '/resources/settings',
    {
      config: { access: 'staff' },
      schema: { tags, summary: "Read the directory's settings", response: { 200: ResourceSettings } },
    },
    async (request) => directory.getSettings(platform, request.actor!),
  );

  app.put(
    '/resources/settings',
    {
      config: { access: ['table_coordinator'] },
      schema: {
        tags,
        summary: 'Change how long an entry stays fresh without confirmation',
        body: ResourceSettingsBody,
        response: { 200: ResourceSettings, ...errors },
      },
    },
    async (request) => {
      await directory.updateSettings(platform, request.actor!, request.body.staleAfterDays);
      return directory.getSettings(platform, request.actor!);
    },
  );

  // ── Organisations ──────────────────────────────────────────────────────────────────────────────
  app.get(
    '/resources/organisations',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'List the organisations that give services',
        querystring: Type.Object(
          { q: Type.Optional(Type.String({ maxLength: 200 })) },
          { additionalProperties: false },
        ),
        response: { 200: ResourceOrganisationList, 400: ErrorResponse },
      },
    },
    async (request) =>
      presentOrganisationList(await directory.listOrganisations(platform, request.actor!, request.query.q)),
  );

  app.post(
    '/resources/organisations',
    {
      config: { access: KEEPER_ROLES },
      schema: {
        tags,
        summary: 'Add an organisation that gives services',
        body: ResourceOrganisationBody,
        response: { 201: ResourceOrganisation, ...errors },
      },
    },
    async (request, reply) => {
      const id = await directory.createOrganisation(platform, request.actor!, request.body);
      reply.code(201);
      return organisationPage(request, id);
    },
  );

  app.get(
    '/resources/organisations/:id',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Read an organisation with its locations and services',
        params: IdParams,
        response: { 200: ResourceOrganisation, 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request) => organisationPage(request, request.params.id),
  );

  app.put(
    '/resources/organisations/:id',
    {
      config: { access: KEEPER_ROLES },
      schema: {
        tags,
        summary: 'Edit an organisation that gives services',
        params: IdParams,
        body: ResourceOrganisationUpdateBody,
        response: { 200: ResourceOrganisation, ...errors },
      },
    },
    async (request) => {
      await directory.updateOrganisation(platform, request.actor!, request.params.id, request.body);
      return organisationPage(request, request.params.id);
    },
  );

  // ── Services ───────────────────────────────────────────────────────────────────────────────────
  app.get(
    '/resources/kept',
    {
      config: { access: KEEPER_ROLES },
      schema: {
        tags,
        summary: 'List the services our organisation keeps, stale ones first',
        response: { 200: KeptServices, 403: ErrorResponse },
      },
    },
    async (request) => presentKept(request.locale, await services.keptServices(platform, request.actor!)),
  );

  app.post(
    '/resources/services',
    {
      config: { access: KEEPER_ROLES },
      schema: {
        tags,
        summary: 'Add a service',
        body: ServiceBody,
        response: { 201: ServiceDetail, ...errors },
      },
    },
    async (request, reply) => {
      const id = await services.createService(platform, request.actor!, request.body);
      reply.code(201);
      return servicePage(request, id);
    },
  );

  app.get(
    '/resources/services/:id',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Read a service with its locations, hours and capacity',
        params: IdParams,
        response: { 200: ServiceDetail, 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request) => servicePage(request, request.params.id),
  );

  app.put(
    '/resources/services/:id',
    {
      config: { access: KEEPER_ROLES },
      schema: {
        tags,
        summary: 'Edit a service (it counts as confirmed)',
        params: IdParams,
        body: ServiceUpdateBody,
        response: { 200: ServiceDetail, ...errors },
      },
    },
    async (request) => {
      await services.updateService(platform, request.actor!, request.params.id, request.body);
      return servicePage(request, request.params.id);
    },
  );

  app.put(
    '/resources/services/:id/status',
    {
      config: { access: KEEPER_ROLES },
      schema: {
        tags,
        summary: 'Retire, close for a while or reopen a service',
        params: IdParams,
        body: ServiceStatusBody,
        response: { 200: ServiceDetail, ...errors },
      },
    },
    async (request) => {
      const { status, version } = request.body;
      await services.setServiceStatus(platform, request.actor!, request.params.id, status, version);
      return servicePage(request, request.params.id);
    },
  );

  app.post(
    '/resources/services/:id/confirm',
    {
      config: { access: KEEPER_ROLES },
      schema: {
        tags,
        summary: 'Confirm a service is still accurate',
        params: IdParams,
        body: VersionBody,
        response: { 200: ServiceDetail, ...errors },
      },
    },
    async (request) => {
      await services.confirmService(platform, request.actor!, request.params.id, request.body.version);
      return servicePage(request, request.params.id);
    },
  );

  app.put(
    '/resources/services/:id/phones',
    {
      config: { access: KEEPER_ROLES },
      schema: {
        tags,
        summary: "Replace a service's phone lines",
        params: IdParams,
        body: PhonesBody,
        response: { 200: ServiceDetail, ...errors },
      },
    },
    async (request) => {
      await services.replacePhones(platform, request.actor!, request.params.id, request.body);
      return servicePage(request, request.params.id);
    },
  );

  app.put(
    '/resources/services/:id/schedules',
    {
      config: { access: KEEPER_ROLES },
      schema: {
        tags,
        summary: "Replace a service's weekly hours",
        params: IdParams,
        body: SchedulesBody,
        response: { 200: ServiceDetail, ...errors },
      },
    },
    async (request) => {
      await services.replaceSchedules(platform, request.actor!, request.params.id, request.body);
      return servicePage(request, request.params.id);
    },
  );

  app.post(
    '/resources/services/:id/locations',
    {
      config: { access: KEEPER_ROLES },
      schema: {
        tags,
        summary: 'Give a service at one of its organisation’s locations',
        params: IdParams,
        body: ServiceLocationBody,
        response: { 200: ServiceDetail, ...errors },
      },
    },
    async (request) => {
      await locations.addServiceLocation(platform, request.actor!, request.params.id, request.body);
      return servicePage(request, request.params.id);
    },
  );

  app.delete(
    '/resources/service-locations/:id',
    {
      config: { access: KEEPER_ROLES },
      schema: {
        tags,
        summary: 'Stop giving a service at a location',
        params: IdParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await locations.removeServiceLocation(platform, request.actor!, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.put(
    '/resources/service-locations/:id/capacity',
    {
      config: { access: STAFF_ROLES },
      schema: {
        tags,
        summary: "Update a safe place's free places (−1, +1 or a value)",
        params: IdParams,
        body: CapacityBody,
        response: { 200: Capacity, ...errors },
      },
    },
    async (request) =>
      presentCapacity(
        await locations.updateCapacity(platform, request.actor!, request.params.id, request.body),
      ),
  );

  // ── Locations ──────────────────────────────────────────────────────────────────────────────────
  app.post(
    '/resources/locations',
    {
      config: { access: KEEPER_ROLES },
      schema: {
        tags,
        summary: 'Add a location (a confidential one seals its street address)',
        body: LocationBody,
        response: { 201: ResourceIdResponse, ...errors },
      },
    },
    async (request, reply) => {
      const id = await locations.createLocation(platform, request.actor!, request.body);
      reply.code(201);
      return { id };
    },
  );

  app.put(
    '/resources/locations/:id',
    {
      config: { access: KEEPER_ROLES },
      schema: {
        tags,
        summary: 'Edit a location',
        params: IdParams,
        body: LocationUpdateBody,
        response: { 200: ResourceIdResponse, ...errors },
      },
    },
    async (request) => {
      await locations.updateLocation(platform, request.actor!, request.params.id, request.body);
      return { id: request.params.id };
    },
  );

  app.post(
    '/resources/locations/:id/reveal',
    {
      config: { access: STAFF_ROLES },
      schema: {
        tags,
        summary: "Open a confidential location's address with a purpose",
        params: IdParams,
        body: RevealBody,
        response: { 200: RevealedAddress, ...errors },
      },
    },
    async (request) =>
      locations.revealAddress(platform, request.actor!, request.params.id, request.body.purpose),
  );
};

import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import type { Actor } from '../../platform/authz/actor.js';
import { EmptyBody, ErrorResponse, IdParams } from '../../platform/http/schemas.js';
import { presentOrganisation, presentPerson, presentPersonDetail } from './accounts.presenter.js';
import {
  CreateOrganisationBody,
  InviteBody,
  Organisation,
  OrganisationList,
  OrganisationQuery,
  PeoplePage,
  PeopleQuery,
  PersonDetail,
  RolesBody,
  UpdateOrganisationBody,
  UpdatePersonBody,
} from './accounts.schemas.js';
import * as service from './accounts.service.js';

const COORDINATION = ['admin', 'table_coordinator'] as const;
const PEOPLE_MANAGERS = ['admin', 'table_coordinator', 'org_coordinator'] as const;

/** Organisations and people: the directory every member reads, and the accounts coordinators manage. */
export const accountsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const platform = app.platform;
  const orgTags = ['organisations'];
  const peopleTags = ['people'];
  const errors = { 400: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };
  const detail = async (actor: Actor, id: string) => {
    const person = await service.getPerson(platform, id);
    return presentPersonDetail(actor, person, await service.pendingRolesOf(platform, actor, person));
  };

  app.get(
    '/organisations',
    {
      config: { access: 'staff' },
      schema: {
        summary: 'List the partner organisations',
        tags: orgTags,
        querystring: OrganisationQuery,
        response: { 200: OrganisationList },
      },
    },
    async (request) => ({
      items: (await service.listOrganisations(platform, request.query)).map(presentOrganisation),
    }),
  );

  app.get(
    '/organisations/:id',
    {
      config: { access: 'staff' },
      schema: {
        summary: 'One partner organisation',
        tags: orgTags,
        params: IdParams,
        response: { 200: Organisation, ...errors },
      },
    },
    async (request) => presentOrganisation(await service.getOrganisation(platform, request.params.id)),
  );

  app.post(
    '/organisations',
    {
      config: { access: COORDINATION },
      schema: {
        summary: 'Add a partner organisation',
        tags: orgTags,
        body: CreateOrganisationBody,
        response: { 201: Organisation, ...errors },
      },
    },
    async (request, reply) => {
      const id = await service.createOrganisation(platform, request.actor!, request.body);
      return reply.status(201).send(presentOrganisation(await service.getOrganisation(platform, id)));
    },
  );

  app.patch(
    '/organisations/:id',
    {
      config: { access: COORDINATION },
      schema: {
        summary: "Change a partner organisation's details",
        tags: orgTags,
        params: IdParams,
        body: UpdateOrganisationBody,
        response: { 200: Organisation, ...errors },
      },
    },
    async (request) => {
      await service.updateOrganisation(platform, request.actor!, request.params.id, request.body);
      return presentOrganisation(await service.getOrganisation(platform, request.params.id));
    },
  );

  app.get(
    '/people',
    {
      config: { access: 'staff' },
      schema: {
        summary: 'Search the people of the partner organisations',
        tags: peopleTags,
        querystring: PeopleQuery,
        response: { 200: PeoplePage, 400: ErrorResponse },
      },
    },
    async (request) => {
      const { rows, total } = await service.searchPeople(platform, request.query);
      return {
        items: rows.map((row) => presentPerson(request.actor!, row)),
        total,
        page: request.query.page,
        pageSize: request.query.pageSize,
      };
    },
  );

  app.get(
    '/people/:id',
    {
      config: { access: 'staff' },
      schema: {
        summary: 'One person, with their roles and those waiting for consent',
        tags: peopleTags,
        params: IdParams,
        response: { 200: PersonDetail, ...errors },
      },
    },
    async (request) => await detail(request.actor!, request.params.id),
  );

  app.patch(
    '/people/:id',
    {
      config: { access: PEOPLE_MANAGERS },
      schema: {
        summary: "Change a person's name, phone or title",
        tags: peopleTags,
        params: IdParams,
        body: UpdatePersonBody,
        response: { 200: PersonDetail, ...errors },
      },
    },
    async (request) => {
      await service.updatePersonDetails(platform, request.actor!, request.params.id, request.body);
      return await detail(request.actor!, request.params.id);
    },
  );

  app.post(
    '/people/invitations',
    {
      config: { access: PEOPLE_MANAGERS },
      schema: {
        summary: 'Invite a person by e-mail, with their roles',
        tags: peopleTags,
        body: InviteBody,
        response: { 201: Type.Object({ id: Type.String() }), ...errors },
      },
    },
    async (request, reply) => {
      const id = await service.invitePerson(platform, request.actor!, request.body);
      return reply.status(201).send({ id });
    },
  );

  for (const [path, status] of [
    ['disable', 'disabled'],
    ['enable', 'active'],
  ] as const) {
    app.post(
      `/people/:id/${path}`,
      {
        config: { access: PEOPLE_MANAGERS },
        schema: {
          summary:
            path === 'disable'
              ? "Disable a person's account (their sessions end at once)"
              : "Enable a person's account again",
          tags: peopleTags,
          params: IdParams,
          body: EmptyBody,
          response: { 200: PersonDetail, ...errors },
        },
      },
      async (request) => {
        await service.setPersonStatus(platform, request.actor!, request.params.id, status);
        return await detail(request.actor!, request.params.id);
      },
    );
  }

  app.put(
    '/people/:id/roles',
    {
      config: { access: PEOPLE_MANAGERS },
      schema: {
        summary: "Set a person's roles",
        tags: peopleTags,
        params: IdParams,
        body: RolesBody,
        response: { 200: PersonDetail, ...errors },
      },
    },
    async (request) => {
      await service.setPersonRoles(platform, request.actor!, request.params.id, request.body.roles);
      return await detail(request.actor!, request.params.id);
    },
  );

  app.post(
    '/people/:id/reset-mfa',
    {
      config: { access: ['admin'] },
      schema: {
        summary: "Clear a person's second factor",
        tags: peopleTags,
        params: IdParams,
        body: EmptyBody,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await service.resetPersonMfa(platform, request.actor!, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/people/:id/resend-invitation',
    {
      config: { access: PEOPLE_MANAGERS },
      schema: {
        summary: 'Send a new invitation link',
        tags: peopleTags,
        params: IdParams,
        body: EmptyBody,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await service.resendInvitation(platform, request.actor!, request.params.id);
      return reply.status(204).send(null);
    },
  );
};

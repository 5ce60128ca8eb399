import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import { EMERGENCY_MAX_MINUTES } from '../../../shared/roles.js';
import { EmptyBody, ErrorResponse, IdParams } from '../../platform/http/schemas.js';
import { EMERGENCY_ROLES } from './access.policy.js';
import { presentAccessReview, presentEmergency } from './access.presenter.js';
import { AccessReview, EmergencyList, OpenEmergencyBody, ReviewEmergencyBody } from './access.schemas.js';
import { accessReview, accessReviewCsv, attestAccessReview } from './access-review.service.js';
import { listOrganisations } from './accounts.service.js';
import { endEmergency, myEmergencies, openEmergency, reviewEmergency } from './emergency.service.js';
import { cancelRequest, decideRequest } from './grants.service.js';

const APPROVERS = ['org_coordinator', 'privacy_officer'] as const;
const PEOPLE_MANAGERS = ['admin', 'table_coordinator', 'org_coordinator'] as const;

/**
 * Consent to access: an organisation's access review (read, CSV, attestation), the decisions on roles
 * proposed for its people, and administrators' emergency access with the organisation's review of it.
 */
export const accessRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const platform = app.platform;
  const tags = ['access'];
  const errors = { 400: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };

  app.get(
    '/organisations/:id/access',
    {
      config: { access: APPROVERS },
      schema: {
        tags,
        summary: 'Read the organisation’s access review',
        params: IdParams,
        response: { 200: AccessReview, ...errors },
      },
    },
    async (request) =>
      presentAccessReview(
        request.actor!,
        await accessReview(platform, request.actor!, request.params.id),
        platform.now(),
      ),
  );

  app.get(
    '/organisations/:id/access.csv',
    {
      config: { access: APPROVERS },
      schema: {
        tags,
        summary: 'The access review as CSV',
        params: IdParams,
        response: { 200: Type.String(), ...errors },
      },
    },
    async (request, reply) => {
      const csv = await accessReviewCsv(platform, request.actor!, request.params.id, request.locale);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="revue-des-acces.csv"')
        .send(csv);
    },
  );

  app.post(
    '/organisations/:id/access/attestations',
    {
      config: { access: APPROVERS },
      schema: {
        tags,
        summary: 'Attest the access review as it stands',
        params: IdParams,
        body: EmptyBody,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await attestAccessReview(platform, request.actor!, request.params.id);
      return reply.status(204).send(null);
    },
  );

  for (const decision of ['approve', 'refuse'] as const) {
    app.post(
      `/role-requests/:id/${decision}`,
      {
        config: { access: APPROVERS },
        schema: {
          tags,
          summary: decision === 'approve' ? 'Approve a proposed role' : 'Refuse a proposed role',
          params: IdParams,
          body: EmptyBody,
          response: { 204: Type.Null(), ...errors },
        },
      },
      async (request, reply) => {
        await decideRequest(platform, request.actor!, request.params.id, decision);
        return reply.status(204).send(null);
      },
    );
  }

  app.post(
    '/role-requests/:id/cancel',
    {
      config: { access: PEOPLE_MANAGERS },
      schema: {
        tags,
        summary: 'Withdraw a proposed role',
        params: IdParams,
        body: EmptyBody,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await cancelRequest(platform, request.actor!, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/emergency-access',
    {
      config: { access: ['admin'] },
      schema: {
        tags,
        summary: 'The administrator’s emergency accesses',
        response: { 200: EmergencyList, ...errors },
      },
    },
    async (request) => {
      const actor = request.actor!;
      const now = platform.now();
      const home = actor.emergency?.homeOrganisationId ?? actor.organisationId;
      const organisations = (await listOrganisations(platform, {})).filter((o) => o.active && o.id !== home);
      return {
        items: (await myEmergencies(platform, actor)).map((e) => presentEmergency(actor, e, now)),
        organisations: organisations.map((o) => ({ id: o.id, name: o.name })),
        roles: [...EMERGENCY_ROLES],
        maxMinutes: EMERGENCY_MAX_MINUTES,
      };
    },
  );

  app.post(
    '/emergency-access',
    {
      config: { access: ['admin'] },
      schema: {
        tags,
        summary: 'Open a time-limited emergency access',
        body: OpenEmergencyBody,
        response: { 201: Type.Object({ id: Type.String() }), ...errors },
      },
    },
    async (request, reply) => {
      const id = await openEmergency(platform, request.actor!, request.body);
      return reply.status(201).send({ id });
    },
  );

  app.post(
    '/emergency-access/:id/end',
    {
      config: { access: ['admin'] },
      schema: {
        tags,
        summary: 'End one’s own emergency access now',
        params: IdParams,
        body: EmptyBody,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await endEmergency(platform, request.actor!, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/emergency-access/:id/review',
    {
      config: { access: APPROVERS },
      schema: {
        tags,
        summary: 'Review an emergency access',
        params: IdParams,
        body: ReviewEmergencyBody,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await reviewEmergency(platform, request.actor!, request.params.id, request.body.decision);
      return reply.status(204).send(null);
    },
  );
};

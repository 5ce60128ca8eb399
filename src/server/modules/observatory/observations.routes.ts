import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import {
  ObservationDetail,
  ObservationInput,
  ObservationList,
  ObservationListQuery,
  ObservationUpdate,
  PendingTextList,
  PendingTextQuery,
  PlatformInput,
  PlatformList,
  PlatformListQuery,
  Platform as PlatformSchema,
  PlatformUpdate,
  TextReviewInput,
  VerificationChange,
} from '../../../shared/contracts/observatory.js';
import { ErrorResponse, IdParams } from '../../platform/http/schemas.js';
import * as observations from './observations.service.js';
import { OBSERVATION_READERS, RECORDER_ROLES, TABLE_ROLES } from './observatory.policy.js';
import * as platforms from './platforms.service.js';
import * as reviews from './reviews.service.js';

/**
 * Observations (under /api/observatory): pivots record their organisation's, its coordinators read
 * them, the table reads all, reviews the free texts and verifies; the platforms list the table keeps.
 * An observation of another organisation is a 404.
 */
export const observationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const platform = app.platform;
  const tags = ['observatory'];
  const errors = { 400: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };

  app.get(
    '/observatory/observations',
    {
      config: { access: OBSERVATION_READERS },
      schema: {
        tags,
        summary: 'List observations (own organisation; table: all)',
        querystring: ObservationListQuery,
        response: { 200: ObservationList, ...errors },
      },
    },
    async (request) => observations.listObservations(platform, request.actor!, request.query),
  );

  app.post(
    '/observatory/observations',
    {
      config: { access: RECORDER_ROLES },
      schema: {
        tags,
        summary: 'Record an observation of the phenomenon',
        description:
          'A pivot with an active mandate, for their organisation. The month may not be in the future; ' +
          'a free text that looks identifying is refused with the kinds found, and nothing is stored.',
        body: ObservationInput,
        response: { 201: ObservationDetail, ...errors },
      },
    },
    async (request, reply) => {
      const detail = await observations.recordObservation(platform, request.actor!, request.body);
      reply.code(201);
      return detail;
    },
  );

  app.get(
    '/observatory/observations/:id',
    {
      config: { access: OBSERVATION_READERS },
      schema: {
        tags,
        summary: 'Read an observation',
        params: IdParams,
        response: { 200: ObservationDetail, ...errors },
      },
    },
    async (request) => observations.readObservation(platform, request.actor!, request.params.id),
  );

  app.patch(
    '/observatory/observations/:id',
    {
      config: { access: RECORDER_ROLES },
      schema: {
        tags,
        summary: 'Change an observation while it is not verified',
        params: IdParams,
        body: ObservationUpdate,
        response: { 200: ObservationDetail, ...errors },
      },
    },
    async (request) =>
      observations.updateObservation(platform, request.actor!, request.params.id, request.body),
  );

  app.post(
    '/observatory/observations/:id/verification',
    {
      config: { access: TABLE_ROLES },
      schema: {
        tags,
        summary: 'Mark an observation verified or not verified',
        params: IdParams,
        body: VerificationChange,
        response: { 200: ObservationDetail, ...errors },
      },
    },
    async (request) =>
      observations.changeVerification(platform, request.actor!, request.params.id, request.body),
  );

  app.get(
    '/observatory/reviews',
    {
      config: { access: TABLE_ROLES },
      schema: {
        tags,
        summary: 'Free texts waiting for review',
        querystring: PendingTextQuery,
        response: { 200: PendingTextList, ...errors },
      },
    },
    async (request) => reviews.listPendingTexts(platform, request.actor!, request.query),
  );

  app.post(
    '/observatory/observations/:id/review',
    {
      config: { access: TABLE_ROLES },
      schema: {
        tags,
        summary: "Approve or reject an observation's free text",
        params: IdParams,
        body: TextReviewInput,
        response: { 200: ObservationDetail, ...errors },
      },
    },
    async (request) => reviews.reviewText(platform, request.actor!, request.params.id, request.body),
  );

  // ── Platforms ──────────────────────────────────────────────────────────────────────────────────
  app.get(
    '/observatory/platforms',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Platforms observations can name',
        querystring: PlatformListQuery,
        response: { 200: PlatformList, ...errors },
      },
    },
    async (request) =>
      platforms.listPlatforms(platform, request.actor!, request.query.includeRetired === true),
  );

  app.post(
    '/observatory/platforms',
    {
      config: { access: TABLE_ROLES },
      schema: {
        tags,
        summary: 'Add a platform to the list',
        body: PlatformInput,
        response: { 201: PlatformSchema, ...errors },
      },
    },
    async (request, reply) => {
      const created = await platforms.createPlatform(platform, request.actor!, request.body);
      reply.code(201);
      return created;
    },
  );

  app.patch(
    '/observatory/platforms/:id',
    {
      config: { access: TABLE_ROLES },
      schema: {
        tags,
        summary: 'Rename, retire or reactivate a platform',
        params: IdParams,
        body: PlatformUpdate,
        response: { 200: PlatformSchema, ...errors },
      },
    },
    async (request) => platforms.updatePlatform(platform, request.actor!, request.params.id, request.body),
  );

  app.delete(
    '/observatory/platforms/:id',
    {
      config: { access: TABLE_ROLES },
      schema: {
        tags,
        summary: 'Delete a platform no observation names',
        params: IdParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await platforms.deletePlatform(platform, request.actor!, request.params.id);
      return reply.code(204).send(null);
    },
  );
};

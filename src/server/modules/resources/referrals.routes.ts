import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import { EmptyBody } from '../../../shared/contracts/common.js';
import {
  ConsentInput,
  LoggedReferralInput,
  NoteInput,
  OutcomeChange,
  ReferralConsent,
  ReferralCounts,
  ReferralDetail,
  ReferralDisclosureList,
  ReferralDisclosureQuery,
  ReferralFigures,
  ReferralFiguresQuery,
  ReferralInput,
  ReferralList,
  ReferralListQuery,
  ReferralReadQuery,
  StatusChange,
  SubjectDetail,
  SubjectInput,
  SubjectList,
  SubjectListQuery,
  SubjectUpdate,
  Trajectory,
} from '../../../shared/contracts/referrals.js';
import { ErrorResponse, IdParams } from '../../platform/http/schemas.js';
import * as figures from './referral-figures.service.js';
import * as workflow from './referral-workflow.service.js';
import { FIGURES_ROLES, REFERRAL_ROLES, REGISTER_ROLES, SENDER_ROLES } from './referrals.policy.js';
import * as referrals from './referrals.service.js';
import * as subjects from './subjects.service.js';

/**
 * Closed-loop referrals (under /api/referrals): the people an organisation follows and their consents,
 * referrals sent through Filet or logged, each side's moves, a person's trajectory, the register of
 * disclosures and the table's figures. A referral or person of another organisation is a 404.
 */
export const referralRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const platform = app.platform;
  const tags = ['referrals'];
  const errors = { 400: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };
  const Created = Type.Object({ id: Type.String({ format: 'uuid' }) });

  // ── People followed and their consents ─────────────────────────────────────────────────────────
  app.get(
    '/referrals/subjects',
    {
      config: { access: SENDER_ROLES },
      schema: {
        tags,
        summary: 'List the people the organisation follows',
        querystring: SubjectListQuery,
        response: { 200: SubjectList, ...errors },
      },
    },
    async (request) => subjects.listSubjects(platform, request.actor!, request.query),
  );

  app.post(
    '/referrals/subjects',
    {
      config: { access: SENDER_ROLES },
      schema: {
        tags,
        summary: 'Register a young person or a parent the organisation follows',
        body: SubjectInput,
        response: { 201: Created, ...errors },
      },
    },
    async (request, reply) => {
      const id = await subjects.createSubject(platform, request.actor!, request.body);
      reply.code(201);
      return { id };
    },
  );

  app.get(
    '/referrals/subjects/:id',
    {
      config: { access: SENDER_ROLES },
      schema: {
        tags,
        summary: "Open a person's record (audited with the purpose)",
        params: IdParams,
        querystring: ReferralReadQuery,
        response: { 200: SubjectDetail, ...errors },
      },
    },
    async (request) =>
      subjects.readSubject(platform, request.actor!, request.params.id, request.query.purpose),
  );

  app.patch(
    '/referrals/subjects/:id',
    {
      config: { access: SENDER_ROLES },
      schema: {
        tags,
        summary: "Change a person's record (conditional on its version)",
        params: IdParams,
        body: SubjectUpdate,
        response: { 200: SubjectDetail, ...errors },
      },
    },
    async (request) => subjects.updateSubject(platform, request.actor!, request.params.id, request.body),
  );

  app.post(
    '/referrals/subjects/:id/consents',
    {
      config: { access: SENDER_ROLES },
      schema: {
        tags,
        summary: 'Record a consent to share with an organisation',
        description: 'The organisation is one of the directory; the consent lasts 90 days unless shorter.',
        params: IdParams,
        body: ConsentInput,
        response: { 201: ReferralConsent, ...errors },
      },
    },
    async (request, reply) => {
      const consent = await subjects.addConsent(platform, request.actor!, request.params.id, request.body);
      reply.code(201);
      return consent;
    },
  );

  app.post(
    '/referrals/consents/:id/revoke',
    {
      config: { access: SENDER_ROLES },
      schema: {
        tags,
        summary: 'Withdraw a consent',
        description: 'Its open referrals are cancelled and their services lose the details at once.',
        params: IdParams,
        body: EmptyBody,
        response: { 200: ReferralConsent, ...errors },
      },
    },
    async (request) => workflow.revokeConsent(platform, request.actor!, request.params.id),
  );

  app.get(
    '/referrals/subjects/:id/trajectory',
    {
      config: { access: REFERRAL_ROLES },
      schema: {
        tags,
        summary: "Read a person's trajectory (audited with the purpose)",
        description: 'Referrals, outcomes and gaps in one timeline.',
        params: IdParams,
        querystring: ReferralReadQuery,
        response: { 200: Trajectory, ...errors },
      },
    },
    async (request) =>
      referrals.readTrajectory(platform, request.actor!, request.params.id, request.query.purpose),
  );

  // ── Referrals ──────────────────────────────────────────────────────────────────────────────────
  const detail = async (actor: Parameters<typeof referrals.loadReferral>[1], id: string) => {
    const { row, side, sides } = await referrals.loadReferral(platform, actor, id);
    return referrals.referralDetail(platform, row, side, sides);
  };

  app.post(
    '/referrals',
    {
      config: { access: SENDER_ROLES },
      schema: {
        tags,
        summary: 'Refer a person to a service, under a recorded consent',
        body: ReferralInput,
        response: { 201: ReferralDetail, ...errors },
      },
    },
    async (request, reply) => {
      const id = await referrals.sendReferral(platform, request.actor!, request.body);
      reply.code(201);
      return detail(request.actor!, id);
    },
  );

  app.post(
    '/referrals/logged',
    {
      config: { access: SENDER_ROLES },
      schema: {
        tags,
        summary: 'Record a referral made off the platform',
        body: LoggedReferralInput,
        response: { 201: ReferralDetail, ...errors },
      },
    },
    async (request, reply) => {
      const id = await referrals.logReferral(platform, request.actor!, request.body);
      reply.code(201);
      return detail(request.actor!, id);
    },
  );

  app.get(
    '/referrals',
    {
      config: { access: REFERRAL_ROLES },
      schema: {
        tags,
        summary: 'The referrals the organisation sent, or received',
        querystring: ReferralListQuery,
        response: { 200: ReferralList, ...errors },
      },
    },
    async (request) => referrals.listReferrals(platform, request.actor!, request.query),
  );

  app.get(
    '/referrals/counts',
    {
      config: { access: REFERRAL_ROLES },
      schema: {
        tags,
        summary: 'Count the referrals waiting for the reader',
        description: 'For the home page: counts only, nothing about anyone.',
        response: { 200: ReferralCounts, ...errors },
      },
    },
    async (request) => referrals.countsFor(platform, request.actor!),
  );

  app.get(
    '/referrals/disclosures',
    {
      config: { access: REGISTER_ROLES },
      schema: {
        tags,
        summary: 'Read the register of referral disclosures',
        description: 'What referrals disclosed, by or to the organisation, and on what legal basis.',
        querystring: ReferralDisclosureQuery,
        response: { 200: ReferralDisclosureList, ...errors },
      },
    },
    async (request) => figures.listDisclosures(platform, request.actor!, request.query),
  );

  app.post(
    '/referrals/consents/:id/review',
    {
      config: { access: REGISTER_ROLES },
      schema: {
        tags,
        summary: 'Mark a share without consent as reviewed',
        params: IdParams,
        body: EmptyBody,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await figures.reviewOverride(platform, request.actor!, request.params.id);
      reply.code(204);
      return null;
    },
  );

  app.get(
    '/referrals/figures',
    {
      config: { access: FIGURES_ROLES },
      schema: {
        tags,
        summary: "Read the table's figures on referrals",
        description: 'De-identified; counts under 5 are suppressed.',
        querystring: ReferralFiguresQuery,
        response: { 200: ReferralFigures, ...errors },
      },
    },
    async (request) => figures.readFigures(platform, request.actor!, request.query),
  );

  app.get(
    '/referrals/:id',
    {
      config: { access: REFERRAL_ROLES },
      schema: {
        tags,
        summary: 'Open a referral (audited with the purpose)',
        params: IdParams,
        querystring: ReferralReadQuery,
        response: { 200: ReferralDetail, ...errors },
      },
    },
    async (request) =>
      referrals.readReferral(platform, request.actor!, request.params.id, request.query.purpose),
  );

  app.post(
    '/referrals/:id/status',
    {
      config: { access: REFERRAL_ROLES },
      schema: {
        tags,
        summary: 'Move a referral in its workflow (conditional on its version)',
        params: IdParams,
        body: StatusChange,
        response: { 200: ReferralDetail, ...errors },
      },
    },
    async (request) => workflow.changeStatus(platform, request.actor!, request.params.id, request.body),
  );

  app.post(
    '/referrals/:id/outcome',
    {
      config: { access: REFERRAL_ROLES },
      schema: {
        tags,
        summary: 'Record what came of a referral',
        params: IdParams,
        body: OutcomeChange,
        response: { 200: ReferralDetail, ...errors },
      },
    },
    async (request) => workflow.recordOutcome(platform, request.actor!, request.params.id, request.body),
  );

  app.post(
    '/referrals/:id/notes',
    {
      config: { access: REFERRAL_ROLES },
      schema: {
        tags,
        summary: 'Add a note for the other side',
        params: IdParams,
        body: NoteInput,
        response: { 200: ReferralDetail, ...errors },
      },
    },
    async (request) => workflow.addNote(platform, request.actor!, request.params.id, request.body),
  );
};

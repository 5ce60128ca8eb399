import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import type { Actor } from '../../platform/authz/actor.js';
import { ErrorResponse, IdParams } from '../../platform/http/schemas.js';
import { t } from '../../platform/i18n/i18n.js';
import * as contacts from './contacts.service.js';
import * as coverage from './coverage.service.js';
import * as directory from './directory.service.js';
import * as mandates from './mandates.service.js';
import { presentDirectory, presentOrganisationNetwork } from './network.presenter.js';
import { NET_FUNCTIONS, regionToday, TABLE_MANDATES } from './network.rules.js';
import {
  AbsenceBody,
  AgreementBody,
  ContactBody,
  ContributionsBody,
  CoverageMatrix,
  Directory,
  DirectoryQuery,
  EndMandateBody,
  IdResponse,
  MandateBody,
  OpenWork,
  OrganisationNetwork,
  ReplaceBody,
  ReplaceResult,
  TargetBody,
  UpdateContactBody,
  UpdateMandateBody,
} from './network.schemas.js';
import * as partners from './partners.service.js';
import * as succession from './succession.service.js';

const COORDINATION = ['admin', 'table_coordinator'] as const;
const PIVOT_MANAGERS = ['admin', 'table_coordinator', 'org_coordinator'] as const;
/** A base64 PDF of 10 MiB with its JSON envelope. */
const AGREEMENT_BODY_LIMIT = 15 * 1024 * 1024;

/** The network: partners' agreements, contacts and contributions, pivots and coverage, the directory. */
export const networkRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const platform = app.platform;
  const tags = ['network'];
  const errors = { 400: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };

  const organisationPage = async (request: { actor: Actor | null }, id: string) =>
    presentOrganisationNetwork(
      request.actor!,
      await partners.getOrganisationNetwork(platform, request.actor!, id),
    );

  app.get(
    '/network/directory',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Search the directory of partners and active pivots',
        querystring: DirectoryQuery,
        response: { 200: Directory, 400: ErrorResponse },
      },
    },
    async (request) => {
      const { page, pageSize } = request.query;
      const result = await directory.searchDirectory(platform.db, {
        ...request.query,
        today: regionToday(platform),
      });
      return presentDirectory(request.actor!, result, await directory.directoryRegions(platform), {
        page,
        pageSize,
      });
    },
  );

  app.get(
    '/network/coverage',
    {
      config: { access: 'staff' },
      schema: { tags, summary: 'Read the network coverage matrix', response: { 200: CoverageMatrix } },
    },
    async () => ({
      mandates: [...TABLE_MANDATES],
      functions: [...NET_FUNCTIONS],
      ...(await coverage.coverageMatrix(platform)),
    }),
  );

  app.get(
    '/network/coverage.csv',
    {
      config: { access: 'staff' },
      schema: { tags, summary: 'Download the network coverage matrix as CSV', produces: ['text/csv'] },
    },
    async (request, reply) => {
      const locale = request.locale;
      const csv = coverage.coverageCsv(await coverage.coverageMatrix(platform), {
        organisation: t(locale, 'report.network.organisation'),
        columns: [
          ...TABLE_MANDATES.map((key) => ({ key, label: t(locale, `report.network.mandates.${key}`) })),
          ...NET_FUNCTIONS.map((key) => ({ key, label: t(locale, `report.network.functions.${key}`) })),
        ],
        activePivots: t(locale, 'report.network.active_pivots'),
        trainedPivots: t(locale, 'report.network.trained_pivots'),
        target: t(locale, 'report.network.target'),
        yes: t(locale, 'report.network.yes'),
      });
      reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="couverture-reseau.csv"');
      return reply.send(csv);
    },
  );

  app.get(
    '/network/organisations/:id',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Read everything the network knows about a partner',
        params: IdParams,
        response: { 200: OrganisationNetwork, ...errors },
      },
    },
    async (request) => organisationPage(request, request.params.id),
  );

  app.put(
    '/network/organisations/:id/contributions',
    {
      config: { access: COORDINATION },
      schema: {
        tags,
        summary: 'Set the mandates and functions a partner covers',
        params: IdParams,
        body: ContributionsBody,
        response: { 200: OrganisationNetwork, ...errors },
      },
    },
    async (request) => {
      await partners.setContributions(platform, request.actor!, request.params.id, request.body);
      return organisationPage(request, request.params.id);
    },
  );

  app.put(
    '/network/organisations/:id/target',
    {
      config: { access: COORDINATION },
      schema: {
        tags,
        summary: "Set a partner's target of trained pivots",
        params: IdParams,
        body: TargetBody,
        response: { 200: OrganisationNetwork, ...errors },
      },
    },
    async (request) => {
      await partners.setPivotTarget(platform, request.actor!, request.params.id, request.body.target);
      return organisationPage(request, request.params.id);
    },
  );

  app.put(
    '/network/organisations/:id/agreement',
    {
      bodyLimit: AGREEMENT_BODY_LIMIT,
      config: { access: COORDINATION },
      schema: {
        tags,
        summary: "Save a partner's agreement and signed document",
        params: IdParams,
        body: AgreementBody,
        response: { 200: OrganisationNetwork, ...errors },
      },
    },
    async (request) => {
      const { document, ...rest } = request.body;
      await partners.saveAgreement(platform, request.actor!, request.params.id, {
        ...rest,
        document: document
          ? { filename: document.filename, content: Buffer.from(document.contentBase64, 'base64') }
          : undefined,
      });
      return organisationPage(request, request.params.id);
    },
  );

  app.get(
    '/network/organisations/:id/agreement/document',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: "Download a partner's signed agreement",
        params: IdParams,
        produces: ['application/pdf'],
      },
    },
    async (request, reply) => {
      const file = await partners.readAgreementDocument(platform, request.params.id);
      const ascii =
        file.filename
          .normalize('NFD')
          .replace(/[^\x20-\x7e]/g, '')
          .replace(/["\\]/g, '_') || 'entente.pdf';
      reply
        .header('content-type', file.mimeType)
        .header(
          'content-disposition',
          `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
        );
      return reply.send(file.content);
    },
  );

  app.post(
    '/network/organisations/:id/contacts',
    {
      config: { access: PIVOT_MANAGERS },
      schema: {
        tags,
        summary: 'Add a contact to a partner',
        params: IdParams,
        body: ContactBody,
        response: { 201: IdResponse, ...errors },
      },
    },
    async (request, reply) => {
      const id = await contacts.addContact(platform, request.actor!, request.params.id, request.body);
      return reply.status(201).send({ id });
    },
  );

  app.patch(
    '/network/contacts/:id',
    {
      config: { access: PIVOT_MANAGERS },
      schema: {
        tags,
        summary: "Update a partner's contact",
        params: IdParams,
        body: UpdateContactBody,
        response: { 200: OrganisationNetwork, ...errors },
      },
    },
    async (request) => {
      const organisationId = await contacts.updateContact(
        platform,
        request.actor!,
        request.params.id,
        request.body,
      );
      return organisationPage(request, organisationId);
    },
  );

  app.delete(
    '/network/contacts/:id',
    {
      config: { access: PIVOT_MANAGERS },
      schema: {
        tags,
        summary: "Remove a partner's contact",
        params: IdParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await contacts.removeContact(platform, request.actor!, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/network/mandates',
    {
      config: { access: PIVOT_MANAGERS },
      schema: {
        tags,
        summary: 'Name a pivot to a mandate',
        body: MandateBody,
        response: { 201: IdResponse, ...errors },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const id = await mandates.namePivot(platform, request.actor!, {
        ...body,
        endOn: body.endOn ?? null,
        prerequisiteCompletedOn: body.prerequisiteCompletedOn ?? null,
      });
      return reply.status(201).send({ id });
    },
  );

  app.patch(
    '/network/mandates/:id',
    {
      config: { access: PIVOT_MANAGERS },
      schema: {
        tags,
        summary: 'Update a pivot mandate',
        params: IdParams,
        body: UpdateMandateBody,
        response: { 200: OrganisationNetwork, ...errors },
      },
    },
    async (request) => {
      const organisationId = await mandates.updateMandate(
        platform,
        request.actor!,
        request.params.id,
        request.body,
      );
      return organisationPage(request, organisationId);
    },
  );

  app.post(
    '/network/mandates/:id/end',
    {
      config: { access: PIVOT_MANAGERS },
      schema: {
        tags,
        summary: 'End a pivot mandate',
        params: IdParams,
        body: EndMandateBody,
        response: { 200: OrganisationNetwork, ...errors },
      },
    },
    async (request) => {
      const organisationId = await mandates.endMandate(
        platform,
        request.actor!,
        request.params.id,
        request.body.endOn,
      );
      return organisationPage(request, organisationId);
    },
  );

  app.get(
    '/network/mandates/:id/open-work',
    {
      config: { access: PIVOT_MANAGERS },
      schema: {
        tags,
        summary: 'List the open work of a pivot mandate',
        params: IdParams,
        response: { 200: OpenWork, ...errors },
      },
    },
    async (request) => ({
      items: await succession.openWorkOfMandate(platform, request.actor!, request.params.id),
    }),
  );

  app.post(
    '/network/mandates/:id/replace',
    {
      config: { access: PIVOT_MANAGERS },
      schema: {
        tags,
        summary: 'Replace a pivot and hand over the open work',
        params: IdParams,
        body: ReplaceBody,
        response: { 200: ReplaceResult, ...errors },
      },
    },
    async (request) => {
      const result = await succession.replacePivot(platform, request.actor!, {
        mandateId: request.params.id,
        ...request.body,
      });
      return { successorMandateId: result.successorMandateId, handedOver: result.handedOver };
    },
  );

  app.post(
    '/network/mandates/:id/absences',
    {
      config: { access: PIVOT_MANAGERS },
      schema: {
        tags,
        summary: 'Record an absence of a pivot',
        params: IdParams,
        body: AbsenceBody,
        response: { 200: OrganisationNetwork, ...errors },
      },
    },
    async (request) => {
      const organisationId = await mandates.addAbsence(
        platform,
        request.actor!,
        request.params.id,
        request.body,
      );
      return organisationPage(request, organisationId);
    },
  );
};

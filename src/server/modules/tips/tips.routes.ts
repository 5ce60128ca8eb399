import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import { ErrorResponse, IdParams } from '../../platform/http/schemas.js';
import {
  exportTipPdf,
  getTipFacts,
  listQueue,
  openTip,
  readAttachment,
  readIdentity,
} from './desk.service.js';
import { askTipster } from './follow-up.service.js';
import { enterPhoneTip } from './intake.service.js';
import { listRetention, setRetention } from './retention.service.js';
import * as line from './tips.line.service.js';
import {
  presentDetail,
  presentFacts,
  presentQueueItem,
  presentRetention,
  presentTipLine,
  presentUnit,
} from './tips.presenter.js';
import {
  AttachmentParams,
  ChannelParams,
  ExportQuery,
  IdentityBody,
  IdentityResponse,
  LinkBody,
  NoteBody,
  OpenQuery,
  PhoneTipBody,
  PhoneTipCreated,
  QuestionBody,
  QueueList,
  QueueQuery,
  RetentionBody,
  RetentionList,
  RetentionResult,
  ServicePeople,
  TipDetail,
  TipFacts,
  TipLine,
  TipLineBody,
  TriageBody,
  Unit,
  UnitBody,
  UnitList,
  UnitPatchBody,
} from './tips.schemas.js';
import { addNote, linkTips, triageTip } from './triage.service.js';
import { createUnit, listServicePeople, listUnits, updateUnit } from './units.service.js';

const ANALYSTS = ['police_analyst'] as const;
const POLICE = ['police_analyst', 'investigator'] as const;
/** The receiving service of the public line: seen by the police desk and those who set it. */
const LINE_READERS = ['police_analyst', 'investigator', 'table_coordinator', 'admin'] as const;
const LINE_EDITORS = ['table_coordinator', 'admin'] as const;

/** The police side of the tip line: queue, reading with a purpose, triage, dialogue, phone intake. */
export const tipsApiRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const platform = app.platform;
  const tags = ['tips'];
  const errors = { 400: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };

  app.get(
    '/tips',
    {
      config: { access: POLICE },
      schema: {
        tags,
        summary: "List my police service's tip queue",
        querystring: QueueQuery,
        response: { 200: QueueList },
      },
    },
    async (request) => ({
      items: (await listQueue(platform, request.actor!, request.query)).map(presentQueueItem),
    }),
  );

  app.post(
    '/tips',
    {
      config: { access: ANALYSTS },
      schema: {
        tags,
        summary: 'Enter a tip taken by phone',
        body: PhoneTipBody,
        response: { 201: PhoneTipCreated, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await enterPhoneTip(platform, request.actor!, request.body)),
  );

  app.get(
    '/tips/units',
    {
      config: { access: POLICE },
      schema: { tags, summary: "List my police service's units", response: { 200: UnitList } },
    },
    async (request) => ({ items: (await listUnits(platform, request.actor!)).map(presentUnit) }),
  );

  app.post(
    '/tips/units',
    {
      config: { access: ANALYSTS },
      schema: {
        tags,
        summary: 'Create a unit of my police service',
        body: UnitBody,
        response: { 201: Unit, ...errors },
      },
    },
    async (request, reply) => {
      const id = await createUnit(platform, request.actor!, request.body);
      const unit = (await listUnits(platform, request.actor!)).find((u) => u.id === id)!;
      return reply.status(201).send(presentUnit(unit));
    },
  );

  app.get(
    '/tips/:id',
    {
      config: { access: POLICE },
      schema: {
        tags,
        summary: 'Open a tip, stating the purpose',
        params: IdParams,
        querystring: OpenQuery,
        response: { 200: TipDetail, ...errors },
      },
    },
    async (request) =>
      presentDetail(await openTip(platform, request.actor!, request.params.id, request.query.purpose)),
  );

  app.get(
    '/tips/:id/attachments/:fileId',
    {
      config: { access: POLICE },
      schema: {
        tags,
        summary: 'Download an attachment of a tip',
        params: AttachmentParams,
        querystring: OpenQuery,
        response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), ...errors },
      },
    },
    async (request, reply) => {
      const file = await readAttachment(
        platform,
        request.actor!,
        request.params.id,
        request.params.fileId,
        request.query.purpose,
      );
      return reply
        .header('content-type', file.mimeType)
        .header('content-disposition', `attachment; filename="${file.filename}"`)
        .header('cache-control', 'no-store')
        .send(file.content);
    },
  );

  app.patch(
    '/tips/:id',
    {
      config: { access: ANALYSTS },
      schema: {
        tags,
        summary: 'Triage a tip',
        params: IdParams,
        body: TriageBody,
        response: { 200: TipFacts, ...errors },
      },
    },
    async (request) => {
      await triageTip(platform, request.actor!, request.params.id, request.body);
      return presentFacts(await getTipFacts(platform, request.actor!, request.params.id));
    },
  );

  app.post(
    '/tips/:id/questions',
    {
      config: { access: POLICE },
      schema: {
        tags,
        summary: 'Ask the tipster a question',
        params: IdParams,
        body: QuestionBody,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await askTipster(platform, request.actor!, request.params.id, request.body.body);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/tips/:id/links',
    {
      config: { access: ANALYSTS },
      schema: {
        tags,
        summary: 'Link two related tips',
        params: IdParams,
        body: LinkBody,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await linkTips(platform, request.actor!, request.params.id, request.body.otherId);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/tips/:id/identity',
    {
      config: { access: ANALYSTS },
      schema: {
        tags,
        summary: "Open a tip's identity vault, stating the purpose",
        params: IdParams,
        body: IdentityBody,
        response: { 200: IdentityResponse, ...errors },
      },
    },
    async (request) => ({
      contact: await readIdentity(platform, request.actor!, request.params.id, request.body.purpose),
    }),
  );

  app.post(
    '/tips/:id/notes',
    {
      config: { access: POLICE },
      schema: {
        tags,
        summary: 'Add an internal police note to a tip',
        params: IdParams,
        body: NoteBody,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await addNote(platform, request.actor!, request.params.id, request.body.noteText);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/tips/:id/pdf',
    {
      config: { access: POLICE },
      schema: {
        tags,
        summary: 'Download a tip as PDF for an investigation file',
        params: IdParams,
        querystring: ExportQuery,
        response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), ...errors },
      },
    },
    async (request, reply) => {
      const pdf = await exportTipPdf(platform, request.actor!, request.params.id, {
        purpose: request.query.purpose,
        includeIdentity: request.query.includeIdentity ?? false,
        locale: request.locale,
      });
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', 'attachment; filename="signalement.pdf"')
        .header('cache-control', 'no-store')
        .send(Buffer.from(pdf));
    },
  );

  app.get(
    '/tips/line',
    {
      config: { access: LINE_READERS },
      schema: {
        tags,
        summary: 'The police service receiving the public line',
        response: { 200: TipLine, ...errors },
      },
    },
    async (request) => presentTipLine(await line.getTipLine(platform, request.actor!)),
  );

  app.put(
    '/tips/line',
    {
      config: { access: LINE_EDITORS },
      schema: {
        tags,
        summary: 'Name the police service receiving the public line',
        description:
          'An active organisation of type police or provincial_police. Until one is named, the public form says the line is not open and stores nothing.',
        body: TipLineBody,
        response: { 200: TipLine, ...errors },
      },
    },
    async (request) => {
      await line.setReceivingService(platform, request.actor!, request.body);
      return presentTipLine(await line.getTipLine(platform, request.actor!));
    },
  );

  app.get(
    '/tips/retention',
    {
      config: { access: ANALYSTS },
      schema: {
        tags,
        summary: 'List the retention period of each tip channel',
        response: { 200: RetentionList, ...errors },
      },
    },
    async (request) => ({
      items: (await listRetention(platform, request.actor!)).map(presentRetention),
    }),
  );

  app.put(
    '/tips/retention/:channel',
    {
      config: { access: ANALYSTS },
      schema: {
        tags,
        summary: 'Set the retention period of a tip channel',
        params: ChannelParams,
        body: RetentionBody,
        response: { 200: RetentionResult, ...errors },
      },
    },
    async (request) => {
      const result = await setRetention(platform, request.actor!, request.params.channel, {
        days: request.body.retentionDays,
        applyToExisting: request.body.applyToExisting,
      });
      return { period: presentRetention(result.period), updatedTips: result.updatedTips };
    },
  );

  app.get(
    '/tips/units/people',
    {
      config: { access: ANALYSTS },
      schema: {
        tags,
        summary: 'List the people my police service can put in units',
        response: { 200: ServicePeople, ...errors },
      },
    },
    async (request) => ({ items: await listServicePeople(platform, request.actor!) }),
  );

  app.patch(
    '/tips/units/:id',
    {
      config: { access: ANALYSTS },
      schema: {
        tags,
        summary: 'Rename a unit or replace its members',
        params: IdParams,
        body: UnitPatchBody,
        response: { 200: Unit, ...errors },
      },
    },
    async (request) => {
      await updateUnit(platform, request.actor!, request.params.id, request.body);
      const unit = (await listUnits(platform, request.actor!)).find((u) => u.id === request.params.id)!;
      return presentUnit(unit);
    },
  );
};

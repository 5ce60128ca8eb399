import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import { EmptyBody, ErrorResponse, IdParams } from '../../platform/http/schemas.js';
import { acknowledgeAlert, addTimelineEntry } from './alert-life.service.js';
import { listAlerts, openAlert, readAlertPhoto } from './alert-reading.service.js';
import { DESTROY_ROLES, FIGURES_ROLES, PROFILE_ROLES } from './alerts.policy.js';
import {
  presentAlert,
  presentAlertItem,
  presentDisclosure,
  presentProfile,
  presentProfileSummary,
} from './alerts.presenter.js';
import {
  AlertDetail,
  AlertList,
  AlertListQuery,
  ArchiveBody,
  CloseBody,
  Created,
  DestroyBody,
  DisclosureList,
  DisclosureQuery,
  Figures,
  InterviewBody,
  PartnerList,
  PhotoBody,
  ProfileBody,
  ProfileDetail,
  ProfileList,
  ProfileListQuery,
  ProfileUpdateBody,
  PurposeQuery,
  RaiseAlertBody,
  RaisedAlert,
  Settings,
  SettingsBody,
  TimelineBody,
} from './alerts.schemas.js';
import { closeAlert, recordReturnInterview } from './close.service.js';
import { figures, figuresCsv } from './figures.service.js';
import { archiveProfile, destroyProfile, restoreProfile } from './profile-archive.service.js';
import {
  createProfile,
  listProfiles,
  openProfile,
  readProfilePhoto,
  setProfilePhoto,
  updateProfile,
} from './profiles.service.js';
import { listPartners, raiseAlert } from './raise.service.js';
import { disclosuresCsv, listDisclosures, reviewDisclosure } from './register.service.js';
import { getSettings, updateSettings } from './settings.service.js';

const PRIVACY = ['privacy_officer'] as const;
const COORDINATION = ['table_coordinator'] as const;
const Binary = Type.Unsafe<Buffer>({ type: 'string', format: 'binary' });

/** Profiles, alerts, acknowledgement, timeline, close, return interview, register, figures. */
export const alertsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const platform = app.platform;
  const tags = ['alerts'];
  const errors = { 400: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };

  // ---------------------------------------------------------------- profiles
  app.get(
    '/alerts/profiles',
    {
      config: { access: PROFILE_ROLES },
      schema: {
        tags,
        summary: "List my organisation's youth profiles",
        querystring: ProfileListQuery,
        response: { 200: ProfileList, ...errors },
      },
    },
    async (request) => ({
      items: (await listProfiles(platform, request.actor!, request.query)).map(presentProfileSummary),
    }),
  );

  app.post(
    '/alerts/profiles',
    {
      config: { access: PROFILE_ROLES },
      schema: {
        tags,
        summary: 'Create a youth profile for my organisation',
        body: ProfileBody,
        response: { 201: Created, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send({ id: await createProfile(platform, request.actor!, request.body) }),
  );

  app.get(
    '/alerts/profiles/:id',
    {
      config: { access: PROFILE_ROLES },
      schema: {
        tags,
        summary: 'Open a youth profile, stating the purpose',
        params: IdParams,
        querystring: PurposeQuery,
        response: { 200: ProfileDetail, ...errors },
      },
    },
    async (request) =>
      presentProfile(await openProfile(platform, request.actor!, request.params.id, request.query.purpose)),
  );

  app.patch(
    '/alerts/profiles/:id',
    {
      config: { access: PROFILE_ROLES },
      schema: {
        tags,
        summary: 'Update a youth profile',
        params: IdParams,
        body: ProfileUpdateBody,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await updateProfile(platform, request.actor!, request.params.id, request.body);
      return reply.status(204).send(null);
    },
  );

  app.put(
    '/alerts/profiles/:id/photo',
    {
      config: { access: PROFILE_ROLES },
      bodyLimit: 4 * 1024 * 1024,
      schema: {
        tags,
        summary: 'Replace the photo of a youth profile',
        params: IdParams,
        body: PhotoBody,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await setProfilePhoto(platform, request.actor!, request.params.id, request.body.contentBase64);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/alerts/profiles/:id/photo',
    {
      config: { access: PROFILE_ROLES },
      schema: {
        tags,
        summary: 'Download the photo of a youth profile',
        params: IdParams,
        querystring: PurposeQuery,
        response: { 200: Binary, ...errors },
      },
    },
    async (request, reply) => {
      const photo = await readProfilePhoto(
        platform,
        request.actor!,
        request.params.id,
        request.query.purpose,
      );
      return reply
        .header('content-type', photo.mimeType)
        .header('cache-control', 'no-store')
        .send(photo.content);
    },
  );

  app.post(
    '/alerts/profiles/:id/archive',
    {
      config: { access: PROFILE_ROLES },
      schema: {
        tags,
        summary: 'Archive a youth profile',
        params: IdParams,
        body: ArchiveBody,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await archiveProfile(platform, request.actor!, request.params.id, request.body);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/alerts/profiles/:id/restore',
    {
      config: { access: PROFILE_ROLES },
      schema: {
        tags,
        summary: 'Restore an archived youth profile',
        params: IdParams,
        body: EmptyBody,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await restoreProfile(platform, request.actor!, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/alerts/profiles/:id/destroy',
    {
      config: { access: DESTROY_ROLES },
      schema: {
        tags,
        summary: 'Destroy an archived youth profile now',
        params: IdParams,
        body: DestroyBody,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await destroyProfile(platform, request.actor!, request.params.id, request.body);
      return reply.status(204).send(null);
    },
  );

  // ---------------------------------------------------------------- settings, partners, register, figures
  app.get(
    '/alerts/settings',
    {
      config: { access: 'staff' },
      schema: { tags, summary: 'Read the table-wide alert settings', response: { 200: Settings, ...errors } },
    },
    async (request) => getSettings(platform, request.actor!),
  );

  app.put(
    '/alerts/settings',
    {
      config: { access: COORDINATION },
      schema: {
        tags,
        summary: 'Change the table-wide alert settings',
        body: SettingsBody,
        response: { 200: Settings, ...errors },
      },
    },
    async (request) => {
      await updateSettings(platform, request.actor!, request.body);
      return getSettings(platform, request.actor!);
    },
  );

  app.get(
    '/alerts/partners',
    {
      config: { access: PROFILE_ROLES },
      schema: {
        tags,
        summary: 'List the partners and regions an alert may address',
        response: { 200: PartnerList, ...errors },
      },
    },
    async (request) => listPartners(platform, request.actor!),
  );

  app.get(
    '/alerts/disclosures',
    {
      config: { access: PRIVACY },
      schema: {
        tags,
        summary: 'List the register of disclosures',
        querystring: DisclosureQuery,
        response: { 200: DisclosureList, ...errors },
      },
    },
    async (request) => ({
      items: (await listDisclosures(platform, request.actor!, request.query)).map(presentDisclosure),
    }),
  );

  app.get(
    '/alerts/disclosures.csv',
    {
      config: { access: PRIVACY },
      schema: {
        tags,
        summary: 'Download the register of disclosures as CSV',
        response: { 200: Type.String(), ...errors },
      },
    },
    async (request, reply) =>
      reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="registre-communications.csv"')
        .send(await disclosuresCsv(platform, request.actor!)),
  );

  app.post(
    '/alerts/disclosures/:id/review',
    {
      config: { access: PRIVACY },
      schema: {
        tags,
        summary: 'Mark a flagged disclosure reviewed',
        params: IdParams,
        body: EmptyBody,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await reviewDisclosure(platform, request.actor!, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/alerts/figures',
    {
      config: { access: FIGURES_ROLES },
      schema: {
        tags,
        summary: 'Read the de-identified alert figures',
        response: { 200: Figures, ...errors },
      },
    },
    async () => figures(platform),
  );

  app.get(
    '/alerts/figures.csv',
    {
      config: { access: FIGURES_ROLES },
      schema: {
        tags,
        summary: 'Download the alerts per month as CSV',
        response: { 200: Type.String(), ...errors },
      },
    },
    async (_request, reply) =>
      reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="alertes-par-mois.csv"')
        .send(await figuresCsv(platform)),
  );

  // ---------------------------------------------------------------- alerts
  app.post(
    '/alerts',
    {
      config: { access: PROFILE_ROLES },
      schema: {
        tags,
        summary: 'Raise a runaway alert',
        body: RaiseAlertBody,
        response: { 201: RaisedAlert, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await raiseAlert(platform, request.actor!, request.body)),
  );

  app.get(
    '/alerts',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'List the alerts I may see',
        querystring: AlertListQuery,
        response: { 200: AlertList },
      },
    },
    async (request) => ({
      items: (await listAlerts(platform, request.actor!, request.query)).map(presentAlertItem),
    }),
  );

  app.get(
    '/alerts/:id',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Open an alert, stating the purpose',
        params: IdParams,
        querystring: PurposeQuery,
        response: { 200: AlertDetail, ...errors },
      },
    },
    async (request) =>
      presentAlert(await openAlert(platform, request.actor!, request.params.id, request.query.purpose)),
  );

  app.get(
    '/alerts/:id/photo',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Download the photo shared with an alert',
        params: IdParams,
        querystring: PurposeQuery,
        response: { 200: Binary, ...errors },
      },
    },
    async (request, reply) => {
      const photo = await readAlertPhoto(platform, request.actor!, request.params.id, request.query.purpose);
      return reply
        .header('content-type', photo.mimeType)
        .header('cache-control', 'no-store')
        .send(photo.content);
    },
  );

  app.post(
    '/alerts/:id/acknowledge',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Acknowledge an alert for my organisation',
        params: IdParams,
        body: EmptyBody,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await acknowledgeAlert(platform, request.actor!, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/alerts/:id/timeline',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Add a sighting or an update to an open alert',
        params: IdParams,
        body: TimelineBody,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await addTimelineEntry(platform, request.actor!, request.params.id, request.body);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/alerts/:id/close',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Close an alert',
        params: IdParams,
        body: CloseBody,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await closeAlert(platform, request.actor!, request.params.id, request.body);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/alerts/:id/interview',
    {
      config: { access: PROFILE_ROLES },
      schema: {
        tags,
        summary: 'Record the return interview of a closed alert',
        params: IdParams,
        body: InterviewBody,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await recordReturnInterview(platform, request.actor!, request.params.id, request.body);
      return reply.status(204).send(null);
    },
  );
};

import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import type { Locale } from '../../../shared/roles.js';
import type { Access } from '../../platform/authz/access.js';
import type { Actor } from '../../platform/authz/actor.js';
import { EmptyBody, ErrorResponse, IdParams } from '../../platform/http/schemas.js';
import {
  attendanceSheet,
  participantsCsvFile,
  sessionParticipants,
  setAttendance,
} from './attendance.service.js';
import { certificateFile, completeParticipants, listRecords, myTraining } from './completions.service.js';
import { createCourse, getCourse, listCourses, updateCourse } from './courses.service.js';
import { createInvitation } from './invitations.service.js';
import { correctOutsideParticipant, getOutsideParticipant } from './outside-participants.service.js';
import { cancelRegistration, register } from './registration.service.js';
import {
  createSession,
  getSession,
  listSessions,
  listTrainers,
  sessionIcs,
  updateSession,
} from './sessions.service.js';
import {
  presentCompletion,
  presentCourse,
  presentCourseDetail,
  presentMyTraining,
  presentOutsideParticipant,
  presentParticipants,
  presentSession,
  presentSessionSummary,
} from './training.presenter.js';
import {
  AttendanceBody,
  Completed,
  CompletionBody,
  CorrectParticipantBody,
  CourseDetail,
  CourseList,
  CreateCourseBody,
  CreateSessionBody,
  MyTraining,
  OutsideParticipant,
  Participants,
  RecordList,
  RecordQuery,
  Registration,
  SessionDetail,
  SessionList,
  SessionQuery,
  Trainers,
  UpdateCourseBody,
  UpdateSessionBody,
} from './training.schemas.js';
import { acceptOffer, declineOffer } from './waitlist.service.js';

const EDITORS = ['admin', 'table_coordinator', 'trainer'] as const;
const RECORD_READERS = ['admin', 'table_coordinator', 'org_coordinator', 'trainer'] as const;
const errors = { 400: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };
const FileBody = Type.String({ description: 'file content' });

function sendFile(reply: FastifyReply, type: string, filename: string, body: string | Uint8Array) {
  return reply
    .type(type)
    .header('content-disposition', `attachment; filename="${filename}"`)
    .header('cache-control', 'private, no-store')
    .send(typeof body === 'string' ? body : Buffer.from(body));
}

/** The training programme's API: catalogue, sessions, registrations, attendance, completions. */
export const trainingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const platform = app.platform;
  const tags = ['training'];

  /** A download of a file about the record `:id`, private and never cached; `file` names and makes it. */
  function fileRoute(
    url: string,
    options: { access: Access; summary: string; type: string },
    file: (about: {
      id: string;
      actor: Actor;
      locale: Locale;
    }) => Promise<{ filename: string; body: string | Uint8Array }>,
  ) {
    app.get(
      url,
      {
        config: { access: options.access },
        schema: { tags, summary: options.summary, params: IdParams, response: { 200: FileBody, ...errors } },
      },
      async (request, reply) => {
        const { filename, body } = await file({
          id: request.params.id,
          actor: request.actor!,
          locale: request.locale,
        });
        return sendFile(reply, options.type, filename, body);
      },
    );
  }

  // ---------------------------------------------------------------------------------------------
  // Catalogue

  app.get(
    '/training/courses',
    {
      config: { access: 'staff' },
      schema: { tags, summary: 'List the training course catalogue', response: { 200: CourseList } },
    },
    async (request) => ({
      items: (await listCourses(platform, request.actor!)).map((c) => presentCourse(request.locale, c)),
    }),
  );

  app.post(
    '/training/courses',
    {
      config: { access: EDITORS },
      schema: {
        tags,
        summary: 'Create a training course',
        body: CreateCourseBody,
        response: { 201: CourseDetail, ...errors },
      },
    },
    async (request, reply) => {
      const id = await createCourse(platform, request.actor!, request.body);
      return reply
        .status(201)
        .send(presentCourseDetail(request.locale, await getCourse(platform, request.actor!, id)));
    },
  );

  app.get(
    '/training/courses/:id',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Read a training course',
        params: IdParams,
        response: { 200: CourseDetail, ...errors },
      },
    },
    async (request) =>
      presentCourseDetail(request.locale, await getCourse(platform, request.actor!, request.params.id)),
  );

  app.patch(
    '/training/courses/:id',
    {
      config: { access: EDITORS },
      schema: {
        tags,
        summary: 'Edit a training course',
        params: IdParams,
        body: UpdateCourseBody,
        response: { 200: CourseDetail, ...errors },
      },
    },
    async (request) => {
      await updateCourse(platform, request.actor!, request.params.id, request.body);
      return presentCourseDetail(
        request.locale,
        await getCourse(platform, request.actor!, request.params.id),
      );
    },
  );

  // ---------------------------------------------------------------------------------------------
  // Sessions

  app.get(
    '/training/sessions',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'List the training sessions',
        querystring: SessionQuery,
        response: { 200: SessionList, 400: ErrorResponse },
      },
    },
    async (request) => ({
      items: (await listSessions(platform, request.actor!, request.query)).map((s) =>
        presentSessionSummary(request.locale, s),
      ),
    }),
  );

  app.get(
    '/training/trainers',
    {
      config: { access: EDITORS },
      schema: {
        tags,
        summary: 'List the people who can train',
        response: { 200: Trainers, 403: ErrorResponse },
      },
    },
    async (request) => ({
      items: (await listTrainers(platform, request.actor!)).map((t) => ({
        id: t.id,
        name: t.name,
        organisationName: t.organisation_name,
      })),
    }),
  );

  const sessionDetail = async (locale: Locale, actor: Actor, id: string) =>
    presentSession(locale, await getSession(platform, actor, id));

  app.post(
    '/training/sessions',
    {
      config: { access: EDITORS },
      schema: {
        tags,
        summary: 'Schedule a training session',
        body: CreateSessionBody,
        response: { 201: SessionDetail, ...errors },
      },
    },
    async (request, reply) => {
      const id = await createSession(platform, request.actor!, request.body);
      return reply.status(201).send(await sessionDetail(request.locale, request.actor!, id));
    },
  );

  app.get(
    '/training/sessions/:id',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Read a training session',
        params: IdParams,
        response: { 200: SessionDetail, ...errors },
      },
    },
    async (request) => sessionDetail(request.locale, request.actor!, request.params.id),
  );

  app.patch(
    '/training/sessions/:id',
    {
      config: { access: EDITORS },
      schema: {
        tags,
        summary: 'Edit a training session',
        params: IdParams,
        body: UpdateSessionBody,
        response: { 200: SessionDetail, ...errors },
      },
    },
    async (request) => {
      await updateSession(platform, request.actor!, request.params.id, request.body);
      return sessionDetail(request.locale, request.actor!, request.params.id);
    },
  );

  fileRoute(
    '/training/sessions/:id/session.ics',
    {
      access: 'staff',
      summary: "Download a session's days as iCalendar",
      type: 'text/calendar; charset=utf-8',
    },
    async ({ id, locale }) => ({
      filename: `formation-${id}.ics`,
      body: await sessionIcs(platform, id, locale),
    }),
  );

  app.get(
    '/training/sessions/:id/participants',
    {
      config: { access: EDITORS },
      schema: {
        tags,
        summary: "List a session's registrations and attendance",
        params: IdParams,
        response: { 200: Participants, ...errors },
      },
    },
    async (request) =>
      presentParticipants(await sessionParticipants(platform, request.actor!, request.params.id)),
  );

  fileRoute(
    '/training/sessions/:id/participants.csv',
    {
      access: EDITORS,
      summary: "Download a session's participant list as CSV",
      type: 'text/csv; charset=utf-8',
    },
    async ({ id, actor, locale }) => ({
      filename: `participants-${id}.csv`,
      body: await participantsCsvFile(platform, actor, id, locale),
    }),
  );

  fileRoute(
    '/training/sessions/:id/attendance.pdf',
    { access: EDITORS, summary: "Download a session's attendance sheet as PDF", type: 'application/pdf' },
    async ({ id, actor, locale }) => ({
      filename: `presences-${id}.pdf`,
      body: await attendanceSheet(platform, actor, id, locale),
    }),
  );

  app.put(
    '/training/sessions/:id/attendance',
    {
      config: { access: EDITORS },
      schema: {
        tags,
        summary: 'Record attendance at a session',
        params: IdParams,
        body: AttendanceBody,
        response: { 200: Participants, ...errors },
      },
    },
    async (request) => {
      await setAttendance(platform, request.actor!, request.params.id, request.body.entries);
      return presentParticipants(await sessionParticipants(platform, request.actor!, request.params.id));
    },
  );

  app.post(
    '/training/sessions/:id/completions',
    {
      config: { access: EDITORS },
      schema: {
        tags,
        summary: 'Mark participants as having completed a session',
        params: IdParams,
        body: CompletionBody,
        response: { 200: Completed, ...errors },
      },
    },
    async (request) => ({
      completed: await completeParticipants(
        platform,
        request.actor!,
        request.params.id,
        request.body.registrationIds,
      ),
    }),
  );

  app.post(
    '/training/sessions/:id/invitation',
    {
      config: { access: EDITORS },
      schema: {
        tags,
        summary: 'Make a registration link for outside professionals',
        params: IdParams,
        body: EmptyBody,
        response: { 201: Type.Object({ url: Type.String(), expiresAt: Type.String() }), ...errors },
      },
    },
    async (request, reply) => {
      const link = await createInvitation(platform, request.actor!, request.params.id);
      return reply.status(201).send({ url: link.url, expiresAt: link.expiresAt.toISOString() });
    },
  );

  // ---------------------------------------------------------------------------------------------
  // Registrations

  app.post(
    '/training/sessions/:id/registrations',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Register myself for a session, or join its wait list',
        params: IdParams,
        body: EmptyBody,
        response: { 201: Registration, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await register(platform, request.actor!, request.params.id)),
  );

  for (const [verb, run, summary] of [
    ['cancel', cancelRegistration, 'Cancel a training registration'],
    ['accept', acceptOffer, 'Accept the seat offered from a wait list'],
    ['decline', declineOffer, 'Decline the seat offered from a wait list'],
  ] as const) {
    app.post(
      `/training/registrations/:id/${verb}`,
      {
        config: { access: 'staff' },
        schema: {
          tags,
          summary,
          params: IdParams,
          body: EmptyBody,
          response: { 204: Type.Null(), ...errors },
        },
      },
      async (request, reply) => {
        await run(platform, request.actor!, request.params.id);
        return reply.status(204).send(null);
      },
    );
  }

  // ---------------------------------------------------------------------------------------------
  // My training, records, certificates

  app.get(
    '/training/me',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'List my training registrations and completions',
        response: { 200: MyTraining },
      },
    },
    async (request) => presentMyTraining(request.locale, await myTraining(platform, request.actor!)),
  );

  app.get(
    '/training/records',
    {
      config: { access: RECORD_READERS },
      schema: {
        tags,
        summary: 'Browse the training records I may see',
        querystring: RecordQuery,
        response: { 200: RecordList, 400: ErrorResponse, 403: ErrorResponse },
      },
    },
    async (request) => ({
      items: (await listRecords(platform, request.actor!, request.query)).map((c) =>
        presentCompletion(request.locale, c),
      ),
    }),
  );

  fileRoute(
    '/training/completions/:id/certificate.pdf',
    { access: 'staff', summary: 'Download a training certificate as PDF', type: 'application/pdf' },
    async ({ id, actor, locale }) => ({
      filename: locale === 'en-CA' ? 'certificate.pdf' : 'attestation.pdf',
      body: await certificateFile(platform, actor, id, locale),
    }),
  );

  // ---------------------------------------------------------------------------------------------
  // Outside participants: the table and their trainers read and correct their record

  app.get(
    '/training/participants/:id',
    {
      config: { access: EDITORS },
      schema: {
        tags,
        summary: "Read an outside participant's record",
        params: IdParams,
        response: { 200: OutsideParticipant, ...errors },
      },
    },
    async (request) =>
      presentOutsideParticipant(
        request.locale,
        await getOutsideParticipant(platform, request.actor!, request.params.id),
      ),
  );

  app.patch(
    '/training/participants/:id',
    {
      config: { access: EDITORS },
      schema: {
        tags,
        summary: "Correct an outside participant's identity",
        params: IdParams,
        body: CorrectParticipantBody,
        response: { 200: OutsideParticipant, ...errors },
      },
    },
    async (request) => {
      await correctOutsideParticipant(platform, request.actor!, request.params.id, request.body);
      return presentOutsideParticipant(
        request.locale,
        await getOutsideParticipant(platform, request.actor!, request.params.id),
      );
    },
  );
};

import type { Role } from '../../src/shared/roles.js';
import type { Context, Matrix } from './platform.js';

const EDITORS: readonly Role[] = ['admin', 'table_coordinator', 'trainer'];
const RECORD_READERS: readonly Role[] = ['admin', 'table_coordinator', 'org_coordinator', 'trainer'];

let serial = 0;

async function course({ t }: Context, prerequisiteIds: string[] = [], open = false) {
  serial += 1;
  const row = await t.platform.db
    .insertInto('training_courses')
    .values({
      code: `MAT-${process.pid % 10000}-${serial}`,
      title_fr: 'Formation de la matrice',
      title_en: 'Matrix course',
      duration_days: 1,
      audiences: [],
      open_to_outside: open,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (prerequisiteIds.length > 0) {
    await t.platform.db
      .insertInto('training_course_prerequisites')
      .values(prerequisiteIds.map((prerequisite_id) => ({ course_id: row.id, prerequisite_id })))
      .execute();
  }
  return row.id;
}

/** A session on its own day far ahead, given by the agent (so a trainer's policy lets them run it). */
async function session(ctx: Context, options: { capacity?: number; open?: boolean } = {}) {
  serial += 1;
  const courseId = await course(ctx, [], options.open ?? false);
  const start = new Date(Date.UTC(2031, 0, 1 + serial, 14, 0));
  const row = await ctx.t.platform.db
    .insertInto('training_sessions')
    .values({
      course_id: courseId,
      place: 'Salle fictive',
      capacity: options.capacity ?? 10,
      registration_deadline: new Date(start.getTime() - 86_400_000),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await ctx.t.platform.db
    .insertInto('training_session_days')
    .values({
      session_id: row.id,
      day: start.toISOString().slice(0, 10),
      starts_at: start,
      ends_at: new Date(start.getTime() + 6 * 3_600_000),
    })
    .execute();
  await ctx.t.platform.db
    .insertInto('training_session_trainers')
    .values({ session_id: row.id, person_id: ctx.agent.person.id })
    .execute();
  return { id: row.id, day: start.toISOString().slice(0, 10) };
}

/** The agent's own registration for a session (status as asked). */
async function registration(ctx: Context, status: 'confirmed' | 'offered' = 'confirmed') {
  const s = await session(ctx);
  const person = await ctx.t.platform.db
    .selectFrom('people')
    .innerJoin('organisations', 'organisations.id', 'people.organisation_id')
    .select(['people.email', 'organisations.type'])
    .where('people.id', '=', ctx.agent.person.id)
    .executeTakeFirstOrThrow();
  const participant = await ctx.t.platform.db
    .insertInto('training_participants')
    .values({
      person_id: ctx.agent.person.id,
      full_name: 'Personne Matrice',
      email: person.email,
      organisation_id: ctx.agent.person.organisationId,
      organisation_type: person.type,
    })
    .onConflict((oc) => oc.column('person_id').doUpdateSet({ full_name: 'Personne Matrice' }))
    .returning('id')
    .executeTakeFirstOrThrow();
  const row = await ctx.t.platform.db
    .insertInto('training_registrations')
    .values({
      session_id: s.id,
      participant_id: participant.id,
      status,
      offer_expires_at: status === 'offered' ? new Date(Date.now() + 86_400_000) : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { session: s, registrationId: row.id, participantId: participant.id };
}

async function completion(ctx: Context) {
  const r = await registration(ctx);
  const row = await ctx.t.platform.db
    .insertInto('training_completions')
    .values({
      participant_id: r.participantId,
      course_id: (
        await ctx.t.platform.db
          .selectFrom('training_sessions')
          .select('course_id')
          .where('id', '=', r.session.id)
          .executeTakeFirstOrThrow()
      ).course_id,
      session_id: r.session.id,
      completed_on: '2026-01-15',
      organisation_type: 'community',
      certificate_code: `MTRX-${String(serial).padStart(4, '0')}-${String(process.pid % 10000).padStart(4, '0')}-AAAA`,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** An outside professional registered in a session the agent gives (so a trainer may correct them). */
async function outsideParticipant(ctx: Context) {
  const s = await session(ctx, { open: true });
  serial += 1;
  const participant = await ctx.t.platform.db
    .insertInto('training_participants')
    .values({
      full_name: 'Personne Externe Matrice',
      email: `externe-${process.pid}-${serial}@exemple.test`,
      organisation_type: 'hotel',
      organisation_name: 'Hôtel fictif',
      profession: 'Réception',
      source: 'invited',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await ctx.t.platform.db
    .insertInto('training_registrations')
    .values({ session_id: s.id, participant_id: participant.id, status: 'confirmed' })
    .execute();
  return participant.id;
}

/** The training programme's routes (catalogue, sessions, registrations, records) and its public page. */
export const trainingMatrix: Matrix = {
  'GET /certificats/:code': { access: 'public' },
  'GET /en/certificates/:code': { access: 'public' },

  'GET /inscription-formation/:token': { access: 'public' },
  'POST /inscription-formation/:token': { access: 'public' },
  'GET /en/training-registration/:token': { access: 'public' },
  'POST /en/training-registration/:token': { access: 'public' },
  'GET /inscription-formation/annulation/:token': { access: 'public' },
  'POST /inscription-formation/annulation/:token': { access: 'public' },
  'GET /en/training-registration/cancel/:token': { access: 'public' },
  'POST /en/training-registration/cancel/:token': { access: 'public' },
  'GET /inscription-formation/offre/:token': { access: 'public' },
  'POST /inscription-formation/offre/:token': { access: 'public' },
  'GET /en/training-registration/offer/:token': { access: 'public' },
  'POST /en/training-registration/offer/:token': { access: 'public' },
  'GET /attestation-formation/:token': { access: 'public' },
  'GET /en/training-certificate/:token': { access: 'public' },
  'POST /api/training/sessions/:id/invitation': {
    access: EDITORS,
    request: async (ctx) => ({
      method: 'POST',
      url: `/api/training/sessions/${(await session(ctx, { open: true })).id}/invitation`,
      payload: {},
    }),
  },

  'GET /api/training/courses': {
    access: 'staff',
    request: () => ({ method: 'GET', url: '/api/training/courses' }),
  },
  'POST /api/training/courses': {
    access: EDITORS,
    request: () => {
      serial += 1;
      return {
        method: 'POST',
        url: '/api/training/courses',
        payload: {
          code: `NEW-${process.pid % 10000}-${serial}`,
          titleFr: 'Nouveau',
          titleEn: 'New',
          durationDays: 1,
        },
      };
    },
  },
  'GET /api/training/courses/:id': {
    access: 'staff',
    request: async (ctx) => ({ method: 'GET', url: `/api/training/courses/${await course(ctx)}` }),
  },
  'PATCH /api/training/courses/:id': {
    access: EDITORS,
    request: async (ctx) => ({
      method: 'PATCH',
      url: `/api/training/courses/${await course(ctx)}`,
      payload: { titleFr: 'Titre modifié' },
    }),
  },
  'GET /api/training/sessions': {
    access: 'staff',
    request: () => ({ method: 'GET', url: '/api/training/sessions' }),
  },
  'GET /api/training/trainers': {
    access: EDITORS,
    request: () => ({ method: 'GET', url: '/api/training/trainers' }),
  },
  'POST /api/training/sessions': {
    access: EDITORS,
    request: async (ctx) => {
      serial += 1;
      const start = new Date(Date.UTC(2032, 0, 1 + serial, 14, 0));
      return {
        method: 'POST',
        url: '/api/training/sessions',
        payload: {
          courseId: await course(ctx),
          place: 'Salle fictive',
          capacity: 12,
          registrationDeadline: new Date(start.getTime() - 86_400_000).toISOString(),
          days: [
            { startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 3_600_000).toISOString() },
          ],
        },
      };
    },
  },
  'GET /api/training/sessions/:id': {
    access: 'staff',
    request: async (ctx) => ({ method: 'GET', url: `/api/training/sessions/${(await session(ctx)).id}` }),
  },
  'PATCH /api/training/sessions/:id': {
    access: EDITORS,
    request: async (ctx) => ({
      method: 'PATCH',
      url: `/api/training/sessions/${(await session(ctx)).id}`,
      payload: { capacity: 15 },
    }),
  },
  'GET /api/training/sessions/:id/session.ics': {
    access: 'staff',
    request: async (ctx) => ({
      method: 'GET',
      url: `/api/training/sessions/${(await session(ctx)).id}/session.ics`,
    }),
  },
  'GET /api/training/sessions/:id/participants': {
    access: EDITORS,
    request: async (ctx) => ({
      method: 'GET',
      url: `/api/training/sessions/${(await session(ctx)).id}/participants`,
    }),
  },
  'GET /api/training/sessions/:id/participants.csv': {
    access: EDITORS,
    request: async (ctx) => ({
      method: 'GET',
      url: `/api/training/sessions/${(await session(ctx)).id}/participants.csv`,
    }),
  },
  'GET /api/training/sessions/:id/attendance.pdf': {
    access: EDITORS,
    request: async (ctx) => ({
      method: 'GET',
      url: `/api/training/sessions/${(await session(ctx)).id}/attendance.pdf`,
    }),
  },
  'PUT /api/training/sessions/:id/attendance': {
    access: EDITORS,
    request: async (ctx) => {
      const r = await registration(ctx);
      return {
        method: 'PUT',
        url: `/api/training/sessions/${r.session.id}/attendance`,
        payload: { entries: [{ registrationId: r.registrationId, day: r.session.day, status: 'present' }] },
      };
    },
  },
  'POST /api/training/sessions/:id/completions': {
    access: EDITORS,
    request: async (ctx) => {
      const r = await registration(ctx);
      return {
        method: 'POST',
        url: `/api/training/sessions/${r.session.id}/completions`,
        payload: { registrationIds: [r.registrationId] },
      };
    },
  },
  'POST /api/training/sessions/:id/registrations': {
    access: 'staff',
    request: async (ctx) => ({
      method: 'POST',
      url: `/api/training/sessions/${(await session(ctx)).id}/registrations`,
      payload: {},
    }),
  },
  'POST /api/training/registrations/:id/cancel': {
    access: 'staff',
    request: async (ctx) => ({
      method: 'POST',
      url: `/api/training/registrations/${(await registration(ctx)).registrationId}/cancel`,
      payload: {},
    }),
  },
  'POST /api/training/registrations/:id/accept': {
    access: 'staff',
    request: async (ctx) => ({
      method: 'POST',
      url: `/api/training/registrations/${(await registration(ctx, 'offered')).registrationId}/accept`,
      payload: {},
    }),
  },
  'POST /api/training/registrations/:id/decline': {
    access: 'staff',
    request: async (ctx) => ({
      method: 'POST',
      url: `/api/training/registrations/${(await registration(ctx, 'offered')).registrationId}/decline`,
      payload: {},
    }),
  },
  'GET /api/training/me': {
    access: 'staff',
    request: () => ({ method: 'GET', url: '/api/training/me' }),
  },
  'GET /api/training/records': {
    access: RECORD_READERS,
    request: () => ({ method: 'GET', url: '/api/training/records' }),
  },
  'GET /api/training/completions/:id/certificate.pdf': {
    access: 'staff',
    request: async (ctx) => ({
      method: 'GET',
      url: `/api/training/completions/${await completion(ctx)}/certificate.pdf`,
    }),
  },
  'GET /api/training/participants/:id': {
    access: EDITORS,
    request: async (ctx) => ({
      method: 'GET',
      url: `/api/training/participants/${await outsideParticipant(ctx)}`,
    }),
  },
  'PATCH /api/training/participants/:id': {
    access: EDITORS,
    request: async (ctx) => ({
      method: 'PATCH',
      url: `/api/training/participants/${await outsideParticipant(ctx)}`,
      payload: { fullName: 'Personne Externe Corrigée', profession: 'Gérance' },
    }),
  },
};

import type { Role } from '../../src/shared/roles.js';
import type { Context, Matrix } from './platform.js';

const COORDINATION: readonly Role[] = ['admin', 'table_coordinator'];

async function meeting(
  { t }: Context,
  values: { restricted?: boolean; status?: 'planned' | 'closed'; startsAt?: string } = {},
) {
  const starts = new Date(values.startsAt ?? '2026-10-14T13:30:00Z');
  const row = await t.platform.db
    .insertInto('gov_meetings')
    .values({
      title: 'Rencontre de la matrice',
      starts_at: starts,
      ends_at: new Date(starts.getTime() + 2 * 3_600_000),
      restricted: values.restricted ?? false,
      status: values.status ?? 'planned',
      minutes: values.status === 'closed' ? 'PV fictif' : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function planItem(
  { t }: Context,
  kind: 'mandate' | 'means' | 'action' = 'mandate',
  parentId: string | null = null,
) {
  const row = await t.platform.db
    .insertInto('gov_plan_items')
    .values({ parent_id: parentId, kind, title_fr: 'Élément fictif', title_en: 'Fictional item' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function announcementFor(ctx: Context) {
  const row = await ctx.t.platform.db
    .insertInto('gov_announcements')
    .values({
      title_fr: 'Annonce',
      title_en: 'Announcement',
      body_fr: 'Texte',
      body_en: 'Text',
      audience: 'organisation',
      audience_organisation_id: ctx.agent.person.organisationId,
      publish_at: new Date(),
      published_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await ctx.t.platform.db
    .insertInto('gov_announcement_recipients')
    .values({ announcement_id: row.id, person_id: ctx.agent.person.id })
    .execute();
  return row.id;
}

/** The governance module's routes: meetings, calendar, action plan, announcements. */
export const governanceMatrix: Matrix = {
  'GET /api/governance/meetings': {
    access: 'staff',
    request: () => ({ method: 'GET', url: '/api/governance/meetings' }),
  },
  'POST /api/governance/meetings': {
    access: COORDINATION,
    request: () => ({
      method: 'POST',
      url: '/api/governance/meetings',
      payload: { title: 'Rencontre', startsAt: '2026-10-14T13:30:00Z', endsAt: '2026-10-14T15:30:00Z' },
    }),
  },
  'GET /api/governance/meetings/:id': {
    access: 'staff',
    request: async (ctx) => ({ method: 'GET', url: `/api/governance/meetings/${await meeting(ctx)}` }),
  },
  'PATCH /api/governance/meetings/:id': {
    access: COORDINATION,
    request: async (ctx) => ({
      method: 'PATCH',
      url: `/api/governance/meetings/${await meeting(ctx)}`,
      payload: { title: 'Nouveau titre' },
    }),
  },
  'PUT /api/governance/meetings/:id/attendance': {
    access: COORDINATION,
    request: async (ctx) => {
      const id = await meeting(ctx);
      await ctx.t.platform.db
        .insertInto('gov_invitations')
        .values({ meeting_id: id, person_id: ctx.agent.person.id })
        .execute();
      return {
        method: 'PUT',
        url: `/api/governance/meetings/${id}/attendance`,
        payload: { entries: [{ personId: ctx.agent.person.id, attendance: 'present' }] },
      };
    },
  },
  'POST /api/governance/meetings/:id/close': {
    access: COORDINATION,
    request: async (ctx) => ({
      method: 'POST',
      url: `/api/governance/meetings/${await meeting(ctx)}/close`,
      payload: { minutes: 'Procès-verbal' },
    }),
  },
  'POST /api/governance/meetings/:id/approve-minutes': {
    access: COORDINATION,
    request: async (ctx) => {
      const earlier = await meeting(ctx, { status: 'closed', startsAt: '2026-09-10T13:00:00Z' });
      const later = await meeting(ctx, { startsAt: '2026-10-10T13:00:00Z' });
      return {
        method: 'POST',
        url: `/api/governance/meetings/${later}/approve-minutes`,
        payload: { minutesOf: earlier },
      };
    },
  },
  'POST /api/governance/meetings/:id/decisions': {
    access: COORDINATION,
    request: async (ctx) => ({
      method: 'POST',
      url: `/api/governance/meetings/${await meeting(ctx)}/decisions`,
      payload: { text: 'Décision' },
    }),
  },
  'PATCH /api/governance/decisions/:id': {
    access: COORDINATION,
    request: async (ctx) => {
      const row = await ctx.t.platform.db
        .insertInto('gov_decisions')
        .values({ meeting_id: await meeting(ctx), text: 'Décision' })
        .returning('id')
        .executeTakeFirstOrThrow();
      return {
        method: 'PATCH',
        url: `/api/governance/decisions/${row.id}`,
        payload: { planItemId: await planItem(ctx) },
      };
    },
  },
  'GET /api/governance/meetings/:id/meeting.ics': {
    access: 'staff',
    request: async (ctx) => ({
      method: 'GET',
      url: `/api/governance/meetings/${await meeting(ctx)}/meeting.ics`,
    }),
  },
  'GET /api/governance/calendar.ics': {
    access: 'staff',
    request: () => ({ method: 'GET', url: '/api/governance/calendar.ics' }),
  },
  'GET /api/governance/calendar/feed': {
    access: 'staff',
    request: () => ({ method: 'GET', url: '/api/governance/calendar/feed' }),
  },
  'POST /api/governance/calendar/feed': {
    access: 'staff',
    request: () => ({ method: 'POST', url: '/api/governance/calendar/feed', payload: {} }),
  },
  'GET /api/calendar/:token.ics': { access: 'public' },

  'GET /api/governance/plan': {
    access: 'staff',
    request: () => ({ method: 'GET', url: '/api/governance/plan' }),
  },
  'POST /api/governance/plan': {
    access: COORDINATION,
    request: () => ({
      method: 'POST',
      url: '/api/governance/plan',
      payload: { parentId: null, kind: 'mandate', titleFr: 'Mandat', titleEn: 'Mandate' },
    }),
  },
  'GET /api/governance/plan/:id': {
    access: 'staff',
    request: async (ctx) => ({ method: 'GET', url: `/api/governance/plan/${await planItem(ctx)}` }),
  },
  'PATCH /api/governance/plan/:id': {
    access: COORDINATION,
    request: async (ctx) => ({
      method: 'PATCH',
      url: `/api/governance/plan/${await planItem(ctx)}`,
      payload: { progress: 40 },
    }),
  },
  'POST /api/governance/plan/:id/milestones': {
    access: COORDINATION,
    request: async (ctx) => ({
      method: 'POST',
      url: `/api/governance/plan/${await planItem(ctx)}/milestones`,
      payload: { title: 'Jalon', dueDate: '2026-12-01' },
    }),
  },
  'PATCH /api/governance/milestones/:id': {
    access: COORDINATION,
    request: async (ctx) => {
      const row = await ctx.t.platform.db
        .insertInto('gov_plan_milestones')
        .values({ item_id: await planItem(ctx), title: 'Jalon', due_date: '2026-12-01' })
        .returning('id')
        .executeTakeFirstOrThrow();
      return {
        method: 'PATCH',
        url: `/api/governance/milestones/${row.id}`,
        payload: { doneDate: '2026-11-20' },
      };
    },
  },

  'GET /api/governance/announcements': {
    access: 'staff',
    request: () => ({ method: 'GET', url: '/api/governance/announcements' }),
  },
  'GET /api/governance/announcements/sent': {
    access: COORDINATION,
    request: () => ({ method: 'GET', url: '/api/governance/announcements/sent' }),
  },
  'POST /api/governance/announcements': {
    access: COORDINATION,
    request: () => ({
      method: 'POST',
      url: '/api/governance/announcements',
      payload: { titleFr: 'Titre', titleEn: 'Title', bodyFr: 'Texte', bodyEn: 'Text', audience: 'pivots' },
    }),
  },
  'POST /api/governance/announcements/:id/read': {
    access: 'staff',
    request: async (ctx) => ({
      method: 'POST',
      url: `/api/governance/announcements/${await announcementFor(ctx)}/read`,
      payload: {},
    }),
  },
  'GET /api/governance/announcements/:id/receipts': {
    access: COORDINATION,
    request: async (ctx) => ({
      method: 'GET',
      url: `/api/governance/announcements/${await announcementFor(ctx)}/receipts`,
    }),
  },
};

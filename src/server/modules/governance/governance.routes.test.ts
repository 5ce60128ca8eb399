import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../../../test/support/app.js';
import { rowCount } from '../../../../test/support/concurrency.js';
import { REGION_TIME_ZONE } from '../../../shared/time-zone.js';
import { remindOverdue } from './plan.service.js';

let t: TestApp;
let coordinator: Agent;
beforeAll(async () => {
  t = await createTestApp();
  coordinator = await t.as('table_coordinator');
});
afterAll(async () => {
  await t.close();
});

function count(
  table: 'gov_meetings' | 'gov_plan_items' | 'gov_plan_history' | 'gov_announcements' | 'gov_decisions',
) {
  return rowCount(t, table);
}

function events(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return calendar.getAllSubcomponents('vevent').map((vevent) => {
    const event = new ICAL.Event(vevent);
    return {
      uid: event.uid,
      summary: event.summary,
      location: event.location,
      url: vevent.getFirstPropertyValue('url'),
      start: event.startDate.toJSDate().toISOString(),
      utcOrZoned:
        event.startDate.zone?.tzid === 'UTC' ||
        Boolean(vevent.getFirstProperty('dtstart')?.getParameter('tzid')),
    };
  });
}

async function createMeeting(agent: Agent, payload: Record<string, unknown> = {}) {
  const response = await agent.inject({
    method: 'POST',
    url: '/api/governance/meetings',
    payload: {
      title: 'Rencontre régulière de la table',
      startsAt: '2026-10-14T13:30:00.000Z',
      endsAt: '2026-10-14T16:00:00.000Z',
      place: 'Salle du conseil, 12 rue Fictive',
      ...payload,
    },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

async function createPlanItem(payload: Record<string, unknown>) {
  const response = await coordinator.inject({ method: 'POST', url: '/api/governance/plan', payload });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

describe('meetings', () => {
  it('plans a meeting with a nested agenda, inviting the delegates by default', async () => {
    const organisationId = await t.createOrganisation();
    const delegate = await t.createPerson({ roles: ['org_coordinator'], organisationId });
    const meeting = await createMeeting(coordinator, {
      agenda: [
        { title: 'Mot de bienvenue' },
        {
          title: 'Suivi du plan d’action',
          presenterId: delegate.id,
          children: [{ title: 'Formation des pivots' }, { title: 'Zones de collaboration' }],
        },
      ],
    });
    expect(meeting.status).toBe('planned');
    expect(meeting.agenda.map((a: { title: string }) => a.title)).toEqual([
      'Mot de bienvenue',
      'Suivi du plan d’action',
      'Formation des pivots',
      'Zones de collaboration',
    ]);
    expect(meeting.agenda[2].parentId).toBe(meeting.agenda[1].id);
    expect(meeting.agenda[1].presenterName).toBe('Test Fictif');
    expect(meeting.invitations.map((i: { personId: string }) => i.personId)).toContain(delegate.id);

    const worker = await t.as('worker');
    const list = await worker.inject({ method: 'GET', url: '/api/governance/meetings' });
    expect(list.json().items.map((m: { id: string }) => m.id)).toContain(meeting.id);
    const detail = await worker.inject({ method: 'GET', url: `/api/governance/meetings/${meeting.id}` });
    expect(detail.statusCode).toBe(200);
  });

  it('refuses an end before the start, a plain-http video link and unknown fields, storing nothing', async () => {
    const before = await count('gov_meetings');
    const ends = await coordinator.inject({
      method: 'POST',
      url: '/api/governance/meetings',
      headers: { 'accept-language': 'fr-CA' },
      payload: { title: 'X', startsAt: '2026-10-14T16:00:00Z', endsAt: '2026-10-14T13:00:00Z' },
    });
    expect(ends.statusCode).toBe(400);
    expect(ends.json().error.details[0]).toMatchObject({ field: 'endsAt', rule: 'ends_before_start' });
    expect(ends.json().error.details[0].message).toBe('Fin : la fin doit venir après le début.');
    const http = await coordinator.inject({
      method: 'POST',
      url: '/api/governance/meetings',
      payload: {
        title: 'X',
        startsAt: '2026-10-14T13:00:00Z',
        endsAt: '2026-10-14T16:00:00Z',
        videoUrl: 'http://visio.exemple.test/abc',
      },
    });
    expect(http.statusCode).toBe(400);
    const unknown = await coordinator.inject({
      method: 'POST',
      url: '/api/governance/meetings',
      payload: { title: 'X', startsAt: '2026-10-14T13:00:00Z', endsAt: '2026-10-14T16:00:00Z', extra: 1 },
    });
    expect(unknown.statusCode).toBe(400);
    expect(await count('gov_meetings')).toBe(before);
  });

  it('hides a restricted meeting, and its .ics, from people it does not invite', async () => {
    const invitee = await t.createPerson({ roles: ['worker'] });
    const meeting = await createMeeting(coordinator, {
      title: 'Huis clos fictif',
      restricted: true,
      inviteeIds: [invitee.id],
    });
    const outsider = await t.as('pivot');
    for (const url of [
      `/api/governance/meetings/${meeting.id}`,
      `/api/governance/meetings/${meeting.id}/meeting.ics`,
    ]) {
      const response = await outsider.inject({ method: 'GET', url });
      expect(response.statusCode).toBe(404);
      expect(response.body).not.toContain('Huis clos');
    }
    const list = await outsider.inject({ method: 'GET', url: '/api/governance/meetings' });
    expect(list.json().items.map((m: { id: string }) => m.id)).not.toContain(meeting.id);
    const calendar = await outsider.inject({ method: 'GET', url: '/api/governance/calendar.ics' });
    expect(calendar.body).not.toContain('Huis clos');
    const insider = await t.signIn(invitee);
    expect(
      (await insider.inject({ method: 'GET', url: `/api/governance/meetings/${meeting.id}` })).statusCode,
    ).toBe(200);
  });

  it('closes with minutes shown as a draft to attendees, approved at the next meeting', async () => {
    const organisationId = await t.createOrganisation({ name: 'Organisation présente fictive' });
    const present = await t.createPerson({ roles: ['pivot'], organisationId });
    const absent = await t.createPerson({ roles: ['pivot'] });
    const first = await createMeeting(coordinator, {
      title: 'Rencontre de septembre',
      inviteeIds: [present.id, absent.id],
    });
    const attendance = await coordinator.inject({
      method: 'PUT',
      url: `/api/governance/meetings/${first.id}/attendance`,
      payload: {
        entries: [
          { personId: present.id, attendance: 'present' },
          { personId: absent.id, attendance: 'excused' },
        ],
      },
    });
    expect(attendance.statusCode, attendance.body).toBe(200);
    expect(attendance.json().organisationsPresent).toEqual([
      { id: organisationId, name: 'Organisation présente fictive' },
    ]);
    const stranger = await t.as('worker');
    const notInvited = await coordinator.inject({
      method: 'PUT',
      url: `/api/governance/meetings/${first.id}/attendance`,
      payload: { entries: [{ personId: stranger.person.id, attendance: 'present' }] },
    });
    expect(notInvited.statusCode).toBe(400);

    const closed = await coordinator.inject({
      method: 'POST',
      url: `/api/governance/meetings/${first.id}/close`,
      payload: { minutes: 'Procès-verbal fictif : les membres ont fait le point.' },
    });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({ status: 'closed', minutesApproved: false });
    const again = await coordinator.inject({
      method: 'POST',
      url: `/api/governance/meetings/${first.id}/close`,
      payload: { minutes: 'Encore' },
    });
    expect(again.statusCode).toBe(409);

    const asPresent = await t.signIn(present);
    const asAbsent = await t.signIn(absent);
    expect(
      (await asPresent.inject({ method: 'GET', url: `/api/governance/meetings/${first.id}` })).json().minutes,
    ).toContain('Procès-verbal fictif');
    const draftForAbsent = (
      await asAbsent.inject({ method: 'GET', url: `/api/governance/meetings/${first.id}` })
    ).json();
    expect(draftForAbsent.minutes).toBeNull();
    expect(draftForAbsent.minutesVisible).toBe(false);

    // The next meeting puts the minutes up for approval in its agenda; closing it approves them.
    const second = await createMeeting(coordinator, {
      title: 'Rencontre d’octobre',
      startsAt: '2026-11-11T14:00:00Z',
      endsAt: '2026-11-11T16:00:00Z',
      agenda: [{ title: 'Adoption du procès-verbal de septembre', approvesMeetingId: first.id }],
    });
    await coordinator.inject({
      method: 'POST',
      url: `/api/governance/meetings/${second.id}/close`,
      payload: { minutes: 'Le procès-verbal de septembre est adopté.' },
    });
    const approved = (
      await asAbsent.inject({ method: 'GET', url: `/api/governance/meetings/${first.id}` })
    ).json();
    expect(approved).toMatchObject({ minutesApproved: true, minutesApprovedIn: second.id });
    expect(approved.minutes).toContain('Procès-verbal fictif');
  });

  it('approves minutes explicitly at a later meeting, refusing an open or later one', async () => {
    const early = await createMeeting(coordinator, {
      startsAt: '2026-01-10T14:00:00Z',
      endsAt: '2026-01-10T15:00:00Z',
    });
    const late = await createMeeting(coordinator, {
      startsAt: '2026-02-10T14:00:00Z',
      endsAt: '2026-02-10T15:00:00Z',
    });
    const open = await coordinator.inject({
      method: 'POST',
      url: `/api/governance/meetings/${late.id}/approve-minutes`,
      payload: { minutesOf: early.id },
    });
    expect(open.statusCode).toBe(400);
    expect(open.json().error.details[0].rule).toBe('minutes_not_closed');
    await coordinator.inject({
      method: 'POST',
      url: `/api/governance/meetings/${late.id}/close`,
      payload: { minutes: 'PV de février.' },
    });
    const backwards = await coordinator.inject({
      method: 'POST',
      url: `/api/governance/meetings/${early.id}/approve-minutes`,
      payload: { minutesOf: late.id },
    });
    expect(backwards.statusCode).toBe(400);
    await coordinator.inject({
      method: 'POST',
      url: `/api/governance/meetings/${early.id}/close`,
      payload: { minutes: 'PV de janvier.' },
    });
    const ok = await coordinator.inject({
      method: 'POST',
      url: `/api/governance/meetings/${late.id}/approve-minutes`,
      payload: { minutesOf: early.id },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().minutesApproved).toBe(true);
  });

  it('records decisions and links them to action-plan items; members may not', async () => {
    const mandate = await createPlanItem({
      parentId: null,
      kind: 'mandate',
      titleFr: 'Mandat de décision',
      titleEn: 'Decision mandate',
    });
    const meeting = await createMeeting(coordinator);
    const created = await coordinator.inject({
      method: 'POST',
      url: `/api/governance/meetings/${meeting.id}/decisions`,
      payload: { text: 'La table adopte le calendrier fictif.' },
    });
    expect(created.statusCode).toBe(201);
    const linked = await coordinator.inject({
      method: 'PATCH',
      url: `/api/governance/decisions/${created.json().id}`,
      payload: { planItemId: mandate.id },
    });
    expect(linked.statusCode, linked.body).toBe(200);
    expect(linked.json()).toMatchObject({ planItemId: mandate.id, planItemTitle: 'Mandat de décision' });
    const item = await coordinator.inject({ method: 'GET', url: `/api/governance/plan/${mandate.id}` });
    expect(item.json().decisions.map((d: { id: string }) => d.id)).toEqual([created.json().id]);

    const unknownPlan = await coordinator.inject({
      method: 'PATCH',
      url: `/api/governance/decisions/${created.json().id}`,
      payload: { planItemId: '00000000-0000-4000-8000-000000000000' },
    });
    expect(unknownPlan.statusCode).toBe(400);
    const member = await t.as('pivot');
    const refused = await member.inject({
      method: 'POST',
      url: `/api/governance/meetings/${meeting.id}/decisions`,
      payload: { text: 'Non' },
    });
    expect(refused.statusCode).toBe(403);
  });
});

describe('iCalendar', () => {
  it('serves one meeting and the calendar as iCalendar a real parser reads', async () => {
    const meeting = await createMeeting(coordinator, {
      title: 'Rencontre ICS fictive',
      videoUrl: 'https://visio.exemple.test/table',
      place: null,
    });
    const response = await coordinator.inject({
      method: 'GET',
      url: `/api/governance/meetings/${meeting.id}/meeting.ics`,
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/calendar');
    const [event] = events(response.body);
    expect(event).toMatchObject({
      uid: `${meeting.id}@filet.test`,
      summary: 'Rencontre ICS fictive',
      location: 'https://visio.exemple.test/table',
      url: 'https://visio.exemple.test/table',
      start: '2026-10-14T13:30:00.000Z',
      utcOrZoned: true,
    });
    const all = await coordinator.inject({ method: 'GET', url: '/api/governance/calendar.ics' });
    expect(events(all.body).map((e) => e.uid)).toContain(`${meeting.id}@filet.test`);
  });

  it('gives each person a private feed whose old address dies when regenerated', async () => {
    const person = await t.createPerson({ roles: ['pivot'] });
    const agent = await t.signIn(person);
    const hidden = await createMeeting(coordinator, {
      title: 'Huis clos du flux',
      restricted: true,
      inviteeIds: [],
    });
    const visible = await createMeeting(coordinator, { title: 'Rencontre du flux' });
    expect((await agent.inject({ method: 'GET', url: '/api/governance/calendar/feed' })).json()).toEqual({
      active: false,
      createdAt: null,
    });
    const first = (
      await agent.inject({ method: 'POST', url: '/api/governance/calendar/feed', payload: {} })
    ).json();
    const path = new URL(first.url).pathname;
    const feed = await t.app.inject({ method: 'GET', url: path });
    expect(feed.statusCode).toBe(200);
    const uids = events(feed.body).map((e) => e.uid);
    expect(uids).toContain(`${visible.id}@filet.test`);
    expect(uids).not.toContain(`${hidden.id}@filet.test`);
    const stored = await t.platform.db
      .selectFrom('gov_calendar_tokens')
      .select('token_hash')
      .where('person_id', '=', person.id)
      .executeTakeFirstOrThrow();
    expect(first.url).not.toContain(stored.token_hash);

    const second = (
      await agent.inject({ method: 'POST', url: '/api/governance/calendar/feed', payload: {} })
    ).json();
    expect((await t.app.inject({ method: 'GET', url: path })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: new URL(second.url).pathname })).statusCode).toBe(200);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/calendar/unknown-token-abcdefghijklmnop.ics' }))
        .statusCode,
    ).toBe(404);
  });
});

describe('action plan', () => {
  it('builds a mandate → means → action tree with weighted roll-up and history', async () => {
    const organisationId = await t.createOrganisation();
    const owner = await t.createPerson({ roles: ['pivot'], organisationId });
    const mandate = await createPlanItem({
      parentId: null,
      kind: 'mandate',
      titleFr: 'Mandat A',
      titleEn: 'Mandate A',
    });
    const means1 = await createPlanItem({
      parentId: mandate.id,
      kind: 'means',
      titleFr: 'Moyen 1',
      titleEn: 'Means 1',
      weight: 3,
    });
    const means2 = await createPlanItem({
      parentId: mandate.id,
      kind: 'means',
      titleFr: 'Moyen 2',
      titleEn: 'Means 2',
    });
    const a1 = await createPlanItem({
      parentId: means1.id,
      kind: 'action',
      titleFr: 'Action 1',
      titleEn: 'Action 1',
      progress: 100,
      status: 'done',
    });
    await createPlanItem({
      parentId: means1.id,
      kind: 'action',
      titleFr: 'Action 2',
      titleEn: 'Action 2',
      progress: 0,
    });
    const a3 = await createPlanItem({
      parentId: means2.id,
      kind: 'action',
      titleFr: 'Action 3',
      titleEn: 'Action 3',
      progress: 20,
      startDate: '2026-01-01',
      dueDate: '2026-06-30',
      ownerOrganisationIds: [organisationId],
      ownerPersonIds: [owner.id],
    });
    expect(a1.progress).toBe(100);
    const tree = (await coordinator.inject({ method: 'GET', url: '/api/governance/plan' })).json();
    const progress = (id: string) => tree.items.find((i: { id: string }) => i.id === id).progress;
    expect(progress(means1.id)).toBe(50);
    expect(progress(means2.id)).toBe(20);
    expect(progress(mandate.id)).toBe(43);

    const updated = await coordinator.inject({
      method: 'PATCH',
      url: `/api/governance/plan/${a3.id}`,
      payload: { progress: 60, status: 'in_progress' },
    });
    expect(updated.statusCode, updated.body).toBe(200);
    expect(updated.json().history.slice(0, 2)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          field: 'progress',
          oldValue: '20',
          newValue: '60',
          changedBy: 'Test Fictif',
        }),
        expect.objectContaining({ field: 'status', oldValue: 'not_started', newValue: 'in_progress' }),
      ]),
    );
    const after = (
      await coordinator.inject({ method: 'GET', url: `/api/governance/plan/${mandate.id}` })
    ).json();
    expect(after.progress).toBe(53); // (50 × 3 + 60) / 4 = 52.5
    expect(a3.ownerPeople).toEqual([{ id: owner.id, name: 'Test Fictif' }]);
  });

  it('refuses wrong kinds, bad progress, a due date before the start and cycles, with translated messages', async () => {
    const mandate = await createPlanItem({
      parentId: null,
      kind: 'mandate',
      titleFr: 'Mandat B',
      titleEn: 'Mandate B',
    });
    const means = await createPlanItem({
      parentId: mandate.id,
      kind: 'means',
      titleFr: 'Moyen B',
      titleEn: 'Means B',
    });
    const other = await createPlanItem({
      parentId: null,
      kind: 'mandate',
      titleFr: 'Mandat C',
      titleEn: 'Mandate C',
    });
    const before = await count('gov_plan_items');
    const history = await count('gov_plan_history');
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ parentId: mandate.id, kind: 'action', titleFr: 'x', titleEn: 'x' }, 'kind', 'plan_kind'],
      [{ parentId: null, kind: 'means', titleFr: 'x', titleEn: 'x' }, 'kind', 'plan_kind'],
      [
        { parentId: means.id, kind: 'action', titleFr: 'x', titleEn: 'x', progress: 120 },
        'progress',
        'progress_range',
      ],
      [
        { parentId: means.id, kind: 'action', titleFr: 'x', titleEn: 'x', progress: -1 },
        'progress',
        'progress_range',
      ],
      [
        {
          parentId: means.id,
          kind: 'action',
          titleFr: 'x',
          titleEn: 'x',
          startDate: '2026-05-01',
          dueDate: '2026-04-01',
        },
        'dueDate',
        'due_before_start',
      ],
    ];
    for (const [payload, field, rule] of cases) {
      const response = await coordinator.inject({
        method: 'POST',
        url: '/api/governance/plan',
        headers: { 'accept-language': 'en-CA' },
        payload,
      });
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json().error.details[0]).toMatchObject({ field, rule });
      expect(response.json().error.details[0].message).not.toContain('validation.');
    }
    const cycle = await coordinator.inject({
      method: 'PATCH',
      url: `/api/governance/plan/${mandate.id}`,
      payload: { parentId: means.id },
    });
    expect(cycle.statusCode).toBe(400);
    expect(cycle.json().error.details[0]).toMatchObject({ field: 'parentId', rule: 'plan_cycle' });
    const late = await coordinator.inject({
      method: 'PATCH',
      url: `/api/governance/plan/${means.id}`,
      payload: { startDate: '2026-05-01', dueDate: '2026-04-01', titleFr: 'Changé' },
    });
    expect(late.statusCode).toBe(400);
    expect(await count('gov_plan_items')).toBe(before);
    expect(await count('gov_plan_history')).toBe(history);

    const moved = await coordinator.inject({
      method: 'PATCH',
      url: `/api/governance/plan/${means.id}`,
      payload: { parentId: other.id },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().parentId).toBe(other.id);
    expect(moved.json().history[0]).toMatchObject({
      field: 'parentId',
      oldValue: mandate.id,
      newValue: other.id,
    });
  });

  it('keeps milestones, flags overdue items and reminds their owners at most once a week', async () => {
    const organisationId = await t.createOrganisation();
    const owner = await t.createPerson({ roles: ['pivot'], organisationId });
    const orgCoordinator = await t.createPerson({ roles: ['org_coordinator'], organisationId });
    const mandate = await createPlanItem({
      parentId: null,
      kind: 'mandate',
      titleFr: 'Mandat D',
      titleEn: 'Mandate D',
    });
    const means = await createPlanItem({
      parentId: mandate.id,
      kind: 'means',
      titleFr: 'Moyen D',
      titleEn: 'Means D',
    });
    const late = await createPlanItem({
      parentId: means.id,
      kind: 'action',
      titleFr: 'Action en retard fictive',
      titleEn: 'Late fictional action',
      startDate: '2020-01-01',
      dueDate: '2020-02-01',
      status: 'in_progress',
      ownerPersonIds: [owner.id],
      ownerOrganisationIds: [organisationId],
    });
    expect(late.overdue).toBe(true);
    const milestone = await coordinator.inject({
      method: 'POST',
      url: `/api/governance/plan/${late.id}/milestones`,
      payload: { title: 'Premier jalon', dueDate: '2020-01-15' },
    });
    expect(milestone.statusCode).toBe(201);
    expect(milestone.json().milestones[0]).toMatchObject({ title: 'Premier jalon', overdue: true });
    const done = await coordinator.inject({
      method: 'PATCH',
      url: `/api/governance/milestones/${milestone.json().milestones[0].id}`,
      payload: { doneDate: '2020-01-20' },
    });
    expect(done.json().milestones[0]).toMatchObject({ doneDate: '2020-01-20', overdue: false });

    await remindOverdue(t.platform);
    const notes = await t.platform.db
      .selectFrom('notifications')
      .select(['person_id', 'kind'])
      .where('kind', '=', 'governance.plan_overdue')
      .where('person_id', 'in', [owner.id, orgCoordinator.id])
      .execute();
    expect(notes.map((n) => n.person_id).sort()).toEqual([owner.id, orgCoordinator.id].sort());
    const mails = await t.platform.db
      .selectFrom('email_outbox')
      .select('to_address')
      .where('to_address', '=', owner.email)
      .execute();
    expect(mails).toHaveLength(1);
    await remindOverdue(t.platform);
    const again = await t.platform.db
      .selectFrom('notifications')
      .select('id')
      .where('kind', '=', 'governance.plan_overdue')
      .where('person_id', '=', owner.id)
      .execute();
    expect(again).toHaveLength(1);
  });
});

describe('announcements', () => {
  it('publishes to an audience in both languages, notifies it and shows read receipts', async () => {
    const organisationId = await t.createOrganisation({ type: 'school_service_centre' });
    const pivot = await t.createPerson({ roles: ['pivot'], organisationId, locale: 'en-CA' });
    const worker = await t.createPerson({ roles: ['worker'] });
    const missing = await coordinator.inject({
      method: 'POST',
      url: '/api/governance/announcements',
      payload: { titleFr: 'Titre', titleEn: '', bodyFr: 'Corps', bodyEn: 'Body', audience: 'pivots' },
    });
    expect(missing.statusCode).toBe(400);
    expect(await count('gov_announcements')).toBe(0);

    const created = await coordinator.inject({
      method: 'POST',
      url: '/api/governance/announcements',
      payload: {
        titleFr: 'Nouvelle formation',
        titleEn: 'New training',
        bodyFr: 'Une formation fictive est offerte.',
        bodyEn: 'A fictional training is offered.',
        audience: 'pivots',
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;
    const asPivot = await t.signIn(pivot);
    const mine = (
      await asPivot.inject({
        method: 'GET',
        url: '/api/governance/announcements',
        headers: { 'accept-language': 'en-CA' },
      })
    ).json();
    expect(mine.items[0]).toMatchObject({ id, title: 'New training', read: false });
    const asWorker = await t.signIn(worker);
    expect(
      (await asWorker.inject({ method: 'GET', url: '/api/governance/announcements' })).json().items,
    ).toEqual([]);
    expect(
      (
        await asWorker.inject({
          method: 'POST',
          url: `/api/governance/announcements/${id}/read`,
          payload: {},
        })
      ).statusCode,
    ).toBe(404);

    const note = await t.platform.db
      .selectFrom('notifications')
      .select('kind')
      .where('person_id', '=', pivot.id)
      .executeTakeFirst();
    expect(note?.kind).toBe('governance.announcement');

    expect(
      (await asPivot.inject({ method: 'POST', url: `/api/governance/announcements/${id}/read`, payload: {} }))
        .statusCode,
    ).toBe(204);
    const receipts = (
      await coordinator.inject({ method: 'GET', url: `/api/governance/announcements/${id}/receipts` })
    ).json();
    expect(receipts.read).toBe(1);
    expect(receipts.people.find((p: { id: string }) => p.id === pivot.id).readAt).not.toBeNull();
    expect(
      (await asPivot.inject({ method: 'GET', url: `/api/governance/announcements/${id}/receipts` }))
        .statusCode,
    ).toBe(403);

    const byType = await coordinator.inject({
      method: 'POST',
      url: '/api/governance/announcements',
      payload: {
        titleFr: 'Aux écoles',
        titleEn: 'To schools',
        bodyFr: 'Message',
        bodyEn: 'Message',
        audience: 'organisation_type',
        organisationType: 'school_service_centre',
      },
    });
    expect(byType.json().recipientCount).toBe(1);
  });

  it('publishes a scheduled announcement when its time comes', async () => {
    const created = await coordinator.inject({
      method: 'POST',
      url: '/api/governance/announcements',
      payload: {
        titleFr: 'Plus tard',
        titleEn: 'Later',
        bodyFr: 'Message',
        bodyEn: 'Message',
        audience: 'all',
        publishAt: new Date(Date.now() + 3_600_000).toISOString(),
      },
    });
    expect(created.json()).toMatchObject({ publishedAt: null, recipientCount: 0 });
    const { publishDue } = await import('./announcements.service.js');
    const realNow = t.platform.now;
    t.platform.now = () => new Date(Date.now() + 2 * 3_600_000);
    try {
      expect(await publishDue(t.platform)).toBe(1);
    } finally {
      t.platform.now = realNow;
    }
    const sent = (
      await coordinator.inject({ method: 'GET', url: '/api/governance/announcements/sent' })
    ).json();
    const row = sent.items.find((a: { id: string }) => a.id === created.json().id);
    expect(row.publishedAt).not.toBeNull();
    expect(row.recipientCount).toBeGreaterThan(0);
  });
});

describe('annual report', () => {
  it('adds the governance section in the requested language', async () => {
    const sections = await t.platform.annualReport.compute(t.platform.db, {
      year: 2026,
      locale: 'en-CA',
      timeZone: REGION_TIME_ZONE,
    });
    const section = sections.find((s) => s.key === 'governance')!;
    expect(section.title).toBe('Governance of the table');
    const held = section.figures.find((f) => f.label === 'Meetings held')!;
    expect(held.value).toBeGreaterThanOrEqual(3);
    expect(section.charts[0]!.categories).toContain('Mandate A');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../../../test/support/app.js';
import { auditCount, notificationCount, outboxCount, race } from '../../../../test/support/concurrency.js';
import { publishDue } from './announcements.service.js';
import { remindOverdue } from './plan.service.js';

/** Meetings, minutes, announcements and reminders of the table changed by several people at once. */
let now = new Date('2026-06-01T12:00:00Z');
let t: TestApp;
let coordinator: Agent;
let secondCoordinator: Agent;

beforeAll(async () => {
  t = await createTestApp({ now: () => now });
  coordinator = await t.as('table_coordinator');
  secondCoordinator = await t.as('table_coordinator');
});
afterAll(async () => {
  await t.close();
});

let month = 0;
async function createMeeting(agenda: Array<Record<string, unknown>> = []): Promise<string> {
  month += 1;
  const day = `2026-${String(month).padStart(2, '0')}-10`;
  const response = await coordinator.inject({
    method: 'POST',
    url: '/api/governance/meetings',
    payload: {
      title: 'Rencontre fictive',
      startsAt: `${day}T13:30:00.000Z`,
      endsAt: `${day}T16:00:00.000Z`,
      place: 'Salle fictive',
      agenda,
    },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id;
}

function close(agent: Agent, id: string, minutes = 'Procès-verbal fictif.') {
  return agent.inject({ method: 'POST', url: `/api/governance/meetings/${id}/close`, payload: { minutes } });
}

describe('governance under simultaneous requests', () => {
  it('closes a meeting once: 50 simultaneous closes give one 200 and 49 × 409', async () => {
    const id = await createMeeting();
    const result = await race(t, 50, (i) => close(i % 2 === 0 ? coordinator : secondCoordinator, id));
    expect(result.statuses).toEqual({ 200: 1, 409: 49 });
    if (t.database.engine === 'postgres') expect(result.peakConnections).toBeGreaterThan(1);
    expect(await auditCount(t, 'governance.meeting.close', id)).toBe(1);
  });

  it('approves minutes once, whether explicitly or by closing the meeting that puts them up', async () => {
    const earlier = await createMeeting();
    expect((await close(coordinator, earlier)).statusCode).toBe(200);
    const later = await createMeeting([{ title: 'Adoption du procès-verbal', approvesMeetingId: earlier }]);
    const result = await race(t, 40, (i) =>
      i % 2 === 0
        ? coordinator.inject({
            method: 'POST',
            url: `/api/governance/meetings/${later}/approve-minutes`,
            payload: { minutesOf: earlier },
          })
        : close(secondCoordinator, later),
    );
    expect(result.statuses[500]).toBeUndefined();
    const approvals = result.responses.filter((r, i) => i % 2 === 0 && r.statusCode === 200).length;
    const closes = result.responses.filter((r, i) => i % 2 === 1 && r.statusCode === 200).length;
    expect(closes).toBe(1);
    expect(approvals).toBeLessThanOrEqual(1);
    const closeEntry = await t.platform.db
      .selectFrom('audit_log')
      .select('entry')
      .where('action', '=', 'governance.meeting.close')
      .where('target_id', '=', later)
      .executeTakeFirstOrThrow();
    const approvedByClose = (JSON.parse(closeEntry.entry).meta.approvedMinutesOf as string[]).includes(
      earlier,
    );
    // Approved exactly once: by the explicit approval or by the close, never both.
    expect(approvals + (approvedByClose ? 1 : 0)).toBe(1);
    expect(await auditCount(t, 'governance.minutes.approve', earlier)).toBe(approvals);
  });

  it('publishes a scheduled announcement once when two runs overlap', async () => {
    const reader = await t.as('worker');
    const created = await coordinator.inject({
      method: 'POST',
      url: '/api/governance/announcements',
      payload: {
        titleFr: 'Plus tard',
        titleEn: 'Later',
        bodyFr: 'Message fictif',
        bodyEn: 'Fictional message',
        audience: 'all',
        publishAt: new Date(now.getTime() + 3_600_000).toISOString(),
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const saved = now;
    try {
      now = new Date(saved.getTime() + 2 * 3_600_000);
      const runs = await Promise.all([publishDue(t.platform), publishDue(t.platform)]);
      expect(runs.reduce((a, b) => a + b, 0)).toBe(1);
    } finally {
      now = saved;
    }
    expect(await auditCount(t, 'governance.announcement.publish', created.json().id)).toBe(1);
    expect(await notificationCount(t, 'governance.announcement', reader.person.id)).toBe(1);
  });

  it('reminds an owner of an overdue action once when two runs overlap', async () => {
    const owner = await t.createPerson({ roles: ['worker'] });
    const make = async (payload: Record<string, unknown>) => {
      const response = await coordinator.inject({ method: 'POST', url: '/api/governance/plan', payload });
      expect(response.statusCode, response.body).toBe(201);
      return response.json().id as string;
    };
    const mandate = await make({ parentId: null, kind: 'mandate', titleFr: 'Mandat', titleEn: 'Mandate' });
    const means = await make({ parentId: mandate, kind: 'means', titleFr: 'Moyen', titleEn: 'Means' });
    await make({
      parentId: means,
      kind: 'action',
      titleFr: 'Action en retard',
      titleEn: 'Late action',
      startDate: '2020-01-01',
      dueDate: '2020-02-01',
      status: 'in_progress',
      ownerPersonIds: [owner.id],
    });
    await Promise.all([remindOverdue(t.platform), remindOverdue(t.platform)]);
    expect(await outboxCount(t, { kind: 'governance_plan_overdue', to: owner.email })).toBe(1);
    expect(await notificationCount(t, 'governance.plan_overdue', owner.id)).toBe(1);
  });
});

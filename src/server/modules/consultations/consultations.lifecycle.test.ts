import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type Agent,
  createSiblingApp,
  createTestApp,
  type TestApp,
  type TestPerson,
} from '../../../../test/support/app.js';
import { lastAuditEntry } from '../../../../test/support/audit.js';
import { auditCount, race } from '../../../../test/support/concurrency.js';
import { computeFigures, consultationsReportContributor } from './figures.service.js';
import { destroyExpiredThreads, escalateOverdue } from './lifecycle.service.js';

// Monday 15 June 2026, 10:00 in Québec City.
const START = new Date('2026-06-15T14:00:00Z');
let now = START;
let t: TestApp;

interface People {
  orgA: string;
  orgB: string;
  worker: TestPerson;
  pivotA: TestPerson;
  pivotB: TestPerson;
  successor: TestPerson;
  coordA: TestPerson;
  coordB: TestPerson;
  table: TestPerson;
}
let p: People;

async function mandate(person: TestPerson) {
  await t.platform.db
    .insertInto('pivot_mandates')
    .values({
      person_id: person.id,
      organisation_id: person.organisationId,
      start_on: '2026-01-01',
      expertise: ['boys'],
      languages: ['fr'],
    })
    .execute();
}

/** A session for a person now (the fake clock moves: sessions idle out, so each step signs in again). */
const as = (person: TestPerson): Promise<Agent> => t.signIn(person);

async function ask(more: Record<string, unknown> = {}): Promise<string> {
  const response = await (await as(p.worker)).inject({
    method: 'POST',
    url: '/api/consultations',
    payload: {
      ageRange: '16_17',
      gender: 'boy',
      setting: 'school',
      observed: 'Un élève montre de nouveaux vêtements de marque et s’absente les vendredis.',
      question: 'Faut-il en parler aux parents d’abord?',
      urgency: 'normal',
      language: 'fr',
      target: 'automatic',
      ...more,
    },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id;
}

async function take(person: TestPerson, id: string) {
  const response = await (await as(person)).inject({
    method: 'POST',
    url: `/api/consultations/${id}/take`,
    payload: {},
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as { version: number };
}

async function close(person: TestPerson, id: string, version: number) {
  const response = await (await as(person)).inject({
    method: 'POST',
    url: `/api/consultations/${id}/close`,
    payload: { summary: 'En parler d’abord avec l’élève, puis convenir ensemble.', version },
  });
  expect(response.statusCode, response.body).toBe(200);
}

beforeAll(async () => {
  t = await createTestApp({ now: () => now });
  const orgA = await t.createOrganisation({ type: 'school_service_centre', region: 'Capitale-Nationale' });
  const orgB = await t.createOrganisation({ type: 'community', region: 'Capitale-Nationale' });
  p = {
    orgA,
    orgB,
    worker: await t.createPerson({ roles: ['worker'], organisationId: orgA }),
    pivotA: await t.createPerson({ roles: ['pivot'], organisationId: orgA }),
    pivotB: await t.createPerson({ roles: ['pivot'], organisationId: orgB }),
    successor: await t.createPerson({ roles: ['pivot'], organisationId: orgA }),
    coordA: await t.createPerson({ roles: ['org_coordinator'], organisationId: orgA }),
    coordB: await t.createPerson({ roles: ['org_coordinator'], organisationId: orgB }),
    table: await t.createPerson({ roles: ['table_coordinator'], organisationId: orgB }),
  };
  await mandate(p.pivotA);
  await mandate(p.pivotB);
});
afterAll(async () => {
  await t.close();
});
beforeEach(() => {
  now = START;
});

describe('racing', () => {
  it('lets one of two pivots take a consultation at once; the other gets 409', async () => {
    const id = await ask();
    const pivots = [await as(p.pivotA), await as(p.pivotB)];
    const result = await race(t, 2, (i) =>
      pivots[i]!.inject({ method: 'POST', url: `/api/consultations/${id}/take`, payload: {} }),
    );
    expect(result.statuses).toEqual({ 200: 1, 409: 1 });
    expect(await auditCount(t, 'consultations.consultation.take', id)).toBe(1);
    const participants = await t.platform.db
      .selectFrom('consultation_participants')
      .select('person_id')
      .where('consultation_id', '=', id)
      .execute();
    expect(participants).toHaveLength(1);
  });

  it('closes a consultation once when its lead closes it twice at once', async () => {
    const id = await ask();
    const { version } = await take(p.pivotA, id);
    const lead = await as(p.pivotA);
    const result = await race(t, 2, (i) =>
      lead.inject({
        method: 'POST',
        url: `/api/consultations/${id}/close`,
        payload: { summary: `Fermeture ${i + 1}.`, version },
      }),
    );
    expect(result.statuses).toEqual({ 200: 1, 409: 1 });
    expect(await auditCount(t, 'consultations.consultation.close', id)).toBe(1);
  });

  it('lets one pivot win on two Filet nodes, and tells the asker on either', async () => {
    const sibling = await createSiblingApp(t, { now: () => now });
    try {
      const id = await ask();
      const onFirst = await as(p.pivotA);
      const onSecond = await sibling.signIn(p.pivotB);
      const [a, b] = await Promise.all([
        onFirst.inject({ method: 'POST', url: `/api/consultations/${id}/take`, payload: {} }),
        onSecond.inject({ method: 'POST', url: `/api/consultations/${id}/take`, payload: {} }),
      ]);
      expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
      const worker = await sibling.signIn(p.worker);
      const detail = (await worker.inject({ method: 'GET', url: `/api/consultations/${id}` })).json();
      expect(detail.status).toBe('taken');
      const told = await t.platform.db
        .selectFrom('notifications')
        .select('person_id')
        .where('kind', '=', 'consultations.taken')
        .where('link', '=', `/consultations/${id}`)
        .execute();
      expect(told.map((n) => n.person_id)).toContain(p.worker.id);
    } finally {
      await sibling.close();
    }
  });

  it('never lets a withdrawal and a take both win', async () => {
    const id = await ask();
    const worker = await as(p.worker);
    const pivot = await as(p.pivotA);
    const result = await race(t, 2, (i) =>
      i === 0
        ? worker.inject({ method: 'POST', url: `/api/consultations/${id}/withdraw`, payload: {} })
        : pivot.inject({ method: 'POST', url: `/api/consultations/${id}/take`, payload: {} }),
    );
    expect(result.statuses).toEqual({ 200: 1, 409: 1 });
  });
});

describe('due time and escalation', () => {
  it('escalates an overdue consultation once to the coordinators of the asked pivots', async () => {
    const id = await ask();
    // Normal: 2 business days → due at the end of Wednesday 17 June. Thursday morning it is overdue.
    now = new Date('2026-06-18T13:00:00Z');
    expect(await escalateOverdue(t.platform)).toBeGreaterThanOrEqual(1);
    const told = await t.platform.db
      .selectFrom('notifications')
      .select('person_id')
      .where('kind', '=', 'consultations.overdue')
      .execute();
    expect(told.map((n) => n.person_id)).toEqual(expect.arrayContaining([p.coordA.id, p.coordB.id]));
    expect(await escalateOverdue(t.platform)).toBe(0);
    const coordB = await as(p.coordB);
    const counts = (await coordB.inject({ method: 'GET', url: '/api/consultations/counts' })).json();
    expect(counts.overdueForCoordination).toBeGreaterThanOrEqual(1);
    const list = (
      await coordB.inject({ method: 'GET', url: '/api/consultations?box=coordination&overdue=true' })
    ).json();
    const item = list.items.find((i: { id: string }) => i.id === id);
    expect(item).toMatchObject({ overdue: true, escalated: true, view: 'stub', askerName: null });
    // The asker's coordinator sees it in full.
    const coordA = await as(p.coordA);
    expect((await coordA.inject({ method: 'GET', url: `/api/consultations/${id}` })).json().view).toBe(
      'full',
    );
  });

  it('counts on the home card the overdue consultations the coordination list shows', async () => {
    // Overdue but not yet escalated (the job has not run): the asker's coordinator lists it.
    const id = await ask();
    now = new Date('2026-06-18T13:00:00Z');
    for (const person of [p.coordA, p.coordB, p.table]) {
      const agent = await as(person);
      const counts = (await agent.inject({ method: 'GET', url: '/api/consultations/counts' })).json();
      const list = (
        await agent.inject({
          method: 'GET',
          url: '/api/consultations?box=coordination&overdue=true&limit=100',
        })
      ).json();
      expect(counts.overdueForCoordination, person.id).toBe(list.total);
      if (person === p.coordA) {
        expect(list.items.map((i: { id: string }) => i.id)).toContain(id);
        expect(counts.overdueForCoordination).toBeGreaterThanOrEqual(1);
      }
    }
  });

  it('does not escalate one a pivot answered in time', async () => {
    const id = await ask();
    const { version } = await take(p.pivotB, id);
    now = new Date('2026-06-16T14:00:00Z');
    const answer = await (await as(p.pivotB)).inject({
      method: 'POST',
      url: `/api/consultations/${id}/messages`,
      payload: { body: 'Oui, mais avec l’élève d’abord.' },
    });
    expect(answer.statusCode).toBe(201);
    now = new Date('2026-06-19T14:00:00Z');
    await escalateOverdue(t.platform);
    const row = await t.platform.db
      .selectFrom('consultations')
      .select(['escalated_at', 'first_answer_at', 'version'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.escalated_at).toBeNull();
    expect(row.first_answer_at?.toISOString()).toBe('2026-06-16T14:00:00.000Z');
    expect(row.version).toBe(version);
  });
});

describe('retention', () => {
  it('destroys threads closed longer than the retention period, keeping a tombstone for the figures', async () => {
    const old = await ask();
    const { version } = await take(p.pivotA, old);
    const message = await (await as(p.pivotA)).inject({
      method: 'POST',
      url: `/api/consultations/${old}/messages`,
      payload: { body: 'Parlez-en d’abord avec l’élève.' },
    });
    expect(message.statusCode).toBe(201);
    await close(p.pivotA, old, version);
    const entry = await (await as(p.pivotA)).inject({
      method: 'POST',
      url: `/api/consultations/${old}/knowledge`,
      payload: {
        question: 'Un élève change de comportement : en parler aux parents?',
        answer: 'D’abord avec l’élève, puis convenir ensemble de qui informer.',
        tags: ['boys', 'schools'],
        language: 'fr',
      },
    });
    expect(entry.statusCode, entry.body).toBe(201);
    // A year later, a second one is closed: within the retention period when the first expires.
    now = new Date('2027-06-15T14:00:00Z');
    const recent = await ask();
    const taken = await take(p.pivotB, recent);
    await close(p.pivotB, recent, taken.version);
    // 2 years and a day after the first close.
    now = new Date('2028-06-16T14:00:00Z');
    // This one, and those the races above closed or withdrew the same week.
    expect(await destroyExpiredThreads(t.platform)).toBeGreaterThanOrEqual(1);
    const tombstone = await t.platform.db
      .selectFrom('consultations')
      .selectAll()
      .where('id', '=', old)
      .executeTakeFirstOrThrow();
    expect(tombstone).toMatchObject({
      sealed_texts: null,
      sealed_summary: null,
      asker_person_id: null,
      lead_person_id: null,
      urgency: 'normal',
      expertise: [],
      asker_organisation_id: p.orgA,
      lead_organisation_id: p.orgA,
      status: 'closed',
    });
    expect(tombstone.destroyed_at?.toISOString()).toBe(now.toISOString());
    for (const table of [
      'consultation_messages',
      'consultation_participants',
      'consultation_recipients',
    ] as const) {
      const rows = await t.platform.db
        .selectFrom(table)
        .select('consultation_id')
        .where('consultation_id', '=', old)
        .execute();
      expect(rows, table).toEqual([]);
    }
    expect(await auditCount(t, 'consultations.thread.destroy')).toBe(1);
    expect((await lastAuditEntry(t.platform.db, 'consultations.thread.destroy')).entry.meta).toMatchObject({
      retentionMonths: 24,
    });
    // The second thread stays; the know-how stays; nobody can open the tombstone any more.
    const kept = await t.platform.db
      .selectFrom('consultations')
      .select('sealed_texts')
      .where('id', '=', recent)
      .executeTakeFirstOrThrow();
    expect(kept.sealed_texts).not.toBeNull();
    const knowledge = await t.platform.db
      .selectFrom('consultation_knowledge')
      .select('id')
      .where('id', '=', entry.json().id)
      .executeTakeFirst();
    expect(knowledge).toBeDefined();
    expect(
      (await (await as(p.worker)).inject({ method: 'GET', url: `/api/consultations/${old}` })).statusCode,
    ).toBe(404);
    expect(await destroyExpiredThreads(t.platform)).toBe(0);
    // The figures still count it.
    const figures = await computeFigures(t.platform.db, {
      from: '2026-06-01',
      to: '2026-06-30',
      timeZone: 'America/Toronto',
      now,
    });
    expect(figures.total).not.toBeNull();
  });

  it('follows the retention the table sets', async () => {
    const table = await as(p.table);
    const changed = await table.inject({
      method: 'PUT',
      url: '/api/consultations/settings',
      payload: { retentionMonths: 6 },
    });
    expect(changed.statusCode).toBe(200);
    const id = await ask();
    const { version } = await take(p.pivotA, id);
    await close(p.pivotA, id, version);
    now = new Date('2026-12-14T14:00:00Z');
    expect(await destroyExpiredThreads(t.platform)).toBe(0);
    now = new Date('2026-12-16T14:00:00Z');
    expect(await destroyExpiredThreads(t.platform)).toBeGreaterThanOrEqual(1);
    await (await as(p.table)).inject({
      method: 'PUT',
      url: '/api/consultations/settings',
      payload: { retentionMonths: 24 },
    });
  });
});

describe('retention of consultations never closed', () => {
  it('destroys open and abandoned ones whose last activity is older than the retention period', async () => {
    const open = await ask();
    const abandoned = await ask();
    await take(p.pivotA, abandoned);
    now = new Date(START.getTime() + 60 * 60_000);
    const early = await (await as(p.pivotA)).inject({
      method: 'POST',
      url: `/api/consultations/${abandoned}/messages`,
      payload: { body: 'Parlez-en d’abord avec l’élève.' },
    });
    expect(early.statusCode).toBe(201);
    now = START;
    const active = await ask();
    await take(p.pivotB, active);
    // A year later, the asker still writes in the third one.
    now = new Date('2027-06-15T14:00:00Z');
    const late = await (await as(p.worker)).inject({
      method: 'POST',
      url: `/api/consultations/${active}/messages`,
      payload: { body: 'La rencontre a eu lieu, merci.' },
    });
    expect(late.statusCode).toBe(201);
    // 24 months and a day after they were asked.
    now = new Date('2028-06-16T14:00:00Z');
    expect(await destroyExpiredThreads(t.platform)).toBeGreaterThanOrEqual(2);
    const rows = await t.platform.db
      .selectFrom('consultations')
      .select(['id', 'status', 'sealed_texts', 'asker_person_id', 'lead_person_id', 'destroyed_at'])
      .where('id', 'in', [open, abandoned, active])
      .execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(open)).toMatchObject({ status: 'open', sealed_texts: null, asker_person_id: null });
    expect(byId.get(abandoned)).toMatchObject({ status: 'taken', sealed_texts: null, lead_person_id: null });
    expect(byId.get(open)!.destroyed_at?.toISOString()).toBe(now.toISOString());
    expect(byId.get(active)!.sealed_texts).not.toBeNull();
    expect(byId.get(active)!.destroyed_at).toBeNull();
    for (const table of [
      'consultation_messages',
      'consultation_participants',
      'consultation_recipients',
    ] as const) {
      const left = await t.platform.db
        .selectFrom(table)
        .select('consultation_id')
        .where('consultation_id', 'in', [open, abandoned])
        .execute();
      expect(left, table).toEqual([]);
    }
    // A tombstone is neither overdue for coordination nor readable.
    const coordA = await as(p.coordA);
    const overdue = (
      await coordA.inject({
        method: 'GET',
        url: '/api/consultations?box=coordination&overdue=true&limit=100',
      })
    ).json();
    expect(overdue.items.map((i: { id: string }) => i.id)).not.toContain(open);
    expect(overdue.items.map((i: { id: string }) => i.id)).not.toContain(abandoned);
    expect(
      (await (await as(p.worker)).inject({ method: 'GET', url: `/api/consultations/${open}` })).statusCode,
    ).toBe(404);
  });
});

describe('hand-over when a pivot leaves', () => {
  it('moves nothing to a successor who does not hold the pivot role', async () => {
    const led = await ask();
    await take(p.pivotA, led);
    const moved = await t.platform.db.transaction().execute((trx) =>
      t.platform.handover.transferAll(trx, {
        fromPersonId: p.pivotA.id,
        toPersonId: p.coordA.id,
        organisationId: p.pivotA.organisationId,
        actorId: p.coordA.id,
      }),
    );
    expect(moved.consultations ?? 0).toBe(0);
    const row = await t.platform.db
      .selectFrom('consultations')
      .select('lead_person_id')
      .where('id', '=', led)
      .executeTakeFirstOrThrow();
    expect(row.lead_person_id).toBe(p.pivotA.id);
    const participants = await t.platform.db
      .selectFrom('consultation_participants')
      .select('person_id')
      .where('consultation_id', '=', led)
      .execute();
    expect(participants.map((r) => r.person_id)).not.toContain(p.coordA.id);
  });

  it('moves the consultations a pivot leads and those routed to them to the successor', async () => {
    const led = await ask();
    await take(p.pivotA, led);
    const routed = await ask({ target: 'pivot', targetPersonId: p.pivotA.id });
    const open = await t.platform.handover.openWork(t.platform.db, p.pivotA.id, p.pivotA.organisationId);
    expect(open.find((w) => w.key === 'consultations')!.count).toBeGreaterThanOrEqual(2);
    const moved = await t.platform.db.transaction().execute((trx) =>
      t.platform.handover.transferAll(trx, {
        fromPersonId: p.pivotA.id,
        toPersonId: p.successor.id,
        organisationId: p.pivotA.organisationId,
        actorId: p.coordA.id,
      }),
    );
    expect(moved.consultations).toBeGreaterThanOrEqual(2);
    const successor = await as(p.successor);
    const detail = (await successor.inject({ method: 'GET', url: `/api/consultations/${led}` })).json();
    expect(detail.may.close).toBe(true);
    expect(detail.side).toBe('participant');
    const waiting = (await successor.inject({ method: 'GET', url: `/api/consultations/${routed}` })).json();
    expect(waiting.may.take).toBe(true);
    expect(await auditCount(t, 'consultations.consultation.hand_over_all')).toBeGreaterThanOrEqual(1);
  });
});

describe('figures', () => {
  it('suppresses small counts and reads whole months that have ended only', async () => {
    // June is read once it has ended; while it runs, its figures would change from one day to the next.
    now = new Date('2026-06-20T14:00:00Z');
    const running = await (await as(p.table)).inject({
      method: 'GET',
      url: '/api/consultations/figures?from=2026-06-01&to=2026-06-30',
    });
    expect(running.statusCode).toBe(400);
    expect(running.json().error.details[0]).toMatchObject({ field: 'to', rule: 'figures_span_ended' });
    now = new Date('2026-07-02T14:00:00Z');
    const table = await as(p.table);
    const figures = await table.inject({
      method: 'GET',
      url: '/api/consultations/figures?from=2026-06-01&to=2026-06-30',
    });
    expect(figures.statusCode, figures.body).toBe(200);
    const body = figures.json();
    expect(body.smallCell).toBe(5);
    for (const row of body.byMonth)
      expect(row.consultations === null || row.consultations % 5 === 0).toBe(true);
    expect(body.total === null || body.total % 5 === 0).toBe(true);
    const partial = await table.inject({
      method: 'GET',
      url: '/api/consultations/figures?from=2026-06-02&to=2026-06-30',
    });
    expect(partial.statusCode).toBe(400);
    expect(partial.json().error.details[0].field).toBe('from');
    const worker = await as(p.worker);
    expect((await worker.inject({ method: 'GET', url: '/api/consultations/figures' })).statusCode).toBe(403);
    now = START;
  });

  it('hides a count under 5 and the smallest other one beside it', async () => {
    const figures = await computeFigures(t.platform.db, {
      from: '2020-01-01',
      to: '2020-12-31',
      timeZone: 'America/Toronto',
      now,
    });
    expect(figures.total).toBeNull();
    expect(figures.medianHoursToTake).toBeNull();
    const section = await consultationsReportContributor.compute(t.platform.db, {
      year: 2026,
      locale: 'fr-CA',
      timeZone: 'America/Toronto',
      now,
    });
    expect(section.key).toBe('consultations');
    expect(section.title).toBe('Consultations des intervenant·e·s pivots');
  });
});

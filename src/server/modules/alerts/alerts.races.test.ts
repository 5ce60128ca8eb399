import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../../../test/support/app.js';
import { auditCount, notificationCount, race } from '../../../../test/support/concurrency.js';
import { escalateOverdueAlerts } from './alert-life.service.js';
import { purgeClosedAlerts } from './close.service.js';
import { remindProfileReviews } from './profiles.service.js';

/**
 * Two clients (or a client and a job) changing one alert at the same moment: exactly one wins, every
 * other gets 409, and each effect (timeline event, task, notification, audit entry) happens once.
 */
let clock = new Date('2026-11-02T15:00:00.000Z');
let t: TestApp;
let centre: string;
let police: string;
let school: string;
let worker: Agent;
let coordinator: Agent;
let analyst: Agent;
let secondAnalyst: Agent;
let privacyOfficer: Agent;

beforeAll(async () => {
  t = await createTestApp({ now: () => clock });
  centre = await t.createOrganisation({
    type: 'youth_protection',
    name: 'Centre fictif R',
    region: 'Région R',
  });
  police = await t.createOrganisation({ type: 'police', name: 'Police fictive R', region: 'Région R' });
  school = await t.createOrganisation({ type: 'school_service_centre', name: 'École R', region: 'Région R' });
  worker = await t.as('worker', { organisationId: centre });
  coordinator = await t.as('org_coordinator', { organisationId: centre });
  analyst = await t.as('police_analyst', { organisationId: police });
  secondAnalyst = await t.as('police_analyst', { organisationId: police });
  privacyOfficer = await t.as('privacy_officer', { organisationId: centre });
  await t.as('investigator', { organisationId: police });
  await t.as('table_coordinator', { organisationId: school });
});
afterAll(async () => {
  await t.close();
});

async function raiseAlert(payload: Record<string, unknown> = {}, by: Agent = worker): Promise<string> {
  const response = await by.inject({
    method: 'POST',
    url: '/api/alerts',
    payload: {
      kind: 'runaway',
      subject: { givenName: 'Personne fictive' },
      lastSeenAt: new Date(clock.getTime() - 30 * 60_000).toISOString(),
      legalBasis: 'youth_protection',
      organisationIds: [school],
      ...payload,
    },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id;
}

const closeBody = () => ({
  outcome: 'found',
  placeType: 'friends',
  foundAt: new Date(clock.getTime() - 10 * 60_000).toISOString(),
});

async function rows(table: 'alert_return_interviews' | 'alert_facts', alertId: string): Promise<number> {
  const result = await t.platform.db
    .selectFrom(table)
    .select(({ fn }) => fn.countAll<number>().as('n'))
    .where('alert_id', '=', alertId)
    .executeTakeFirstOrThrow();
  return Number(result.n);
}

async function events(
  alertId: string,
  kind: 'acknowledged' | 'escalated' | 'closed' | 'interview',
): Promise<number> {
  const result = await t.platform.db
    .selectFrom('alert_events')
    .select(({ fn }) => fn.countAll<number>().as('n'))
    .where('alert_id', '=', alertId)
    .where('kind', '=', kind)
    .executeTakeFirstOrThrow();
  return Number(result.n);
}

function expectRealRace(peak: number) {
  // On PostgreSQL the requests must have run on several connections at once to prove anything.
  if (t.database.engine === 'postgres') expect(peak).toBeGreaterThan(1);
}

describe('alerts under simultaneous requests', () => {
  it('closes an alert once: 200 simultaneous closes give one 204, 199 × 409, one task, one entry', async () => {
    const id = await raiseAlert();
    const result = await race(t, 200, () =>
      worker.inject({ method: 'POST', url: `/api/alerts/${id}/close`, payload: closeBody() }),
    );
    expect(result.statuses).toEqual({ 204: 1, 409: 199 });
    expectRealRace(result.peakConnections);
    const loser = result.responses.find((r) => r.statusCode === 409)!;
    expect(loser.json().error.code).toBe('conflict');
    expect(loser.json().error.message).toBe('Cette action n’est pas possible dans l’état actuel.');
    expect(await rows('alert_return_interviews', id)).toBe(1);
    expect(await rows('alert_facts', id)).toBe(1);
    expect(await events(id, 'closed')).toBe(1);
    expect(await auditCount(t, 'alerts.alert.close', id)).toBe(1);
    expect(await notificationCount(t, 'alerts.closed', analyst.person.id)).toBe(1);
  });

  it('acknowledges once per organisation: 200 simultaneous acknowledgements give one 204 and 199 × 409', async () => {
    const id = await raiseAlert();
    const result = await race(t, 200, (i) =>
      (i % 2 === 0 ? analyst : secondAnalyst).inject({
        method: 'POST',
        url: `/api/alerts/${id}/acknowledge`,
        payload: {},
      }),
    );
    expect(result.statuses).toEqual({ 204: 1, 409: 199 });
    expectRealRace(result.peakConnections);
    expect(await events(id, 'acknowledged')).toBe(1);
    expect(await auditCount(t, 'alerts.alert.acknowledge', id)).toBe(1);
    const told = await t.platform.db
      .selectFrom('notifications')
      .select('id')
      .where('kind', '=', 'alerts.acknowledged')
      .where('link', '=', `/alertes/${id}`)
      .execute();
    expect(told).toHaveLength(1);
  });

  it('orders acknowledgements and closes: an acknowledgement after the close is refused, and the facts agree', async () => {
    for (let round = 0; round < 4; round++) {
      const id = await raiseAlert();
      const result = await race(t, 40, (i) =>
        i % 2 === 0
          ? analyst.inject({ method: 'POST', url: `/api/alerts/${id}/acknowledge`, payload: {} })
          : worker.inject({ method: 'POST', url: `/api/alerts/${id}/close`, payload: closeBody() }),
      );
      expect(result.statuses[500]).toBeUndefined();
      const acknowledged = result.responses.filter((r, i) => i % 2 === 0 && r.statusCode === 204).length;
      const closed = result.responses.filter((r, i) => i % 2 === 1 && r.statusCode === 204).length;
      expect(closed).toBe(1);
      expect(acknowledged).toBeLessThanOrEqual(1);
      // The close read the acknowledgement on its locked row: one that went through came before it.
      const facts = await t.platform.db
        .selectFrom('alert_facts')
        .select('minutes_to_police_ack')
        .where('alert_id', '=', id)
        .executeTakeFirstOrThrow();
      expect(facts.minutes_to_police_ack !== null).toBe(acknowledged === 1);
      expect(await events(id, 'acknowledged')).toBe(acknowledged);
    }
  });

  it('never escalates an alert acknowledged between the job’s read and its write', async () => {
    const id = await raiseAlert();
    const saved = clock;
    try {
      clock = new Date(saved.getTime() + 60 * 60_000);
      let acknowledgedMeanwhile = 0;
      await escalateOverdueAlerts(t.platform, {
        pause: async (alertId) => {
          if (alertId !== id) return;
          // The job has listed the alert as due; the police acknowledges it now (at the time the
          // job read, so the session is still fresh), committed before the job's write.
          const later = clock;
          clock = saved;
          const ack = await analyst.inject({
            method: 'POST',
            url: `/api/alerts/${id}/acknowledge`,
            payload: {},
          });
          clock = later;
          expect(ack.statusCode, ack.body).toBe(204);
          acknowledgedMeanwhile += 1;
        },
      });
      expect(acknowledgedMeanwhile).toBe(1);
      const alert = await t.platform.db
        .selectFrom('alerts')
        .select('escalated_at')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect(alert.escalated_at).toBeNull();
      expect(await events(id, 'escalated')).toBe(0);
      expect(await auditCount(t, 'alerts.alert.escalate', id)).toBe(0);
      const told = await t.platform.db
        .selectFrom('notifications')
        .select('id')
        .where('kind', '=', 'alerts.escalated')
        .where('link', '=', `/alertes/${id}`)
        .execute();
      expect(told).toHaveLength(0);
      const queued = await t.platform.db
        .selectFrom('job_queue')
        .select('payload')
        .where('name', '=', 'alerts.email')
        .execute();
      expect(queued.filter((j) => JSON.stringify(j.payload).includes('alerts_escalated'))).toHaveLength(0);
    } finally {
      clock = saved;
    }
  });

  it('escalates an overdue alert once, even when two runs of the job overlap', async () => {
    const id = await raiseAlert();
    const saved = clock;
    try {
      clock = new Date(saved.getTime() + 60 * 60_000);
      await Promise.all([escalateOverdueAlerts(t.platform), escalateOverdueAlerts(t.platform)]);
      expect(await events(id, 'escalated')).toBe(1);
      expect(await auditCount(t, 'alerts.alert.escalate', id)).toBe(1);
    } finally {
      clock = saved;
    }
    // Acknowledged or closed from here on: the other tests' alerts are not escalated again.
    await worker.inject({ method: 'POST', url: `/api/alerts/${id}/close`, payload: closeBody() });
  });

  it('records the return interview once', async () => {
    const id = await raiseAlert();
    const close = await worker.inject({
      method: 'POST',
      url: `/api/alerts/${id}/close`,
      payload: closeBody(),
    });
    expect(close.statusCode, close.body).toBe(204);
    const result = await race(t, 100, (i) =>
      (i % 2 === 0 ? worker : coordinator).inject({
        method: 'POST',
        url: `/api/alerts/${id}/interview`,
        payload: { status: 'done', exploitationRisksScreened: true },
      }),
    );
    expect(result.statuses).toEqual({ 204: 1, 409: 99 });
    expect(await events(id, 'interview')).toBe(1);
    expect(await auditCount(t, 'alerts.interview.record', id)).toBe(1);
  });

  it('marks a flagged disclosure reviewed once', async () => {
    await raiseAlert(
      { withoutConsent: true, justification: 'Danger grave et immédiat (fictif).' },
      coordinator,
    );
    const register = await privacyOfficer.inject({
      method: 'GET',
      url: '/api/alerts/disclosures?flagged=true',
    });
    expect(register.statusCode, register.body).toBe(200);
    const pending = register.json().items.find((d: { reviewedAt: string | null }) => d.reviewedAt === null);
    const result = await race(t, 50, () =>
      privacyOfficer.inject({
        method: 'POST',
        url: `/api/alerts/disclosures/${pending.id}/review`,
        payload: {},
      }),
    );
    expect(result.statuses).toEqual({ 204: 1, 409: 49 });
    expect(await auditCount(t, 'alerts.disclosure.review', pending.id)).toBe(1);
  });

  it('archives a profile once', async () => {
    const created = await worker.inject({
      method: 'POST',
      url: '/api/alerts/profiles',
      payload: { givenName: 'Personne fictive', unit: 'Unité R' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const { id } = created.json();
    const result = await race(t, 50, () =>
      worker.inject({
        method: 'POST',
        url: `/api/alerts/profiles/${id}/archive`,
        payload: { reason: 'left_care' },
      }),
    );
    expect(result.statuses).toEqual({ 204: 1, 409: 49 });
    expect(await auditCount(t, 'alerts.profile.archive', id)).toBe(1);
  });

  it('purges a closed alert once when two runs of the purge overlap', async () => {
    const id = await raiseAlert();
    await worker.inject({ method: 'POST', url: `/api/alerts/${id}/close`, payload: closeBody() });
    const saved = clock;
    try {
      clock = new Date(saved.getTime() + 400 * 86_400_000);
      await Promise.all([purgeClosedAlerts(t.platform), purgeClosedAlerts(t.platform)]);
    } finally {
      clock = saved;
    }
    expect(await auditCount(t, 'alerts.alert.purge', id)).toBe(1);
  });

  it('reminds about a profile review once when two runs overlap', async () => {
    const created = await worker.inject({
      method: 'POST',
      url: '/api/alerts/profiles',
      payload: { givenName: 'Personne fictive', unit: 'Unité R' },
    });
    const { id } = created.json();
    const saved = clock;
    try {
      clock = new Date(saved.getTime() + 100 * 86_400_000);
      await Promise.all([remindProfileReviews(t.platform), remindProfileReviews(t.platform)]);
    } finally {
      clock = saved;
    }
    expect(await auditCount(t, 'alerts.profile.remind_review', id)).toBe(1);
  });

  it('keeps every field of edits made to one profile at the same moment, and one photo', async () => {
    const created = await worker.inject({
      method: 'POST',
      url: '/api/alerts/profiles',
      payload: { givenName: 'Personne fictive', unit: 'Unité R' },
    });
    const { id } = created.json();
    const fields = ['places', 'associates', 'pastEpisodes', 'medicalNeeds'] as const;
    const edits = await race(t, 20, (i) =>
      (i % 2 === 0 ? worker : coordinator).inject({
        method: 'PATCH',
        url: `/api/alerts/profiles/${id}`,
        payload: { [fields[i % 4]!]: `Valeur fictive ${fields[i % 4]}` },
      }),
    );
    expect(edits.statuses).toEqual({ 204: 20 });
    const read = await worker.inject({
      method: 'GET',
      url: `/api/alerts/profiles/${id}?purpose=${encodeURIComponent('Vérification fictive')}`,
    });
    for (const field of fields) expect(read.json().content[field]).toBe(`Valeur fictive ${field}`);

    const countFiles = async () =>
      Number(
        (
          await t.platform.db
            .selectFrom('files')
            .select(({ fn }) => fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await countFiles();
    const png =
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg==';
    const photos = await race(t, 10, () =>
      worker.inject({
        method: 'PUT',
        url: `/api/alerts/profiles/${id}/photo`,
        payload: { contentBase64: png },
      }),
    );
    expect(photos.statuses).toEqual({ 204: 10 });
    // One photo kept; the nine replaced meanwhile are gone, none left behind without its profile.
    expect((await countFiles()) - before).toBe(1);
  });
});

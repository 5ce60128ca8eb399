import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../../../test/support/app.js';
import { rotateDataKey } from '../../platform/crypto/rotate.js';
import './alerts.fields.js';
import { rowCount } from '../../../../test/support/concurrency.js';
import { destroyExpiredProfiles } from './profile-archive.service.js';
import { remindProfileReviews } from './profiles.service.js';

// Archiving, restoring and destroying young people's profiles: by the youth centre's staff only, never
// while an alert raised from the profile is open, destroyed by the retention job (controllable clock)
// or at once by the centre's coordination; what survives is de-identified.

/** Distinctive fictional names: no response to an outsider and no audit entry may contain them. */
const NAME = 'Philomène';
const FAMILY = 'Brindamour-Fictive';
const DETAIL = 'Placement fictif chez une tante à Gaspé';
const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg==';
const DAY = 86_400_000;

let clock = new Date('2026-03-02T15:00:00.000Z');
let t: TestApp;
let centre: string;
let otherCentre: string;
let police: string;
let school: string;
let worker: Agent;
let pivotStaff: Agent;
let coordinator: Agent;
let otherWorker: Agent;
let otherCoordinator: Agent;
let analyst: Agent;
let schoolPivot: Agent;
let tableCoordinator: Agent;
let privacyOfficer: Agent;

beforeAll(async () => {
  t = await createTestApp({ now: () => clock });
  centre = await t.createOrganisation({ type: 'youth_protection', name: 'Centre jeunesse fictif C' });
  otherCentre = await t.createOrganisation({ type: 'youth_protection', name: 'Centre jeunesse fictif D' });
  police = await t.createOrganisation({ type: 'police', name: 'Police fictive C' });
  school = await t.createOrganisation({ type: 'school_service_centre', name: 'École fictive C' });
  worker = await t.as('worker', { organisationId: centre });
  pivotStaff = await t.as('pivot', { organisationId: centre });
  coordinator = await t.as('org_coordinator', { organisationId: centre });
  otherWorker = await t.as('worker', { organisationId: otherCentre });
  otherCoordinator = await t.as('org_coordinator', { organisationId: otherCentre });
  analyst = await t.as('police_analyst', { organisationId: police });
  schoolPivot = await t.as('pivot', { organisationId: school });
  tableCoordinator = await t.as('table_coordinator', { organisationId: school });
  privacyOfficer = await t.as('privacy_officer', { organisationId: centre });
});
afterAll(async () => {
  await t.close();
});

async function createProfile(agent: Agent = worker, photo = false): Promise<string> {
  const response = await agent.inject({
    method: 'POST',
    url: '/api/alerts/profiles',
    payload: {
      givenName: NAME,
      familyName: FAMILY,
      medicalNeeds: 'Besoin médical fictif',
      unit: 'Unité fictive Les Saules',
    },
  });
  expect(response.statusCode, response.body).toBe(201);
  const id = response.json().id as string;
  if (photo) {
    const stored = await agent.inject({
      method: 'PUT',
      url: `/api/alerts/profiles/${id}/photo`,
      payload: { contentBase64: PNG },
    });
    expect(stored.statusCode, stored.body).toBe(204);
  }
  return id;
}

function archive(agent: Agent, id: string, payload: Record<string, unknown> = { reason: 'left_care' }) {
  return agent.inject({ method: 'POST', url: `/api/alerts/profiles/${id}/archive`, payload });
}

function restore(agent: Agent, id: string) {
  return agent.inject({ method: 'POST', url: `/api/alerts/profiles/${id}/restore`, payload: {} });
}

function destroy(agent: Agent, id: string, justification = 'Demande fictive du tribunal de la jeunesse') {
  return agent.inject({
    method: 'POST',
    url: `/api/alerts/profiles/${id}/destroy`,
    payload: { justification },
  });
}

function profileRow(id: string) {
  return t.platform.db.selectFrom('alert_profiles').selectAll().where('id', '=', id).executeTakeFirst();
}

async function fileExists(id: string): Promise<boolean> {
  return Boolean(
    await t.platform.db.selectFrom('files').select('id').where('id', '=', id).executeTakeFirst(),
  );
}

function auditOf(id: string) {
  return t.platform.db
    .selectFrom('audit_log')
    .select(['action', 'entry'])
    .where('target_id', '=', id)
    .orderBy('seq')
    .execute();
}

function auditCount(): Promise<number> {
  return rowCount(t, 'audit_log');
}

async function list(agent: Agent, status?: 'active' | 'archived') {
  const response = await agent.inject({
    method: 'GET',
    url: `/api/alerts/profiles${status ? `?status=${status}` : ''}`,
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().items as Array<{
    id: string;
    archivedAt: string | null;
    archiveReason: string | null;
    destroyAfter: string | null;
  }>;
}

async function raiseFrom(profileId: string) {
  return worker.inject({
    method: 'POST',
    url: '/api/alerts',
    payload: {
      kind: 'runaway',
      profileId,
      lastSeenAt: new Date(clock.getTime() - 60 * 60_000).toISOString(),
      policeOrganisationId: police,
      legalBasis: 'youth_protection',
    },
  });
}

async function closeAlert(id: string) {
  const closed = await worker.inject({
    method: 'POST',
    url: `/api/alerts/${id}/close`,
    payload: { outcome: 'returned', placeType: 'family', foundAt: clock.toISOString() },
  });
  expect(closed.statusCode, closed.body).toBe(204);
}

function openProfile(agent: Agent, id: string) {
  return agent.inject({ method: 'GET', url: `/api/alerts/profiles/${id}?purpose=R%C3%A9vision` });
}

describe('archiving', () => {
  it('takes the profile out of the list, of alerts and of review reminders, until it is restored', async () => {
    const id = await createProfile();
    const archived = await archive(worker, id, { reason: 'other', reasonDetail: DETAIL });
    expect(archived.statusCode, archived.body).toBe(204);

    const row = await profileRow(id);
    expect(row?.archived_at?.toISOString()).toBe(clock.toISOString());
    expect(row?.archived_by).toBe(worker.person.id);
    expect(row?.archive_reason).toBe('other');
    // The explanation is sealed, bound to its row.
    expect(row?.archive_note).not.toContain('Gaspé');
    expect(t.platform.keyring.decrypt(row!.archive_note!, `alert_profiles.archive_note:${id}`)).toBe(DETAIL);

    expect((await list(coordinator)).map((p) => p.id)).not.toContain(id);
    const archivedList = await list(coordinator, 'archived');
    const item = archivedList.find((p) => p.id === id);
    expect(item).toMatchObject({ archivedAt: clock.toISOString(), archiveReason: 'other' });
    expect(item?.destroyAfter).toBe(new Date(clock.getTime() + 365 * DAY).toISOString());

    const detail = await openProfile(pivotStaff, id);
    expect(detail.statusCode, detail.body).toBe(200);
    expect(detail.json()).toMatchObject({
      archiveReason: 'other',
      archiveReasonDetail: DETAIL,
      canEdit: false,
      can: { edit: false, archive: false, restore: true, destroy: false },
    });
    expect((await openProfile(coordinator, id)).json().can.destroy).toBe(true);

    // Archived: no alert, no edit, no photo; nothing is stored.
    const alertsBefore = await t.platform.db.selectFrom('alerts').select('id').execute();
    const raised = await raiseFrom(id);
    expect(raised.statusCode).toBe(400);
    expect(raised.json().error.details).toEqual([
      expect.objectContaining({ field: 'profileId', rule: 'alerts_profile_archived' }),
    ]);
    expect(await t.platform.db.selectFrom('alerts').select('id').execute()).toEqual(alertsBefore);
    const edited = await worker.inject({
      method: 'PATCH',
      url: `/api/alerts/profiles/${id}`,
      payload: { unit: 'Unité fictive ailleurs', reviewed: true },
    });
    expect(edited.statusCode).toBe(400);
    expect(edited.json().error.details[0].rule).toBe('alerts_profile_archived');
    const photo = await worker.inject({
      method: 'PUT',
      url: `/api/alerts/profiles/${id}/photo`,
      payload: { contentBase64: PNG },
    });
    expect(photo.statusCode).toBe(400);
    const unchanged = await profileRow(id);
    expect(unchanged).toEqual(row);

    // No review reminder for an archived profile, even long overdue.
    const saved = clock;
    clock = new Date(saved.getTime() + 120 * DAY);
    try {
      await remindProfileReviews(t.platform);
      const reminders = await t.platform.db
        .selectFrom('notifications')
        .select('link')
        .where('kind', '=', 'alerts.review_due')
        .where('link', '=', `/alertes/fiches/${id}`)
        .execute();
      expect(reminders).toEqual([]);
    } finally {
      clock = saved;
    }

    // Restored by another staff member of the centre: back in the list, usable again.
    expect((await archive(worker, id)).statusCode).toBe(409);
    const restored = await restore(pivotStaff, id);
    expect(restored.statusCode, restored.body).toBe(204);
    expect((await restore(pivotStaff, id)).statusCode).toBe(409);
    const back = await profileRow(id);
    expect(back).toMatchObject({
      archived_at: null,
      archived_by: null,
      archive_reason: null,
      archive_note: null,
    });
    expect((await list(worker)).map((p) => p.id)).toContain(id);
    expect((await list(worker, 'archived')).map((p) => p.id)).not.toContain(id);
    expect((await openProfile(worker, id)).json().can).toEqual({
      edit: true,
      archive: true,
      restore: false,
      destroy: false,
    });

    const actions = (await auditOf(id)).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['alerts.profile.archive', 'alerts.profile.restore']));
    const entries = JSON.stringify(await auditOf(id));
    expect(entries).not.toContain(NAME);
    expect(entries).not.toContain('Gaspé');
  });

  it('is refused while an alert raised from the profile is open, and stores nothing', async () => {
    const id = await createProfile();
    const raised = await raiseFrom(id);
    expect(raised.statusCode, raised.body).toBe(201);
    const before = await auditCount();
    const refused = await archive(coordinator, id, { reason: 'moved_out' });
    expect(refused.statusCode).toBe(400);
    const problem = refused.json().error.details[0];
    expect(problem).toMatchObject({ field: 'profileId', rule: 'alerts_profile_open_alert' });
    expect(problem.message).toContain('toujours en cours');
    expect((await profileRow(id))?.archived_at).toBeNull();
    expect(await auditCount()).toBe(before);
    expect((await openProfile(worker, id)).json().can.archive).toBe(false);

    await closeAlert(raised.json().id);
    expect((await archive(coordinator, id, { reason: 'moved_out' })).statusCode).toBe(204);
  });

  it('answers bad input with a translated message and stores nothing', async () => {
    const id = await createProfile();
    const before = await auditCount();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ reason: 'other' }, 'reasonDetail'],
      [{ reason: 'other', reasonDetail: '   ' }, 'reasonDetail'],
      [{ reason: 'vacances' }, 'reason'],
      [{}, 'reason'],
      [{ reason: 'left_care', reasonDetail: 'x'.repeat(1001) }, 'reasonDetail'],
      [{ reason: 'left_care', surplus: true }, 'surplus'],
    ];
    for (const [payload, field] of cases) {
      const response = await archive(worker, id, payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      const details = response.json().error.details as Array<{ field: string; message: string }>;
      expect(details.map((d) => d.field)).toContain(field);
      expect(details[0]!.message.length).toBeGreaterThan(5);
    }
    const english = await (
      await t.signIn(await t.createPerson({ roles: ['worker'], organisationId: centre, locale: 'en-CA' }))
    ).inject({
      method: 'POST',
      url: `/api/alerts/profiles/${id}/archive`,
      headers: { 'accept-language': 'en-CA' },
      payload: { reason: 'other' },
    });
    expect(english.json().error.details[0].message).toBe('Reason details: this field is required.');
    expect((await profileRow(id))?.archived_at).toBeNull();
    expect(await auditCount()).toBe(before);
  });

  it('leaks nothing to other organisations and lets none of them act (0 leaks)', async () => {
    const id = await createProfile(worker, true);
    const archivedId = await createProfile(worker);
    expect((await archive(worker, archivedId, { reason: 'other', reasonDetail: DETAIL })).statusCode).toBe(
      204,
    );
    const before = await Promise.all([
      profileRow(id),
      profileRow(archivedId),
      auditOf(id),
      auditOf(archivedId),
    ]);
    for (const agent of [
      otherWorker,
      otherCoordinator,
      analyst,
      schoolPivot,
      tableCoordinator,
      privacyOfficer,
    ]) {
      const responses = [
        await archive(agent, id),
        await restore(agent, archivedId),
        await destroy(agent, archivedId),
        await openProfile(agent, archivedId),
        await agent.inject({ method: 'GET', url: '/api/alerts/profiles?status=archived' }),
      ];
      for (const response of responses) {
        expect(response.body).not.toContain(NAME);
        expect(response.body).not.toContain('Gaspé');
        expect(response.body).not.toContain(archivedId);
      }
      // Profile keepers of another centre get 404 (absent and forbidden look the same); people whose
      // role keeps no profile are stopped at the route's gate (403, whatever the id).
      for (const response of responses.slice(0, 4)) expect([403, 404]).toContain(response.statusCode);
      if (agent === otherWorker || agent === otherCoordinator) {
        expect(responses[0]!.statusCode).toBe(404);
        expect(responses[1]!.statusCode).toBe(404);
        expect(responses[3]!.statusCode).toBe(404);
      }
      if (agent === otherCoordinator) expect(responses[2]!.statusCode).toBe(404);
    }
    // Nothing changed, and nothing happened to these profiles that the audit log would have to tell.
    expect(
      await Promise.all([profileRow(id), profileRow(archivedId), auditOf(id), auditOf(archivedId)]),
    ).toEqual(before);
  });
});

describe('destroying at once', () => {
  it('is for the centre’s coordination, with a written justification that is not kept', async () => {
    const id = await createProfile(worker, true);
    const raised = await raiseFrom(id);
    expect(raised.statusCode, raised.body).toBe(201);
    const alertId = raised.json().id as string;
    await closeAlert(alertId);
    const photoId = (await profileRow(id))!.photo_file_id!;
    expect(await fileExists(photoId)).toBe(true);
    const alertRow = await t.platform.db
      .selectFrom('alerts')
      .select(['photo_file_id'])
      .where('id', '=', alertId)
      .executeTakeFirstOrThrow();
    const alertPhotoId = alertRow.photo_file_id!;
    expect(await fileExists(alertPhotoId)).toBe(true);
    const factsId = (
      await t.platform.db
        .selectFrom('alert_facts')
        .select(['id'])
        .where('alert_id', '=', alertId)
        .executeTakeFirstOrThrow()
    ).id;

    // Not archived yet: refused with a translated message.
    const active = await destroy(coordinator, id);
    expect(active.statusCode).toBe(400);
    expect(active.json().error.details[0].rule).toBe('alerts_profile_not_archived');
    expect((await archive(worker, id, { reason: 'reached_majority' })).statusCode).toBe(204);

    const before = await auditCount();
    // A worker of the centre may archive and restore, not destroy.
    const byWorker = await destroy(worker, id);
    expect(byWorker.statusCode).toBe(403);
    const byPivot = await destroy(pivotStaff, id);
    expect(byPivot.statusCode).toBe(403);
    for (const justification of ['', 'trop bref', '          court    ']) {
      const short = await destroy(coordinator, id, justification);
      expect(short.statusCode).toBe(400);
      expect(short.json().error.details).toEqual([
        expect.objectContaining({ field: 'justification', rule: 'alerts_destroy_justification' }),
      ]);
    }
    expect(await profileRow(id)).toBeDefined();
    expect(await auditCount()).toBe(before);

    const destroyed = await destroy(coordinator, id, 'Le jeune fictif a demandé la destruction de sa fiche');
    expect(destroyed.statusCode, destroyed.body).toBe(204);
    expect(await profileRow(id)).toBeUndefined();
    expect(await fileExists(photoId)).toBe(false);
    expect((await openProfile(coordinator, id)).statusCode).toBe(404);
    expect((await destroy(coordinator, id)).statusCode).toBe(404);

    // The closed alert raised from the profile held a copy of it: purged with it (row, photo copy),
    // not after its own period; its de-identified facts remain, linked to nothing.
    expect(
      await t.platform.db.selectFrom('alerts').select('id').where('id', '=', alertId).executeTakeFirst(),
    ).toBeUndefined();
    expect(await fileExists(alertPhotoId)).toBe(false);
    const facts = await t.platform.db
      .selectFrom('alert_facts')
      .select(['profile_episode_count', 'alert_id'])
      .where('id', '=', factsId)
      .executeTakeFirstOrThrow();
    expect(facts).toEqual({ profile_episode_count: 1, alert_id: null });
    const purge = await t.platform.db
      .selectFrom('audit_log')
      .select(['entry'])
      .where('action', '=', 'alerts.alert.purge')
      .where('target_id', '=', alertId)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(String(purge.entry)).meta).toMatchObject({ reason: 'profile_destroyed', photo: true });

    const audit = await auditOf(id);
    const entry = audit.find((a) => a.action === 'alerts.profile.destroy');
    expect(JSON.parse(entry!.entry)).toMatchObject({
      actor: coordinator.person.id,
      meta: { mode: 'early', reason: 'reached_majority', photo: true, justified: true, alertsPurged: 1 },
    });
    const text = JSON.stringify(audit);
    expect(text).not.toContain(NAME);
    expect(text).not.toContain('demandé la destruction');
  });
});

describe('retention', () => {
  it('destroys exactly the profiles archived longer than the table’s period, with their photos', async () => {
    const saved = clock;
    // A year and more before the other tests' archives, so that they stay out of this one's periods.
    const start = new Date(saved.getTime() - 420 * DAY);
    // Sessions end after thirty idle minutes: whoever acts after the clock moved signs in again.
    const at = async (time: Date, ...agents: Agent[]) => {
      clock = time;
      return Promise.all(agents.map((agent) => t.signIn(agent.person)));
    };
    try {
      const [earlier] = await at(new Date(start.getTime() - DAY / 2), otherWorker);
      const elsewhere = await createProfile(earlier!);
      expect((await archive(earlier!, elsewhere)).statusCode).toBe(204);
      const [first] = await at(start, worker);
      const expired = await createProfile(first!, true);
      const expiredPhoto = (await profileRow(expired))!.photo_file_id!;
      expect((await archive(first!, expired, { reason: 'other', reasonDetail: DETAIL })).statusCode).toBe(
        204,
      );
      const [w] = await at(new Date(start.getTime() + 10 * DAY), worker);
      const later = await createProfile(w!, true);
      const laterPhoto = (await profileRow(later))!.photo_file_id!;
      expect((await archive(w!, later)).statusCode).toBe(204);
      const active = await createProfile(w!);
      const restored = await createProfile(w!);
      expect((await archive(w!, restored)).statusCode).toBe(204);
      expect((await restore(w!, restored)).statusCode).toBe(204);

      // A day short of the period: nothing goes.
      clock = new Date(start.getTime() + 364 * DAY);
      expect(await destroyExpiredProfiles(t.platform)).toBe(0);

      // Past 365 days: the first archived profiles of both centres go, the later one stays.
      const [table, centreCoordinator, centreWorker] = await at(
        new Date(start.getTime() + 365 * DAY + 60_000),
        tableCoordinator,
        coordinator,
        worker,
      );
      expect(await destroyExpiredProfiles(t.platform)).toBe(2);
      expect(await profileRow(expired)).toBeUndefined();
      expect(await profileRow(elsewhere)).toBeUndefined();
      expect(await fileExists(expiredPhoto)).toBe(false);
      for (const id of [later, active, restored]) expect(await profileRow(id), id).toBeDefined();
      expect(await fileExists(laterPhoto)).toBe(true);
      expect(await destroyExpiredProfiles(t.platform)).toBe(0);
      const entry = (await auditOf(expired)).find((a) => a.action === 'alerts.profile.destroy');
      expect(JSON.parse(entry!.entry)).toMatchObject({
        actor: null,
        meta: { mode: 'retention', reason: 'other', archivedDays: 365, photo: true, retentionDays: 365 },
      });
      expect(entry!.entry).not.toContain(NAME);
      expect(entry!.entry).not.toContain('Gaspé');

      // The table's coordination shortens the period: it applies at the next run.
      const bad = [29, 1826, 90.5];
      for (const value of bad) {
        const refused = await table!.inject({
          method: 'PUT',
          url: '/api/alerts/settings',
          payload: { profileRetentionDays: value },
        });
        expect(refused.statusCode, String(value)).toBe(400);
        expect(refused.json().error.details[0].field).toBe('profileRetentionDays');
      }
      const byCoordinator = await centreCoordinator!.inject({
        method: 'PUT',
        url: '/api/alerts/settings',
        payload: { profileRetentionDays: 30 },
      });
      expect(byCoordinator.statusCode).toBe(403);
      const shortened = await table!.inject({
        method: 'PUT',
        url: '/api/alerts/settings',
        payload: { profileRetentionDays: 300 },
      });
      expect(shortened.statusCode, shortened.body).toBe(200);
      expect(shortened.json()).toMatchObject({
        ackDelayMinutes: 10,
        purgeAfterDays: 30,
        profileRetentionDays: 300,
      });
      const listed = (await list(centreWorker!, 'archived')).find((p) => p.id === later);
      expect(listed?.destroyAfter).toBe(new Date(start.getTime() + 310 * DAY).toISOString());
      expect(await destroyExpiredProfiles(t.platform)).toBe(1);
      expect(await profileRow(later)).toBeUndefined();
      expect(await fileExists(laterPhoto)).toBe(false);
      for (const id of [active, restored]) expect(await profileRow(id), id).toBeDefined();
    } finally {
      clock = saved;
      await tableCoordinator.inject({
        method: 'PUT',
        url: '/api/alerts/settings',
        payload: { profileRetentionDays: 365 },
      });
    }
  });
});

describe('key rotation', () => {
  it('re-seals the archive’s explanation, which stays readable once the old key is deleted', async () => {
    const id = await createProfile();
    expect((await archive(worker, id, { reason: 'other', reasonDetail: DETAIL })).statusCode).toBe(204);
    const oldKey = t.platform.keyring.activeKeyId();
    const result = await rotateDataKey(t.database, t.platform.keyring, t.platform.audit);
    expect(result.retiredKeys).toContain(oldKey);
    const row = await profileRow(id);
    expect(row?.archive_note?.startsWith(`v1.${result.newKeyId}.`)).toBe(true);
    const detail = await openProfile(worker, id);
    expect(detail.statusCode, detail.body).toBe(200);
    expect(detail.json()).toMatchObject({ archiveReasonDetail: DETAIL, content: { givenName: NAME } });
  });
});

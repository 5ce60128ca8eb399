import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../../../test/support/app.js';
import { rowCount } from '../../../../test/support/concurrency.js';
import {
  jpegWithExif,
  jpegWithSecondImage,
  jpegWithXmp,
  leaks,
  pngWithChunks,
  webpWithChunks,
} from '../../../../test/support/files.js';
import { REGION_TIME_ZONE } from '../../../shared/time-zone.js';
import { sendAlertEmails } from './alert-emails.service.js';
import { escalateOverdueAlerts } from './alert-life.service.js';
import { alertsReportContributor } from './alerts.report.js';
import { purgeClosedAlerts } from './close.service.js';
import { remindProfileReviews } from './profiles.service.js';

/** A distinctive fictional name: no response to an outsider may contain it. */
const NAME = 'Zéphyrine';
const FAMILY = 'Quenouilleau';
const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg==';

let clock = new Date('2026-11-02T15:00:00.000Z');
let t: TestApp;
let centre: string;
let otherCentre: string;
let police: string;
let otherPolice: string;
let school: string;
let outsider: string;
let worker: Agent;
let coordinator: Agent;
let otherCentreWorker: Agent;
let analyst: Agent;
let investigator: Agent;
let otherAnalyst: Agent;
let schoolPivot: Agent;
let outsiderPivot: Agent;
let schoolWorker: Agent;
let tableCoordinator: Agent;
let privacyOfficer: Agent;

async function pivot(organisationId: string): Promise<Agent> {
  const agent = await t.as('pivot', { organisationId });
  await t.platform.db
    .insertInto('pivot_mandates')
    .values({ person_id: agent.person.id, organisation_id: organisationId, start_on: '2026-01-01' })
    .execute();
  return agent;
}

beforeAll(async () => {
  t = await createTestApp({ now: () => clock });
  centre = await t.createOrganisation({
    type: 'youth_protection',
    name: 'Centre jeunesse fictif A',
    region: 'Région A',
  });
  otherCentre = await t.createOrganisation({
    type: 'youth_protection',
    name: 'Centre jeunesse fictif B',
    region: 'Région A',
  });
  police = await t.createOrganisation({ type: 'police', name: 'Police fictive A', region: 'Région A' });
  otherPolice = await t.createOrganisation({ type: 'police', name: 'Police fictive B', region: 'Région B' });
  school = await t.createOrganisation({
    type: 'school_service_centre',
    name: 'École fictive',
    region: 'Région A',
  });
  outsider = await t.createOrganisation({ type: 'community', name: 'Organisme fictif', region: 'Région B' });
  worker = await t.as('worker', { organisationId: centre });
  coordinator = await t.as('org_coordinator', { organisationId: centre });
  otherCentreWorker = await t.as(['worker', 'org_coordinator'], { organisationId: otherCentre });
  analyst = await t.as('police_analyst', { organisationId: police });
  investigator = await t.as('investigator', { organisationId: police });
  otherAnalyst = await t.as('police_analyst', { organisationId: otherPolice });
  schoolPivot = await pivot(school);
  outsiderPivot = await pivot(outsider);
  // In a recipient organisation, but not one of its pivots.
  schoolWorker = await t.as(['worker', 'pivot'], { organisationId: school });
  tableCoordinator = await t.as('table_coordinator', { organisationId: outsider });
  privacyOfficer = await t.as('privacy_officer', { organisationId: centre });
});
afterAll(async () => {
  await t.close();
});

async function createProfile(agent: Agent = worker): Promise<string> {
  const response = await agent.inject({
    method: 'POST',
    url: '/api/alerts/profiles',
    payload: {
      givenName: NAME,
      familyName: FAMILY,
      usualNames: ['Zaza'],
      dateOfBirth: '2010-05-04',
      description: 'Cheveux bouclés, 1 m 60 (fictif).',
      phones: ['555-0199'],
      socialHandles: ['@zaza.fictif'],
      associates: 'Un ami plus âgé (fictif).',
      places: 'Terminus fictif.',
      pastEpisodes: 'Deux fugues en 2026 (fictif).',
      medicalNeeds: 'Asthme-fictif-ventolin',
      exploitationRisks: 'Contacts en ligne avec un adulte inconnu.',
      sharingBasis: 'Autorisation DPJ (fictive).',
      unit: 'Unité Les Érables',
    },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id;
}

async function raise(agent: Agent, payload: Record<string, unknown>) {
  return agent.inject({
    method: 'POST',
    url: '/api/alerts',
    payload: {
      kind: 'runaway',
      lastSeenAt: new Date(clock.getTime() - 30 * 60_000).toISOString(),
      lastSeenPlace: 'Près du terminus fictif',
      clothing: 'Manteau rouge',
      immediateRisks: 'Rendez-vous prévu avec un adulte',
      circumstances: 'Sortie sans autorisation après le souper.',
      legalBasis: 'youth_protection',
      organisationIds: [school],
      ...payload,
    },
  });
}

async function open(agent: Agent, id: string) {
  return agent.inject({
    method: 'GET',
    url: `/api/alerts/${id}?purpose=${encodeURIComponent('Recherche du jeune')}`,
  });
}

function count(
  table: 'alerts' | 'alert_recipients' | 'alert_disclosures' | 'alert_events' | 'notifications',
) {
  return rowCount(t, table);
}

describe('profiles', () => {
  it('are kept encrypted by the youth centre and hidden from everyone else', async () => {
    const id = await createProfile();
    const row = await t.platform.db
      .selectFrom('alert_profiles')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.content).not.toContain(NAME);
    const list = await coordinator.inject({ method: 'GET', url: '/api/alerts/profiles' });
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(NAME);
    const detail = await worker.inject({
      method: 'GET',
      url: `/api/alerts/profiles/${id}?purpose=Mise%20%C3%A0%20jour`,
    });
    expect(detail.json().content.medicalNeeds).toBe('Asthme-fictif-ventolin');
    // A purpose of spaces is no purpose: refused before anything is read.
    const blank = await worker.inject({
      method: 'GET',
      url: `/api/alerts/profiles/${id}?purpose=%20%20%20%20`,
    });
    expect(blank.statusCode).toBe(400);
    expect(blank.body).not.toContain('Asthme-fictif-ventolin');
    const audit = await t.platform.db
      .selectFrom('audit_log')
      .select(['entry'])
      .where('action', '=', 'alerts.profile.read')
      .where('target_id', '=', id)
      .execute();
    expect(audit.map((a) => JSON.parse(a.entry).purpose)).toEqual(['Mise à jour']);
    for (const agent of [otherCentreWorker, analyst, schoolPivot, tableCoordinator]) {
      const other = await agent.inject({
        method: 'GET',
        url: `/api/alerts/profiles/${id}?purpose=Curiosit%C3%A9`,
      });
      expect([403, 404]).toContain(other.statusCode);
      expect(other.body).not.toContain(NAME);
      const otherList = await agent.inject({ method: 'GET', url: '/api/alerts/profiles' });
      expect(otherList.body).not.toContain(NAME);
    }
  });

  it('follows the young person to another unit and takes a photo that is an image only', async () => {
    const id = await createProfile();
    const moved = await coordinator.inject({
      method: 'PATCH',
      url: `/api/alerts/profiles/${id}`,
      payload: { unit: 'Unité Les Bouleaux', reviewed: true },
    });
    expect(moved.statusCode, moved.body).toBe(204);
    const notImage = await worker.inject({
      method: 'PUT',
      url: `/api/alerts/profiles/${id}/photo`,
      payload: { contentBase64: Buffer.from('%PDF-1.4 pas une image').toString('base64') },
    });
    expect(notImage.statusCode).toBe(400);
    expect(notImage.json().error.details[0].rule).toBe('file_type');
    const tooLarge = await worker.inject({
      method: 'PUT',
      url: `/api/alerts/profiles/${id}/photo`,
      payload: {
        contentBase64: Buffer.concat([Buffer.from(PNG, 'base64'), Buffer.alloc(2 * 1024 * 1024)]).toString(
          'base64',
        ),
      },
    });
    expect(tooLarge.statusCode).toBe(400);
    expect(tooLarge.json().error.details[0].rule).toBe('file_too_large');
    const profile = await t.platform.db
      .selectFrom('alert_profiles')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(profile.photo_file_id).toBeNull();
    expect(profile.unit).toBe('Unité Les Bouleaux');
    const ok = await worker.inject({
      method: 'PUT',
      url: `/api/alerts/profiles/${id}/photo`,
      payload: { contentBase64: PNG },
    });
    expect(ok.statusCode, ok.body).toBe(204);
    const photo = await worker.inject({
      method: 'GET',
      url: `/api/alerts/profiles/${id}/photo?purpose=Affichage`,
    });
    expect(photo.headers['content-type']).toBe('image/png');
  });

  it('keeps a profile photo without any metadata (place, date, device, hidden pictures), upright', async () => {
    const id = await createProfile();
    const photos: Array<[string, Buffer, number, number]> = [
      ['JPEG with EXIF GPS, turned', await jpegWithExif(), 48, 64],
      ['JPEG with XMP GPS', await jpegWithXmp(), 64, 48],
      ['JPEG with a second picture and video', await jpegWithSecondImage(), 64, 48],
      ['PNG with text and EXIF chunks', await pngWithChunks(), 64, 48],
      ['WebP with EXIF and XMP', await webpWithChunks(), 64, 48],
    ];
    for (const [name, content, width, height] of photos) {
      expect(leaks(content).length, name).toBeGreaterThan(0);
      const saved = await worker.inject({
        method: 'PUT',
        url: `/api/alerts/profiles/${id}/photo`,
        payload: { contentBase64: content.toString('base64') },
      });
      expect(saved.statusCode, `${name}: ${saved.body}`).toBe(204);
      const profile = await t.platform.db
        .selectFrom('alert_profiles')
        .select('photo_file_id')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      // Decrypted as the module reads it.
      const stored = await t.platform.files.read(t.platform.db, profile.photo_file_id!);
      expect(leaks(stored.content), name).toEqual([]);
      const meta = await sharp(stored.content).metadata();
      expect([meta.width, meta.height, meta.exif, meta.xmp, meta.icc], name).toEqual([
        width,
        height,
        undefined,
        undefined,
        undefined,
      ]);
    }
    const damaged = await worker.inject({
      method: 'PUT',
      url: `/api/alerts/profiles/${id}/photo`,
      payload: { contentBase64: (await jpegWithXmp()).subarray(0, 300).toString('base64') },
    });
    expect(damaged.statusCode).toBe(400);
    expect(damaged.json().error.details[0]).toMatchObject({
      field: 'contentBase64',
      rule: 'file_unreadable',
    });
    expect(damaged.json().error.details[0].message).toContain(
      'n’a pas pu être lu pour en retirer les métadonnées',
    );
  });

  it('reminds the owners when the 90-day review is overdue', async () => {
    const id = await createProfile();
    const saved = clock;
    clock = new Date(saved.getTime() + 91 * 86_400_000);
    try {
      expect(await remindProfileReviews(t.platform)).toBeGreaterThanOrEqual(1);
      const notes = await t.platform.db
        .selectFrom('notifications')
        .select(['link'])
        .where('person_id', '=', coordinator.person.id)
        .where('kind', '=', 'alerts.review_due')
        .execute();
      expect(notes.map((n) => n.link)).toContain(`/alertes/fiches/${id}`);
      // Once reminded, not again until the next review.
      const again = await remindProfileReviews(t.platform);
      expect(again).toBe(0);
    } finally {
      clock = saved;
    }
  });
});

describe('raising and following an alert', () => {
  it('delivers to the police and the selected pivots, with the fields each needs', async () => {
    const profileId = await createProfile();
    await worker.inject({
      method: 'PUT',
      url: `/api/alerts/profiles/${profileId}/photo`,
      payload: { contentBase64: PNG },
    });
    const before = await count('notifications');
    const raised = await raise(worker, {
      profileId,
      lastSeenAt: new Date(clock.getTime() - 150 * 60_000).toISOString(),
    });
    expect(raised.statusCode, raised.body).toBe(201);
    const { id, recipients } = raised.json();
    expect(recipients).toBe(2);
    expect(await count('notifications')).toBe(before + 2);

    const row = await t.platform.db
      .selectFrom('alerts')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.content).not.toContain(NAME);
    expect(row.police_organisation_id).toBe(police);

    const policeView = await open(analyst, id);
    expect(policeView.statusCode, policeView.body).toBe(200);
    expect(policeView.json().view).toBe('police');
    expect(policeView.json().content.medicalNeeds).toBe('Asthme-fictif-ventolin');
    expect(policeView.json().content.hasPhoto).toBe(true);

    const pivotView = await open(schoolPivot, id);
    expect(pivotView.json().view).toBe('pivot');
    expect(pivotView.json().content.givenName).toBe(NAME);
    expect(pivotView.body).not.toContain('Asthme-fictif-ventolin');
    expect(pivotView.body).not.toContain('555-0199');
    const photo = await schoolPivot.inject({
      method: 'GET',
      url: `/api/alerts/${id}/photo?purpose=Reconnaissance`,
    });
    expect(photo.statusCode).toBe(200);

    // Outsiders: another youth centre, a pivot not among the recipients, another police service.
    for (const agent of [
      otherCentreWorker,
      outsiderPivot,
      otherAnalyst,
      tableCoordinator,
      privacyOfficer,
      schoolWorker,
      investigator,
    ]) {
      const response = await open(agent, id);
      expect(response.statusCode).toBe(404);
      expect(response.body).not.toContain(NAME);
      const list = await agent.inject({ method: 'GET', url: '/api/alerts' });
      expect(list.body).not.toContain(id);
      const ack = await agent.inject({ method: 'POST', url: `/api/alerts/${id}/acknowledge`, payload: {} });
      expect(ack.statusCode).toBe(404);
      const photoOut = await agent.inject({
        method: 'GET',
        url: `/api/alerts/${id}/photo?purpose=Curiosit%C3%A9`,
      });
      expect(photoOut.statusCode).toBe(404);
      const entry = await agent.inject({
        method: 'POST',
        url: `/api/alerts/${id}/timeline`,
        payload: { kind: 'sighting', body: 'Vu au parc' },
      });
      expect(entry.statusCode).toBe(404);
    }

    // The content-free e-mails are queued by a job, never with the young person's name.
    const job = await t.platform.db
      .selectFrom('job_queue')
      .select(['payload'])
      .where('name', '=', 'alerts.email')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    const sent = await sendAlertEmails(t.platform, job.payload as Record<string, unknown>);
    expect(sent).toBe(2);
    const mails = await t.platform.db
      .selectFrom('email_outbox')
      .select(['id', 'subject', 'to_address', 'body'])
      .where('kind', '=', 'alerts_new')
      .execute();
    expect(mails.map((m) => m.to_address)).toContain(analyst.person.email);
    expect(JSON.stringify(mails)).not.toContain(NAME);
    for (const mail of mails) {
      const body = t.platform.keyring.decrypt(mail.body ?? '', `email_outbox.body:${mail.id}`);
      expect(body).toContain(`/alertes/${id}`);
      expect(body).not.toContain(NAME);
      expect(body).not.toContain('terminus');
    }

    // Acknowledge, timeline, close.
    const ack = await analyst.inject({ method: 'POST', url: `/api/alerts/${id}/acknowledge`, payload: {} });
    expect(ack.statusCode, ack.body).toBe(204);
    const twice = await analyst.inject({ method: 'POST', url: `/api/alerts/${id}/acknowledge`, payload: {} });
    expect(twice.statusCode).toBe(409);
    const ownerCannotAck = await worker.inject({
      method: 'POST',
      url: `/api/alerts/${id}/acknowledge`,
      payload: {},
    });
    expect(ownerCannotAck.statusCode).toBe(403);
    const sighting = await schoolPivot.inject({
      method: 'POST',
      url: `/api/alerts/${id}/timeline`,
      payload: { kind: 'sighting', body: 'Aperçue près de la bibliothèque fictive' },
    });
    expect(sighting.statusCode).toBe(204);
    const event = await t.platform.db
      .selectFrom('alert_events')
      .select('body')
      .where('alert_id', '=', id)
      .where('kind', '=', 'sighting')
      .executeTakeFirstOrThrow();
    expect(event.body).not.toContain('bibliothèque');
    expect((await open(analyst, id)).body).toContain('bibliothèque');

    const pivotCannotClose = await schoolPivot.inject({
      method: 'POST',
      url: `/api/alerts/${id}/close`,
      payload: { outcome: 'found', placeType: 'friends', foundAt: clock.toISOString() },
    });
    expect(pivotCannotClose.statusCode).toBe(403);
    const closed = await worker.inject({
      method: 'POST',
      url: `/api/alerts/${id}/close`,
      payload: {
        outcome: 'returned',
        placeType: 'friends',
        foundAt: new Date(clock.getTime() - 30 * 60_000).toISOString(),
      },
    });
    expect(closed.statusCode, closed.body).toBe(204);

    // Recipients lose the content at once; the owner keeps it until the purge.
    const after = await open(analyst, id);
    expect(after.statusCode).toBe(200);
    expect(after.json().status).toBe('closed');
    expect(after.json().content).toBeNull();
    expect(after.body).not.toContain(NAME);
    expect(after.body).not.toContain('bibliothèque');
    expect(
      (await schoolPivot.inject({ method: 'GET', url: `/api/alerts/${id}/photo?purpose=x%20y%20z` }))
        .statusCode,
    ).toBe(404);
    const closedNote = await t.platform.db
      .selectFrom('notifications')
      .select('kind')
      .where('person_id', '=', analyst.person.id)
      .where('link', '=', `/alertes/${id}`)
      .execute();
    expect(closedNote.map((n) => n.kind)).toContain('alerts.closed');
    const owner = await open(worker, id);
    expect(owner.json().content.givenName).toBe(NAME);
    expect(owner.json().minutesMissing).toBe(120);
    expect(owner.json().returnInterview.status).toBe('pending');
    expect(owner.json().can.recordInterview).toBe(true);

    // Return interview: the youth centre records it within 72 hours.
    const missing = await worker.inject({
      method: 'POST',
      url: `/api/alerts/${id}/interview`,
      payload: { status: 'done' },
    });
    expect(missing.statusCode).toBe(400);
    const interview = await worker.inject({
      method: 'POST',
      url: `/api/alerts/${id}/interview`,
      payload: {
        status: 'done',
        exploitationRisksScreened: true,
        outcome: 'Entrevue faite; aucun nouveau risque (fictif).',
      },
    });
    expect(interview.statusCode, interview.body).toBe(204);
    const fact = await t.platform.db
      .selectFrom('alert_facts')
      .selectAll()
      .where('alert_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(fact.minutes_missing).toBe(120);
    expect(fact.minutes_to_police_ack).toBe(0);
    expect(fact.interview_within_72h).toBe(true);
    expect(fact.profile_episode_count).toBe(1);

    // The purge after the period destroys every personal row and keeps the facts.
    const saved = clock;
    clock = new Date(saved.getTime() + 29 * 86_400_000);
    expect(await purgeClosedAlerts(t.platform)).toBe(0);
    clock = new Date(saved.getTime() + 31 * 86_400_000);
    const photoFile = row.photo_file_id!;
    expect(await purgeClosedAlerts(t.platform)).toBeGreaterThanOrEqual(1);
    clock = saved;
    for (const table of [
      'alerts',
      'alert_events',
      'alert_recipients',
      'alert_recipient_people',
      'alert_return_interviews',
    ] as const) {
      const rows = await t.platform.db
        .selectFrom(table)
        .select(({ fn }) => fn.countAll<number>().as('n'))
        .where(table === 'alerts' ? 'id' : 'alert_id', '=', id)
        .executeTakeFirstOrThrow();
      expect(Number(rows.n), table).toBe(0);
    }
    const file = await t.platform.db
      .selectFrom('files')
      .select('id')
      .where('id', '=', photoFile)
      .executeTakeFirst();
    expect(file).toBeUndefined();
    const register = await t.platform.db
      .selectFrom('alert_disclosures')
      .selectAll()
      .where('alert_id', 'is', null)
      .execute();
    expect(register.length).toBeGreaterThanOrEqual(2);
    expect(register.every((r) => r.justification === null)).toBe(true);
    const facts = await t.platform.db
      .selectFrom('alert_facts')
      .selectAll()
      .where('id', '=', fact.id)
      .executeTakeFirstOrThrow();
    expect(facts.alert_id).toBeNull();
    expect(facts.minutes_missing).toBe(120);
    const purgeAudit = await t.platform.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'alerts.alert.purge')
      .where('target_id', '=', id)
      .execute();
    expect(purgeAudit).toHaveLength(1);
    expect((await open(worker, id)).statusCode).toBe(404);
  });

  it('escalates when the police has not acknowledged within the delay', async () => {
    const setDelay = await tableCoordinator.inject({
      method: 'PUT',
      url: '/api/alerts/settings',
      payload: { ackDelayMinutes: 15 },
    });
    expect(setDelay.statusCode, setDelay.body).toBe(200);
    expect(setDelay.json().ackDelayMinutes).toBe(15);
    const refused = await worker.inject({
      method: 'PUT',
      url: '/api/alerts/settings',
      payload: { ackDelayMinutes: 1 },
    });
    expect(refused.statusCode).toBe(403);
    const raised = await raise(worker, { subject: { givenName: NAME } });
    expect(raised.statusCode, raised.body).toBe(201);
    const { id } = raised.json();
    expect((await open(investigator, id)).statusCode).toBe(404);
    const saved = clock;
    try {
      clock = new Date(saved.getTime() + 14 * 60_000);
      expect(await escalateOverdueAlerts(t.platform)).toBe(0);
      clock = new Date(saved.getTime() + 16 * 60_000);
      expect(await escalateOverdueAlerts(t.platform)).toBe(1);
      expect(await escalateOverdueAlerts(t.platform)).toBe(0);
      const next = await open(investigator, id);
      expect(next.statusCode).toBe(200);
      expect(next.json().view).toBe('police');
      expect(next.json().escalatedAt).not.toBeNull();
      const coordination = await open(tableCoordinator, id);
      expect(coordination.json().view).toBe('pivot');
      const kinds = await t.platform.db
        .selectFrom('notifications')
        .select(['person_id'])
        .where('kind', '=', 'alerts.escalated')
        .where('link', '=', `/alertes/${id}`)
        .execute();
      const notified = kinds.map((k) => k.person_id);
      expect(notified).toEqual(
        expect.arrayContaining([investigator.person.id, tableCoordinator.person.id, coordinator.person.id]),
      );
      // Passing it to the table's coordination is a disclosure to another organisation: registered.
      const registered = await t.platform.db
        .selectFrom('alert_disclosures')
        .select(['to_organisation_id', 'view', 'disclosed_by'])
        .where('alert_id', '=', id)
        .execute();
      expect(registered).toEqual(
        expect.arrayContaining([{ to_organisation_id: outsider, view: 'pivot', disclosed_by: null }]),
      );
    } finally {
      clock = saved;
      await tableCoordinator.inject({
        method: 'PUT',
        url: '/api/alerts/settings',
        payload: { ackDelayMinutes: 10 },
      });
    }
  });

  it('requires a coordinator and a justification to share without consent, flagged for review', async () => {
    const byWorker = await raise(worker, {
      subject: { givenName: NAME },
      withoutConsent: true,
      justification: 'Danger grave et immédiat (fictif).',
    });
    expect(byWorker.statusCode).toBe(400);
    expect(byWorker.json().error.details[0].rule).toBe('alerts_override_role');
    const noReason = await raise(coordinator, { subject: { givenName: NAME }, withoutConsent: true });
    expect(noReason.json().error.details[0].rule).toBe('alerts_justification');
    const raised = await raise(coordinator, {
      subject: { givenName: NAME },
      withoutConsent: true,
      justification: 'Danger grave et immédiat (fictif).',
    });
    expect(raised.statusCode, raised.body).toBe(201);
    const flagged = await privacyOfficer.inject({
      method: 'GET',
      url: '/api/alerts/disclosures?flagged=true',
    });
    expect(flagged.statusCode).toBe(200);
    const mine = flagged.json().items.filter((d: { alertId: string }) => d.alertId === raised.json().id);
    expect(mine.length).toBe(2);
    expect(mine[0].justification).toBe('Danger grave et immédiat (fictif).');
    const policeRow = mine.find((d: { view: string }) => d.view === 'police');
    expect(policeRow.fields).toEqual(expect.arrayContaining(['givenName', 'lastSeenPlace', 'circumstances']));
    const pivotRow = mine.find((d: { view: string }) => d.view === 'pivot');
    expect(pivotRow.fields).not.toContain('circumstances');
    const reviewed = await privacyOfficer.inject({
      method: 'POST',
      url: `/api/alerts/disclosures/${mine[0].id}/review`,
      payload: {},
    });
    expect(reviewed.statusCode).toBe(204);
    const csv = await privacyOfficer.inject({ method: 'GET', url: '/api/alerts/disclosures.csv' });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\r\n')[0]).toContain('legal_basis');
    expect((await worker.inject({ method: 'GET', url: '/api/alerts/disclosures' })).statusCode).toBe(403);
  });
});

describe('bad input stores nothing', () => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['no last-seen time', { lastSeenAt: undefined, subject: { givenName: NAME } }, 'lastSeenAt'],
    [
      'a recipient outside the table',
      { subject: { givenName: NAME }, organisationIds: ['00000000-0000-4000-8000-000000000000'] },
      'organisationIds.0',
    ],
    ['no legal basis', { subject: { givenName: NAME }, legalBasis: undefined }, 'legalBasis'],
    ['no young person', {}, 'subject.givenName'],
    [
      'a police service that is not one',
      { subject: { givenName: NAME }, policeOrganisationId: 'SCHOOL' },
      'policeOrganisationId',
    ],
    ['another centre’s profile', { profileId: 'OTHER' }, 'profileId'],
    [
      'a future last-seen time',
      { subject: { givenName: NAME }, lastSeenAt: '2027-01-01T00:00:00.000Z' },
      'lastSeenAt',
    ],
  ];
  it.each(cases)('%s', async (_label, payload, field) => {
    const otherProfile = await createProfile(otherCentreWorker);
    const resolved = Object.fromEntries(
      Object.entries(payload).map(([k, v]) => [
        k,
        v === 'SCHOOL' ? school : v === 'OTHER' ? otherProfile : v,
      ]),
    );
    const before = await Promise.all([
      count('alerts'),
      count('alert_recipients'),
      count('alert_disclosures'),
      count('notifications'),
    ]);
    const response = await raise(worker, resolved);
    expect(response.statusCode, response.body).toBe(400);
    const details = response.json().error.details as Array<{ field: string; message: string }>;
    expect(details.map((d) => d.field)).toContain(field);
    expect(details[0]!.message.length).toBeGreaterThan(5);
    expect(response.body).not.toContain('internal');
    const after = await Promise.all([
      count('alerts'),
      count('alert_recipients'),
      count('alert_disclosures'),
      count('notifications'),
    ]);
    expect(after).toEqual(before);
  });

  it('answers in English too', async () => {
    const english = await t.signIn(
      await t.createPerson({ roles: ['worker'], organisationId: centre, locale: 'en-CA' }),
    );
    const response = await english.inject({
      method: 'POST',
      url: '/api/alerts',
      headers: { 'accept-language': 'en-CA' },
      payload: {
        kind: 'runaway',
        legalBasis: 'consent',
        lastSeenAt: clock.toISOString(),
        organisationIds: [outsider, '00000000-0000-4000-8000-000000000000'],
        subject: { givenName: NAME },
      },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details[0].message).toContain('active partners');
  });
});

describe('figures', () => {
  it('come from de-identified facts, for the table', async () => {
    const response = await tableCoordinator.inject({ method: 'GET', url: '/api/alerts/figures' });
    expect(response.statusCode).toBe(200);
    const figures = response.json();
    expect(figures.closedAlerts).toBeGreaterThanOrEqual(1);
    expect(figures.medianMinutesMissing).toBe(120);
    expect(figures.interviewsWithin72hShare).toBe(1);
    expect(figures.months.length).toBeGreaterThanOrEqual(1);
    // Every month up to the current one, the quiet ones at zero (the chart shows time as it passed).
    const months = figures.months.map((m: { month: string }) => m.month);
    expect(months[months.length - 1]).toBe('2026-11');
    for (const [i, month] of months.entries()) {
      if (i === 0) continue;
      const [year, m] = months[i - 1].split('-').map(Number);
      expect(month).toBe(m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`);
    }
    // The chart's numbers as CSV.
    const csv = await tableCoordinator.inject({ method: 'GET', url: '/api/alerts/figures.csv' });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toBe(
      `month,alerts\r\n${figures.months.map((m: { month: string; alerts: number }) => `${m.month},${m.alerts}\r\n`).join('')}`,
    );
    expect((await analyst.inject({ method: 'GET', url: '/api/alerts/figures.csv' })).statusCode).toBe(403);
    expect((await analyst.inject({ method: 'GET', url: '/api/alerts/figures' })).statusCode).toBe(403);
    const section = await alertsReportContributor.compute(t.platform.db, {
      year: 2026,
      locale: 'fr-CA',
      timeZone: REGION_TIME_ZONE,
    });
    expect(section.figures[0]).toEqual({ label: 'Alertes fermées', value: figures.closedAlerts });
    expect(section.figures[2]!.value).toBe(120);
    expect(JSON.stringify(section)).not.toContain(NAME);
  });
});

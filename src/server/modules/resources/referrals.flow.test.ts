import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../../../test/support/app.js';
import { createResourceOrganisation, createService } from './directory.fixtures.js';
import { purgeFollowedPeople } from './referral-retention.service.js';
import { escalateOverdue } from './referral-workflow.service.js';

// Monday 15 June 2026, 10:00 in Montréal.
let now = new Date('2026-06-15T14:00:00Z');
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ now: () => now });
});
afterAll(async () => {
  await t.close();
});

const PURPOSE = { purpose: 'suivi de la référence' };

async function setup() {
  const senderOrg = await t.createOrganisation({ type: 'community' });
  const serviceOrg = await t.createOrganisation({ type: 'health_social_services' });
  const strangerOrg = await t.createOrganisation();
  const pivot = await t.as('pivot', { organisationId: senderOrg });
  const worker = await t.as('worker', { organisationId: serviceOrg });
  const coordinator = await t.as('org_coordinator', { organisationId: serviceOrg });
  const stranger = await t.as(['worker', 'pivot', 'org_coordinator'], { organisationId: strangerOrg });
  const resourceOrg = await createResourceOrganisation(t, { keeper: serviceOrg });
  const serviceId = await createService(t, {
    organisationId: resourceOrg,
    keeper: serviceOrg,
    name: 'Hébergement fictif des Trembles',
    taxonomy: ['safe_place'],
    safePlace: true,
  });
  await t.platform.db
    .updateTable('resource_services')
    .set({ accepts_referrals: true })
    .where('id', '=', serviceId)
    .execute();
  return { senderOrg, serviceOrg, pivot, worker, coordinator, stranger, resourceOrg, serviceId };
}

async function newSubject(agent: Agent, body: Record<string, unknown> = {}) {
  const response = await agent.inject({
    method: 'POST',
    url: '/api/referrals/subjects',
    payload: {
      kind: 'youth',
      givenName: 'Maëlle',
      familyName: 'Fictive',
      birthDate: '2010-03-02',
      gender: 'girls',
      languages: ['fr'],
      safeChannels: ['through_sender'],
      phone: '514 555-0100',
      ...body,
    },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id as string;
}

describe('a referral, closed loop', () => {
  it('goes from the sender to the service and back, and the service loses the details once it ends', async () => {
    const s = await setup();
    const subjectId = await newSubject(s.pivot);

    // No consent: refused, nothing stored.
    const refused = await s.pivot.inject({
      method: 'POST',
      url: '/api/referrals',
      payload: { subjectId, serviceId: s.serviceId, disclosedFields: ['name'] },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details[0].field).toBe('consent');

    const sent = await s.pivot.inject({
      method: 'POST',
      url: '/api/referrals',
      payload: {
        subjectId,
        serviceId: s.serviceId,
        consent: { givenBy: 'youth' },
        disclosedFields: ['name', 'age', 'needs'],
        needs: 'Un lieu sûr pour quelques nuits.',
      },
    });
    expect(sent.statusCode, sent.body).toBe(201);
    const referral = sent.json();
    expect(referral.status).toBe('sent');
    expect(referral.legalBasis).toBe('consent');
    // Monday 10:00 + 2 business days: due at the end of Wednesday 17 June (EDT).
    expect(referral.dueAt).toBe('2026-06-18T04:00:00.000Z');

    // The service sees it under "received", with only the disclosed fields.
    const received = await s.worker.inject({ method: 'GET', url: '/api/referrals?side=received' });
    expect(received.statusCode, received.body).toBe(200);
    expect(received.json().items.map((r: { id: string }) => r.id)).toEqual([referral.id]);
    expect(received.json().items[0].subjectLabel).toBe('Maëlle Fictive');
    const opened = await s.worker.inject({
      method: 'GET',
      url: `/api/referrals/${referral.id}`,
      query: PURPOSE,
    });
    expect(opened.statusCode, opened.body).toBe(200);
    expect(opened.json().disclosed).toEqual({
      name: 'Maëlle Fictive',
      age: 16,
      needs: 'Un lieu sûr pour quelques nuits.',
    });
    expect(opened.body).not.toContain('514 555-0100');
    expect(opened.json().allowedStatuses).toContain('accepted');

    // Another organisation sees nothing, whatever the role.
    for (const url of [
      `/api/referrals/${referral.id}?purpose=essai`,
      `/api/referrals/subjects/${subjectId}?purpose=essai`,
    ]) {
      const response = await s.stranger.inject({ method: 'GET', url });
      expect(response.statusCode).toBe(404);
    }
    expect(
      (await s.stranger.inject({ method: 'GET', url: '/api/referrals?side=received' })).json().items,
    ).toEqual([]);

    // Accepting with a stale version loses; with the right one wins.
    const stale = await s.worker.inject({
      method: 'POST',
      url: `/api/referrals/${referral.id}/status`,
      payload: { to: 'accepted', version: referral.version + 1 },
    });
    expect(stale.statusCode).toBe(409);
    const accepted = await s.worker.inject({
      method: 'POST',
      url: `/api/referrals/${referral.id}/status`,
      payload: { to: 'accepted', version: referral.version },
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json().subjectId).toBe(subjectId);

    // The accepting service may read the trajectory; it then completes with an outcome.
    const path = await s.worker.inject({
      method: 'GET',
      url: `/api/referrals/subjects/${subjectId}/trajectory`,
      query: PURPOSE,
    });
    expect(path.statusCode, path.body).toBe(200);
    expect(path.json().side).toBe('service');
    const noOutcome = await s.worker.inject({
      method: 'POST',
      url: `/api/referrals/${referral.id}/status`,
      payload: { to: 'completed', version: accepted.json().version },
    });
    expect(noOutcome.statusCode).toBe(400);
    const completed = await s.worker.inject({
      method: 'POST',
      url: `/api/referrals/${referral.id}/status`,
      payload: {
        to: 'completed',
        version: accepted.json().version,
        outcome: 'got_help',
        firstContactOn: '2026-06-15',
      },
    });
    expect(completed.statusCode, completed.body).toBe(200);
    expect(completed.json().disclosed).toBeNull();
    const row = await t.platform.db
      .selectFrom('referrals')
      .selectAll()
      .where('id', '=', referral.id)
      .executeTakeFirstOrThrow();
    expect(row.sealed_disclosed).toBeNull();
    // The service no longer reaches the trajectory.
    const after = await s.worker.inject({
      method: 'GET',
      url: `/api/referrals/subjects/${subjectId}/trajectory`,
      query: PURPOSE,
    });
    expect(after.statusCode).toBe(404);

    // The sender sees the loop closed.
    const loop = await s.pivot.inject({
      method: 'GET',
      url: `/api/referrals/${referral.id}`,
      query: PURPOSE,
    });
    expect(loop.json()).toMatchObject({ status: 'completed', outcome: 'got_help', side: 'sender' });
    expect(loop.json().events.map((e: { kind: string }) => e.kind)).toEqual(['sent', 'status', 'status']);
    const trajectory = await s.pivot.inject({
      method: 'GET',
      url: `/api/referrals/subjects/${subjectId}/trajectory`,
      query: PURPOSE,
    });
    expect(trajectory.json().entries).toHaveLength(1);
    expect(trajectory.json().subjectLabel).toBe('Maëlle Fictive');
  });

  it('asks a parent for a young person under 14, and flags an override for the privacy officer', async () => {
    const s = await setup();
    const subjectId = await newSubject(s.pivot, { birthDate: '2014-01-10' });
    const young = await s.pivot.inject({
      method: 'POST',
      url: '/api/referrals',
      payload: { subjectId, serviceId: s.serviceId, consent: { givenBy: 'youth' }, disclosedFields: ['age'] },
    });
    expect(young.statusCode).toBe(400);
    expect(young.json().error.details[0]).toMatchObject({
      field: 'consent.givenBy',
      rule: 'referrals_consent_age',
    });
    const pivotOverride = await s.pivot.inject({
      method: 'POST',
      url: '/api/referrals',
      payload: {
        subjectId,
        serviceId: s.serviceId,
        consent: { givenBy: 'override', justification: 'Danger immédiat, parent injoignable.' },
        disclosedFields: ['age'],
      },
    });
    expect(pivotOverride.statusCode).toBe(400);
    expect(
      await t.platform.db
        .selectFrom('referral_consents')
        .select('id')
        .where('subject_id', '=', subjectId)
        .execute(),
    ).toEqual([]);

    const coordinator = await t.as('org_coordinator', { organisationId: s.senderOrg });
    const override = await coordinator.inject({
      method: 'POST',
      url: '/api/referrals',
      payload: {
        subjectId,
        serviceId: s.serviceId,
        consent: { givenBy: 'override', justification: 'Danger immédiat, parent injoignable.' },
        disclosedFields: ['age'],
      },
    });
    expect(override.statusCode, override.body).toBe(201);
    expect(override.json().legalBasis).toBe('override');

    const privacy = await t.as('privacy_officer', { organisationId: s.senderOrg });
    const register = await privacy.inject({ method: 'GET', url: '/api/referrals/disclosures?flagged=true' });
    expect(register.statusCode, register.body).toBe(200);
    expect(register.json().items).toHaveLength(1);
    expect(register.json().items[0]).toMatchObject({
      legalBasis: 'override',
      flagged: true,
      justification: 'Danger immédiat, parent injoignable.',
    });
    const review = await privacy.inject({
      method: 'POST',
      url: `/api/referrals/consents/${register.json().items[0].consentId}/review`,
      payload: {},
    });
    expect(review.statusCode, review.body).toBe(204);
    const receiverPrivacy = await t.as('privacy_officer', { organisationId: s.serviceOrg });
    const theirs = await receiverPrivacy.inject({ method: 'GET', url: '/api/referrals/disclosures' });
    expect(theirs.json().items).toHaveLength(1);
    expect(theirs.json().items[0].justification).toBeNull();
  });

  it('escalates a referral left without an answer, cancels open referrals when the consent is withdrawn', async () => {
    const s = await setup();
    const subjectId = await newSubject(s.pivot);
    const sent = await s.pivot.inject({
      method: 'POST',
      url: '/api/referrals',
      payload: {
        subjectId,
        serviceId: s.serviceId,
        consent: { givenBy: 'youth' },
        disclosedFields: ['name'],
      },
    });
    const referral = sent.json();
    now = new Date('2026-06-18T13:00:00Z');
    try {
      expect(await escalateOverdue(t.platform)).toBeGreaterThanOrEqual(1);
      // Three days later: fresh sessions (the first ones have gone idle).
      const pivot = await t.signIn(s.pivot.person);
      const worker = await t.signIn(s.worker.person);
      const overdue = await pivot.inject({ method: 'GET', url: '/api/referrals?side=sent&overdue=true' });
      expect(overdue.json().items[0]).toMatchObject({ id: referral.id, overdue: true, escalated: true });
      const told = await t.platform.db
        .selectFrom('notifications')
        .select('kind')
        .where('person_id', '=', s.coordinator.person.id)
        .execute();
      expect(told.map((n) => n.kind)).toContain('referrals.overdue');
      expect(await escalateOverdue(t.platform)).toBe(0);

      const subject = await pivot.inject({
        method: 'GET',
        url: `/api/referrals/subjects/${subjectId}`,
        query: PURPOSE,
      });
      const consentId = subject.json().consents[0].id;
      const revoked = await pivot.inject({
        method: 'POST',
        url: `/api/referrals/consents/${consentId}/revoke`,
        payload: {},
      });
      expect(revoked.statusCode, revoked.body).toBe(200);
      expect(revoked.json().state).toBe('revoked');
      const gone = await worker.inject({
        method: 'GET',
        url: `/api/referrals/${referral.id}`,
        query: PURPOSE,
      });
      expect(gone.json()).toMatchObject({ status: 'cancelled', disclosed: null });
    } finally {
      now = new Date('2026-06-15T14:00:00Z');
    }
  });
});

describe('retention of the people followed', () => {
  it('destroys the identity of a person with nothing open for two years, and keeps the referral for the figures', async () => {
    const s = await setup();
    const subjectId = await newSubject(s.pivot, { contactNote: 'Ne jamais texter.' });
    const sent = await s.pivot.inject({
      method: 'POST',
      url: '/api/referrals',
      payload: {
        subjectId,
        serviceId: s.serviceId,
        consent: { givenBy: 'youth' },
        disclosedFields: ['name'],
      },
    });
    const cancelled = await s.pivot.inject({
      method: 'POST',
      url: `/api/referrals/${sent.json().id}/status`,
      payload: { to: 'cancelled', version: sent.json().version, note: 'Maëlle a déménagé.' },
    });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    const open = await newSubject(s.pivot, { givenName: 'Ouverte' });
    await s.pivot.inject({
      method: 'POST',
      url: '/api/referrals',
      payload: {
        subjectId: open,
        serviceId: s.serviceId,
        consent: { givenBy: 'youth' },
        disclosedFields: ['name'],
      },
    });
    // A year later nothing happens; two years and a day later the closed one is destroyed, not the open one.
    now = new Date('2027-06-15T14:00:00Z');
    try {
      expect(await purgeFollowedPeople(t.platform)).toBe(0);
      now = new Date('2028-06-16T14:00:00Z');
      expect(await purgeFollowedPeople(t.platform)).toBeGreaterThanOrEqual(1);
      const subjects = await t.platform.db
        .selectFrom('referral_subjects')
        .select(['id', 'purged_at', 'sealed_identity'])
        .where('id', 'in', [subjectId, open])
        .execute();
      const purged = subjects.find((r) => r.id === subjectId)!;
      expect(purged.purged_at).not.toBeNull();
      expect(
        t.platform.keyring.decrypt(purged.sealed_identity, `referral_subjects.identity:${subjectId}`),
      ).not.toContain('Maëlle');
      expect(subjects.find((r) => r.id === open)!.purged_at).toBeNull();
      const notes = await t.platform.db
        .selectFrom('referral_events')
        .select('sealed_note')
        .where('referral_id', '=', sent.json().id)
        .execute();
      expect(notes.every((n) => n.sealed_note === null)).toBe(true);
      expect(
        await t.platform.db.selectFrom('referrals').select('id').where('id', '=', sent.json().id).execute(),
      ).toHaveLength(1);
      const pivot = await t.signIn(s.pivot.person);
      const gone = await pivot.inject({
        method: 'GET',
        url: `/api/referrals/subjects/${subjectId}`,
        query: PURPOSE,
      });
      expect(gone.statusCode).toBe(404);
    } finally {
      now = new Date('2026-06-15T14:00:00Z');
    }
  });
});

describe('a referral within one organisation', () => {
  it('lets the same organisation answer its own service and cancel as the sender', async () => {
    const health = await t.createOrganisation({ type: 'health_social_services' });
    const worker = await t.as(['worker'], { organisationId: health });
    const therapist = await t.as(['worker'], { organisationId: health });
    const resourceOrg = await createResourceOrganisation(t, { keeper: health });
    const serviceId = await createService(t, {
      organisationId: resourceOrg,
      keeper: health,
      name: 'Thérapie fictive interne',
    });
    await t.platform.db
      .updateTable('resource_services')
      .set({ accepts_referrals: true })
      .where('id', '=', serviceId)
      .execute();
    const subjectId = await newSubject(worker);
    const sent = await worker.inject({
      method: 'POST',
      url: '/api/referrals',
      payload: { subjectId, serviceId, consent: { givenBy: 'youth' }, disclosedFields: ['name'] },
    });
    expect(sent.statusCode, sent.body).toBe(201);
    expect(sent.json().allowedStatuses).toEqual(
      expect.arrayContaining(['accepted', 'declined', 'cancelled']),
    );
    const accepted = await therapist.inject({
      method: 'POST',
      url: `/api/referrals/${sent.json().id}/status`,
      payload: { to: 'accepted', version: sent.json().version },
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    const cancelled = await worker.inject({
      method: 'POST',
      url: `/api/referrals/${sent.json().id}/status`,
      payload: { to: 'cancelled', version: accepted.json().version },
    });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json().status).toBe('cancelled');
  });
});

describe('what waits for the reader', () => {
  it('counts the referrals waiting for the service and the sender’s late ones, and nothing of another organisation', async () => {
    const s = await setup();
    const subjectId = await newSubject(s.pivot);
    await s.pivot.inject({
      method: 'POST',
      url: '/api/referrals',
      payload: {
        subjectId,
        serviceId: s.serviceId,
        consent: { givenBy: 'youth' },
        disclosedFields: ['name'],
      },
    });
    const waiting = await s.worker.inject({ method: 'GET', url: '/api/referrals/counts' });
    expect(waiting.json()).toEqual({ receivedWaiting: 1, receivedOverdue: 0, sentOverdue: 0, sentOpen: 0 });
    expect((await s.pivot.inject({ method: 'GET', url: '/api/referrals/counts' })).json()).toMatchObject({
      sentOpen: 1,
      sentOverdue: 0,
    });
    expect((await s.stranger.inject({ method: 'GET', url: '/api/referrals/counts' })).json()).toEqual({
      receivedWaiting: 0,
      receivedOverdue: 0,
      sentOverdue: 0,
      sentOpen: 0,
    });
    now = new Date('2026-06-18T13:00:00Z');
    try {
      const pivot = await t.signIn(s.pivot.person);
      const worker = await t.signIn(s.worker.person);
      expect((await pivot.inject({ method: 'GET', url: '/api/referrals/counts' })).json().sentOverdue).toBe(
        1,
      );
      expect(
        (await worker.inject({ method: 'GET', url: '/api/referrals/counts' })).json().receivedOverdue,
      ).toBe(1);
    } finally {
      now = new Date('2026-06-15T14:00:00Z');
    }
  });
});

describe('what the review of the referrals found', () => {
  it('reads the age rule again when a consent is used, and follows no child as a parent', async () => {
    const s = await setup();
    const subjectId = await newSubject(s.pivot);
    const consent = await s.pivot.inject({
      method: 'POST',
      url: `/api/referrals/subjects/${subjectId}/consents`,
      payload: { forOrganisationId: s.serviceOrg, givenBy: 'youth' },
    });
    expect(consent.statusCode, consent.body).toBe(201);
    const record = await s.pivot.inject({
      method: 'GET',
      url: `/api/referrals/subjects/${subjectId}`,
      query: PURPOSE,
    });
    const corrected = await s.pivot.inject({
      method: 'PATCH',
      url: `/api/referrals/subjects/${subjectId}`,
      payload: { birthDate: '2015-01-01', version: record.json().version },
    });
    expect(corrected.statusCode, corrected.body).toBe(200);
    const refused = await s.pivot.inject({
      method: 'POST',
      url: '/api/referrals',
      payload: { subjectId, serviceId: s.serviceId, consentId: consent.json().id, disclosedFields: ['name'] },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details[0]).toMatchObject({
      field: 'consentId',
      rule: 'referrals_consent_age',
    });

    const child = await s.pivot.inject({
      method: 'POST',
      url: '/api/referrals/subjects',
      payload: { kind: 'parent', givenName: 'Enfant', birthDate: '2016-05-05' },
    });
    expect(child.statusCode).toBe(400);
    expect(child.json().error.details[0]).toMatchObject({ field: 'birthDate', rule: 'referrals_parent_age' });
  });

  it('uses an override for one referral only', async () => {
    const s = await setup();
    const coordinator = await t.as('org_coordinator', { organisationId: s.senderOrg });
    const subjectId = await newSubject(coordinator);
    const first = await coordinator.inject({
      method: 'POST',
      url: '/api/referrals',
      payload: {
        subjectId,
        serviceId: s.serviceId,
        consent: { givenBy: 'override', justification: 'Danger immédiat, parent injoignable.' },
        disclosedFields: ['name'],
      },
    });
    expect(first.statusCode, first.body).toBe(201);
    const row = await t.platform.db
      .selectFrom('referrals')
      .select('consent_id')
      .where('id', '=', first.json().id)
      .executeTakeFirstOrThrow();
    const again = await s.pivot.inject({
      method: 'POST',
      url: '/api/referrals',
      payload: {
        subjectId,
        serviceId: s.serviceId,
        consentId: row.consent_id,
        disclosedFields: ['name', 'risks'],
        risks: 'x',
      },
    });
    expect(again.statusCode).toBe(400);
    expect(again.json().error.details[0]).toMatchObject({
      field: 'consentId',
      rule: 'referrals_override_single_use',
    });
  });

  it('shows a service the other referrals of a person only when the trajectory was disclosed to it', async () => {
    const s = await setup();
    const subjectId = await newSubject(s.pivot);
    await s.pivot.inject({
      method: 'POST',
      url: '/api/referrals/logged',
      payload: {
        subjectId,
        serviceName: 'Clinique fictive hors Filet',
        status: 'completed',
        outcome: 'got_help',
      },
    });
    const send = async (fields: string[]) => {
      const sent = await s.pivot.inject({
        method: 'POST',
        url: '/api/referrals',
        payload: {
          subjectId,
          serviceId: s.serviceId,
          consent: { givenBy: 'youth' },
          disclosedFields: fields,
        },
      });
      expect(sent.statusCode, sent.body).toBe(201);
      const accepted = await s.worker.inject({
        method: 'POST',
        url: `/api/referrals/${sent.json().id}/status`,
        payload: { to: 'accepted', version: sent.json().version },
      });
      expect(accepted.statusCode, accepted.body).toBe(200);
    };
    await send(['needs', 'name'].slice(1));
    const own = await s.worker.inject({
      method: 'GET',
      url: `/api/referrals/subjects/${subjectId}/trajectory`,
      query: PURPOSE,
    });
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json().entries).toHaveLength(1);
    expect(own.body).not.toContain('Clinique fictive hors Filet');
    await send(['name', 'trajectory']);
    const whole = await s.worker.inject({
      method: 'GET',
      url: `/api/referrals/subjects/${subjectId}/trajectory`,
      query: PURPOSE,
    });
    expect(whole.json().entries).toHaveLength(3);
    expect(whole.body).toContain('Clinique fictive hors Filet');
  });
});

describe('a consent that expires', () => {
  it('stops the service reading the details the day it expires, and the nightly job destroys the copy', async () => {
    const s = await setup();
    const subjectId = await newSubject(s.pivot);
    const sent = await s.pivot.inject({
      method: 'POST',
      url: '/api/referrals',
      payload: {
        subjectId,
        serviceId: s.serviceId,
        consent: { givenBy: 'youth', expiresOn: '2026-06-20' },
        disclosedFields: ['name', 'needs'],
        needs: 'Un suivi fictif.',
      },
    });
    expect(sent.statusCode, sent.body).toBe(201);
    const accepted = await s.worker.inject({
      method: 'POST',
      url: `/api/referrals/${sent.json().id}/status`,
      payload: { to: 'accepted', version: sent.json().version },
    });
    expect(accepted.json().disclosed).toMatchObject({ needs: 'Un suivi fictif.' });
    now = new Date('2026-06-22T14:00:00Z');
    try {
      const worker = await t.signIn(s.worker.person);
      const after = await worker.inject({
        method: 'GET',
        url: `/api/referrals/${sent.json().id}`,
        query: PURPOSE,
      });
      expect(after.json()).toMatchObject({ status: 'accepted', disclosed: null, subjectId: null });
      const stored = () =>
        t.platform.db
          .selectFrom('referrals')
          .select('sealed_disclosed')
          .where('id', '=', sent.json().id)
          .executeTakeFirstOrThrow();
      expect((await stored()).sealed_disclosed).not.toBeNull();
      await purgeFollowedPeople(t.platform);
      expect((await stored()).sealed_disclosed).toBeNull();
      // The nightly job also ends it: nobody acts on a person they can no longer see.
      const ended = await worker.inject({
        method: 'GET',
        url: `/api/referrals/${sent.json().id}`,
        query: PURPOSE,
      });
      expect(ended.json()).toMatchObject({ status: 'cancelled', allowedStatuses: [], mayAddNote: false });
      expect(ended.json().events.at(-1)).toMatchObject({ kind: 'consent_expired', toStatus: 'cancelled' });
    } finally {
      now = new Date('2026-06-15T14:00:00Z');
    }
  });
});

describe('what the second review found', () => {
  it('lets a withdrawal win over a move in flight, and closes the service’s pen with it', async () => {
    const s = await setup();
    const subjectId = await newSubject(s.pivot);
    const sent = await s.pivot.inject({
      method: 'POST',
      url: '/api/referrals',
      payload: {
        subjectId,
        serviceId: s.serviceId,
        consent: { givenBy: 'youth' },
        disclosedFields: ['name'],
      },
    });
    const record = await s.pivot.inject({
      method: 'GET',
      url: `/api/referrals/subjects/${subjectId}`,
      query: PURPOSE,
    });
    const consentId = record.json().consents[0].id;
    const [withdrawal, accept] = await Promise.all([
      s.pivot.inject({ method: 'POST', url: `/api/referrals/consents/${consentId}/revoke`, payload: {} }),
      s.worker.inject({
        method: 'POST',
        url: `/api/referrals/${sent.json().id}/status`,
        payload: { to: 'accepted', version: sent.json().version },
      }),
    ]);
    expect(withdrawal.statusCode, withdrawal.body).toBe(200);
    expect([200, 409]).toContain(accept.statusCode);
    const after = await s.worker.inject({
      method: 'GET',
      url: `/api/referrals/${sent.json().id}`,
      query: PURPOSE,
    });
    expect(after.json()).toMatchObject({ status: 'cancelled', disclosed: null, mayRecordOutcome: false });
    const outcome = await s.worker.inject({
      method: 'POST',
      url: `/api/referrals/${sent.json().id}/outcome`,
      payload: { outcome: 'got_help', version: after.json().version, note: 'Écrit après le retrait.' },
    });
    expect(outcome.statusCode).toBe(409);
  });

  it('takes no outcome for a logged referral still waiting for an answer', async () => {
    const s = await setup();
    const subjectId = await newSubject(s.pivot);
    const early = await s.pivot.inject({
      method: 'POST',
      url: '/api/referrals/logged',
      payload: { subjectId, serviceId: s.serviceId, status: 'sent', outcome: 'no_capacity' },
    });
    expect(early.statusCode).toBe(400);
    expect(early.json().error.details[0]).toMatchObject({
      field: 'outcome',
      rule: 'referrals_outcome_too_early',
    });
  });
});

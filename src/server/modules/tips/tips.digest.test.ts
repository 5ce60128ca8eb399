import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../../../test/support/app.js';
import { startTestSmtpServer, type TestSmtpServer } from '../../../../test/support/smtp-server.js';
import { openTipLine } from '../../../../test/support/tips.factories.js';
import { sendTipDigests } from './digest.service.js';
import { submitPublicTip } from './intake.service.js';

/**
 * "New items" notices: content-free, batched by the digest job on its fixed schedule, never sent at
 * submission time. A controllable clock drives the schedule; the e-mails go through a real SMTP server.
 */

let smtp: TestSmtpServer;
let t: TestApp;
let clock = new Date('2026-05-04T13:05:00Z');
let analyst: Agent;
let englishAnalyst: Agent;
let investigator: Agent;

const CANARY = 'Digest-canari-récit';

beforeAll(async () => {
  smtp = await startTestSmtpServer();
  t = await createTestApp({
    now: () => clock,
    config: { smtpUrl: smtp.url, mailFrom: 'Filet <filet@filet.test>' },
  });
  const service = await t.createOrganisation({ type: 'police', name: 'Police fictive du condensé' });
  await openTipLine(t, service);
  analyst = await t.as('police_analyst', { organisationId: service });
  englishAnalyst = await t.signIn(
    await t.createPerson({ roles: ['police_analyst'], organisationId: service, locale: 'en-CA' }),
  );
  investigator = await t.as('investigator', { organisationId: service });
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

async function notificationsOf(personId: string) {
  return t.platform.db
    .selectFrom('notifications')
    .select(['kind', 'params', 'link'])
    .where('person_id', '=', personId)
    .execute();
}

async function outbox() {
  return t.platform.db.selectFrom('email_outbox').select(['to_address', 'subject', 'kind']).execute();
}

describe('batched "new items" notices', () => {
  it('tells analysts only on the schedule, with no content, and only when something is new', async () => {
    // The first pass of the scheduler stores the next run (13:15); nothing is due yet.
    await t.platform.jobs.runDue(clock);
    await submitPublicTip(t.platform, {
      channel: 'solicitation',
      facts: `${CANARY} au terminus fictif.`,
      answers: { offered: 'Argent-canari' },
    });
    await submitPublicTip(t.platform, { channel: 'online', facts: `${CANARY} en ligne.` });
    // Nothing at submission time, nor on a pass before the schedule is due.
    clock = new Date('2026-05-04T13:10:00Z');
    await t.platform.jobs.runDue(clock);
    expect(await notificationsOf(analyst.person.id)).toEqual([]);
    expect(await outbox()).toEqual([]);

    // 13:15: the digest job runs and tells each analyst once, whatever the number of tips.
    clock = new Date('2026-05-04T13:15:00Z');
    expect(await t.platform.jobs.runDue(clock)).toBeGreaterThan(0);
    expect(await notificationsOf(analyst.person.id)).toEqual([
      { kind: 'tips.new_items', params: {}, link: '/signalements' },
    ]);
    expect(await notificationsOf(englishAnalyst.person.id)).toHaveLength(1);
    expect(await notificationsOf(investigator.person.id)).toEqual([]);
    const queued = await outbox();
    expect(queued.map((m) => m.to_address).sort()).toEqual(
      [analyst.person.email, englishAnalyst.person.email].sort(),
    );

    expect(await t.platform.notifier.flushOutbox()).toBe(2);
    const french = await smtp.waitFor((m) => m.to.includes(analyst.person.email));
    const english = await smtp.waitFor((m) => m.to.includes(englishAnalyst.person.email));
    expect(french.subject).toBe('Filet — nouveaux éléments dans la file des signalements');
    expect(english.subject).toBe('Filet — new items in the tip queue');
    for (const mail of [french, english]) {
      const text = `${mail.subject}\n${mail.text}\n${mail.html ?? ''}`;
      for (const leak of ['canari', 'terminus', 'Argent', 'ligne fictive', 'Sollicitation', 'online', '2']) {
        if (leak === '2') {
          // No count of tips in the message (only the link and the greeting).
          expect(text.replace(/https?:\/\/\S+/g, '')).not.toMatch(/\b2\b/);
        } else {
          expect(text, leak).not.toContain(leak);
        }
      }
      expect(text).toContain('http://filet.test/signalements');
    }

    // Nothing new since the last digest: the next runs send nothing.
    clock = new Date('2026-05-04T13:30:00Z');
    await t.platform.jobs.runDue(clock);
    expect(await sendTipDigests(t.platform)).toBe(0);
    expect(await notificationsOf(analyst.person.id)).toHaveLength(1);
    expect(await outbox()).toHaveLength(2);

    // A new tip is announced by the next digest only.
    await submitPublicTip(t.platform, { channel: 'place', facts: 'Un autre récit fictif.' });
    expect(await sendTipDigests(t.platform)).toBe(2);
    expect(await notificationsOf(analyst.person.id)).toHaveLength(2);
    const audit = await t.platform.db
      .selectFrom('audit_log')
      .select('entry')
      .where('action', '=', 'tips.digest.send')
      .execute();
    expect(audit).toHaveLength(2);
    expect(JSON.stringify(audit)).not.toContain('canari');
  });
});

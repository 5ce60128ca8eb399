import PostalMime from 'postal-mime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../../../test/support/app.js';
import { startTestSmtpServer, type TestSmtpServer } from '../../../../test/support/smtp-server.js';
import type { Locale } from '../../../shared/roles.js';
import { t as translate } from '../../platform/i18n/i18n.js';
import { ALERTS_EMAIL_JOB } from './alert-emails.service.js';
import { escalateOverdueAlerts } from './alert-life.service.js';

/**
 * The alert e-mails end to end: raised through the API, queued by the e-mail job, delivered by the
 * notifier's outbox over real SMTP to a real SMTP server process, and read back as it received them.
 * An e-mail may sit in a mailbox anyone can open on a shared computer, so it carries nothing of the
 * young person: a notice in the recipient's language and the link to sign in.
 */

/** Everything the young person's emergency fields hold: none of it may reach an e-mail. */
const YOUNG_PERSON = {
  givenName: 'Zéphyrine',
  familyName: 'Quenouilleau',
  description: 'Cheveux bouclés teints en vert-sarcelle (fictif).',
  lastSeenPlace: 'Terminus Bellechasse-Nord (fictif)',
  clothing: 'Manteau rouge à pois Oursinette (fictif)',
  circumstances: 'Sortie par la fenêtre du dortoir Mirabelle après le souper (fictif).',
  immediateRisks: 'Rendez-vous prévu avec un adulte rencontré sur Clavardo (fictif).',
};
/** Pieces an encoder would keep whole (no accent, no space), checked in the raw message as well. */
const RAW_MARKERS = [
  'Quenouilleau',
  'Bellechasse',
  'Oursinette',
  'Mirabelle',
  'Clavardo',
  'sarcelle',
  'phyrine',
];

// Half past the hour: the clock moved for the escalation crosses no hourly schedule of the app.
let clock = new Date('2026-11-02T15:30:00.000Z');
let smtp: TestSmtpServer;
let app: TestApp;
let centre: string;
let police: string;
let school: string;
let worker: Agent;
let ownerCoordinator: Agent;
let analyst: Agent;
let investigator: Agent;
let frenchPivot: Agent;
let englishPivot: Agent;
let tableCoordinator: Agent;

/** A person of the organisation with these roles and language, signed in. */
async function member(organisationId: string, roles: Agent['person']['roles'], locale: Locale = 'fr-CA') {
  return app.signIn(await app.createPerson({ roles, organisationId, locale }));
}

/** A pivot of the organisation with a mandate active today. */
async function pivot(organisationId: string, locale: Locale): Promise<Agent> {
  const agent = await member(organisationId, ['pivot'], locale);
  await app.platform.db
    .insertInto('pivot_mandates')
    .values({ person_id: agent.person.id, organisation_id: organisationId, start_on: '2026-01-01' })
    .execute();
  return agent;
}

beforeAll(async () => {
  smtp = await startTestSmtpServer();
  app = await createTestApp({
    now: () => clock,
    config: { smtpUrl: smtp.url, mailFrom: 'Filet <filet@filet.test>' },
  });
  centre = await app.createOrganisation({
    type: 'youth_protection',
    name: 'Centre jeunesse fictif du Littoral',
    region: 'Région du Littoral',
  });
  police = await app.createOrganisation({
    type: 'police',
    name: 'Service de police fictif du Littoral',
    region: 'Région du Littoral',
  });
  school = await app.createOrganisation({
    type: 'school_service_centre',
    name: 'Centre de services scolaire fictif',
    region: 'Région du Littoral',
  });
  const coordination = await app.createOrganisation({
    type: 'community',
    name: 'Table régionale fictive',
    region: 'Région du Littoral',
  });
  worker = await member(centre, ['worker']);
  ownerCoordinator = await member(centre, ['org_coordinator'], 'en-CA');
  analyst = await member(police, ['police_analyst']);
  investigator = await member(police, ['investigator'], 'en-CA');
  frenchPivot = await pivot(school, 'fr-CA');
  englishPivot = await pivot(school, 'en-CA');
  tableCoordinator = await member(coordination, ['table_coordinator']);
});
afterAll(async () => {
  await app?.close();
  await smtp?.close();
});

async function raise(): Promise<string> {
  const response = await worker.inject({
    method: 'POST',
    url: '/api/alerts',
    payload: {
      kind: 'runaway',
      subject: {
        givenName: YOUNG_PERSON.givenName,
        familyName: YOUNG_PERSON.familyName,
        description: YOUNG_PERSON.description,
      },
      lastSeenAt: new Date(clock.getTime() - 20 * 60_000).toISOString(),
      lastSeenPlace: YOUNG_PERSON.lastSeenPlace,
      clothing: YOUNG_PERSON.clothing,
      circumstances: YOUNG_PERSON.circumstances,
      immediateRisks: YOUNG_PERSON.immediateRisks,
      legalBasis: 'youth_protection',
      policeOrganisationId: police,
      organisationIds: [school],
    },
  });
  expect(response.statusCode, response.body).toBe(201);
  return (response.json() as { id: string }).id;
}

/** Runs what the job runner has due now (the alert's e-mail job among it) and checks it succeeded. */
async function runEmailJobs(alertId: string): Promise<void> {
  await app.platform.jobs.runDue();
  const jobs = await app.platform.db
    .selectFrom('job_queue')
    .select(['payload', 'done_at', 'last_error'])
    .where('name', '=', ALERTS_EMAIL_JOB)
    .execute();
  const mine = jobs.filter((job) => (job.payload as { alertId?: unknown }).alertId === alertId);
  expect(mine.length).toBeGreaterThan(0);
  for (const job of mine) {
    expect(job.last_error).toBeNull();
    expect(job.done_at).not.toBeNull();
  }
}

/** The messages the SMTP server received about this alert, each parsed again from its raw form. */
async function received(alertId: string) {
  const link = `${app.config.publicUrl}/alertes/${alertId}`;
  const parsed = await Promise.all(
    (await smtp.messages()).map(async (mail) => ({ mail, link, parsed: await PostalMime.parse(mail.raw) })),
  );
  // The raw body may be encoded (quoted-printable lines break anywhere): look in the decoded text.
  return parsed.filter((message) => message.parsed.text?.includes(alertId));
}

/** Checks one delivered message: content-free, in the person's language, with the link. */
function expectNotice(
  message: Awaited<ReturnType<typeof received>>[number],
  template: 'alerts_new' | 'alerts_escalated' | 'alerts_escalated_owner',
  locale: Locale,
) {
  const { mail, parsed, link } = message;
  expect(mail.from).toBe('filet@filet.test');
  expect(parsed.subject).toBe(translate(locale, `email.${template}.subject`));
  expect(parsed.text?.trim()).toBe(translate(locale, `email.${template}.body`, { link }).trim());
  expect(parsed.text).toContain(link);
  const everything = [
    mail.raw,
    parsed.subject ?? '',
    parsed.text ?? '',
    parsed.html ?? '',
    ...parsed.headers.map((header) => `${header.key}: ${header.value}`),
    ...parsed.attachments.map((attachment) => attachment.filename ?? ''),
  ].join('\n');
  expect(parsed.attachments).toEqual([]);
  for (const value of [...Object.values(YOUNG_PERSON), ...RAW_MARKERS]) {
    expect(everything.toLowerCase(), `the e-mail names "${value}"`).not.toContain(value.toLowerCase());
  }
}

function recipientOf(message: Awaited<ReturnType<typeof received>>[number]): string {
  expect(message.mail.to).toHaveLength(1);
  return message.mail.to[0]!;
}

describe('alert e-mails through SMTP', () => {
  it('reach the police analyst and the pivots, one each, in their language, with nothing of the young person', async () => {
    const id = await raise();
    // Raising queues the job; nothing is sent before it runs.
    expect(await app.platform.notifier.flushOutbox()).toBe(0);
    expect(await received(id)).toEqual([]);

    await runEmailJobs(id);
    const queued = await app.platform.db
      .selectFrom('email_outbox')
      .select(['id', 'to_address', 'subject', 'kind', 'body'])
      .where('kind', '=', 'alerts_new')
      .where('sent_at', 'is', null)
      .execute();
    expect(queued.map((row) => row.to_address).sort()).toEqual(
      [analyst, frenchPivot, englishPivot].map((a) => a.person.email).sort(),
    );
    for (const row of queued) {
      expect(row.body).toMatch(/^v1\./);
      for (const value of Object.values(YOUNG_PERSON)) expect(row.subject).not.toContain(value);
    }

    expect(await app.platform.notifier.flushOutbox()).toBe(3);
    const messages = await received(id);
    expect(messages.map(recipientOf).sort()).toEqual(
      [analyst, frenchPivot, englishPivot].map((a) => a.person.email).sort(),
    );
    const to = (agent: Agent) => messages.find((m) => m.mail.to.includes(agent.person.email))!;
    expectNotice(to(analyst), 'alerts_new', 'fr-CA');
    expectNotice(to(frenchPivot), 'alerts_new', 'fr-CA');
    expectNotice(to(englishPivot), 'alerts_new', 'en-CA');
    expect(to(englishPivot).parsed.subject).not.toBe(to(frenchPivot).parsed.subject);

    // Delivered bodies are wiped: the link is not kept in the outbox.
    const sent = await app.platform.db
      .selectFrom('email_outbox')
      .select(['sent_at', 'body'])
      .where(
        'id',
        'in',
        queued.map((row) => row.id),
      )
      .execute();
    expect(sent).toHaveLength(3);
    for (const row of sent) {
      expect(row.sent_at).not.toBeNull();
      expect(row.body).toBeNull();
    }
    // Neither the youth centre nor the investigators (not yet escalated) were written to.
    for (const agent of [worker, ownerCoordinator, investigator, tableCoordinator]) {
      expect(messages.some((m) => m.mail.to.includes(agent.person.email))).toBe(false);
    }
    // A second flush sends nothing again.
    expect(await app.platform.notifier.flushOutbox()).toBe(0);
    expect(await received(id)).toHaveLength(3);

    const ack = await analyst.inject({ method: 'POST', url: `/api/alerts/${id}/acknowledge`, payload: {} });
    expect(ack.statusCode, ack.body).toBe(204);
  });

  it('sends nothing about an alert closed before the job runs', async () => {
    const id = await raise();
    const closed = await worker.inject({
      method: 'POST',
      url: `/api/alerts/${id}/close`,
      payload: { outcome: 'returned', placeType: 'friends', foundAt: clock.toISOString() },
    });
    expect(closed.statusCode, closed.body).toBe(204);
    const outboxBefore = await app.platform.db
      .selectFrom('email_outbox')
      .select(({ fn }) => fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();

    await runEmailJobs(id);
    const outboxAfter = await app.platform.db
      .selectFrom('email_outbox')
      .select(({ fn }) => fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(outboxAfter.n)).toBe(Number(outboxBefore.n));
    await app.platform.notifier.flushOutbox();
    expect(await received(id)).toEqual([]);
  });

  it('escalates after the acknowledgement delay and reaches the escalation recipients through SMTP', async () => {
    const id = await raise();
    await runEmailJobs(id);
    expect(await app.platform.notifier.flushOutbox()).toBe(3);
    const first = await received(id);
    expect(first).toHaveLength(3);

    const raisedAt = clock;
    try {
      // Still within the table's delay (10 minutes by default): nothing escalates.
      clock = new Date(raisedAt.getTime() + 9 * 60_000);
      expect(await escalateOverdueAlerts(app.platform)).toBe(0);
      clock = new Date(raisedAt.getTime() + 11 * 60_000);
      expect(await escalateOverdueAlerts(app.platform)).toBe(1);

      await runEmailJobs(id);
      expect(await app.platform.notifier.flushOutbox()).toBe(3);
      // The server keeps messages in arrival order: the escalation's come after the first three.
      const escalated = (await received(id)).slice(first.length);
      // The rest of the police service, the table's coordination and the youth centre's coordination;
      // the first recipients already have the alert and get no second e-mail.
      expect(escalated.map(recipientOf).sort()).toEqual(
        [investigator, tableCoordinator, ownerCoordinator].map((a) => a.person.email).sort(),
      );
      const to = (agent: Agent) => escalated.find((m) => m.mail.to.includes(agent.person.email))!;
      expectNotice(to(investigator), 'alerts_escalated', 'en-CA');
      expectNotice(to(tableCoordinator), 'alerts_escalated', 'fr-CA');
      // The youth centre's coordinator hears that their alert was passed on, in their own words.
      expectNotice(to(ownerCoordinator), 'alerts_escalated_owner', 'en-CA');
      expect(await received(id)).toHaveLength(6);

      const wiped = await app.platform.db
        .selectFrom('email_outbox')
        .select(['body'])
        .where('kind', 'in', ['alerts_escalated', 'alerts_escalated_owner'])
        .where('to_address', 'in', escalated.map(recipientOf))
        .where('created_at', '>=', clock)
        .execute();
      expect(wiped).toHaveLength(3);
      expect(wiped.every((row) => row.body === null)).toBe(true);
    } finally {
      clock = raisedAt;
    }
  });

  it('sends the raise notice to whom the raise reached, even when its job runs after an escalation', async () => {
    const id = await raise();
    const raisedAt = clock;
    try {
      // The job is late: the alert escalates first and now reaches the investigator too.
      clock = new Date(raisedAt.getTime() + 11 * 60_000);
      expect(await escalateOverdueAlerts(app.platform)).toBeGreaterThanOrEqual(1);
      await runEmailJobs(id);
      const rows = await app.platform.db
        .selectFrom('email_outbox')
        .select(['id', 'to_address', 'kind', 'body'])
        .where('kind', 'in', ['alerts_new', 'alerts_escalated'])
        .where('sent_at', 'is', null)
        .execute();
      const mine = rows.filter((row) =>
        app.platform.keyring.decrypt(row.body ?? '', `email_outbox.body:${row.id}`).includes(id),
      );
      const to = (kind: string) =>
        mine
          .filter((row) => row.kind === kind)
          .map((row) => row.to_address)
          .sort();
      expect(to('alerts_new')).toEqual(
        [analyst, frenchPivot, englishPivot].map((a) => a.person.email).sort(),
      );
      expect(to('alerts_escalated')).toEqual(
        [investigator, tableCoordinator].map((a) => a.person.email).sort(),
      );
      await app.platform.notifier.flushOutbox();
    } finally {
      clock = raisedAt;
    }
  });
});

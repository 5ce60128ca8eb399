import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { auditEntries } from '../../../../test/support/audit.js';
import { verifyAuditChain } from '../audit/verify.js';
import type { Platform } from '../platform.js';
import type { Jobs } from './jobs.js';
import { registerPlatformJobs } from './platform-jobs.js';
import { createJobs } from './scheduler.js';

const DAY = 24 * 60 * 60 * 1000;
let t: TestApp;
let clock = new Date('2026-06-15T16:00:00Z');
const now = () => clock;
let jobs: Jobs;
let platform: Platform;

function ago(ms: number): Date {
  return new Date(clock.getTime() - ms);
}

async function retentionEvents(): Promise<Array<{ action: string; deleted: unknown }>> {
  const rows = await auditEntries(t.platform.db, { actionPrefix: 'retention.' });
  return rows.map((r) => ({ action: r.action, deleted: r.entry.meta?.deleted }));
}

beforeAll(async () => {
  t = await createTestApp({ now });
  // A scheduler of its own, so the test does not depend on whether the app registers these jobs itself.
  jobs = createJobs({ db: t.platform.db, logger: t.app.log, timeZone: t.config.timeZone, now });
  platform = { ...t.platform, jobs };
  registerPlatformJobs(platform);
});
afterAll(async () => {
  await jobs?.stop();
  await t?.close();
});

describe('platform jobs', () => {
  it('schedules e-mail delivery every minute and the retention rules', async () => {
    await jobs.runDue();
    const rows = await t.platform.db
      .selectFrom('job_schedules')
      .select(['name', 'cron'])
      .orderBy('name')
      .execute();
    expect(rows.map((r) => r.name)).toEqual([
      'email.deliver',
      'retention.login-attempts',
      'retention.notifications',
      'retention.outbox',
      'retention.sessions',
      'retention.tokens',
      'throttle.cleanup',
    ]);
    expect(rows.find((r) => r.name === 'email.deliver')?.cron).toBe('* * * * *');
    expect(rows.find((r) => r.name === 'throttle.cleanup')?.cron).toBe('*/10 * * * *');
  });

  it('destroys expired rows, keeps live ones, and audits each destruction in the same transaction', async () => {
    const person = await t.createPerson({ roles: ['worker'] });
    const db = t.platform.db;
    await jobs.runDue();
    // Run everything two days from now; rows are placed relative to that moment.
    clock = new Date(clock.getTime() + 2 * DAY);

    await db
      .insertInto('sessions')
      .values([
        { id: 'old-revoked', person_id: person.id, expires_at: ago(40 * DAY), revoked_at: ago(31 * DAY) },
        { id: 'old-expired', person_id: person.id, expires_at: ago(31 * DAY) },
        { id: 'recently-revoked', person_id: person.id, expires_at: ago(5 * DAY), revoked_at: ago(5 * DAY) },
        { id: 'live', person_id: person.id, expires_at: new Date(clock.getTime() + DAY) },
      ])
      .execute();
    await db
      .insertInto('one_time_tokens')
      .values([
        { id: 'tok-old-expired', kind: 'invitation', person_id: person.id, expires_at: ago(31 * DAY) },
        {
          id: 'tok-old-used',
          kind: 'password_reset',
          person_id: person.id,
          expires_at: ago(20 * DAY),
          used_at: ago(35 * DAY),
        },
        { id: 'tok-recent', kind: 'invitation', person_id: person.id, expires_at: ago(2 * DAY) },
      ])
      .execute();
    await db
      .insertInto('login_attempts')
      .values([
        { subject: 'old', success: false, at: ago(25 * 60 * 60 * 1000) },
        { subject: 'recent', success: false, at: ago(60 * 60 * 1000) },
      ])
      .execute();
    await db
      .insertInto('notifications')
      .values([
        { person_id: person.id, kind: 'old-read', created_at: ago(91 * DAY), read_at: ago(80 * DAY) },
        { person_id: person.id, kind: 'old-unread', created_at: ago(91 * DAY) },
        { person_id: person.id, kind: 'recent-read', created_at: ago(10 * DAY), read_at: ago(9 * DAY) },
      ])
      .execute();
    const outbox = (id: string, fields: Record<string, Date | null>) => ({
      id,
      to_address: 'personne@exemple.test',
      subject: 'Sujet',
      body: null,
      kind: 'invitation',
      next_attempt_at: new Date('2100-01-01T00:00:00Z'),
      ...fields,
    });
    await db
      .insertInto('email_outbox')
      .values([
        outbox('00000000-0000-4000-8000-000000000001', { sent_at: ago(31 * DAY) }),
        outbox('00000000-0000-4000-8000-000000000002', { failed_at: ago(31 * DAY) }),
        outbox('00000000-0000-4000-8000-000000000003', { sent_at: ago(3 * DAY) }),
        outbox('00000000-0000-4000-8000-000000000004', {}),
      ])
      .execute();

    const counter = (subject: string, expiresAt: Date) => ({
      bucket: 'test',
      subject,
      window_start: new Date(expiresAt.getTime() - 60_000),
      hits: 1,
      expires_at: expiresAt,
    });
    await db
      .insertInto('throttle_counters')
      .values([counter('over', ago(60_000)), counter('running', new Date(clock.getTime() + 30_000))])
      .execute();

    const runs = await jobs.runDue();
    expect(runs).toBe(7);
    // Throttle counters of finished windows go (not audited: they are no one's data).
    expect(
      (await db.selectFrom('throttle_counters').select('subject').where('bucket', '=', 'test').execute()).map(
        (r) => r.subject,
      ),
    ).toEqual(['running']);

    expect(
      (
        await db
          .selectFrom('sessions')
          .select('id')
          .where('person_id', '=', person.id)
          .orderBy('id')
          .execute()
      ).map((r) => r.id),
    ).toEqual(['live', 'recently-revoked']);
    expect((await db.selectFrom('one_time_tokens').select('id').execute()).map((r) => r.id)).toEqual([
      'tok-recent',
    ]);
    expect((await db.selectFrom('login_attempts').select('subject').execute()).map((r) => r.subject)).toEqual(
      ['recent'],
    );
    expect(
      (
        await db
          .selectFrom('notifications')
          .select('kind')
          .where('person_id', '=', person.id)
          .orderBy('kind')
          .execute()
      ).map((r) => r.kind),
    ).toEqual(['old-unread', 'recent-read']);
    expect(
      (await db.selectFrom('email_outbox').select('id').orderBy('id').execute()).map((r) => r.id),
    ).toEqual(['00000000-0000-4000-8000-000000000003', '00000000-0000-4000-8000-000000000004']);

    expect(await retentionEvents()).toHaveLength(5);
    const byAction = Object.fromEntries((await retentionEvents()).map((e) => [e.action, e.deleted]));
    expect(byAction).toEqual({
      'retention.sessions.destroy': 2,
      'retention.tokens.destroy': 2,
      'retention.login_attempts.destroy': 1,
      'retention.notifications.destroy': 1,
      'retention.outbox.destroy': 2,
    });
    expect(await verifyAuditChain(t.platform.db, t.platform.keyring.auditChainKey())).toMatchObject({
      ok: true,
    });

    // Two days later only the login attempt that has since aged past 24 hours goes; rules that destroy
    // nothing write no audit event.
    clock = new Date(clock.getTime() + 2 * DAY);
    expect(await jobs.runDue()).toBe(7);
    expect((await db.selectFrom('login_attempts').select('subject').execute()).map((r) => r.subject)).toEqual(
      [],
    );
    const events = await retentionEvents();
    expect(events).toHaveLength(6);
    expect(events[5]).toEqual({ action: 'retention.login_attempts.destroy', deleted: 1 });
  });
});

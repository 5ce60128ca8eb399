import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { startTestSmtpServer, type TestSmtpServer } from '../../../../test/support/smtp-server.js';
import { createNotifier } from './notifier.js';
import type { Notifier, StreamEvent } from './notify.js';
import { MAX_EMAIL_ATTEMPTS } from './outbox.js';

let smtp: TestSmtpServer;
let t: TestApp;
let clock = new Date('2026-05-04T13:00:00Z');
const now = () => clock;

beforeAll(async () => {
  smtp = await startTestSmtpServer();
  t = await createTestApp({ now, config: { smtpUrl: smtp.url, mailFrom: 'Filet <filet@filet.test>' } });
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

function invitation(to: string, link: string) {
  return {
    to,
    locale: 'fr-CA' as const,
    template: 'invitation',
    params: { name: 'Camille', inviter: 'Alex', link },
  };
}

async function outboxRow(to: string) {
  return t.platform.db.selectFrom('email_outbox').selectAll().where('to_address', '=', to).executeTakeFirst();
}

/** Resolves with the next events a subscriber receives (no timing: it waits for the events themselves). */
function collector() {
  const events: StreamEvent[] = [];
  const waiting: Array<{ count: number; resolve: () => void }> = [];
  return {
    events,
    send(event: StreamEvent) {
      events.push(event);
      for (const w of [...waiting]) {
        if (events.length >= w.count) {
          waiting.splice(waiting.indexOf(w), 1);
          w.resolve();
        }
      }
    },
    until(count: number): Promise<StreamEvent[]> {
      if (events.length >= count) return Promise.resolve(events);
      return new Promise((resolve) => waiting.push({ count, resolve: () => resolve(events) }));
    },
  };
}

describe('e-mail outbox', () => {
  it('never sends an e-mail queued in a transaction that rolled back; delivers a committed one and wipes its body', async () => {
    const rolledBack = 'annule@exemple.test';
    const committed = 'invite@exemple.test';
    const link = 'http://filet.test/invitation#tok-single-use-123';

    await expect(
      t.platform.db.transaction().execute(async (trx) => {
        await t.platform.notifier.queueEmail(
          trx,
          invitation(rolledBack, 'http://filet.test/invitation#never'),
        );
        throw new Error('the invitation failed validation');
      }),
    ).rejects.toThrow('failed validation');
    expect(await outboxRow(rolledBack)).toBeUndefined();

    await t.platform.db
      .transaction()
      .execute((trx) => t.platform.notifier.queueEmail(trx, invitation(committed, link)));
    const queued = await outboxRow(committed);
    expect(queued?.subject).toBe('Invitation à rejoindre Filet');
    // At rest the body is sealed: the single-use link is not readable in the table.
    expect(queued?.body).toMatch(/^v1\./);
    expect(queued?.body).not.toContain('tok-single-use');
    expect(queued?.kind).toBe('invitation');

    expect(await t.platform.notifier.flushOutbox()).toBe(1);
    const mail = await smtp.waitFor((m) => m.to.includes(committed));
    expect(mail.from).toBe('filet@filet.test');
    expect(mail.subject).toBe('Invitation à rejoindre Filet');
    expect(mail.text).toContain('Bonjour Camille');
    expect(mail.text).toContain(link);

    const sent = await outboxRow(committed);
    expect(sent?.sent_at).not.toBeNull();
    expect(sent?.body).toBeNull();
    expect(await t.platform.notifier.flushOutbox()).toBe(0);
    const received = await smtp.messages();
    expect(received.filter((m) => m.to.includes(rolledBack))).toHaveLength(0);
    expect(received.filter((m) => m.to.includes(committed))).toHaveLength(1);
  });

  it('queues a batch of e-mails in one call, each sealed for its own row and sent in its own language', async () => {
    await t.platform.db.transaction().execute((trx) =>
      t.platform.notifier.queueEmails(trx, [
        invitation('lot-1@exemple.test', 'http://filet.test/invitation#lot-1'),
        {
          to: 'lot-2@exemple.test',
          locale: 'en-CA',
          template: 'password_reset',
          params: { name: 'Sam', link: 'http://filet.test/reset#lot-2' },
        },
      ]),
    );
    const first = await outboxRow('lot-1@exemple.test');
    const second = await outboxRow('lot-2@exemple.test');
    expect(first?.body).toMatch(/^v1\./);
    expect(second?.body).toMatch(/^v1\./);
    expect(first?.body).not.toBe(second?.body);
    expect(await t.platform.notifier.flushOutbox()).toBe(2);
    expect((await smtp.waitFor((m) => m.to.includes('lot-1@exemple.test'))).text).toContain(
      'http://filet.test/invitation#lot-1',
    );
    expect((await smtp.waitFor((m) => m.to.includes('lot-2@exemple.test'))).text).toContain('Sam');
  });

  it('renders the template in the recipient language and refuses an unknown template', async () => {
    await t.platform.db.transaction().execute((trx) =>
      t.platform.notifier.queueEmail(trx, {
        to: 'reset-en@exemple.test',
        locale: 'en-CA',
        template: 'password_reset',
        params: { name: 'Sam', link: 'http://filet.test/reset#abc' },
      }),
    );
    expect(await t.platform.notifier.flushOutbox()).toBe(1);
    const mail = await smtp.waitFor((m) => m.to.includes('reset-en@exemple.test'));
    expect(mail.text).toContain('Sam');
    expect(mail.text).toContain('http://filet.test/reset#abc');
    expect((await outboxRow('reset-en@exemple.test'))?.subject).not.toBe(
      (
        await t.platform.db
          .selectFrom('email_outbox')
          .select('subject')
          .where('kind', '=', 'invitation')
          .executeTakeFirst()
      )?.subject,
    );

    await expect(
      t.platform.db.transaction().execute((trx) =>
        t.platform.notifier.queueEmail(trx, {
          to: 'x@exemple.test',
          locale: 'fr-CA',
          template: 'no_such',
          params: {},
        }),
      ),
    ).rejects.toThrow(/unknown e-mail template/);
  });

  it('retries a failed delivery with backoff and gives up after the last attempt, recording no address', async () => {
    // A port nobody listens on: the connection is refused.
    const closedPort = await new Promise<number>((resolve) => {
      const server = http.createServer();
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as AddressInfo;
        server.close(() => resolve(port));
      });
    });
    const database = t.database;
    const notifier = createNotifier({
      database,
      keyring: t.platform.keyring,
      config: { ...t.config, smtpUrl: `smtp://127.0.0.1:${closedPort}` },
      logger: t.app.log,
      now,
    });
    try {
      await database.db
        .transaction()
        .execute((trx) =>
          notifier.queueEmail(trx, invitation('unreachable@exemple.test', 'http://filet.test/i#x')),
        );
      // The app's notifier is not listening yet (see the last e-mail test): only this one delivers.
      const row = await outboxRow('unreachable@exemple.test');
      expect(await notifier.flushOutbox()).toBe(0);
      let after = await outboxRow('unreachable@exemple.test');
      expect(after?.attempts).toBe(1);
      expect(after?.sent_at).toBeNull();
      expect(after?.failed_at).toBeNull();
      expect(after?.body).toBe(row?.body);
      expect(after?.last_error).toBeTruthy();
      expect(after?.last_error).not.toContain('@');
      expect(after!.next_attempt_at.getTime()).toBeGreaterThan(clock.getTime());

      // Not retried before its time.
      expect(await notifier.flushOutbox()).toBe(0);
      expect((await outboxRow('unreachable@exemple.test'))?.attempts).toBe(1);

      for (let attempt = 2; attempt <= MAX_EMAIL_ATTEMPTS; attempt++) {
        clock = new Date(after!.next_attempt_at.getTime());
        await notifier.flushOutbox();
        after = await outboxRow('unreachable@exemple.test');
        expect(after?.attempts).toBe(attempt);
      }
      expect(after?.failed_at).not.toBeNull();
      clock = new Date(clock.getTime() + 7 * 24 * 60 * 60_000);
      await notifier.flushOutbox();
      expect((await outboxRow('unreachable@exemple.test'))?.attempts).toBe(MAX_EMAIL_ATTEMPTS);
    } finally {
      await notifier.close();
    }
  });

  it('without SMTP (demo), writes each e-mail as an .eml file in the data folder and wipes the body', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'filet-outbox-'));
    // A notifier of its own, configured without SMTP.
    const notifier = createNotifier({
      database: t.database,
      keyring: t.platform.keyring,
      config: { ...t.config, smtpUrl: null, dataDir },
      logger: t.app.log,
      now,
    });
    try {
      await t.platform.db.transaction().execute(async (trx) => {
        await notifier.queueEmail(trx, invitation('demo@exemple.test', 'http://filet.test/i#demo'));
        // Park the other rows of this file so this flush only sees the demo row.
        await trx
          .updateTable('email_outbox')
          .set({ next_attempt_at: new Date('2100-01-01T00:00:00Z') })
          .where('to_address', '!=', 'demo@exemple.test')
          .where('sent_at', 'is', null)
          .execute();
      });
      expect(await notifier.flushOutbox()).toBe(1);
      const files = readdirSync(path.join(dataDir, 'outbox'));
      expect(files).toHaveLength(1);
      const eml = readFileSync(path.join(dataDir, 'outbox', files[0]!), 'utf8');
      expect(eml).toContain('To: demo@exemple.test');
      expect(eml).toContain('http://filet.test/i#demo');
      expect((await outboxRow('demo@exemple.test'))?.body).toBeNull();
    } finally {
      await notifier.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
  it('delivers on the commit signal alone once the notifier listens', async () => {
    await t.platform.notifier.start();
    await t.platform.db
      .transaction()
      .execute((trx) =>
        t.platform.notifier.queueEmail(trx, invitation('signal@exemple.test', 'http://filet.test/i#sig')),
      );
    const mail = await smtp.waitFor((m) => m.to.includes('signal@exemple.test'));
    expect(mail.text).toContain('http://filet.test/i#sig');
    // The flush that delivered it wipes the body right after the server accepted it.
    await t.platform.notifier.flushOutbox();
    expect((await outboxRow('signal@exemple.test'))?.body).toBeNull();
  });
});

describe('in-app notifications', () => {
  it('reaches a subscriber only after commit, and never for a rolled-back transaction', async () => {
    const person = await t.createPerson({ roles: ['pivot'] });
    const other = await t.createPerson({ roles: ['pivot'] });
    await t.platform.notifier.start();
    const mine = collector();
    const theirs = collector();
    const unsubscribe = t.platform.notifier.subscribe(person.id, 'session-a', mine.send);
    t.platform.notifier.subscribe(other.id, 'session-b', theirs.send);

    await expect(
      t.platform.db.transaction().execute(async (trx) => {
        await t.platform.notifier.notify(trx, person.id, { kind: 'alert.rolled_back' });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');

    await t.platform.db.transaction().execute(async (trx) => {
      await t.platform.notifier.notify(trx, person.id, {
        kind: 'consultation.answered',
        params: { count: 2 },
        link: '/consultations/42',
      });
      // Still inside the transaction after another round trip: nothing may have been pushed yet.
      await sql`select 1`.execute(trx);
      expect(mine.events).toHaveLength(0);
    });

    const [event] = await mine.until(1);
    expect(event?.type).toBe('notification');
    expect(event?.data).toMatchObject({
      kind: 'consultation.answered',
      params: { count: 2 },
      link: '/consultations/42',
    });
    expect(typeof event?.data.id).toBe('string');
    expect(new Date(String(event?.data.createdAt)).getTime()).toBe(clock.getTime());
    // Signals arrive in commit order, so a rolled-back notification would have come first.
    expect(mine.events).toHaveLength(1);
    expect(theirs.events).toHaveLength(0);

    const stored = await t.platform.db
      .selectFrom('notifications')
      .selectAll()
      .where('person_id', '=', person.id)
      .execute();
    expect(stored.map((n) => n.kind)).toEqual(['consultation.answered']);

    unsubscribe();
    t.platform.notifier.disconnect(other.id);
    expect(theirs.events.map((e) => e.type)).toEqual(['disconnect']);
  });

  it('passes session revocations from any process to the session callback', async () => {
    const messages: string[] = [];
    let heard!: () => void;
    const arrived = new Promise<void>((resolve) => {
      heard = resolve;
    });
    const notifier: Notifier = createNotifier({
      database: t.database,
      keyring: t.platform.keyring,
      config: t.config,
      logger: t.app.log,
      now,
      onSessionMessage: (payload) => {
        messages.push(payload);
        heard();
      },
    });
    try {
      await notifier.start();
      const person = await t.createPerson({ roles: ['worker'] });
      const agent = await t.signIn(person);
      const seen = collector();
      notifier.subscribe(person.id, agent.sessionId, seen.send);
      await t.platform.db
        .transaction()
        .execute((trx) => t.platform.sessions.revokeAllOf(trx, person.id, 'disabled'));
      await arrived;
      // `person:<id>:<nonce>`: the nonce tells the writing process its own change's signal.
      expect(messages).toEqual([
        expect.stringMatching(new RegExp(`^person:${person.id}:[A-Za-z0-9_-]{12}$`)),
      ]);
      // Every stream of a person whose sessions were all revoked is closed.
      expect((await seen.until(1)).map((e) => e.type)).toEqual(['disconnect']);
    } finally {
      await notifier.close();
    }
  });

  it('closes the streams of one revoked session and keeps the person’s other sessions open', async () => {
    await t.platform.notifier.start();
    const person = await t.createPerson({ roles: ['worker'] });
    const first = await t.signIn(person);
    const second = await t.signIn(person);
    const firstStream = collector();
    const secondStream = collector();
    t.platform.notifier.subscribe(person.id, first.sessionId, firstStream.send);
    t.platform.notifier.subscribe(person.id, second.sessionId, secondStream.send);
    await t.platform.db
      .transaction()
      .execute((trx) => t.platform.sessions.revoke(trx, first.sessionId, 'ended_by_owner'));
    expect((await firstStream.until(1)).map((e) => e.type)).toEqual(['disconnect']);
    await t.platform.db
      .transaction()
      .execute((trx) => t.platform.notifier.notify(trx, person.id, { kind: 'test.after' }));
    expect((await secondStream.until(1)).map((e) => e.type)).toEqual(['notification']);
    expect(firstStream.events).toHaveLength(1);
  });
});

describe('notification routes', () => {
  it('lists my notifications with the unread count, marks one and all read, and hides other people’s', async () => {
    const agent = await t.as('pivot');
    const stranger = await t.as('pivot');
    await t.platform.db.transaction().execute(async (trx) => {
      await t.platform.notifier.notify(trx, agent.person.id, {
        kind: 'training.reminder',
        params: { title: 'Cours' },
      });
      await t.platform.notifier.notify(trx, agent.person.id, { kind: 'alert.raised', link: '/alertes/1' });
      await t.platform.notifier.notify(trx, stranger.person.id, { kind: 'alert.raised' });
    });

    const list = await agent.inject({ method: 'GET', url: '/api/notifications' });
    expect(list.statusCode).toBe(200);
    const body = list.json() as {
      unread: number;
      items: Array<{ id: string; kind: string; readAt: string | null; link: string | null }>;
    };
    expect(body.unread).toBe(2);
    expect(body.items.map((i) => i.kind).sort()).toEqual(['alert.raised', 'training.reminder']);
    expect(Object.keys(body.items[0]!).sort()).toEqual([
      'createdAt',
      'id',
      'kind',
      'link',
      'params',
      'readAt',
    ]);

    const strangers = (
      await stranger.inject({ method: 'GET', url: '/api/notifications' })
    ).json() as typeof body;
    const strangerId = strangers.items[0]!.id;
    const notMine = await agent.inject({
      method: 'POST',
      url: `/api/notifications/${strangerId}/read`,
      payload: {},
    });
    expect(notMine.statusCode, notMine.body).toBe(404);
    const missing = await agent.inject({
      method: 'POST',
      url: '/api/notifications/00000000-0000-4000-8000-000000000000/read',
      payload: {},
    });
    expect(missing.statusCode).toBe(404);
    expect(notMine.json()).toEqual(missing.json());

    const first = body.items[0]!;
    const read = await agent.inject({
      method: 'POST',
      url: `/api/notifications/${first.id}/read`,
      payload: {},
    });
    expect(read.statusCode).toBe(204);
    const afterOne = (await agent.inject({ method: 'GET', url: '/api/notifications' })).json() as typeof body;
    expect(afterOne.unread).toBe(1);
    expect(afterOne.items.find((i) => i.id === first.id)?.readAt).toBe(clock.toISOString());

    const all = await agent.inject({ method: 'POST', url: '/api/notifications/read-all', payload: {} });
    expect(all.statusCode).toBe(204);
    expect(
      ((await agent.inject({ method: 'GET', url: '/api/notifications' })).json() as typeof body).unread,
    ).toBe(0);
    expect(
      ((await stranger.inject({ method: 'GET', url: '/api/notifications' })).json() as typeof body).unread,
    ).toBe(1);
  });

  it('refuses changes without the CSRF token and everything without a session', async () => {
    const agent = await t.as('worker');
    const noCsrf = await t.app.inject({
      method: 'POST',
      url: '/api/notifications/read-all',
      headers: { cookie: agent.cookie },
      payload: {},
    });
    expect(noCsrf.statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/notifications' })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/api/notifications/stream' })).statusCode).toBe(401);
  });

  it('streams a committed notification as a server-sent event with the security headers', async () => {
    await t.platform.notifier.start();
    const agent = await t.as('investigator');
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const url = new URL('/api/notifications/stream', address);

    const response = await new Promise<http.IncomingMessage>((resolve, reject) => {
      http.get(url, { headers: { cookie: agent.cookie } }, resolve).on('error', reject);
    });
    try {
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/event-stream/);
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['content-security-policy']).toContain("default-src 'self'");

      let text = '';
      let onText: (() => void) | null = null;
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        text += chunk;
        onText?.();
      });
      const until = (needle: string) =>
        new Promise<void>((resolve) => {
          if (text.includes(needle)) return resolve();
          onText = () => {
            if (text.includes(needle)) resolve();
          };
        });
      // The subscription exists once the first bytes are written.
      await until('retry:');
      await t.platform.db
        .transaction()
        .execute((trx) =>
          t.platform.notifier.notify(trx, agent.person.id, { kind: 'alert.raised', link: '/alertes/7' }),
        );
      await until('event: notification');
      await until('}\n\n');
      const block = text.slice(text.indexOf('event: notification'));
      const data = JSON.parse(block.split('\n')[1]!.replace(/^data: /, '')) as Record<string, unknown>;
      expect(data).toMatchObject({ kind: 'alert.raised', link: '/alertes/7', params: {} });
    } finally {
      response.destroy();
    }
  });
});

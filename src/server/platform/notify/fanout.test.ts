import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { INLINE_ROWS_MAX, MATERIALIZE_SLICE } from './fanout.js';
import { packIds } from './fanout-ids.js';
import { HEARTBEAT_MS } from './live-streams.js';
import { markNotificationRead } from './notification-list.js';
import { createNotifier } from './notifier.js';
import type { EventStream, Notifier, StreamEvent } from './notify.js';

let t: TestApp;
let clock = new Date('2026-06-01T14:00:00Z');
const now = () => clock;

beforeAll(async () => {
  t = await createTestApp({ now });
  await t.platform.notifier.start();
});
afterAll(async () => {
  await t?.close();
});

/** People inserted in one statement (a fan-out test needs hundreds). */
async function people(count: number): Promise<string[]> {
  const organisationId = await t.createOrganisation();
  const rows = await t.platform.db
    .insertInto('people')
    .values(
      Array.from({ length: count }, () => ({
        organisation_id: organisationId,
        given_name: 'Pivot',
        family_name: 'Fictif',
        email: `${randomUUID()}@exemple.test`,
        status: 'active' as const,
      })),
    )
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Resolves once `count` events arrived (no timing: it waits for the events themselves). */
function sink(count: number) {
  const events: StreamEvent[] = [];
  let done!: () => void;
  const all = new Promise<void>((resolve) => {
    done = resolve;
  });
  return {
    events,
    all,
    send: (event: StreamEvent) => {
      events.push(event);
      if (events.length === count) done();
    },
  };
}

async function rowsOf(ids: string[]) {
  return t.platform.db
    .selectFrom('notifications')
    .select(['id', 'person_id', 'kind', 'link'])
    .where('person_id', 'in', ids)
    .execute();
}

describe('notification fan-out', () => {
  it('serves a large fan-out from one signal and writes every recipient’s row right after', async () => {
    // More than one slice of rows, so the slicing is exercised too.
    const recipients = await people(MATERIALIZE_SLICE + 50);
    const watched = [recipients[0]!, recipients[MATERIALIZE_SLICE + 10]!];
    const first = sink(1);
    const second = sink(1);
    t.platform.notifier.subscribe(watched[0]!, 'session-1', first.send);
    t.platform.notifier.subscribe(watched[1]!, 'session-2', second.send);

    // Duplicates count once.
    await t.platform.db.transaction().execute((trx) =>
      t.platform.notifier.notify(trx, [...recipients, recipients[0]!], {
        kind: 'alert.raised',
        link: '/alertes/grand',
      }),
    );
    await Promise.all([first.all, second.all]);
    await t.platform.notifier.settled();

    const rows = await rowsOf(recipients);
    expect(rows).toHaveLength(recipients.length);
    expect(new Set(rows.map((r) => r.person_id)).size).toBe(recipients.length);
    // The id each stream received is the id of that person's row (marking it read works).
    const firstEvent = first.events[0]!.data as { id: string; kind: string; link: string };
    expect(firstEvent).toMatchObject({ kind: 'alert.raised', link: '/alertes/grand' });
    expect(rows.find((r) => r.person_id === watched[0])?.id).toBe(firstEvent.id);
    expect(rows.find((r) => r.person_id === watched[1])?.id).toBe(
      (second.events[0]!.data as { id: string }).id,
    );
    const signals = await t.platform.db
      .selectFrom('notification_fanouts')
      .select(['id', 'materialized_at'])
      .where('link', '=', '/alertes/grand')
      .execute();
    expect(signals).toHaveLength(1);
    expect(signals[0]!.materialized_at).not.toBeNull();
    // One notification, one id for everyone: each stream was written the same event.
    expect(new Set(rows.map((r) => r.id))).toEqual(new Set([signals[0]!.id]));
    expect(second.events[0]!.data).toEqual(first.events[0]!.data);
    // Marking it read is the person's own business: the others' stay unread.
    expect(await markNotificationRead(t.platform.db, watched[0]!, firstEvent.id, clock)).toBe(true);
    const read = await t.platform.db
      .selectFrom('notifications')
      .select('person_id')
      .where('id', '=', firstEvent.id)
      .where('read_at', 'is not', null)
      .execute();
    expect(read.map((r) => r.person_id)).toEqual([watched[0]]);
  });

  it('reaches streams held by another process, which reads the fan-out once', async () => {
    const other: Notifier = createNotifier({
      database: t.database,
      keyring: t.platform.keyring,
      config: t.config,
      logger: t.app.log,
      now,
    });
    try {
      await other.start();
      const [person] = await people(1);
      const seen = sink(1);
      other.subscribe(person!, 'elsewhere', seen.send);
      await t.platform.db
        .transaction()
        .execute((trx) =>
          t.platform.notifier.notify(trx, person!, { kind: 'alert.raised', link: '/alertes/x' }),
        );
      await seen.all;
      const [row] = await rowsOf([person!]);
      expect(seen.events[0]!.data).toMatchObject({ id: row!.id, kind: 'alert.raised', link: '/alertes/x' });
    } finally {
      await other.close();
    }
  });

  it('writes nothing and delivers nothing for a fan-out that rolled back', async () => {
    const recipients = await people(INLINE_ROWS_MAX + 1);
    const seen = sink(1);
    t.platform.notifier.subscribe(recipients[0]!, 'session-rb', seen.send);
    await expect(
      t.platform.db.transaction().execute(async (trx) => {
        await t.platform.notifier.notify(trx, recipients, { kind: 'alert.raised', link: '/alertes/rb' });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    // A later notification to the same person arrives first: the rolled-back one never will.
    await t.platform.db
      .transaction()
      .execute((trx) => t.platform.notifier.notify(trx, recipients[0]!, { kind: 'test.after' }));
    await seen.all;
    await t.platform.notifier.settled();
    expect(seen.events.map((e) => e.data.kind)).toEqual(['test.after']);
    expect((await rowsOf(recipients)).map((r) => r.kind)).toEqual(['test.after']);
  });

  it('finishes a fan-out whose writer died before writing its rows, on the next outbox flush', async () => {
    const recipients = await people(3);
    const fanoutId = randomUUID();
    const ids = recipients.map(() => fanoutId);
    await t.platform.db
      .insertInto('notification_fanouts')
      .values({
        id: fanoutId,
        kind: 'alert.raised',
        params: '{}',
        link: '/alertes/orpheline',
        created_at: clock,
        recipient_count: recipients.length,
        recipients: packIds(recipients),
        materialized_at: null,
      })
      .execute();
    await t.platform.notifier.flushOutbox();
    expect(await rowsOf(recipients)).toEqual([]);
    clock = new Date(clock.getTime() + 2 * 60_000);
    await t.platform.notifier.flushOutbox();
    expect((await rowsOf(recipients)).map((r) => r.id).sort()).toEqual([...ids].sort());
  });

  it('refuses a recipient that is not a person id, before writing anything', async () => {
    await expect(
      t.platform.db
        .transaction()
        .execute((trx) => t.platform.notifier.notify(trx, ["x'); drop table people; --"], { kind: 'x' })),
    ).rejects.toThrow(/person ids/);
  });
});

/** An open stream as the notifier sees it: what was written, and whether it was ended. */
class RecordingStream extends EventEmitter implements EventStream {
  chunks: string[] = [];
  writableEnded = false;
  write(chunk: string): boolean {
    this.chunks.push(chunk);
    return true;
  }
  end(): void {
    this.writableEnded = true;
    this.emit('close');
  }
}

describe('raw event streams', () => {
  it('writes events and one shared heartbeat to attached streams, and forgets closed ones', async () => {
    const notifier = createNotifier({
      database: t.database,
      keyring: t.platform.keyring,
      config: t.config,
      logger: t.app.log,
      now,
    });
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      await notifier.start();
      const [person] = await people(1);
      const streams = [new RecordingStream(), new RecordingStream(), new RecordingStream()];
      for (const stream of streams) notifier.attachStream(person!, `session-${randomUUID()}`, stream);
      expect(notifier.openStreams()).toBe(3);
      // The third goes away (the browser closed the tab).
      streams[2]!.emit('close');
      expect(notifier.openStreams()).toBe(2);

      // Only the interval of the notifier exists (none per stream): one tick beats every stream once.
      expect(vi.getTimerCount()).toBe(1);
      vi.advanceTimersByTime(HEARTBEAT_MS);
      expect(streams.map((s) => s.chunks)).toEqual([[': heartbeat\n\n'], [': heartbeat\n\n'], []]);

      const arrived = new Promise<void>((resolve) => {
        streams[0]!.write = function (chunk: string) {
          this.chunks.push(chunk);
          if (chunk.startsWith('event: notification')) resolve();
          return true;
        };
      });
      await t.platform.db
        .transaction()
        .execute((trx) => notifier.notify(trx, person!, { kind: 'alert.raised', link: '/alertes/s' }));
      await arrived;
      const [row] = await rowsOf([person!]);
      const event = streams[0]!.chunks.at(-1)!;
      expect(event.startsWith('event: notification\ndata: ')).toBe(true);
      expect(event.endsWith('\n\n')).toBe(true);
      expect(JSON.parse(event.slice('event: notification\ndata: '.length))).toEqual({
        id: row!.id,
        kind: 'alert.raised',
        params: {},
        link: '/alertes/s',
        createdAt: clock.toISOString(),
      });

      notifier.endStreams();
      expect(streams.map((s) => s.writableEnded)).toEqual([true, true, false]);
      expect(notifier.openStreams()).toBe(0);
    } finally {
      vi.useRealTimers();
      await notifier.close();
    }
  });
});

import { Writable } from 'node:stream';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../test/support/database.js';
import { REGION_TIME_ZONE } from '../../../shared/time-zone.js';
import type { Database } from '../db/database.js';
import type { JobContext, Jobs } from './jobs.js';
import { createJobs, retryDelayMs } from './scheduler.js';

let database: Database;
let clock: Date;
const now = () => clock;
let logLines: string[] = [];

/** A real Fastify logger writing into memory, so tests can check what a failure leaves in the logs. */
function captureLogger(): FastifyBaseLogger {
  const stream = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  return Fastify({ logger: { level: 'info', stream } }).log;
}

function jobsOver(options: { pollMs?: number } = {}): Jobs {
  return createJobs({
    db: database.db,
    logger: captureLogger(),
    timeZone: REGION_TIME_ZONE,
    now,
    ...options,
  });
}

async function scheduleRow(name: string) {
  return database.db
    .selectFrom('job_schedules')
    .selectAll()
    .where('name', '=', name)
    .executeTakeFirstOrThrow();
}

async function queueRows(name: string) {
  return database.db.selectFrom('job_queue').selectAll().where('name', '=', name).orderBy('id').execute();
}

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});
beforeEach(async () => {
  // 08:00 in Toronto (EDT, UTC-4) on 10 March 2026.
  clock = new Date('2026-03-10T12:00:00Z');
  logLines = [];
  await database.db.deleteFrom('job_schedules').execute();
  await database.db.deleteFrom('job_queue').execute();
});

describe('recurring schedules', () => {
  it('runs once when due, in the region time zone, and not again before its next time', async () => {
    const jobs = jobsOver();
    const runs: JobContext[] = [];
    jobs.define('nightly', async (_payload, context) => {
      runs.push(context);
    });
    jobs.schedule('nightly', '0 3 * * *');

    expect(await jobs.runDue()).toBe(0);
    // 03:00 in Toronto is 07:00 UTC in March after the change to daylight time.
    expect((await scheduleRow('nightly')).next_run_at.toISOString()).toBe('2026-03-11T07:00:00.000Z');

    expect(await jobs.runDue(new Date('2026-03-11T06:59:59Z'))).toBe(0);
    expect(await jobs.runDue(new Date('2026-03-11T07:00:05Z'))).toBe(1);
    expect(runs.map((r) => r.scheduledFor.toISOString())).toEqual(['2026-03-11T07:00:00.000Z']);
    expect(await jobs.runDue(new Date('2026-03-11T07:30:00Z'))).toBe(0);
    expect(await jobs.runDue(new Date('2026-03-11T23:59:00Z'))).toBe(0);

    const row = await scheduleRow('nightly');
    expect(row.next_run_at.toISOString()).toBe('2026-03-12T07:00:00.000Z');
    expect(row.locked_until).toBeNull();
    expect(row.last_error).toBeNull();
    expect(row.last_started_at?.toISOString()).toBe('2026-03-11T07:00:05.000Z');

    expect(await jobs.runDue(new Date('2026-03-12T07:00:01Z'))).toBe(1);
    expect(runs).toHaveLength(2);
  });

  it('runs a due schedule once when two processes ask at the same moment', async () => {
    let calls = 0;
    const processes = [jobsOver(), jobsOver(), jobsOver()];
    for (const jobs of processes) {
      jobs.define('every-minute', async () => {
        calls++;
      });
      jobs.schedule('every-minute', '* * * * *');
    }
    await Promise.all(processes.map((jobs) => jobs.runDue()));
    expect(calls).toBe(0);

    const due = new Date(clock.getTime() + 60_000);
    const counts = await Promise.all([...processes, ...processes].map((jobs) => jobs.runDue(due)));
    expect(calls).toBe(1);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1);
  });

  it('after a restart, keeps the stored next run: a run missed while down happens once, never twice', async () => {
    const first = jobsOver();
    first.define('nightly', async () => {});
    first.schedule('nightly', '0 3 * * *');
    await first.runDue();
    const stored = (await scheduleRow('nightly')).next_run_at;
    expect(stored.toISOString()).toBe('2026-03-11T07:00:00.000Z');

    // The process was down over the run time and comes back two hours later.
    clock = new Date('2026-03-11T09:00:00Z');
    const ran: string[] = [];
    const second = jobsOver();
    second.define('nightly', async (_payload, context) => {
      ran.push(context.scheduledFor.toISOString());
    });
    second.schedule('nightly', '0 3 * * *');
    expect(await second.runDue()).toBe(1);
    expect(ran).toEqual(['2026-03-11T07:00:00.000Z']);

    // Another restart a minute later repeats nothing.
    clock = new Date('2026-03-11T09:01:00Z');
    const third = jobsOver();
    third.define('nightly', async () => {
      ran.push('again');
    });
    third.schedule('nightly', '0 3 * * *');
    expect(await third.runDue()).toBe(0);
    expect(ran).toHaveLength(1);
    expect((await scheduleRow('nightly')).next_run_at.toISOString()).toBe('2026-03-12T07:00:00.000Z');
  });

  it('recomputes the next run when the cron expression changes', async () => {
    const first = jobsOver();
    first.define('report', async () => {});
    first.schedule('report', '0 3 * * *');
    await first.runDue();

    const second = jobsOver();
    second.define('report', async () => {});
    second.schedule('report', '30 12 * * *');
    await second.runDue();
    const row = await scheduleRow('report');
    expect(row.cron).toBe('30 12 * * *');
    // 12:30 in Toronto, the same day (it is 08:00 there).
    expect(row.next_run_at.toISOString()).toBe('2026-03-10T16:30:00.000Z');
  });

  it('records a failing run and still moves to the next time', async () => {
    const jobs = jobsOver();
    jobs.define('fragile', async () => {
      throw new Error('disk full');
    });
    jobs.schedule('fragile', '0 * * * *');
    await jobs.runDue();
    expect(await jobs.runDue(new Date('2026-03-10T13:00:00Z'))).toBe(1);
    const row = await scheduleRow('fragile');
    expect(row.last_error).toBe('disk full');
    expect(row.locked_until).toBeNull();
    expect(row.next_run_at.toISOString()).toBe('2026-03-10T14:00:00.000Z');
    expect(logLines.join('')).toContain('disk full');
  });

  it('refuses an invalid cron expression and a schedule without a handler', () => {
    const jobs = jobsOver();
    expect(() => jobs.schedule('nothing', '* * * * *')).toThrow(/defined/);
    jobs.define('typo', async () => {});
    expect(() => jobs.schedule('typo', '61 * * * *')).toThrow();
    expect(() => jobs.define('typo', async () => {})).toThrow(/already/);
  });
});

describe('queued jobs', () => {
  it('runs a job at or after its time, with its payload', async () => {
    const jobs = jobsOver();
    const seen: Array<{ payload: Record<string, unknown>; scheduledFor: string }> = [];
    jobs.define('remind', async (payload, context) => {
      seen.push({ payload, scheduledFor: context.scheduledFor.toISOString() });
    });
    const runAt = new Date(clock.getTime() + 10 * 60_000);
    await jobs.enqueue(database.db, 'remind', { sessionId: 'abc', seats: 3 }, { runAt });

    expect(await jobs.runDue()).toBe(0);
    expect(await jobs.runDue(new Date(runAt.getTime() + 1000))).toBe(1);
    expect(seen).toEqual([{ payload: { sessionId: 'abc', seats: 3 }, scheduledFor: runAt.toISOString() }]);
    expect(await jobs.runDue(new Date(runAt.getTime() + 60_000))).toBe(0);
    const [row] = await queueRows('remind');
    expect(row?.done_at).not.toBeNull();
    expect(row?.attempts).toBe(1);
  });

  it('retries a failing job with backoff, then marks it failed; the log holds the message, never the payload', async () => {
    const jobs = jobsOver();
    let calls = 0;
    jobs.define('flaky', async () => {
      calls++;
      throw new Error('remote refused');
    });
    await jobs.enqueue(database.db, 'flaky', { secretName: 'Jeune-Fictif-XYZ' }, { maxAttempts: 3 });

    expect(await jobs.runDue()).toBe(1);
    let [row] = await queueRows('flaky');
    expect(row).toMatchObject({ attempts: 1, failed_at: null, done_at: null, last_error: 'remote refused' });
    expect(row?.run_at.getTime()).toBe(clock.getTime() + retryDelayMs(1));

    // Not before the backoff.
    expect(await jobs.runDue(new Date(clock.getTime() + retryDelayMs(1) - 1000))).toBe(0);
    clock = new Date(clock.getTime() + retryDelayMs(1));
    expect(await jobs.runDue()).toBe(1);
    [row] = await queueRows('flaky');
    expect(row?.attempts).toBe(2);
    expect(row?.run_at.getTime()).toBe(clock.getTime() + retryDelayMs(2));
    expect(retryDelayMs(2)).toBeGreaterThan(retryDelayMs(1));

    clock = new Date(clock.getTime() + retryDelayMs(2));
    expect(await jobs.runDue()).toBe(1);
    [row] = await queueRows('flaky');
    expect(row?.attempts).toBe(3);
    expect(row?.failed_at?.getTime()).toBe(clock.getTime());
    expect(row?.locked_until).toBeNull();

    expect(await jobs.runDue(new Date(clock.getTime() + 24 * 60 * 60_000))).toBe(0);
    expect(calls).toBe(3);
    const logs = logLines.join('');
    expect(logs).toContain('remote refused');
    expect(logs).not.toContain('Jeune-Fictif-XYZ');
  });

  it('dedupes by singleton key while one is pending, and accepts a new one once it is done', async () => {
    const jobs = jobsOver();
    let calls = 0;
    jobs.define('escalate', async () => {
      calls++;
    });
    await jobs.enqueue(database.db, 'escalate', { n: 1 }, { singletonKey: 'alert-1' });
    await jobs.enqueue(database.db, 'escalate', { n: 2 }, { singletonKey: 'alert-1' });
    await jobs.enqueue(database.db, 'escalate', { n: 3 }, { singletonKey: 'alert-2' });
    expect((await queueRows('escalate')).map((r) => r.payload)).toEqual([{ n: 1 }, { n: 3 }]);

    expect(await jobs.runDue()).toBe(2);
    await jobs.enqueue(database.db, 'escalate', { n: 4 }, { singletonKey: 'alert-1' });
    expect(await jobs.runDue()).toBe(1);
    expect(calls).toBe(3);
  });

  it('queues nothing when the caller transaction rolls back', async () => {
    const jobs = jobsOver();
    jobs.define('after-commit', async () => {});
    await expect(
      database.db.transaction().execute(async (trx) => {
        await jobs.enqueue(trx, 'after-commit', {});
        throw new Error('validation failed later');
      }),
    ).rejects.toThrow('validation failed later');
    expect(await queueRows('after-commit')).toHaveLength(0);
    await expect(jobs.enqueue(database.db, 'never-defined', {})).rejects.toThrow(/not defined/);
  });

  it('runs a queued job once when several processes poll at the same moment', async () => {
    let calls = 0;
    const processes = [jobsOver(), jobsOver(), jobsOver()];
    for (const jobs of processes) {
      jobs.define('once', async () => {
        calls++;
      });
    }
    for (let i = 0; i < 5; i++) await processes[0]!.enqueue(database.db, 'once', { i });
    const counts = await Promise.all(processes.map((jobs) => jobs.runDue()));
    expect(calls).toBe(5);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(5);
    expect((await queueRows('once')).every((r) => r.attempts === 1 && r.done_at !== null)).toBe(true);
  });

  it('reclaims a job whose process died mid-run once its lease has passed', async () => {
    const jobs = jobsOver();
    let calls = 0;
    jobs.define('crashy', async () => {
      calls++;
    });
    await jobs.enqueue(database.db, 'crashy', {});
    // A process claimed it and vanished: attempts counted, lease for five minutes.
    await database.db
      .updateTable('job_queue')
      .set({ attempts: 1, locked_until: new Date(clock.getTime() + 5 * 60_000) })
      .where('name', '=', 'crashy')
      .execute();
    expect(await jobs.runDue()).toBe(0);
    expect(await jobs.runDue(new Date(clock.getTime() + 5 * 60_000 + 1))).toBe(1);
    expect(calls).toBe(1);
    const [row] = await queueRows('crashy');
    expect(row?.attempts).toBe(2);
  });
});

describe('polling', () => {
  it('picks up due work on its own and stop() waits for the run in progress', async () => {
    const jobs = jobsOver({ pollMs: 10 });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let entered!: () => void;
    const started = new Promise<void>((resolve) => {
      entered = resolve;
    });
    let finished = false;
    jobs.define('slow', async () => {
      entered();
      await gate;
      finished = true;
    });
    await jobs.enqueue(database.db, 'slow', {});
    await jobs.start();
    await started;

    let stopped = false;
    const stopping = jobs.stop().then(() => {
      stopped = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(finished).toBe(true);
    const [row] = await queueRows('slow');
    expect(row?.done_at).not.toBeNull();
  });
});

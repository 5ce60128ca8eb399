import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDatabaseUrlFor } from '../../../../test/support/database.js';
import { startTcpProxy, type TcpProxy } from '../../../../test/support/tcp-proxy.js';
import type { Database } from './database.js';
import { createSignalListener, type SignalListener } from './listener.js';

/** The dedicated LISTEN connection, through a proxy the test cuts and freezes. PostgreSQL only. */
const url = process.env.DATABASE_URL;
if (!url) console.log('[listener] skipped: needs PostgreSQL (DATABASE_URL)');

const CHANNEL = 'filet_test_signal';

let proxy: TcpProxy;
let database: Database;
let direct: string;
let listener: SignalListener;
const heard: string[] = [];
const restoredSince: Date[] = [];
const lines: string[] = [];

async function signal(payload: string): Promise<void> {
  const client = new pg.Client({ connectionString: direct });
  await client.connect();
  try {
    await client.query('select pg_notify($1, $2)', [CHANNEL, payload]);
  } finally {
    await client.end();
  }
}

async function until(what: string, condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`still not the case after 30 s: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.skipIf(!url)('the signal listener', () => {
  beforeAll(async () => {
    const server = new URL(url!);
    proxy = await startTcpProxy({ host: server.hostname, port: Number(server.port || 5432) });
    database = await createTestDatabase();
    direct = testDatabaseUrlFor(database)!;
    listener = createSignalListener({
      connectionString: proxy.route(direct),
      timeouts: { connectMs: 500, statementMs: 0, queryMs: 0 },
      channels: [CHANNEL],
      onSignal: (_channel, payload) => heard.push(payload),
      onRestored: async (lostAt) => {
        restoredSince.push(lostAt);
      },
      now: () => new Date(),
      log: { info: (message) => lines.push(message), warn: (_details, message) => lines.push(message) },
      heartbeatMs: 200,
    });
    await listener.start();
  });
  afterAll(async () => {
    await listener?.close();
    await proxy?.close();
    await database?.close();
  });

  it('listens, and after a reset reconnects, listens again and asks for a reconciliation', async () => {
    await signal('avant');
    await until('the first signal', () => heard.includes('avant'));
    const before = new Date();
    proxy.cut();
    await until('the loss is noticed', () => !listener.listening());
    await signal('pendant');
    proxy.restore();
    await until('reconciled', () => restoredSince.length === 1);
    expect(restoredSince[0]!.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);
    await signal('après');
    await until('the signal after the reset', () => heard.includes('après'));
    // NOTIFY is not kept for absent listeners: this is what the reconciliation is for.
    expect(heard).not.toContain('pendant');
    expect(listener.listening()).toBe(true);
  });

  it('notices a connection that stopped answering (no error ever comes) and replaces it', async () => {
    proxy.freeze();
    await until('the silence is noticed', () => !listener.listening());
    proxy.restore();
    await until('reconciled again', () => restoredSince.length === 2);
    await signal('encore');
    await until('the signal after the silence', () => heard.includes('encore'));
    expect(lines).toContain('signal listener reconnected');
  });
});

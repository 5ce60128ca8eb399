import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { type Database, type DatabaseTimeouts, openDatabase } from '../../src/server/platform/db/database.js';

let templateBlob: Blob | null = null;

/** How a test reaches its PostgreSQL database: through a proxy it controls, with its own time-outs. */
export interface TestDatabaseOptions {
  /** Rewrites the database's address (e.g. through test/support/tcp-proxy.ts). */
  route?: (url: string) => string;
  timeouts?: DatabaseTimeouts;
}

/**
 * A fresh, migrated database for one test file: an in-memory PGlite loaded from the run's template,
 * or a new PostgreSQL database copied from the template database (dropped again on close).
 */
export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<Database> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const file = process.env.FILET_TEST_TEMPLATE;
    if (!file) throw new Error('FILET_TEST_TEMPLATE is not set: run the tests through vitest (global setup)');
    templateBlob ??= new Blob([readFileSync(file)]);
    return openDatabase({ databaseUrl: null, dataDir: '', pgliteTemplate: templateBlob });
  }
  const template = process.env.FILET_TEST_PG_TEMPLATE;
  if (!template)
    throw new Error('FILET_TEST_PG_TEMPLATE is not set: run the tests through vitest (global setup)');
  const name = `filet_t_${process.ppid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`create database ${name} template ${template}`);
  } finally {
    await admin.end();
  }
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  const direct = parsed.toString();
  const database = await openDatabase({
    databaseUrl: options.route ? options.route(direct) : direct,
    dataDir: '',
    poolSize: 5,
    ...(options.timeouts ? { timeouts: options.timeouts } : {}),
  });
  const close = database.close;
  return {
    ...database,
    close: async () => {
      await close();
      const dropper = new pg.Client({ connectionString: url });
      await dropper.connect();
      try {
        await dropper.query(`drop database if exists ${name} with (force)`);
      } finally {
        await dropper.end();
      }
    },
  };
}

export function testDatabaseUrlFor(database: Database): string | null {
  const options = database.pool?.options as { connectionString?: string } | undefined;
  return options?.connectionString ?? null;
}

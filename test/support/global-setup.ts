import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { type Database, openDatabase, PGLITE_EXTENSIONS } from '../../src/server/platform/db/database.js';
import { migrate } from '../../src/server/platform/db/migrate.js';
import { DEFAULT_DB_TIMEOUTS } from '../../src/server/platform/db/pool.js';

/**
 * Prepares one migrated template database per test run, so each test file starts from a fresh copy in
 * about half a second: a dumped PGlite data directory, or a PostgreSQL template database when
 * DATABASE_URL is set.
 */
export default async function setup() {
  const skipBrowser = process.env.FILET_TEST_SKIP_BROWSER;
  if (skipBrowser !== undefined && skipBrowser !== '' && skipBrowser !== '0' && skipBrowser !== '1') {
    throw new Error(`FILET_TEST_SKIP_BROWSER=${skipBrowser}: give 1 (leave the browser journeys out) or 0`);
  }
  // vitest.config.ts leaves test/e2e out of this run; say so, so a log never passes for a full run.
  if (skipBrowser === '1')
    console.log('[filet tests] browser journeys (test/e2e): not run (FILET_TEST_SKIP_BROWSER=1)');
  const dir = mkdtempSync(path.join(tmpdir(), 'filet-test-'));
  process.env.FILET_TEST_DIR = dir;
  process.env.FILET_TEST_MASTER_KEY ??= randomBytes(32).toString('base64');
  const url = process.env.DATABASE_URL;

  if (!url) {
    const pglite = await PGlite.create({ extensions: PGLITE_EXTENSIONS });
    const database: Database = await openDatabaseOver(pglite);
    await migrate(database);
    const dump = await pglite.dumpDataDir('none');
    const file = path.join(dir, 'template.tar');
    writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
    await pglite.close();
    process.env.FILET_TEST_TEMPLATE = file;
    console.log('[filet tests] database: PGlite (embedded)');
    return () => rmSync(dir, { recursive: true, force: true });
  }

  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const template = `filet_tpl_${process.pid}`;
  await admin.query(`drop database if exists ${template}`);
  await admin.query(`create database ${template}`);
  const templateUrl = withDatabase(url, template);
  const database = await openDatabase({ databaseUrl: templateUrl, dataDir: dir });
  await migrate(database);
  await database.close();
  process.env.FILET_TEST_PG_TEMPLATE = template;
  console.log(`[filet tests] database: PostgreSQL (${new URL(url).host})`);
  return async () => {
    const leftovers = await admin.query<{ datname: string }>(
      `select datname from pg_database where datname like $1 or datname = $2`,
      [`filet_t_${process.pid}_%`, template],
    );
    for (const { datname } of leftovers.rows) {
      await admin.query(`drop database if exists ${datname} with (force)`);
    }
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  };
}

async function openDatabaseOver(pglite: PGlite): Promise<Database> {
  const { Kysely } = await import('kysely');
  const { PGliteDialect } = await import('../../src/server/platform/db/pglite-dialect.js');
  const db = new Kysely<never>({ dialect: new PGliteDialect(pglite) });
  return {
    db: db as unknown as Database['db'],
    engine: 'pglite',
    pglite,
    timeouts: DEFAULT_DB_TIMEOUTS,
    close: async () => {},
  };
}

export function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

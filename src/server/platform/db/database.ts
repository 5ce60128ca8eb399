import { closeSync, existsSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import { PGliteDialect } from './pglite-dialect.js';
import { createPool, type DatabaseTimeouts, DEFAULT_DB_TIMEOUTS } from './pool.js';
import type { DB } from './schema.js';

export type { DatabaseTimeouts } from './pool.js';

export type Engine = 'pglite' | 'postgres';

/** A query executor: the database itself or an open transaction. Repositories accept either. */
export type Executor = Kysely<DB> | Transaction<DB>;

export interface Database {
  db: Kysely<DB>;
  engine: Engine;
  /** Present on the embedded engine: used for dumps (backup) and tests. */
  pglite?: PGlite;
  /** Present on PostgreSQL: used for LISTEN/NOTIFY and backups. */
  pool?: pg.Pool;
  /** How long this database is waited on (PostgreSQL; PGlite runs in the process and has no network). */
  timeouts: DatabaseTimeouts;
  close(): Promise<void>;
}

// The same JavaScript values on both engines: bigint columns as numbers (identifiers and counters stay
// far below 2^53), dates as 'YYYY-MM-DD' strings (a date has no time zone), timestamps as Date.
const INT8 = 20;
const DATE = 1082;
const NUMERIC = 1700;
const pgliteParsers = {
  [INT8]: (v: string) => Number(v),
  [DATE]: (v: string) => v,
  [NUMERIC]: (v: string) => Number(v),
};
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8 || oid === NUMERIC) return (v: string) => Number(v);
    if (oid === DATE) return (v: string) => v;
    // biome-ignore lint/suspicious/noExplicitAny: pg's overloads do not accept a union format.
    return pg.types.getTypeParser(oid, format as any);
  },
} as pg.CustomTypesConfig;

export const PGLITE_EXTENSIONS = { unaccent, pg_trgm };

export interface OpenOptions {
  databaseUrl: string | null;
  dataDir: string;
  /** For tests: an in-memory PGlite loaded from a dumped data directory. */
  pgliteTemplate?: Blob;
  poolSize?: number;
  /** Time-outs on PostgreSQL (defaults: DEFAULT_DB_TIMEOUTS). */
  timeouts?: DatabaseTimeouts;
  /** Told when a connection of the pool fails (it is replaced; the query that used it fails by itself). */
  onConnectionError?: (error: Error) => void;
}

/** Opens the configured database. On PGlite, holds a lock file so no second process opens the same folder. */
export async function openDatabase(options: OpenOptions): Promise<Database> {
  const timeouts = options.timeouts ?? DEFAULT_DB_TIMEOUTS;
  if (options.databaseUrl) {
    const { pool, forKysely } = createPool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      types: pgTypes,
      timeouts,
      onConnectionError: options.onConnectionError ?? (() => {}),
    });
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: forKysely }) });
    return {
      db,
      engine: 'postgres',
      pool,
      timeouts,
      // Ending a connection waits for the server's goodbye, which a silent network never sends: the
      // pool gets as long as opening a connection takes, then the process moves on (sockets are dropped).
      close: () => settleWithin(db.destroy(), Math.max(timeouts.connectMs, 1_000)),
    };
  }

  let releaseLock: (() => void) | null = null;
  let pglite: PGlite;
  if (options.pgliteTemplate) {
    pglite = await PGlite.create({
      loadDataDir: options.pgliteTemplate,
      extensions: PGLITE_EXTENSIONS,
      parsers: pgliteParsers,
    });
  } else {
    mkdirSync(options.dataDir, { recursive: true });
    releaseLock = acquireDataDirLock(options.dataDir);
    try {
      pglite = await PGlite.create({
        dataDir: path.join(options.dataDir, 'pglite'),
        relaxedDurability: true,
        extensions: PGLITE_EXTENSIONS,
        parsers: pgliteParsers,
      });
    } catch (error) {
      releaseLock();
      throw error;
    }
  }
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) });
  return {
    db,
    engine: 'pglite',
    pglite,
    timeouts,
    close: async () => {
      await db.destroy();
      releaseLock?.();
    },
  };
}

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `Le dossier de données ${dataDir} est déjà utilisé par le processus ${pid} / the data folder is in use by process ${pid}`,
    );
    this.name = 'DataDirLockedError';
  }
}

/** PGlite has no cross-process lock of its own: two processes on one folder would corrupt it. */
function acquireDataDirLock(dataDir: string): () => void {
  const file = path.join(dataDir, 'filet.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          unlinkSync(file);
        } catch {
          // Already gone: nothing to release.
        }
      };
      process.once('exit', release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
        throw new DataDirLockedError(dataDir, pid);
      }
      // A stale lock left by a process that died: take it over.
      if (existsSync(file)) unlinkSync(file);
    }
  }
  throw new Error(`cannot lock ${file}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Waits for `work` at most `ms`; its failure or lateness is nobody's business any more. */
export function settleWithin(work: Promise<unknown>, ms: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    timer.unref();
    work.then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      () => {
        clearTimeout(timer);
        resolve();
      },
    );
  });
}

/** Runs `work` in one transaction; every use case that writes more than one row goes through here. */
export function inTransaction<T>(db: Executor, work: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  if (db.isTransaction) return work(db as Transaction<DB>);
  return (db as Kysely<DB>).transaction().execute(work);
}

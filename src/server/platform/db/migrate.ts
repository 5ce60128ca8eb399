import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Database } from './database.js';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../../../migrations/', import.meta.url));

export interface Migration {
  name: string;
  checksum: string;
  sql: string;
}

/** The migration files, in order. Names are `NNNN_words.sql`. */
export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((name) => {
      const text = readFileSync(`${dir}/${name}`, 'utf8');
      return { name, sql: text, checksum: createHash('sha256').update(text).digest('hex') };
    });
}

export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationError';
  }
}

const MIGRATION_LOCK = 7_461_202_610;

async function ensureLedger(database: Database): Promise<void> {
  await sql`
    create table if not exists schema_migrations (
      name text primary key,
      checksum text not null,
      applied_at timestamptz not null default now()
    )`.execute(database.db);
}

/** Names of the migrations not yet applied; throws when an applied file was edited afterwards. */
export async function pendingMigrations(
  database: Database,
  migrations = readMigrations(),
): Promise<Migration[]> {
  await ensureLedger(database);
  const applied = await sql<{
    name: string;
    checksum: string;
  }>`select name, checksum from schema_migrations`.execute(database.db);
  const byName = new Map(applied.rows.map((r) => [r.name, r.checksum]));
  for (const m of migrations) {
    const checksum = byName.get(m.name);
    if (checksum && checksum !== m.checksum) {
      throw new MigrationError(
        `migration ${m.name} was changed after it was applied; migrations are append-only: add a new file instead`,
      );
    }
  }
  return migrations.filter((m) => !byName.has(m.name));
}

/**
 * Applies pending migrations, each in its own transaction under an advisory lock, so two processes
 * starting together apply each file once. Returns the names applied.
 */
export async function migrate(
  database: Database,
  onProgress: (name: string) => void = () => {},
): Promise<string[]> {
  const migrations = readMigrations();
  const pending = await pendingMigrations(database, migrations);
  const applied: string[] = [];
  for (const migration of pending) {
    const done = await database.db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK})`.execute(trx);
      const already = await sql`select 1 from schema_migrations where name = ${migration.name}`.execute(trx);
      if (already.rows.length > 0) return false;
      if (database.engine === 'pglite' && database.pglite) {
        // PGlite's extended protocol takes one statement; the transaction holds its only connection.
        await database.pglite.exec(migration.sql);
      } else {
        await sql.raw(migration.sql).execute(trx);
      }
      await sql`insert into schema_migrations (name, checksum) values (${migration.name}, ${migration.checksum})`.execute(
        trx,
      );
      return true;
    });
    if (done) {
      applied.push(migration.name);
      onProgress(migration.name);
    }
  }
  return applied;
}

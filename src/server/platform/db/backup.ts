import { once } from 'node:events';
import { createReadStream, createWriteStream, renameSync, rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { sql, type Transaction } from 'kysely';
import { createAuditWriter } from '../audit/audit.js';
import { verifyAuditChain } from '../audit/verify.js';
import { Keyring, KeyringError } from '../crypto/keyring.js';
import type { Database } from './database.js';
import type { DB } from './schema.js';

/**
 * The portable backup format, the same for PGlite and PostgreSQL: a gzip'd file of JSON lines.
 * Line 1 is the header (an object); then, per table in foreign-key order, a marker
 * `["table", name, columns]` followed by one line per row (the row as a JSON object, from
 * `to_jsonb`, generated columns left out); the last line is `["end", { table: rowCount }]`, so a
 * truncated file is refused. Markers are arrays and rows are objects, so neither can pass for the other.
 */
export interface BackupHeader {
  format: 'filet-backup';
  version: 1;
  createdAt: string;
  engine: Database['engine'];
  migrations: string[];
  tables: string[];
}

export interface BackupProgress {
  table: string;
  rows: number;
}

export interface BackupSummary {
  tables: number;
  rows: number;
  counts: Record<string, number>;
}

export class RestoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RestoreError';
  }
}

type Executor = Transaction<DB>;

interface TableInfo {
  name: string;
  /** Columns written and restored: every column but the generated ones. */
  columns: string[];
  generated: string[];
  /** Some column holds a value PostgreSQL generates ALWAYS (identity): inserts must override it. */
  identityAlways: boolean;
  selfReferencing: boolean;
}

const FETCH_ROWS = 2_000;
const INSERT_ROWS = 1_000;
const INSERT_CHARS = 8 * 1024 * 1024;

/**
 * The tables of the public schema but the migration ledger and the unlogged tables (request throttles:
 * what a crash may lose anyway, and keys that must not outlive their hour), parents before the tables
 * that reference them.
 */
async function catalog(trx: Executor): Promise<TableInfo[]> {
  const tables = await sql<{ name: string }>`
    select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
      and c.relpersistence = 'p' and c.relname <> 'schema_migrations'
    order by c.relname`.execute(trx);
  const columns = await sql<{
    table_name: string;
    column_name: string;
    is_generated: string;
    identity: string | null;
  }>`
    select table_name, column_name, is_generated, identity_generation as identity
    from information_schema.columns where table_schema = 'public'
    order by table_name, ordinal_position`.execute(trx);
  const references = await sql<{ child: string; parent: string }>`
    select distinct ch.relname as child, pa.relname as parent
    from pg_constraint k
    join pg_class ch on ch.oid = k.conrelid
    join pg_class pa on pa.oid = k.confrelid
    join pg_namespace n on n.oid = ch.relnamespace
    where k.contype = 'f' and n.nspname = 'public'`.execute(trx);

  const info = new Map<string, TableInfo>();
  for (const { name } of tables.rows) {
    info.set(name, { name, columns: [], generated: [], identityAlways: false, selfReferencing: false });
  }
  for (const column of columns.rows) {
    const table = info.get(column.table_name);
    if (!table) continue;
    if (column.is_generated === 'ALWAYS') table.generated.push(column.column_name);
    else table.columns.push(column.column_name);
    if (column.identity === 'ALWAYS') table.identityAlways = true;
  }
  const parents = new Map<string, Set<string>>([...info.keys()].map((name) => [name, new Set<string>()]));
  for (const { child, parent } of references.rows) {
    if (!info.has(child) || !info.has(parent)) continue;
    if (child === parent) info.get(child)!.selfReferencing = true;
    else parents.get(child)!.add(parent);
  }

  const ordered: TableInfo[] = [];
  const placed = new Set<string>();
  while (placed.size < info.size) {
    const ready = [...info.keys()].filter(
      (name) => !placed.has(name) && [...parents.get(name)!].every((parent) => placed.has(parent)),
    );
    if (ready.length === 0) {
      const left = [...info.keys()].filter((name) => !placed.has(name));
      throw new Error(`foreign keys form a cycle between tables ${left.join(', ')}: no safe restore order`);
    }
    for (const name of ready) {
      placed.add(name);
      ordered.push(info.get(name)!);
    }
  }
  return ordered;
}

async function appliedMigrations(trx: Executor): Promise<string[]> {
  const rows = await sql<{ name: string }>`select name from schema_migrations order by name`.execute(trx);
  return rows.rows.map((r) => r.name);
}

/**
 * Writes every table of the database (but the migration ledger) to `outFile`, from one consistent
 * snapshot (a repeatable-read, read-only transaction). The file is written beside the target and
 * renamed into place only once complete, readable by its owner only. Encrypted values stay
 * ciphertext: restoring needs the same master key. On PGlite the transaction holds the only
 * connection for the whole backup.
 */
export async function backupDatabase(
  database: Database,
  outFile: string,
  onProgress?: (progress: BackupProgress) => void,
): Promise<BackupSummary> {
  const partial = `${outFile}.partial`;
  const gzip = createGzip();
  const written = pipeline(gzip, createWriteStream(partial, { mode: 0o600 }));
  // Observed at once so a failed write is not an unhandled rejection while the transaction runs.
  written.catch(() => {});
  const write = async (text: string) => {
    if (!gzip.write(text)) await once(gzip, 'drain');
  };
  try {
    const summary = await database.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (trx) => {
        await sql`set transaction read only`.execute(trx);
        const tables = await catalog(trx);
        const header: BackupHeader = {
          format: 'filet-backup',
          version: 1,
          createdAt: new Date().toISOString(),
          engine: database.engine,
          migrations: await appliedMigrations(trx),
          tables: tables.map((t) => t.name),
        };
        await write(`${JSON.stringify(header)}\n`);
        const counts: Record<string, number> = {};
        let total = 0;
        for (const table of tables) {
          await write(`${JSON.stringify(['table', table.name, table.columns])}\n`);
          const row =
            table.generated.length > 0 ? sql`to_jsonb(t) - ${table.generated}::text[]` : sql`to_jsonb(t)`;
          await sql`declare filet_backup no scroll cursor for
            select (${row})::text as r from ${sql.table(table.name)} t`.execute(trx);
          let count = 0;
          for (;;) {
            const page = await sql<{
              r: string;
            }>`fetch forward ${sql.lit(FETCH_ROWS)} from filet_backup`.execute(trx);
            if (page.rows.length === 0) break;
            let chunk = '';
            for (const r of page.rows) chunk += `${r.r}\n`;
            await write(chunk);
            count += page.rows.length;
            if (page.rows.length < FETCH_ROWS) break;
          }
          await sql`close filet_backup`.execute(trx);
          counts[table.name] = count;
          total += count;
          onProgress?.({ table: table.name, rows: count });
        }
        await write(`${JSON.stringify(['end', counts])}\n`);
        return { tables: tables.length, rows: total, counts };
      });
    gzip.end();
    await written;
    renameSync(partial, outFile);
    return summary;
  } catch (error) {
    gzip.destroy();
    await written.catch(() => {});
    rmSync(partial, { force: true });
    throw error;
  }
}

function parseHeader(line: string | undefined): BackupHeader {
  let header: Partial<BackupHeader>;
  try {
    header = JSON.parse(line ?? '') as Partial<BackupHeader>;
  } catch {
    throw new RestoreError('ce fichier n’est pas une sauvegarde Filet / this file is not a Filet backup');
  }
  if (
    header?.format !== 'filet-backup' ||
    !Array.isArray(header.migrations) ||
    !Array.isArray(header.tables)
  ) {
    throw new RestoreError('ce fichier n’est pas une sauvegarde Filet / this file is not a Filet backup');
  }
  if (header.version !== 1) {
    throw new RestoreError(
      `version de sauvegarde inconnue / unknown backup version: ${String(header.version)}`,
    );
  }
  return header as BackupHeader;
}

export interface RestoreOptions {
  /** The master key of the database the backup was taken from: the restored keys must open with it. */
  masterKey: Buffer;
  onProgress?: (progress: BackupProgress) => void;
}

/**
 * Restores a backup into an empty database migrated to exactly the backup's migrations, in one
 * transaction: every row, then the sequences moved past the restored ids. Before committing it
 * loads the restored keyring with `masterKey`, verifies the restored audit chain, and appends a
 * `backup.restore` event to it. Throws RestoreError, leaving the database as it was, when the file is
 * not a complete Filet backup, the migrations differ, the database already holds people or audit
 * entries, the master key does not open the restored keys, or the restored audit chain is broken.
 * Rows left by starting the application on the empty database (keys, schedules) are replaced.
 */
export async function restoreDatabase(
  database: Database,
  inFile: string,
  options: RestoreOptions,
): Promise<BackupSummary & { createdAt: string }> {
  const input = createGunzip();
  const source = createReadStream(inFile);
  // pipe() does not forward errors: a missing or unreadable file must end the read, not stall it.
  source.on('error', (error) => input.destroy(error));
  source.pipe(input);
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })[Symbol.asyncIterator]();
  const next = async (): Promise<string | undefined> => {
    const result = await lines.next();
    return result.done ? undefined : result.value;
  };
  try {
    const header = parseHeader(await next());
    return await database.db.transaction().execute(async (trx) => {
      const migrations = await appliedMigrations(trx);
      if (migrations.join('\n') !== header.migrations.join('\n')) {
        throw new RestoreError(
          `les migrations diffèrent / migrations differ: backup [${header.migrations.join(', ')}], database [${migrations.join(', ')}]`,
        );
      }
      const nonEmpty = await sql<{ n: number }>`
        select (select count(*) from (select 1 from people limit 1) p)
             + (select count(*) from (select 1 from audit_log limit 1) a) as n`.execute(trx);
      if (Number(nonEmpty.rows[0]?.n ?? 0) > 0) {
        throw new RestoreError(
          'la base cible n’est pas vide (personnes ou journal d’audit) / the target database is not empty (people or audit log)',
        );
      }
      const tables = await catalog(trx);
      const byName = new Map(tables.map((t) => [t.name, t]));
      const missing = header.tables.filter((name) => !byName.has(name));
      if (missing.length > 0)
        throw new RestoreError(`tables absentes / missing tables: ${missing.join(', ')}`);
      // Rows created by a first start (keys, job schedules): the backup's own replace them.
      for (const table of [...tables].reverse()) {
        if (table.name === 'audit_log') continue;
        await sql`delete from ${sql.table(table.name)}`.execute(trx);
      }

      const counts: Record<string, number> = {};
      let total = 0;
      let current: { info: TableInfo; columns: string[] } | null = null;
      let batch: string[] = [];
      let batchChars = 0;
      const flush = async () => {
        if (!current || batch.length === 0) return;
        const cols = sql.join(current.columns.map((c) => sql.ref(c)));
        const table = sql.table(current.info.name);
        await sql`insert into ${table} (${cols}) ${current.info.identityAlways ? sql`overriding system value` : sql``}
          select ${cols} from jsonb_populate_recordset(null::${table}, ${`[${batch.join(',')}]`}::jsonb)`.execute(
          trx,
        );
        counts[current.info.name] = (counts[current.info.name] ?? 0) + batch.length;
        total += batch.length;
        batch = [];
        batchChars = 0;
      };
      const finishTable = async () => {
        if (!current) return;
        await flush();
        options.onProgress?.({ table: current.info.name, rows: counts[current.info.name] ?? 0 });
      };

      let trailer: Record<string, number> | null = null;
      for (let line = await next(); line !== undefined; line = await next()) {
        if (line.startsWith('{')) {
          if (!current) throw new RestoreError('ligne hors table / row outside a table');
          batch.push(line);
          batchChars += line.length;
          // A table whose rows reference each other goes in as one statement: its foreign keys are
          // checked at the end of the statement, whatever the order of the rows.
          if (!current.info.selfReferencing && (batch.length >= INSERT_ROWS || batchChars >= INSERT_CHARS)) {
            await flush();
          }
          continue;
        }
        if (line.trim() === '') continue;
        const marker = JSON.parse(line) as unknown[];
        if (marker[0] === 'table' && typeof marker[1] === 'string' && Array.isArray(marker[2])) {
          await finishTable();
          const info = byName.get(marker[1]);
          if (!info) throw new RestoreError(`table inconnue / unknown table: ${marker[1]}`);
          const columns = (marker[2] as unknown[]).map(String);
          const unknown = columns.filter((c) => !info.columns.includes(c));
          if (unknown.length > 0) {
            throw new RestoreError(
              `colonnes inconnues / unknown columns in ${info.name}: ${unknown.join(', ')}`,
            );
          }
          current = { info, columns };
          counts[info.name] = 0;
        } else if (marker[0] === 'end' && marker[1] && typeof marker[1] === 'object') {
          await finishTable();
          current = null;
          trailer = marker[1] as Record<string, number>;
          break;
        } else {
          throw new RestoreError('ligne illisible dans la sauvegarde / unreadable line in the backup');
        }
      }
      if (!trailer) {
        throw new RestoreError('sauvegarde incomplète (fin absente) / incomplete backup (no end marker)');
      }
      for (const name of header.tables) {
        if ((trailer[name] ?? 0) !== (counts[name] ?? 0)) {
          throw new RestoreError(
            `sauvegarde incohérente / inconsistent backup: ${name} announces ${trailer[name]} rows, holds ${counts[name] ?? 0}`,
          );
        }
      }

      await resetSequences(trx);

      const keyring = new Keyring(options.masterKey);
      try {
        await keyring.load(trx);
      } catch (error) {
        if (error instanceof KeyringError) {
          throw new RestoreError(
            'la clé maîtresse ne déchiffre pas les clés restaurées : utilisez celle de la base sauvegardée / the master key does not open the restored keys: use the backed-up database’s key',
          );
        }
        throw error;
      }
      const chain = await verifyAuditChain(trx, keyring.auditChainKey());
      if (!chain.ok) {
        throw new RestoreError(
          `journal d’audit de la sauvegarde rompu / the backup's audit chain is broken at seq ${chain.firstBroken} (${chain.reason})`,
        );
      }
      const audit = createAuditWriter(() => keyring.auditChainKey());
      await audit.append(trx, {
        actor: null,
        action: 'backup.database.restore',
        meta: { backupCreatedAt: header.createdAt, tables: header.tables.length, rows: total },
      });
      return { tables: header.tables.length, rows: total, counts, createdAt: header.createdAt };
    });
  } finally {
    source.destroy();
    input.destroy();
  }
}

/** Moves every sequence owned by a column past the largest restored value, so new rows get fresh ids. */
async function resetSequences(trx: Executor): Promise<void> {
  const owned = await sql<{ seq: string; tbl: string; col: string }>`
    select s.relname as seq, t.relname as tbl, a.attname as col
    from pg_class s
    join pg_namespace n on n.oid = s.relnamespace
    join pg_depend d on d.objid = s.oid and d.classid = 'pg_class'::regclass
      and d.refclassid = 'pg_class'::regclass and d.deptype in ('a', 'i')
    join pg_class t on t.oid = d.refobjid
    join pg_attribute a on a.attrelid = t.oid and a.attnum = d.refobjsubid
    where s.relkind = 'S' and n.nspname = 'public'`.execute(trx);
  for (const { seq, tbl, col } of owned.rows) {
    await sql`select setval(${`public.${quoteIdent(seq)}`}::regclass,
      coalesce((select max(${sql.ref(col)}) from ${sql.table(tbl)}), 0) + 1, false)`.execute(trx);
  }
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

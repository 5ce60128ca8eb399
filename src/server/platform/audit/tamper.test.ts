import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql, type Transaction } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, testDatabaseUrlFor } from '../../../../test/support/database.js';
import type { AuditAction } from '../../../shared/contracts/audit-actions.js';
import { Keyring } from '../crypto/keyring.js';
import { type Database, openDatabase } from '../db/database.js';
import type { DB } from '../db/schema.js';
import { canonicalJson, chainHash, createAuditWriter, GENESIS_HASH } from './audit.js';
import { verifyAuditChain } from './verify.js';

const FILET = fileURLToPath(new URL('../../../../bin/filet.js', import.meta.url));
const chainKey = randomBytes(32);
const open: Database[] = [];

afterEach(async () => {
  while (open.length > 0) await open.pop()!.close();
});

async function seeded(entries: number): Promise<Database> {
  const database = await createTestDatabase();
  open.push(database);
  await appendEntries(database, () => chainKey, entries);
  return database;
}

async function appendEntries(database: Database, key: () => Buffer, entries: number): Promise<void> {
  const audit = createAuditWriter(key);
  for (let i = 0; i < entries; i++) {
    await database.db.transaction().execute((trx) =>
      audit.append(trx, {
        actor: null,
        action: 'test.event' as AuditAction,
        targetType: 'person',
        meta: { i },
      }),
    );
  }
}

/** What someone with the database owner's rights could do behind the application's back. */
async function asOwner(database: Database, work: (trx: Transaction<DB>) => Promise<void>): Promise<void> {
  await database.db.transaction().execute(async (trx) => {
    await sql`set local session_replication_role = replica`.execute(trx);
    await work(trx);
  });
}

async function row(trx: Transaction<DB>, seq: number) {
  return trx
    .selectFrom('audit_log')
    .select(['entry', 'prev_hash', 'hash'])
    .where('seq', '=', seq)
    .executeTakeFirstOrThrow();
}

describe('the database refuses changes to the audit log', () => {
  it('rejects UPDATE, DELETE and TRUNCATE from the application connection', async () => {
    const database = await seeded(3);
    await expect(
      database.db.updateTable('audit_log').set({ entry: '{}' }).where('seq', '=', 2).execute(),
    ).rejects.toThrow(/append-only/);
    await expect(database.db.deleteFrom('audit_log').where('seq', '=', 2).execute()).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`truncate audit_log`.execute(database.db)).rejects.toThrow(/append-only/);
    expect(await verifyAuditChain(database.db, chainKey)).toEqual({ ok: true, entries: 3 });
  });
});

describe('verifyAuditChain finds tampering done as the database owner', () => {
  it('an edited entry: hash mismatch at its seq', async () => {
    const database = await seeded(10);
    await asOwner(database, async (trx) => {
      const { entry } = await row(trx, 4);
      await trx
        .updateTable('audit_log')
        .set({ entry: entry.replace('"test.event"', '"test.innocent"') })
        .where('seq', '=', 4)
        .execute();
    });
    expect(await verifyAuditChain(database.db, chainKey)).toEqual({
      ok: false,
      entries: 3,
      firstBroken: 4,
      reason: 'hash_mismatch',
    });
  });

  it('a deleted middle entry: missing entry at its seq', async () => {
    const database = await seeded(10);
    await asOwner(database, async (trx) => {
      await trx.deleteFrom('audit_log').where('seq', '=', 6).execute();
    });
    expect(await verifyAuditChain(database.db, chainKey)).toMatchObject({
      ok: false,
      firstBroken: 6,
      reason: 'missing_entry',
    });
  });

  it('a deleted first entry: missing entry 1', async () => {
    const database = await seeded(5);
    await asOwner(database, async (trx) => {
      await trx.deleteFrom('audit_log').where('seq', '=', 1).execute();
    });
    expect(await verifyAuditChain(database.db, chainKey)).toMatchObject({
      ok: false,
      firstBroken: 1,
      reason: 'missing_entry',
    });
  });

  it('two entries swapped: the first of them breaks', async () => {
    const database = await seeded(10);
    await asOwner(database, async (trx) => {
      const a = await row(trx, 5);
      const b = await row(trx, 6);
      await trx.updateTable('audit_log').set({ entry: b.entry }).where('seq', '=', 5).execute();
      await trx.updateTable('audit_log').set({ entry: a.entry }).where('seq', '=', 6).execute();
    });
    expect(await verifyAuditChain(database.db, chainKey)).toMatchObject({
      ok: false,
      firstBroken: 5,
      reason: 'hash_mismatch',
    });
  });

  it('two whole rows swapped (entry and hashes): the link to the previous entry breaks', async () => {
    const database = await seeded(10);
    await asOwner(database, async (trx) => {
      const a = await row(trx, 7);
      const b = await row(trx, 8);
      await trx.updateTable('audit_log').set(b).where('seq', '=', 7).execute();
      await trx.updateTable('audit_log').set(a).where('seq', '=', 8).execute();
    });
    expect(await verifyAuditChain(database.db, chainKey)).toMatchObject({
      ok: false,
      firstBroken: 7,
      reason: 'prev_hash_mismatch',
    });
  });

  it('an entry removed and the rest renumbered and re-hashed with the key: seq mismatch', async () => {
    const database = await seeded(6);
    await asOwner(database, async (trx) => {
      const rows = await trx.selectFrom('audit_log').select(['seq', 'entry']).orderBy('seq').execute();
      await trx.deleteFrom('audit_log').execute();
      let prev = GENESIS_HASH;
      let seq = 0;
      for (const r of rows) {
        if (r.seq === 3) continue;
        seq++;
        const hash = chainHash(chainKey, prev, r.entry);
        await trx.insertInto('audit_log').values({ seq, entry: r.entry, prev_hash: prev, hash }).execute();
        prev = hash;
      }
    });
    expect(await verifyAuditChain(database.db, chainKey)).toMatchObject({
      ok: false,
      firstBroken: 3,
      reason: 'seq_mismatch',
    });
  });

  it('an entry that is not the writer’s JSON, even correctly hashed: unparseable', async () => {
    const database = await seeded(2);
    const prev = (
      await database.db.selectFrom('audit_log').select('hash').where('seq', '=', 2).executeTakeFirstOrThrow()
    ).hash;
    const entry = canonicalJson({ action: 'x', seq: 'three' });
    await database.db
      .insertInto('audit_log')
      .values({ seq: 3, entry, prev_hash: prev, hash: chainHash(chainKey, prev, entry) })
      .execute();
    expect(await verifyAuditChain(database.db, chainKey)).toMatchObject({
      ok: false,
      firstBroken: 3,
      reason: 'unparseable',
    });
  });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runFilet(args: string[], env: Record<string, string>): Promise<Run> {
  const childEnv: Record<string, string | undefined> = {
    ...process.env,
    ...env,
    FILET_MASTER_KEY_FILE: undefined,
  };
  if (!env.DATABASE_URL) delete childEnv.DATABASE_URL;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [FILET, ...args], { env: childEnv as NodeJS.ProcessEnv });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('filet audit verify (the real command, in a child process)', () => {
  it('exits 0 on an intact log and non-zero naming the seq once an entry is deleted', async () => {
    const masterKey = randomBytes(32);
    const env: Record<string, string> = { FILET_MASTER_KEY: masterKey.toString('base64') };
    let dir: string | null = null;
    let reopen: () => Promise<Database>;
    const onPostgres = !!process.env.DATABASE_URL;
    if (onPostgres) {
      const database = await createTestDatabase();
      open.push(database);
      env.DATABASE_URL = testDatabaseUrlFor(database)!;
      reopen = async () => database;
    } else {
      dir = mkdtempSync(path.join(tmpdir(), 'filet-cli-'));
      env.FILET_DATA_DIR = dir;
      const dataDir = dir;
      reopen = () => openDatabase({ databaseUrl: null, dataDir });
    }
    try {
      const migrated = await runFilet(['migrate'], env);
      expect(migrated.stderr).toBe('');
      expect(migrated.code).toBe(0);

      // On PGlite the data folder is locked while open: the test lets go of it before each command.
      const release = async (database: Database) => {
        if (!onPostgres) await database.close();
      };
      let database = await reopen();
      const keyring = new Keyring(masterKey);
      await keyring.load(database.db);
      await appendEntries(database, () => keyring.auditChainKey(), 25);
      await release(database);

      const intact = await runFilet(['audit', 'verify'], env);
      expect(intact.code).toBe(0);
      expect(intact.stdout).toMatch(/intact: 25 /);
      expect(intact.stdout).toMatch(/seq 25 [0-9a-f]{64}/);

      database = await reopen();
      await asOwner(database, async (trx) => {
        await trx.deleteFrom('audit_log').where('seq', '=', 12).execute();
      });
      await release(database);

      const broken = await runFilet(['audit', 'verify'], env);
      expect(broken.code).toBe(1);
      expect(broken.stderr).toMatch(/BROKEN at seq 12: missing_entry/);

      const wrongKey = await runFilet(['audit', 'verify'], {
        ...env,
        FILET_MASTER_KEY: randomBytes(32).toString('base64'),
      });
      expect(wrongKey.code).toBe(1);
      expect(wrongKey.stderr).toMatch(/master key does not match/);

      const usage = await runFilet(['audit', 'verify', '--bogus'], env);
      expect(usage.code).toBe(2);
    } finally {
      if (dir) rmSync(dir, { recursive: true, force: true });
    }
    // Each command starts Node, tsx and (on PGlite) an embedded PostgreSQL from its folder.
  }, 240_000);
});

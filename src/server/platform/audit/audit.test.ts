import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEntries } from '../../../../test/support/audit.js';
import { createTestDatabase } from '../../../../test/support/database.js';
import type { AuditAction } from '../../../shared/contracts/audit-actions.js';
import type { Database } from '../db/database.js';
import { type AuditWriter, canonicalJson, chainHash, createAuditWriter, GENESIS_HASH } from './audit.js';
import { auditHead, seqOfEntry, verifyAuditChain } from './verify.js';

let database: Database;
const chainKey = randomBytes(32);
let audit: AuditWriter;

beforeAll(async () => {
  database = await createTestDatabase();
  audit = createAuditWriter(
    () => chainKey,
    () => new Date('2026-11-22T15:00:00.000Z'),
  );
});
afterAll(async () => {
  await database.close();
});

describe('canonicalJson', () => {
  it('writes the same text whatever the key order, and drops undefined', () => {
    const a = canonicalJson({ b: 1, a: { y: [1, { d: 2, c: 3 }], x: null }, u: undefined });
    const b = canonicalJson({ a: { x: null, y: [1, { c: 3, d: 2 }] }, b: 1 });
    expect(a).toBe(b);
    expect(a).toBe('{"a":{"x":null,"y":[1,{"c":3,"d":2}]},"b":1}');
  });

  it('escapes strings like JSON, so a value cannot fake a key', () => {
    const text = canonicalJson({ meta: { note: '","seq":99,"x":"' }, seq: 7 });
    expect(JSON.parse(text).seq).toBe(7);
    expect(seqOfEntry(text)).toBe(7);
  });
});

describe('AuditWriter.append', () => {
  it('numbers entries from 1 and links each to the previous hash', async () => {
    const first = await database.db
      .transaction()
      .execute((trx) =>
        audit.append(trx, { actor: null, action: 'test.first' as AuditAction, meta: { count: 1 } }),
      );
    const second = await database.db.transaction().execute((trx) =>
      audit.append(trx, {
        actor: null,
        action: 'test.second' as AuditAction,
        targetType: 'person',
        targetId: 'x',
      }),
    );
    expect(second).toBe(first + 1);
    const rows = await database.db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
    expect(rows[0]!.seq).toBe(1);
    expect(rows[0]!.prev_hash).toBe(GENESIS_HASH);
    expect(rows[0]!.hash).toBe(chainHash(chainKey, GENESIS_HASH, rows[0]!.entry));
    expect(rows[1]!.prev_hash).toBe(rows[0]!.hash);
    expect(rows[1]!.action).toBe('test.second');
    expect(rows[1]!.target_type).toBe('person');
    expect(JSON.parse(rows[1]!.entry)).toMatchObject({
      seq: 2,
      action: 'test.second' as AuditAction,
      outcome: 'success',
      meta: {},
    });
    expect(await auditHead(database.db)).toEqual({ seq: 2, hash: rows[1]!.hash });
  });

  it('vanishes with a rolled-back transaction, leaving no gap', async () => {
    await expect(
      database.db.transaction().execute(async (trx) => {
        await audit.append(trx, { actor: null, action: 'test.rolled_back' as AuditAction });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    const seq = await database.db
      .transaction()
      .execute((trx) => audit.append(trx, { actor: null, action: 'test.after' as AuditAction }));
    expect(seq).toBe(3);
    expect(await verifyAuditChain(database.db, chainKey)).toEqual({ ok: true, entries: 3 });
  });

  it('keeps one unbroken chain under 20 concurrent transactions', async () => {
    const before = (await auditHead(database.db))!.seq;
    const seqs = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        database.db.transaction().execute(async (trx) => {
          // Work before the append, so the transactions really overlap on PostgreSQL.
          await sql`select pg_sleep(0.01)`.execute(trx);
          return audit.append(trx, { actor: null, action: 'test.concurrent' as AuditAction, meta: { i } });
        }),
      ),
    );
    expect([...seqs].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => before + i + 1));
    const verdict = await verifyAuditChain(database.db, chainKey);
    expect(verdict).toEqual({ ok: true, entries: before + 20 });
    const indexes = await auditEntries(database.db, { action: 'test.concurrent' as AuditAction });
    expect(new Set(indexes.map((r) => r.entry.meta?.i)).size).toBe(20);
  });

  it('appends a batch in order as one chain, interleaved with single appends', async () => {
    const before = (await auditHead(database.db))!.seq;
    const seqs = await database.db.transaction().execute(async (trx) => {
      await audit.append(trx, { actor: null, action: 'test.single' as AuditAction });
      const batch = await audit.appendMany(
        trx,
        Array.from({ length: 1_203 }, (_, i) => ({
          actor: null,
          action: 'test.batch' as AuditAction,
          meta: { i },
        })),
      );
      expect(await audit.appendMany(trx, [])).toEqual([]);
      return batch;
    });
    expect(seqs).toEqual(Array.from({ length: 1_203 }, (_, i) => before + 2 + i));
    const rows = await auditEntries(database.db, { action: 'test.batch' as AuditAction });
    expect(rows.map((r) => r.entry.meta?.i)).toEqual(Array.from({ length: 1_203 }, (_, i) => i));
    expect(await verifyAuditChain(database.db, chainKey)).toEqual({ ok: true, entries: before + 1_204 });
  });

  it('reports progress page by page and verifies an empty log', async () => {
    const empty = await createTestDatabase();
    try {
      expect(await verifyAuditChain(empty.db, chainKey)).toEqual({ ok: true, entries: 0 });
      expect(await auditHead(empty.db)).toBeNull();
    } finally {
      await empty.close();
    }
    const seen: number[] = [];
    await verifyAuditChain(database.db, chainKey, (checked) => seen.push(checked));
    expect(seen.at(-1)).toBe((await auditHead(database.db))!.seq);
  });

  it('fails verification with another chain key', async () => {
    expect(await verifyAuditChain(database.db, randomBytes(32))).toMatchObject({
      ok: false,
      firstBroken: 1,
      reason: 'hash_mismatch',
    });
  });
});

describe('seqOfEntry', () => {
  it('reads the top-level seq of a canonical entry, not one inside meta', () => {
    const entry = canonicalJson({
      seq: 41,
      at: '2026-01-01T00:00:00.000Z',
      actor: null,
      action: 'a.b',
      targetType: null,
      targetId: null,
      outcome: 'success',
      purpose: null,
      meta: { seq: 5, x: 'y' },
    });
    expect(seqOfEntry(entry)).toBe(41);
    expect(seqOfEntry('{"a":1}')).toBeNull();
    expect(seqOfEntry('{"a":1,"seq":}')).toBeNull();
    expect(seqOfEntry('{"a":1,"seq":12x}')).toBeNull();
  });
});

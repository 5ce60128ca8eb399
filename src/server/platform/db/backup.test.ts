import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastAuditEntry } from '../../../../test/support/audit.js';
import { createTestDatabase } from '../../../../test/support/database.js';
import type { AuditAction } from '../../../shared/contracts/audit-actions.js';
import { createAuditWriter } from '../audit/audit.js';
import { verifyAuditChain } from '../audit/verify.js';
import { Keyring } from '../crypto/keyring.js';
import { type BackupHeader, backupDatabase, RestoreError, restoreDatabase } from './backup.js';
import type { Database } from './database.js';

const master = randomBytes(32);
const dir = mkdtempSync(path.join(tmpdir(), 'filet-backup-'));
const file = path.join(dir, 'filet.jsonl.gz');
let source: Database;
let keyring: Keyring;
let personId: string;
const outboxId = randomUUID();

async function counts(database: Database): Promise<Record<string, number>> {
  const tables = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' and table_name <> 'schema_migrations'
    order by table_name`.execute(database.db);
  const result: Record<string, number> = {};
  for (const { name } of tables.rows) {
    const row = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(name)}`.execute(
      database.db,
    );
    result[name] = Number(row.rows[0]!.n);
  }
  return result;
}

beforeAll(async () => {
  source = await createTestDatabase();
  keyring = new Keyring(master);
  await keyring.load(source.db);
  const audit = createAuditWriter(() => keyring.auditChainKey());
  await source.db.transaction().execute(async (trx) => {
    const organisation = await trx
      .insertInto('organisations')
      .values({
        name: 'Maison des jeunes fictive « L’Escale »',
        type: 'community',
        region: 'Capitale-Nationale',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const person = await trx
      .insertInto('people')
      .values({
        organisation_id: organisation.id,
        given_name: 'Éloïse',
        family_name: 'Fictive-Tremblay',
        email: 'eloise@exemple.test',
        phone: '418 555-0100',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    personId = person.id;
    await trx.insertInto('person_roles').values({ person_id: person.id, role: 'pivot' }).execute();
    await trx
      .insertInto('credentials')
      .values({
        person_id: person.id,
        password_hash: '$argon2id$fictif',
        totp_secret: keyring.encrypt('JBSWY3DPEHPK3PXP', `credentials.totp_secret:${person.id}`),
        totp_last_step: 12_345_678_901,
      })
      .execute();
    await trx
      .insertInto('email_outbox')
      .values({
        id: outboxId,
        to_address: 'eloise@exemple.test',
        subject: 'Invitation',
        kind: 'invitation',
        body: keyring.encrypt(
          'Lien : https://filet.test/i/abc\n« guillemets » "quotes"',
          `email_outbox.body:${outboxId}`,
        ),
      })
      .execute();
    await trx
      .insertInto('settings')
      .values({ key: 'demo.flags', value: JSON.stringify({ nested: { list: [1, 'deux', null] }, é: true }) })
      .execute();
    await trx
      .insertInto('job_queue')
      .values({
        name: 'test.job',
        payload: JSON.stringify({ n: 1 }),
        run_at: new Date('2026-01-02T03:04:05.678Z'),
      })
      .execute();
    await trx
      .insertInto('login_attempts')
      .values([
        { subject: 'a', success: false },
        { subject: 'b', success: true },
      ])
      .execute();
    // Request throttles (unlogged): never written to a backup.
    await trx
      .insertInto('throttle_keys')
      .values({ period_start: new Date('2026-01-02T03:00:00Z'), nonce: 'nonce-fictif-de-l-heure' })
      .execute();
    await trx
      .insertInto('throttle_counters')
      .values({
        bucket: 'POST /api/auth/login',
        subject: 'sujet-fictif',
        window_start: new Date('2026-01-02T03:04:00Z'),
        hits: 2,
        expires_at: new Date('2026-01-02T03:05:00Z'),
      })
      .execute();
    for (let i = 0; i < 30; i++) {
      await audit.append(trx, {
        actor: person.id,
        action: 'test.event' as AuditAction,
        targetType: 'person',
        targetId: person.id,
        meta: { i },
      });
    }
  });
});

afterAll(async () => {
  await source.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('backup and restore', () => {
  it('writes a portable gzip JSON-lines file: header, tables in foreign-key order, rows, end marker', async () => {
    const progress: string[] = [];
    const summary = await backupDatabase(source, file, (p) => {
      progress.push(p.table);
    });
    const lines = gunzipSync(readFileSync(file)).toString('utf8').trimEnd().split('\n');
    const header = JSON.parse(lines[0]!) as BackupHeader;
    expect(header).toMatchObject({ format: 'filet-backup', version: 1, engine: source.engine });
    expect(header.migrations).toContain('0002_audit_and_keys.sql');
    expect(header.tables).not.toContain('schema_migrations');
    expect(header.tables.indexOf('organisations')).toBeLessThan(header.tables.indexOf('people'));
    expect(header.tables.indexOf('people')).toBeLessThan(header.tables.indexOf('credentials'));
    expect(header.tables.indexOf('people')).toBeLessThan(header.tables.indexOf('person_roles'));
    expect(progress).toEqual(header.tables);
    expect(JSON.parse(lines.at(-1)!)).toEqual(['end', summary.counts]);
    expect(summary.counts.audit_log).toBe(30);
    // Generated columns are left out; encrypted values stay ciphertext.
    const auditRow = lines.find((l) => l.startsWith('{') && l.includes('"prev_hash"'))!;
    expect(Object.keys(JSON.parse(auditRow)).sort()).toEqual(['entry', 'hash', 'prev_hash', 'seq']);
    expect(lines.join('\n')).not.toContain('JBSWY3DPEHPK3PXP');
    // No throttle key outlives its hour in a backup.
    expect(header.tables).not.toContain('throttle_keys');
    expect(header.tables).not.toContain('throttle_counters');
    expect(lines.join('\n')).not.toContain('nonce-fictif-de-l-heure');
  });

  it('restores into a fresh empty database: same rows, chain verifies, values decrypt, sequences move on', async () => {
    const target = await createTestDatabase();
    try {
      // A first start on the empty target creates its own keys: the restore replaces them.
      await new Keyring(master).load(target.db);
      const summary = await restoreDatabase(target, file, { masterKey: master });
      const before = await counts(source);
      const throttleRows = before.throttle_keys! + before.throttle_counters!;
      expect(throttleRows).toBe(2);
      expect(summary.rows).toBe(Object.values(before).reduce((a, b) => a + b, 0) - throttleRows);

      const after = await counts(target);
      expect(after).toEqual({
        ...before,
        audit_log: before.audit_log! + 1,
        throttle_keys: 0,
        throttle_counters: 0,
      });

      const restored = new Keyring(master);
      await restored.load(target.db);
      const verdict = await verifyAuditChain(target.db, restored.auditChainKey());
      expect(verdict).toEqual({ ok: true, entries: 31 });
      const last = await lastAuditEntry(target.db);
      expect(last.action).toBe('backup.database.restore');

      const credentials = await target.db.selectFrom('credentials').selectAll().executeTakeFirstOrThrow();
      expect(restored.decrypt(credentials.totp_secret!, `credentials.totp_secret:${personId}`)).toBe(
        'JBSWY3DPEHPK3PXP',
      );
      expect(credentials.totp_last_step).toBe(12_345_678_901);
      const outbox = await target.db.selectFrom('email_outbox').select('body').executeTakeFirstOrThrow();
      expect(restored.decrypt(outbox.body!, `email_outbox.body:${outboxId}`)).toContain(
        '« guillemets » "quotes"',
      );

      const person = await target.db.selectFrom('people').selectAll().executeTakeFirstOrThrow();
      const original = await source.db.selectFrom('people').selectAll().executeTakeFirstOrThrow();
      expect(person).toEqual(original);
      const setting = await target.db.selectFrom('settings').select('value').executeTakeFirstOrThrow();
      expect(setting.value).toEqual({ nested: { list: [1, 'deux', null] }, é: true });
      const job = await target.db
        .selectFrom('job_queue')
        .select(['run_at', 'payload'])
        .executeTakeFirstOrThrow();
      expect(job.run_at.toISOString()).toBe('2026-01-02T03:04:05.678Z');

      // bigserial sequences continue after the restored ids.
      const inserted = await target.db
        .insertInto('login_attempts')
        .values({ subject: 'c', success: true })
        .returning('id')
        .executeTakeFirstOrThrow();
      const maxSource = await source.db
        .selectFrom('login_attempts')
        .select((eb) => eb.fn.max('id').as('m'))
        .executeTakeFirstOrThrow();
      expect(inserted.id).toBeGreaterThan(Number(maxSource.m));

      // A second restore into the now non-empty database is refused and changes nothing.
      const rowsBefore = await counts(target);
      await expect(restoreDatabase(target, file, { masterKey: master })).rejects.toThrow(/not empty/);
      expect(await counts(target)).toEqual(rowsBefore);
    } finally {
      await target.close();
    }
  });

  it('refuses a master key that does not open the restored keys, leaving the target empty', async () => {
    const target = await createTestDatabase();
    try {
      await expect(restoreDatabase(target, file, { masterKey: randomBytes(32) })).rejects.toThrow(
        /master key does not open the restored keys/,
      );
      const after = await counts(target);
      expect(Object.values(after).every((n) => n === 0)).toBe(true);
    } finally {
      await target.close();
    }
  });

  it('refuses a truncated file, another migration list and a file that is not a backup', async () => {
    const target = await createTestDatabase();
    try {
      const lines = gunzipSync(readFileSync(file)).toString('utf8').trimEnd().split('\n');
      const truncated = path.join(dir, 'truncated.gz');
      writeFileSync(truncated, gzipSync(`${lines.slice(0, -1).join('\n')}\n`));
      await expect(restoreDatabase(target, truncated, { masterKey: master })).rejects.toThrow(
        /no end marker/,
      );

      const header = JSON.parse(lines[0]!) as BackupHeader;
      const other = path.join(dir, 'other.gz');
      writeFileSync(
        other,
        gzipSync(
          [
            JSON.stringify({ ...header, migrations: [...header.migrations, '9999_future.sql'] }),
            ...lines.slice(1),
          ].join('\n'),
        ),
      );
      await expect(restoreDatabase(target, other, { masterKey: master })).rejects.toThrow(
        /migrations differ/,
      );

      const junk = path.join(dir, 'junk.gz');
      writeFileSync(junk, gzipSync('hello\n'));
      await expect(restoreDatabase(target, junk, { masterKey: master })).rejects.toThrow(RestoreError);

      const tampered = path.join(dir, 'tampered.gz');
      writeFileSync(
        tampered,
        gzipSync(
          lines
            .map((l) =>
              l.includes('"prev_hash"') && l.includes('\\"i\\":3}')
                ? l.replace('\\"i\\":3}', '\\"i\\":4}')
                : l,
            )
            .join('\n'),
        ),
      );
      await expect(restoreDatabase(target, tampered, { masterKey: master })).rejects.toThrow(
        /audit chain is broken at seq 4/,
      );

      await expect(
        restoreDatabase(target, path.join(dir, 'absent.gz'), { masterKey: master }),
      ).rejects.toThrow(/ENOENT/);
      expect(Object.values(await counts(target)).every((n) => n === 0)).toBe(true);
    } finally {
      await target.close();
    }
  });
});

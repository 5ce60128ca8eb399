import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastAuditEntry } from '../../../../test/support/audit.js';
import { createTestDatabase } from '../../../../test/support/database.js';
import { type AuditWriter, createAuditWriter } from '../audit/audit.js';
import { verifyAuditChain } from '../audit/verify.js';
import type { Database } from '../db/database.js';
import { FileStore } from '../files/file-store.js';
import { Keyring, KeyringError } from './keyring.js';
import { ENCRYPTED_FIELDS, registerEncryptedField, rewrapMasterKey, rotateDataKey } from './rotate.js';

let database: Database;
let keyring: Keyring;
let audit: AuditWriter;
const master = randomBytes(32);

async function addPerson(): Promise<string> {
  const organisation = await database.db
    .insertInto('organisations')
    .values({ name: `Organisme fictif ${randomUUID()}`, type: 'community', region: 'Région fictive' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const person = await database.db
    .insertInto('people')
    .values({
      organisation_id: organisation.id,
      given_name: 'Test',
      family_name: 'Fictif',
      email: `${randomUUID()}@exemple.test`,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await database.db
    .insertInto('credentials')
    .values({
      person_id: person.id,
      password_hash: 'x',
      totp_secret: keyring.encrypt(`TOTP-${person.id}`, `credentials.totp_secret:${person.id}`),
    })
    .execute();
  return person.id;
}

async function addEmail(body: string): Promise<string> {
  const id = randomUUID();
  await database.db
    .insertInto('email_outbox')
    .values({
      id,
      to_address: 'x@exemple.test',
      subject: 's',
      kind: 'test',
      body: keyring.encrypt(body, `email_outbox.body:${id}`),
    })
    .execute();
  return id;
}

beforeAll(async () => {
  database = await createTestDatabase();
  keyring = new Keyring(master);
  await keyring.load(database.db);
  audit = createAuditWriter(() => keyring.auditChainKey());
});
afterAll(async () => {
  await database.close();
});

describe('rotateDataKey', () => {
  it('re-seals every value with the new key, deletes the old key and audits the rotation', async () => {
    const oldKey = keyring.activeKeyId();
    // More than one batch of 500, so the keyset paging is exercised.
    const people: string[] = [];
    for (let i = 0; i < 520; i++) people.push(await addPerson());
    const emails = [await addEmail('Lien d’invitation 1'), await addEmail('Lien d’invitation 2')];
    await database.db
      .insertInto('email_outbox')
      .values({ id: randomUUID(), to_address: 'y@exemple.test', subject: 's', kind: 'sent', body: null })
      .execute();

    const progress: string[] = [];
    const result = await rotateDataKey(database, keyring, audit, (p) => {
      progress.push(`${p.table}:${p.reencrypted}`);
    });

    expect(result.newKeyId).not.toBe(oldKey);
    expect(result.reencrypted).toBe(522);
    expect(result.retiredKeys).toEqual([oldKey]);
    expect(progress).toContain('credentials:500');
    expect(progress).toContain('credentials:520');
    expect(keyring.activeKeyId()).toBe(result.newKeyId);

    const credentials = await database.db
      .selectFrom('credentials')
      .select(['person_id', 'totp_secret'])
      .execute();
    for (const row of credentials) {
      expect(Keyring.keyIdOf(row.totp_secret!)).toBe(result.newKeyId);
      expect(keyring.decrypt(row.totp_secret!, `credentials.totp_secret:${row.person_id}`)).toBe(
        `TOTP-${row.person_id}`,
      );
    }
    const outbox = await database.db
      .selectFrom('email_outbox')
      .select(['id', 'body'])
      .where('id', 'in', emails)
      .orderBy('subject')
      .execute();
    expect(outbox.map((r) => keyring.decrypt(r.body!, `email_outbox.body:${r.id}`)).sort()).toEqual([
      'Lien d’invitation 1',
      'Lien d’invitation 2',
    ]);

    const keys = await database.db
      .selectFrom('encryption_keys')
      .select(['id', 'purpose', 'status'])
      .execute();
    expect(keys.filter((k) => k.purpose === 'data')).toEqual([
      { id: result.newKeyId, purpose: 'data', status: 'active' },
    ]);
    expect(keys.filter((k) => k.purpose === 'audit_chain')).toHaveLength(1);

    const event = await lastAuditEntry(database.db, 'keys.keyring.rotate');
    expect(event.targetId).toBe(result.newKeyId);
    expect(event.entry.meta).toMatchObject({
      reencrypted: 522,
      deletedKeys: [oldKey],
      'credentials.totp_secret': 520,
    });
    expect((await verifyAuditChain(database.db, keyring.auditChainKey())).ok).toBe(true);

    // A second keyring (another process) loading afterwards opens everything too.
    const fresh = new Keyring(master);
    await fresh.load(database.db);
    const one = credentials[0]!;
    expect(fresh.decrypt(one.totp_secret!, `credentials.totp_secret:${one.person_id}`)).toBe(
      `TOTP-${one.person_id}`,
    );
    expect(people).toHaveLength(520);
  });

  it('re-seals restricted file contents and leaves other files byte for byte', async () => {
    const files = new FileStore(keyring);
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(64)]);
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      randomBytes(64),
    ]);
    const saved = await database.db.transaction().execute(async (trx) => ({
      sealed: await files.save(trx, {
        filename: 'piece.pdf',
        content: pdf,
        accept: ['application/pdf'],
        maxBytes: 1024,
        restricted: true,
        createdBy: null,
      }),
      plain: await files.save(trx, {
        filename: 'image.png',
        content: png,
        accept: ['image/png'],
        maxBytes: 1024,
        createdBy: null,
      }),
    }));
    const oldKey = keyring.activeKeyId();
    const result = await rotateDataKey(database, keyring, audit);
    expect(result.retiredKeys).toContain(oldKey);
    const stored = await database.db
      .selectFrom('files')
      .select(['id', 'content'])
      .where('id', 'in', [saved.sealed.id, saved.plain.id])
      .execute();
    const sealed = Buffer.from(stored.find((f) => f.id === saved.sealed.id)!.content).toString('utf8');
    expect(Keyring.keyIdOf(sealed)).toBe(result.newKeyId);
    expect(Buffer.from(stored.find((f) => f.id === saved.plain.id)!.content).equals(png)).toBe(true);
    expect((await files.read(database.db, saved.sealed.id)).content.equals(pdf)).toBe(true);
    expect((await files.read(database.db, saved.plain.id)).content.equals(png)).toBe(true);
  });

  it('keeps a retired key that a value written meanwhile still names, and moves it next time', async () => {
    const before = keyring.activeKeyId();
    // Another process that loaded its keys before the rotation and has not reloaded yet.
    const stale = new Keyring(master);
    await stale.load(database.db);
    const staleId = randomUUID();
    const result = await rotateDataKey(database, keyring, audit, async (p) => {
      if (p.table !== 'email_outbox') return;
      await database.db
        .insertInto('email_outbox')
        .values({
          id: staleId,
          to_address: 'z@exemple.test',
          subject: 's',
          kind: 'test',
          body: stale.encrypt('écrit pendant la rotation', `email_outbox.body:${staleId}`),
        })
        .execute();
    });
    expect(result.retiredKeys).toEqual([]);
    const kept = await database.db
      .selectFrom('encryption_keys')
      .select('status')
      .where('id', '=', before)
      .executeTakeFirst();
    expect(kept?.status).toBe('retired');
    const row = await database.db
      .selectFrom('email_outbox')
      .select('body')
      .where('id', '=', staleId)
      .executeTakeFirstOrThrow();
    expect(Keyring.keyIdOf(row.body!)).toBe(before);
    expect(keyring.decrypt(row.body!, `email_outbox.body:${staleId}`)).toBe('écrit pendant la rotation');

    const again = await rotateDataKey(database, keyring, audit);
    expect(again.retiredKeys.sort()).toEqual([before, result.newKeyId].sort());
    const moved = await database.db
      .selectFrom('email_outbox')
      .select('body')
      .where('id', '=', staleId)
      .executeTakeFirstOrThrow();
    expect(Keyring.keyIdOf(moved.body!)).toBe(again.newKeyId);
    expect(keyring.decrypt(moved.body!, `email_outbox.body:${staleId}`)).toBe('écrit pendant la rotation');
  });

  it('keeps keys retired too recently when asked to (servers that have not reloaded yet)', async () => {
    const before = keyring.activeKeyId();
    const kept = await rotateDataKey(database, keyring, audit, undefined, { retiredForMs: 60 * 60_000 });
    expect(kept.retiredKeys).toEqual([]);
    const next = await rotateDataKey(database, keyring, audit);
    expect(next.retiredKeys.sort()).toEqual([before, kept.newKeyId].sort());
  });

  it('stops on a value that does not open, deleting no key', async () => {
    const id = randomUUID();
    const misplaced = keyring.encrypt('sealed for another row', `email_outbox.body:${randomUUID()}`);
    await database.db
      .insertInto('email_outbox')
      .values({ id, to_address: 'w@exemple.test', subject: 's', kind: 'test', body: misplaced })
      .execute();
    const keysBefore = await database.db.selectFrom('encryption_keys').select('id').execute();
    await expect(rotateDataKey(database, keyring, audit)).rejects.toThrow(KeyringError);
    const keysAfter = await database.db.selectFrom('encryption_keys').select('id').execute();
    expect(keysAfter.length).toBe(keysBefore.length + 1);
    await database.db.deleteFrom('email_outbox').where('id', '=', id).execute();
  });

  it('registers a module field once', () => {
    const field = {
      table: 'credentials',
      idColumn: 'person_id',
      column: 'totp_secret',
      context: (id: string) => id,
    };
    const count = ENCRYPTED_FIELDS.length;
    registerEncryptedField(field);
    expect(ENCRYPTED_FIELDS).toHaveLength(count);
  });
});

describe('rewrapMasterKey', () => {
  it('moves every key under a new master key; the old one no longer opens the database', async () => {
    const someone = await database.db
      .selectFrom('credentials')
      .select(['person_id', 'totp_secret'])
      .executeTakeFirstOrThrow();
    const newMaster = randomBytes(32);
    await expect(rewrapMasterKey(database, randomBytes(32), newMaster)).rejects.toThrow(
      /old master key does not match/,
    );
    const { rewrapped } = await rewrapMasterKey(database, master, newMaster);
    expect(rewrapped).toBe(3);
    await expect(new Keyring(master).load(database.db)).rejects.toThrow(KeyringError);
    const reopened = new Keyring(newMaster);
    await reopened.load(database.db);
    expect(reopened.decrypt(someone.totp_secret!, `credentials.totp_secret:${someone.person_id}`)).toBe(
      `TOTP-${someone.person_id}`,
    );
    expect((await verifyAuditChain(database.db, reopened.auditChainKey())).ok).toBe(true);
  });
});

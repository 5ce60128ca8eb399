import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../test/support/database.js';
import type { Database } from '../db/database.js';
import { Keyring, KeyringError } from './keyring.js';

let database: Database;
const master = randomBytes(32);
let keyring: Keyring;

beforeAll(async () => {
  database = await createTestDatabase();
  keyring = new Keyring(master);
  await keyring.load(database.db);
});
afterAll(async () => {
  await database.close();
});

describe('Keyring', () => {
  it('round-trips a value and names the active key in it', () => {
    const sealed = keyring.encrypt('Élodie, 15 ans — fugue', 'alerts.youth_name:1');
    expect(sealed.startsWith(`v1.${keyring.activeKeyId()}.`)).toBe(true);
    expect(sealed).not.toContain('Élodie');
    expect(Keyring.keyIdOf(sealed)).toBe(keyring.activeKeyId());
    expect(keyring.decrypt(sealed, 'alerts.youth_name:1')).toBe('Élodie, 15 ans — fugue');
  });

  it('uses a fresh IV each time: the same plaintext never seals the same', () => {
    expect(keyring.encrypt('x', 'c:1')).not.toBe(keyring.encrypt('x', 'c:1'));
  });

  it('binds a value to its context: moved to another row or column, it no longer opens', () => {
    const sealed = keyring.encrypt('secret', 'credentials.totp_secret:a');
    expect(() => keyring.decrypt(sealed, 'credentials.totp_secret:b')).toThrow(KeyringError);
    expect(() => keyring.decrypt(sealed, 'email_outbox.body:a')).toThrow(KeyringError);
  });

  it('refuses an altered ciphertext', () => {
    const sealed = keyring.encrypt('secret', 'c:1');
    const [version, keyId, body] = sealed.split('.') as [string, string, string];
    const bytes = Buffer.from(body, 'base64url');
    bytes[14] = (bytes[14] ?? 0) ^ 0x01;
    expect(() => keyring.decrypt(`${version}.${keyId}.${bytes.toString('base64url')}`, 'c:1')).toThrow(
      /failed authentication/,
    );
    expect(() => keyring.decrypt(`${version}.${keyId}.${body.slice(0, 10)}`, 'c:1')).toThrow(KeyringError);
    expect(() => keyring.decrypt('plain text', 'c:1')).toThrow(/not an encrypted value/);
  });

  it('refuses a value naming an unknown key', () => {
    const sealed = keyring.encrypt('secret', 'c:1');
    const forged = sealed.replace(/^v1\.[^.]+\./, 'v1.nokey000.');
    expect(() => keyring.decrypt(forged, 'c:1')).toThrow(/unknown key nokey000/);
    expect(Keyring.keyIdOf('v2.abc.def')).toBeNull();
  });

  it('refuses to load with another master key', async () => {
    const other = new Keyring(randomBytes(32));
    await expect(other.load(database.db)).rejects.toThrow(/master key does not match/);
    expect(() => new Keyring(randomBytes(16))).toThrow(KeyringError);
  });

  it('still opens values of a retired key after a new key becomes active', async () => {
    const before = keyring.encrypt('old value', 'c:2');
    const newId = await keyring.createKey(database.db, 'data');
    await keyring.reload(database.db);
    expect(keyring.activeKeyId()).toBe(newId);
    expect(keyring.decrypt(before, 'c:2')).toBe('old value');
    expect(Keyring.keyIdOf(keyring.encrypt('new', 'c:2'))).toBe(newId);
  });
});

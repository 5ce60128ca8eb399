import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Executor } from '../db/database.js';
import type { KeyPurpose } from './crypto.table.js';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class KeyringError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyringError';
  }
}

function seal(key: Buffer, plaintext: Buffer, aad: string): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]);
}

function open(key: Buffer, sealed: Buffer, aad: string): Buffer {
  if (sealed.length < IV_BYTES + TAG_BYTES) throw new KeyringError('ciphertext too short');
  const iv = sealed.subarray(0, IV_BYTES);
  const tag = sealed.subarray(sealed.length - TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(tag);
  return Buffer.concat([
    decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)),
    decipher.final(),
  ]);
}

interface LoadedKey {
  id: string;
  purpose: KeyPurpose;
  key: Buffer;
  active: boolean;
}

/**
 * Field encryption for restricted data: AES-256-GCM, a fresh IV per value, the key id stored with
 * each value (`v1.<keyId>.<base64url>`), and a context string bound as associated data so a value
 * copied into another row or column no longer decrypts. Data keys live in `encryption_keys`, wrapped
 * by the master key, which stays outside the database.
 */
export class Keyring {
  readonly #master: Buffer;
  #keys = new Map<string, LoadedKey>();
  #activeData: LoadedKey | null = null;
  #auditChain: LoadedKey | null = null;

  constructor(masterKey: Buffer) {
    if (masterKey.length !== 32) throw new KeyringError('the master key must be 32 bytes');
    this.#master = masterKey;
  }

  /**
   * Loads every key and creates the first data key and audit-chain key when the database has none.
   * Throws KeyringError when the master key does not open the stored keys (wrong key for this database).
   */
  async load(db: Executor): Promise<void> {
    await this.#ensure(db, 'data');
    await this.#ensure(db, 'audit_chain');
    await this.reload(db);
  }

  /** Re-reads the keys (after a rotation by another process or command). */
  async reload(db: Executor): Promise<void> {
    const rows = await db.selectFrom('encryption_keys').selectAll().execute();
    const keys = new Map<string, LoadedKey>();
    for (const row of rows) {
      let key: Buffer;
      try {
        key = open(
          this.#master,
          Buffer.from(row.wrapped_key, 'base64url'),
          `filet-key:${row.id}:${row.purpose}`,
        );
      } catch {
        throw new KeyringError(
          'La clé maîtresse ne correspond pas à cette base de données / the master key does not match this database',
        );
      }
      keys.set(row.id, { id: row.id, purpose: row.purpose, key, active: row.status === 'active' });
    }
    this.#keys = keys;
    this.#activeData = [...keys.values()].find((k) => k.purpose === 'data' && k.active) ?? null;
    this.#auditChain = [...keys.values()].find((k) => k.purpose === 'audit_chain' && k.active) ?? null;
    if (!this.#activeData || !this.#auditChain) throw new KeyringError('the keyring has no active key');
  }

  async #ensure(db: Executor, purpose: KeyPurpose): Promise<void> {
    const existing = await db
      .selectFrom('encryption_keys')
      .select('id')
      .where('purpose', '=', purpose)
      .where('status', '=', 'active')
      .executeTakeFirst();
    if (existing) return;
    await this.createKey(db, purpose);
  }

  /** Creates a new active key for `purpose`, retiring the previous active one. Returns its id. */
  async createKey(db: Executor, purpose: KeyPurpose): Promise<string> {
    const id = randomBytes(6).toString('base64url');
    const key = randomBytes(32);
    const wrapped = seal(this.#master, key, `filet-key:${id}:${purpose}`).toString('base64url');
    await db
      .updateTable('encryption_keys')
      .set({ status: 'retired', retired_at: sql<Date>`now()` })
      .where('purpose', '=', purpose)
      .where('status', '=', 'active')
      .execute();
    await db
      .insertInto('encryption_keys')
      .values({ id, purpose, wrapped_key: wrapped, status: 'active' })
      .execute();
    return id;
  }

  /**
   * A secret derived from the master key for one purpose (CSRF tokens, keyed hashes of e-mails and
   * receipts). It never leaves memory and changes only with the master key.
   */
  derive(label: string): Buffer {
    return Buffer.from(hkdfSync('sha256', this.#master, Buffer.alloc(0), `filet:${label}`, 32));
  }

  /** The key of the audit chain's HMAC; kept in the keyring so a master-key change does not break the chain. */
  auditChainKey(): Buffer {
    if (!this.#auditChain) throw new KeyringError('keyring not loaded');
    return this.#auditChain.key;
  }

  activeKeyId(): string {
    if (!this.#activeData) throw new KeyringError('keyring not loaded');
    return this.#activeData.id;
  }

  /** Encrypts `plaintext` for the column/row named by `context` (e.g. `credentials.totp_secret:<id>`). */
  encrypt(plaintext: string, context: string): string {
    const key = this.#activeData;
    if (!key) throw new KeyringError('keyring not loaded');
    const sealed = seal(key.key, Buffer.from(plaintext, 'utf8'), context);
    return `${VERSION}.${key.id}.${sealed.toString('base64url')}`;
  }

  /** Decrypts a value sealed by `encrypt` with the same context; throws KeyringError when it was altered. */
  decrypt(value: string, context: string): string {
    const [version, keyId, body] = value.split('.');
    if (version !== VERSION || !keyId || !body) throw new KeyringError('not an encrypted value');
    const key = this.#keys.get(keyId);
    if (key?.purpose !== 'data') throw new KeyringError(`unknown key ${keyId}`);
    try {
      return open(key.key, Buffer.from(body, 'base64url'), context).toString('utf8');
    } catch {
      throw new KeyringError('encrypted value failed authentication');
    }
  }

  /** The key id a stored value was sealed with, without decrypting it. */
  static keyIdOf(value: string): string | null {
    const [version, keyId] = value.split('.');
    return version === VERSION && keyId ? keyId : null;
  }
}

import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { AuditWriter } from '../audit/audit.js';
import type { Database } from '../db/database.js';
import { Keyring, KeyringError } from './keyring.js';

/** A column holding values sealed by `Keyring.encrypt`, and how its rows name their context. */
export interface EncryptedField {
  table: string;
  idColumn: string;
  column: string;
  context: (id: string) => string;
  /** The column is bytea holding the sealed text as UTF-8 (file contents). */
  bytes?: boolean;
  /** A boolean column: only rows where it is true hold sealed values (restricted files). */
  onlyWhere?: string;
}

/** Every encrypted column of Filet. A module that adds one registers it, or rotation would skip it. */
export const ENCRYPTED_FIELDS: EncryptedField[] = [
  {
    table: 'credentials',
    idColumn: 'person_id',
    column: 'totp_secret',
    context: (id) => `credentials.totp_secret:${id}`,
  },
  { table: 'email_outbox', idColumn: 'id', column: 'body', context: (id) => `email_outbox.body:${id}` },
  // Restricted files (tip attachments, photos of young people) are sealed as text kept in bytea.
  {
    table: 'files',
    idColumn: 'id',
    column: 'content',
    context: (id) => `files.content:${id}`,
    bytes: true,
    onlyWhere: 'restricted',
  },
];

/** The sealed text of a field as SQL (bytea columns converted), and the filter of rows that hold one. */
function sealedValue(field: EncryptedField) {
  const column = sql.ref(field.column);
  return field.bytes ? sql<string>`convert_from(${column}, 'UTF8')` : sql<string>`${column}`;
}

function sealedRows(field: EncryptedField) {
  return field.onlyWhere ? sql`and ${sql.ref(field.onlyWhere)}` : sql``;
}

/** Adds a module's encrypted column to the registry (idempotent: a second call for the same column is ignored). */
export function registerEncryptedField(field: EncryptedField): void {
  if (ENCRYPTED_FIELDS.some((f) => f.table === field.table && f.column === field.column)) return;
  ENCRYPTED_FIELDS.push(field);
}

/** Tells other Filet processes to reload their keyring; they encrypt with the active key they know. */
export const KEYRING_CHANNEL = 'filet_keyring';

const BATCH = 500;

export interface RotationProgress {
  table: string;
  column: string;
  reencrypted: number;
}

/**
 * Rotates the data key: a new active key is created (the previous one retired), every registered
 * column's value sealed with an older key is decrypted and sealed again with the new one, in
 * transactions of 500 rows (a value changed meanwhile is left for the next run rather than
 * overwritten), the rotation is audited (`keys.rotate`), and retired data keys that no stored value
 * names any more are deleted in the same transaction as that audit entry. Throws KeyringError when a
 * value does not decrypt (altered, or sealed for another row): nothing is deleted then.
 *
 * On PostgreSQL, a running server keeps encrypting with the key it loaded until it reloads (it is told
 * through NOTIFY filet_keyring). A value it writes before the check keeps its key referenced; one it
 * wrote after the delete would be lost, so there `retiredForMs` keeps keys retired too recently for
 * every server to have reloaded (the next rotation deletes them).
 */
export async function rotateDataKey(
  database: Database,
  keyring: Keyring,
  audit: AuditWriter,
  onProgress?: (progress: RotationProgress) => void | Promise<void>,
  options: { retiredForMs?: number } = {},
): Promise<{ newKeyId: string; reencrypted: number; retiredKeys: string[] }> {
  const retiredForMs = Math.max(0, Math.floor(options.retiredForMs ?? 0));
  const { db } = database;
  const newKeyId = await db.transaction().execute(async (trx) => {
    const id = await keyring.createKey(trx, 'data');
    await sql`select pg_notify(${KEYRING_CHANNEL}, ${id})`.execute(trx);
    return id;
  });
  await keyring.reload(db);

  let reencrypted = 0;
  const perField: Record<string, number> = {};
  for (const field of ENCRYPTED_FIELDS) {
    const count = await reencryptField(database, keyring, field, newKeyId, (done) =>
      onProgress?.({ table: field.table, column: field.column, reencrypted: done }),
    );
    perField[`${field.table}.${field.column}`] = count;
    reencrypted += count;
  }

  const retiredKeys = await db.transaction().execute(async (trx) => {
    const retired = await trx
      .selectFrom('encryption_keys')
      .select('id')
      .where('purpose', '=', 'data')
      .where('status', '=', 'retired')
      .where('retired_at', '<=', sql<Date>`now() - ${retiredForMs} * interval '1 millisecond'`)
      .execute();
    const referenced = new Set<string>();
    for (const field of ENCRYPTED_FIELDS) {
      // Writers of these tables wait until this transaction ends, so no value can start naming a key
      // between the check and the delete.
      await sql`lock table ${sql.table(field.table)} in share mode`.execute(trx);
      const rows = await sql<{ key_id: string }>`
        select distinct split_part(${sealedValue(field)}, '.', 2) as key_id
        from ${sql.table(field.table)}
        where ${sql.ref(field.column)} is not null ${sealedRows(field)}`.execute(trx);
      for (const row of rows.rows) referenced.add(row.key_id);
    }
    const unused = retired.map((r) => r.id).filter((id) => !referenced.has(id));
    if (unused.length > 0) await trx.deleteFrom('encryption_keys').where('id', 'in', unused).execute();
    await audit.append(trx, {
      actor: null,
      action: 'keys.keyring.rotate',
      targetType: 'encryption_key',
      targetId: newKeyId,
      meta: { reencrypted, ...perField, deletedKeys: unused },
    });
    return unused;
  });
  await keyring.reload(db);
  return { newKeyId, reencrypted, retiredKeys };
}

async function reencryptField(
  database: Database,
  keyring: Keyring,
  field: EncryptedField,
  newKeyId: string,
  onBatch: (done: number) => void | Promise<void>,
): Promise<number> {
  const { db } = database;
  const table = sql.table(field.table);
  const id = sql.ref(field.idColumn);
  const column = sql.ref(field.column);
  const value = sealedValue(field);
  const currentPrefix = `v1.${newKeyId}.`;
  let after: string | null = null;
  let done = 0;
  for (;;) {
    const cursor: string | null = after;
    const batch: { last: string | null; size: number; changed: number } = await db
      .transaction()
      .execute(async (trx) => {
        const rows = await sql<{ id: string; value: string }>`
        select ${id}::text as id, ${value} as value from ${table}
        where ${column} is not null ${sealedRows(field)}
          and left(${value}, ${currentPrefix.length}) <> ${currentPrefix}
          ${cursor === null ? sql`` : sql`and ${id} > ${cursor}`}
        order by ${id}
        limit ${BATCH}
        for update`.execute(trx);
        let changed = 0;
        for (const row of rows.rows) {
          // Not a sealed value (should not happen): leave it for a person to look at rather than guess.
          if (Keyring.keyIdOf(row.value) === null) continue;
          const context = field.context(row.id);
          const resealed = keyring.encrypt(keyring.decrypt(row.value, context), context);
          const result = await sql`
          update ${table} set ${column} = ${field.bytes ? sql`convert_to(${resealed}, 'UTF8')` : resealed}
          where ${id} = ${row.id} and ${value} = ${row.value}`.execute(trx);
          changed += Number(result.numAffectedRows ?? 0n);
        }
        return { last: rows.rows[rows.rows.length - 1]?.id ?? null, size: rows.rows.length, changed };
      });
    done += batch.changed;
    if (batch.size > 0) await onBatch(done);
    if (batch.size < BATCH || batch.last === null) return done;
    after = batch.last;
  }
}

/**
 * Wraps every stored key again under `newMasterKey`, in one transaction: afterwards only the new
 * master key opens the database (the data keys themselves do not change, so no value is re-encrypted
 * and the audit chain stays valid). Throws KeyringError, changing nothing, when `oldMasterKey` does not
 * open every stored key; the new master key is checked by loading a keyring before the commit.
 */
export async function rewrapMasterKey(
  database: Database,
  oldMasterKey: Buffer,
  newMasterKey: Buffer,
): Promise<{ rewrapped: number }> {
  if (oldMasterKey.length !== 32 || newMasterKey.length !== 32) {
    throw new KeyringError('the master key must be 32 bytes');
  }
  return database.db.transaction().execute(async (trx) => {
    await sql`lock table encryption_keys in exclusive mode`.execute(trx);
    const rows = await trx.selectFrom('encryption_keys').select(['id', 'purpose', 'wrapped_key']).execute();
    for (const row of rows) {
      const aad = `filet-key:${row.id}:${row.purpose}`;
      let raw: Buffer;
      try {
        raw = unwrap(oldMasterKey, Buffer.from(row.wrapped_key, 'base64url'), aad);
      } catch {
        throw new KeyringError(
          'L’ancienne clé maîtresse ne correspond pas à cette base / the old master key does not match this database',
        );
      }
      const wrapped = wrap(newMasterKey, raw, aad).toString('base64url');
      await trx
        .updateTable('encryption_keys')
        .set({ wrapped_key: wrapped })
        .where('id', '=', row.id)
        .execute();
    }
    await new Keyring(newMasterKey).reload(trx);
    return { rewrapped: rows.length };
  });
}

// The wrapping format of Keyring (AES-256-GCM, iv | body | tag, the key's id and purpose as associated
// data); a keyring loaded with the new master key before commit proves the two agree.
function wrap(master: Buffer, key: Buffer, aad: string): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', master, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(key), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]);
}

function unwrap(master: Buffer, sealed: Buffer, aad: string): Buffer {
  if (sealed.length < 28) throw new KeyringError('wrapped key too short');
  const decipher = createDecipheriv('aes-256-gcm', master, sealed.subarray(0, 12));
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(sealed.subarray(sealed.length - 16));
  return Buffer.concat([decipher.update(sealed.subarray(12, sealed.length - 16)), decipher.final()]);
}

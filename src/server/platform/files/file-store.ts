import { createHash, randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Keyring } from '../crypto/keyring.js';
import type { Executor } from '../db/database.js';
import type { DB } from '../db/schema.js';
import { Errors } from '../errors.js';
import { type CleanOptions, cleanFile, UncleanableFileError } from './file-cleaner.js';

/** File types Filet accepts, recognised by their content (never by the name or the declared type). */
export type AcceptedType = 'application/pdf' | 'image/png' | 'image/jpeg' | 'image/webp';

const SIGNATURES: Array<{ type: AcceptedType; test: (b: Buffer) => boolean }> = [
  { type: 'application/pdf', test: (b) => b.subarray(0, 5).toString('latin1') === '%PDF-' },
  {
    type: 'image/png',
    test: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  },
  { type: 'image/jpeg', test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  {
    type: 'image/webp',
    test: (b) =>
      b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
  },
];

/** The type of a file from its first bytes, or null when it is none of the accepted ones. */
export function sniffType(content: Buffer): AcceptedType | null {
  return SIGNATURES.find((signature) => signature.test(content))?.type ?? null;
}

export interface StoredFile {
  id: string;
  filename: string;
  mimeType: string;
  sizeBytes: number;
  sha256: string;
  createdAt: Date;
}

function cleanFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? 'fichier';
  // Keep letters (accents included), digits and a few separators; nothing a header or a path could misuse.
  const cleaned = base
    .normalize('NFC')
    .replace(/[^\p{L}\p{N} ._()-]/gu, '_')
    .trim();
  return (cleaned || 'fichier').slice(0, 200);
}

function restrictedContent(restricted: boolean, stored: Buffer, keyring: Keyring, id: string): Buffer {
  return restricted
    ? Buffer.from(keyring.decrypt(stored.toString('utf8'), `files.content:${id}`), 'base64')
    : stored;
}

/**
 * Stores and reads files in the database. The type is taken from the content and checked against what
 * the caller accepts; restricted files are sealed with field encryption bound to the file's id.
 */
export class FileStore {
  constructor(private readonly keyring: Keyring) {}

  /**
   * Checks an upload and removes its metadata (see file-cleaner.ts). Call it before the transaction
   * that saves the file: re-encoding a picture takes longer than a database write should wait. Throws a
   * field error (`field`, default `file`): `required` when empty, `file_too_large` above `maxBytes`
   * (before or after cleaning), `file_type` when the content is not one of `accept`,
   * `file_unreadable` when the file cannot be cleaned (damaged, encrypted, too many pixels).
   */
  async prepare(
    content: Buffer,
    options: CleanOptions & { accept: readonly AcceptedType[]; maxBytes: number; field?: string },
  ): Promise<{ content: Buffer; type: AcceptedType }> {
    const field = options.field ?? 'file';
    if (content.length === 0) throw Errors.field(field, 'required');
    const tooLarge = () =>
      Errors.field(field, 'file_too_large', { max: Math.floor(options.maxBytes / 1024 / 1024) });
    if (content.length > options.maxBytes) throw tooLarge();
    const type = sniffType(content);
    if (!type || !options.accept.includes(type)) throw Errors.field(field, 'file_type');
    let cleaned: Buffer;
    try {
      cleaned = await cleanFile(type, content, options.maxSide ? { maxSide: options.maxSide } : {});
    } catch (error) {
      if (error instanceof UncleanableFileError) throw Errors.field(field, 'file_unreadable');
      throw error;
    }
    if (cleaned.length > options.maxBytes) throw tooLarge();
    return { content: cleaned, type };
  }

  /**
   * Saves a file inside `trx`. Throws a field error (`file`): `file_type` when the content is not one
   * of `accept`, `file_too_large` above `maxBytes`, `required` when empty.
   */
  async save(
    trx: Transaction<DB>,
    input: {
      filename: string;
      content: Buffer;
      accept: readonly AcceptedType[];
      maxBytes: number;
      restricted?: boolean;
      createdBy: string | null;
      field?: string;
      /** When the file is recorded; public intake passes a rounded time so it cannot date a tip. */
      createdAt?: Date;
    },
  ): Promise<StoredFile> {
    const field = input.field ?? 'file';
    if (input.content.length === 0) throw Errors.field(field, 'required');
    if (input.content.length > input.maxBytes) {
      throw Errors.field(field, 'file_too_large', { max: Math.floor(input.maxBytes / 1024 / 1024) });
    }
    const type = sniffType(input.content);
    if (!type || !input.accept.includes(type)) throw Errors.field(field, 'file_type');
    const id = randomUUID();
    const sha256 = createHash('sha256').update(input.content).digest('hex');
    const restricted = input.restricted ?? false;
    const content = restricted
      ? Buffer.from(this.keyring.encrypt(input.content.toString('base64'), `files.content:${id}`), 'utf8')
      : input.content;
    const filename = cleanFilename(input.filename);
    const row = await trx
      .insertInto('files')
      .values({
        id,
        filename,
        mime_type: type,
        size_bytes: input.content.length,
        sha256,
        restricted,
        content,
        created_by: input.createdBy,
        ...(input.createdAt ? { created_at: input.createdAt } : {}),
      })
      .returning('created_at')
      .executeTakeFirstOrThrow();
    return {
      id,
      filename,
      mimeType: type,
      sizeBytes: input.content.length,
      sha256,
      createdAt: row.created_at,
    };
  }

  /** Reads a file's bytes (decrypted when restricted). Authorization is the calling module's job. */
  async read(db: Executor, id: string): Promise<StoredFile & { content: Buffer }> {
    const row = await db.selectFrom('files').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw Errors.notFound();
    // PGlite returns bytea as a Uint8Array, PostgreSQL as a Buffer: make it a Buffer either way.
    const stored = Buffer.from(row.content);
    const content = restrictedContent(row.restricted, stored, this.keyring, id);
    return {
      id: row.id,
      filename: row.filename,
      mimeType: row.mime_type,
      sizeBytes: row.size_bytes,
      sha256: row.sha256,
      createdAt: row.created_at,
      content,
    };
  }

  /** Destroys a file (retention, replaced document). */
  async remove(trx: Transaction<DB>, id: string): Promise<void> {
    await trx.deleteFrom('files').where('id', '=', id).execute();
  }
}

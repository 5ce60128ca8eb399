// Finding the people an organisation follows by name while their names stay sealed: a blind index.
// Each record keeps keyed hashes of the prefixes of its folded name words; a search hashes the words
// typed the same way and asks PostgreSQL for the records holding all of them (a GIN index), then opens
// only those to check the words for real. The key is derived from the master key and mixed with the
// organisation, so equal names in two organisations give unrelated hashes.

import { createHmac } from 'node:crypto';
import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.js';
import type { Platform } from '../../platform/platform.js';
import type { SubjectIdentity } from './subjects.service.js';

/** Prefixes longer than this are indexed at this length; the check after opening sees the whole word. */
const PREFIX_MAX = 12;
/** Records indexed again per round when a search finds some not indexed with the current key. */
const REINDEX_BATCH = 500;

/** Lower case without accents. */
export function fold(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .trim();
}

/** The words of a name or of a search, folded. */
export function nameWords(value: string): string[] {
  return fold(value)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '');
}

/** Whether every word searched begins a word of the name. */
export function nameMatches(name: string, searched: readonly string[]): boolean {
  const words = nameWords(name);
  return searched.every((s) => words.some((w) => w.startsWith(s)));
}

function indexKey(platform: Platform): Buffer {
  return platform.keyring.derive('referral-subject-name-index');
}

/** The fingerprint of the current index key, stored with each record's hashes. */
export function indexKeyFingerprint(platform: Platform): string {
  return createHmac('sha256', indexKey(platform)).update('fingerprint').digest('base64url').slice(0, 12);
}

function hashPrefix(key: Buffer, organisationId: string, prefix: string): string {
  return createHmac('sha256', key)
    .update(`${organisationId}\u0000${prefix}`)
    .digest('base64url')
    .slice(0, 11);
}

/** The index entries of a person's names (given, family and preferred). */
export function nameIndex(platform: Platform, organisationId: string, identity: SubjectIdentity): string[] {
  const key = indexKey(platform);
  const entries = new Set<string>();
  const names = [identity.givenName, identity.familyName, identity.preferredName].filter(Boolean).join(' ');
  for (const word of nameWords(names)) {
    for (let length = 1; length <= Math.min(word.length, PREFIX_MAX); length++)
      entries.add(hashPrefix(key, organisationId, word.slice(0, length)));
  }
  return [...entries].sort();
}

/** The entries a record must hold to match the words searched. */
export function searchEntries(
  platform: Platform,
  organisationId: string,
  searched: readonly string[],
): string[] {
  const key = indexKey(platform);
  return [...new Set(searched.map((word) => hashPrefix(key, organisationId, word.slice(0, PREFIX_MAX))))];
}

/**
 * Indexes again the organisation's records made with another key (or before the index existed). Each
 * write is conditional on the version read, so a record changed meanwhile keeps the index its change
 * wrote.
 */
export async function reindexStale(
  platform: Platform,
  organisationId: string,
  open: (row: { id: string; sealed_identity: string }) => SubjectIdentity,
): Promise<number> {
  const fingerprint = indexKeyFingerprint(platform);
  let done = 0;
  for (;;) {
    const rows = await platform.db
      .selectFrom('referral_subjects')
      .select(['id', 'sealed_identity', 'version'])
      .where('organisation_id', '=', organisationId)
      .where('purged_at', 'is', null)
      .where(sql<boolean>`name_index_key is distinct from ${fingerprint}`)
      .limit(REINDEX_BATCH)
      .execute();
    if (rows.length === 0) return done;
    await platform.db.transaction().execute(async (trx) => {
      for (const row of rows)
        await writeIndex(
          trx,
          row.id,
          row.version,
          nameIndex(platform, organisationId, open(row)),
          fingerprint,
        );
    });
    done += rows.length;
    // A record changed between the read and the write keeps its own (current) index; stop rather than
    // read it again forever if its version keeps moving.
    if (rows.length < REINDEX_BATCH) return done;
  }
}

async function writeIndex(db: Executor, id: string, version: number, entries: string[], fingerprint: string) {
  await db
    .updateTable('referral_subjects')
    .set({ name_index: entries, name_index_key: fingerprint })
    .where('id', '=', id)
    .where('version', '=', version)
    .execute();
}

import { createHmac } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { GENESIS_HASH } from './audit.js';

export type ChainBreak =
  | 'hash_mismatch'
  | 'prev_hash_mismatch'
  | 'missing_entry'
  | 'seq_mismatch'
  | 'unparseable';

export type ChainVerdict =
  | { ok: true; entries: number }
  | { ok: false; entries: number; firstBroken: number; reason: ChainBreak };

const PAGE = 20_000;
const SEQ_KEY = ',"seq":';

/**
 * The seq written inside an entry, read without JSON.parse. The writer's canonical JSON sorts keys, so
 * the top-level seq comes after `meta` and before `targetId`/`targetType`, which are strings or null:
 * the last `,"seq":` of the text is therefore the top-level one (a quote inside a JSON string is
 * escaped, so no string value can fake it). Only trusted once the entry's HMAC has matched.
 */
export function seqOfEntry(entry: string): number | null {
  const at = entry.lastIndexOf(SEQ_KEY);
  if (at < 0) return null;
  let n = 0;
  let i = at + SEQ_KEY.length;
  const start = i;
  for (; i < entry.length; i++) {
    const c = entry.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    n = n * 10 + c;
  }
  if (i === start || i - start > 15) return null;
  const next = entry.charCodeAt(i);
  // 44 ',' or 125 '}': the number ended where the canonical form says it must.
  return next === 44 || next === 125 ? n : null;
}

/**
 * Walks the whole audit log in seq order and checks every link: seqs gapless from 1 (a gap is a
 * removed entry), each prev_hash equal to the previous hash (the first one to GENESIS_HASH), each hash
 * equal to HMAC(chain key, prev_hash \n entry), and the seq written inside each entry equal to its
 * row's seq (an entry moved to another row). Stops at the first break and names its seq. Reads in
 * keyset pages, never inside one long transaction, so it can run beside a live server.
 * Truncation of the newest entries leaves a valid shorter chain: compare with a head recorded
 * elsewhere (`auditHead`) to detect it.
 */
export async function verifyAuditChain(
  db: Kysely<DB>,
  chainKey: Buffer,
  onProgress?: (checked: number) => void,
): Promise<ChainVerdict> {
  const page = (after: number) =>
    db
      .selectFrom('audit_log')
      .select(['seq', 'entry', 'prev_hash', 'hash'])
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(PAGE)
      .execute();
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let checked = 0;
  let pending = page(0);
  for (;;) {
    const rows = await pending;
    const last = rows[rows.length - 1];
    // The next page is fetched while this one is hashed: the database works while JavaScript hashes.
    if (last && rows.length === PAGE) pending = page(Number(last.seq));
    for (const row of rows) {
      const seq = Number(row.seq);
      if (seq !== expectedSeq) return broken(pending, checked, expectedSeq, 'missing_entry');
      if (row.prev_hash !== prevHash) return broken(pending, checked, seq, 'prev_hash_mismatch');
      const hash = createHmac('sha256', chainKey)
        .update(row.prev_hash)
        .update('\n')
        .update(row.entry)
        .digest('hex');
      if (hash !== row.hash) return broken(pending, checked, seq, 'hash_mismatch');
      const inner = seqOfEntry(row.entry);
      if (inner === null) return broken(pending, checked, seq, 'unparseable');
      if (inner !== seq) return broken(pending, checked, seq, 'seq_mismatch');
      prevHash = row.hash;
      expectedSeq++;
      checked++;
    }
    if (rows.length > 0) onProgress?.(checked);
    if (rows.length < PAGE) return { ok: true, entries: checked };
  }
}

async function broken(
  pending: Promise<unknown>,
  entries: number,
  firstBroken: number,
  reason: ChainBreak,
): Promise<ChainVerdict> {
  // Settle the prefetch so no query outlives the call (PGlite's only connection, a pool client).
  await pending.catch(() => {});
  return { ok: false, entries, firstBroken, reason };
}

/** The newest entry's seq and hash, or null for an empty log. Recording it elsewhere detects truncation. */
export async function auditHead(db: Kysely<DB>): Promise<{ seq: number; hash: string } | null> {
  const row = await db
    .selectFrom('audit_log')
    .select(['seq', 'hash'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? { seq: Number(row.seq), hash: row.hash } : null;
}

import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { canonicalJson, chainHash, GENESIS_HASH } from '../src/server/platform/audit/audit.js';
import { verifyAuditChain } from '../src/server/platform/audit/verify.js';
import type { Database } from '../src/server/platform/db/database.js';

const CHUNK = 5_000;

/**
 * Fills an empty audit log with `entries` realistic events (chain computed here, inserted in bulk
 * with unnest), then times one full `verifyAuditChain`. The chain key is random: the figures measure
 * the walk, not the keyring. Throws when the log already holds entries.
 */
export async function benchAuditVerify(
  database: Database,
  entries: number,
): Promise<{ entries: number; seconds: number; perSecond: number }> {
  const { db } = database;
  const existing = await db.selectFrom('audit_log').select('seq').limit(1).executeTakeFirst();
  if (existing) throw new Error('benchAuditVerify needs an empty audit log');
  const key = randomBytes(32);
  const actors = Array.from({ length: 50 }, () => randomUUID());
  const actions = [
    'auth.session.sign_in',
    'person.read',
    'alert.read',
    'tip.triage',
    'referral.update',
    'audit.log.search',
  ];
  let prevHash = GENESIS_HASH;
  const start = new Date('2025-01-01T00:00:00Z').getTime();
  for (let from = 1; from <= entries; from += CHUNK) {
    const seqs: number[] = [];
    const texts: string[] = [];
    const prevs: string[] = [];
    const hashes: string[] = [];
    for (let seq = from; seq < from + CHUNK && seq <= entries; seq++) {
      const entry = canonicalJson({
        seq,
        at: new Date(start + seq * 1000).toISOString(),
        actor: actors[seq % actors.length],
        action: actions[seq % actions.length],
        targetType: 'person',
        targetId: actors[(seq * 7) % actors.length],
        outcome: 'success',
        purpose: seq % 3 === 0 ? 'follow_up' : null,
        meta: { fields: ['email', 'phone'], count: seq % 17 },
      });
      const hash = chainHash(key, prevHash, entry);
      seqs.push(seq);
      texts.push(entry);
      prevs.push(prevHash);
      hashes.push(hash);
      prevHash = hash;
    }
    await sql`
      insert into audit_log (seq, entry, prev_hash, hash)
      select * from unnest(${seqs}::bigint[], ${texts}::text[], ${prevs}::text[], ${hashes}::text[])`.execute(
      db,
    );
  }
  // A log that has been in service is vacuumed and its visibility hints set: measure that, not the
  // one-off cost of the first read after a bulk load.
  await sql`vacuum analyze audit_log`.execute(db);
  const t0 = process.hrtime.bigint();
  const verdict = await verifyAuditChain(db, key);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (!verdict.ok || verdict.entries !== entries)
    throw new Error(`bench chain did not verify: ${JSON.stringify(verdict)}`);
  return { entries, seconds, perSecond: Math.round(entries / seconds) };
}

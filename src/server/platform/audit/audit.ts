import { createHmac } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { AuditAction } from '../../../shared/contracts/audit-actions.js';
import type { DB } from '../db/schema.js';

export const GENESIS_HASH = '0'.repeat(64);

export type AuditOutcome = 'success' | 'failure' | 'denied';

/** One event. Never put restricted content (names of young people, tip text, secrets) in `meta`. */
export interface AuditEvent {
  /** Person who acted; null for the public or the system. */
  actor: string | null;
  /** `module.noun.verb`, from the catalogue (src/shared/contracts/audit-actions.ts). */
  action: AuditAction;
  targetType?: string | null;
  targetId?: string | null;
  outcome?: AuditOutcome;
  /** Why restricted data was read; required by reads of restricted records. */
  purpose?: string | null;
  /** Small, non-identifying facts: changed field names, counts, codes. */
  meta?: Record<string, string | number | boolean | null | string[]>;
}

/** Canonical JSON: keys sorted at every level, so the same event always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function chainHash(key: Buffer, prevHash: string, entry: string): string {
  return createHmac('sha256', key).update(prevHash).update('\n').update(entry).digest('hex');
}

// Any constant identifies the audit append lock; two transactions appending at once wait in turn.
const AUDIT_LOCK = 7_461_202_611;

export interface AuditWriter {
  /**
   * Appends an event inside the caller's transaction, so the event and the change commit or vanish
   * together. Appends are serialised by a transaction-scoped advisory lock, so concurrent writers
   * cannot fork the chain. Call it last in a transaction to hold the lock briefly.
   */
  append(trx: Transaction<DB>, event: AuditEvent): Promise<number>;
  /**
   * Appends several events in order inside the caller's transaction, with one lock, one read of the
   * chain's head and one insert: the same chain as calling `append` for each, for the batches a
   * module writes at once (a wait list placed in bulk). Returns their sequence numbers.
   */
  appendMany(trx: Transaction<DB>, events: AuditEvent[]): Promise<number[]>;
}

export function createAuditWriter(chainKey: () => Buffer, now: () => Date = () => new Date()): AuditWriter {
  async function appendAll(trx: Transaction<DB>, events: AuditEvent[]): Promise<number[]> {
    if (events.length === 0) return [];
    await sql`select pg_advisory_xact_lock(${AUDIT_LOCK})`.execute(trx);
    const last = await trx
      .selectFrom('audit_log')
      .select(['seq', 'hash'])
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    let seq = last?.seq ?? 0;
    let prevHash = last?.hash ?? GENESIS_HASH;
    const at = now().toISOString();
    const key = chainKey();
    const rows = events.map((event) => {
      seq += 1;
      const entry = canonicalJson({
        seq,
        at,
        actor: event.actor,
        action: event.action,
        targetType: event.targetType ?? null,
        targetId: event.targetId ?? null,
        outcome: event.outcome ?? 'success',
        purpose: event.purpose ?? null,
        meta: event.meta ?? {},
      });
      const hash = chainHash(key, prevHash, entry);
      const row = { seq, entry, prev_hash: prevHash, hash };
      prevHash = hash;
      return row;
    });
    // Bounded statements: a very large batch is inserted in slices, still inside the one transaction.
    for (let start = 0; start < rows.length; start += 1000) {
      await trx
        .insertInto('audit_log')
        .values(rows.slice(start, start + 1000))
        .execute();
    }
    return rows.map((row) => row.seq);
  }
  return {
    async append(trx, event) {
      const [seq] = await appendAll(trx, [event]);
      return seq!;
    },
    appendMany: appendAll,
  };
}

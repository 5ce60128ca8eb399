/**
 * Reading the audit log in tests: what was written since a point, the entries of an action, of a
 * target or of an actor, the last entry, a count. Each row comes with its entry parsed and as written,
 * so a test can check a field or that something (an address, a content) never appears in it.
 */
import type { Executor } from '../../src/server/platform/db/database.js';

/** An audit entry as the writer serialised it. */
export interface AuditEntry {
  actor: string | null;
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  outcome?: string;
  purpose?: string | null;
  meta?: Record<string, unknown>;
  [field: string]: unknown;
}

export interface AuditRow {
  seq: number;
  action: string;
  actorId: string | null;
  targetType: string | null;
  targetId: string | null;
  outcome: string;
  /** The entry parsed. */
  entry: AuditEntry;
  /** The entry as stored (JSON text). */
  raw: string;
}

/** Which entries to read; every field given must match. */
export interface AuditFilter {
  action?: string;
  /** The start of the action, e.g. `retention.` */
  actionPrefix?: string;
  targetId?: string;
  actorId?: string;
  /** Only entries after this sequence number (see `auditMark`). */
  after?: number;
}

function filtered(db: Executor, filter: AuditFilter) {
  let q = db.selectFrom('audit_log');
  if (filter.action !== undefined) q = q.where('action', '=', filter.action);
  if (filter.actionPrefix !== undefined) q = q.where('action', 'like', `${filter.actionPrefix}%`);
  if (filter.targetId !== undefined) q = q.where('target_id', '=', filter.targetId);
  if (filter.actorId !== undefined) q = q.where('actor_id', '=', filter.actorId);
  if (filter.after !== undefined) q = q.where('seq', '>', filter.after);
  return q;
}

const COLUMNS = ['seq', 'action', 'actor_id', 'target_type', 'target_id', 'outcome', 'entry'] as const;

function toRow(r: {
  seq: number;
  action: string;
  actor_id: string | null;
  target_type: string | null;
  target_id: string | null;
  outcome: string;
  entry: string;
}): AuditRow {
  return {
    seq: r.seq,
    action: r.action,
    actorId: r.actor_id,
    targetType: r.target_type,
    targetId: r.target_id,
    outcome: r.outcome,
    entry: JSON.parse(r.entry) as AuditEntry,
    raw: r.entry,
  };
}

/** The sequence number of the last entry (0 for an empty log): a point to read new entries from. */
export async function auditMark(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('audit_log')
    .select(({ fn }) => fn.max('seq').as('seq'))
    .executeTakeFirstOrThrow();
  return Number(row.seq ?? 0);
}

/** The entries matching `filter`, oldest first. */
export async function auditEntries(db: Executor, filter: AuditFilter = {}): Promise<AuditRow[]> {
  const rows = await filtered(db, filter).select(COLUMNS).orderBy('seq').execute();
  return rows.map(toRow);
}

/** The entries written after `mark` (from `auditMark`), oldest first. */
export function auditSince(db: Executor, mark: number): Promise<AuditRow[]> {
  return auditEntries(db, { after: mark });
}

/** The newest entry matching `filter` (an action name, or any entry); throws when there is none. */
export async function lastAuditEntry(db: Executor, filter: AuditFilter | string = {}): Promise<AuditRow> {
  const row = await filtered(db, typeof filter === 'string' ? { action: filter } : filter)
    .select(COLUMNS)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) throw new Error('no audit entry matches');
  return toRow(row);
}

/** How many entries match `filter`. */
export async function auditCount(db: Executor, filter: AuditFilter = {}): Promise<number> {
  const row = await filtered(db, filter)
    .select(({ fn }) => fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

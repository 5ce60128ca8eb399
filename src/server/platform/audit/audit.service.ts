import type { SelectQueryBuilder } from 'kysely';
import { currentAuditAction, recordedNamesFor } from '../../../shared/contracts/audit-actions.js';
import type { Locale } from '../../../shared/roles.js';
import { localDateTime, nextDay, zonedMidnightUtc } from '../../../shared/time-zone.js';
import type { Actor } from '../authz/actor.js';
import { type Executor, inTransaction } from '../db/database.js';
import type { DB } from '../db/schema.js';
import { csvCell } from '../http/csv.js';
import { t } from '../i18n/i18n.js';
import type { Platform } from '../platform.js';
import type { AuditFilters, AuditItem } from './audit.schemas.js';

const PAGE_SIZE = 50;
export const EXPORT_MAX = 100_000;
const EXPORT_PAGE = 5_000;

const CSV_COLUMNS = [
  'seq',
  'at',
  'actorId',
  'actorName',
  'action',
  'targetType',
  'targetId',
  'outcome',
  'purpose',
  'meta',
] as const;

/**
 * The audit journal for administrators and privacy officers: search (newest first, by keyset on seq)
 * and CSV export. Each search and export is itself written to the journal, with its filters and the
 * number of entries it disclosed, before the answer leaves.
 */
/** One page of the journal, newest first; the search is audited in the same transaction. */
export async function searchAudit(
  platform: Platform,
  actor: Actor,
  filters: AuditFilters,
  cursor: number | null,
): Promise<{ items: AuditItem[]; nextCursor: number | null }> {
  return inTransaction(platform.db, async (trx) => {
    let query = filteredEntries(trx, filters, platform.config.timeZone);
    if (cursor !== null) query = query.where('seq', '<', cursor);
    const rows = await query.limit(PAGE_SIZE + 1).execute();
    const page = rows.slice(0, PAGE_SIZE);
    const items = await present(trx, page);
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'audit.log.search',
      meta: { ...describeFilters(filters), ...(cursor !== null ? { cursor } : {}), count: items.length },
    });
    return { items, nextCursor: rows.length > PAGE_SIZE ? (page[page.length - 1]?.seq ?? null) : null };
  });
}

/**
 * Audits the export (with the exact number of entries it will hold) before any row leaves, then
 * returns the CSV text page by page. The export is bounded by the journal's head at that moment, so
 * the count written in the journal is the count sent.
 */
export async function exportAudit(
  platform: Platform,
  actor: Actor,
  filters: AuditFilters,
  locale: Locale,
): Promise<AsyncGenerator<string>> {
  const timeZone = platform.config.timeZone;
  const { bound, count } = await inTransaction(platform.db, async (trx) => {
    const head = await trx
      .selectFrom('audit_log')
      .select('seq')
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    const bound = (head?.seq ?? 0) + 1;
    const matching = withFilters(trx.selectFrom('audit_log').select('seq'), filters, timeZone)
      .where('seq', '<', bound)
      .limit(EXPORT_MAX)
      .as('matching');
    const counted = await trx
      .selectFrom(matching)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const count = Number(counted.n);
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'audit.log.export',
      meta: { ...describeFilters(filters), count },
    });
    return { bound, count };
  });

  async function* csv(): AsyncGenerator<string> {
    // A BOM so spreadsheet software opens the accents as UTF-8.
    yield `\uFEFF${CSV_COLUMNS.map((column) => csvCell(t(locale, `audit.csv.${column}`))).join(',')}\r\n`;
    let before = bound;
    let sent = 0;
    while (sent < count) {
      const rows = await filteredEntries(platform.db, filters, timeZone)
        .where('seq', '<', before)
        .limit(Math.min(EXPORT_PAGE, count - sent))
        .execute();
      if (rows.length === 0) return;
      // The export is the journal's record: each action under the name its entry was written with.
      const items = await present(platform.db, rows, { recordedNames: true });
      let chunk = '';
      for (const item of items) {
        chunk += `${[
          item.seq,
          localDateTime(item.at, timeZone),
          item.actorId,
          item.actorName,
          item.action,
          item.targetType,
          item.targetId,
          item.outcome,
          item.purpose,
          Object.keys(item.meta).length > 0 ? JSON.stringify(item.meta) : '',
        ]
          .map(csvCell)
          .join(',')}\r\n`;
      }
      yield chunk;
      sent += rows.length;
      before = rows[rows.length - 1]!.seq;
    }
  }
  return csv();
}

function filteredEntries(db: Executor, filters: AuditFilters, timeZone: string) {
  return withFilters(db.selectFrom('audit_log').select(['seq', 'entry']), filters, timeZone).orderBy(
    'seq',
    'desc',
  );
}

function withFilters<O>(
  query: SelectQueryBuilder<DB, 'audit_log', O>,
  filters: AuditFilters,
  timeZone: string,
): SelectQueryBuilder<DB, 'audit_log', O> {
  let q = query;
  if (filters.actorId) q = q.where('actor_id', '=', filters.actorId);
  if (filters.targetType) q = q.where('target_type', '=', filters.targetType);
  if (filters.targetId) q = q.where('target_id', '=', filters.targetId);
  // The schema allows only [a-z0-9_.]: `_` is the one LIKE wildcard left to escape.
  // Entries keep the name they were written with: an action of today also finds its older names.
  if (filters.action) {
    const prefix = filters.action;
    const older = recordedNamesFor(prefix);
    q = q.where((eb) =>
      eb.or([
        eb('action', 'like', `${prefix.replace(/_/g, '\\_')}%`),
        ...(older.length > 0 ? [eb('action', 'in', older)] : []),
      ]),
    );
  }
  // `at_utc` holds toISOString() text: fixed width, so text order is time order.
  if (filters.from) q = q.where('at_utc', '>=', zonedMidnightUtc(filters.from, timeZone).toISOString());
  if (filters.to) q = q.where('at_utc', '<', zonedMidnightUtc(nextDay(filters.to), timeZone).toISOString());
  return q;
}

interface StoredEntry {
  at: string;
  actor: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  outcome: string;
  purpose: string | null;
  meta: Record<string, string | number | boolean | null | string[]>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Entries as the API shows them (actions under today's names unless `recordedNames`), with actors' names. */
async function present(
  db: Executor,
  rows: Array<{ seq: number; entry: string }>,
  options: { recordedNames?: boolean } = {},
): Promise<AuditItem[]> {
  const parsed = rows.map((row) => ({ seq: Number(row.seq), entry: JSON.parse(row.entry) as StoredEntry }));
  const actorIds = [
    ...new Set(parsed.map((p) => p.entry.actor).filter((id): id is string => !!id && UUID.test(id))),
  ];
  const names = new Map<string, string>();
  if (actorIds.length > 0) {
    const people = await db
      .selectFrom('people')
      .select(['id', 'given_name', 'family_name'])
      .where('id', 'in', actorIds)
      .execute();
    for (const person of people) names.set(person.id, `${person.given_name} ${person.family_name}`);
  }
  return parsed.map(({ seq, entry }) => ({
    seq,
    at: entry.at,
    actorId: entry.actor ?? null,
    actorName: entry.actor ? (names.get(entry.actor) ?? null) : null,
    action: options.recordedNames ? entry.action : currentAuditAction(entry.action),
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    outcome: entry.outcome,
    purpose: entry.purpose ?? null,
    meta: entry.meta ?? {},
  }));
}

function describeFilters(filters: AuditFilters): Record<string, string> {
  const described: Record<string, string> = {};
  for (const [key, value] of Object.entries(filters)) {
    if (typeof value === 'string' && value !== '') described[key] = value.slice(0, 80);
  }
  return described;
}

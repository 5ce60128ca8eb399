import { Readable } from 'node:stream';
import { type FastifyPluginAsyncTypebox, type Static, Type } from '@fastify/type-provider-typebox';
import type { SelectQueryBuilder } from 'kysely';
import type { Locale } from '../../../shared/roles.js';
import type { Actor } from '../authz/actor.js';
import { type Executor, inTransaction } from '../db/database.js';
import type { DB } from '../db/schema.js';
import { ErrorResponse, Nullable } from '../http/schemas.js';
import { t } from '../i18n/i18n.js';
import type { Platform } from '../platform.js';

const PAGE_SIZE = 50;
const EXPORT_MAX = 100_000;
const EXPORT_PAGE = 5_000;

const LocalDate = Type.String({ format: 'date', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' });

const AuditQuery = Type.Object(
  {
    actorId: Type.Optional(Type.String({ format: 'uuid' })),
    targetType: Type.Optional(Type.String({ minLength: 1, maxLength: 60, pattern: '^[a-z][a-z0-9_.]*$' })),
    targetId: Type.Optional(Type.String({ format: 'uuid' })),
    /** A prefix of the action: `auth.` finds `auth.login` and `auth.logout`. */
    action: Type.Optional(Type.String({ minLength: 1, maxLength: 80, pattern: '^[a-z][a-z0-9_.]*$' })),
    /** First day included, in the region's time zone. */
    from: Type.Optional(LocalDate),
    /** Last day included, in the region's time zone. */
    to: Type.Optional(LocalDate),
  },
  { additionalProperties: false },
);
type AuditFilters = Static<typeof AuditQuery>;

const SearchQuery = Type.Composite(
  [AuditQuery, Type.Object({ cursor: Type.Optional(Type.Integer({ minimum: 1 })) })],
  { additionalProperties: false },
);

const MetaValue = Type.Union([
  Type.String(),
  Type.Number(),
  Type.Boolean(),
  Type.Null(),
  Type.Array(Type.String()),
]);

const AuditItem = Type.Object({
  seq: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  actorId: Nullable(Type.String()),
  actorName: Nullable(Type.String()),
  action: Type.String(),
  targetType: Nullable(Type.String()),
  targetId: Nullable(Type.String()),
  outcome: Type.String(),
  purpose: Nullable(Type.String()),
  meta: Type.Record(Type.String(), MetaValue),
});
type AuditItem = Static<typeof AuditItem>;

const AuditPage = Type.Object({ items: Type.Array(AuditItem), nextCursor: Nullable(Type.Integer()) });

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
export const auditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const platform = app.platform;
  const tags = ['audit'];

  app.get(
    '/',
    {
      config: { access: ['admin', 'privacy_officer'] },
      schema: {
        tags,
        summary: 'Search the audit journal, newest first',
        querystring: SearchQuery,
        response: { 200: AuditPage, 400: ErrorResponse },
      },
    },
    async (request) => {
      const { cursor, ...filters } = request.query;
      return searchAudit(platform, request.actor!, filters, cursor ?? null);
    },
  );

  app.get(
    '/export.csv',
    {
      config: { access: ['admin', 'privacy_officer'] },
      schema: {
        tags,
        summary: `Export the audit journal as CSV (newest first, ${EXPORT_MAX} entries at most)`,
        querystring: AuditQuery,
        produces: ['text/csv'],
      },
    },
    async (request, reply) => {
      const rows = await exportAudit(platform, request.actor!, request.query, request.locale);
      const day = localDay(platform.now(), platform.config.timeZone);
      reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="journal-audit-${day}.csv"`);
      return reply.send(Readable.from(rows));
    },
  );
};

/** One page of the journal, newest first; the search is audited in the same transaction. */
async function searchAudit(
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
      action: 'audit.search',
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
async function exportAudit(
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
      action: 'audit.export',
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
      const items = await present(platform.db, rows);
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
  if (filters.action) q = q.where('action', 'like', `${filters.action.replace(/_/g, '\\_')}%`);
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

/** Entries as the API shows them, with the name of each acting person. */
async function present(db: Executor, rows: Array<{ seq: number; entry: string }>): Promise<AuditItem[]> {
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
    action: entry.action,
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

/**
 * One CSV cell (RFC 4180 quoting). A cell a spreadsheet would take for a formula (= + - @, or a tab
 * or carriage return before one) is prefixed with an apostrophe, so opening an export runs nothing.
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function offsetMs(instant: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(instant);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(
    part('year'),
    part('month') - 1,
    part('day'),
    part('hour'),
    part('minute'),
    part('second'),
  );
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/** The instant a local day starts in `timeZone` (midnight never falls in a DST gap in North America). */
export function zonedMidnightUtc(day: string, timeZone: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d);
  const first = guess - offsetMs(new Date(guess), timeZone);
  return new Date(guess - offsetMs(new Date(first), timeZone));
}

function nextDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

function localDay(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(instant);
}

/** `2025-03-09T03:30:00-04:00`: the region's wall-clock time with its offset, unambiguous in a spreadsheet. */
function localDateTime(iso: string, timeZone: string): string {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return iso;
  const offset = offsetMs(instant, timeZone);
  const local = new Date(Math.floor(instant.getTime() / 1000) * 1000 + offset).toISOString().slice(0, 19);
  const minutes = Math.round(offset / 60_000);
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

// Research exports: researchers get aggregates only — a table of counts over one or two dimensions
// with small-cell suppression (the table's threshold, at least 10, and complementary suppression so no
// hidden count can be recomputed from what is released) — and the approved free texts of the span
// only when the table allows it for that export. Every export is stored with who, when, why and the
// query, and audited. Also the table's settings (the threshold).

import { randomUUID } from 'node:crypto';
import type {
  ExportTextDecision,
  ObservatorySettings,
  ObservatorySettingsInput,
  ResearchExportDetail,
  ResearchExportInput,
  ResearchExportList,
  ResearchExportSummary,
  ResearchListQuery,
  ResearchTexts,
  SuppressedTable,
} from '../../../shared/contracts/observatory.js';
import type { TrendDimension } from '../../../shared/contracts/observatory.values.js';
import { MIN_SUPPRESSION_THRESHOLD, suppressTable } from '../../../shared/suppression.js';
import { localDay } from '../../../shared/time-zone.js';
import { type Actor, hasRole } from '../../platform/authz/actor.js';
import { authorize } from '../../platform/authz/authorize.js';
import type { Executor } from '../../platform/db/database.js';
import { Errors } from '../../platform/errors.js';
import type { Platform } from '../../platform/platform.js';
import { approvedTextIds, approvedTexts } from './observations.repository.js';
import { observationTextContext } from './observatory.fields.js';
import { isResearcher, isTable, SETTINGS_READERS } from './observatory.policy.js';
import { monthOf, monthStart, yearClose } from './observatory.rules.js';
import * as repo from './research.repository.js';
import { crossCounts, platformNames } from './trends.repository.js';
import { codesOf } from './trends.service.js';

// ── Settings ─────────────────────────────────────────────────────────────────────────────────────

export async function readSettings(platform: Platform, actor: Actor): Promise<ObservatorySettings> {
  authorize(hasRole(actor, ...SETTINGS_READERS), { hide: false });
  const row = await repo.readSettings(platform.db);
  return {
    suppressionThreshold: row.suppression_threshold,
    version: row.version,
    updatedAt: row.updated_at?.toISOString() ?? null,
  };
}

/** The table sets the threshold (never below 10: a translated 400), conditional on the version. */
export async function updateSettings(
  platform: Platform,
  actor: Actor,
  input: ObservatorySettingsInput,
): Promise<ObservatorySettings> {
  authorize(isTable(actor), { hide: false });
  if (input.suppressionThreshold < MIN_SUPPRESSION_THRESHOLD)
    throw Errors.field('suppressionThreshold', 'observatory_threshold_min', {
      min: MIN_SUPPRESSION_THRESHOLD,
    });
  await platform.db.transaction().execute(async (trx) => {
    const changed = await repo.updateSettings(trx, input.version, {
      suppression_threshold: input.suppressionThreshold,
      updated_by: actor.personId,
      updated_at: platform.now(),
    });
    if (!changed) throw Errors.conflict();
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'observatory.settings.update',
      targetType: 'observatory_settings',
      meta: { suppressionThreshold: input.suppressionThreshold },
    });
  });
  return readSettings(platform, actor);
}

// ── Exports ──────────────────────────────────────────────────────────────────────────────────────

/** The values along a dimension (platforms: every one ever listed) and their labels when not codes. */
async function axis(db: Executor, dimension: TrendDimension) {
  if (dimension !== 'platform')
    return { values: [...codesOf(dimension)], labels: {} as Record<string, string> };
  const names = await platformNames(db);
  return { values: [...names.keys()], labels: Object.fromEntries(names) };
}

/**
 * The suppressed table of an export: rows are the first dimension's values, columns the second's (or
 * one column, `count`). Margins are the sums of the cells, as `suppressTable` releases them.
 */
export async function suppressedTable(
  db: Executor,
  options: {
    dimensions: readonly TrendDimension[];
    from: string;
    to: string;
    /** Observations created from then on are left out (the year's close, `yearClose`). */
    createdBefore: Date;
    threshold: number;
  },
): Promise<SuppressedTable> {
  const [first, second] = options.dimensions as [TrendDimension, TrendDimension | undefined];
  const [rowsAxis, columnsAxis, counts] = await Promise.all([
    axis(db, first),
    second ? axis(db, second) : Promise.resolve({ values: ['count'], labels: {} as Record<string, string> }),
    crossCounts(db, {
      first,
      second: second ?? null,
      from: monthStart(options.from),
      to: monthStart(options.to),
      createdBefore: options.createdBefore,
    }),
  ]);
  const rowIndex = new Map(rowsAxis.values.map((v, i) => [v, i]));
  const columnIndex = new Map(columnsAxis.values.map((v, i) => [v, i]));
  const cells = rowsAxis.values.map(() => columnsAxis.values.map(() => 0));
  for (const count of counts) {
    const r = rowIndex.get(count.a);
    const c = second ? columnIndex.get(count.b) : 0;
    // A value no longer listed (a code retired from the lists) is left out rather than guessed.
    if (r === undefined || c === undefined) continue;
    cells[r]![c] = count.n;
  }
  const released = suppressTable(cells, options.threshold);
  return {
    rows: rowsAxis.values,
    columns: columnsAxis.values,
    labels: { ...rowsAxis.labels, ...columnsAxis.labels },
    cells: released.cells,
    rowTotals: released.rowTotals,
    columnTotals: released.columnTotals,
    total: released.total,
    threshold: options.threshold,
  };
}

/**
 * A research export covers one calendar year that has closed, January to December. Spans chosen freely
 * would let two exports be subtracted (January to June minus January to May gives June alone, small
 * counts included); years never overlap, so the counts of one cannot be taken out of another's. A year
 * closes on April 1 of the next (`yearClose`) and its exports count only the observations created
 * before then: repeated later, the same export gives the same table, so no late observation shows.
 * Returns the close; throws a translated 400 for another span or a year not closed yet.
 */
export function checkResearchYear(platform: Platform, from: string, to: string): Date {
  const year = from.slice(0, 4);
  if (!from.endsWith('-01') || to !== `${year}-12`) throw Errors.field('from', 'observatory_research_year');
  const close = yearClose(Number(year), platform.config.timeZone);
  if (platform.now() < close)
    throw Errors.field('to', 'observatory_research_year_closed', {
      year,
      opens: localDay(close, platform.config.timeZone),
    });
  return close;
}

type ExportRow = NonNullable<Awaited<ReturnType<typeof repo.findExport>>>;

function summary(row: Omit<ExportRow, 'result'>): ResearchExportSummary {
  return {
    id: row.id,
    researcherName: row.researcher_name ?? '',
    purpose: row.purpose,
    dimensions: row.dimensions as TrendDimension[],
    from: monthOf(row.from_month),
    to: monthOf(row.to_month),
    textStatus: row.text_status,
    createdAt: row.created_at.toISOString(),
    version: row.version,
  };
}

function resultOf(row: ExportRow): SuppressedTable {
  return (typeof row.result === 'string' ? JSON.parse(row.result) : row.result) as SuppressedTable;
}

/** A researcher's export: computed, suppressed, stored with its purpose and query, audited. */
export async function createExport(
  platform: Platform,
  actor: Actor,
  input: ResearchExportInput,
): Promise<ResearchExportDetail> {
  authorize(isResearcher(actor), { hide: false });
  const purpose = input.purpose.trim();
  if (purpose.length < 10) throw Errors.field('purpose', 'observatory_purpose', { min: 10 });
  const close = checkResearchYear(platform, input.from, input.to);
  const id = randomUUID();
  await platform.db.transaction().execute(async (trx) => {
    const threshold = await repo.suppressionThreshold(trx);
    const table = await suppressedTable(trx, {
      dimensions: input.dimensions,
      from: input.from,
      to: input.to,
      createdBefore: close,
      threshold,
    });
    await repo.insertExport(trx, {
      id,
      researcher_id: actor.personId,
      purpose,
      dimensions: [...input.dimensions],
      from_month: monthStart(input.from),
      to_month: monthStart(input.to),
      threshold,
      result: JSON.stringify(table),
      text_status: input.includeText ? 'requested' : 'not_requested',
      created_at: platform.now(),
    });
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'observatory.research_export.create',
      targetType: 'research_export',
      targetId: id,
      purpose,
      meta: {
        dimensions: [...input.dimensions],
        from: input.from,
        to: input.to,
        threshold,
        textRequested: input.includeText === true,
      },
    });
  });
  return readExport(platform, actor, id);
}

/** An export: its researcher, or the table (anyone else: 404). */
async function loadExport(platform: Platform, actor: Actor, id: string): Promise<ExportRow> {
  const row = await repo.findExport(platform.db, id);
  authorize(
    row !== undefined && (isTable(actor) || (isResearcher(actor) && row.researcher_id === actor.personId)),
  );
  return row;
}

export async function readExport(
  platform: Platform,
  actor: Actor,
  id: string,
): Promise<ResearchExportDetail> {
  const row = await loadExport(platform, actor, id);
  return { ...summary(row), table: resultOf(row) };
}

/** A researcher's own exports; the table lists every one. */
export async function listExports(
  platform: Platform,
  actor: Actor,
  query: ResearchListQuery,
): Promise<ResearchExportList> {
  authorize(isTable(actor) || isResearcher(actor), { hide: false });
  const { rows, total } = await repo.listExports(
    platform.db,
    isTable(actor) ? null : actor.personId,
    query.limit ?? 50,
    query.offset ?? 0,
  );
  return { total, items: rows.map(summary) };
}

/** The table allows or refuses the free texts an export asked for; conditional on its version. */
export async function decideTexts(
  platform: Platform,
  actor: Actor,
  id: string,
  input: ExportTextDecision,
): Promise<ResearchExportDetail> {
  authorize(isTable(actor), { hide: false });
  await platform.db.transaction().execute(async (trx) => {
    const row = await repo.findExport(trx, id);
    if (!row) throw Errors.notFound();
    if (row.text_status === 'not_requested') throw Errors.field('allow', 'observatory_texts_not_requested');
    const now = platform.now();
    // The texts are frozen now: one approved later never joins the export, where it could be tied to
    // its observation by comparing two readings.
    // Allowed again, an export keeps the set it was given.
    const again = input.allow && row.text_status === 'allowed' && row.text_decided_at !== null;
    const ids = again
      ? row.text_observation_ids
      : input.allow
        ? await approvedTextIds(
            trx,
            row.from_month,
            row.to_month,
            yearClose(Number(monthOf(row.from_month).slice(0, 4)), platform.config.timeZone),
          )
        : null;
    const changed = await repo.decideTexts(trx, id, input.version, {
      text_status: input.allow ? 'allowed' : 'refused',
      text_decided_by: actor.personId,
      text_decided_at: again ? row.text_decided_at! : now,
      text_observation_ids: ids,
    });
    if (!changed) throw Errors.conflict();
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'observatory.research_export.decide_text',
      targetType: 'research_export',
      targetId: id,
      meta: { allow: input.allow },
    });
  });
  return readExport(platform, actor, id);
}

/**
 * The free texts the export carries, for its researcher once the table allowed them: those approved
 * when the table allowed them (and still approved, unchanged), never one approved since; texts only,
 * in an order that says nothing, nothing that links them to an observation. Audited.
 */
export async function readTexts(platform: Platform, actor: Actor, id: string): Promise<ResearchTexts> {
  const row = await loadExport(platform, actor, id);
  authorize(isResearcher(actor) && row.researcher_id === actor.personId);
  if (row.text_status !== 'allowed') throw Errors.forbidden();
  const rows = await approvedTexts(platform.db, row.text_observation_ids ?? [], row.text_decided_at!);
  const texts = rows.flatMap((r) =>
    r.sealed_text ? [platform.keyring.decrypt(r.sealed_text, observationTextContext(r.id))] : [],
  );
  await platform.db.transaction().execute((trx) =>
    platform.audit.append(trx, {
      actor: actor.personId,
      action: 'observatory.research_export.read_texts',
      targetType: 'research_export',
      targetId: id,
      purpose: row.purpose.slice(0, 300),
      meta: { shown: texts.length },
    }),
  );
  return { texts };
}

import ExcelJS from 'exceljs';
import type { Locale } from '../../../shared/roles.js';
import type { Actor } from '../../platform/authz/actor.js';
import { authorize } from '../../platform/authz/authorize.js';
import { csvCell } from '../../platform/http/csv.js';
import { t } from '../../platform/i18n/i18n.js';
import type { Platform } from '../../platform/platform.js';
import { activePivots } from '../network/index.js';
import * as repo from './figures.repository.js';
import { cumulate } from './questionnaire.rules.js';
import { type FiguresLevel, figuresLevel } from './questionnaires.policy.js';

export interface TrainingFigures {
  level: FiguresLevel;
  /** The year the breakdowns are restricted to; null: since the start. */
  year: number | null;
  total: number;
  years: Array<{ year: number; trained: number; firstTime: number; cumulative: number }>;
  courses: Array<{ id: string; code: string; titleFr: string; titleEn: string; trained: number }>;
  /** People trained per course and year (all years, whatever `year` is). */
  courseYears: Array<{ courseId: string; code: string; year: number; trained: number }>;
  organisationTypes: Array<{ type: string; trained: number }>;
  /** Empty for researchers (de-identified aggregates only). */
  organisations: Array<{ id: string; name: string; type: string; trained: number }>;
  pivots: {
    active: number;
    trained: number;
    byType: Array<{ type: string; active: number; trained: number }>;
    /** Empty for researchers. */
    byOrganisation: Array<{ id: string; name: string; type: string; active: number; trained: number }>;
    /** Named pivots: the table only. */
    people: Array<{ name: string; organisationName: string; trainedOn: string | null }>;
  };
}

/**
 * The trained-worker figures: distinct people trained per year (and for the first time, cumulated
 * since the start), per course, per organisation type and per organisation, and which active pivots
 * completed the network's prerequisite course. Researchers get aggregates without organisation names
 * or people. Throws forbidden for other roles.
 */
export async function trainingFigures(
  platform: Platform,
  actor: Actor,
  options: { year?: number | undefined },
): Promise<TrainingFigures> {
  const level = figuresLevel(actor);
  authorize(level !== null, { hide: false });
  const db = platform.db;
  const year = options.year ?? null;
  const years = cumulate(await repo.byYear(db)).map((r) => ({
    year: r.year,
    trained: r.trained,
    firstTime: r.first_time,
    cumulative: r.cumulative,
  }));
  const courses = (await repo.byCourse(db, year)).map((r) => ({
    id: r.key,
    code: r.code,
    titleFr: r.title_fr,
    titleEn: r.title_en,
    trained: r.n,
  }));
  const courseYears = (await repo.byCourseAndYear(db)).map((r) => ({
    courseId: r.course_id,
    code: r.code,
    year: r.year,
    trained: r.n,
  }));
  const organisationTypes = (await repo.byOrganisationType(db, year)).map((r) => ({
    type: r.key,
    trained: r.n,
  }));
  const organisations =
    level === 'aggregate'
      ? []
      : (await repo.byOrganisation(db, year)).map((r) => ({
          id: r.key,
          name: r.name,
          type: r.type,
          trained: r.n,
        }));

  // Which pivots are trained: the network says who the active pivots are; completions say who
  // finished the course the network counts (the one marked as its prerequisite; any course otherwise).
  const pivots = await activePivots(platform);
  const marked = await repo.networkPrerequisiteCourses(db);
  const prerequisite = marked.length > 0 ? new Set(marked) : null;
  const completed = await repo.coursesCompletedBy(db, [...new Set(pivots.map((p) => p.personId))]);
  const trainedOn = (personId: string): string | null => {
    const list = (completed.get(personId) ?? []).filter(
      (c) => prerequisite === null || prerequisite.has(c.courseId),
    );
    if (list.length === 0) return null;
    return list.map((c) => c.completedOn).sort()[0]!;
  };
  const byType = new Map<string, { type: string; active: number; trained: number }>();
  const byOrganisation = new Map<
    string,
    { id: string; name: string; type: string; active: number; trained: number }
  >();
  let trainedCount = 0;
  const people: TrainingFigures['pivots']['people'] = [];
  for (const pivot of pivots) {
    const on = trainedOn(pivot.personId);
    if (on) trainedCount += 1;
    const typeEntry = byType.get(pivot.organisationType) ?? {
      type: pivot.organisationType,
      active: 0,
      trained: 0,
    };
    typeEntry.active += 1;
    if (on) typeEntry.trained += 1;
    byType.set(pivot.organisationType, typeEntry);
    const orgEntry = byOrganisation.get(pivot.organisationId) ?? {
      id: pivot.organisationId,
      name: pivot.organisationName,
      type: pivot.organisationType,
      active: 0,
      trained: 0,
    };
    orgEntry.active += 1;
    if (on) orgEntry.trained += 1;
    byOrganisation.set(pivot.organisationId, orgEntry);
    people.push({ name: pivot.name, organisationName: pivot.organisationName, trainedOn: on });
  }

  return {
    level,
    year,
    total: await repo.distinctTrained(db, year),
    years,
    courses,
    courseYears,
    organisationTypes,
    organisations,
    pivots: {
      active: pivots.length,
      trained: trainedCount,
      byType: [...byType.values()].sort((a, b) => a.type.localeCompare(b.type)),
      byOrganisation: level === 'aggregate' ? [] : [...byOrganisation.values()],
      people: level === 'full' ? people : [],
    },
  };
}

// ------------------------------------------------------------------------------------------------
// Exports

interface Sheet {
  key: string;
  title: string;
  columns: string[];
  rows: Array<Array<string | number>>;
}

function sheetsOf(figures: TrainingFigures, locale: Locale): Sheet[] {
  const label = (key: string, params?: Record<string, unknown>) =>
    t(locale, `questionnaires.figures.${key}`, params);
  const typeLabel = (type: string) =>
    t(locale, `questionnaires.organisation_types.${type}`, { defaultValue: type });
  const title = (c: { titleFr: string; titleEn: string }) => (locale === 'en-CA' ? c.titleEn : c.titleFr);
  const sheets: Sheet[] = [
    {
      key: 'years',
      title: label('by_year'),
      columns: [label('year'), label('trained'), label('first_time'), label('cumulative')],
      rows: figures.years.map((y) => [y.year, y.trained, y.firstTime, y.cumulative]),
    },
    {
      key: 'courses',
      title: label('by_course'),
      columns: [label('code'), label('course'), label('trained')],
      rows: figures.courses.map((c) => [c.code, title(c), c.trained]),
    },
    courseYearSheet(figures, locale),
    {
      key: 'types',
      title: label('by_type'),
      columns: [label('organisation_type'), label('trained')],
      rows: figures.organisationTypes.map((o) => [typeLabel(o.type), o.trained]),
    },
  ];
  if (figures.level !== 'aggregate') {
    sheets.push({
      key: 'organisations',
      title: label('by_organisation'),
      columns: [label('organisation'), label('organisation_type'), label('trained')],
      rows: figures.organisations.map((o) => [o.name, typeLabel(o.type), o.trained]),
    });
    sheets.push({
      key: 'pivots',
      title: label('pivots'),
      columns: [
        label('organisation'),
        label('organisation_type'),
        label('active_pivots'),
        label('trained_pivots'),
      ],
      rows: figures.pivots.byOrganisation.map((o) => [o.name, typeLabel(o.type), o.active, o.trained]),
    });
  } else {
    sheets.push({
      key: 'pivots',
      title: label('pivots'),
      columns: [label('organisation_type'), label('active_pivots'), label('trained_pivots')],
      rows: figures.pivots.byType.map((o) => [typeLabel(o.type), o.active, o.trained]),
    });
  }
  return sheets;
}

/** Courses down, years across: how many people each course trained each year (every course ever given). */
function courseYearSheet(figures: TrainingFigures, locale: Locale): Sheet {
  const label = (key: string) => t(locale, `questionnaires.figures.${key}`);
  const years = [...new Set(figures.courseYears.map((c) => c.year))].sort((a, b) => a - b);
  const courses = new Map<string, Map<number, number>>();
  for (const cell of figures.courseYears) {
    const row = courses.get(cell.code) ?? new Map<number, number>();
    row.set(cell.year, cell.trained);
    courses.set(cell.code, row);
  }
  return {
    key: 'course_years',
    title: label('by_course_year'),
    columns: [label('code'), ...years.map(String)],
    rows: [...courses.entries()]
      .map(([code, row]) => [code, ...years.map((y) => row.get(y) ?? 0)] as Array<string | number>)
      .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
  };
}

/** The figures as one CSV: a column naming the breakdown, then its category and count. */
export function figuresCsv(figures: TrainingFigures, locale: Locale): string {
  const label = (key: string) => t(locale, `questionnaires.figures.${key}`);
  const lines = [
    [label('breakdown'), label('category'), label('trained'), label('cumulative')].map(csvCell).join(','),
  ];
  for (const sheet of sheetsOf(figures, locale)) {
    if (sheet.key === 'pivots' || sheet.key === 'course_years') continue;
    for (const row of sheet.rows) {
      const count = sheet.key === 'years' ? row[1]! : row[row.length - 1]!;
      const category =
        sheet.key === 'years' ? String(row[0]) : sheet.key === 'courses' ? `${row[0]} — ${row[1]}` : row[0]!;
      const cumulative = sheet.key === 'years' ? row[3]! : '';
      lines.push(
        [sheet.title, category, count, cumulative].map((v) => csvCell(v as string | number)).join(','),
      );
    }
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** The figures as a workbook: one sheet per breakdown, header row in bold, numbers as numbers. */
export async function figuresXlsx(figures: TrainingFigures, locale: Locale): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Filet';
  for (const sheet of sheetsOf(figures, locale)) {
    // Sheet names: at most 31 characters, none of []:*?/\
    const worksheet = workbook.addWorksheet(sheet.title.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31));
    worksheet.addRow(sheet.columns).font = { bold: true };
    for (const row of sheet.rows) {
      // A text a spreadsheet would read as a formula is kept as text.
      worksheet.addRow(row.map((v) => (typeof v === 'string' && /^[=+\-@]/.test(v) ? `'${v}` : v)));
    }
    worksheet.columns.forEach((column) => {
      column.width = 24;
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export interface FiguresFile {
  filename: string;
  contentType: string;
  body: string | Buffer;
}

/**
 * The figures as a CSV or XLSX file, for the same readers at the same level of detail as the screen;
 * the export is audited (aggregates only, nothing restricted). Throws forbidden.
 */
export async function exportFigures(
  platform: Platform,
  actor: Actor,
  options: { year?: number | undefined; format: 'csv' | 'xlsx'; locale: Locale },
): Promise<FiguresFile> {
  const figures = await trainingFigures(platform, actor, { year: options.year });
  const body =
    options.format === 'csv'
      ? figuresCsv(figures, options.locale)
      : await figuresXlsx(figures, options.locale);
  await platform.db.transaction().execute(async (trx) => {
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'training.figures.export',
      targetType: 'training_figures',
      meta: { format: options.format, year: figures.year, level: figures.level },
    });
  });
  const stem = `formation-chiffres${figures.year ? `-${figures.year}` : ''}`;
  return options.format === 'csv'
    ? { filename: `${stem}.csv`, contentType: 'text/csv; charset=utf-8', body }
    : {
        filename: `${stem}.xlsx`,
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        body,
      };
}

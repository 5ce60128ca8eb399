import { type Color, PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from 'pdf-lib';
import { chartScale } from '../../../shared/report.js';
import type { Locale } from '../../../shared/roles.js';
import { t } from '../i18n/i18n.js';
import type { ReportChart, ReportSection, ReportTable } from './annual-report.js';
import { toWinAnsi } from './pdf-text.js';

/** What the PDF shows: one year's sections, generated at one instant. */
export interface AnnualReportDocument {
  year: number;
  generatedAt: Date;
  sections: ReportSection[];
}

// US Letter, the paper of Quebec's offices; everything in points.
const PAGE_WIDTH = 612;
const PAGE_HEIGHT = 792;
const MARGIN = 56;
const TOP = PAGE_HEIGHT - MARGIN;
const BOTTOM = MARGIN + 18;
const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN;
const TOC_ENTRIES_PER_PAGE = 28;

const INK = rgb(0.1, 0.1, 0.12);
const MUTED = rgb(0.33, 0.35, 0.38);
const RULE = rgb(0.78, 0.8, 0.83);
const SHADE = rgb(0.93, 0.94, 0.96);
const ACCENT = rgb(0.035, 0.341, 0.592);
const PALETTE: Color[] = [
  ACCENT,
  rgb(0.8, 0.42, 0.1),
  rgb(0.27, 0.5, 0.2),
  rgb(0.47, 0.29, 0.6),
  rgb(0.45, 0.45, 0.45),
];

function colour(index: number): Color {
  return PALETTE[index % PALETTE.length]!;
}

class Writer {
  readonly doc: PDFDocument;
  readonly regular: PDFFont;
  readonly bold: PDFFont;
  readonly locale: Locale;
  readonly number: Intl.NumberFormat;
  page!: PDFPage;
  y = TOP;

  constructor(doc: PDFDocument, regular: PDFFont, bold: PDFFont, locale: Locale) {
    this.doc = doc;
    this.regular = regular;
    this.bold = bold;
    this.locale = locale;
    this.number = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  }

  newPage(): PDFPage {
    this.page = this.doc.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
    this.y = TOP;
    return this.page;
  }

  /** Starts a new page unless `height` points still fit above the bottom margin. */
  ensure(height: number): boolean {
    if (this.y - height >= BOTTOM) return false;
    this.newPage();
    return true;
  }

  width(text: string, size: number, font: PDFFont = this.regular): number {
    return font.widthOfTextAtSize(toWinAnsi(text), size);
  }

  draw(
    text: string,
    x: number,
    y: number,
    options: { size?: number; font?: PDFFont; color?: Color; align?: 'left' | 'right' | 'center' } = {},
  ): void {
    const size = options.size ?? 10;
    const font = options.font ?? this.regular;
    const safe = toWinAnsi(text);
    const width = font.widthOfTextAtSize(safe, size);
    const left = options.align === 'right' ? x - width : options.align === 'center' ? x - width / 2 : x;
    this.page.drawText(safe, { x: left, y, size, font, color: options.color ?? INK });
  }

  /** Lines of at most `maxWidth` points, breaking between words (and inside a word too long for a line). */
  wrap(text: string, size: number, maxWidth: number, font: PDFFont = this.regular): string[] {
    const words = toWinAnsi(text).split(' ').filter(Boolean);
    const lines: string[] = [];
    let line = '';
    for (const word of words) {
      const candidate = line ? `${line} ${word}` : word;
      if (font.widthOfTextAtSize(candidate, size) <= maxWidth) {
        line = candidate;
        continue;
      }
      if (line) lines.push(line);
      line = '';
      let rest = word;
      while (font.widthOfTextAtSize(rest, size) > maxWidth && rest.length > 1) {
        let cut = rest.length - 1;
        while (cut > 1 && font.widthOfTextAtSize(rest.slice(0, cut), size) > maxWidth) cut -= 1;
        lines.push(rest.slice(0, cut));
        rest = rest.slice(cut);
      }
      line = rest;
    }
    if (line) lines.push(line);
    return lines.length > 0 ? lines : [''];
  }

  /** One line, shortened with an ellipsis to fit. */
  fit(text: string, size: number, maxWidth: number, font: PDFFont = this.regular): string {
    let safe = toWinAnsi(text);
    if (font.widthOfTextAtSize(safe, size) <= maxWidth) return safe;
    while (safe.length > 1 && font.widthOfTextAtSize(`${safe}…`, size) > maxWidth) safe = safe.slice(0, -1);
    return `${safe}…`;
  }

  /** A paragraph at the current position, moving down. */
  paragraph(text: string, size: number, options: { font?: PDFFont; color?: Color; gap?: number } = {}): void {
    const font = options.font ?? this.regular;
    const leading = size * 1.3;
    for (const line of this.wrap(text, size, CONTENT_WIDTH, font)) {
      this.ensure(leading);
      this.y -= leading;
      this.draw(line, MARGIN, this.y, { size, font, ...(options.color ? { color: options.color } : {}) });
    }
    this.y -= options.gap ?? 0;
  }

  format(value: number): string {
    return this.number.format(value);
  }

  line(x1: number, y1: number, x2: number, y2: number, color: Color = RULE, thickness = 0.5): void {
    this.page.drawLine({ start: { x: x1, y: y1 }, end: { x: x2, y: y2 }, color, thickness });
  }
}

/**
 * Renders the annual report as a PDF: a title page, a table of contents, each section with its
 * figures, its charts drawn as vector graphics (bars with axis and values, lines for series over time)
 * and its tables (split across pages with the header row repeated), and page numbers. Standard fonts
 * only: every string goes through `toWinAnsi`, so no text can make the rendering fail.
 */
export async function renderAnnualReportPdf(
  report: AnnualReportDocument,
  options: { locale: Locale; timeZone: string },
): Promise<Uint8Array> {
  const { locale, timeZone } = options;
  const doc = await PDFDocument.create();
  const title = t(locale, 'report.title', { year: report.year });
  doc.setTitle(`Filet — ${title}`, { showInWindowTitleBar: true });
  doc.setLanguage(locale);
  doc.setAuthor(t(locale, 'report.tableName'));
  doc.setCreator('Filet');
  doc.setProducer('Filet');
  doc.setCreationDate(report.generatedAt);
  doc.setModificationDate(report.generatedAt);
  const writer = new Writer(
    doc,
    await doc.embedFont(StandardFonts.Helvetica),
    await doc.embedFont(StandardFonts.HelveticaBold),
    locale,
  );

  drawTitlePage(writer, report, title, timeZone);
  const tocPages = Math.max(1, Math.ceil(report.sections.length / TOC_ENTRIES_PER_PAGE));
  const toc: PDFPage[] = [];
  for (let i = 0; i < tocPages; i += 1) toc.push(writer.newPage());

  const starts: number[] = [];
  for (const section of report.sections) {
    writer.newPage();
    starts.push(doc.getPageCount());
    drawSection(writer, section);
  }
  drawContents(writer, toc, report.sections, starts);
  drawFooters(writer, title);
  return doc.save();
}

function drawTitlePage(writer: Writer, report: AnnualReportDocument, title: string, timeZone: string): void {
  writer.newPage();
  const page = writer.page;
  page.drawRectangle({ x: 0, y: PAGE_HEIGHT - 14, width: PAGE_WIDTH, height: 14, color: ACCENT });
  writer.y = PAGE_HEIGHT - 220;
  writer.draw('Filet', MARGIN, writer.y, { size: 44, font: writer.bold, color: ACCENT });
  writer.y -= 28;
  writer.paragraph(t(writer.locale, 'report.tableName'), 15, { color: MUTED, gap: 36 });
  writer.paragraph(title, 30, { font: writer.bold, gap: 18 });
  const generated = new Intl.DateTimeFormat(writer.locale, {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone,
  }).format(report.generatedAt);
  writer.paragraph(t(writer.locale, 'report.generatedAt', { date: generated }), 12, { color: MUTED, gap: 8 });
  writer.paragraph(t(writer.locale, 'report.aggregatesOnly'), 10, { color: MUTED });
}

function drawContents(writer: Writer, pages: PDFPage[], sections: ReportSection[], starts: number[]): void {
  pages.forEach((page, pageIndex) => {
    writer.page = page;
    writer.y = TOP;
    if (pageIndex === 0) {
      writer.y -= 22;
      writer.draw(t(writer.locale, 'report.contents'), MARGIN, writer.y, { size: 20, font: writer.bold });
      writer.y -= 18;
    }
    const entries = sections.slice(pageIndex * TOC_ENTRIES_PER_PAGE, (pageIndex + 1) * TOC_ENTRIES_PER_PAGE);
    entries.forEach((section, index) => {
      const number = String(starts[pageIndex * TOC_ENTRIES_PER_PAGE + index]);
      writer.y -= 22;
      const numberWidth = writer.width(number, 12);
      const label = writer.fit(section.title, 12, CONTENT_WIDTH - numberWidth - 40);
      const labelWidth = writer.width(label, 12);
      writer.draw(label, MARGIN, writer.y, { size: 12 });
      writer.draw(number, MARGIN + CONTENT_WIDTH, writer.y, { size: 12, align: 'right' });
      const dotsFrom = MARGIN + labelWidth + 6;
      const dotsTo = MARGIN + CONTENT_WIDTH - numberWidth - 6;
      if (dotsTo > dotsFrom) {
        writer.page.drawLine({
          start: { x: dotsFrom, y: writer.y + 1 },
          end: { x: dotsTo, y: writer.y + 1 },
          thickness: 0.8,
          color: RULE,
          dashArray: [1, 3],
        });
      }
    });
  });
}

function drawFooters(writer: Writer, title: string): void {
  const pages = writer.doc.getPages();
  pages.forEach((page, index) => {
    writer.page = page;
    const text = t(writer.locale, 'report.pageOf', { page: index + 1, pages: pages.length });
    writer.line(MARGIN, MARGIN - 4, PAGE_WIDTH - MARGIN, MARGIN - 4);
    writer.draw(`Filet · ${title}`, MARGIN, MARGIN - 18, { size: 8, color: MUTED });
    writer.draw(text, PAGE_WIDTH - MARGIN, MARGIN - 18, { size: 8, color: MUTED, align: 'right' });
  });
}

function drawSection(writer: Writer, section: ReportSection): void {
  writer.y -= 24;
  writer.draw(writer.fit(section.title, 20, CONTENT_WIDTH, writer.bold), MARGIN, writer.y, {
    size: 20,
    font: writer.bold,
    color: ACCENT,
  });
  writer.y -= 8;
  writer.line(MARGIN, writer.y, MARGIN + CONTENT_WIDTH, writer.y, ACCENT, 1.5);
  writer.y -= 16;
  if (section.note) writer.paragraph(section.note, 11, { color: MUTED });
  if (section.figures.length === 0 && section.charts.length === 0 && section.tables.length === 0) {
    if (section.note) return;
    writer.paragraph(t(writer.locale, 'report.empty'), 11, { color: MUTED });
    return;
  }
  drawFigures(writer, section);
  for (const chart of section.charts) {
    if (chart.categories.length === 0 || chart.series.length === 0) continue;
    if (chart.kind === 'line') drawLineChart(writer, chart);
    else drawBarChart(writer, chart);
  }
  for (const table of section.tables) drawTable(writer, table);
}

function drawFigures(writer: Writer, section: ReportSection): void {
  const columns = 3;
  const gap = 12;
  const boxWidth = (CONTENT_WIDTH - gap * (columns - 1)) / columns;
  const boxHeight = 62;
  section.figures.forEach((figure, index) => {
    const column = index % columns;
    if (column === 0) {
      writer.ensure(boxHeight + gap);
      writer.y -= boxHeight;
    }
    const x = MARGIN + column * (boxWidth + gap);
    writer.page.drawRectangle({ x, y: writer.y, width: boxWidth, height: boxHeight, color: SHADE });
    writer.page.drawRectangle({ x, y: writer.y, width: 3, height: boxHeight, color: ACCENT });
    const value = `${writer.format(figure.value)}${figure.unit ? ` ${figure.unit}` : ''}`;
    writer.draw(writer.fit(value, 20, boxWidth - 20, writer.bold), x + 12, writer.y + boxHeight - 26, {
      size: 20,
      font: writer.bold,
    });
    writer
      .wrap(figure.label, 9, boxWidth - 20)
      .slice(0, 2)
      .forEach((line, lineIndex) => {
        writer.draw(line, x + 12, writer.y + boxHeight - 42 - lineIndex * 11, { size: 9, color: MUTED });
      });
    if (column === columns - 1 || index === section.figures.length - 1) writer.y -= gap;
  });
  writer.y -= 6;
}

function chartTitle(writer: Writer, chart: ReportChart, continued: boolean): void {
  writer.y -= 16;
  const text = continued ? `${chart.title} (${t(writer.locale, 'report.continued')})` : chart.title;
  writer.draw(writer.fit(text, 12, CONTENT_WIDTH, writer.bold), MARGIN, writer.y, {
    size: 12,
    font: writer.bold,
  });
  writer.y -= 8;
}

function legend(writer: Writer, chart: ReportChart): void {
  if (chart.series.length < 2) return;
  writer.y -= 14;
  let x = MARGIN;
  chart.series.forEach((series, index) => {
    const label = writer.fit(series.name, 9, 150);
    const width = writer.width(label, 9) + 24;
    if (x + width > MARGIN + CONTENT_WIDTH) {
      x = MARGIN;
      writer.y -= 14;
    }
    writer.page.drawRectangle({ x, y: writer.y - 1, width: 10, height: 8, color: colour(index) });
    writer.draw(label, x + 14, writer.y, { size: 9 });
    x += width;
  });
}

/** Horizontal bars: long category names read on the left, values at the end of each bar, a value axis below. */
function drawBarChart(writer: Writer, chart: ReportChart): void {
  const labelWidth = 150;
  const valueSpace = 44;
  const plotLeft = MARGIN + labelWidth + 8;
  const plotWidth = CONTENT_WIDTH - labelWidth - 8 - valueSpace;
  const barHeight = chart.series.length > 1 ? 10 : 14;
  const groupHeight = chart.series.length * barHeight + 8;
  const axisHeight = 26;
  const { top, step } = chartScale(chart);

  let index = 0;
  let continued = false;
  while (index < chart.categories.length) {
    const overhead = 24 + axisHeight + (chart.series.length > 1 ? 28 : 0);
    if (writer.y - overhead - groupHeight < BOTTOM) writer.newPage();
    const fits = Math.max(1, Math.floor((writer.y - BOTTOM - overhead) / groupHeight));
    const slice = chart.categories.slice(index, index + fits);
    chartTitle(writer, chart, continued);
    legend(writer, chart);
    writer.y -= 6;
    const plotTop = writer.y;
    const plotBottom = plotTop - slice.length * groupHeight;
    for (let tick = 0; tick <= top + step / 2; tick += step) {
      const x = plotLeft + (tick / top) * plotWidth;
      writer.line(x, plotTop, x, plotBottom, tick === 0 ? MUTED : RULE, tick === 0 ? 0.8 : 0.4);
      writer.draw(writer.format(tick), x, plotBottom - 12, { size: 8, color: MUTED, align: 'center' });
    }
    slice.forEach((category, row) => {
      const groupTop = plotTop - row * groupHeight - 4;
      const lines = writer.wrap(category, 9, labelWidth).slice(0, 2);
      const middle = groupTop - (chart.series.length * barHeight) / 2;
      lines.forEach((line, lineIndex) => {
        const y = middle - 3 + ((lines.length - 1) * 10) / 2 - lineIndex * 10;
        writer.draw(line, MARGIN + labelWidth, y, { size: 9, align: 'right' });
      });
      chart.series.forEach((series, s) => {
        const value = series.values[index + row] ?? 0;
        const y = groupTop - (s + 1) * barHeight;
        const width = top > 0 ? (Math.max(0, value) / top) * plotWidth : 0;
        if (width > 0)
          writer.page.drawRectangle({
            x: plotLeft,
            y: y + 1,
            width,
            height: barHeight - 2,
            color: colour(s),
          });
        writer.draw(writer.format(value), plotLeft + width + 4, y + barHeight / 2 - 3, { size: 8 });
      });
    });
    writer.y = plotBottom - axisHeight;
    index += slice.length;
    continued = true;
  }
}

/** Lines for series over time: a value axis with round ticks, the categories along the bottom, values at the points. */
function drawLineChart(writer: Writer, chart: ReportChart): void {
  const plotHeight = 170;
  const legendHeight = chart.series.length > 1 ? 28 : 0;
  writer.ensure(24 + legendHeight + plotHeight + 44);
  chartTitle(writer, chart, false);
  legend(writer, chart);
  writer.y -= 14;
  const plotLeft = MARGIN + 40;
  const plotRight = MARGIN + CONTENT_WIDTH - 10;
  const plotTop = writer.y;
  const plotBottom = plotTop - plotHeight;
  const { top, step } = chartScale(chart);
  const yOf = (value: number) => plotBottom + (Math.max(0, value) / top) * plotHeight;
  for (let tick = 0; tick <= top + step / 2; tick += step) {
    const y = yOf(tick);
    writer.line(plotLeft, y, plotRight, y, tick === 0 ? MUTED : RULE, tick === 0 ? 0.8 : 0.4);
    writer.draw(writer.format(tick), plotLeft - 6, y - 3, { size: 8, color: MUTED, align: 'right' });
  }
  const count = chart.categories.length;
  const xOf = (i: number) =>
    count === 1
      ? (plotLeft + plotRight) / 2
      : plotLeft + 12 + (i * (plotRight - plotLeft - 24)) / (count - 1);
  const spacing = count > 1 ? (plotRight - plotLeft - 24) / (count - 1) : plotRight - plotLeft;
  const widest = Math.max(...chart.categories.map((category) => writer.width(category, 8)));
  const every = Math.max(1, Math.ceil((Math.min(widest, 80) + 6) / spacing));
  chart.categories.forEach((category, i) => {
    if (i % every !== 0) return;
    writer.draw(writer.fit(category, 8, Math.max(spacing * every - 4, 24)), xOf(i), plotBottom - 12, {
      size: 8,
      color: MUTED,
      align: 'center',
    });
  });
  const labelValues = count <= 12 && chart.series.length <= 2;
  chart.series.forEach((series, s) => {
    const color = colour(s);
    for (let i = 1; i < count; i += 1) {
      writer.page.drawLine({
        start: { x: xOf(i - 1), y: yOf(series.values[i - 1] ?? 0) },
        end: { x: xOf(i), y: yOf(series.values[i] ?? 0) },
        thickness: 1.8,
        color,
      });
    }
    for (let i = 0; i < count; i += 1) {
      const value = series.values[i] ?? 0;
      writer.page.drawCircle({ x: xOf(i), y: yOf(value), size: 2.4, color });
      if (labelValues) {
        writer.draw(writer.format(value), xOf(i), yOf(value) + (s === 0 ? 6 : -12), {
          size: 7,
          align: 'center',
          color,
        });
      }
    }
  });
  writer.y = plotBottom - 30;
}

/** A table across as many pages as it needs, its header row repeated on each, numbers aligned right. */
function drawTable(writer: Writer, table: ReportTable): void {
  const size = 9;
  const padding = 4;
  const leading = 11;
  const columns = Math.max(1, table.columns.length);
  const first = columns > 1 ? Math.min(CONTENT_WIDTH * 0.4, CONTENT_WIDTH / columns + 80) : CONTENT_WIDTH;
  const other = columns > 1 ? (CONTENT_WIDTH - first) / (columns - 1) : 0;
  const widths = Array.from({ length: columns }, (_, i) => (i === 0 ? first : other));
  const numeric = table.columns.map(
    (_, c) => table.rows.length > 0 && table.rows.every((row) => typeof row[c] === 'number'),
  );
  const cellText = (value: string | number | undefined) =>
    typeof value === 'number' ? writer.format(value) : String(value ?? '');

  const rowLines = (cells: Array<string | number | undefined>, font: PDFFont) =>
    widths.map((width, c) => writer.wrap(cellText(cells[c]), size, width - 2 * padding, font).slice(0, 6));

  const drawRow = (cells: Array<string | number | undefined>, header: boolean) => {
    const font = header ? writer.bold : writer.regular;
    const lines = rowLines(cells, font);
    const height = Math.max(...lines.map((l) => l.length)) * leading + 2 * padding;
    const bottom = writer.y - height;
    if (header)
      writer.page.drawRectangle({ x: MARGIN, y: bottom, width: CONTENT_WIDTH, height, color: SHADE });
    let x = MARGIN;
    lines.forEach((cellLines, c) => {
      const right = numeric[c] === true;
      cellLines.forEach((line, l) => {
        const y = writer.y - padding - (l + 1) * leading + 3;
        if (right) writer.draw(line, x + widths[c]! - padding, y, { size, font, align: 'right' });
        else writer.draw(line, x + padding, y, { size, font });
      });
      x += widths[c]!;
    });
    writer.line(MARGIN, bottom, MARGIN + CONTENT_WIDTH, bottom);
    writer.y = bottom;
  };
  const rowHeight = (cells: Array<string | number | undefined>, font: PDFFont) =>
    Math.max(...rowLines(cells, font).map((l) => l.length)) * leading + 2 * padding;

  const headerHeight = rowHeight(table.columns, writer.bold);
  const firstRowHeight = table.rows[0] ? rowHeight(table.rows[0], writer.regular) : leading;
  writer.ensure(24 + headerHeight + firstRowHeight);
  writer.y -= 16;
  writer.draw(writer.fit(table.title, 12, CONTENT_WIDTH, writer.bold), MARGIN, writer.y, {
    size: 12,
    font: writer.bold,
  });
  writer.y -= 8;
  drawRow(table.columns, true);
  if (table.rows.length === 0) {
    writer.y -= 14;
    writer.draw(t(writer.locale, 'report.noRows'), MARGIN + padding, writer.y, { size, color: MUTED });
  }
  for (const row of table.rows) {
    if (writer.y - rowHeight(row, writer.regular) < BOTTOM) {
      writer.newPage();
      writer.y -= 16;
      const title = `${table.title} (${t(writer.locale, 'report.continued')})`;
      writer.draw(writer.fit(title, 12, CONTENT_WIDTH, writer.bold), MARGIN, writer.y, {
        size: 12,
        font: writer.bold,
      });
      writer.y -= 8;
      drawRow(table.columns, true);
    }
    drawRow(row, false);
  }
  writer.y -= 12;
}

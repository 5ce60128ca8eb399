import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from 'pdf-lib';
import type { Locale } from '../../../shared/roles.js';
import { t } from '../../platform/i18n/i18n.js';
import { toWinAnsi } from '../../platform/reports/pdf-text.js';
import type { TipDetail } from './desk.service.js';

/** The PDF of one tip for an investigation file (US Letter, standard fonts, text only). */

const PAGE_WIDTH = 612;
const PAGE_HEIGHT = 792;
const MARGIN = 56;
const WIDTH = PAGE_WIDTH - 2 * MARGIN;
const INK = rgb(0.1, 0.1, 0.12);
const MUTED = rgb(0.33, 0.35, 0.38);

class TextWriter {
  page!: PDFPage;
  y = 0;
  constructor(
    readonly doc: PDFDocument,
    readonly regular: PDFFont,
    readonly bold: PDFFont,
    readonly footer: string,
  ) {
    this.newPage();
  }

  newPage(): void {
    this.page = this.doc.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
    this.page.drawText(toWinAnsi(this.footer), {
      x: MARGIN,
      y: MARGIN / 2,
      size: 8,
      font: this.regular,
      color: MUTED,
    });
    this.y = PAGE_HEIGHT - MARGIN;
  }

  /** Splits a text into lines that fit the width (long words are cut). */
  wrap(text: string, font: PDFFont, size: number): string[] {
    const lines: string[] = [];
    for (const paragraph of text.split(/\r?\n/)) {
      let line = '';
      for (const word of toWinAnsi(paragraph).split(' ')) {
        let rest = word;
        while (font.widthOfTextAtSize(rest, size) > WIDTH) {
          let cut = rest.length - 1;
          while (cut > 1 && font.widthOfTextAtSize(rest.slice(0, cut), size) > WIDTH) cut -= 1;
          if (line) lines.push(line);
          lines.push(rest.slice(0, cut));
          line = '';
          rest = rest.slice(cut);
        }
        const candidate = line ? `${line} ${rest}` : rest;
        if (font.widthOfTextAtSize(candidate, size) > WIDTH) {
          lines.push(line);
          line = rest;
        } else line = candidate;
      }
      lines.push(line);
    }
    return lines;
  }

  text(text: string, options: { size?: number; bold?: boolean; muted?: boolean; gap?: number } = {}): void {
    const size = options.size ?? 10;
    const font = options.bold ? this.bold : this.regular;
    for (const line of this.wrap(text, font, size)) {
      if (this.y - size * 1.4 < MARGIN) this.newPage();
      this.y -= size * 1.4;
      this.page.drawText(line, { x: MARGIN, y: this.y, size, font, color: options.muted ? MUTED : INK });
    }
    this.y -= options.gap ?? 2;
  }

  heading(text: string): void {
    if (this.y - 40 < MARGIN) this.newPage();
    this.y -= 8;
    this.text(text, { size: 13, bold: true, gap: 4 });
  }

  entry(label: string, value: string): void {
    this.text(label, { bold: true, size: 9, gap: 0 });
    this.text(value, { gap: 6 });
  }
}

export interface TipPdfInput {
  detail: TipDetail;
  unitNames: Record<string, string>;
  /** Undefined: not asked for; null: asked for, none left by the tipster. */
  identity?: string | null | undefined;
  locale: Locale;
  timeZone: string;
  generatedAt: Date;
}

/** Renders the tip's PDF. Every string goes through toWinAnsi (standard fonts); never throws on text. */
export async function renderTipPdf(input: TipPdfInput): Promise<Uint8Array> {
  const { detail, locale } = input;
  const tip = detail.tip;
  const l = (key: string, params?: Record<string, unknown>) => t(locale, `tips_pdf.${key}`, params);
  const dateTime = new Intl.DateTimeFormat(locale, {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: input.timeZone,
  });
  const doc = await PDFDocument.create();
  doc.setTitle(toWinAnsi(l('title')));
  doc.setCreator('Filet');
  doc.setProducer('Filet');
  const writer = new TextWriter(
    doc,
    await doc.embedFont(StandardFonts.Helvetica),
    await doc.embedFont(StandardFonts.HelveticaBold),
    l('footer', { date: dateTime.format(input.generatedAt) }),
  );
  writer.text(l('title'), { size: 18, bold: true, gap: 4 });
  writer.text(l('confidential'), { muted: true, gap: 8 });
  writer.entry(l('id'), tip.id);

  writer.heading(l('triage'));
  writer.entry(l('receivedAt'), dateTime.format(tip.received_at));
  writer.entry(l('channel'), t(locale, `report.tips.channels.${tip.channel}`));
  writer.entry(l('source'), l(`sources.${tip.source}`));
  writer.entry(l('category'), t(locale, `report.tips.channels.${tip.category}`));
  writer.entry(l('status'), t(locale, `report.tips.outcomes.${tip.status}`));
  writer.entry(l('priority'), l(`priorities.${tip.priority}`));
  writer.entry(l('unit'), tip.unit_id ? (input.unitNames[tip.unit_id] ?? '—') : '—');
  if (tip.copied_unit_ids.length > 0) {
    writer.entry(l('copied'), tip.copied_unit_ids.map((u) => input.unitNames[u] ?? '—').join(', '));
  }
  if (tip.linked_tip_ids.length > 0) writer.entry(l('links'), tip.linked_tip_ids.join(', '));
  if (tip.disposition) {
    writer.entry(l('disposition'), l(`dispositions.${tip.disposition}`));
    if (detail.dispositionNote) writer.entry(l('dispositionNote'), detail.dispositionNote);
  }
  writer.entry(l('expiresOn'), tip.expires_at);

  writer.heading(l('content'));
  const content = detail.content;
  for (const key of ['facts', 'who', 'where', 'when', 'how', 'online'] as const) {
    const value = content[key];
    if (value) writer.entry(l(`fields.${key}`), value);
  }
  const answers = Object.entries(content.answers ?? {});
  if (answers.length > 0) {
    writer.heading(l('answers'));
    for (const [key, value] of answers) writer.entry(l(`questions.${key}`), value);
  }

  writer.heading(l('attachments'));
  if (detail.attachments.length === 0) writer.text(l('none'));
  detail.attachments.forEach((a, index) => {
    writer.text(l('attachment', { number: index + 1, type: a.mimeType, kb: Math.ceil(a.sizeBytes / 1024) }));
  });

  writer.heading(l('dialogue'));
  if (detail.messages.length === 0) writer.text(l('none'));
  for (const m of detail.messages) {
    writer.entry(`${l(`authors.${m.author}`)} — ${dateTime.format(m.createdAt)}`, m.body);
  }

  writer.heading(l('notes'));
  if (detail.notes.length === 0) writer.text(l('none'));
  for (const n of detail.notes) {
    writer.entry(`${n.authorName ?? '—'} — ${dateTime.format(n.createdAt)}`, n.body);
  }

  if (input.identity !== undefined) {
    writer.heading(l('identity'));
    writer.text(input.identity ?? l('noIdentity'));
  }
  return doc.save();
}

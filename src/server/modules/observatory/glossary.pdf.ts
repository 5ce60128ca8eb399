// The printable glossary (for training): published terms with their meaning in the reader's
// language, the other language's meaning beneath, where and when they were heard. US Letter, standard
// fonts only; every string goes through `toWinAnsi`, so no term can make the rendering fail.

import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from 'pdf-lib';
import type { GlossaryTerm } from '../../../shared/contracts/observatory.js';
import type { Locale } from '../../../shared/roles.js';
import { t } from '../../platform/i18n/i18n.js';
import { toWinAnsi } from '../../platform/reports/pdf-text.js';

const WIDTH = 612;
const HEIGHT = 792;
const MARGIN = 56;
const BOTTOM = MARGIN + 18;
const CONTENT = WIDTH - 2 * MARGIN;
const INK = rgb(0.1, 0.1, 0.12);
const MUTED = rgb(0.33, 0.35, 0.38);

function wrap(text: string, font: PDFFont, size: number, maxWidth: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of toWinAnsi(text).split(' ').filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(candidate, size) <= maxWidth || !line) line = candidate;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  // A single word wider than the line is cut to fit rather than drawn past the margin.
  return lines.map((l) => {
    let cut = l;
    while (cut.length > 1 && font.widthOfTextAtSize(cut, size) > maxWidth) cut = cut.slice(0, -1);
    return cut;
  });
}

/** Renders the published terms as a PDF in `locale`. */
export async function renderGlossaryPdf(
  terms: GlossaryTerm[],
  locale: Locale,
  generatedOn: string,
): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(toWinAnsi(t(locale, 'observatory.pdf.title')));
  doc.setCreator('Filet');
  doc.setProducer('Filet');
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  let page: PDFPage = doc.addPage([WIDTH, HEIGHT]);
  let y = HEIGHT - MARGIN;
  const ensure = (height: number) => {
    if (y - height >= BOTTOM) return;
    page = doc.addPage([WIDTH, HEIGHT]);
    y = HEIGHT - MARGIN;
  };
  const write = (text: string, size: number, font: PDFFont, color = INK, indent = 0) => {
    for (const line of wrap(text, font, size, CONTENT - indent)) {
      ensure(size * 1.35);
      y -= size * 1.35;
      page.drawText(line, { x: MARGIN + indent, y, size, font, color });
    }
  };
  write(t(locale, 'observatory.pdf.title'), 18, bold);
  write(
    t(locale, 'observatory.pdf.subtitle', { date: generatedOn, count: terms.length }),
    10,
    regular,
    MUTED,
  );
  y -= 12;
  if (terms.length === 0) write(t(locale, 'observatory.pdf.empty'), 11, regular);
  const english = locale === 'en-CA';
  for (const term of terms) {
    ensure(60);
    y -= 8;
    write(`${term.term}  (${term.language})`, 12, bold);
    write(english ? term.meaningEn : term.meaningFr, 10, regular, INK, 12);
    write(`${english ? 'FR' : 'EN'} : ${english ? term.meaningFr : term.meaningEn}`, 9, regular, MUTED, 12);
    const places = term.placeTypes.map((p) => t(locale, `observatory.place_types.${p}`)).join(', ');
    const seen =
      term.firstSeen || term.lastSeen
        ? t(locale, 'observatory.pdf.seen', { first: term.firstSeen ?? '…', last: term.lastSeen ?? '…' })
        : '';
    const facts = [places, seen].filter(Boolean).join(' · ');
    if (facts) write(facts, 9, regular, MUTED, 12);
  }
  const pages = doc.getPages();
  pages.forEach((p, index) => {
    const label = toWinAnsi(t(locale, 'observatory.pdf.page', { page: index + 1, pages: pages.length }));
    p.drawText(label, {
      x: WIDTH - MARGIN - regular.widthOfTextAtSize(label, 8),
      y: MARGIN - 20,
      size: 8,
      font: regular,
      color: MUTED,
    });
  });
  return doc.save();
}

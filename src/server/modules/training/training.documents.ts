import ical, { ICalEventStatus } from 'ical-generator';
import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from 'pdf-lib';
import QRCode from 'qrcode';
import type { Locale } from '../../../shared/roles.js';
import { csvCell } from '../../platform/http/csv.js';
import { t } from '../../platform/i18n/i18n.js';
import { toWinAnsi } from '../../platform/reports/pdf-text.js';
import type { ParticipantListRow } from './attendance.repository.js';
import type { CompletionRow } from './completions.repository.js';
import type { DayRow, SessionRow } from './sessions.repository.js';
import type { AttendanceStatus } from './training.table.js';

/** Files of the training programme: session calendar, participant list, attendance sheet, certificate. */

const pick = (locale: Locale, fr: string, en: string) => (locale === 'en-CA' ? en : fr);
const tt = (locale: Locale, key: string, params?: Record<string, unknown>) =>
  t(locale, `training.documents.${key}`, params);

/** The public address where a certificate's code is checked, in the reader's language. */
export function verificationUrl(publicUrl: string, locale: Locale, code: string): string {
  return locale === 'en-CA' ? `${publicUrl}/en/certificates/${code}` : `${publicUrl}/certificats/${code}`;
}

/** iCalendar SEQUENCE of a version of a session: seconds since 2020, growing with each change. */
export function calendarSequence(updatedAt: Date): number {
  return Math.max(0, Math.floor((updatedAt.getTime() - Date.UTC(2020, 0, 1)) / 1000));
}

/**
 * iCalendar text for a session: one event per day, times in UTC (every calendar shows them in its own
 * zone). A cancelled session stays in the file as CANCELLED so calendars remove it.
 */
export function sessionCalendar(
  session: SessionRow,
  days: readonly DayRow[],
  options: { locale: Locale; publicUrl: string; now: Date },
): string {
  const host = new URL(options.publicUrl).host || 'filet';
  const calendar = ical({
    name: pick(options.locale, session.course_title_fr, session.course_title_en),
    prodId: { company: 'Filet', product: 'Filet', language: options.locale === 'en-CA' ? 'EN' : 'FR' },
  });
  const link = `${options.publicUrl}/formation/sessions/${session.id}`;
  for (const [index, day] of days.entries()) {
    calendar.createEvent({
      // The nth day of the session keeps its identifier when it moves, and the sequence grows with
      // every change of the session: a calendar that imports the file again moves the event instead
      // of adding a second one.
      id: `${session.id}-day${index + 1}@${host}`,
      sequence: calendarSequence(session.updated_at),
      start: day.starts_at,
      end: day.ends_at,
      stamp: options.now,
      lastModified: session.updated_at,
      summary: pick(options.locale, session.course_title_fr, session.course_title_en),
      location: session.place ?? session.video_url ?? null,
      url: session.video_url ?? link,
      description: session.video_url ? `${session.video_url}\n${link}` : link,
      status: session.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  return calendar.toString();
}

/** The participant list of a session as CSV (formula-safe cells), in the reader's language. */
export function participantsCsv(locale: Locale, participants: readonly ParticipantListRow[]): string {
  const header = [
    'name',
    'email',
    'organisation',
    'organisationType',
    'profession',
    'status',
    'queue',
    'completed',
  ];
  const lines = [header.map((h) => csvCell(tt(locale, `csv.${h}`))).join(',')];
  for (const p of participants) {
    lines.push(
      [
        csvCell(p.full_name),
        csvCell(p.email),
        csvCell(p.organisation_name),
        csvCell(t(locale, `training.documents.organisationTypes.${p.organisation_type}`)),
        csvCell(p.profession),
        csvCell(tt(locale, `status.${p.status}`)),
        csvCell(p.status === 'waitlisted' ? p.queue_number : null),
        csvCell(p.completed ? tt(locale, 'yes') : tt(locale, 'no')),
      ].join(','),
    );
  }
  return `\ufeff${lines.join('\r\n')}\r\n`;
}

const INK = rgb(0.1, 0.1, 0.12);
const MUTED = rgb(0.33, 0.35, 0.38);
const ACCENT = rgb(0.035, 0.341, 0.592);
const RULE = rgb(0.78, 0.8, 0.83);

function draw(page: PDFPage, text: string, x: number, y: number, font: PDFFont, size: number, color = INK) {
  page.drawText(toWinAnsi(text), { x, y, font, size, color });
}

function clip(text: string, font: PDFFont, size: number, width: number): string {
  let value = toWinAnsi(text);
  if (font.widthOfTextAtSize(value, size) <= width) return value;
  while (value.length > 1 && font.widthOfTextAtSize(`${value}…`, size) > width) value = value.slice(0, -1);
  return `${value}…`;
}

function dateText(locale: Locale, day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y, m - 1, d)),
  );
}

/**
 * The attendance sheet: confirmed participants, one column per day with the mark already recorded
 * (or blank to fill by hand), on landscape Letter pages.
 */
export async function attendanceSheetPdf(
  locale: Locale,
  session: SessionRow,
  days: readonly DayRow[],
  participants: readonly ParticipantListRow[],
  attendance: ReadonlyArray<{ registration_id: string; day: string; status: AttendanceStatus }>,
  timeZone: string,
): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(toWinAnsi(tt(locale, 'attendanceTitle')));
  doc.setProducer('Filet');
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const width = 792;
  const height = 612;
  const margin = 40;
  const confirmed = participants.filter((p) => p.status === 'confirmed');
  const marks = new Map(attendance.map((a) => [`${a.registration_id}:${a.day}`, a.status]));
  const nameWidth = 230;
  const orgWidth = 170;
  const dayWidth = Math.max(60, (width - 2 * margin - nameWidth - orgWidth) / Math.max(1, days.length));
  const rowHeight = 20;
  const title = pick(locale, session.course_title_fr, session.course_title_en);
  const dayLabel = (day: string) =>
    new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(
      new Date(`${day}T12:00:00Z`),
    );

  let page: PDFPage | null = null;
  let y = 0;
  const newPage = () => {
    page = doc.addPage([width, height]);
    y = height - margin;
    draw(page, tt(locale, 'attendanceTitle'), margin, y - 14, bold, 16, ACCENT);
    y -= 34;
    draw(page, clip(title, bold, 12, width - 2 * margin), margin, y, bold, 12);
    y -= 16;
    const place = session.place ?? session.video_url ?? '';
    const first = days[0]
      ? new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone }).format(days[0].starts_at)
      : '';
    draw(page, clip(`${first} · ${place}`, regular, 10, width - 2 * margin), margin, y, regular, 10, MUTED);
    y -= 26;
    draw(page, tt(locale, 'participant'), margin, y, bold, 10);
    draw(page, tt(locale, 'organisation'), margin + nameWidth, y, bold, 10);
    days.forEach((d, i) => {
      draw(page!, dayLabel(d.day), margin + nameWidth + orgWidth + i * dayWidth, y, bold, 10);
    });
    y -= 8;
    page.drawLine({ start: { x: margin, y }, end: { x: width - margin, y }, thickness: 1, color: RULE });
    y -= rowHeight - 6;
  };
  newPage();
  for (const p of confirmed) {
    if (y < margin + 30) newPage();
    const current = page as unknown as PDFPage;
    draw(current, clip(p.full_name, regular, 10, nameWidth - 8), margin, y, regular, 10);
    draw(
      current,
      clip(p.organisation_name ?? '', regular, 9, orgWidth - 8),
      margin + nameWidth,
      y,
      regular,
      9,
      MUTED,
    );
    days.forEach((d, i) => {
      const mark = marks.get(`${p.registration_id}:${d.day}`);
      const x = margin + nameWidth + orgWidth + i * dayWidth;
      if (mark) draw(current, tt(locale, `attendance.${mark}`), x, y, regular, 10);
      else
        current.drawRectangle({
          x,
          y: y - 3,
          width: dayWidth - 14,
          height: 14,
          borderColor: RULE,
          borderWidth: 1,
        });
    });
    y -= 6;
    current.drawLine({ start: { x: margin, y }, end: { x: width - margin, y }, thickness: 0.5, color: RULE });
    y -= rowHeight - 6;
  }
  if (confirmed.length === 0)
    draw(page as unknown as PDFPage, tt(locale, 'nobody'), margin, y, regular, 10, MUTED);
  const pages = doc.getPages();
  pages.forEach((p, i) => {
    draw(
      p,
      tt(locale, 'page', { page: i + 1, pages: pages.length }),
      width - margin - 60,
      margin - 20,
      regular,
      8,
      MUTED,
    );
  });
  return doc.save();
}

/**
 * A certificate: name, course, date (and expiry), the verification code and a QR code pointing to the
 * public verification page. Portrait Letter.
 */
export async function certificatePdf(
  locale: Locale,
  completion: CompletionRow,
  publicUrl: string,
): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(toWinAnsi(tt(locale, 'certificateTitle')));
  doc.setProducer('Filet');
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const width = 612;
  const height = 792;
  const page = doc.addPage([width, height]);
  const centre = (text: string, y: number, font: PDFFont, size: number, color = INK) => {
    const value = clip(text, font, size, width - 100);
    page.drawText(value, { x: (width - font.widthOfTextAtSize(value, size)) / 2, y, font, size, color });
  };
  page.drawRectangle({
    x: 30,
    y: 30,
    width: width - 60,
    height: height - 60,
    borderColor: ACCENT,
    borderWidth: 2,
  });
  centre(tt(locale, 'certificateTitle'), height - 130, bold, 26, ACCENT);
  centre(tt(locale, 'certifies'), height - 190, regular, 13, MUTED);
  centre(completion.full_name, height - 230, bold, 22);
  centre(tt(locale, 'completed'), height - 270, regular, 13, MUTED);
  centre(pick(locale, completion.course_title_fr, completion.course_title_en), height - 305, bold, 15);
  centre(tt(locale, 'on', { date: dateText(locale, completion.completed_on) }), height - 340, regular, 13);
  if (completion.expires_on) {
    centre(
      tt(locale, 'validUntil', { date: dateText(locale, completion.expires_on) }),
      height - 365,
      regular,
      12,
      MUTED,
    );
  }
  const url = verificationUrl(publicUrl, locale, completion.certificate_code ?? '');
  const png = await QRCode.toBuffer(url, { errorCorrectionLevel: 'M', margin: 1, width: 300 });
  const image = await doc.embedPng(png);
  page.drawImage(image, { x: (width - 140) / 2, y: 170, width: 140, height: 140 });
  centre(tt(locale, 'code', { code: completion.certificate_code ?? '' }), 140, bold, 12);
  centre(tt(locale, 'verify'), 118, regular, 10, MUTED);
  centre(url, 102, regular, 9, ACCENT);
  centre(tt(locale, 'issuer'), 60, regular, 9, MUTED);
  return doc.save();
}

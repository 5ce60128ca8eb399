/**
 * One CSV cell (RFC 4180 quoting). Numbers are written as they are; a text a spreadsheet would take
 * for a formula (= + - @, or a tab or carriage return before one) is prefixed with an apostrophe, so
 * opening an export runs nothing.
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let text = value;
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  // Semicolons too: spreadsheets set to French often split on them.
  return /[",;\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

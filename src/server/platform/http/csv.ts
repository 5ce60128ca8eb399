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

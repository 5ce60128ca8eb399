import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';

/** Reading Filet's CSV exports back in tests. */

/** A small RFC 4180 reader (quoted cells, doubled quotes, CRLF between rows), enough for what Filet writes. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  // A last row without its line break.
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

/** The lines of a CSV download, its byte-order mark dropped; the answer must be a 200 in text/csv. */
export function csvLines(response: LightMyRequestResponse): string[] {
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toContain('text/csv');
  return response.body
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n');
}

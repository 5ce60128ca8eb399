import { parse } from 'node:querystring';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.js';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Values of an HTML form as posted: one string per field, an array when a field repeats. */
export type FormBody = Record<string, string | string[]>;

/**
 * Parses HTML form posts (`application/x-www-form-urlencoded`) for the routes of the calling plugin:
 * the server-rendered public pages, which work without JavaScript. Badly encoded bytes and the null
 * character (which PostgreSQL cannot store in text) are refused with a clear, translated 400 before
 * any route runs, so nothing reaches the database half-checked.
 */
export function acceptFormPosts(app: FastifyInstance, options: { bodyLimit: number }): void {
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'buffer', bodyLimit: options.bodyLimit },
    (_request, body: Buffer, done) => {
      let text: string;
      try {
        text = strictUtf8.decode(body);
      } catch {
        done(new AppError('invalid_encoding', 400), undefined);
        return;
      }
      // `parse` decodes percent escapes (a `%00` becomes the character itself) and `+` as a space.
      const fields = parse(text) as FormBody;
      for (const [name, value] of Object.entries(fields)) {
        const values = Array.isArray(value) ? value : [value];
        if (name.includes('\u0000') || values.some((v) => v.includes('\u0000'))) {
          done(new AppError('invalid_characters', 400), undefined);
          return;
        }
      }
      done(null, fields);
    },
  );
}

import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../../../test/support/app.js';
import { toAppError } from './errors.plugin.js';

describe('errors that reach the handler', () => {
  it('answers the database’s refusal of the null character as the client’s bad input, not a server fault', async () => {
    // What PostgreSQL really raises for a null character in text, caught from the database itself.
    const t = await createTestApp();
    try {
      const refused = await t.platform.db
        .selectNoFrom((eb) => eb.val('a\u0000b').as('text'))
        .execute()
        .then(
          () => null,
          (error: unknown) => error as Error,
        );
      expect(refused).not.toBeNull();
      const mapped = toAppError(refused!);
      expect(mapped.code).toBe('invalid_characters');
      expect(mapped.status).toBe(400);
    } finally {
      await t.close();
    }
  });

  it('keeps unknown failures as a bare 500', () => {
    const mapped = toAppError(new Error('connection reset'));
    expect(mapped.code).toBe('internal');
    expect(mapped.status).toBe(500);
  });
});

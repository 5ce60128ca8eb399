import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  FormTokens,
  formatReceipt,
  hashReceipt,
  newReceipt,
  normaliseReceipt,
  roundToHour,
  Throttle,
} from './tips.secrets.js';

describe('receipts', () => {
  it('are 16 random digits, read back with spaces or dashes', () => {
    const receipts = new Set(Array.from({ length: 200 }, newReceipt));
    expect(receipts.size).toBe(200);
    for (const receipt of receipts) expect(receipt).toMatch(/^[1-9]\d{15}$/);
    expect(normaliseReceipt('1234 5678-9012 3456')).toBe('1234567890123456');
    expect(normaliseReceipt('123')).toBeNull();
    expect(normaliseReceipt('12345678901234567')).toBeNull();
    expect(formatReceipt('1234567890123456')).toBe('1234 5678 9012 3456');
  });

  it('hash deterministically under a key: another key gives another hash', async () => {
    const key = randomBytes(32);
    const a = await hashReceipt(key, '1234567890123456');
    expect(await hashReceipt(key, '1234567890123456')).toBe(a);
    expect(await hashReceipt(randomBytes(32), '1234567890123456')).not.toBe(a);
    expect(await hashReceipt(key, '1234567890123457')).not.toBe(a);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('form tokens', () => {
  const start = new Date('2026-01-01T12:00:00Z');
  const later = (ms: number) => new Date(start.getTime() + ms);

  it('must be old enough, young enough, genuine, for their purpose, and used once', () => {
    const tokens = new FormTokens(randomBytes(32), 5_000, 3_600_000);
    const token = tokens.issue('tip', start);
    expect(tokens.check(token, 'tip', later(1_000))).toBe('too_early');
    expect(tokens.check(token, 'tip', later(6_000))).toBe('ok');
    expect(tokens.check(token, 'follow-up', later(6_000))).toBe('invalid');
    expect(tokens.check(token, 'tip', later(3_700_000))).toBe('invalid');
    expect(tokens.check(`${token.slice(0, -2)}xx`, 'tip', later(6_000))).toBe('invalid');
    expect(new FormTokens(randomBytes(32), 5_000, 3_600_000).check(token, 'tip', later(6_000))).toBe(
      'invalid',
    );
    tokens.use(token, later(6_000));
    expect(tokens.check(token, 'tip', later(7_000))).toBe('invalid');
    expect(tokens.check('garbage', 'tip', later(7_000))).toBe('invalid');
  });
});

describe('throttle', () => {
  it('limits each client and everyone together, per window', () => {
    const throttle = new Throttle(2, 3, 60_000);
    const now = new Date('2026-01-01T12:00:00Z');
    expect(throttle.take('198.51.100.1', now)).toBe(true);
    expect(throttle.take('198.51.100.1', now)).toBe(true);
    expect(throttle.take('198.51.100.1', now)).toBe(false);
    expect(throttle.take('198.51.100.2', now)).toBe(false);
    expect(throttle.take('198.51.100.1', new Date(now.getTime() + 60_000))).toBe(true);
  });
});

it('rounds times down to the hour', () => {
  expect(roundToHour(new Date('2026-03-10T14:59:59.999Z')).toISOString()).toBe('2026-03-10T14:00:00.000Z');
});

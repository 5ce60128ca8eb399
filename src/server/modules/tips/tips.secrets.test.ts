import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  FormTokens,
  formatReceipt,
  hashReceipt,
  newReceipt,
  newReceiptTicket,
  normaliseReceipt,
  openReceipt,
  receiptTicketId,
  roundToHour,
  sealReceipt,
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

  it('must be old enough, young enough, genuine and for their purpose', () => {
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
    expect(tokens.check('garbage', 'tip', later(7_000))).toBe('invalid');
  });

  it('are spent by their nonce, kept until their expiry rounded up to the hour', () => {
    const tokens = new FormTokens(randomBytes(32), 5_000, 4 * 3_600_000);
    const token = tokens.issue('tip', new Date('2026-01-01T12:17:43.512Z'));
    const spent = tokens.spendable(token);
    expect(spent.nonce).toBe(token.split('.')[2]);
    expect(spent.until.toISOString()).toBe('2026-01-01T17:00:00.000Z');
    expect(tokens.spendable(tokens.issue('tip', start)).nonce).not.toBe(spent.nonce);
  });
});

describe('receipt tickets', () => {
  it('seal a receipt that opens only with its own ticket and the same secret', () => {
    const secret = randomBytes(32);
    const ticket = newReceiptTicket();
    const sealed = sealReceipt(secret, ticket, '1234567890123456');
    expect(sealed).not.toContain('1234567890123456');
    expect(openReceipt(secret, ticket, sealed)).toBe('1234567890123456');
    expect(openReceipt(secret, newReceiptTicket(), sealed)).toBeNull();
    expect(openReceipt(randomBytes(32), ticket, sealed)).toBeNull();
    expect(openReceipt(secret, ticket, `${sealed.slice(0, -4)}AAAA`)).toBeNull();
    expect(receiptTicketId(ticket)).toMatch(/^[0-9a-f]{64}$/);
    expect(receiptTicketId(ticket)).not.toContain(ticket);
  });
});

it('rounds times down to the hour', () => {
  expect(roundToHour(new Date('2026-03-10T14:59:59.999Z')).toISOString()).toBe('2026-03-10T14:00:00.000Z');
});

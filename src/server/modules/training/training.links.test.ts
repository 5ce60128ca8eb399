import { describe, expect, it } from 'vitest';
import { isCurrent, readLink, signLink, verifyLink } from './training.links.js';

const secret = Buffer.alloc(32, 7);
const other = Buffer.alloc(32, 8);
const id = '3f0c6a2e-8d1b-4c4e-9a55-2b7d0e1f4a6c';
const now = new Date('2026-09-01T12:00:00Z');
const later = new Date('2026-10-01T12:00:00Z');

describe('signed links', () => {
  it('open the record they were made for until they expire', () => {
    const token = signLink(secret, 'training-cancellation', id, later);
    expect(readLink(secret, 'training-cancellation', token, now)).toEqual({
      id,
      version: 0,
      expiresAt: later,
    });
    expect(readLink(secret, 'training-cancellation', token, new Date(later.getTime() + 1000))).toBeNull();
    // Past its expiry the signature still holds: a page can tell "expired" from "forged".
    expect(verifyLink(secret, 'training-cancellation', token)).toEqual({ id, version: 0, expiresAt: later });
  });

  it('open nothing for another purpose or under another secret', () => {
    const token = signLink(secret, 'training-cancellation', id, later);
    expect(readLink(secret, 'training-evaluation', token, now)).toBeNull();
    expect(readLink(secret, 'training-invitation', token, now)).toBeNull();
    expect(readLink(secret, 'training-offer', token, now)).toBeNull();
    expect(readLink(other, 'training-cancellation', token, now)).toBeNull();
  });

  it('refuse a changed record, a changed expiry and malformed tokens', () => {
    const token = signLink(secret, 'training-evaluation', id, later);
    const [, mac] = token.split('.');
    const otherId = `${id.slice(0, -1)}d`;
    const moved = Buffer.from(`${otherId}.${Math.floor(later.getTime() / 1000)}`).toString('base64url');
    expect(readLink(secret, 'training-evaluation', `${moved}.${mac}`, now)).toBeNull();
    const extended = Buffer.from(`${id}.${Math.floor(later.getTime() / 1000) + 86_400}`).toString(
      'base64url',
    );
    expect(readLink(secret, 'training-evaluation', `${extended}.${mac}`, now)).toBeNull();
    for (const bad of ['', '.', 'abc', `${token}.x`, `${token}x`, 'é.é', 'x'.repeat(400)]) {
      expect(readLink(secret, 'training-evaluation', bad, now), bad).toBeNull();
    }
  });

  it('name the version of the record they were made for, version 0 in the form of the earlier links', () => {
    const seconds = Math.floor(later.getTime() / 1000);
    const legacy = signLink(secret, 'training-offer', id, later);
    expect(Buffer.from(legacy.split('.')[0]!, 'base64url').toString()).toBe(`${id}.${seconds}`);
    expect(signLink(secret, 'training-offer', id, later, 0)).toBe(legacy);
    const renewed = signLink(secret, 'training-offer', id, later, 3);
    expect(Buffer.from(renewed.split('.')[0]!, 'base64url').toString()).toBe(`${id}.3.${seconds}`);
    const claims = readLink(secret, 'training-offer', renewed, now)!;
    expect(claims).toEqual({ id, version: 3, expiresAt: later });
    expect(isCurrent(claims, { link_version: 3 })).toBe(true);
    expect(isCurrent(claims, { link_version: 4 })).toBe(false);
    expect(isCurrent(readLink(secret, 'training-offer', legacy, now)!, { link_version: 3 })).toBe(false);

    // The version cannot be changed, added or removed without the signature failing.
    const [, mac] = renewed.split('.');
    for (const payload of [
      `${id}.4.${seconds}`,
      `${id}.${seconds}`,
      `${id}.0.${seconds}`,
      `${id}.03.${seconds}`,
    ]) {
      const forged = `${Buffer.from(payload).toString('base64url')}.${mac}`;
      expect(readLink(secret, 'training-offer', forged, now), payload).toBeNull();
    }
  });
});

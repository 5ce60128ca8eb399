import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fanoutNotificationId, isUuid, packIds, unpackIds } from './fanout-ids.js';

describe('fan-out ids', () => {
  it('packs person ids 16 bytes each and unpacks them in order, lower-case', () => {
    const ids = [randomUUID(), randomUUID().toUpperCase(), randomUUID()];
    const packed = packIds(ids);
    expect(packed.length).toBe(48);
    expect(unpackIds(packed)).toEqual(ids.map((id) => id.toLowerCase()));
    expect(unpackIds(packIds([]))).toEqual([]);
  });

  it('refuses anything that is not a uuid', () => {
    expect(() => packIds([randomUUID(), "x'); drop table people; --"])).toThrow(/person ids/);
    expect(() => packIds(['0000000-0000-4000-8000-000000000000'])).toThrow(/person ids/);
  });

  it('derives a distinct, valid notification id per recipient from the fan-out id', () => {
    const fanout = randomUUID();
    const ids = [0, 1, 255, 18_999, 0xffffffff].map((i) => fanoutNotificationId(fanout, i));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(isUuid(id)).toBe(true);
      expect(id.slice(0, 28)).toBe(fanout.slice(0, 28));
    }
    expect(ids[0]!.slice(28)).toBe('00000000');
    expect(ids[3]!.slice(28)).toBe('00004a37');
  });
});

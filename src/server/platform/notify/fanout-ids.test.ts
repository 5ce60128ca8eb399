import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { packIds, unpackIds } from './fanout-ids.js';

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
});

/**
 * Pure helpers of notification fan-outs: recipient ids packed 16 bytes each (what
 * `notification_fanouts.recipients` holds).
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** Value of each hex digit by char code; -1 for anything else. */
const HEX = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) {
  HEX['0123456789abcdef'.charCodeAt(i)] = i;
  HEX['0123456789ABCDEF'.charCodeAt(i)] = i;
}
const DASH = 45;

/**
 * Packs uuids into 16 bytes each, in order. Throws on anything that is not a uuid. A hand-written
 * loop: 19,000 ids take a few milliseconds, where regular expressions and hex decoding per id took tens.
 */
export function packIds(ids: readonly string[]): Buffer {
  const packed = Buffer.allocUnsafe(ids.length * 16);
  let at = 0;
  for (const id of ids) {
    if (
      id.length !== 36 ||
      id.charCodeAt(8) !== DASH ||
      id.charCodeAt(13) !== DASH ||
      id.charCodeAt(18) !== DASH ||
      id.charCodeAt(23) !== DASH
    ) {
      throw new Error('notify: recipients must be person ids');
    }
    for (let i = 0; i < 36; i += 2) {
      if (i === 8 || i === 13 || i === 18 || i === 23) i++;
      const high = HEX[id.charCodeAt(i)] ?? -1;
      const low = HEX[id.charCodeAt(i + 1)] ?? -1;
      if (high < 0 || low < 0) throw new Error('notify: recipients must be person ids');
      packed[at++] = (high << 4) | low;
    }
  }
  return packed;
}

/** The uuids `packIds` packed, lower-case, in order. */
export function unpackIds(packed: Uint8Array): string[] {
  const bytes = Buffer.from(packed.buffer, packed.byteOffset, packed.byteLength);
  const ids: string[] = new Array(Math.floor(bytes.length / 16));
  for (let i = 0; i < ids.length; i++) {
    const hex = bytes.toString('hex', i * 16, i * 16 + 16);
    ids[i] =
      `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
  return ids;
}

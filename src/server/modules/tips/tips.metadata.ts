/**
 * Removes metadata (EXIF with GPS, XMP, IPTC, comments, text chunks) from pictures before they are
 * stored: a picture sent to the tip line must not carry where and when it was taken, nor the device or
 * the author. Only the segments needed to display the image are kept. A file that cannot be parsed is
 * refused (MetadataError) rather than stored as is.
 */

export class MetadataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MetadataError';
  }
}

/** JPEG application segments kept: APP0 (JFIF), APP2 (ICC colour profile), APP14 (Adobe colour transform). */
const JPEG_KEPT_APP = new Set([0xe0, 0xe2, 0xee]);

export function stripJpeg(input: Buffer): Buffer {
  if (input.length < 4 || input[0] !== 0xff || input[1] !== 0xd8) throw new MetadataError('not a JPEG');
  const parts: Buffer[] = [input.subarray(0, 2)];
  let offset = 2;
  while (offset < input.length) {
    if (input[offset] !== 0xff) throw new MetadataError('bad JPEG marker');
    // Fill bytes (0xFF repeated) before a marker.
    let markerAt = offset;
    while (input[markerAt + 1] === 0xff) markerAt += 1;
    const marker = input[markerAt + 1];
    if (marker === undefined) throw new MetadataError('truncated JPEG');
    if (marker === 0xd9) {
      parts.push(input.subarray(markerAt, markerAt + 2));
      return Buffer.concat(parts);
    }
    // Markers without a length: TEM and restart markers.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      parts.push(input.subarray(markerAt, markerAt + 2));
      offset = markerAt + 2;
      continue;
    }
    if (markerAt + 4 > input.length) throw new MetadataError('truncated JPEG');
    const length = input.readUInt16BE(markerAt + 2);
    const end = markerAt + 2 + length;
    if (length < 2 || end > input.length) throw new MetadataError('bad JPEG segment length');
    if (marker === 0xda) {
      // Start of scan: the compressed image data follows up to the end; copy it unchanged.
      parts.push(input.subarray(markerAt));
      return Buffer.concat(parts);
    }
    const isApp = marker >= 0xe0 && marker <= 0xef;
    const drop = (isApp && !JPEG_KEPT_APP.has(marker)) || marker === 0xfe;
    if (!drop) parts.push(input.subarray(markerAt, end));
    offset = end;
  }
  throw new MetadataError('JPEG without image data');
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** PNG chunks dropped: text of every kind, EXIF, the modification time. */
const PNG_DROPPED = new Set(['tEXt', 'iTXt', 'zTXt', 'eXIf', 'tIME']);

export function stripPng(input: Buffer): Buffer {
  if (!input.subarray(0, 8).equals(PNG_SIGNATURE)) throw new MetadataError('not a PNG');
  const parts: Buffer[] = [PNG_SIGNATURE];
  let offset = 8;
  while (offset < input.length) {
    if (offset + 12 > input.length) throw new MetadataError('truncated PNG');
    const length = input.readUInt32BE(offset);
    const type = input.subarray(offset + 4, offset + 8).toString('latin1');
    const end = offset + 12 + length;
    if (end > input.length) throw new MetadataError('bad PNG chunk length');
    if (!PNG_DROPPED.has(type)) parts.push(input.subarray(offset, end));
    offset = end;
    if (type === 'IEND') return Buffer.concat(parts);
  }
  throw new MetadataError('PNG without IEND');
}

/** WebP: drops the EXIF and XMP chunks and clears their flags in the VP8X header. */
export function stripWebp(input: Buffer): Buffer {
  if (
    input.subarray(0, 4).toString('latin1') !== 'RIFF' ||
    input.subarray(8, 12).toString('latin1') !== 'WEBP'
  ) {
    throw new MetadataError('not a WebP');
  }
  const parts: Buffer[] = [];
  let offset = 12;
  while (offset < input.length) {
    if (offset + 8 > input.length) throw new MetadataError('truncated WebP');
    const type = input.subarray(offset, offset + 4).toString('latin1');
    const size = input.readUInt32LE(offset + 4);
    const end = offset + 8 + size + (size % 2);
    if (offset + 8 + size > input.length) throw new MetadataError('bad WebP chunk size');
    if (type === 'VP8X') {
      const chunk = Buffer.from(input.subarray(offset, Math.min(end, input.length)));
      // Flags byte: bit 3 = EXIF, bit 2 = XMP.
      chunk[8] = (chunk[8] ?? 0) & ~0x0c;
      parts.push(chunk);
    } else if (type !== 'EXIF' && type !== 'XMP ') {
      parts.push(input.subarray(offset, Math.min(end, input.length)));
    }
    offset = end;
  }
  const body = Buffer.concat(parts);
  const header = Buffer.alloc(12);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(body.length + 4, 4);
  header.write('WEBP', 8, 'latin1');
  return Buffer.concat([header, body]);
}

/** Strips a picture by its sniffed type; other types (PDF) are returned unchanged. */
export function stripMetadata(type: string, content: Buffer): Buffer {
  if (type === 'image/jpeg') return stripJpeg(content);
  if (type === 'image/png') return stripPng(content);
  if (type === 'image/webp') return stripWebp(content);
  return content;
}

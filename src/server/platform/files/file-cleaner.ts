import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFName,
  type PDFObject,
  PDFRawStream,
  PDFRef,
  PDFStream,
} from 'pdf-lib';
import sharp from 'sharp';
import type { AcceptedType } from './file-store.js';

/**
 * Removes what a file says about where, when, on what and by whom it was made, before Filet stores it:
 * a picture sent to the tip line or a youth-centre profile photo must not carry GPS coordinates, a
 * device, an author or a second hidden picture. Pictures are decoded and encoded again (nothing but
 * pixels survives); PDFs are rewritten from their reachable objects without their document
 * information, XMP packets or earlier revisions. A file that cannot be cleaned is refused
 * (UncleanableFileError), never stored as sent.
 */
export class UncleanableFileError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UncleanableFileError';
  }
}

export interface CleanOptions {
  /** Longest side of a picture once cleaned, in pixels (smaller pictures keep their size). */
  maxSide?: number;
}

/** Pictures larger than this many pixels are refused before decoding (a small file can hide a huge one). */
export const MAX_INPUT_PIXELS = 50_000_000;
/** Longest side kept by default: a phone's full photo is read comfortably, a scrolled screenshot too. */
export const DEFAULT_MAX_SIDE = 6_000;
/** Lossy re-encoding quality (JPEG, WebP): invisible loss, text in screenshots stays sharp. */
export const IMAGE_QUALITY = 85;

/** Cleans a file whose type was sniffed from its content. Throws UncleanableFileError. */
export async function cleanFile(
  type: AcceptedType,
  content: Buffer,
  options: CleanOptions = {},
): Promise<Buffer> {
  if (type === 'application/pdf') return cleanPdf(content);
  return cleanImage(type, content, options.maxSide ?? DEFAULT_MAX_SIDE);
}

/**
 * Decodes the first picture of the file, turns it upright by its EXIF orientation, and encodes the
 * pixels again in the same format. sharp writes no metadata unless asked (`keepMetadata`, never called
 * here), so EXIF, XMP, IPTC, ICC profiles, comments, text chunks, secondary pictures (MPF, Motion
 * Photo) and bytes after the end of the image are all left behind; colours are converted to sRGB.
 */
async function cleanImage(type: Exclude<AcceptedType, 'application/pdf'>, input: Buffer, maxSide: number) {
  try {
    const pipeline = sharp(input, { failOn: 'error', limitInputPixels: MAX_INPUT_PIXELS, pages: 1 })
      .autoOrient()
      .resize({ width: maxSide, height: maxSide, fit: 'inside', withoutEnlargement: true });
    if (type === 'image/jpeg') return await pipeline.jpeg({ quality: IMAGE_QUALITY }).toBuffer();
    if (type === 'image/png') return await pipeline.png().toBuffer();
    return await pipeline.webp({ quality: IMAGE_QUALITY }).toBuffer();
  } catch (error) {
    throw new UncleanableFileError('picture cannot be decoded', { cause: error });
  }
}

/** Keys that carry metadata in any PDF dictionary (catalog, pages, images, forms). */
const PDF_METADATA_KEYS = ['Metadata', 'PieceInfo', 'LastModified'].map((key) => PDFName.of(key));

function isDctStream(stream: PDFRawStream): boolean {
  const filter = stream.dict.get(PDFName.of('Filter'));
  if (filter instanceof PDFName) return filter === PDFName.of('DCTDecode');
  return filter instanceof PDFArray && filter.size() === 1 && filter.get(0) === PDFName.of('DCTDecode');
}

/**
 * Rewrites a PDF with only what its pages need: no document information dictionary (title, author,
 * subject, keywords, creator, producer, dates), no file identifier, no XMP packet or application
 * data anywhere, no EXIF inside embedded JPEG pictures, and none of the objects that only earlier
 * revisions (incremental updates) still referred to — pdf-lib writes a new file from the objects kept.
 * Encrypted or unreadable PDFs are refused.
 */
async function cleanPdf(input: Buffer): Promise<Buffer> {
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(input, { updateMetadata: false, throwOnInvalidObject: true });
  } catch (error) {
    throw new UncleanableFileError('PDF cannot be read', { cause: error });
  }
  const { context } = doc;
  context.trailerInfo.Info = undefined;
  context.trailerInfo.ID = undefined;
  const root = context.trailerInfo.Root;
  if (!(root instanceof PDFRef)) throw new UncleanableFileError('PDF without catalog');

  // Walk from the catalog, dropping metadata keys on the way: what is not reached is not written.
  const reached = new Set<PDFRef>([root]);
  const stack: PDFObject[] = [root];
  const replacements: Array<[PDFRef, PDFRawStream]> = [];
  while (stack.length > 0) {
    const object = stack.pop()!;
    if (object instanceof PDFRef) {
      const target = context.lookup(object);
      if (target instanceof PDFRawStream && isDctStream(target)) {
        replacements.push([object, target]);
      }
      if (target) stack.push(target);
      continue;
    }
    const dict = object instanceof PDFDict ? object : object instanceof PDFStream ? object.dict : null;
    if (dict) {
      for (const key of PDF_METADATA_KEYS) dict.delete(key);
      for (const [, value] of dict.entries()) pushChild(value);
    } else if (object instanceof PDFArray) {
      for (const value of object.asArray()) pushChild(value);
    }
  }
  function pushChild(value: PDFObject) {
    if (value instanceof PDFRef) {
      if (reached.has(value)) return;
      reached.add(value);
    }
    stack.push(value);
  }
  for (const [ref] of context.enumerateIndirectObjects()) {
    if (!reached.has(ref)) context.delete(ref);
  }
  for (const [ref, stream] of replacements) {
    const cleaned = stripJpegSegments(Buffer.from(stream.contents));
    stream.dict.set(PDFName.of('Length'), context.obj(cleaned.length));
    context.assign(ref, PDFRawStream.of(stream.dict, cleaned));
  }
  // Plain objects (no object streams): what is kept can be read, and checked, as written.
  return Buffer.from(await doc.save({ useObjectStreams: false, updateFieldAppearances: false }));
}

/**
 * JPEG segments kept, by marker: frame headers, tables, scans and restart intervals; APP14 (Adobe)
 * because it tells how colours were stored. Every other APPn (EXIF, XMP, MPF, ICC, IPTC) and comments go.
 */
function keptJpegMarker(marker: number): boolean {
  if (marker === 0xee) return true;
  if (marker >= 0xe0 && marker <= 0xef) return false;
  return marker !== 0xfe;
}

/**
 * Removes metadata segments from a JPEG without decoding it (pictures embedded in PDFs, whose pixels
 * must stay exactly as the page shows them), and whatever follows the end-of-image marker.
 */
export function stripJpegSegments(input: Buffer): Buffer {
  if (input.length < 4 || input[0] !== 0xff || input[1] !== 0xd8)
    throw new UncleanableFileError('not a JPEG');
  const parts: Buffer[] = [input.subarray(0, 2)];
  let offset = 2;
  while (offset < input.length) {
    if (input[offset] !== 0xff) throw new UncleanableFileError('bad JPEG marker');
    let at = offset;
    while (input[at + 1] === 0xff) at += 1;
    const marker = input[at + 1];
    if (marker === undefined) break;
    if (marker === 0xd9) {
      parts.push(input.subarray(at, at + 2));
      return Buffer.concat(parts);
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      parts.push(input.subarray(at, at + 2));
      offset = at + 2;
      continue;
    }
    if (at + 4 > input.length) throw new UncleanableFileError('truncated JPEG');
    const end = at + 2 + input.readUInt16BE(at + 2);
    if (end > input.length || end < at + 4) throw new UncleanableFileError('bad JPEG segment length');
    if (keptJpegMarker(marker)) parts.push(input.subarray(at, end));
    offset = end;
    if (marker === 0xda) {
      // Entropy-coded data runs to the next marker that is neither a stuffed 0xFF00 nor a restart.
      let scan = offset;
      while (scan + 1 < input.length) {
        if (input[scan] === 0xff) {
          const next = input[scan + 1]!;
          if (next !== 0x00 && next !== 0xff && !(next >= 0xd0 && next <= 0xd7)) break;
        }
        scan += 1;
      }
      parts.push(input.subarray(offset, scan));
      offset = scan;
      if (scan + 1 >= input.length) break;
    }
  }
  throw new UncleanableFileError('JPEG without end of image');
}

import { crc32, inflateSync } from 'node:zlib';
import { PDFDocument, PDFHexString, PDFName, PDFString, StandardFonts } from 'pdf-lib';
import sharp from 'sharp';

/**
 * Files that carry where, when and by whom they were made, built in the test (no binary fixture):
 * every place a picture or a PDF can hide GPS coordinates, an author or a device. Each marker is a
 * distinctive fictional string that must never be found in what Filet stores.
 */
export const MARKERS = {
  exifArtist: 'Artiste-Canari-Exif',
  exifGps: 'GPS 45.5017 N 73.5673 W Canari',
  xmpGps: '45,30.1017N',
  xmpCreator: 'Createur-Canari-Xmp',
  secondImage: 'Second-Canari-Mpf',
  trailer: 'Video-Canari-Motion',
  pngText: 'Auteur-Canari-Png',
  pngPrivate: 'Prive-Canari-Png',
  webpUnknown: 'Inconnu-Canari-Webp',
  pdfAuthor: 'Auteur-Canari-Pdf',
  pdfOldAuthor: 'Ancien-Auteur-Canari-Pdf',
  pdfProducer: 'Producteur-Canari-Pdf',
  pdfXmp: 'Xmp-Canari-Pdf',
} as const;

/** Coordinates as text, the way XMP and text chunks write them. */
export const COORDINATES = ['45.5017', '73.5673', '45,30.1017'];

const xmp = (body: string) =>
  `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/" exif:GPSLatitude="${MARKERS.xmpGps}" exif:GPSLongitude="73,34.0380W"><dc:creator>${body}</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;

const EXIF = {
  IFD0: {
    Artist: MARKERS.exifArtist,
    ImageDescription: MARKERS.exifGps,
    Make: 'Canari',
    Model: 'Canari-Phone',
  },
  IFD3: {
    GPSLatitudeRef: 'N',
    GPSLatitude: '45/1 30/1 6/1',
    GPSLongitudeRef: 'W',
    GPSLongitude: '73/1 34/1 2/1',
  },
};

/** A picture with some detail, so encoders have real work to do. */
function picture(width: number, height: number) {
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0; i < pixels.length; i += 1) pixels[i] = (i * 37 + (i >> 7) * 11) & 0xff;
  return sharp(pixels, { raw: { width, height, channels: 3 } });
}

function jpegSegment(marker: number, body: Buffer): Buffer {
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([head, body]);
}

/** 64×48 JPEG, EXIF with GPS in APP1, turned by its orientation tag (6: displayed 48×64). */
export async function jpegWithExif(): Promise<Buffer> {
  const exif = await picture(64, 48).jpeg().withMetadata({ orientation: 6 }).withExifMerge(EXIF).toBuffer();
  const orientation = (await sharp(exif).metadata()).orientation;
  if (orientation !== 6) throw new Error(`orientation ${orientation} written instead of 6`);
  return exif;
}

/** 64×48 JPEG with GPS and a creator in an XMP packet (APP1). */
export async function jpegWithXmp(): Promise<Buffer> {
  return picture(64, 48).jpeg().withXmp(xmp(MARKERS.xmpCreator)).toBuffer();
}

/**
 * 64×48 JPEG carrying a second picture the way phones do: an MPF index in APP2, a second JPEG with its
 * own EXIF after the first one's end, then Motion Photo style video bytes with coordinates.
 */
export async function jpegWithSecondImage(): Promise<Buffer> {
  const first = await picture(64, 48).jpeg().toBuffer();
  const second = await picture(16, 12)
    .jpeg()
    .withExif({ IFD0: { Artist: MARKERS.secondImage, ImageDescription: MARKERS.exifGps }, IFD3: EXIF.IFD3 })
    .toBuffer();
  const mpf = jpegSegment(0xe2, Buffer.from(`MPF\0MM\0*${MARKERS.secondImage} ${MARKERS.exifGps}`, 'latin1'));
  const video = Buffer.from(`\0\0\0\x18ftypmp42${MARKERS.trailer} ${MARKERS.exifGps}`, 'latin1');
  return Buffer.concat([first.subarray(0, 2), mpf, first.subarray(2), second, video]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** 64×48 PNG with eXIf, tEXt, iTXt (XMP), a time stamp and a private ancillary chunk, CRCs correct. */
export async function pngWithChunks(): Promise<Buffer> {
  const plain = await picture(64, 48).png().toBuffer();
  const iend = plain.length - 12;
  const exif = await picture(8, 8).jpeg().withExif(EXIF).toBuffer();
  // The TIFF body of the EXIF segment (after "Exif\0\0"), as the eXIf chunk holds it.
  const tiffAt = exif.indexOf(Buffer.from('Exif\0\0', 'latin1')) + 6;
  const tiffLength = exif.readUInt16BE(tiffAt - 8) - 8;
  const extra = Buffer.concat([
    pngChunk('eXIf', exif.subarray(tiffAt, tiffAt + tiffLength)),
    pngChunk('tEXt', Buffer.from(`Author\0${MARKERS.pngText} ${MARKERS.exifGps}`, 'latin1')),
    pngChunk('iTXt', Buffer.from(`XML:com.adobe.xmp\0\0\0\0\0${xmp(MARKERS.xmpCreator)}`, 'utf8')),
    pngChunk('tIME', Buffer.from([7, 234, 3, 10, 14, 0, 0])),
    pngChunk('prVt', Buffer.from(`${MARKERS.pngPrivate} ${MARKERS.exifGps}`, 'latin1')),
  ]);
  return Buffer.concat([plain.subarray(0, iend), extra, plain.subarray(iend)]);
}

/** 64×48 WebP with EXIF and XMP chunks (VP8X flags set) and an unknown chunk at the end. */
export async function webpWithChunks(): Promise<Buffer> {
  const base = await picture(64, 48).webp().withExif(EXIF).withXmp(xmp(MARKERS.xmpCreator)).toBuffer();
  const data = Buffer.from(`${MARKERS.webpUnknown} ${MARKERS.exifGps}`, 'latin1');
  const head = Buffer.alloc(8);
  head.write('ZZZZ', 0, 'latin1');
  head.writeUInt32LE(data.length, 4);
  const out = Buffer.concat([base, head, data, data.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)]);
  out.writeUInt32LE(out.length - 8, 4);
  return out;
}

/**
 * A one-page PDF whose information dictionary names an author, a producer, a creator, a title, a
 * subject and keywords, whose catalog holds an XMP packet, whose page shows a JPEG that keeps its
 * EXIF, and that was then edited in place: an incremental update gives it a new information
 * dictionary while the first revision's one (with the old author) stays in the file.
 */
export async function pdfWithMetadata(): Promise<Buffer> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const page = doc.addPage([300, 200]);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  page.drawText('Page fictive lisible', { x: 20, y: 150, size: 14, font });
  const photo = await doc.embedJpg(await picture(32, 24).jpeg().withExif(EXIF).toBuffer());
  page.drawImage(photo, { x: 20, y: 20, width: 64, height: 48 });
  doc.setTitle(`Titre ${MARKERS.pdfOldAuthor}`);
  doc.setAuthor(MARKERS.pdfOldAuthor);
  doc.setSubject(MARKERS.exifGps);
  doc.setKeywords([MARKERS.pdfOldAuthor]);
  doc.setCreator(MARKERS.pdfOldAuthor);
  doc.setProducer(MARKERS.pdfProducer);
  doc.setCreationDate(new Date('2026-03-10T14:23:17Z'));
  doc.setModificationDate(new Date('2026-03-10T14:23:17Z'));
  const packet = doc.context.stream(xmp(MARKERS.pdfXmp), {
    Type: 'Metadata',
    Subtype: 'XML',
  });
  doc.catalog.set(PDFName.of('Metadata'), doc.context.register(packet));
  const first = Buffer.from(await doc.save({ useObjectStreams: false }));

  // The incremental update: a new object, a cross-reference section for it, a trailer pointing back.
  const text = first.toString('latin1');
  const previousXref = Number(/startxref\s+(\d+)/.exec(text.slice(text.lastIndexOf('startxref')))![1]);
  const size = Number(/\/Size (\d+)/.exec(text.slice(text.lastIndexOf('trailer')))![1]);
  const root = /\/Root (\d+ \d+ R)/.exec(text.slice(text.lastIndexOf('trailer')))![1];
  const infoAt = first.length + 1;
  const info = `${size} 0 obj\n<< /Author ${PDFString.of(MARKERS.pdfAuthor).toString()} /Producer ${PDFHexString.fromText(MARKERS.pdfProducer).toString()} /Creator (Canari) /Title (${MARKERS.pdfAuthor}) /ModDate (D:20260310142317Z) >>\nendobj\n`;
  const xrefAt = infoAt + info.length;
  const update =
    `\n${info}xref\n0 1\n0000000000 65535 f \n${size} 1\n${String(infoAt).padStart(10, '0')} 00000 n \n` +
    `trailer\n<< /Size ${size + 1} /Root ${root} /Info ${size} 0 R /Prev ${previousXref} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.concat([first, Buffer.from(update, 'latin1')]);
}

/**
 * Everything a reader could find in a file, as text: the bytes themselves, PDF streams inflated, and
 * PDF strings written in hexadecimal (UTF-16 or not) decoded.
 */
export function readableText(file: Buffer): string {
  const parts = [file.toString('latin1'), file.toString('utf8')];
  const text = file.toString('latin1');
  for (const match of text.matchAll(/stream\r?\n/g)) {
    const start = match.index + match[0].length;
    const end = text.indexOf('endstream', start);
    if (end < 0) continue;
    try {
      parts.push(inflateSync(file.subarray(start, end)).toString('latin1'));
    } catch {
      // Not deflated (or not a stream): its bytes are already in the first part.
    }
  }
  for (const match of text.matchAll(/<([0-9A-Fa-f\s]{4,})>/g)) {
    const bytes = Buffer.from(match[1]!.replace(/\s/g, ''), 'hex');
    parts.push(bytes.toString('latin1'));
    if (bytes[0] === 0xfe && bytes[1] === 0xff && bytes.length % 2 === 0) {
      parts.push(Buffer.from(bytes.subarray(2)).swap16().toString('utf16le'));
    }
  }
  return parts.join('\n');
}

/** The markers and coordinates found in a file (an empty list for a clean one). */
export function leaks(file: Buffer): string[] {
  const text = readableText(file);
  return [...Object.values(MARKERS), ...COORDINATES, 'Canari'].filter((marker) => text.includes(marker));
}

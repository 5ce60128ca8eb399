import { crc32 } from 'node:zlib';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import {
  jpegWithExif,
  jpegWithSecondImage,
  jpegWithXmp,
  leaks,
  pdfWithMetadata,
  pngWithChunks,
  webpWithChunks,
} from '../../../../test/support/files.js';
import { pdfText } from '../../../../test/support/pdf.js';
import { cleanFile, stripJpegSegments, UncleanableFileError } from './file-cleaner.js';
import { sniffType } from './file-store.js';

async function expectCleanPicture(input: Buffer, format: string, width: number, height: number) {
  expect(leaks(input).length, 'the generated file carries its markers').toBeGreaterThan(0);
  const type = sniffType(input)!;
  const output = await cleanFile(type, input);
  expect(leaks(output)).toEqual([]);
  expect(sniffType(output)).toBe(type);
  const meta = await sharp(output).metadata();
  expect(meta).toMatchObject({ format, width, height });
  expect(meta.exif).toBeUndefined();
  expect(meta.xmp).toBeUndefined();
  expect(meta.icc).toBeUndefined();
  expect(meta.iptc).toBeUndefined();
  // It still decodes, whole.
  const { info } = await sharp(output).raw().toBuffer({ resolveWithObject: true });
  expect([info.width, info.height]).toEqual([width, height]);
  return output;
}

describe('file cleaning', () => {
  it('drops EXIF with GPS from a JPEG and turns it upright first', async () => {
    // Orientation 6: stored 64×48, shown 48×64.
    await expectCleanPicture(await jpegWithExif(), 'jpeg', 48, 64);
  });

  it('drops an XMP packet with GPS from a JPEG', async () => {
    await expectCleanPicture(await jpegWithXmp(), 'jpeg', 64, 48);
  });

  it('drops a second picture (MPF) and the video bytes after the end of a JPEG', async () => {
    const output = await expectCleanPicture(await jpegWithSecondImage(), 'jpeg', 64, 48);
    // One picture only: a single start-of-image marker.
    expect(output.indexOf(Buffer.from([0xff, 0xd8, 0xff]), 2)).toBe(-1);
  });

  it('drops eXIf, text, XMP, time and unknown chunks from a PNG', async () => {
    const output = await expectCleanPicture(await pngWithChunks(), 'png', 64, 48);
    for (const chunk of ['eXIf', 'tEXt', 'iTXt', 'zTXt', 'tIME', 'prVt']) {
      expect(output.toString('latin1')).not.toContain(chunk);
    }
  });

  it('drops EXIF, XMP and unknown chunks from a WebP', async () => {
    const output = await expectCleanPicture(await webpWithChunks(), 'webp', 64, 48);
    for (const chunk of ['EXIF', 'XMP ', 'ZZZZ']) expect(output.toString('latin1')).not.toContain(chunk);
  });

  it('shrinks a picture beyond the longest side allowed, keeping its proportions', async () => {
    const output = await cleanFile('image/jpeg', await jpegWithXmp(), { maxSide: 32 });
    expect(await sharp(output).metadata()).toMatchObject({ width: 32, height: 24 });
  });

  it('rewrites a PDF without its information, XMP, file identifier, earlier revisions or EXIF in pictures', async () => {
    const input = await pdfWithMetadata();
    const found = leaks(input);
    for (const marker of [
      'Auteur-Canari-Pdf',
      'Ancien-Auteur-Canari-Pdf',
      'Producteur-Canari-Pdf',
      'Xmp-Canari-Pdf',
      'Artiste-Canari-Exif',
    ]) {
      expect(found, marker).toContain(marker);
    }
    const output = await cleanFile('application/pdf', input);
    expect(leaks(output)).toEqual([]);
    const text = output.toString('latin1');
    for (const key of [
      '/Info',
      '/Metadata',
      '/Author',
      '/Producer',
      '/Creator',
      '/CreationDate',
      '/ModDate',
      '/ID',
      '/Prev',
    ]) {
      expect(text, key).not.toContain(key);
    }
    // One revision only.
    expect(text.match(/%%EOF/g)).toHaveLength(1);
    const doc = await PDFDocument.load(output, { updateMetadata: false });
    expect(doc.getPageCount()).toBe(1);
    expect(doc.getAuthor()).toBeUndefined();
    expect(doc.getProducer()).toBeUndefined();
    expect(await pdfText(output)).toContain('Page fictive lisible');
    // The picture on the page is still there and still decodes.
    const start = text.indexOf('stream', text.indexOf('/DCTDecode')) + 'stream\n'.length;
    const jpeg = output.subarray(start, text.indexOf('endstream', start));
    expect(await sharp(jpeg).metadata()).toMatchObject({ format: 'jpeg', width: 32, height: 24 });
    expect((await sharp(jpeg).metadata()).exif).toBeUndefined();
  });

  it('refuses what it cannot clean rather than storing it as sent', async () => {
    const jpeg = await jpegWithExif();
    await expect(cleanFile('image/jpeg', jpeg.subarray(0, 200))).rejects.toThrow(UncleanableFileError);
    await expect(
      cleanFile('image/png', Buffer.from('\x89PNG\r\n\x1a\n pas une image', 'latin1')),
    ).rejects.toThrow(UncleanableFileError);
    await expect(cleanFile('application/pdf', Buffer.from('%PDF-1.4 fictif'))).rejects.toThrow(
      UncleanableFileError,
    );
    // Encrypted: its content cannot be rewritten without the password.
    const pdf = (await pdfWithMetadata()).toString('latin1');
    const at = pdf.lastIndexOf('<< /Size');
    const encrypted = Buffer.from(
      `${pdf.slice(0, at)}<< /Encrypt << /Filter /Standard /V 1 /R 2 /O <00> /U <00> /P -4 >> ${pdf.slice(at + 3)}`,
      'latin1',
    );
    await expect(cleanFile('application/pdf', encrypted)).rejects.toThrow(UncleanableFileError);
    // A decompression bomb: a small file announcing a huge picture (here 10,000 × 6,000) is refused
    // before decoding.
    const huge = Buffer.from(
      await sharp({ create: { width: 8, height: 8, channels: 3, background: '#fff' } })
        .png()
        .toBuffer(),
    );
    huge.writeUInt32BE(10_000, 16);
    huge.writeUInt32BE(6_000, 20);
    huge.writeUInt32BE(crc32(huge.subarray(12, 29)), 29);
    expect((await sharp(huge).metadata()).width).toBe(10_000);
    await expect(cleanFile('image/png', huge)).rejects.toThrow(UncleanableFileError);
  });

  it('strips metadata segments of an embedded JPEG without touching its image data', async () => {
    const input = await jpegWithSecondImage();
    const output = stripJpegSegments(input);
    expect(leaks(output)).toEqual([]);
    const plain = await sharp(input).raw().toBuffer();
    expect((await sharp(output).raw().toBuffer()).equals(plain)).toBe(true);
  });
});

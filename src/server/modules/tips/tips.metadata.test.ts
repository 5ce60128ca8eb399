import { describe, expect, it } from 'vitest';
import { MetadataError, stripJpeg, stripMetadata, stripPng, stripWebp } from './tips.metadata.js';

function segment(marker: number, body: Buffer): Buffer {
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([head, body]);
}

const GPS = 'GPSLatitude 45.5017 N GPSLongitude 73.5673 W Author Personne-Fictive';

function jpegWithExif(): Buffer {
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    segment(0xe0, Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0', 'latin1')),
    segment(0xe1, Buffer.from(`Exif\0\0${GPS}`, 'latin1')),
    segment(0xed, Buffer.from('Photoshop 3.0\0IPTC Byline Personne-Fictive', 'latin1')),
    segment(0xfe, Buffer.from('Commentaire Personne-Fictive', 'latin1')),
    segment(0xdb, Buffer.alloc(65, 1)),
    segment(0xda, Buffer.from([1, 1, 0, 0, 0x3f, 0])),
    Buffer.from([0x12, 0x34, 0xff, 0x00, 0x56, 0xff, 0xd9]),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  // The CRC is copied as is by the stripper, so a placeholder does here.
  return Buffer.concat([head, data, Buffer.alloc(4)]);
}

function pngWithText(): Buffer {
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0])),
    chunk('tEXt', Buffer.from(`Author\0${GPS}`, 'latin1')),
    chunk('iTXt', Buffer.from(`XML:com.adobe.xmp\0\0\0\0\0${GPS}`, 'latin1')),
    chunk('zTXt', Buffer.from('Comment\0\0xx', 'latin1')),
    chunk('eXIf', Buffer.from(`MM\0*${GPS}`, 'latin1')),
    chunk('tIME', Buffer.from([7, 234, 3, 10, 14, 0, 0])),
    chunk('IDAT', Buffer.from([0x78, 0x9c, 0x63, 0, 0, 0, 2, 0, 1])),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function riffChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.write(type, 0, 'latin1');
  head.writeUInt32LE(data.length, 4);
  return Buffer.concat([head, data, data.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)]);
}

function webpWithExif(): Buffer {
  const body = Buffer.concat([
    riffChunk('VP8X', Buffer.from([0x0c, 0, 0, 0, 0, 0, 0, 0, 0, 0])),
    riffChunk('VP8L', Buffer.from([0x2f, 0, 0, 0, 0])),
    riffChunk('EXIF', Buffer.from(`MM\0*${GPS}`, 'latin1')),
    riffChunk('XMP ', Buffer.from(GPS, 'latin1')),
  ]);
  const header = Buffer.alloc(12);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(body.length + 4, 4);
  header.write('WEBP', 8, 'latin1');
  return Buffer.concat([header, body]);
}

describe('metadata stripping', () => {
  it('drops EXIF/GPS, IPTC and comments from a JPEG and keeps the image data', () => {
    const input = jpegWithExif();
    const output = stripJpeg(input);
    const text = output.toString('latin1');
    expect(text).not.toContain('GPSLatitude');
    expect(text).not.toContain('Personne-Fictive');
    expect(text).toContain('JFIF');
    expect(output.subarray(-7).equals(Buffer.from([0x12, 0x34, 0xff, 0x00, 0x56, 0xff, 0xd9]))).toBe(true);
    expect(output[0]).toBe(0xff);
    expect(output[1]).toBe(0xd8);
  });

  it('drops text, EXIF and time chunks from a PNG and keeps the image chunks', () => {
    const output = stripPng(pngWithText());
    const text = output.toString('latin1');
    for (const type of ['tEXt', 'iTXt', 'zTXt', 'eXIf', 'tIME']) expect(text).not.toContain(type);
    expect(text).not.toContain('GPSLatitude');
    for (const type of ['IHDR', 'IDAT', 'IEND']) expect(text).toContain(type);
  });

  it('drops EXIF and XMP from a WebP, clears their flags and fixes the RIFF size', () => {
    const output = stripWebp(webpWithExif());
    expect(output.toString('latin1')).not.toContain('GPSLatitude');
    expect(output.readUInt32LE(4)).toBe(output.length - 8);
    expect(output[20]! & 0x0c).toBe(0);
    expect(output.toString('latin1')).toContain('VP8L');
  });

  it('refuses damaged pictures and leaves PDFs alone', () => {
    expect(() => stripJpeg(jpegWithExif().subarray(0, 30))).toThrow(MetadataError);
    expect(() => stripPng(pngWithText().subarray(0, 40))).toThrow(MetadataError);
    expect(() => stripPng(Buffer.from('not a png'))).toThrow(MetadataError);
    const pdf = Buffer.from('%PDF-1.4 fictif');
    expect(stripMetadata('application/pdf', pdf)).toBe(pdf);
  });
});

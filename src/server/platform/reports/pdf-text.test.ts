import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { toWinAnsi } from './pdf-text.js';

describe('toWinAnsi', () => {
  it('keeps French as it is written', () => {
    const french = 'Élèves à l’école « ça » œuvre · Œil côté Noël — 12 € … “ici” ‘là’ Ÿ ß';
    expect(toWinAnsi(french)).toBe(french);
  });

  it('maps the spaces and signs of formatted numbers and typography to safe equivalents', () => {
    expect(toWinAnsi('1\u202f234,5\u00a0%')).toBe('1 234,5 %');
    expect(toWinAnsi('a\u2011b \u2212 3 \u2264 4 \u2265 2 \u2192 ok')).toBe('a-b - 3 <= 4 >= 2 -> ok');
    expect(toWinAnsi('zero\u200bwidth\ufeff')).toBe('zerowidth');
    expect(toWinAnsi('ligne\nsuivante\ttab')).toBe('ligne suivante tab');
  });

  it('composes decomposed accents and strips those WinAnsi cannot draw', () => {
    expect(toWinAnsi('e\u0301te\u0301')).toBe('été');
    expect(toWinAnsi('Łódź ő ﬁn x²')).toBe('?ódz o fin x²');
    expect(toWinAnsi('ĉ ŝ')).toBe('c s');
  });

  it('puts a question mark for what has no equivalent, never throws, drops control characters', () => {
    expect(toWinAnsi('emoji 🙂 中文 Ω')).toBe('emoji ? ?? ?');
    expect(toWinAnsi('\u0000\u0007bell\u0085')).toBe('bell');
    expect(toWinAnsi('')).toBe('');
  });

  it('yields only characters the standard fonts encode', async () => {
    const doc = await PDFDocument.create();
    const fonts = [
      await doc.embedFont(StandardFonts.Helvetica),
      await doc.embedFont(StandardFonts.HelveticaBold),
    ];
    let everything = '';
    for (let code = 0; code < 0x3000; code += 1) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      everything += String.fromCodePoint(code);
    }
    everything += '🙂𝔸';
    const safe = toWinAnsi(everything);
    for (const font of fonts) {
      const charset = new Set(font.getCharacterSet());
      const outside = [...safe].filter((c) => !charset.has(c.codePointAt(0)!));
      expect(outside).toEqual([]);
      expect(() => font.encodeText(safe)).not.toThrow();
    }
  });
});

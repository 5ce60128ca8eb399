/**
 * The PDF's standard fonts (Helvetica) only encode WinAnsi (Windows-1252). French fits in it
 * (é è à ç ô œ « » ’ ·), but the text of a report also carries characters that do not: the narrow
 * no-break space of French number formatting, typographic hyphens, mathematical signs, emoji, other
 * scripts. pdf-lib throws on those, so every string drawn goes through `toWinAnsi` first: it keeps what
 * WinAnsi holds, maps the usual outsiders to a safe equivalent, strips accents it cannot draw, and
 * puts `?` for the rest. It never throws.
 */

/** The 27 characters Windows-1252 places in 0x80–0x9F, beyond Latin-1. */
const CP1252_EXTRA = '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ';

function isWinAnsi(codePoint: number): boolean {
  if (codePoint >= 0x20 && codePoint <= 0x7e) return true;
  // 0xA0 (no-break space) and 0xAD (soft hyphen) are mapped below: some viewers drop them.
  if (codePoint > 0xa0 && codePoint <= 0xff && codePoint !== 0xad) return true;
  return CP1252_EXTRA.includes(String.fromCodePoint(codePoint));
}

const REPLACEMENTS: Record<string, string> = {
  '\u00a0': ' ',
  '\u00ad': '',
  '\u2002': ' ',
  '\u2003': ' ',
  '\u2004': ' ',
  '\u2005': ' ',
  '\u2006': ' ',
  '\u2007': ' ',
  '\u2008': ' ',
  '\u2009': ' ',
  '\u200a': ' ',
  '\u202f': ' ',
  '\u205f': ' ',
  '\u3000': ' ',
  '\t': ' ',
  '\n': ' ',
  '\r': ' ',
  '\u200b': '',
  '\u200c': '',
  '\u200d': '',
  '\u2060': '',
  '\ufeff': '',
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2015': '—',
  '\u2212': '-',
  '\u2032': "'",
  '\u2033': '"',
  '\u201b': '‘',
  '\u201f': '“',
  '\u2027': '·',
  '\u2219': '·',
  '\u22c5': '·',
  '\u2264': '<=',
  '\u2265': '>=',
  '\u2260': '!=',
  '\u2248': '~',
  '\u2190': '<-',
  '\u2192': '->',
  '\u2194': '<->',
  '\u21d2': '=>',
  '\u2713': 'v',
  '\u2714': 'v',
  '\u2717': 'x',
  '\u2718': 'x',
  '\u2153': '1/3',
  '\u2154': '2/3',
  '\u215b': '1/8',
  '\u2116': 'No',
};

/** Text drawable with a standard PDF font: every character is in WinAnsi. Pure; never throws. */
export function toWinAnsi(text: string): string {
  let out = '';
  for (const char of text.normalize('NFC')) {
    const codePoint = char.codePointAt(0)!;
    const replacement = REPLACEMENTS[char];
    if (replacement !== undefined) {
      out += replacement;
    } else if (isWinAnsi(codePoint)) {
      out += char;
    } else if (codePoint < 0x20 || (codePoint >= 0x7f && codePoint < 0xa0)) {
      // control characters draw nothing
    } else {
      out += fallback(char);
    }
  }
  return out;
}

/** A compatibility decomposition (ﬁ → fi, ² → 2, ő → o) when it fits WinAnsi, else `?`. */
function fallback(char: string): string {
  const decomposed = char.normalize('NFKD').replace(/\p{M}/gu, '');
  if (decomposed && [...decomposed].every((c) => isWinAnsi(c.codePointAt(0)!))) return decomposed;
  return '?';
}

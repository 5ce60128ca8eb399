/**
 * De-identification checker for consultation texts (issue 14). A front-line worker describes a situation
 * to the pivots "de-identified by design": the web form calls `findIdentifiers` as the worker types to
 * highlight what looks identifying, and the server calls the same function to refuse a text that still
 * contains any finding. The only way past it is to rewrite the text; there is no override flag.
 *
 * What it catches (French first, English too; both languages are always checked because workers mix them):
 * - phone: North American numbers however written — 514 555-0123, (514) 555 0123, 514.555.0123,
 *   +1 514 555 0123, 1-514-555-0199, 5145550123, a 7-digit 555-0123, with "poste", "ext.", "x" or "#".
 *   Toll-free numbers (800, 888…) are left alone: they are help lines and organisations.
 * - email: anything@domain.tld.
 * - url_profile: links to a profile on Instagram, TikTok, Snapchat, Facebook, X/Twitter, OnlyFans,
 *   Telegram, WhatsApp, Linktree, YouTube, Twitch, Discord, Reddit, LinkedIn (with a path after the domain).
 * - handle: "@name"; "snap: x", "insta: x", "ig: x", "tiktok = x", "pseudo : x"; and "insta x" / "snap x"
 *   when x looks like a handle (has a digit, "_" or "." in it).
 * - address: a civic number with a street type, French ("123 rue Sainte-Catherine Est",
 *   "4500, boul. Saint-Laurent", "12, 3e Avenue", "app. 3") and English ("12 Main St", "40 5th Avenue").
 * - postal_code: Canadian postal codes (H2X 1Y4, h2x1y4, H2X-1Y4).
 * - date_of_birth / date: full dates (12/03/2009, 2009-03-12, 12 mars 2009, March 12, 2009); a date is
 *   reported as date_of_birth when a birth cue comes just before it (né·e le, date de naissance, DDN, DOB,
 *   born, anniversaire, fête), and a day and month without a year ("née le 3 mai") only with such a cue.
 * - plate: Québec plates in capitals (ABC 123, 123 ABC, A12 BCD, F123456) and any 5–7 letters and digits
 *   right after "plaque", "immatriculation", "plate" or "licence".
 * - name: a capitalised common first name from the list below (a few hundred Québec / Canadian given
 *   names; common given names alone are not personal data, which is why they can live in code), compound
 *   ones (Marie-Ève, Jean-Philippe), with the capitalised word after it taken as the surname; and a
 *   capitalised word after M., Mme, Mlle, Madame, Monsieur, Mademoiselle, Me (Maître), Mr, Mrs, Ms, Miss,
 *   Dr, Dre. A name introduced by a cue counts whatever its case: "elle s'appelle jessica tremblay",
 *   "prénommée léa", "her name is jess", "Nom : gagnon" (the word after the cue, and a second one after a
 *   known given name or in capitals); "s'appelle", "se nomme", "named" only after a person ("son chum
 *   s'appelle tito", not "la méthode s'appelle loverboy").
 * - health_number: a Québec health card (RAMQ), four letters and eight digits starting with a birth date
 *   (TREJ 1103 0312, TREJ11030312), or any four letters and eight digits after "RAMQ" / "carte soleil".
 * - id_number: a social insurance number, nine digits as 123456789, 123 456 789 or 123-456-789 (never an
 *   amount), in any grouping after NAS, SIN or "numéro d'assurance sociale".
 * - case_number: a file, case or event number after dossier, DPJ, no de dossier, événement, file, case
 *   ("dossier DPJ 2024-12345", "case #4521"); a year or a span of years is not one.
 * - handle also covers Discord tags (jess#1234).
 *
 * The detectors read a normalised copy of the text, so that typography cannot hide a number: each
 * character in NFKC (full-width digits and letters, ligatures, unusual spaces), hyphens and the dashes
 * next to a digit as "-", zero-width and other invisible characters removed, and seven or more lone digits
 * with single spaces between them ("8 1 9 5 5 5 0 1 9 9") joined. Every finding still points into the
 * original text: its excerpt is exactly what the worker typed.
 *
 * What it deliberately leaves alone: ages ("15 ans"), event dates without a year ("le 3 mai"), a sentence
 * that starts with a capital, months, weekdays, place types, organisation words (Centre, Maison, École,
 * Police, DPJ, CLSC…) and a name that is part of an institution or a place (École Marie-Victorin,
 * station Jean-Talon, Saint-Laurent). First names that are also ordinary words (Rose, Claire, May, Will,
 * Noël…) count only with a surname or a title after or before them.
 *
 * What it cannot catch — it is a safety net, not a guarantee: surnames alone ("Tremblay a dit"), names
 * typed in lower case without a cue, first names missing from the list, digits spaced out in pairs or
 * with mixed separators ("81 95 55 01 99"), nicknames, a street named without a civic
 * number, the name of a small school or a workplace, a rare combination of facts that identifies a
 * youth on its own, numbers written out in words, handles written without a cue or a digit. The worker
 * remains responsible for the text; the checker only catches the usual slips.
 *
 * Findings contain the identifying excerpt itself: neither the text nor the findings may be logged or
 * audited; log `identifierKinds(findings)` at most.
 */

export const IDENTIFIER_KINDS = [
  'phone',
  'email',
  'handle',
  'url_profile',
  'address',
  'postal_code',
  'date_of_birth',
  'date',
  'plate',
  'health_number',
  'id_number',
  'case_number',
  'name',
] as const;

export type IdentifierKind = (typeof IDENTIFIER_KINDS)[number];

/** One thing in the text that looks identifying: `text.slice(start, end) === excerpt` (UTF-16 offsets). */
export interface IdentifierFinding {
  kind: IdentifierKind;
  start: number;
  end: number;
  excerpt: string;
}

// When two detectors claim overlapping text, the earlier kind here wins (an e-mail holds an "@name",
// a profile link holds a handle, a street number is not a plate).
const PRIORITY: readonly IdentifierKind[] = [
  'url_profile',
  'email',
  'phone',
  'postal_code',
  'date_of_birth',
  'date',
  'health_number',
  'id_number',
  'case_number',
  'address',
  'handle',
  'plate',
  'name',
];

interface Candidate {
  kind: IdentifierKind;
  start: number;
  end: number;
}

/** Strips accents and case so "Élodie", "elodie" and a decomposed "Élodie" compare equal. */
function fold(word: string): string {
  return word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

// Boundaries that understand accented letters (`\b` does not).
const NOT_AFTER_WORD = '(?<![\\p{L}\\p{M}\\p{N}_])';
const NOT_BEFORE_WORD = '(?![\\p{L}\\p{M}\\p{N}_])';

function scan(
  text: string,
  pattern: RegExp,
  kind: IdentifierKind | ((m: RegExpExecArray) => IdentifierKind | null),
  out: Candidate[],
  // Length of a leading cue ("snap: ") the match needs but that is not itself the identifier.
  lead: (m: RegExpExecArray) => number = () => 0,
): void {
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    if (m[0].length === 0) {
      pattern.lastIndex++;
      continue;
    }
    const k = typeof kind === 'function' ? kind(m) : kind;
    if (k !== null) out.push({ kind: k, start: m.index + lead(m), end: m.index + m[0].length });
  }
}

// ---- phones ---------------------------------------------------------------------------------------------

const SEP = '[ .\\-\\u00a0]?';
const PHONE = new RegExp(
  `(?<![\\p{L}\\p{N}+])` +
    `(?:(?:\\+\\s?1|1)${SEP})?(?:\\(\\s?[2-9]\\d{2}\\s?\\)\\s?|[2-9]\\d{2}${SEP})[2-9]\\d{2}${SEP}\\d{4}` +
    `(?:\\s*,?\\s*(?:poste|post\\.|p\\.|ext\\.?|extension|x|#)\\s*\\d{1,6})?` +
    `(?!\\d)`,
  'giu',
);
// A local number without area code only with a dash or a dot, and never a money or percent range.
const LOCAL_PHONE = /(?<![\p{L}\p{N}.\-/$]|[\d)][ \u00a0]?)[2-9]\d{2}[.-]\d{4}(?![\d.\-/]|\s?(?:\$|%|k\b))/gu;

// Toll-free lines (1 800 …, 1 888 …) belong to organisations and help lines, which workers cite freely.
function isTollFree(phone: string): boolean {
  const digits = phone.replace(/\D/g, '');
  const national = digits.length > 10 && digits.startsWith('1') ? digits.slice(1) : digits;
  return /^8(00|33|44|55|66|77|88)/.test(national);
}

// ---- e-mail, profiles, handles ---------------------------------------------------------------------------

// The lookbehind starts a match only at the start of a run, which keeps a long run of letters linear.
const EMAIL = /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;

const PROFILE = new RegExp(
  `(?:https?:\\/\\/)?(?:(?:www|m|vm|web|mobile)\\.)?` +
    '(?:instagram\\.com|instagr\\.am|tiktok\\.com|snapchat\\.com|facebook\\.com|fb\\.com|fb\\.me|m\\.me|' +
    'x\\.com|twitter\\.com|onlyfans\\.com|t\\.me|telegram\\.me|wa\\.me|linktr\\.ee|youtube\\.com|youtu\\.be|' +
    'twitch\\.tv|discord\\.gg|discord\\.com|reddit\\.com|linkedin\\.com|threads\\.net|kik\\.me)' +
    `\\/[^\\s,;()<>"']*[^\\s,;()<>"'.!?:]`,
  'giu',
);

const AT_HANDLE =
  /(?<![\p{L}\p{N}._%+\-@])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?(?![A-Za-z0-9_@])/gu;

const PLATFORM =
  '(?:snap(?:chat)?|insta(?:gram)?|ig|tik\\s?tok|tiktok|facebook|fb|messenger|discord|telegram|kik|twitter|' +
  "twitch|threads|whatsapp|onlyfans|pseudo|username|user\\s?name|nom\\s+d['’]utilisateur|identifiant)";
// "snap: x", "ig = x", "tiktok -> x": whatever follows the cue is the handle.
const CUE_HANDLE = new RegExp(
  `(${NOT_AFTER_WORD}(?:${PLATFORM}|x|tt|of|wa)\\s*(?::|=|->|→)\\s*)(@?[\\p{L}\\p{N}_.](?:[\\p{L}\\p{N}_.\\-]{0,28}[\\p{L}\\p{N}_])?)`,
  'giu',
);
// "insta jade_99", "son snap c'est lea.b": only a token that looks like a handle.
const LOOSE_HANDLE = new RegExp(
  `(${NOT_AFTER_WORD}${PLATFORM}\\s+(?:(?:c['’]est|est|is|:)\\s+)?)` +
    '(@?(?=[A-Za-z0-9_.]*[A-Za-z])(?=[A-Za-z0-9_.]*[0-9_.][A-Za-z0-9_.]*(?![A-Za-z0-9_.]))[A-Za-z0-9_](?:[A-Za-z0-9_.]{1,28}[A-Za-z0-9_]))' +
    NOT_BEFORE_WORD,
  'giu',
);

// ---- addresses and postal codes --------------------------------------------------------------------------

/** Case-insensitive pattern for one word, for regular expressions that cannot take the `i` flag. */
function ci(word: string): string {
  return [...word]
    .map((c) => {
      const lower = c.toLowerCase();
      const upper = c.toUpperCase();
      if (c === '.') return '\\.';
      return lower === upper ? c : `[${lower}${upper}]`;
    })
    .join('');
}

const FR_STREET_TYPES = `
rue boulevard boul. boul bd blvd avenue av. ave chemin ch. rang route rte place pl. montée montee
côte cote croissant crois. terrasse allée allee impasse promenade carré carre square ruelle
autoroute sentier
`
  .trim()
  .split(/\s+/);
const EN_STREET_TYPES = `
street st. st avenue ave. ave road rd. rd boulevard blvd. blvd drive dr. dr crescent cres. cres
court ct. ct lane ln way place pl. terrace highway hwy circle parkway
`
  .trim()
  .split(/\s+/);
const alternation = (words: string[]) =>
  [...new Set(words)]
    .sort((a, b) => b.length - a.length)
    .map(ci)
    .join('|');

// Inner dots allowed ("St-Jean", "Ste.-Foy"), never a sentence's full stop at the end.
const CAP_WORD = "[\\p{Lu}](?:[\\p{L}\\p{M}'’.\\-]*[\\p{L}\\p{M}])?";
const NAME_WORD = "[\\p{L}\\p{N}](?:[\\p{L}\\p{M}\\p{N}'’.\\-]*[\\p{L}\\p{M}\\p{N}])?";
const DIRECTION = '(?:Est|Ouest|Nord|Sud|East|West|North|South|E\\.?|O\\.?|N\\.?|S\\.?|W\\.?)';
const UNIT = `(?:${ci('appartement')}|${ci('app')}\\.?|${ci('apt')}\\.?|${ci('unité')}|${ci('unit')}|${ci('logement')}|#)\\s*#?\\s*\\d{1,5}[A-Za-z]?`;
// "123A rue", but not the ordinal of "3e rang" / "3e avenue".
const CIVIC = '\\d{1,5}(?:[\\-–]\\d{1,5})?[A-DF-Za-df-z]?';

const FR_ADDRESS = new RegExp(
  `${NOT_AFTER_WORD}(?:${UNIT}\\s*[,\\-–]\\s*)?${CIVIC},?\\s+` +
    `(?:(?:${alternation(FR_STREET_TYPES)})${NOT_BEFORE_WORD}\\s+` +
    `(?:(?:${ci('de la')}|${ci('du')}|${ci('des')}|${ci('de')})\\s+|[dDlL]['’]\\s*)?${NAME_WORD}` +
    `|\\d{1,3}(?:e|re|er|ème|eme)\\s+(?:${alternation(['avenue', 'rue', 'rang', 'chemin'])})${NOT_BEFORE_WORD})` +
    `(?:\\s+(?:${CAP_WORD}|\\d+)){0,3}(?:\\s+${DIRECTION}${NOT_BEFORE_WORD})?` +
    `(?:\\s*,?\\s*${UNIT})?`,
  'gu',
);
const EN_ADDRESS = new RegExp(
  `${NOT_AFTER_WORD}(?:${UNIT}\\s*[,\\-–]\\s*)?${CIVIC}\\s+(?:${DIRECTION}\\s+)?` +
    `(?:${CAP_WORD}|\\d{1,3}(?:st|nd|rd|th))(?:\\s+${CAP_WORD}){0,2}\\s+(?:${alternation(EN_STREET_TYPES)})${NOT_BEFORE_WORD}` +
    `(?:\\s+${DIRECTION}${NOT_BEFORE_WORD})?(?:\\s*,?\\s*${UNIT})?`,
  'gu',
);
const UNIT_ALONE = new RegExp(
  `${NOT_AFTER_WORD}(?:${ci('appartement')}|${ci('app')}\\.?|${ci('apt')}\\.?|${ci('unité')})\\s*#?\\s*\\d{1,5}[A-Za-z]?${NOT_BEFORE_WORD}`,
  'gu',
);

const POSTAL_CODE = new RegExp(
  `${NOT_AFTER_WORD}[ABCEGHJ-NPRSTVXY]\\d[ABCEGHJ-NPRSTV-Z][ \\-\\u00a0]?\\d[ABCEGHJ-NPRSTV-Z]\\d${NOT_BEFORE_WORD}`,
  'giu',
);

// ---- dates -----------------------------------------------------------------------------------------------

const E = '(?:[eé]|e\\u0301)';
const FR_MONTH = `(?:janvier|janv\\.?|f${E}vrier|f${E}vr?\\.?|mars|avril|avr\\.?|mai|juin|juillet|juil\\.?|ao(?:[uû]|u\\u0302)t|sept(?:embre|\\.)?|octobre|oct\\.?|novembre|nov\\.?|d${E}cembre|d${E}c\\.?)`;
const EN_MONTH =
  '(?:january|jan\\.?|february|feb\\.?|march|mar\\.?|april|apr\\.?|may|june|jun\\.?|july|jul\\.?|august|aug\\.?|september|sept?\\.?|october|oct\\.?|november|nov\\.?|december|dec\\.?)';
const DAY = '(?:1er|1re|[0-3]?\\d(?:st|nd|rd|th)?)';
const YEAR = '(?:19|20)\\d{2}';
const WORD_END = NOT_BEFORE_WORD;

const NUMERIC_DATE = new RegExp(
  `(?<![\\p{L}\\p{N}/.\\-])(?:` +
    `(\\d{1,2})([/.\\-])(\\d{1,2})\\2(${YEAR}|\\d{2})` +
    `|(${YEAR})([/.\\-])(\\d{1,2})\\6(\\d{1,2})` +
    `)(?![\\p{N}]|[/.\\-]\\d)`,
  'gu',
);
const WORD_DATE = new RegExp(
  `${NOT_AFTER_WORD}(?:(?:${DAY})\\s+(?:${FR_MONTH}|${EN_MONTH})${WORD_END}\\.?,?\\s+${YEAR}` +
    `|(?:${EN_MONTH}|${FR_MONTH})${WORD_END}\\.?\\s+${DAY},?\\s+${YEAR})${WORD_END}`,
  'giu',
);
const BIRTH_CUE =
  '(?:n[eé]e|n[eé]es|né|nés|n[eé]\\(e\\)|born|(?:date\\s+de\\s+)?naissance|date\\s+of\\s+birth|birth\\s?date|d\\.?o\\.?b\\.?|ddn|anniversaire|(?:sa|ta|ma|his|her)\\s+f[eê]te|birthday)';
// A day and a month without a year identify only when they are a birthday ("née le 3 mai").
const BIRTH_DAY_MONTH = new RegExp(
  `${NOT_AFTER_WORD}${BIRTH_CUE}${WORD_END}\\s*[:\\-]?\\s*(?:(?:le|on|the|est\\s+le|is)\\s+)?` +
    `(?:(?:${DAY})\\s+(?:${FR_MONTH}|${EN_MONTH})|(?:${EN_MONTH})\\s+${DAY})${WORD_END}(?:,?\\s+${YEAR}${WORD_END})?`,
  'giu',
);
// "DOB 12/03/09", "date de naissance : 2009": the value after an explicit field name, whatever its shape.
const BIRTH_FIELD = new RegExp(
  `${NOT_AFTER_WORD}(?:date\\s+de\\s+naissance|date\\s+of\\s+birth|birth\\s?date|d\\.o\\.b\\.?|dob|ddn)\\s*[:\\-]?\\s*` +
    `\\d[\\d/.\\- ]{1,9}\\d`,
  'giu',
);
const BIRTH_CUE_BEFORE = new RegExp(`${BIRTH_CUE}${WORD_END}[^.!?\\n]{0,25}$`, 'iu');

function validNumericDate(m: RegExpExecArray): boolean {
  const [day, month] = m[1] !== undefined ? [Number(m[1]), Number(m[3])] : [Number(m[8]), Number(m[7])];
  // Day-first (Québec) or month-first (American): either reading must be a real day.
  const ok = (d: number, mo: number) => d >= 1 && d <= 31 && mo >= 1 && mo <= 12;
  if (m[1] !== undefined && m[4]!.length === 2 && m[2] !== '/') return false;
  return ok(day, month) || (m[1] !== undefined && ok(month, day));
}

// ---- plates ----------------------------------------------------------------------------------------------

const PLATE = new RegExp(
  `${NOT_AFTER_WORD}(?:[A-Z]{3}[ \\-]?\\d{3}|\\d{3}[ \\-]?[A-Z]{3}|[A-Z]\\d{2}[ \\-]?[A-Z]{3}|F[ \\-]?\\d{6}|[A-Z]{2}\\d{5})${NOT_BEFORE_WORD}`,
  'gu',
);
const CUE_PLATE = new RegExp(
  `(${NOT_AFTER_WORD}(?:plaque|immatriculation|plate|licen[cs]e(?:\\s+plate)?)(?:\\s+(?:d['’]immatriculation|number|no\\.?|n°|#))?\\s*(?::|#|est|is)?\\s*)` +
    `((?=[A-Za-z0-9 \\-]*\\d)(?=[A-Za-z0-9 \\-]*[A-Za-z])[A-Za-z0-9]{2,4}[ \\-]?[A-Za-z0-9]{2,4})${NOT_BEFORE_WORD}`,
  'giu',
);

// ---- health card, social insurance and file numbers -----------------------------------------------------

// Québec health card (RAMQ): three letters of the surname, one of the given name, then YYMMDD (month + 50
// for women) and two digits — "TREJ 1103 0312", "TREJ11030312", "trej-1103-0312".
const HEALTH_NUMBER =
  /(?<![\p{L}\p{N}_])([A-Za-z]{4})[ -]?(\d{2})(\d{2})[ -]?(\d{2})(\d{2})(?![\p{L}\p{N}_])/gu;
const HEALTH_CUE_BEFORE =
  /(?:ramq|carte[\s-]+soleil|assurance[\s-]+maladie|health\s+(?:card|insurance|number)|\bnam\b|medicare)[^.!?\n]{0,20}$/iu;

function isHealthNumber(m: RegExpExecArray, text: string): boolean {
  const month = Number(m[3]);
  const day = Number(m[4]);
  // The digits start with a birth date (month + 50 for women): "POUR 2023 2024" is not a card.
  const birthLike = ((month >= 1 && month <= 12) || (month >= 51 && month <= 62)) && day >= 1 && day <= 31;
  return birthLike || HEALTH_CUE_BEFORE.test(text.slice(Math.max(0, m.index - 40), m.index));
}

// Social insurance number: nine digits, grouped 3-3-3 with one kind of separator or not at all; never an
// amount ("125 000 000 $"). After its cue (NAS, SIN, numéro d'assurance sociale) any grouping counts.
const ID_NUMBER =
  /(?<![\p{L}\p{N}.,\-/$])(?:\d{9}|\d{3}([ .-])\d{3}\1\d{3})(?![\p{N}]|[.,\-/]\d|\s?(?:\$|%|€|k\b|dollars?\b|millions?\b))/giu;
const CUE_ID_NUMBER = new RegExp(
  `(${NOT_AFTER_WORD}(?:NAS|N\\.A\\.S\\.?|SIN|S\\.I\\.N\\.?|(?:(?:num[ée]ro|no\\.?|n°)\\s+)?d['’]\\s*assurance[\\s-]+sociale|social\\s+insurance(?:\\s+(?:number|no\\.?))?)` +
    `${NOT_BEFORE_WORD}\\s*(?::|#|=|est|is)?\\s*)(\\d(?:[ .\\-]?\\d){8})(?!\\d)`,
  'giu',
);

// A file, case or event number after its cue: "dossier DPJ 2024-12345", "no de dossier : 123456",
// "case #4521", "file 2023-0456". A year alone ("le dossier 2024") or a span of years is not one.
const CASE_NUMBER = new RegExp(
  `(${NOT_AFTER_WORD}(?:dossiers?|DPJ|LPJ|file|case|r[ée]f[ée]rence|r[ée]f\\.?|[ée]v[ée]nement|incident|rapport|report|matricule)${NOT_BEFORE_WORD}` +
    `((?:\\s+(?:DPJ|LPJ|SPVM|SQ|GRC|RCMP|police|no\\.?|n°|n[ºo]|#|num[ée]ro|number|nb))*)\\s*(?::|#|=)?\\s*)` +
    `([A-Za-z0-9](?:[A-Za-z0-9]|[\\-/.](?=[A-Za-z0-9])){2,24})${NOT_BEFORE_WORD}`,
  'giu',
);

function isCaseNumber(m: RegExpExecArray): boolean {
  const token = m[3]!;
  const digits = token.replace(/\D/g, '').length;
  if (digits < 4) return false;
  if (/^(?:19|20)\d{2}$/.test(token) || /^(?:19|20)\d{2}[-/](?:(?:19|20)?\d{2})$/.test(token)) return false;
  const numbered = /#|\bno\b|n°|n[ºo]\b|num[ée]ro|number/iu.test(`${m[1]!}`);
  const strongCue = /^\s*(?:dossiers?|DPJ|LPJ)/iu.test(m[1]!);
  return digits >= 5 || /[A-Za-z\-/.]/.test(token) || numbered || strongCue;
}

// Discord's old-style tag: "jess#1234".
const DISCORD_TAG = /(?<![\p{L}\p{N}_.#@])@?(?=[\p{N}_.]*\p{L})[\p{L}\p{N}_.]{2,32}#\d{4}(?![\p{L}\p{N}_])/gu;

// ---- names -----------------------------------------------------------------------------------------------

// Common given names in Québec and Canada (French, English, and the communities of the region).
const FIRST_NAMES = `
Marie Anne Julie Isabelle Nathalie Sophie Catherine Chantal Chantale Sylvie Johanne Josée Manon Lucie Martine
Caroline Geneviève Mélanie Valérie Stéphanie Annie Karine Véronique Émilie Audrey Vanessa Jessica Amélie Kim
Camille Sarah Sara Laurence Léa Chloé Rosalie Florence Alice Emma Olivia Charlotte Zoé Béatrice Juliette Mia
Livia Maëlle Clara Noémie Océane Maude Alexia Alexandra Gabrielle Justine Marianne Mégane Megan Jade Maïka
Maya Éloïse Romy Mila Victoria Elizabeth Élisabeth Jasmine Laurie Sabrina Cynthia Mélissa Melissa Kimberly
Ariane Frédérique Daphnée Sandrine Roxanne Kassandra Cassandra Marilou Aurélie Annabelle Anaïs Léonie Mya
Lily Lili Ellie Abigaël Jeanne Louise Simone Margot Adèle Agathe Raphaëlle Nora Leila Layla Yasmine Yasmina
Fatima Aïcha Amina Sofia Sophia Naomie Naomi Ashley Jennifer Amanda Brittany Emily Hannah Madison Ava
Isabella Abigail Lauren Rachel Nicole Michelle Samantha Kayla Taylor Brianna Ginette Francine Diane Lise
Monique Denise Micheline Pierrette Claudette Huguette Thérèse Madeleine Danielle Hélène Carole Linda Lyne
Nancy Josiane Mireille Pascale Patricia Christine Sonia Marjorie Myriam Maryse Kathleen Kathy Cindy Natasha
Tanya Tania Guylaine Jacinthe Joanie Jessie Alexane Kenza Yara Nour Malak Inès Wendy Mirlande Nadège Esther
Fabiola Valentina Gabriela Daniela Camila Ana Maria Lucia Priya Anjali Mei Émy Emy Eva Éva Lola Clémence
Coralie Charlie Maélie Maéva Elena Héloïse Alicia Andréanne Anne-Sophie Kelly Jenny Katia Kelly-Ann Karelle
Maggie Meggie Mégan Noélie Ophélie Sabrina Tiffany Vicky Jordane Britney Kaylee Kayleigh Haley Hailey
Stella Luna Léanne Maïa Laïla Inaya Aya Salma Rania Sarah-Maude Amira Mariam Myriam Dalia Nadia Samira
Rosalie Anaé Alyssa Ariel Audrey-Anne Laurianne Josiane Josianne Evelyne Évelyne Marilyn Marilyne Mylène
Nadine Natalie Jocelyne Suzanne Sylviane Lorraine Louisette Gisèle Murielle Yolande Rachelle Mariette
Jean Pierre Michel André Jacques Claude Robert Daniel Richard Alain Luc Marc Normand Denis Gilles Réjean Serge
Mario Sylvain Stéphane Martin Éric Eric François Patrick Sébastien Mathieu Matthieu Maxime Alexandre Simon
Jonathan David Nicolas Philippe Vincent Olivier Samuel Gabriel Antoine Guillaume Louis Félix William Thomas
Nathan Jacob Raphaël Liam Noah Léo Charles Émile Édouard Arthur Jules Hugo Zack Zachary Xavier Benjamin Logan
Adam Loïc Justin Kevin Kévin Jérémy Jérémie Jérôme Dominic Dominique Francis Frédéric Yannick Steve Steven
Carl Christian Christopher Bruno Benoît Yves Guy Marcel Roger Raymond Gaétan Gaston Fernand Lucien Paul Yvon
Ghislain Rémi Rémy Hugues Mathis Matis Théo Tristan Lucas Ethan Éthan Alexis Anthony Dylan Jayden Cédric
Jordan Mickaël Michael Michaël Jason Tommy Jimmy Danny Bobby Johnny Joël Joey Josué Loïk Elliot Éloi Malik
Mohamed Mohammed Muhammad Mohammad Ahmed Ali Omar Youssef Karim Amir Ibrahim Hamza Rayan Ryan Ilyes Mehdi
Samir Nabil Walid Yassine Bilal James John Joseph Matthew Andrew Joshua Tyler Brandon Owen Connor Brian
Jeffrey Scott Gregory Sean Shawn Aiden Carter Hunter Cole Mason Jackson Jack Wyatt Alexander Henry Oliver
Theodore Emmanuel Ricardo Carlos Juan Luis José Diego Miguel Alejandro Raj Arjun Wei Minh Kwame Mamadou
Moussa Ousmane Ibrahima Abdoulaye Fabrice Stanley Ricky Kenny Tony Ronald Gérald Gérard Réal Roch Rosaire
Laurent Julien Damien Adrien Florian Bastien Quentin Thierry Benoit Jean-Luc Keven Kenzo Nolan Milan Malcolm
Mathéo Timothé Timothée Zachari Jaden Jayson Jeremy Jérémi Jonathan Jonah Isaac Elijah Levi Caleb Eli
Christophe Cédrick Frédérick Patrice Pascal Sylvio Mathias Marius Victor Albert Alfred Henri Georges Émilien
Wilson Wilfried Jean-Baptiste Jameson Junior Samy Sami Yanis Anas Adil Driss Rachid Hakim Nassim Sofiane
Kaïs Jérôme Nelson Frantz Ralph Ronaldo Jacky Jocelyn Lucien Ludovic Marco Mathew Nico Patrick Phil
Raphael Renaud Robin Rodrigue Sacha Sasha Simon-Pierre Tom Tommy-Lee Ulysse Valentin William-James Zakary
`;
// Given names that are also ordinary words, months or places: a name only next to a surname or a title.
const AMBIGUOUS_FIRST_NAMES = `
Rose Claire France Aurore Avril April May June Will Mark Bill Art Pat Sue Hope Grace Faith Joy Olive Blanche
Victoire Constance Prudence Désirée Lune Soleil Ange Angel Céleste Violette Iris Max Noël Noel Ève Eve Line
Summer Autumn Dawn Sky Star Crystal Amber Ruby Pearl Daisy Lily-Rose Bonnie Jordan Dakota Regis Gay Aimé
Aimée Innocent Fidèle Modeste Clément Vivien Honoré Parfait Félicité Espérance
`;
const words = (list: string) => list.split(/\s+/).filter((w) => w.length > 0);
const FIRST = new Set(words(FIRST_NAMES).map(fold));
const AMBIGUOUS = new Set(words(AMBIGUOUS_FIRST_NAMES).map(fold));
for (const w of AMBIGUOUS) FIRST.delete(w);
const FIRST_OR_AMBIGUOUS = new Set([...FIRST, ...AMBIGUOUS]);

// Capitalised words that are never a surname after a first name nor a person after "M." / "Madame".
const NOT_A_NAME = new Set(
  words(`
le la les un une des du de d l au aux et ou mais puis donc car ni or si que qui quand lorsque lors selon depuis
après apres avant pendant ensuite alors aussi même meme tout toute tous toutes elle elles il ils on nous vous je
j tu sa son ses leur leurs ce cet cette ces mon ma mes ton ta tes notre votre y en ne pas plus très tres
she he they we you i it the a an and or but then when while since after before during also his her their its
this that these those my our your one
lundi mardi mercredi jeudi vendredi samedi dimanche monday tuesday wednesday thursday friday saturday sunday
janvier février fevrier mars avril mai juin juillet août aout septembre octobre novembre décembre decembre
january february march april may june july august september october november december
centre center maison école ecole collège college cégep cegep polyvalente secondaire primaire université
universite hôpital hopital clinique clsc cisss ciusss dpj lpj spvm sq grc rcmp police policier policière
sûreté surete service services ville municipalité municipalite région region parc station métro metro gare
terminus rue boulevard avenue chemin route place pavillon foyer refuge auberge ressource organisme table
comité comite tribunal cour court palais justice cavac ivac crime crimes direction protection jeunesse
santé sante urgence urgences pharmacie hôtel hotel motel bar club restaurant dépanneur depanneur église
eglise mosquée mosquee temple synagogue communauté communaute école-secondaire groupe programme projet
pivot pivots signalement signalements alerte alertes fugue fugues consultation consultations partenaire
partenaires intervenant intervenante intervenants intervenantes intervenant·e travailleur travailleuse
éducateur éducatrice educateur educatrice enquêteur enquêtrice enqueteur enquetrice agent agente sergent
sergente détective detective inspecteur inspectrice juge procureur procureure avocat avocate docteur
docteure infirmier infirmière infirmiere psychologue psychoéducateur psychoéducatrice tsa ts
canada québec quebec montréal montreal laval longueuil gatineau sherbrooke ontario saint sainte st ste
instagram snapchat snap tiktok facebook messenger discord telegram kik twitter onlyfans whatsapp google
uber taxi stm bixi
`).map(fold),
);
// A capitalised word just before a name that makes it the name of a place or an institution.
const INSTITUTION_BEFORE = new Set(
  words(`
école ecole collège college cégep cegep polyvalente secondaire primaire université universite pavillon
centre center maison hôpital hopital clinique station métro metro gare parc rue boulevard boul avenue av
chemin route place pont saint sainte st ste san santa aréna arena bibliothèque bibliotheque aréna piscine église eglise paroisse fondation
foyer résidence residence manoir carrefour galeries promenades complexe habitations
`).map(fold),
);

const TITLES = `(?:M\\.|Mmes?\\.?|Mlle\\.?|Madame|Monsieur|Mademoiselle|Mr\\.?|Mrs\\.?|Ms\\.?|Miss|Dr\\.?|Dre\\.?|Me)`;
const TITLE_NAME = new RegExp(
  `(${NOT_AFTER_WORD}${TITLES}\\s+)(${CAP_WORD}(?:\\s+${CAP_WORD})?)${NOT_BEFORE_WORD}`,
  'gu',
);
const TOKEN = /[\p{L}][\p{L}\p{M}'’-]*[\p{L}\p{M}]|[\p{L}]/gu;

interface Token {
  text: string;
  start: number;
  end: number;
}

function isCapitalised(word: string): boolean {
  const first = word[0]!;
  return first !== first.toLowerCase() && first === first.toUpperCase();
}

function isFirstName(word: string, set: Set<string>): boolean {
  const parts = fold(word)
    .split(/[-'’]/)
    .filter((p) => p.length > 0);
  return parts.length > 0 && parts.every((p) => set.has(p));
}

function looksLikeSurname(token: Token | undefined, gap: string): boolean {
  if (token === undefined || !/^[ \u00a0]{1,2}$/.test(gap)) return false;
  return isCapitalised(token.text) && token.text.length > 1 && !NOT_A_NAME.has(fold(token.text));
}

function findNames(text: string, out: Candidate[]): void {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(text); m !== null; m = TOKEN.exec(text)) {
    tokens.push({ text: m[0], start: m.index, end: m.index + m[0].length });
  }
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (!isCapitalised(token.text)) continue;
    // "Marie-Ève", "Lily-Rose": a compound is plainly a name when it starts with an unambiguous one.
    const plain =
      isFirstName(token.text, FIRST_OR_AMBIGUOUS) && FIRST.has(fold(token.text).split(/[-'’]/)[0]!);
    const ambiguous = !plain && isFirstName(token.text, FIRST_OR_AMBIGUOUS);
    if (!plain && !ambiguous) continue;
    // "École Marie-Victorin", "station Jean-Talon": a place named after someone, not a person.
    const before = tokens.slice(Math.max(0, i - 2), i);
    const joined = before.length > 0 ? text.slice(before[0]!.start, token.start) : '';
    if (before.some((t) => INSTITUTION_BEFORE.has(fold(t.text))) && /^[\p{L}\p{M}'’.\s-]*$/u.test(joined))
      continue;
    const next = tokens[i + 1];
    const hasSurname = looksLikeSurname(next, next ? text.slice(token.end, next.start) : '');
    if (ambiguous && !hasSurname) continue;
    let end = hasSurname ? next!.end : token.end;
    // "Jade T." — an initial after the name.
    const initial = /^[ \u00a0]\p{Lu}\./u.exec(text.slice(end, end + 3));
    if (initial) end += initial[0].length;
    out.push({ kind: 'name', start: token.start, end });
    if (hasSurname) i++;
  }
}

// A name introduced by a cue counts whatever its case: "elle s'appelle jessica tremblay", "il se nomme
// kevin", "her name is jess", "prénommée léa". The one or two words right after the cue are taken.
const NAME_CUE = new RegExp(
  `${NOT_AFTER_WORD}(?:` +
    // Cues that name a person whatever comes before them.
    `(pr[ée]nomm[ée]e?s?|de\\s+son\\s+pr[ée]nom` +
    `|(?:son|sa|leur)\\s+(?:vrai\\s+)?(?:pr[ée]nom|nom)\\s+(?:est|c['’]est|serait|[ée]tait)` +
    `|(?:pr[ée]nom|nom(?:\\s+de\\s+famille)?)\\s*:` +
    `|(?:her|his|their|whose|my)\\s+(?:first\\s+|last\\s+|real\\s+|full\\s+)?name(?:\\s+(?:is|was)|['’]s)` +
    `|(?:first|last|full)\\s+name\\s*:)` +
    // Cues that also name a method or a place ("la méthode s'appelle loverboy"): only after a person.
    `|(s['’]?\\s*appel(?:le|lait|lerait)|se\\s+(?:nomm|pr[ée]nomm)(?:e|ait)` +
    `|se\\s+fai(?:t|sait)\\s+appeler|surnomm[ée]e?s?|goes\\s+by|nicknamed|named)` +
    `)(?![\\p{L}\\p{M}\\p{N}_])[ \\u00a0]*:?[ \\u00a0]*`,
  'giu',
);
// Who can be the subject of "s'appelle" / "named": a personal pronoun or a word for a person.
const PERSON_WORDS = new Set(
  words(`
il ils elle elles iel iels je j tu he she they i jeune jeunes fille filles gars garçon garçons homme hommes femme
femmes chum blonde ami amie amis amies copain copine copains copines cousin cousine cousins cousines frère sœur
soeur mère père ado ados adolescent adolescente adolescents adolescentes victime victimes suspect suspecte
proxénète proxenete pimp client clients cliente mineur mineure mineurs mineures enfant enfants fils bébé bebe
conjoint conjointe oncle tante voisin voisine coloc colocataire recruteur recruteuse agresseur agresseure
individu dame type mec monsieur madame élève eleve étudiant étudiante man men woman women girl girls boy boys
guy guys kid kids teen teens teenager youth friend boyfriend girlfriend brother sister mother father mom dad
uncle aunt daughter son child person neighbour neighbor roommate recruiter victim student
`).map(fold),
);

function afterPerson(text: string, cueStart: number): boolean {
  const before =
    text
      .slice(Math.max(0, cueStart - 60), cueStart)
      .split(/[.!?;\n]/)
      .at(-1) ?? '';
  const previous = before.match(/\p{L}[\p{L}\p{M}]*/gu) ?? [];
  return previous.slice(-4).some((w) => PERSON_WORDS.has(fold(w)));
}

const CUED_WORD = /\p{L}[\p{L}\p{M}'’-]*[\p{L}\p{M}]/uy;
// Words after a cue that are not a name: "comment il s'appelle vraiment", "named after", "se fait appeler le boss".
const NOT_A_CUED_NAME = new Set(
  words(`
comme pareil pareille vraiment reellement peut-etre probablement surement apparemment supposement soi-disant
officiellement actuellement maintenant aujourd'hui encore toujours deja egalement ainsi autrement differemment
pas plus jamais rien personne quoi comment non oui lui eux moi toi soi leur quelque quelqu'un chose
like really actually apparently probably maybe perhaps not never unknown inconnu inconnue unclear something
anything nothing nobody after as in by for on to of from with at is was be because about him them me what who
how why so still just only simply differently sur dans chez par pour avec sans en de à a
souvent parfois bien mal plutot entre eux-memes elles-memes lui-meme elle-meme victime victimes
often rarely sometimes usually always themselves himself herself victim victims
`).map(fold),
);

function findCuedNames(text: string, out: Candidate[]): void {
  NAME_CUE.lastIndex = 0;
  for (let m = NAME_CUE.exec(text); m !== null; m = NAME_CUE.exec(text)) {
    if (m[1] === undefined && !afterPerson(text, m.index)) continue;
    const at = m.index + m[0].length;
    const first = wordAt(text, at);
    if (first === null) continue;
    let end = at + first.length;
    // A surname follows a known given name or is capitalised: "jessica tremblay", not "bob picks".
    const second = /^[ \u00a0]/.test(text.slice(end, end + 1)) ? wordAt(text, end + 1) : null;
    if (second !== null && (isFirstName(first, FIRST_OR_AMBIGUOUS) || isCapitalised(second)))
      end += 1 + second.length;
    out.push({ kind: 'name', start: at, end });
    NAME_CUE.lastIndex = Math.max(NAME_CUE.lastIndex, end);
  }
}

/** The word at `at` when it may be a name: letters only, not a function word, an adverb or a role. */
function wordAt(text: string, at: number): string | null {
  CUED_WORD.lastIndex = at;
  const m = CUED_WORD.exec(text);
  if (m === null) return null;
  const word = m[0];
  const head = fold(word.split(/['’]/)[0]!);
  if (NOT_A_NAME.has(fold(word)) || NOT_A_CUED_NAME.has(fold(word))) return null;
  // "se nomme rarement", "s'appelle autrement": a French adverb, unless written as a name.
  if (/ment$/u.test(fold(word)) && !isCapitalised(word)) return null;
  if (/['’]/.test(word) && (NOT_A_NAME.has(head) || NOT_A_CUED_NAME.has(head))) return null;
  return word;
}

// ---- assembly --------------------------------------------------------------------------------------------

function collect(text: string): Candidate[] {
  const found: Candidate[] = [];
  scan(text, PROFILE, 'url_profile', found);
  scan(text, EMAIL, 'email', found);
  scan(text, PHONE, (m) => (isTollFree(m[0]) ? null : 'phone'), found);
  scan(text, LOCAL_PHONE, 'phone', found);
  scan(text, POSTAL_CODE, 'postal_code', found);
  scan(text, BIRTH_FIELD, 'date_of_birth', found);
  scan(text, BIRTH_DAY_MONTH, 'date_of_birth', found);
  const dateKind = (m: RegExpExecArray): IdentifierKind =>
    BIRTH_CUE_BEFORE.test(text.slice(Math.max(0, m.index - 40), m.index)) ? 'date_of_birth' : 'date';
  scan(text, NUMERIC_DATE, (m) => (validNumericDate(m) ? dateKind(m) : null), found);
  scan(text, WORD_DATE, dateKind, found);
  scan(text, HEALTH_NUMBER, (m) => (isHealthNumber(m, text) ? 'health_number' : null), found);
  scan(text, CUE_ID_NUMBER, 'id_number', found, (m) => m[1]!.length);
  scan(text, ID_NUMBER, 'id_number', found);
  scan(
    text,
    CASE_NUMBER,
    (m) => (isCaseNumber(m) ? 'case_number' : null),
    found,
    (m) => m[1]!.length,
  );
  scan(text, FR_ADDRESS, 'address', found);
  scan(text, EN_ADDRESS, 'address', found);
  scan(text, UNIT_ALONE, 'address', found);
  scan(text, AT_HANDLE, 'handle', found);
  scan(text, DISCORD_TAG, 'handle', found);
  scan(text, CUE_HANDLE, 'handle', found, (m) => m[1]!.length);
  scan(text, LOOSE_HANDLE, 'handle', found, (m) => m[1]!.length);
  scan(text, CUE_PLATE, 'plate', found, (m) => m[1]!.length);
  scan(text, PLATE, 'plate', found);
  scan(text, TITLE_NAME, (m) => (NOT_A_NAME.has(fold(m[2]!.split(/\s+/)[0]!)) ? null : 'name'), found);
  findNames(text, found);
  findCuedNames(text, found);
  return found;
}

// ---- normalisation ---------------------------------------------------------------------------------------

/** The text the detectors read, and for each of its UTF-16 units the span of the original it comes from. */
interface Normalised {
  text: string;
  from: number[];
  to: number[];
}

// A base character with its combining marks, or marks with no base: normalised as one piece.
const SEGMENT = /\P{M}\p{M}*|\p{M}+/gsu;
// Invisible characters slipped inside a number or a word: zero-width spaces and joiners, soft hyphen, BOM.
const INVISIBLE = /[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/gu;
// Hyphens are always "-"; the other dashes only against a digit, so "Jade—sa cousine" keeps "Jade" whole.
const HYPHEN = /^[\u2010\u2011]$/u;
const DASH = /^[\u2012-\u2015\u2212\ufe58\ufe63\uff0d]$/u;
// "8 1 9 5 5 5 0 1 9 9": seven or more lone digits with one space between them are read as one number.
const SPACED_DIGITS = /(?<![\p{L}\p{N}])\d(?: \d){6,}(?![\p{L}\p{N}])/gu;

/**
 * NFKC per character (full-width digits, ligatures, unusual spaces), dashes to "-", invisible characters
 * removed and spaced-out digits joined, keeping where each unit came from so findings point into the
 * original text.
 */
function normalise(original: string): Normalised {
  const pieces: Array<{ text: string; start: number; end: number }> = [];
  SEGMENT.lastIndex = 0;
  for (let m = SEGMENT.exec(original); m !== null; m = SEGMENT.exec(original)) {
    const visible = m[0].replace(INVISIBLE, '');
    if (visible.length === 0) continue;
    pieces.push({ text: visible.normalize('NFKC'), start: m.index, end: m.index + m[0].length });
  }
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i]!;
    if (HYPHEN.test(piece.text)) piece.text = '-';
    else if (
      DASH.test(piece.text) &&
      (/\d$/.test(pieces[i - 1]?.text ?? '') || /^\d/.test(pieces[i + 1]?.text ?? ''))
    )
      piece.text = '-';
  }
  let text = '';
  const from: number[] = [];
  const to: number[] = [];
  for (const piece of pieces) {
    text += piece.text;
    for (let k = 0; k < piece.text.length; k++) {
      from.push(piece.start);
      to.push(piece.end);
    }
  }
  if (!/\d \d/.test(text)) return { text, from, to };
  // Drop the spaces inside runs of spaced-out digits, and their positions with them.
  const drop = new Set<number>();
  SPACED_DIGITS.lastIndex = 0;
  for (let m = SPACED_DIGITS.exec(text); m !== null; m = SPACED_DIGITS.exec(text)) {
    for (let k = m.index + 1; k < m.index + m[0].length; k += 2) drop.add(k);
  }
  if (drop.size === 0) return { text, from, to };
  let joined = '';
  const joinedFrom: number[] = [];
  const joinedTo: number[] = [];
  for (let k = 0; k < text.length; k++) {
    if (drop.has(k)) continue;
    joined += text[k];
    joinedFrom.push(from[k]!);
    joinedTo.push(to[k]!);
  }
  return { text: joined, from: joinedFrom, to: joinedTo };
}

/**
 * Everything in `text` that looks like it identifies a person, in reading order, without overlaps.
 * Pure and synchronous: the same answer in the browser and on the server. An empty array means the
 * checker saw nothing, not that the text is anonymous (see the module comment for what it misses).
 * The detectors read a normalised copy (see `normalise`); offsets and excerpts are the original text's.
 */
export function findIdentifiers(text: string): IdentifierFinding[] {
  const normalised = normalise(text);
  const rank = (k: IdentifierKind) => PRIORITY.indexOf(k);
  const candidates = collect(normalised.text).sort(
    (a, b) => rank(a.kind) - rank(b.kind) || b.end - b.start - (a.end - a.start) || a.start - b.start,
  );
  const kept: Candidate[] = [];
  for (const c of candidates) {
    if (kept.every((k) => c.end <= k.start || c.start >= k.end)) kept.push(c);
  }
  const findings: IdentifierFinding[] = [];
  for (const c of kept.sort((a, b) => a.start - b.start)) {
    // Two findings may end and start inside one character that normalised to several ("…" to "...").
    const start = Math.max(normalised.from[c.start]!, findings.at(-1)?.end ?? 0);
    const end = normalised.to[c.end - 1]!;
    if (end > start) findings.push({ kind: c.kind, start, end, excerpt: text.slice(start, end) });
  }
  return findings;
}

/** True when the checker finds anything: the server refuses such a text. */
export function containsIdentifiers(text: string): boolean {
  return findIdentifiers(text).length > 0;
}

/** The kinds found, sorted and without repeats: the only part of a finding that may be logged or returned in an error. */
export function identifierKinds(findings: readonly IdentifierFinding[]): IdentifierKind[] {
  const present = new Set(findings.map((f) => f.kind));
  return IDENTIFIER_KINDS.filter((k) => present.has(k));
}
